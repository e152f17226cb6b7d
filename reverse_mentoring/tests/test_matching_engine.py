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
    pair_fit,
    score_matrix,
    score_pairs,
    score_totals,
    sparse,
)
from ..matching.scoring import FORMAT_EITHER, FORMAT_IN_PERSON, FORMAT_REMOTE
from .matching_reference import alternatives, assign, greedy, total_score


def people(n, n_topics=2, **columns):
    """``n`` people about whom nothing is known, except the given columns.

    Persons are numbered 1..n on each side; nobody wished anyone.
    """
    values = {
        "topics": np.zeros((n, n_topics), dtype=bool),
        "topic_level": np.full((n, n_topics), np.nan),
        "age": np.full(n, np.nan),
        "depth": np.zeros(n, dtype=int),
        "department": np.zeros(n, dtype=int),
        "company": np.zeros(n, dtype=int),
        "location": np.zeros(n, dtype=int),
        "remote": np.zeros(n, dtype=bool),
        "interests": np.zeros((n, 3), dtype=bool),
        "languages": np.zeros((n, 3), dtype=bool),
        "style": np.zeros(n, dtype=int),
        "meeting_format": np.zeros(n, dtype=int),
        "times": np.zeros((n, 4), dtype=bool),
        "person": np.arange(1, n + 1),
        "wishes": np.zeros((n, 0), dtype=int),
    }
    values.update(columns)
    return People(**values)


def random_people(rng, n, n_topics=4, first_person=1, wished=()):
    """``n`` people with every column drawn at random, unknowns included.

    They are the persons ``first_person..first_person + n - 1``, and each
    wishes up to two of the persons `wished` (the other side), or nobody.
    """
    level = rng.random((n, n_topics))
    level[rng.random((n, n_topics)) < 0.3] = np.nan
    age = rng.uniform(20, 65, n)
    age[rng.random(n) < 0.2] = np.nan
    wishes = np.zeros((n, 2), dtype=int)
    if len(wished):
        wishes = np.where(
            rng.random((n, 2)) < 0.3, rng.choice(np.asarray(wished), (n, 2)), 0
        )
    return People(
        topics=rng.random((n, n_topics)) < 0.4,
        topic_level=level,
        age=age,
        depth=rng.integers(0, 6, n),
        department=rng.integers(0, 4, n),
        company=rng.integers(1, 3, n),
        location=rng.integers(0, 3, n),
        remote=rng.random(n) < 0.5,
        interests=rng.random((n, 5)) < 0.3,
        languages=rng.random((n, 3)) < 0.4,
        style=rng.integers(0, 4, n),
        meeting_format=rng.integers(0, 4, n),
        times=rng.random((n, 4)) < 0.4,
        person=np.arange(first_person, first_person + n),
        wishes=wishes,
    )


def random_sides(rng, m, n):
    """Mentees (persons 1..m) and mentors (persons 101..) wishing each other."""
    mentees = random_people(rng, m, wished=np.arange(101, 101 + n))
    mentors = random_people(rng, n, first_person=101, wished=np.arange(1, m + 1))
    return mentees, mentors


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

    def test_optimal_on_scored_programs_with_every_criterion(self):
        """Scores of real criteria (interests, style, format, times, spoken
        languages and wishes included): the dense and the sparse proposals
        reach the brute-force optimum."""
        rng = np.random.default_rng(20261202)
        for case in range(60):
            m, n = (int(size) for size in rng.integers(1, 7, size=2))
            mentees, mentors = random_sides(rng, m, n)
            scores, _parts = score_matrix(
                mentees, mentors, DEFAULT_WEIGHTS, bool(case % 2)
            )
            capacity = rng.integers(1, 3, size=n)
            eligible = rng.random((m, n)) >= 0.2
            reasons = np.where(eligible, ELIGIBLE, REPORTING_LINE).astype(np.int8)
            optimum = best_total(scores, eligible, capacity)
            found = sparse.match(
                lambda rows, s=scores, r=reasons: (s[rows], r[rows]), m, n, capacity
            )
            with self.subTest(case=case, m=m, n=n):
                pairs = assign(scores, eligible, capacity)
                self.assertValidProposals(pairs, eligible, capacity)
                self.assertAlmostEqual(total_score(scores, pairs), optimum, places=9)
                self.assertValidProposals(found.pairs, eligible, capacity)
                self.assertAlmostEqual(found.total, optimum, places=9)
                self.assertEqual(found.gap, 0)

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
        # Spoken languages: English, German, French.
        mentees = people(2, languages=np.array([[1, 1, 0], [0, 0, 0]], dtype=bool))
        mentors = people(
            3, languages=np.array([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=bool)
        )
        np.testing.assert_allclose(
            self.total(mentees, mentors, "language"), [[100, 0, 50], [50, 50, 50]]
        )

    def test_interest_fit_is_the_share_of_interests_in_common(self):
        mentees = people(2, interests=np.array([[1, 1, 0], [0, 0, 0]], dtype=bool))
        mentors = people(
            5,
            interests=np.array(
                [[1, 1, 0], [1, 0, 0], [1, 0, 1], [0, 0, 1], [0, 0, 0]], dtype=bool
            ),
        )
        np.testing.assert_allclose(
            self.total(mentees, mentors, "interest"),
            [[100, 50, 100 / 3, 0, 50], [50] * 5],
        )

    def test_style_fit(self):
        mentees = people(2, style=np.array([1, 0]))
        mentors = people(3, style=np.array([1, 2, 0]))
        np.testing.assert_allclose(
            self.total(mentees, mentors, "style"), [[100, 0, 50], [50, 50, 50]]
        )

    def test_format_fit_either_suits_both(self):
        codes = np.array([FORMAT_IN_PERSON, FORMAT_REMOTE, FORMAT_EITHER, 0])
        np.testing.assert_allclose(
            self.total(
                people(4, meeting_format=codes),
                people(4, meeting_format=codes),
                "format",
            ),
            [
                [100, 0, 100, 50],
                [0, 100, 100, 50],
                [100, 100, 100, 50],
                [50, 50, 50, 50],
            ],
        )

    def test_times_fit_is_the_share_of_the_fewer_times_that_suit_both(self):
        # Morning, lunch, afternoon, evening.
        mentees = people(2, times=np.array([[1, 1, 0, 0], [0, 0, 0, 0]], dtype=bool))
        mentors = people(
            5,
            times=np.array(
                [[1, 0, 0, 0], [1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0]],
                dtype=bool,
            ),
        )
        np.testing.assert_allclose(
            self.total(mentees, mentors, "times"),
            [[100, 50, 0, 100, 50], [50] * 5],
        )

    def test_a_mutual_wish_counts_twice_a_wish_of_one_side(self):
        # Mentee 1 wishes mentors 11 and 12, mentee 2 nobody; mentor 11
        # wishes mentee 1, mentor 13 mentee 2.
        mentees = people(
            2, person=np.array([1, 2]), wishes=np.array([[11, 12], [0, 0]])
        )
        mentors = people(
            3, person=np.array([11, 12, 13]), wishes=np.array([[1], [0], [2]])
        )
        np.testing.assert_allclose(
            self.total(mentees, mentors, "wish"), [[100, 50, 0], [0, 0, 50]]
        )
        # Nobody wished anyone: no wish column at all.
        np.testing.assert_array_equal(self.total(people(2), people(3), "wish"), 0)

    def test_pair_fit_gives_the_fits_of_aligned_pairs(self):
        mentees, mentors = random_sides(np.random.default_rng(11), 6, 5)
        rows, cols = np.array([0, 5, 3, 3, 1]), np.array([1, 0, 4, 2, 1])
        for criterion in CRITERIA:
            with self.subTest(criterion=criterion):
                matrix, _parts = score_matrix(mentees, mentors, only(criterion), True)
                np.testing.assert_allclose(
                    100 * pair_fit(criterion, mentees.take(rows), mentors.take(cols)),
                    matrix[rows, cols],
                )

    def test_blocks_of_mentees_score_like_the_rows_of_the_whole_matrix(self):
        """The matching scores a large program block by block, without the
        parts: a block, with a mentee taken twice too, gives the rows of the
        whole matrix, wishes of both sides included."""
        mentees, mentors = random_sides(np.random.default_rng(12), 8, 6)
        rows = np.array([6, 2, 2, 0])
        for cross_company in (False, True):
            with self.subTest(cross_company=cross_company):
                whole, _parts = score_matrix(
                    mentees, mentors, DEFAULT_WEIGHTS, cross_company
                )
                block = score_totals(
                    mentees.take(rows), mentors, DEFAULT_WEIGHTS, cross_company
                )
                np.testing.assert_allclose(block, whole[rows])
        # Mentee 1, taken twice, wished mentor 11; mentor 12 wished mentee 1:
        # both rows of that mentee hold both wishes.
        mentees = people(2, person=np.array([1, 2]), wishes=np.array([[11], [0]]))
        mentors = people(2, person=np.array([11, 12]), wishes=np.array([[0], [1]]))
        np.testing.assert_allclose(
            self.total(mentees.take([0, 1, 0]), mentors, "wish"),
            [[50, 50], [0, 0], [50, 50]],
        )

    def test_opposites_attract_outweighs_likeness_by_default(self):
        """A mentor who is the mentee's opposite in age, hierarchy and
        department beats one who is alike in everything else, wishes included."""
        opposites = ("age", "hierarchy", "department")
        likeness = ("interest", "style", "format", "times", "wish")
        self.assertGreater(
            sum(DEFAULT_WEIGHTS[c] for c in opposites),
            sum(DEFAULT_WEIGHTS[c] for c in likeness),
        )
        mentee = people(
            1,
            age=np.array([58.0]),
            department=np.array([1]),
            interests=np.array([[1, 1, 0]], dtype=bool),
            style=np.array([1]),
            meeting_format=np.array([FORMAT_IN_PERSON]),
            times=np.array([[1, 0, 0, 0]], dtype=bool),
            person=np.array([1]),
            wishes=np.array([[12]]),
        )
        mentors = people(
            2,
            age=np.array([24.0, 57.0]),
            depth=np.array([3, 0]),
            department=np.array([2, 1]),
            interests=np.array([[0, 0, 1], [1, 1, 0]], dtype=bool),
            style=np.array([2, 1]),
            meeting_format=np.array([FORMAT_REMOTE, FORMAT_IN_PERSON]),
            times=np.array([[0, 0, 0, 1], [1, 0, 0, 0]], dtype=bool),
            person=np.array([11, 12]),
            wishes=np.array([[0], [1]]),
        )
        total, parts = score_matrix(mentee, mentors, DEFAULT_WEIGHTS, False)
        for criterion in likeness:
            self.assertEqual(parts[criterion][0, 0], 0, criterion)
            self.assertGreater(parts[criterion][0, 1], 0, criterion)
        self.assertGreater(total[0, 0], total[0, 1])

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
        mentees, mentors = random_sides(rng, 30, 20)
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
        alike = {
            "location": np.array([1]),
            "interests": np.array([[1, 0, 1]], dtype=bool),
            "languages": np.array([[0, 1, 0]], dtype=bool),
            "style": np.array([2]),
            "meeting_format": np.array([FORMAT_EITHER]),
            "times": np.array([[0, 1, 0, 0]], dtype=bool),
        }
        mentee = people(
            1,
            1,
            topics=np.array([[True]]),
            age=np.array([58.0]),
            depth=np.array([0]),
            department=np.array([1]),
            company=np.array([1]),
            person=np.array([1]),
            wishes=np.array([[2]]),
            **alike,
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
            person=np.array([2]),
            wishes=np.array([[1]]),
            **alike,
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
        with self.assertRaisesRegex(ValueError, "same interests"):
            score_matrix(
                people(1, interests=np.zeros((1, 2))), people(1), DEFAULT_WEIGHTS, True
            )
        with self.assertRaisesRegex(ValueError, "above 0"):
            people(1, person=np.array([0]))
        with self.assertRaisesRegex(ValueError, "2-D"):
            people(2, wishes=np.array([3, 4]))
        with self.assertRaisesRegex(ValueError, "one value per person"):
            people(2, times=np.zeros((3, 4), dtype=bool))

    def test_pairs_score_like_the_matrix_with_every_criterion(self):
        mentees, mentors = random_sides(np.random.default_rng(8), 9, 7)
        rows, cols = np.array([0, 8, 3, 3, 5, 1]), np.array([1, 0, 6, 2, 5, 1])
        for cross_company in (True, False):
            total, parts = score_matrix(
                mentees, mentors, DEFAULT_WEIGHTS, cross_company
            )
            pair_total, pair_parts = score_pairs(
                mentees.take(rows), mentors.take(cols), DEFAULT_WEIGHTS, cross_company
            )
            np.testing.assert_allclose(pair_total, total[rows, cols])
            for criterion in CRITERIA:
                np.testing.assert_allclose(
                    pair_parts[criterion], parts[criterion][rows, cols]
                )

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
