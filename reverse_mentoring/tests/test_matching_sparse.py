"""The sparse matching path of large programs, on plain arrays.

It must give the same optimal total as the dense method and brute force, keep
every hard rule and capacity, and never hold a mentees × mentors matrix.
"""

from unittest.mock import patch

import numpy as np

from odoo.tests import BaseCase, tagged

from ..matching import (
    DEFAULT_WEIGHTS,
    ELIGIBLE,
    PAIRED_BEFORE,
    REPORTING_LINE,
    eligibility,
    score_matrix,
    score_pairs,
    sparse,
)
from .matching_reference import assign, total_score
from .test_matching_engine import best_total, people


def rows_of(scores, reasons):
    """A ``score_rows`` callback over whole matrices, recording the rows asked."""
    asked = []

    def score_rows(rows):
        rows = np.asarray(rows)
        asked.append(rows.size)
        return scores[rows], reasons[rows]

    score_rows.asked = asked
    return score_rows


def random_case(rng, m, n, ties):
    if ties:
        scores = rng.integers(0, 5, size=(m, n)).astype(float) * 10
    else:
        scores = rng.random((m, n)) * 100
    reasons = np.where(rng.random((m, n)) >= 0.25, ELIGIBLE, REPORTING_LINE)
    capacity = rng.integers(0, 3, size=n)
    return scores, reasons.astype(np.int8), capacity


@tagged("at_install")
class TestSparseMatching(BaseCase):
    def assertValid(self, pairs, reasons, capacity):
        mentees = [i for i, _j in pairs]
        self.assertEqual(len(mentees), len(set(mentees)), "a mentee matched twice")
        for i, j in pairs:
            self.assertEqual(reasons[i, j], ELIGIBLE, f"ineligible pair {(i, j)}")
        load = np.bincount([j for _i, j in pairs], minlength=len(capacity))
        self.assertTrue((load <= np.maximum(capacity, 0)).all(), "over capacity")

    def test_exact_optimum_against_brute_force(self):
        rng = np.random.default_rng(20261123)
        for case in range(150):
            m, n = (int(size) for size in rng.integers(1, 7, size=2))
            scores, reasons, capacity = random_case(rng, m, n, ties=case % 2)
            # k=1 keeps one pair per mentee and mentor: the duality check has
            # to find and add every other pair the optimum needs.
            result = sparse.match(
                rows_of(scores, reasons), m, n, capacity, k=1, max_passes=50
            )
            with self.subTest(case=case, m=m, n=n):
                self.assertValid(result.pairs, reasons, capacity)
                expected = best_total(scores, reasons == ELIGIBLE, capacity)
                self.assertAlmostEqual(total_score(scores, result.pairs), expected)
                self.assertAlmostEqual(result.total, expected)
                self.assertEqual(result.gap, 0.0)

    def test_same_total_as_the_dense_method(self):
        rng = np.random.default_rng(7)
        for case in range(6):
            m, n = 120, 50
            scores, reasons, capacity = random_case(rng, m, n, ties=case % 2)
            dense = assign(scores, reasons == ELIGIBLE, capacity)
            result = sparse.match(rows_of(scores, reasons), m, n, capacity, k=4)
            with self.subTest(case=case):
                self.assertValid(result.pairs, reasons, capacity)
                self.assertAlmostEqual(result.total, total_score(scores, dense))
                self.assertEqual(result.gap, 0.0)

    def test_without_passes_the_gap_bounds_the_loss(self):
        rng = np.random.default_rng(3)
        scores, reasons, capacity = random_case(rng, 80, 30, ties=True)
        optimum = total_score(scores, assign(scores, reasons == ELIGIBLE, capacity))
        result = sparse.match(
            rows_of(scores, reasons), 80, 30, capacity, k=1, max_passes=1
        )
        self.assertValid(result.pairs, reasons, capacity)
        self.assertLessEqual(result.total, optimum + 1e-9)
        self.assertGreaterEqual(result.total + result.gap, optimum - 1e-9)

    def test_ineligible_pairs_never_proposed_even_when_best(self):
        scores = np.array([[100.0, 10.0], [90.0, 20.0]])
        reasons = np.array([[REPORTING_LINE, ELIGIBLE], [PAIRED_BEFORE, ELIGIBLE]])
        result = sparse.match(
            rows_of(scores, reasons.astype(np.int8)), 2, 2, np.array([2, 2])
        )
        self.assertEqual(result.pairs, [(0, 1), (1, 1)])
        candidates = result.candidates
        self.assertEqual(candidates.of(0)[0].tolist(), [1])
        # The explanation can tell that mentor 0 was skipped for mentee 1.
        self.assertEqual(candidates.refused_mentor.tolist(), [-1, 0])
        self.assertEqual(candidates.refused_score[1], 90.0)
        self.assertEqual(candidates.reason_counts[0, REPORTING_LINE], 1)

    def test_capacity_and_nothing_worth_zero(self):
        scores = np.array([[50.0, 0.0], [40.0, 0.0], [30.0, 0.0]])
        reasons = np.zeros((3, 2), dtype=np.int8)
        result = sparse.match(rows_of(scores, reasons), 3, 2, np.array([2, 5]))
        # Mentor 0 takes the two best; a pair worth 0 is not a proposal.
        self.assertEqual(result.pairs, [(0, 0), (1, 0)])
        self.assertEqual(sparse.match(rows_of(scores, reasons), 3, 2, [0, 0]).pairs, [])

    def test_memory_holds_chunks_not_the_matrix(self):
        rng = np.random.default_rng(11)
        scores, reasons, capacity = random_case(rng, 300, 40, ties=False)
        score_rows = rows_of(scores, reasons)
        with patch.object(sparse, "CHUNK_CELLS", 40 * 16):
            result = sparse.match(score_rows, 300, 40, capacity, k=3)
        self.assertLessEqual(max(score_rows.asked), 16)
        dense = assign(scores, reasons == ELIGIBLE, capacity)
        self.assertAlmostEqual(result.total, total_score(scores, dense))

    def test_no_mentor_or_no_mentee(self):
        empty = sparse.match(rows_of(np.zeros((3, 0)), np.zeros((3, 0))), 3, 0, [])
        self.assertEqual(empty.pairs, [])
        self.assertEqual(empty.candidates.reason_counts.shape[0], 3)
        nobody = sparse.match(rows_of(np.zeros((0, 2)), np.zeros((0, 2))), 0, 2, [1, 1])
        self.assertEqual(nobody.pairs, [])


@tagged("at_install")
class TestScorePairs(BaseCase):
    def test_pairs_score_like_the_matrix(self):
        rng = np.random.default_rng(5)
        mentees = people(
            6,
            n_topics=3,
            topics=rng.random((6, 3)) < 0.5,
            age=rng.uniform(40, 60, 6),
            depth=rng.integers(0, 3, 6),
            department=rng.integers(0, 3, 6),
        )
        mentors = people(
            4,
            n_topics=3,
            topics=rng.random((4, 3)) < 0.5,
            topic_level=rng.random((4, 3)),
            age=rng.uniform(20, 30, 4),
            depth=rng.integers(2, 5, 4),
            department=rng.integers(0, 3, 4),
            remote=rng.random(4) < 0.5,
        )
        total, parts = score_matrix(mentees, mentors, DEFAULT_WEIGHTS, False)
        rows, cols = np.array([0, 5, 3, 3]), np.array([1, 0, 3, 2])
        pair_total, pair_parts = score_pairs(
            mentees.take(rows), mentors.take(cols), DEFAULT_WEIGHTS, False
        )
        np.testing.assert_allclose(pair_total, total[rows, cols])
        for criterion, points in parts.items():
            np.testing.assert_allclose(pair_parts[criterion], points[rows, cols])

    def test_history_refuses_the_pair_in_either_order(self):
        reasons = eligibility(
            mentee_ids=[10, 11],
            mentor_ids=[20, 21],
            chain_pairs=[],
            mentee_company=[1, 1],
            mentor_company=[1, 1],
            program_company=1,
            cross_company=False,
            avoided_pairs=[],
            remaining_capacity=[1, 1],
            history_pairs=[(10, 20), (21, 11)],
        )
        self.assertEqual(
            reasons.tolist(), [[PAIRED_BEFORE, ELIGIBLE], [ELIGIBLE, PAIRED_BEFORE]]
        )
