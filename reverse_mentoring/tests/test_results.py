"""What a program achieved: results against targets, cost, talent spotting."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import COORDINATOR_GROUPS, MentoringCase
from .test_feedback import FeedbackCase


class TestResults(FeedbackCase):
    def test_results_on_a_known_program(self):
        self.program.hourly_cost = 100.0
        closing = self._tandem(name="Closing", stage_id=self.stage_closing.id)
        early = self._tandem(name="Early", stage_id=self.stage_active.id)
        self._tandem(name="Stopped", stage_id=self.stage_cancelled.id)
        for tandem, days, hours in ((self.tandem, -3, 1.0), (closing, -2, 1.5)):
            self._session(tandem, days=days, duration=hours).action_done()
        closing.write({"continue_mentor_agreed": True, "continue_mentee_agreed": True})
        early.write({"closed_early": True, "stage_id": self.stage_done.id})
        self.goal.is_done = True
        self.env["mentoring.goal"].create({"tandem_id": closing.id, "name": "Open"})
        program = self.program.with_user(self.coordinator)
        self.assertRecordValues(
            program,
            [
                {
                    # planned_session of the common fixture
                    "session_planned_count": 1,
                    "session_done_count": 2,
                    # three tandems that were not cancelled
                    "sessions_per_tandem": 2 / 3,
                    "goal_done_share": 50.0,
                    "early_closure_count": 1,
                    # closing and done: the one closing goes on
                    "continuation_rate": 50.0,
                    "hours_spent": 5.0,
                    "cost_per_mentee": 5.0 * 100.0 / program.mentee_count,
                }
            ],
        )
        self.assertEqual(program.mentee_count, 4)

    def test_talent_spotting_is_for_hr_only(self):
        self.program.feedback_min_answers = 3
        second = self._tandem(name="Second")
        # Each mentor rated by three answers of their mentee, as shares of the
        # scales: 3 of 5 twice and 7 of 10, against 5 of 5 three times.
        for days in (1, 2):
            self._answer(
                self.tandem,
                self.pulse,
                self.mentee,
                {"q_pulse_useful": 3, "q_pulse_covered": "AI"},
                self._session(self.tandem, days=-days),
            )
        self._answer(
            self.tandem,
            self.final_mentee,
            self.mentee,
            {"q_mentee_recommend": 7, "q_mentee_goals": "a_mentee_goals_yes"},
        )
        for days in (1, 2, 3):
            self._answer(
                second,
                self.pulse,
                second.mentee_id,
                {"q_pulse_useful": 5, "q_pulse_covered": "AI"},
                self._session(second, days=-days),
            )
        # A mentor's own answer does not rate them.
        self._answer(
            self.tandem,
            self.final_mentor,
            self.mentor,
            {"q_mentor_recommend": 10, "q_mentor_goals": "a_mentor_goals_yes"},
        )
        hr_coordinator = self._user(
            "rm_hr_coordinator", f"{COORDINATOR_GROUPS},hr.group_hr_user"
        )
        self.assertEqual(
            self.program.with_user(hr_coordinator).top_mentor_ids.ids,
            (second.mentor_id | self.mentor).ids,
        )
        self.assertFalse(self.coordinator.has_group("hr.group_hr_user"))
        with self.assertRaises(AccessError):
            self.program.with_user(self.coordinator).read(["top_mentor_ids"])

    def test_a_goal_from_a_topic_takes_its_name_and_time_box(self):
        self.topic.time_box_days = 14
        with Form(self.env["mentoring.goal"]) as goal:
            goal.tandem_id = self.tandem
            goal.topic_id = self.topic
            self.assertEqual(goal.name, self.topic.name)
            self.assertEqual(
                goal.date_deadline, fields.Date.today() + timedelta(days=14)
            )


class TestCertificate(MentoringCase):
    REPORT = "reverse_mentoring.report_mentoring_certificate"

    def _render(self, user):
        report = self.env["ir.actions.report"].with_user(user)
        html, _kind = report._render_qweb_html(self.REPORT, self.tandem.ids)
        return html.decode()

    def test_certificate_of_each_member(self):
        self._session(self.tandem, days=-3, duration=1.5).action_done()
        self.goal.is_done = True
        self.tandem.stage_id = self.stage_done
        both = self._render(self.coordinator)
        self.assertEqual(both.count("o_mentoring_certificate_name"), 2)
        self.assertIn("took part as a mentor", both)
        self.assertIn("took part as a mentee", both)
        self.assertIn("Digital Leadership", both)
        self.assertIn("01:30", both)
        self.assertIn("Social media", both)
        own = self._render(self.mentee_user)
        self.assertEqual(own.count("o_mentoring_certificate_name"), 1)
        self.assertIn("took part as a mentee", own)
        self.assertNotIn("took part as a mentor", own)

    def test_only_done_tandems_are_certified(self):
        for stage in (self.stage_active, self.stage_cancelled):
            self.tandem.stage_id = stage
            with self.assertRaisesRegex(UserError, "once the tandem is done"):
                self._render(self.coordinator)

    def test_costs_and_feedback_figures_are_for_coordinators(self):
        self.program.hourly_cost = 90
        self.assertEqual(self.program.with_user(self.coordinator).hourly_cost, 90)
        program = self.program.with_user(self.mentee_user)
        self.assertEqual(program.name, "Digital Leadership")
        for field in ("hourly_cost", "cost_per_mentee", "promoter_share"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                program.read([field])

    def test_outsiders_print_nothing(self):
        with self.assertRaises(AccessError):
            self._render(self.other_user)
