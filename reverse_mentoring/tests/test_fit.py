"""Did the fit work? The fit rating per tandem and the average by match-score band."""

from odoo.exceptions import AccessError

from .test_feedback import FeedbackCase


class TestFitRating(FeedbackCase):
    def _rated(self, score, ratings, name):
        tandem = self._tandem(name=name, match_score=score)
        for side, value in ratings.items():
            survey = self.final_mentor if side == "mentor" else self.final_mentee
            employee = tandem.mentor_id if side == "mentor" else tandem.mentee_id
            self._answer(tandem, survey, employee, {f"q_{side}_fit": value})
        return tandem

    def test_fit_by_match_score_band_over_the_minimum_of_answers(self):
        self.program.feedback_min_answers = 3
        both = self._rated(90, {"mentor": 5, "mentee": 4}, "Top")
        self._rated(88, {"mentee": 3}, "Good")
        self._rated(75, {"mentor": 2}, "Middle")
        self.assertEqual(both.sudo().fit_rating, 4.5)
        self.assertEqual(both.sudo().fit_answer_count, 2)
        program = self.program.with_user(self.coordinator)
        self.assertTrue(program.fit_85_up_enough)
        self.assertEqual(program.fit_85_up, 4.0)
        self.assertFalse(program.fit_70_84_enough, "one answer tells what one said")
        self.assertEqual(program.fit_70_84, 0.0)
        self.assertFalse(program.fit_below_50_enough)

    def test_nobody_of_mentoring_reads_a_tandems_fit(self):
        tandem = self._rated(90, {"mentor": 5, "mentee": 1}, "Private")
        for user in (self.coordinator, self.mentoring_admin, self.mentor_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                tandem.with_user(user).read(["fit_rating"])
