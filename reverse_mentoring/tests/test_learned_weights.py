"""For the next round: matching weights learned from the earlier rounds' fit ratings."""

import itertools

import numpy as np
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged

from ..matching import CRITERIA
from ..matching.learning import (
    NO_SIGNAL,
    NO_SPREAD,
    TOO_FEW,
    learn_weights,
)
from .common import HR_OFFICER_GROUPS
from .test_feedback import FeedbackCase

NAMES = ("a", "b", "c", "d", "e")


def brute_force_nnls(x, y):
    """The least squares over b ≥ 0 with a free intercept, by trying every support."""
    xc, yc = x - x.mean(axis=0), y - y.mean()
    best, best_b = float(yc @ yc), np.zeros(x.shape[1])
    for size in range(1, x.shape[1] + 1):
        for support in itertools.combinations(range(x.shape[1]), size):
            b_s = np.linalg.lstsq(xc[:, support], yc, rcond=None)[0]
            if (b_s < 0).any():
                continue
            b = np.zeros(x.shape[1])
            b[list(support)] = b_s
            residual = yc - xc @ b
            if residual @ residual < best:
                best, best_b = float(residual @ residual), b
    return best_b


@tagged("at_install")
class TestLearnWeights(BaseCase):
    def test_recovers_known_weights_from_noisy_ratings(self):
        rng = np.random.default_rng(7)
        fits = rng.random((300, 5))
        truth = np.array([45, 0, 25, 30, 0])
        ratings = 1 + 4 * fits @ truth / 100 + rng.normal(0, 0.05, 300)
        learned = learn_weights(fits, ratings, NAMES)
        self.assertIsNone(learned.reason)
        self.assertEqual(learned.n, 300)
        self.assertEqual(sum(learned.weights.values()), 100)
        for name, weight in zip(NAMES, truth, strict=True):
            self.assertAlmostEqual(learned.weights[name], weight, delta=2, msg=name)
        self.assertGreater(learned.r2, 0.95)
        self.assertGreater(learned.correlations["a"], 0.5)

    def test_a_criterion_that_goes_with_worse_ratings_gets_nothing(self):
        rng = np.random.default_rng(3)
        fits = rng.random((80, 5))
        # "b" goes with worse ratings: least squares would give it a negative weight.
        ratings = 2 + 2 * fits[:, 0] - 1.5 * fits[:, 1] + 1 * fits[:, 2]
        learned = learn_weights(fits, ratings, NAMES)
        self.assertEqual(learned.weights["b"], 0)
        self.assertLess(learned.correlations["b"], 0)
        self.assertGreater(learned.weights["a"], learned.weights["c"])

    def test_the_weights_are_the_optimum_of_the_non_negative_least_squares(self):
        # Whole ratings, 1 to 5, with much noise, like real answers.
        rng = np.random.default_rng(11)
        fits = rng.random((40, 5))
        noisy = 1 + 3 * fits[:, 0] + 2 * fits[:, 3] + rng.normal(0, 1, 40)
        ratings = np.clip(np.round(noisy), 1, 5)
        learned = learn_weights(fits, ratings, NAMES)
        expected = brute_force_nnls(fits, ratings)
        shares = 100 * expected / expected.sum()
        for name, share in zip(NAMES, shares, strict=True):
            self.assertLessEqual(abs(learned.weights[name] - share), 1, name)
        xc, yc = fits - fits.mean(axis=0), ratings - ratings.mean()
        residual = yc - xc @ expected
        self.assertAlmostEqual(
            learned.r2, 1 - (residual @ residual) / (yc @ yc), places=6
        )

    def test_whole_weights_add_up_to_100(self):
        # Three criteria that count alike: a third each, in whole numbers.
        fits = np.tile(list(itertools.product((0.0, 1.0), repeat=3)), (3, 1))
        ratings = 1 + fits.sum(axis=1)
        learned = learn_weights(fits, ratings, ("a", "b", "c"))
        self.assertEqual(sum(learned.weights.values()), 100)
        self.assertEqual(sorted(learned.weights.values()), [33, 33, 34])

    def test_too_few_rated_tandems_give_no_suggestion(self):
        rng = np.random.default_rng(5)
        fits = rng.random((19, 5))
        learned = learn_weights(fits, 1 + 4 * fits[:, 0], NAMES)
        self.assertEqual(learned.reason, TOO_FEW)
        self.assertIsNone(learned.weights)
        self.assertEqual(learned.correlations, {}, "nothing under the minimum")
        more = learn_weights(fits, 1 + 4 * fits[:, 0], NAMES, min_samples=30)
        self.assertEqual(more.reason, TOO_FEW)

    def test_degenerate_data_give_no_suggestion(self):
        rng = np.random.default_rng(5)
        fits = rng.random((30, 5))
        same_rating = learn_weights(fits, np.full(30, 4.0), NAMES)
        self.assertEqual(same_rating.reason, NO_SPREAD)
        self.assertIsNone(same_rating.weights)
        constant = learn_weights(np.full((30, 5), 0.5), fits[:, 0] * 4 + 1, NAMES)
        self.assertEqual(constant.reason, NO_SIGNAL)
        self.assertEqual(set(constant.correlations.values()), {None})
        worse = np.column_stack([fits[:, 0], np.ones((30, 4))])
        only_worse = learn_weights(worse, 5 - 4 * fits[:, 0], NAMES)
        self.assertEqual(only_worse.reason, NO_SIGNAL)
        self.assertIsNone(only_worse.weights)

    def test_malformed_input_is_refused(self):
        fits = np.full((25, 5), 0.5)
        ratings = np.full(25, 3.0)
        for bad_fits, bad_ratings in (
            (fits[:, :4], ratings),
            (fits, ratings[:24]),
            (fits[0], ratings),
            (np.where(np.eye(25, 5, dtype=bool), np.nan, fits), ratings),
            (fits + 1, ratings),
            (fits, np.where(np.arange(25) == 3, np.inf, ratings)),
        ):
            with self.subTest(shape=np.shape(bad_fits)), self.assertRaises(ValueError):
                learn_weights(bad_fits, bad_ratings, NAMES)


class TestSuggestedWeights(FeedbackCase):
    """The earlier round: 19 rated tandems; the pairs across departments fitted
    better. Only the department criterion varies between the pairs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_officer = cls._user("rm_learned_hr", HR_OFFICER_GROUPS)
        departments = cls.env["hr.department"].create(
            [
                {"name": "Sales", "company_id": cls.company.id},
                {"name": "Research", "company_id": cls.company.id},
            ]
        )
        cls.departments = departments
        for number in range(19):
            cls._rated(number)
        action = cls.program.with_user(cls.coordinator).action_new_round()
        cls.next_round = cls.env["mentoring.program"].browse(action["res_id"])
        cls.weights = {c: cls.next_round[f"weight_{c}"] for c in cls._criteria()}

    @classmethod
    def _criteria(cls):
        return [c for c in CRITERIA if f"weight_{c}" in cls.env["mentoring.program"]]

    @classmethod
    def _rated(cls, number, program=None):
        """A tandem of the earlier round; across departments every third one."""
        tandem = cls._tandem(program, name=f"Rated {number}")
        across = number % 3 != 0
        tandem.mentee_id.department_id = cls.departments[number % 2]
        tandem.mentor_id.department_id = cls.departments[(number + across) % 2]
        ratings = {"mentor": 5, "mentee": 4} if across else {"mentee": 2}
        for side, value in ratings.items():
            survey = cls.final_mentor if side == "mentor" else cls.final_mentee
            employee = tandem.mentor_id if side == "mentor" else tandem.mentee_id
            cls._answer(tandem, survey, employee, {f"q_{side}_fit": value})
        return tandem

    def _current_weights(self):
        return {c: self.next_round[f"weight_{c}"] for c in self._criteria()}

    def test_under_20_rated_tandems_no_suggestion(self):
        program = self.next_round.with_user(self.coordinator)
        self.assertFalse(program.learned_weights_ready)
        self.assertEqual(program.learned_weights_count, 0, "not even how many")
        self.assertEqual(program.learned_weights_minimum, 20)
        self.assertIn("enough tandems that rated", program.learned_weights_table)
        self.assertNotIn("<table", program.learned_weights_table)
        with self.assertRaises(UserError):
            program.action_apply_learned_weights()
        self.assertEqual(self._current_weights(), self.weights)

    def test_from_20_rated_tandems_a_suggestion_applied_with_one_click(self):
        for number in range(19, 22):
            self._rated(number)
        program = self.next_round.with_user(self.coordinator)
        self.assertTrue(program.learned_weights_ready)
        self.assertEqual(program.learned_weights_count, 22)
        table = program.learned_weights_table
        self.assertIn("<table", table)
        self.assertIn("Other Department", table)
        self.assertAlmostEqual(
            program.learned_weights_r2, 1.0, msg="the department explains every rating"
        )
        self.assertEqual(self._current_weights(), self.weights, "only a suggestion")
        program.action_apply_learned_weights()
        self.assertEqual(
            self._current_weights(),
            {c: 100 if c == "department" else 0 for c in self._criteria()},
        )
        earlier = {c: self.program[f"weight_{c}"] for c in self._criteria()}
        self.assertEqual(earlier, self.weights, "the earlier round keeps its own")

    def test_every_earlier_round_of_the_chain_counts_and_no_later_one(self):
        self.next_round.state = "running"
        for number in range(19, 22):
            self._rated(number, self.next_round)
        action = self.next_round.with_user(self.coordinator).action_new_round()
        third = self.env["mentoring.program"].browse(action["res_id"])
        self.assertTrue(third.with_user(self.coordinator).learned_weights_ready)
        self.assertEqual(third.with_user(self.coordinator).learned_weights_count, 22)
        self.assertFalse(
            self.next_round.with_user(self.coordinator).learned_weights_ready,
            "its own tandems are not an earlier round's",
        )
        self.assertFalse(self.program.with_user(self.coordinator).learned_weights_ready)

    def test_the_suggestion_rests_on_the_programs_minimum_of_answers(self):
        for number in range(19, 22):
            self._rated(number)
        self.next_round.feedback_min_answers = 25
        program = self.next_round.with_user(self.coordinator)
        self.assertFalse(program.learned_weights_ready)
        self.assertEqual(program.learned_weights_minimum, 25)
        self.assertEqual(program.learned_weights_count, 0)
        with self.assertRaises(UserError):
            program.action_apply_learned_weights()

    def test_only_the_programs_coordinators_apply_it(self):
        for number in range(19, 22):
            self._rated(number)
        for user in (self.mentor_user, self.foreign_coordinator, self.hr_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.next_round.with_user(user).action_apply_learned_weights()
            self.assertEqual(self._current_weights(), self.weights)

    def test_the_matching_tab_offers_the_button_with_a_suggestion_only(self):
        def buttons(user):
            programs = self.env["mentoring.program"].with_user(user)
            arch = programs.get_views([(False, "form")])["views"]["form"]["arch"]
            return etree.fromstring(arch).xpath(
                "//page[@name='matching']//button[@name='action_apply_learned_weights']"
            )

        (button,) = buttons(self.coordinator)
        self.assertEqual(
            button.getparent().get("invisible"), "not learned_weights_ready"
        )
        self.assertFalse(buttons(self.mentor_user), "no Matching tab for a member")

    def test_members_and_hr_read_no_suggestion(self):
        for user in (self.mentor_user, self.hr_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.program.with_user(user).read(["learned_weights_table"])

    def test_the_suggestion_is_not_writable_from_the_client(self):
        program = self.next_round.with_user(self.coordinator)
        for vals in (
            {"learned_weights_ready": True},
            {"learned_weights_count": 30},
            {"learned_weights_minimum": 1},
            {"learned_weights_r2": 1.0},
            {"learned_weights_table": "<p>weight_topic: 100</p>"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                program.write(vals)
        with self.assertRaises(UserError):
            program.with_context(
                learned_weights_ready=True
            ).action_apply_learned_weights()
        self.assertEqual(self._current_weights(), self.weights)
