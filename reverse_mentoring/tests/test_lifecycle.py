"""A tandem's life: kick-off agreement, health, early closure, going on, reminders."""

import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools import convert_file

from .common import MentoringCase


class LifecycleCase(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_closing = cls.env.ref("reverse_mentoring.stage_closing")
        cls.today = fields.Date.today()

    def _notes(self, tandem, text):
        return tandem.message_ids.filtered(lambda m: text in (m.body or ""))


class TestAgreements(LifecycleCase):
    def test_kickoff_starts_once_both_agreed(self):
        self.tandem.stage_id = self.stage_kickoff
        tandem = self.tandem.with_user(self.mentee_user)
        tandem.mentee_expectations = "Post on LinkedIn every week"
        self.tandem.with_user(self.mentor_user).mentor_expectations = "Honest questions"
        tandem.action_agree_kickoff()
        self.assertEqual(self.tandem.stage_id, self.stage_kickoff)
        self.assertTrue(self.tandem.kickoff_mentee_agreed)
        self.tandem.with_user(self.mentor_user).action_agree_kickoff()
        self.assertEqual(self.tandem.stage_id, self.stage_active)
        self.assertTrue(self._notes(self.tandem, "the tandem is active"))
        with self.assertRaisesRegex(UserError, "kick-off of this tandem is over"):
            tandem.action_agree_kickoff()

    def test_only_members_agree(self):
        self.tandem.stage_id = self.stage_kickoff
        for user in (self.other_user, self.coordinator):
            with self.assertRaisesRegex(UserError, "Only the mentor and the mentee"):
                self.tandem.with_user(user).action_agree_kickoff()
        self.assertFalse(self.tandem.kickoff_mentor_agreed)
        self.assertFalse(self.tandem.kickoff_mentee_agreed)

    def test_early_closure_needs_a_reason_and_both(self):
        self.tandem.stage_id = self.stage_active
        mentee = self.tandem.with_user(self.mentee_user)
        with self.assertRaisesRegex(UserError, "Say why"):
            mentee.action_propose_early_closure("  ")
        with self.assertRaisesRegex(UserError, "with a reason first"):
            mentee.action_agree_early_closure()
        self.assertFalse(self.tandem.closure_mentee_agreed)
        mentee.action_propose_early_closure("The topic is covered")
        self.assertEqual(self.tandem.stage_id, self.stage_active)
        with self.assertRaisesRegex(UserError, "Your partner confirms"):
            mentee.action_agree_early_closure()
        self.tandem.with_user(self.mentor_user).action_agree_early_closure()
        self.assertEqual(self.tandem.stage_id, self.stage_done, "completed")
        self.assertTrue(self.tandem.closed_early)
        self.assertTrue(self._notes(self.tandem, "The topic is covered"))

    def test_going_on_is_chosen_at_the_end_by_both(self):
        self.tandem.stage_id = self.stage_active
        with self.assertRaisesRegex(UserError, "chosen at its end"):
            self.tandem.with_user(self.mentor_user).action_agree_continue()
        self.tandem.stage_id = self.stage_closing
        self.tandem.with_user(self.mentor_user).action_agree_continue()
        self.assertFalse(self.tandem.continued)
        self.tandem.with_user(self.mentee_user).action_agree_continue()
        self.assertTrue(self.tandem.continued)


class TestHealth(LifecycleCase):
    """The program started a month ago and meets every two weeks."""

    def setUp(self):
        super().setUp()
        self.tandem.stage_id = self.stage_active

    def _health(self):
        self.env["mentoring.tandem"]._cron_update_health()
        return self.tandem.health

    def test_no_session_for_two_periods_is_at_risk(self):
        self.assertEqual(self._health(), "at_risk")

    def test_a_recent_session_is_on_track(self):
        self._session(self.tandem, days=-3).with_user(self.mentee_user).action_done()
        self.assertEqual(self.tandem.health, "on_track", "updated when held")

    def test_a_session_three_weeks_ago_needs_a_check_in(self):
        self._session(self.tandem, days=-20).action_done()
        self.assertEqual(self._health(), "check_in")

    def test_overdue_goals(self):
        self._session(self.tandem, days=-3).action_done()
        self.goal.date_deadline = self.today - timedelta(days=1)
        self.assertEqual(self.tandem.overdue_goal_count, 1)
        self.assertEqual(self._health(), "check_in")
        self.goal.copy({"date_deadline": self.today - timedelta(days=2)})
        self.assertEqual(self._health(), "at_risk")
        self.goal.is_done = True
        self.assertEqual(self._health(), "check_in")

    def test_closed_tandems_have_no_health(self):
        self.tandem.stage_id = self.stage_done
        self.tandem._update_health()
        self.assertFalse(self.tandem.health)


class TestReminders(LifecycleCase):
    def _cron_twice(self):
        """Run each scheduled action of the reminders twice, as its cron does."""
        crons = self.env.ref("reverse_mentoring.ir_cron_remind_inactive") | (
            self.env.ref("reverse_mentoring.ir_cron_remind_end")
            | self.env.ref("reverse_mentoring.ir_cron_remind_feedback")
        )
        self.assertEqual(len(crons), 3)
        for _run in range(2):
            for cron in crons:
                cron.method_direct_trigger()

    def test_an_upgrade_removes_the_former_combined_cron(self):
        """Up to 18.0.1.1.0 one cron called mentoring.program._cron_send_reminders."""
        old = self.env["ir.cron"].create(
            {
                "name": "Reverse Mentoring: send reminders",
                "model_id": self.env.ref(
                    "reverse_mentoring.model_mentoring_program"
                ).id,
                "state": "code",
                "code": "model._cron_send_reminders()",
            }
        )
        self.env["ir.model.data"].create(
            [
                {
                    "module": "reverse_mentoring",
                    "name": "ir_cron_reminders",
                    "model": "ir.cron",
                    "res_id": old.id,
                    "noupdate": True,
                },
                {
                    "module": "reverse_mentoring",
                    "name": "ir_cron_reminders_ir_actions_server",
                    "model": "ir.actions.server",
                    "res_id": old.ir_actions_server_id.id,
                    "noupdate": True,
                },
            ]
        )
        action = old.ir_actions_server_id
        convert_file(
            self.env,
            "reverse_mentoring",
            "data/ir_cron_data.xml",
            {},
            mode="update",
            noupdate=True,
        )
        self.assertFalse(old.exists())
        self.assertFalse(action.exists())
        crons = self.env["ir.cron"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "reverse_mentoring"), ("model", "=", "ir.cron")])
            .mapped("res_id")
        )
        self.assertGreaterEqual(len(crons), 4)
        for cron in crons:
            method = re.match(r"model\.(\w+)\(", cron.code)[1]
            self.assertTrue(
                callable(getattr(self.env[cron.model_id.model], method, None)),
                cron.code,
            )

    def test_an_idle_tandem_is_reminded_once_per_period(self):
        self.tandem.stage_id = self.stage_active
        self._cron_twice()
        activities = self.tandem.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.mentor_user)
        notices = self._notes(self.tandem, "No session was held")
        self.assertEqual(len(notices), 1)
        self.assertEqual(notices.partner_ids, self.coordinator.partner_id)
        self.assertEqual(self.tandem.inactivity_reminder_date, self.today)

    def test_an_active_tandem_is_left_alone(self):
        self.tandem.stage_id = self.stage_active
        self._session(self.tandem, days=-2).action_done()
        self._cron_twice()
        self.assertFalse(self.tandem.activity_ids)

    def test_the_end_approaching_asks_for_wrap_up_once(self):
        self.program.date_end = self.today + timedelta(days=10)
        self._cron_twice()
        finals = self.env["survey.user_input"].search(
            [("mentoring_tandem_id", "=", self.tandem.id)]
        )
        self.assertEqual(len(finals), 2, "a final evaluation for each, once")
        self.assertEqual(
            len(self._notes(self.tandem, "ends on")), 2, "a notice for each, once"
        )
        self.assertTrue(self.tandem.end_reminder_sent)

    def test_an_unanswered_invitation_is_sent_once_more(self):
        session = self._session(self.tandem, days=-2)
        session.action_done()
        invitations = self.env["survey.user_input"].search(
            [("mentoring_session_id", "=", session.id)]
        )
        # Other invitations (of the demo data) fall due by the same time: count
        # the mails of these only.
        their_mails = [
            ("model", "=", "survey.user_input"),
            ("res_id", "in", invitations.ids),
        ]
        mails = self.env["mail.mail"].search_count(their_mails)
        self._cron_twice()
        self.assertFalse(
            any(invitations.mapped("mentoring_reminder_sent")), "too early"
        )
        # Eight days later: past the program's seven days of delay.
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self._cron_twice()
        self.assertTrue(all(invitations.mapped("mentoring_reminder_sent")))
        self.assertEqual(self.env["mail.mail"].search_count(their_mails), mails + 2)
