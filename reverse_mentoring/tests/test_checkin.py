"""The mid-term check-in: sent once at half of the program, read by nobody but
the respondent; a low answer asks the coordinators to check in."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .test_feedback import FeedbackCase

GOOD = {"q_checkin_plan": 5, "q_checkin_ask": 4, "q_checkin_learn": 5}
LOW = {"q_checkin_plan": 5, "q_checkin_ask": 1, "q_checkin_learn": 4}


class TestMidtermCheckin(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checkin = cls.env.ref("reverse_mentoring.survey_midterm_checkin")
        cls.today = fields.Date.today()
        cls.tandem.stage_id = cls.stage_active
        cls.hr_officer = cls._user("rm_checkin_hr", "base.group_user,hr.group_hr_user")
        cls.survey_officer = cls._user(
            "rm_checkin_survey", "base.group_user,survey.group_survey_user"
        )

    def _halfway(self):
        self.program.write(
            {
                "date_start": self.today - timedelta(days=60),
                "date_end": self.today + timedelta(days=60),
            }
        )

    def _invite(self, times=2):
        for _run in range(times):
            self.env.ref(
                "reverse_mentoring.ir_cron_invite_midterm"
            ).method_direct_trigger()

    def _checkin_inputs(self):
        return self.env["survey.user_input"].search(
            [("survey_id", "=", self.checkin.id)]
        )

    def _checkin_activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        return self.tandem.activity_ids.filtered(
            lambda a: a.activity_type_id == todo and "Check in" in a.summary
        )

    def test_both_are_invited_once_at_half_of_the_program(self):
        self.assertEqual(self.program.midterm_survey_id, self.checkin)
        self._invite()
        self.assertFalse(self._checkin_inputs(), "not before half of the program")
        self._halfway()
        self._invite()
        invitations = self._checkin_inputs()
        self.assertEqual(invitations.partner_id, self.partners)
        self.assertEqual(invitations.mentoring_tandem_id, self.tandem)
        self.assertTrue(self.tandem.midterm_sent)

    def test_a_low_answer_asks_the_coordinators_never_telling_it(self):
        self._session(self.tandem, days=-3).action_done()
        self.tandem._update_health()
        self.assertEqual(self.tandem.health, "on_track")
        self._answer(self.tandem, self.checkin, self.mentee, GOOD)
        self.assertFalse(self._checkin_activities())
        self.assertEqual(self.tandem.health, "on_track")
        self._answer(self.tandem, self.checkin, self.mentor, LOW)
        activity = self._checkin_activities()
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertEqual(self.tandem.health, "check_in")
        self.assertNotIn("I can ask", str(activity.note))
        # Whoever answered low, the activity says the same: never who, nor what.
        told = (activity.summary, str(activity.note))
        activity.unlink()
        self._answer(self.tandem, self.checkin, self.mentee, LOW)
        activity = self._checkin_activities()
        self.assertEqual((activity.summary, str(activity.note)), told)
        # A session held since lifts the check-in signal.
        self.env["survey.user_input"].search(
            [("survey_id", "=", self.checkin.id)]
        ).end_datetime = fields.Datetime.now() - timedelta(days=2)
        self._session(self.tandem, days=-1).action_done()
        self.tandem._update_health()
        self.assertEqual(self.tandem.health, "on_track")

    def test_the_partner_does_not_learn_of_the_check_in_from_the_tandem(self):
        self._answer(self.tandem, self.checkin, self.mentor, LOW)
        activity = self._checkin_activities()
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertEqual(
            activity.with_user(self.coordinator).read(["summary"])[0]["summary"],
            activity.summary,
        )
        activities = self.env["mail.activity"]
        for user in (self.mentee_user, self.mentor_user):
            with self.subTest(user=user.login):
                # What the superuser read above is not what the member reads.
                self.env.invalidate_all()
                self.assertFalse(self.tandem.with_user(user).activity_ids)
                self.assertFalse(
                    activities.with_user(user).search([("id", "=", activity.id)])
                )
                self.assertFalse(
                    activities.with_user(user).read_group(
                        [("res_model", "=", "mentoring.tandem")], ["summary"], []
                    )[0]["__count"]
                )
                with self.assertRaises(AccessError):
                    activity.with_user(user).read(["summary"])
                with self.assertRaises(AccessError):
                    activity.with_user(user).action_feedback()
        self.assertTrue(activity.exists())

    def _found(self, user, model, field, answer):
        """What `user` finds of `answer` in `model`: nothing, or refused."""
        try:
            return self.env[model].with_user(user).search([(field, "=", answer.id)])
        except AccessError:
            return False

    def test_the_answers_are_the_respondents_only(self):
        answer = self._answer(self.tandem, self.checkin, self.mentor, LOW)
        self.assertTrue(answer.with_user(self.mentor_user).user_input_line_ids)
        for user in (
            self.mentee_user,
            self.coordinator,
            self.foreign_coordinator,
            self.hr_officer,
            self.survey_officer,
            self.other_user,
        ):
            with self.subTest(user=user.login):
                for model, field in (
                    ("survey.user_input", "id"),
                    ("survey.user_input.line", "user_input_id"),
                ):
                    self.assertFalse(self._found(user, model, field, answer))
                with self.assertRaises(AccessError):
                    answer.with_user(user).read(["state"])
                with self.assertRaises(AccessError):
                    answer.user_input_line_ids.with_user(user).write({"value_scale": 5})
        self.assertEqual(
            sorted(answer.user_input_line_ids.mapped("value_scale")), [1, 4, 5]
        )

    def test_figures_only_over_the_minimum_of_answers(self):
        self.program.feedback_min_answers = 3
        others = [self._tandem(name=f"T{i}") for i in range(2)]
        self._answer(self.tandem, self.checkin, self.mentor, LOW)
        self._answer(others[0], self.checkin, others[0].mentor_id, GOOD)
        program = self.program.with_user(self.coordinator)
        self.assertFalse(program.checkin_ask_enough)
        self.assertEqual(program.checkin_ask, 0.0)
        self._answer(others[1], self.checkin, others[1].mentor_id, GOOD)
        program.invalidate_recordset()
        self.assertTrue(program.checkin_ask_enough)
        self.assertAlmostEqual(program.checkin_ask, 3.0)
        self.assertAlmostEqual(program.checkin_plan, 5.0)
        self.assertAlmostEqual(program.checkin_learn, 14 / 3)
