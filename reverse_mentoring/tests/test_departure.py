"""When people leave or change: a departure ends the tandem as left, a
coordinator replaces a member; nobody else does either."""

import xmlrpc.client

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, get_db_name, new_test_user, tagged

from .common import MentoringCase
from .test_rpc import ACCESS_ERROR_FAULT

NOTES = "<p>I still struggle with hashtags.</p>"


@tagged("post_install", "-at_install")
class DepartureCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_left = cls.env.ref("reverse_mentoring.stage_left")
        cls.tandem.stage_id = cls.stage_active
        cls.held_session = cls._session(cls.tandem, days=-3)
        cls.held_session.action_done()
        cls.held_session.with_user(cls.mentee_user).private_notes = NOTES
        cls.hr_officer = cls._user("rm_hr_officer", "base.group_user,hr.group_hr_user")
        cls.portal_user = new_test_user(
            cls.env, login="rm_portal", groups="base.group_portal"
        )
        cls.newcomer_user = cls._user("rm_newcomer")
        cls.newcomer = cls._employee(
            "Nina Newcomer", user=cls.newcomer_user, parent=cls.ceo
        )
        cls.newcomer_participant = cls._enrol(cls.newcomer, "mentor")

    def _notes_as(self, user, session=None):
        return (session or self.held_session).with_user(user).private_notes

    def _unchanged(self):
        self.assertEqual(self.tandem.mentor_id, self.mentor)
        self.assertEqual(self.tandem.mentee_id, self.mentee)
        self.assertEqual(self.tandem.stage_id, self.stage_active)
        self.assertEqual(self.mentor_participant.state, "confirmed")


class TestDeparture(DepartureCase):
    def _depart(self, employee):
        """HR registers the departure with Odoo's own departure wizard."""
        self.env["hr.departure.wizard"].with_user(self.hr_officer).with_context(
            active_id=employee.id, toggle_active=True
        ).create({"employee_id": employee.id}).action_register_departure()

    def test_departure_mid_program_to_new_match(self):
        self.env["res.lang"]._activate_lang("de_DE")
        template = self.env.ref("reverse_mentoring.mail_template_partner_left")
        template.with_context(lang="de_DE").subject = "Ihr Tandem endet"
        self.mentee.work_contact_id.lang = "de_DE"
        event = self.planned_session.calendar_event_id
        self.assertIn(self.mentee.work_contact_id, event.partner_ids)

        self._depart(self.mentor)

        self.assertFalse(self.mentor.active)
        self.assertEqual(self.tandem.stage_id, self.stage_left)
        self.assertEqual(self.tandem.phase, "left")
        self.assertEqual(self.planned_session.state, "cancelled")
        self.assertFalse(event.exists(), "gone from the partner's calendar")
        self.assertFalse(
            self.env["calendar.event"].search(
                [
                    ("partner_ids", "in", self.mentee.work_contact_id.ids),
                    ("start", ">", self.held_session.stop),
                ]
            )
        )
        self.assertEqual(self.held_session.state, "done")
        self.assertTrue(self.held_session.calendar_event_id)
        self.assertEqual(self._notes_as(self.mentee_user), NOTES)
        self.assertEqual(self.mentor_participant.state, "left")
        self.assertEqual(self.mentee_participant.state, "confirmed")
        notice = self.tandem.message_ids.filtered(
            lambda m: self.mentee.work_contact_id in m.partner_ids
        )
        self.assertEqual(notice.subject, "Ihr Tandem endet")
        self.assertIn(self.mentor.name, notice.body)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "mentoring.participant"),
                ("res_id", "=", self.mentee_participant.id),
            ]
        )
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertIn(self.mentee.name, activity.summary)
        # Neither a success nor a failure in the program's results.
        self.assertEqual(self.program.early_closure_count, 0)
        self.assertEqual(self.program.open_tandem_count, 0)

        wizard = (
            self.env["mentoring.matching.wizard"]
            .with_user(self.coordinator)
            .create({"program_id": self.program.id})
        )
        wizard.action_compute()
        self.assertEqual(wizard.line_ids.mentee_id, self.mentee)
        self.assertEqual(wizard.line_ids.mentor_id, self.newcomer)
        self.assertNotIn(self.mentor, wizard.line_ids.alternative_ids)
        wizard.action_confirm()
        new = self.program.tandem_ids - self.tandem
        self.assertEqual((new.mentor_id, new.mentee_id), (self.newcomer, self.mentee))
        self.assertEqual(new.phase, "proposed")

    def test_reactivation_reopens_nothing(self):
        self._depart(self.mentor)
        self.mentor.with_user(self.hr_officer).toggle_active()
        self.assertTrue(self.mentor.active)
        self.assertEqual(self.tandem.phase, "left")
        self.assertEqual(self.mentor_participant.state, "left")
        self.assertEqual(self.planned_session.state, "cancelled")
        self.assertFalse(self.planned_session.calendar_event_id)
        self.assertEqual(self.program.open_tandem_count, 0)

    def test_archiving_the_user_is_a_departure(self):
        self.mentee_user.action_archive()
        self.assertEqual(self.tandem.phase, "left")
        self.assertEqual(self.mentee_participant.state, "left")
        self.assertEqual(self.mentor_participant.state, "confirmed")
        self.assertEqual(self._notes_as(self.mentor_user), NOTES)

    def test_left_is_neither_success_nor_failure(self):
        done = self._tandem(name="Done", stage_id=self.stage_done.id)
        done.sudo().closed_early = True
        self._depart(self.mentor)
        self.assertEqual(self.program.early_closure_count, 1)
        self.assertEqual(self.program.early_closure_rate, 100.0)

    def test_nobody_sets_left_by_hand(self):
        attackers = (
            self.mentor_user,
            self.mentee_user,
            self.coordinator,
            self.foreign_coordinator,
            self.mentoring_admin,
            self.hr_officer,
            self.other_user,
            self.portal_user,
        )
        for user in attackers:
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.tandem.with_user(user).write({"stage_id": self.stage_left.id})
                with self.assertRaises(UserError):
                    self.mentor_participant.with_user(user).write({"state": "left"})
                with self.assertRaises(UserError):
                    self.env["mentoring.tandem"].with_user(user).create(
                        {
                            "program_id": self.program.id,
                            "mentor_id": self.newcomer.id,
                            "mentee_id": self.mentee.id,
                            "stage_id": self.stage_left.id,
                        }
                    )
        self._unchanged()
        self._depart(self.mentor)
        with self.assertRaises(AccessError):
            self.tandem.with_user(self.coordinator).stage_id = self.stage_active
        self.assertEqual(self.tandem.phase, "left")


class TestLeftComesFromDepartures(DepartureCase):
    """A stage's phase is not a way to end tandems as Left, or to reopen them."""

    def _stage_attacks(self):
        stages = self.env["mentoring.tandem.stage"]
        return [
            (self.stage_active, {"phase": "left"}),
            (self.stage_left, {"phase": "active"}),
            (self.stage_active, {"phase": "done"}),
            (stages, {"name": "Gone", "phase": "left"}),
        ]

    def _attack(self, user):
        for stage, vals in self._stage_attacks():
            with self.subTest(user=user.login, vals=vals):
                with self.assertRaises(UserError):
                    if stage:
                        stage.with_user(user).write(vals)
                    else:
                        stage.with_user(user).create(vals)
        with self.subTest(user=user.login, unlink=True):
            with self.assertRaises(UserError):
                self.stage_left.with_user(user).unlink()

    def test_no_stage_phase_makes_or_unmakes_a_left_tandem(self):
        for user in (self.mentoring_admin, self.coordinator, self.mentor_user):
            self._attack(user)
        self._unchanged()
        self.assertEqual(self.tandem.phase, "active")
        self.assertEqual(self.stage_left.phase, "left")
        self.assertFalse(
            self.env["mentoring.tandem.stage"].search_count(
                [("phase", "=", "left"), ("id", "!=", self.stage_left.id)]
            )
        )
        # Once a departure ended the tandem, no phase change reopens it.
        self.mentor.action_archive()
        self.assertEqual(self.tandem.phase, "left")
        self._attack(self.mentoring_admin)
        self.assertEqual(self.tandem.phase, "left")
        self.assertEqual(self.tandem.stage_id, self.stage_left)

    def test_an_empty_stage_changes_its_phase(self):
        stage = self.env["mentoring.tandem.stage"].with_user(self.mentoring_admin)
        hold = stage.create({"name": "On hold", "phase": "active"})
        hold.phase = "closing"
        self.assertEqual(hold.phase, "closing")


class TestReplacement(DepartureCase):
    def _replace(self, employee, side="mentor", user=None, **vals):
        wizard = (
            self.env["mentoring.tandem.replace"]
            .with_user(user or self.coordinator)
            .create(
                {
                    "tandem_id": self.tandem.id,
                    "side": side,
                    "employee_id": employee.id,
                    "reason": "Mia moved to the Lisbon office",
                    **vals,
                }
            )
        )
        return wizard.action_confirm()

    def test_replacement_keeps_notes_with_their_writers(self):
        self.tandem.with_user(self.mentor_user).mentor_expectations = "Honesty"
        self.tandem.with_user(self.mentee_user).mentee_expectations = "LinkedIn"
        event = self.planned_session.calendar_event_id
        held_event = self.held_session.calendar_event_id
        action = self.tandem.with_user(self.coordinator).action_open_replace()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.coordinator)
            .with_context(**action["context"])
        ) as form:
            form.side = "mentor"
            self.assertEqual(form.candidate_ids.ids, self.newcomer.ids)
            form.employee_id = self.newcomer
            form.reason = "Mia moved to the Lisbon office"
        form.record.action_confirm()

        self.assertEqual(self.tandem.mentor_id, self.newcomer)
        self.assertEqual(self.tandem.mentor_user_id, self.newcomer_user)
        self.assertEqual(
            event.partner_ids,
            self.newcomer.work_contact_id | self.mentee.work_contact_id,
        )
        self.assertIn(self.mentor.work_contact_id, held_event.partner_ids)
        # The notes keep their readers: the newcomer reads none of them, the
        # mentee still does, and the mentor replaced reaches nothing.
        self.assertFalse(self._notes_as(self.newcomer_user))
        self.assertEqual(self._notes_as(self.mentee_user), NOTES)
        note = (
            self.env["mentoring.session.note"]
            .sudo()
            .search([("session_id", "=", self.held_session.id)])
        )
        self.assertEqual(note.user_ids, self.mentor_user | self.mentee_user)
        with self.assertRaises(AccessError):
            self.held_session.with_user(self.mentor_user).read(["private_notes"])
        newcomer_view = self.tandem.with_user(self.newcomer_user)
        self.assertFalse(newcomer_view.mentor_expectations)
        self.assertEqual(newcomer_view.mentee_expectations, "LinkedIn")
        self.assertFalse(
            self.env["mentoring.tandem"]
            .with_user(self.mentor_user)
            .search([("id", "=", self.tandem.id)])
        )
        self.assertNotIn(self.mentor.work_contact_id, self.tandem.message_partner_ids)
        log = self.tandem.message_ids.filtered(lambda m: "replaces" in (m.body or ""))
        self.assertIn(self.mentor.name, log.body)
        self.assertIn(self.newcomer.name, log.body)
        self.assertIn(self.coordinator.name, log.body)
        self.assertIn("Lisbon", log.body)
        # The newcomer writes notes of their own, which the mentee reads.
        self.held_session.with_user(self.newcomer_user).private_notes = "<p>Hi</p>"
        self.assertEqual(self._notes_as(self.newcomer_user), "<p>Hi</p>")

    def test_plain_write_still_refused(self):
        with self.assertRaisesRegex(UserError, "keeps its two people"):
            self.tandem.with_user(self.coordinator).mentor_id = self.newcomer
        self._unchanged()

    def test_enrol_on_the_fly(self):
        outsider = self._employee("Emil Extern", parent=self.ceo)
        with self.assertRaisesRegex(UserError, "not a confirmed Mentor"):
            self._replace(outsider)
        self._replace(outsider, enroll=True)
        self.assertEqual(self.tandem.mentor_id, outsider)
        participation = self.program.participant_ids.filtered(
            lambda p: p.employee_id == outsider
        )
        self.assertEqual(
            (participation.role, participation.state), ("mentor", "confirmed")
        )

    def test_every_pairing_rule(self):
        other_company = self._employee(
            "Olga Outside", parent=None, company=self.other_company
        )
        busy = self._tandem(name="Busy")
        busy_mentor, busy_mentee = busy.mentor_id, busy.mentee_id
        busy_mentor.mentoring_participant_ids.capacity = 1
        partner_before = self._employee("Paul Before", parent=self.ceo)
        self._enrol(partner_before, "mentor")
        self.env["mentoring.tandem"].create(
            {
                "program_id": self.program.id,
                "mentor_id": partner_before.id,
                "mentee_id": self.mentee.id,
                "stage_id": self.stage_done.id,
            }
        )
        # Paired in an earlier round: the matching's history refuses them too.
        earlier = self.program.copy({"name": "Earlier Round"})
        earlier_mentor = self._employee("Erik Earlier", parent=self.ceo)
        self._enrol(earlier_mentor, "mentor")
        self._enrol(earlier_mentor, "mentor", program=earlier)
        self._enrol(self.mentee, "mentee", program=earlier)
        self.env["mentoring.tandem"].create(
            {
                "program_id": earlier.id,
                "mentor_id": earlier_mentor.id,
                "mentee_id": self.mentee.id,
                "stage_id": self.stage_done.id,
            }
        )
        avoided = self._employee("Anna Avoided", parent=self.ceo)
        self._enrol(avoided, "mentor")
        self.mentee_participant.avoid_employee_ids = [Command.link(avoided.id)]
        departed = self._employee("Dora Departed", parent=self.ceo)
        self._enrol(departed, "mentor")
        departed.active = False
        self._enrol(self.ceo, "mentor")
        cases = [
            ("mentor", self.ceo, {}, UserError, "same reporting line"),
            ("mentor", avoided, {}, UserError, "asked not to be paired"),
            ("mentor", busy_mentor, {}, UserError, "no free place"),
            ("mentor", partner_before, {}, UserError, "already were a tandem"),
            ("mentor", earlier_mentor, {}, UserError, "in an earlier program"),
            ("mentor", departed, {}, UserError, "left the company"),
            ("mentor", self.mentee, {}, UserError, "already a member"),
            ("mentee", busy_mentee, {}, UserError, "already has an open tandem"),
            (
                "mentor",
                other_company,
                {"enroll": True},
                ValidationError,
                "only admits employees",
            ),
        ]
        for side, employee, vals, error, message in cases:
            with (
                self.subTest(employee=employee.name),
                self.assertRaisesRegex(error, message),
            ):
                self._replace(employee, side, **vals)
        self._unchanged()
        self.tandem.stage_id = self.stage_done
        with self.assertRaisesRegex(UserError, "already closed"):
            self._replace(self.newcomer)
        self.assertEqual(self.tandem.mentor_id, self.mentor)

    def test_only_a_coordinator_of_the_program_replaces(self):
        attackers = (
            self.mentor_user,
            self.mentee_user,
            self.other_user,
            self.foreign_coordinator,
            self.hr_officer,
            self.newcomer_user,
            self.portal_user,
        )
        for user in attackers:
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.tandem.with_user(user).action_replace_member(
                        "mentor", self.newcomer.id, "Taking over"
                    )
                with self.assertRaises(AccessError):
                    self._replace(self.newcomer, user=user)
        self._unchanged()
        self.assertEqual(self._notes_as(self.mentor_user), NOTES)


@tagged("post_install", "-at_install")
class TestOverRpc(DepartureCase, HttpCase):
    def rpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(
            get_db_name(), user.id, user.login, model, method, list(args)
        )

    def test_only_the_coordinator_replaces_and_nobody_sets_left(self):
        for user in (self.mentor_user, self.mentee_user, self.newcomer_user):
            with self.subTest(user=user.login):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.rpc(
                        user,
                        "mentoring.tandem",
                        "action_replace_member",
                        [self.tandem.id],
                        "mentor",
                        self.newcomer.id,
                        "Taking over",
                    )
                self.assertEqual(caught.exception.faultCode, ACCESS_ERROR_FAULT)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(
                self.coordinator,
                "mentoring.tandem",
                "write",
                [self.tandem.id],
                {"stage_id": self.stage_left.id},
            )
        self.assertEqual(caught.exception.faultCode, ACCESS_ERROR_FAULT)
        for stage, phase in ((self.stage_active, "left"), (self.stage_left, "active")):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self.rpc(
                    self.mentoring_admin,
                    "mentoring.tandem.stage",
                    "write",
                    stage.ids,
                    {"phase": phase},
                )
            self.assertEqual(caught.exception.faultCode, ACCESS_ERROR_FAULT)
        self._unchanged()
        self.assertEqual(self.stage_active.phase, "active")
        self.assertIs(
            self.rpc(
                self.coordinator,
                "mentoring.tandem",
                "action_replace_member",
                [self.tandem.id],
                "mentor",
                self.newcomer.id,
                "Mia moved to the Lisbon office",
            ),
            True,
        )
        self.assertEqual(self.tandem.mentor_id, self.newcomer)
