"""Stalled tandems: the coordinators are asked once and decide; nothing closes alone."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .common import MentoringCase


class TestStalledTandems(MentoringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.program.date_start = cls.today - timedelta(days=90)
        cls.tandem.stage_id = cls.stage_active
        cls.stall = cls.env.ref("reverse_mentoring.mail_activity_type_stalled")

    def _run(self, xml_id="reverse_mentoring.ir_cron_ask_stalled", times=2):
        for _run in range(times):
            self.env.ref(xml_id).method_direct_trigger()
        self.env.invalidate_all()

    def _stall_activities(self):
        """The coordinators' activities about the tandem, on its program."""
        return self.program.activity_ids.filtered(
            lambda a: a.activity_type_id == self.stall and self.tandem.name in a.summary
        )

    def _state(self):
        self.env.invalidate_all()
        tandem = self.tandem
        return (
            tandem.stage_id,
            tandem.stalled,
            tandem.stall_clock_date,
            tandem.message_ids.ids,
            self._stall_activities().ids,
            tuple(tandem.session_ids.mapped("state")),
        )

    def test_reminded_idle_tandem_is_asked_about_once(self):
        self._run()
        self.assertFalse(self.tandem.stalled, "nobody was reminded yet")
        self._run("reverse_mentoring.ir_cron_remind_inactive", times=1)
        self._run()
        self.assertTrue(self.tandem.stalled)
        activity = self._stall_activities()
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertIn(str(self.program.stall_days), str(activity.note))
        self.assertEqual(self.tandem.stall_asked_date, self.today)
        self.assertFalse(
            self.tandem.activity_ids.filtered(
                lambda a: a.activity_type_id == self.stall
            )
        )
        # Nothing closes by itself.
        self.assertEqual(self.tandem.phase, "active")
        self.assertEqual(self.planned_session.state, "planned")

    def test_a_tandem_that_met_is_not_stalled(self):
        self._session(self.tandem, days=-10).action_done()
        self.tandem.sudo().inactivity_reminder_date = self.today
        self._run()
        self.assertFalse(self.tandem.stalled)
        self.assertFalse(self._stall_activities())

    def test_meeting_again_lifts_the_stall(self):
        self.tandem.sudo().inactivity_reminder_date = self.today
        self._run()
        self.assertTrue(self.tandem.stalled)
        self._session(self.tandem, days=-1).action_done()
        self._run()
        self.assertFalse(self.tandem.stalled)

    def test_coordinator_gives_more_time(self):
        self.tandem.sudo().inactivity_reminder_date = self.today
        self._run()
        self.tandem.with_user(self.coordinator).action_stall_more_time()
        self.assertFalse(self.tandem.stalled)
        self.assertEqual(self.tandem.stall_clock_date, self.today)
        self.assertFalse(self._stall_activities())
        self.assertEqual(self.tandem.phase, "active")
        # The clock counts again from today: nobody is asked before it ran out.
        self._run()
        self.assertFalse(self.tandem.stalled)
        # 61 days later, reminded again and still without a session.
        self.tandem.sudo().write(
            {
                "stall_clock_date": self.today - timedelta(days=61),
                "stall_asked_date": self.today - timedelta(days=61),
                "inactivity_reminder_date": self.today - timedelta(days=1),
            }
        )
        self._run()
        self.assertTrue(self.tandem.stalled)

    def test_coordinator_closes_the_tandem(self):
        self.tandem.sudo().inactivity_reminder_date = self.today
        self._run()
        self.tandem.with_user(self.coordinator).action_stall_close()
        self.assertEqual(self.tandem.phase, "cancelled")
        self.assertEqual(self.planned_session.state, "cancelled")
        self.assertFalse(self.tandem.stalled)
        self.assertFalse(self._stall_activities())
        self.assertTrue(
            self.tandem.message_ids.filtered(
                lambda m: "the coordinators closed the tandem" in str(m.body)
            )
        )

    def test_members_and_others_cannot_decide(self):
        self.tandem.sudo().inactivity_reminder_date = self.today
        self._run()
        before = self._state()
        for user in (
            self.mentor_user,
            self.mentee_user,
            self.other_user,
            self.foreign_coordinator,
        ):
            for action in ("action_stall_more_time", "action_stall_close"):
                with self.subTest(user=user.login, action=action):
                    with self.assertRaises(AccessError):
                        getattr(self.tandem.with_user(user), action)()
            with self.subTest(user=user.login, action="write"):
                with self.assertRaises(AccessError):
                    self.tandem.with_user(user).write({"stalled": False})
        self.assertEqual(self._state(), before)

    def test_the_members_cannot_read_or_find_a_stall_activity(self):
        self.tandem.sudo().inactivity_reminder_date = self.today
        self._run()
        self.assertTrue(self._stall_activities())
        activities = self.env["mail.activity"]
        for user in (self.mentor_user, self.mentee_user):
            with self.subTest(user=user.login):
                self.assertFalse(self.tandem.with_user(user).activity_ids)
                self.assertFalse(
                    activities.with_user(user).search(
                        [("activity_type_id", "=", self.stall.id)]
                    )
                )
                with self.assertRaises(AccessError):
                    self._stall_activities().with_user(user).read(["summary"])
                with self.assertRaises(AccessError):
                    self.tandem.with_user(user).read(["stall_activity_ids"])
        # Given more time: nothing of it reaches the program's chatter either.
        self.tandem.with_user(self.coordinator).action_stall_more_time()
        self.assertFalse(self._stall_activities())
        self.assertFalse(
            self.program.message_ids.filtered(lambda m: self.tandem.name in str(m.body))
        )
