"""Issue 21, the second security pass: each way in, tried by the role that would.

Each test logs in as that role, over the ORM and (where the web client or an
RPC client would go) over JSON-RPC, and checks the refusal and that nothing
changed or leaked.
"""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase

from .common import COORDINATOR_GROUPS
from .test_personal_data import PersonalDataCase

# The context key the calendar sync once trusted: a client can send anything.
FORGED = {"mentoring_calendar_sync": True}


class TrustCase(PersonalDataCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey_manager = cls._user(
            "rm_trust_survey", "base.group_user,survey.group_survey_manager"
        )
        cls.second_coordinator = cls._user("rm_trust_coordinator", COORDINATOR_GROUPS)

    def _rpc(self, user, model, method, args, context=None, **kwargs):
        """JSON-RPC `call_kw` as the web client sends it, logged in as `user`."""
        self.authenticate(user.login, user.login)
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {**kwargs, "context": context or {}},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def assertRpcRefused(self, answer, error="AccessError"):
        self.assertIn("error", answer, answer)
        self.assertEqual(
            answer["error"]["data"]["name"], f"odoo.exceptions.{error}", answer
        )

    def _nobody_finds(self, record, users, field):
        for user in users:
            with self.subTest(user=user.login):
                model = record.with_user(user)
                domain = [("id", "=", record.id)]
                with self.assertRaises(AccessError):
                    model.read([field])
                if not model.browse().has_access("read"):
                    # Not even the model: searching it is refused too.
                    with self.assertRaises(AccessError):
                        model.search_read(domain, [field])
                    continue
                self.assertFalse(model.search_read(domain, [field]))
                groups = model.read_group(domain, ["__count"], [])
                self.assertEqual(groups[0]["__count"] if groups else 0, 0)


class TestWizardRecords(TrustCase):
    """Way 1: a wizard's record is its creator's, within the role that opens it."""

    def test_a_new_partner_request_is_the_members_alone(self):
        request = (
            self.env["mentoring.tandem.request"]
            .with_user(self.mentee_user)
            .create(
                {
                    "tandem_id": self.tandem.id,
                    "kind": "new_partner",
                    "reason": "Mia never listens",
                }
            )
        )
        messages = len(self.tandem.message_ids)
        outsiders = (
            self.mentor_user,
            self.other_user,
            self.hr_officer,
            self.survey_officer,
            self.survey_manager,
            self.coordinator,
            self.foreign_coordinator,
        )
        self._nobody_finds(request, outsiders, "reason")
        for user in outsiders:
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    request.with_user(user).write({"share_reason": True})
                with self.assertRaises(AccessError):
                    request.with_user(user).action_confirm()
        # The partner over JSON-RPC, as the web client would ask.
        answer = self._rpc(
            self.mentor_user,
            "mentoring.tandem.request",
            "search_read",
            [[("id", "=", request.id)], ["reason"]],
        )
        self.assertEqual(answer["result"], [])
        self.assertRpcRefused(
            self._rpc(
                self.mentor_user,
                "mentoring.tandem.request",
                "write",
                [[request.id], {"share_reason": True}],
            )
        )
        self.assertRpcRefused(
            self._rpc(
                self.mentor_user,
                "mentoring.tandem.request",
                "action_confirm",
                [[request.id]],
            )
        )
        request.invalidate_recordset()
        self.assertFalse(request.share_reason)
        self.assertEqual(request.reason, "Mia never listens")
        self.assertEqual(len(self.tandem.message_ids), messages)
        self.assertNotIn(
            "Mia never listens", "".join(self.tandem.message_ids.mapped("body"))
        )

    def test_nobody_makes_a_request_on_another_tandem(self):
        count = self.env["mentoring.tandem.request"].search_count([])
        for user in (self.other_user, self.coordinator, self.hr_officer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["mentoring.tandem.request"].with_user(user).create(
                        {"tandem_id": self.tandem.id, "kind": "closure"}
                    )
        self.assertEqual(self.env["mentoring.tandem.request"].search_count([]), count)

    def test_a_motivation_and_a_replacement_reason_stay_with_their_writer(self):
        program = self._open_program()
        enrolment = (
            self.env["mentoring.self.enrollment"]
            .with_user(self.other_user)
            .create({"program_id": program.id, "motivation": "I want to be seen"})
        )
        self._nobody_finds(
            enrolment,
            (self.mentee_user, self.coordinator, self.hr_officer, self.survey_manager),
            "motivation",
        )
        replacement = (
            self.env["mentoring.tandem.replace"]
            .with_user(self.coordinator)
            .create(
                {
                    "tandem_id": self.tandem.id,
                    "employee_id": self.other.id,
                    "reason": "Hans complained about Mia",
                }
            )
        )
        self._nobody_finds(
            replacement,
            (
                self.second_coordinator,
                self.foreign_coordinator,
                self.mentee_user,
                self.mentor_user,
                self.hr_officer,
            ),
            "reason",
        )
        with self.assertRaises(AccessError):
            replacement.with_user(self.foreign_coordinator).write({"reason": "Mine"})
        self.assertEqual(replacement.reason, "Hans complained about Mia")

    def test_a_wizard_cannot_point_at_a_record_its_creator_may_not_change(self):
        stranger = self._tandem(name="Stranger")
        stranger_session = self._session(stranger, days=5)
        plan = (
            self.env["mentoring.session.plan"]
            .with_user(self.mentee_user)
            .create({"tandem_id": self.tandem.id})
        )
        with self.assertRaises(AccessError):
            plan.write({"tandem_id": stranger.id})
        self.assertEqual(plan.tandem_id, self.tandem)
        with self.assertRaises(AccessError):
            self.env["mentoring.session.move"].with_user(self.mentee_user).create(
                {
                    "session_id": stranger_session.id,
                    "start": stranger_session.start,
                    "duration": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            self.env["mentoring.erasure.wizard"].with_user(
                self.foreign_hr_officer
            ).create({"employee_id": self.mentee.id})


class TestCalendarSync(TrustCase):
    """Way 2: no context key changes what a user may do to the addon's events."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = fields.Datetime.now() + timedelta(days=10)
        cls.cohort = cls.env["mentoring.cohort.event"].create(
            {
                "name": "Mid-term Exchange",
                "program_id": cls.program.id,
                "kind": "midterm",
                "start": start,
                "stop": start + timedelta(hours=2),
                "location": "Room 1",
            }
        )
        cls.calendar_event = cls.cohort.calendar_event_id

    def _unchanged(self, event, cohort, values, attendance):
        event.invalidate_recordset()
        cohort.invalidate_recordset()
        self.assertTrue(event.exists())
        self.assertRecordValues(event, [values])
        self.assertEqual((cohort.start, cohort.stop), (event.start, event.stop))
        self.assertEqual(cohort.attendance_ids, attendance)

    def test_outsiders_neither_move_nor_delete_a_cohort_event(self):
        event = self.calendar_event
        before = {
            "start": event.start,
            "stop": event.stop,
            "duration": event.duration,
            "active": True,
            "location": "Room 1",
        }
        attendance = self.cohort.attendance_ids
        self.assertTrue(attendance)
        later = event.start + timedelta(days=1)
        for user in (
            self.other_user,
            self.mentee_user,
            self.foreign_coordinator,
            self.hr_officer,
        ):
            for context in ({}, FORGED):
                with self.subTest(user=user.login, context=context):
                    forged = event.with_user(user).with_context(**context)
                    for values in (
                        {"start": later, "stop": later + timedelta(hours=2)},
                        {"duration": 5.0},
                        {"active": False},
                        {"location": "Elsewhere"},
                        {"name": "Cancelled"},
                    ):
                        with self.assertRaises(AccessError):
                            forged.write(values)
                    with self.assertRaises(AccessError):
                        forged.unlink()
        for method, args in (
            ("write", [[event.id], {"start": fields.Datetime.to_string(later)}]),
            ("unlink", [[event.id]]),
        ):
            self.assertRpcRefused(
                self._rpc(self.other_user, "calendar.event", method, args, FORGED)
            )
        self._unchanged(event, self.cohort, before, attendance)

    def test_a_coordinator_moves_it_and_the_cohort_event_follows(self):
        later = self.calendar_event.start + timedelta(days=1)
        self.calendar_event.with_user(self.coordinator).write(
            {"start": later, "stop": later + timedelta(hours=3)}
        )
        self.assertEqual(self.cohort.start, later)
        self.assertEqual(self.cohort.stop, later + timedelta(hours=3))

    def test_a_member_deletes_no_event_of_a_held_session(self):
        self.held.action_done()
        event = self.held.calendar_event_id
        for context in ({}, FORGED):
            with self.subTest(context=context):
                with self.assertRaisesRegex(UserError, "held mentoring session"):
                    event.with_user(self.mentee_user).with_context(**context).unlink()
        self.assertRpcRefused(
            self._rpc(
                self.mentee_user, "calendar.event", "unlink", [[event.id]], FORGED
            ),
            "UserError",
        )
        self.assertTrue(event.exists())
        self.assertEqual(self.held.state, "done")
        self.assertEqual(self.held.calendar_event_id, event)

    def test_deleting_a_planned_sessions_event_always_cancels_the_session(self):
        event = self.planned_session.calendar_event_id
        event.with_user(self.mentee_user).with_context(**FORGED).unlink()
        self.assertFalse(event.exists())
        self.assertEqual(self.planned_session.state, "cancelled")
        self.assertFalse(self.planned_session.calendar_event_id)

    def test_a_sessions_event_shows_its_session(self):
        event = self.planned_session.calendar_event_id
        for values in (
            {"privacy": "public"},
            {"name": "Hans and Mia"},
            {"location": "Cafe"},
            {"active": False},
            {"partner_ids": [Command.link(self.other_user.partner_id.id)]},
        ):
            with self.subTest(values=values):
                with self.assertRaises(UserError):
                    event.with_user(self.mentee_user).with_context(**FORGED).write(
                        values
                    )
        self.assertRecordValues(
            event,
            [{"privacy": "private", "name": "Mentoring session", "active": True}],
        )
        self.assertNotIn(self.other_user.partner_id, event.partner_ids)

    def test_a_forged_key_no_longer_moves_a_session_without_its_event(self):
        later = self.planned_session.start + timedelta(hours=2)
        self.planned_session.with_user(self.mentee_user).with_context(**FORGED).write(
            {"start": later}
        )
        self.assertEqual(self.planned_session.calendar_event_id.start, later)


class TestIdentityHeldAgainstHr(TrustCase):
    """Way 3: HR data edits do not make anyone a member or a respondent."""

    def test_hr_cannot_link_a_member_to_another_user(self):
        tandem_users = (self.tandem.mentor_user_id, self.tandem.mentee_user_id)
        hr_partner = self.hr_officer.partner_id
        attempts = (
            (self.mentor, {"user_id": self.hr_officer.id}),
            (self.mentee, {"work_contact_id": hr_partner.id}),
            (self.mentor.resource_id, {"user_id": self.hr_officer.id}),
        )
        for record, values in attempts:
            with self.subTest(model=record._name, values=values):
                with self.assertRaisesRegex(
                    UserError, "take part in reverse mentoring"
                ):
                    record.with_user(self.hr_officer).write(values)
        self.assertRpcRefused(
            self._rpc(
                self.hr_officer,
                "hr.employee",
                "write",
                [[self.mentor.id], {"user_id": self.hr_officer.id}],
            ),
            "UserError",
        )
        self.env.invalidate_all()
        self.assertEqual(self.mentor.user_id, self.mentor_user)
        self.assertEqual(self.mentee.work_contact_id, self.mentee_user.partner_id)
        self.assertEqual(
            (self.tandem.mentor_user_id, self.tandem.mentee_user_id), tandem_users
        )
        with self.assertRaises(AccessError):
            self.tandem.with_user(self.hr_officer).read(["mentee_expectations"])

    def test_hr_pointing_their_own_work_contact_gets_no_answer(self):
        hr_employee = self._employee("Helga HR", user=self.hr_officer)
        hr_employee.with_user(
            self.hr_officer
        ).work_contact_id = self.mentee.work_contact_id
        (data,) = hr_employee.with_user(self.hr_officer)._mentoring_personal_data()
        self.assertTrue(data["complete"])
        self.assertEqual(data["feedback"], [])
        response = self._rpc(
            self.hr_officer,
            "hr.employee",
            "action_mentoring_export",
            [[hr_employee.id]],
        )
        self.authenticate(self.hr_officer.login, self.hr_officer.login)
        body = self.url_open(response["result"]["url"]).text
        self.assertNotIn("Secret topic", body)
        self.assertNotIn("Hans says", body)
        # Hans himself still exports his own answers.
        (own,) = self.mentee.with_user(self.mentee_user)._mentoring_personal_data()
        self.assertEqual(len(own["feedback"]), len(self.pulses))

    def test_an_employee_outside_mentoring_is_linked_as_usual(self):
        newcomer = self._employee("Nina New")
        newcomer.with_user(self.hr_officer).user_id = self.survey_officer
        self.assertEqual(newcomer.user_id, self.survey_officer)


class TestForeignCoordinatorWhoTakesPart(TrustCase):
    """Way 5: coordinator rights follow the program's company, not a participation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program.write({"allow_cross_company": True, "hourly_cost": 80})
        cls.foreign_employee = cls._employee(
            "Fritz Foreign", user=cls.foreign_coordinator, company=cls.other_company
        )
        cls._enrol(cls.foreign_employee, "mentor")
        cls.newcomer = cls._employee("Nora Newcomer", parent=cls.ceo)
        cls._enrol(cls.newcomer, "mentee")
        cls.own_tandem = cls.env["mentoring.tandem"].create(
            {
                "program_id": cls.program.id,
                "mentor_id": cls.foreign_employee.id,
                "mentee_id": cls.newcomer.id,
            }
        )
        start = fields.Datetime.now() - timedelta(hours=1)
        cls.cohort = cls.env["mentoring.cohort.event"].create(
            {
                "name": "Closing Event",
                "program_id": cls.program.id,
                "kind": "closing",
                "start": start,
                "stop": start + timedelta(hours=3),
            }
        )
        cls.own_line = cls.cohort.attendance_ids.filtered(
            lambda a: a.employee_id == cls.foreign_employee
        )

    COORDINATOR_FIGURES = (
        "hourly_cost",
        "total_cost",
        "session_cost",
        "hours_spent",
        "participation_by_place",
        "response_rate",
        "feedback_comments",
    )

    def test_they_read_the_program_as_a_participant(self):
        program = self.program.with_user(self.foreign_coordinator)
        (values,) = program.read(list(self.COORDINATOR_FIGURES))
        self.assertEqual(
            {name: values[name] for name in self.COORDINATOR_FIGURES},
            dict.fromkeys(self.COORDINATOR_FIGURES, False),
        )
        (own,) = self.program.with_user(self.coordinator).read(["hourly_cost"])
        self.assertEqual(own["hourly_cost"], 80)
        # Searching, grouping and exporting tell nothing either.
        self.assertFalse(
            program.search([("id", "=", self.program.id), ("hourly_cost", "=", 80)])
        )
        self.assertFalse(
            program._read_group(
                [("id", "=", self.program.id)], [], ["hourly_cost:sum"]
            )[0][0]
        )
        with self.assertRaises(AccessError):
            program.export_data(["hourly_cost"])
        answer = self._rpc(
            self.foreign_coordinator,
            "mentoring.program",
            "web_read",
            [[self.program.id]],
            specification={name: {} for name in self.COORDINATOR_FIGURES},
        )
        self.assertFalse(any(answer["result"][0][n] for n in self.COORDINATOR_FIGURES))
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(
                self.foreign_coordinator
            )._render_qweb_html(
                "reverse_mentoring.report_mentoring_program_results", self.program.ids
            )
        for values in ({"objective": "Mine"}, {"hourly_cost": 1}):
            with self.assertRaises(AccessError):
                program.write(values)
        with self.assertRaises(AccessError):
            program.unlink()
        self.assertEqual(self.program.hourly_cost, 80)

    def test_they_change_no_cohort_event_nor_their_own_attendance(self):
        cohort = self.cohort.with_user(self.foreign_coordinator)
        start = self.cohort.start
        with self.assertRaises(AccessError):
            cohort.write({"start": start + timedelta(days=1)})
        with self.assertRaises(AccessError):
            cohort.unlink()
        with self.assertRaises(AccessError):
            self.cohort.calendar_event_id.with_user(self.foreign_coordinator).unlink()
        with self.assertRaises(AccessError):
            self.own_line.with_user(self.foreign_coordinator).attended = True
        self.assertRpcRefused(
            self._rpc(
                self.foreign_coordinator,
                "mentoring.cohort.attendance",
                "write",
                [self.own_line.ids, {"attended": True}],
            )
        )
        self.assertTrue(self.cohort.exists())
        self.assertEqual(self.cohort.start, start)
        self.assertFalse(self.own_line.attended)

    def test_they_neither_replace_their_partner_nor_steer_their_tandem(self):
        other_mentee = self._employee("Olga Other", parent=self.ceo)
        tandem = self.own_tandem.with_user(self.foreign_coordinator)
        with self.assertRaises(AccessError):
            tandem.action_open_replace()
        with self.assertRaises(AccessError):
            tandem.action_replace_member(
                "mentee", other_mentee.id, "I prefer Olga", enroll=True
            )
        with self.assertRaises(AccessError):
            tandem.write({"stage_id": self.stage_active.id})
        with self.assertRaises(AccessError):
            tandem.unlink()
        self.assertEqual(self.own_tandem.mentee_id, self.newcomer)
        self.assertEqual(self.own_tandem.stage_id, self.stage_proposed)
        self.assertFalse(
            self.env["mentoring.participant"].search(
                [("employee_id", "=", other_mentee.id)]
            )
        )
        # They still act as the tandem's member.
        tandem.mentor_expectations = "Fritz expects fresh ideas"
        self.assertEqual(tandem.mentor_expectations, "Fritz expects fresh ideas")

    def test_their_own_participation_is_read_only(self):
        participation = self.program.participant_ids.filtered(
            lambda p: p.employee_id == self.foreign_employee
        )
        with self.assertRaises(AccessError):
            participation.with_user(self.foreign_coordinator).write({"capacity": 9})
        with self.assertRaises(AccessError):
            participation.with_user(self.foreign_coordinator).unlink()
        self.assertTrue(participation.exists())
        self.assertNotEqual(participation.capacity, 9)
