"""Enrolment: by oneself (back end and portal), made mandatory, and the briefing."""

import base64
from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MentoringCase


class EnrollmentCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.open_program = cls._open_program(
            enrollment_deadline=fields.Date.today() + timedelta(days=10),
            topic_ids=[Command.set(cls.topic.ids)],
        )

    def _upload(self, user, name):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(b"Guidelines"),
                    "res_model": "mentoring.program",
                    "res_id": 0,
                }
            )
        )

    def _participations(self, employee, program=None):
        return self.env["mentoring.participant"].search(
            [
                ("program_id", "=", (program or self.open_program).id),
                ("employee_id", "=", employee.id),
            ]
        )


class TestSelfEnrollment(EnrollmentCase):
    def _enrol_as(self, user, role="mentee", program=None):
        wizard = (
            self.env["mentoring.self.enrollment"]
            .with_user(user)
            .with_context(default_program_id=(program or self.open_program).id)
            .create(
                {
                    "role": role,
                    "topic_ids": [Command.set(self.topic.ids)],
                    "motivation": "I want to understand TikTok",
                }
            )
        )
        return wizard.action_enroll()

    def test_an_employee_enrols_and_a_coordinator_confirms(self):
        program = self.open_program.with_user(self.other_user)
        self.assertEqual(program.name, "Digital Next", "open programs are announced")
        self._enrol_as(self.other_user)
        participant = self._participations(self.other)
        self.assertEqual(participant.state, "draft")
        self.assertEqual(participant.role, "mentee")
        self.assertEqual(participant.topic_ids, self.topic)
        self.assertEqual(participant.motivation, "I want to understand TikTok")
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "mentoring.program"),
                ("res_id", "=", self.open_program.id),
                ("message_type", "=", "user_notification"),
            ],
            limit=1,
        )
        self.assertIn("Otto Other", notice.body)
        self.assertIn(self.coordinator.partner_id, notice.partner_ids)
        self.assertFalse(
            self.open_program.message_ids.filtered(
                lambda m: "Otto Other" in (m.body or "")
            )
        )
        participant.with_user(self.coordinator).action_confirm()
        self.assertEqual(participant.state, "confirmed")

    def test_only_the_program_topics_are_offered(self):
        wizard = (
            self.env["mentoring.self.enrollment"]
            .with_user(self.other_user)
            .with_context(default_program_id=self.open_program.id)
            .create({"role": "mentee"})
        )
        self.assertEqual(wizard.available_topic_ids, self.topic)
        self.open_program.topic_ids = False
        wizard.invalidate_recordset(["available_topic_ids"])
        self.assertEqual(
            wizard.available_topic_ids, self.env["mentoring.topic"].search([])
        )

    def test_one_enrolment_per_role(self):
        self._enrol_as(self.other_user)
        with self.assertRaisesRegex(UserError, "already enrolled in Digital Next"):
            self._enrol_as(self.other_user)
        self._enrol_as(self.other_user, role="mentor")
        self.assertEqual(
            sorted(self._participations(self.other).mapped("role")),
            ["mentee", "mentor"],
        )

    def test_closed_programs_take_no_enrolment(self):
        self.open_program.enrollment_deadline = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "does not take enrolments now"):
            self._enrol_as(self.other_user)
        # A running program is not even visible to those outside it.
        with self.assertRaises(AccessError):
            self._enrol_as(self.other_user, program=self.program)
        self.assertFalse(self._participations(self.other))
        with self.assertRaises(AccessError):
            self.open_program.with_user(self.other_user).state = "enrollment"

    def test_a_user_without_employee_cannot_enrol(self):
        loner = self._user("rm_loner")
        with self.assertRaisesRegex(UserError, "not linked to an employee"):
            self._enrol_as(loner)
        self.assertFalse(self.open_program.participant_ids)

    def test_programs_of_other_companies_stay_hidden(self):
        self.open_program.company_id = self.other_company
        self.assertFalse(
            self.env["mentoring.program"]
            .with_user(self.other_user)
            .search([("id", "=", self.open_program.id)])
        )


class TestMandatoryEnrollment(EnrollmentCase):
    def _wizard(self, user, domain=None):
        vals = {"employee_domain": domain} if domain else {}
        return (
            self.env["mentoring.mandatory.enrollment"]
            .with_user(user)
            .with_context(default_program_id=self.open_program.id)
            .create(vals)
        )

    def test_managers_become_mentees_and_are_told(self):
        self._enrol(self.mentee, "mentee", self.open_program, state="draft")
        domain = f"[('id', 'in', {[self.ceo.id, self.mentee.id]})]"
        wizard = self._wizard(self.coordinator, domain)
        self.assertEqual(wizard.employee_ids, self.ceo | self.mentee)
        wizard.action_enroll()
        ceo = self._participations(self.ceo)
        self.assertEqual(ceo.role, "mentee")
        self.assertEqual(ceo.state, "confirmed")
        self.assertTrue(ceo.mandatory)
        told = ceo.message_ids[:1]
        self.assertIn("Digital Next", told.body)
        self.assertEqual(told.partner_ids, self.ceo.work_contact_id)
        # Already enrolled as mentee: left as it was.
        hans = self._participations(self.mentee)
        self.assertEqual(hans.state, "draft")
        self.assertFalse(hans.mandatory)
        count = len(self.open_program.participant_ids)
        self._wizard(self.coordinator, domain).action_enroll()
        self.assertEqual(len(self.open_program.participant_ids), count)

    def test_managers_filter_by_default(self):
        wizard = self._wizard(self.coordinator)
        self.assertIn(self.ceo, wizard.employee_ids)
        self.assertNotIn(self.other, wizard.employee_ids)

    def test_program_members_and_closed_programs_are_left_alone(self):
        self._enrol(self.other, "mentor", self.open_program)
        self._wizard(
            self.coordinator, f"[('id', '=', {self.other.id})]"
        ).action_enroll()
        self.assertEqual(self._participations(self.other).role, "mentor")
        self.open_program.state = "closed"
        with self.assertRaisesRegex(UserError, "open for enrolment or running"):
            self._wizard(self.coordinator, "[]").action_enroll()
        self.assertFalse(self._participations(self.ceo))

    def test_a_broken_filter_is_refused_clearly(self):
        for typed in ("[('user_id', '=', uid)]", "1", "[("):
            with self.subTest(typed=typed):
                with self.assertRaisesRegex(UserError, "not a valid domain"):
                    self._wizard(self.coordinator, typed).employee_ids  # noqa: B018

    def test_only_coordinators_make_it_mandatory(self):
        with self.assertRaises(AccessError):
            self._wizard(self.other_user).action_enroll()
        self.assertFalse(self._participations(self.ceo))


class TestBriefing(EnrollmentCase):
    def test_the_briefing_is_the_coordinators_file(self):
        """Members download their role's briefing from the portal only."""
        guide = self._upload(self.coordinator, "Mentor guide.pdf")
        self.program.with_user(self.coordinator).mentor_briefing_ids = [
            Command.link(guide.id)
        ]
        self.assertRecordValues(
            guide,
            [
                {
                    "res_model": "mentoring.program",
                    "res_id": self.program.id,
                    "res_field": "mentor_briefing_ids",
                    "access_token": False,
                }
            ],
        )
        program = self.program.with_user(self.coordinator)
        self.assertEqual(program.mentor_briefing_ids.datas, guide.datas)
        for user in (self.mentor_user, self.mentee_user, self.other_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.program.with_user(user).read(["mentor_briefing_ids"])
                with self.assertRaises(AccessError):
                    guide.with_user(user).datas  # noqa: B018


@tagged("post_install", "-at_install")
class TestPortalEnrollment(EnrollmentCase, HttpCase):
    def _post(self, url, data):
        data = {**data, "csrf_token": http.Request.csrf_token(self)}
        return self.opener.post(
            self.base_url() + url, data=data, allow_redirects=False, timeout=30
        )

    def test_an_employee_enrols_from_the_portal(self):
        self.authenticate(self.other_user.login, self.other_user.login)
        page = self.url_open("/my/mentoring").text
        self.assertIn("Digital Next", page)
        self.assertNotIn(f'data-program-id="{self.program.id}"', page)
        response = self._post(
            f"/my/mentoring/program/{self.open_program.id}/enroll",
            {
                "role": "mentor",
                # A topic the program does not offer and a missing one are dropped.
                "topic_ids": [
                    str(self.topic.id),
                    str(self.env.ref("reverse_mentoring.topic_ai_tools").id),
                    "999999",
                ],
                "motivation": "Hi",
            },
        )
        self.assertEqual(response.status_code, 303)
        page = self.url_open("/my/mentoring").text
        self.assertIn("a coordinator will confirm it", page)
        self.assertIn("o_mentoring_enrolment", page)
        participant = self._participations(self.other)
        self.assertEqual(participant.role, "mentor")
        self.assertEqual(participant.state, "draft")
        self.assertEqual(participant.topic_ids, self.topic)

    def test_the_home_card_leads_to_open_programs(self):
        self.authenticate(self.other_user.login, self.other_user.login)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["mentoring_tandem_count"]}
        )
        self.assertEqual(counters["mentoring_tandem_count"], 1)
        self.open_program.state = "running"
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["mentoring_tandem_count"]}
        )
        self.assertEqual(counters["mentoring_tandem_count"], 0)

    def test_refusals(self):
        self.authenticate(self.other_user.login, self.other_user.login)
        response = self._post(
            f"/my/mentoring/program/{self.open_program.id}/enroll",
            {"role": "mentee", "topic_ids": ["\u00b2", "9" * 5000, str(2**40)]},
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self._participations(self.other).topic_ids)
        self._participations(self.other).unlink()
        response = self._post(
            f"/my/mentoring/program/{self.open_program.id}/enroll", {"role": "boss"}
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("mentor or as mentee", self.url_open("/my/mentoring").text)
        for program_id in (self.program.id, self.open_program.id + 1000):
            with self.subTest(program_id=program_id):
                response = self._post(
                    f"/my/mentoring/program/{program_id}/enroll", {"role": "mentee"}
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(self._participations(self.other))
        self.assertFalse(self._participations(self.other, self.program))

    def test_briefing_by_role_for_portal_mentors(self):
        guide = self._upload(self.coordinator, "Mentor guide.pdf")
        self.program.mentor_briefing_ids = [Command.link(guide.id)]
        portal_user = new_test_user(
            self.env, login="rm_portal_reader", groups="base.group_portal"
        )
        self.mentor.user_id = portal_user
        self.authenticate(portal_user.login, portal_user.login)
        page = self.url_open(f"/my/mentoring/tandem/{self.tandem.id}").text
        self.assertIn("Mentor guide.pdf", page)
        link = f"/my/mentoring/tandem/{self.tandem.id}/briefing/{guide.id}"
        self.assertIn(link, page)
        self.assertEqual(self.url_open(link).content, b"Guidelines")
        self.assertIn(self.url_open(f"/web/content/{guide.id}").status_code, (403, 404))
        self.authenticate(self.mentee_user.login, self.mentee_user.login)
        page = self.url_open(f"/my/mentoring/tandem/{self.tandem.id}").text
        self.assertNotIn("Mentor guide.pdf", page)
