"""The matching engine on plain arrays: scores, hard rules and optimal proposals.

These tests need no database: they feed the engine the arrays the matching
wizard builds and check what a coordinator would see in the proposals. They
derive from Odoo's BaseCase, without a database, so that Odoo's test runner
runs them too (it ignores plain unittest classes); they need no other module,
so they run at install like the addon's other unit tests.
"""

from functools import cache

import numpy as np

from odoo.tests import BaseCase, tagged

from ..matching import (
    AVOIDED,
    CRITERIA,
    DEFAULT_WEIGHTS,
    ELIGIBLE,
    NO_CAPACITY,
    OTHER_COMPANY,
    REPORTING_LINE,
    SAME_PERSON,
    People,
    age_gap_band,
    eligibility,
    score_matrix,
)
from .matching_reference import alternatives, assign, greedy, total_score


def people(n, n_topics=2, **columns):
    """``n`` people about whom nothing is known, except the given columns."""
    values = {
        "topics": np.zeros((n, n_topics), dtype=bool),
        "topic_level": np.full((n, n_topics), np.nan),
        "age": np.full(n, np.nan),
        "depth": np.zeros(n, dtype=int),
        "department": np.zeros(n, dtype=int),
        "company": np.zeros(n, dtype=int),
        "language": np.zeros(n, dtype=int),
        "location": np.zeros(n, dtype=int),
        "remote": np.zeros(n, dtype=bool),
    }
    values.update(columns)
    return People(**values)


def only(criterion):
    """Weights that count a single criterion: the total is 100 × its fit."""
    return {criterion: 1}


def best_total(scores, eligible, capacity):
    """Exact optimum by dynamic programming over mentees.

    The state is the index of the next mentee and the tuple of remaining
    mentor capacities; each mentee is either left unmatched or given an
    eligible mentor with a free slot.
    """
    m, n = scores.shape

    @cache
    def best(i, free):
        if i == m:
            return 0.0
        value = best(i + 1, free)
        for j in range(n):
            if free[j] and eligible[i, j]:
                rest = free[:j] + (free[j] - 1,) + free[j + 1 :]
                value = max(value, scores[i, j] + best(i + 1, rest))
        return value

    return best(0, tuple(int(c) for c in capacity))


@tagged("at_install")
class TestAssignment(BaseCase):
    def assertValidProposals(self, pairs, eligible, capacity):
        mentees = [i for i, _j in pairs]
        self.assertEqual(len(mentees), len(set(mentees)), "a mentee matched twice")
        for i, j in pairs:
            self.assertTrue(eligible[i, j], f"ineligible pair {(i, j)} proposed")
        load = np.bincount([j for _i, j in pairs], minlength=len(capacity))
        self.assertTrue((load <= capacity).all(), "a mentor is over capacity")

    def test_optimal_on_random_small_instances(self):
        rng = np.random.default_rng(20260522)
        for case in range(200):
            m, n = (int(size) for size in rng.integers(1, 8, size=2))
            capacity = rng.integers(1, 3, size=n)
            eligible = rng.random((m, n)) >= 0.2
            if case % 2:
                # Few distinct values: many ties and some zero scores.
                scores = rng.integers(0, 5, size=(m, n)).astype(float) * 10
            else:
                scores = rng.random((m, n)) * 100
            pairs = assign(scores, eligible, capacity)
            with self.subTest(case=case, m=m, n=n):
                self.assertValidProposals(pairs, eligible, capacity)
                self.assertAlmostEqual(
                    total_score(scores, pairs),
                    best_total(scores, eligible, capacity),
                    places=9,
                )
                self.assertLessEqual(
                    total_score(scores, greedy(scores, eligible, capacity)),
                    total_score(scores, pairs) + 1e-9,
                )

    def test_optimal_beats_greedy(self):
        # Greedy grabs the single best pair (Ann with Zoe, 90) and leaves Bob
        # with a poor mentor; swapping gives both a good one.
        scores = np.array(
            [
                [90.0, 80.0],  # Ann: Zoe, Yan
                [85.0, 10.0],  # Bob: Zoe, Yan
            ]
        )
        eligible = np.ones((2, 2), dtype=bool)
        capacity = np.array([1, 1])
        self.assertEqual(greedy(scores, eligible, capacity), [(0, 0), (1, 1)])
        self.assertEqual(total_score(scores, greedy(scores, eligible, capacity)), 100)
        self.assertEqual(assign(scores, eligible, capacity), [(0, 1), (1, 0)])
        self.assertEqual(total_score(scores, assign(scores, eligible, capacity)), 165)

    def test_mentee_left_unmatched_when_that_maximises_the_total(self):
        # Matching both mentees (Ann with Yan, Bob with Zoe) would total 2;
        # giving Zoe to Ann is worth 100 and leaves Bob unmatched.
        scores = np.array(
            [
                [100.0, 1.0],  # Ann: Zoe, Yan
                [1.0, 99.0],  # Bob: Zoe, Yan (ineligible)
            ]
        )
        eligible = np.array([[True, True], [True, False]])
        self.assertEqual(assign(scores, eligible, np.array([1, 1])), [(0, 0)])

    def test_pairs_worth_nothing_are_not_proposed(self):
        scores = np.array([[70.0, 0.0], [0.0, 0.0]])
        eligible = np.ones((2, 2), dtype=bool)
        self.assertEqual(assign(scores, eligible, np.array([1, 1])), [(0, 0)])

    def test_capacity_is_respected(self):
        # Everybody prefers mentor 0, who can take two mentees only.
        scores = np.array([[90.0, 20.0], [80.0, 30.0], [70.0, 10.0], [60.0, 5.0]])
        eligible = np.ones(scores.shape, dtype=bool)
        pairs = assign(scores, eligible, np.array([2, 5]))
        self.assertEqual(sum(1 for _i, j in pairs if j == 0), 2)
        self.assertEqual(len(pairs), 4)
        self.assertValidProposals(pairs, eligible, np.array([2, 5]))
        self.assertEqual(pairs, [(0, 0), (1, 1), (2, 0), (3, 1)])

    def test_mentor_without_capacity_gets_nobody(self):
        scores = np.array([[99.0, 10.0]])
        eligible = np.ones((1, 2), dtype=bool)
        self.assertEqual(assign(scores, eligible, np.array([0, 1])), [(0, 1)])
        self.assertEqual(greedy(scores, eligible, np.array([0, 1])), [(0, 1)])
        self.assertEqual(assign(scores, eligible, np.array([-1, 0])), [])

    def test_empty_inputs(self):
        for m, n in ((0, 0), (0, 3), (3, 0)):
            scores = np.zeros((m, n))
            eligible = np.ones((m, n), dtype=bool)
            capacity = np.ones(n, dtype=int)
            with self.subTest(m=m, n=n):
                self.assertEqual(assign(scores, eligible, capacity), [])
                self.assertEqual(greedy(scores, eligible, capacity), [])
                self.assertEqual(alternatives(scores, eligible), [[]] * m)
        scores = np.full((2, 2), 50.0)
        eligible = np.ones((2, 2), dtype=bool)
        self.assertEqual(assign(scores, eligible, np.zeros(2, dtype=int)), [])
        self.assertEqual(assign(scores, ~eligible, np.ones(2, dtype=int)), [])
        self.assertEqual(total_score(scores, []), 0.0)

    def test_same_input_same_proposals(self):
        rng = np.random.default_rng(7)
        # Integer scores: plenty of equally good assignments to choose from.
        scores = rng.integers(0, 4, size=(40, 15)).astype(float)
        eligible = rng.random((40, 15)) > 0.3
        capacity = rng.integers(0, 4, size=15)
        first = assign(scores, eligible, capacity)
        for _attempt in range(3):
            self.assertEqual(assign(scores, eligible, capacity), first)
            self.assertEqual(
                assign(scores.copy(), eligible.copy(), capacity.copy()), first
            )
        self.assertEqual(first, sorted(first))

    def test_shuffled_input_gives_the_same_proposals(self):
        rng = np.random.default_rng(11)
        scores = rng.random((30, 12)) * 100  # distinct: a single optimum
        eligible = rng.random((30, 12)) > 0.2
        capacity = rng.integers(1, 3, size=12)
        expected = assign(scores, eligible, capacity)
        rows, cols = rng.permutation(30), rng.permutation(12)
        shuffled = assign(
            scores[np.ix_(rows, cols)], eligible[np.ix_(rows, cols)], capacity[cols]
        )
        self.assertEqual(
            sorted((int(rows[i]), int(cols[j])) for i, j in shuffled), expected
        )
        # With ties, the order may pick another optimum, never a worse one.
        tied = np.round(scores / 25) * 25
        self.assertAlmostEqual(
            total_score(tied, assign(tied, eligible, capacity)),
            total_score(
                tied[np.ix_(rows, cols)],
                assign(
                    tied[np.ix_(rows, cols)],
                    eligible[np.ix_(rows, cols)],
                    capacity[cols],
                ),
            ),
        )

    def test_greedy_breaks_ties_by_mentee_then_mentor(self):
        scores = np.full((2, 2), 50.0)
        eligible = np.ones((2, 2), dtype=bool)
        self.assertEqual(greedy(scores, eligible, np.array([1, 1])), [(0, 0), (1, 1)])

    def test_reason_matrix_is_not_accepted_as_eligibility(self):
        reasons = np.zeros((1, 1), dtype=np.int8)  # 0 means eligible
        with self.assertRaises(ValueError):
            assign(np.ones((1, 1)), reasons, np.array([1]))

    def test_alternatives_best_first_ties_by_mentor(self):
        scores = np.array([[40.0, 90.0, 40.0, 95.0, 70.0]])
        eligible = np.array([[True, True, True, False, True]])
        self.assertEqual(
            alternatives(scores, eligible, k=3), [[(1, 90.0), (4, 70.0), (0, 40.0)]]
        )
        self.assertEqual(
            alternatives(scores, eligible, k=10),
            [[(1, 90.0), (4, 70.0), (0, 40.0), (2, 40.0)]],
        )
        self.assertEqual(alternatives(scores, eligible, k=0), [[]])


@tagged("at_install")
class TestEligibility(BaseCase):
    """Each hard rule on two mentors for one mentee: mentor 0 breaks the rule
    and would score highest, mentor 1 is fine."""

    def reasons(self, **overrides):
        args = {
            "mentee_ids": np.array([10]),
            "mentor_ids": np.array([20, 21]),
            "chain_pairs": [],
            "mentee_company": np.array([1]),
            "mentor_company": np.array([1, 1]),
            "program_company": 1,
            "cross_company": False,
            "avoided_pairs": [],
            "remaining_capacity": np.array([1, 1]),
        }
        args.update(overrides)
        return eligibility(**args)

    def assertNeverProposed(self, reasons, code):
        self.assertEqual(reasons.dtype, np.int8)
        self.assertEqual(reasons.tolist(), [[code, ELIGIBLE]])
        scores = np.array([[100.0, 40.0]])
        pairs = assign(scores, reasons == ELIGIBLE, np.array([1, 1]))
        self.assertEqual(pairs, [(0, 1)])
        self.assertEqual(greedy(scores, reasons == ELIGIBLE, np.array([1, 1])), pairs)
        self.assertEqual(alternatives(scores, reasons == ELIGIBLE), [[(1, 40.0)]])

    def test_everyone_eligible(self):
        self.assertEqual(self.reasons().tolist(), [[ELIGIBLE, ELIGIBLE]])

    def test_nobody_mentors_themselves(self):
        reasons = self.reasons(mentor_ids=np.array([10, 21]))
        self.assertNeverProposed(reasons, SAME_PERSON)

    def test_nobody_mentors_their_boss(self):
        # 20 reports to 15, who reports to 10: the mentee is the mentor's boss.
        chain = [(20, 15), (20, 10), (15, 10)]
        self.assertNeverProposed(self.reasons(chain_pairs=chain), REPORTING_LINE)

    def test_nobody_mentors_their_own_report(self):
        # The mentee reports (two levels down) to the mentor.
        chain = [(10, 30), (10, 20), (30, 20)]
        self.assertNeverProposed(self.reasons(chain_pairs=chain), REPORTING_LINE)

    def test_other_company_only_in_cross_company_programs(self):
        self.assertNeverProposed(
            self.reasons(mentor_company=np.array([2, 1])), OTHER_COMPANY
        )
        self.assertEqual(
            self.reasons(mentor_company=np.array([2, 1]), cross_company=True).tolist(),
            [[ELIGIBLE, ELIGIBLE]],
        )
        # A mentee from another company can match nobody.
        self.assertEqual(
            self.reasons(mentee_company=np.array([2])).tolist(),
            [[OTHER_COMPANY, OTHER_COMPANY]],
        )

    def test_avoided_pairs_in_either_order(self):
        self.assertNeverProposed(self.reasons(avoided_pairs=[(10, 20)]), AVOIDED)
        self.assertNeverProposed(self.reasons(avoided_pairs={(20, 10)}), AVOIDED)

    def test_mentor_without_remaining_capacity(self):
        self.assertNeverProposed(
            self.reasons(remaining_capacity=np.array([0, 2])), NO_CAPACITY
        )

    def test_first_broken_rule_is_reported(self):
        reasons = self.reasons(
            mentor_ids=np.array([10, 20]),
            chain_pairs=[(10, 20)],
            mentor_company=np.array([2, 2]),
            avoided_pairs=[(10, 20)],
            remaining_capacity=np.array([0, 0]),
        )
        self.assertEqual(reasons.tolist(), [[SAME_PERSON, REPORTING_LINE]])
        reasons = self.reasons(
            mentor_company=np.array([2, 1]),
            avoided_pairs=[(10, 20), (10, 21)],
            remaining_capacity=np.array([0, 0]),
        )
        self.assertEqual(reasons.tolist(), [[OTHER_COMPANY, AVOIDED]])

    def test_unrelated_pairs_do_not_block(self):
        reasons = self.reasons(chain_pairs=[(99, 20), (10, 98)], avoided_pairs=[(1, 2)])
        self.assertEqual(reasons.tolist(), [[ELIGIBLE, ELIGIBLE]])

    def test_empty_sides(self):
        self.assertEqual(self.reasons(mentee_ids=[], mentee_company=[]).shape, (0, 2))
        reasons = self.reasons(mentor_ids=[], mentor_company=[], remaining_capacity=[])
        self.assertEqual(reasons.shape, (1, 0))

    def test_duplicate_participant_is_rejected(self):
        with self.assertRaises(ValueError):
            self.reasons(mentor_ids=np.array([20, 20]))


@tagged("at_install")
class TestScoring(BaseCase):
    def total(self, mentees, mentors, criterion, cross_company=True):
        total, _parts = score_matrix(mentees, mentors, only(criterion), cross_company)
        return total

    def test_topic_fit(self):
        # The mentee wants topics 0 and 1.
        mentee = people(1, 3, topics=np.array([[True, True, False]]))
        mentors = people(
            5,
            3,
            topics=np.array(
                [
                    [True, False, False],  # 1 of 2, expert
                    [True, True, False],  # 2 of 2, levels unknown
                    [True, True, False],  # 2 of 2, beginner
                    [False, False, True],  # only an unwanted topic
                    [True, True, True],  # 2 of 2, experts
                ]
            ),
            topic_level=np.array(
                [
                    [1.0, np.nan, np.nan],
                    [np.nan, np.nan, np.nan],
                    [0.0, 0.0, np.nan],
                    [np.nan, np.nan, 1.0],
                    [1.0, 1.0, 1.0],
                ]
            ),
        )
        np.testing.assert_allclose(
            self.total(mentee, mentors, "topic"), [[50, 75, 50, 0, 100]]
        )
        # A mentee without wishes is half-happy with anyone.
        np.testing.assert_allclose(
            self.total(people(1, 3), mentors, "topic"), [[50] * 5]
        )

    def test_age_fit_prefers_much_younger_mentors(self):
        mentee = people(2, age=np.array([55.0, np.nan]))
        mentors = people(5, age=np.array([25.0, 40.0, 55.0, 60.0, np.nan]))
        np.testing.assert_allclose(
            self.total(mentee, mentors, "age"),
            [[100, 200 / 3, 100 / 3, 0, 50], [50, 50, 50, 50, 50]],
        )

    def test_age_score_tells_no_more_than_the_band(self):
        """With only the age weighted, a score reveals the band, never years."""
        mentee = people(1, age=np.array([58.3]))
        ages = np.array([21.0, 29.7, 38.3, 45.1, 48.4, 58.2, 59.0, 70.5])
        scores = self.total(mentee, people(len(ages), age=ages), "age")[0]
        bands = [age_gap_band(58.3 - age) for age in ages]
        self.assertEqual(
            len(set(np.round(scores, 9))), len(set(bands)), (scores, bands)
        )
        for score, band in zip(scores, bands, strict=True):
            same_band = [s for s, b in zip(scores, bands, strict=True) if b == band]
            self.assertEqual(set(same_band), {score})

    def test_hierarchy_fit(self):
        mentee = people(1, depth=np.array([1]))
        mentors = people(4, depth=np.array([4, 5, 2, 0]))
        np.testing.assert_allclose(
            self.total(mentee, mentors, "hierarchy"), [[100, 100, 100 / 3, 0]]
        )

    def test_department_fit(self):
        mentees = people(2, department=np.array([7, 0]))
        mentors = people(3, department=np.array([8, 7, 0]))
        np.testing.assert_allclose(
            self.total(mentees, mentors, "department"), [[100, 0, 50], [50, 50, 50]]
        )

    def test_company_fit_counts_only_across_companies(self):
        mentees = people(1, company=np.array([1]))
        mentors = people(2, company=np.array([2, 1]))
        np.testing.assert_allclose(self.total(mentees, mentors, "company"), [[100, 0]])
        total, parts = score_matrix(
            mentees, mentors, {"company": 5, "topic": 5}, cross_company=False
        )
        np.testing.assert_array_equal(parts["company"], 0)
        # Only topic counts: a mentee without wishes gets 50 with everyone.
        np.testing.assert_allclose(total, [[50, 50]])
        np.testing.assert_array_equal(
            score_matrix(mentees, mentors, {"company": 3}, False)[0], 0
        )

    def test_language_fit(self):
        mentees = people(2, language=np.array([3, 0]))
        mentors = people(3, language=np.array([3, 4, 0]))
        np.testing.assert_allclose(
            self.total(mentees, mentors, "language"), [[100, 0, 50], [50, 50, 50]]
        )

    def test_location_fit(self):
        mentees = people(2, location=np.array([5, 0]), remote=np.array([False, True]))
        mentors = people(
            3, location=np.array([5, 6, 0]), remote=np.array([False, True, True])
        )
        np.testing.assert_allclose(
            self.total(mentees, mentors, "location"), [[100, 0, 0], [0, 100, 100]]
        )

    def test_parts_add_up_to_total(self):
        rng = np.random.default_rng(3)

        def random_people(n):
            level = rng.random((n, 4))
            level[rng.random((n, 4)) < 0.3] = np.nan
            age = rng.uniform(20, 65, n)
            age[rng.random(n) < 0.2] = np.nan
            return People(
                topics=rng.random((n, 4)) < 0.4,
                topic_level=level,
                age=age,
                depth=rng.integers(0, 6, n),
                department=rng.integers(0, 4, n),
                company=rng.integers(1, 3, n),
                language=rng.integers(0, 3, n),
                location=rng.integers(0, 3, n),
                remote=rng.random(n) < 0.5,
            )

        mentees, mentors = random_people(30), random_people(20)
        for cross_company in (True, False):
            total, parts = score_matrix(
                mentees, mentors, DEFAULT_WEIGHTS, cross_company
            )
            self.assertEqual(set(parts), set(CRITERIA))
            self.assertEqual(total.shape, (30, 20))
            np.testing.assert_allclose(sum(parts.values()), total)
            self.assertGreaterEqual(total.min(), 0)
            self.assertLessEqual(total.max(), 100)
        # Only ratios matter.
        doubled = {key: 2 * value for key, value in DEFAULT_WEIGHTS.items()}
        np.testing.assert_allclose(
            score_matrix(mentees, mentors, doubled, True)[0],
            score_matrix(mentees, mentors, DEFAULT_WEIGHTS, True)[0],
        )

    def test_perfect_pair_scores_100_with_default_weights(self):
        mentee = people(
            1,
            1,
            topics=np.array([[True]]),
            age=np.array([58.0]),
            depth=np.array([0]),
            department=np.array([1]),
            company=np.array([1]),
            language=np.array([1]),
            location=np.array([1]),
        )
        mentor = people(
            1,
            1,
            topics=np.array([[True]]),
            topic_level=np.array([[1.0]]),
            age=np.array([24.0]),
            depth=np.array([4]),
            department=np.array([2]),
            company=np.array([2]),
            language=np.array([1]),
            location=np.array([1]),
        )
        for cross_company in (True, False):
            total, _parts = score_matrix(mentee, mentor, DEFAULT_WEIGHTS, cross_company)
            self.assertAlmostEqual(total[0, 0], 100)

    def test_weights_change_the_ranking(self):
        # The mentee (CEO, 60) wants social media. Mentor 0 is an expert but
        # a peer in age and level; mentor 1 is young and junior but a beginner.
        mentee = people(
            1, 1, topics=np.array([[True]]), age=np.array([60.0]), depth=np.array([0])
        )
        mentors = people(
            2,
            1,
            topics=np.array([[True], [True]]),
            topic_level=np.array([[1.0], [0.0]]),
            age=np.array([55.0, 25.0]),
            depth=np.array([1, 4]),
        )
        topic_first = {"topic": 10, "age": 1, "hierarchy": 1}
        opposites_first = {"topic": 1, "age": 5, "hierarchy": 5}
        total, _parts = score_matrix(mentee, mentors, topic_first, False)
        self.assertGreater(total[0, 0], total[0, 1])
        self.assertEqual(
            assign(total, np.ones((1, 2), bool), np.array([1, 1])), [(0, 0)]
        )
        total, _parts = score_matrix(mentee, mentors, opposites_first, False)
        self.assertLess(total[0, 0], total[0, 1])
        self.assertEqual(
            assign(total, np.ones((1, 2), bool), np.array([1, 1])), [(0, 1)]
        )

    def test_all_weights_zero(self):
        total, parts = score_matrix(people(2), people(3), {}, True)
        np.testing.assert_array_equal(total, np.zeros((2, 3)))
        self.assertTrue(all((part == 0).all() for part in parts.values()))

    def test_invalid_input_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "0 or more"):
            score_matrix(people(1), people(1), {"topic": -1}, True)
        with self.assertRaisesRegex(ValueError, "Unknown matching criteria"):
            score_matrix(people(1), people(1), {"salary": 1}, True)
        with self.assertRaisesRegex(ValueError, "same topics"):
            score_matrix(people(1, 2), people(1, 3), DEFAULT_WEIGHTS, True)
        with self.assertRaisesRegex(ValueError, "one value per person"):
            people(2, age=np.array([30.0]))
        with self.assertRaisesRegex(ValueError, r"\[0, 1\]"):
            people(1, 1, topic_level=np.array([[80.0]]))

    def test_age_gap_band(self):
        cases = {
            35: "large",
            20: "large",
            19.9: "medium",
            10: "medium",
            9.5: "small",
            0: "small",
            -0.5: "reverse",
            float("nan"): "unknown",
            None: "unknown",
        }
        for gap, band in cases.items():
            with self.subTest(gap=gap):
                self.assertEqual(age_gap_band(gap), band)


@tagged("at_install")
class TestEndToEnd(BaseCase):
    def test_the_whole_chain_on_a_small_program(self):
        """Three senior leaders, three young mentors: each leader gets the
        mentor who teaches their topic and is not in their reporting line."""
        mentee_ids, mentor_ids = np.array([1, 2, 3]), np.array([11, 12, 13])
        # Topic 0: social media, 1: cloud tools, 2: hybrid work.
        mentees = people(
            3, 3, topics=np.eye(3, dtype=bool), age=np.array([58.0, 52.0, 61.0])
        )
        offered = np.eye(3, dtype=bool)[[0, 1, 2]]
        mentors = people(
            3,
            3,
            topics=offered,
            topic_level=np.where(offered, 1.0, np.nan),
            age=np.array([24.0, 27.0, 23.0]),
            depth=np.array([4, 4, 5]),
        )
        total, _parts = score_matrix(mentees, mentors, DEFAULT_WEIGHTS, False)
        # Mentor 11 reports to leader 1: the natural pair is forbidden.
        chain = [(11, 1)]
        reasons = eligibility(
            mentee_ids,
            mentor_ids,
            chain,
            np.ones(3, int),
            np.ones(3, int),
            1,
            False,
            [],
            np.array([1, 1, 2]),
        )
        pairs = assign(total, reasons == ELIGIBLE, np.array([1, 1, 2]))
        self.assertNotIn((0, 0), pairs)
        self.assertIn((1, 1), pairs)
        self.assertIn((2, 2), pairs)
        self.assertEqual(len(pairs), 3)
