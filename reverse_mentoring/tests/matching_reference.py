"""Dense reference assignments, for the tests and ``make bench`` only.

The shipped matching solves on a sparse candidate graph
(:mod:`reverse_mentoring.matching.sparse`); these functions work on whole
mentees × mentors matrices, to check it against. :func:`assign` finds a
globally optimal set of pairs: the total score of the proposed tandems is as
high as any assignment that respects eligibility and mentor capacity can
reach. :func:`greedy` is the spreadsheet method coordinators use by hand
("take the best remaining pair"), the baseline that shows what the optimiser
gains. :func:`alternatives` lists, per mentee, the best eligible mentors.

Pairs are ``(mentee_index, mentor_index)`` tuples of row and column positions
in the score matrix.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import linear_sum_assignment


def _check_scores(scores: ArrayLike) -> np.ndarray:
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2:
        raise ValueError("scores must be a 2-D (mentees × mentors) matrix.")
    if not np.isfinite(scores).all():
        raise ValueError("scores must be finite numbers (no NaN or infinity).")
    return scores


def _check_eligible(eligible: ArrayLike, shape: tuple[int, int]) -> np.ndarray:
    eligible = np.asarray(eligible)
    if eligible.dtype != bool:
        # Guards against passing the reason-code matrix itself, where 0 means
        # eligible and would be read as False.
        raise ValueError(
            "eligible must be a boolean matrix, e.g. reasons == ELIGIBLE, "
            f"got dtype {eligible.dtype}."
        )
    if eligible.shape != shape:
        raise ValueError(
            f"eligible has shape {eligible.shape}, expected {shape} like scores."
        )
    return eligible


def _check_capacity(capacity: ArrayLike, n_mentors: int) -> np.ndarray:
    capacity = np.asarray(capacity).reshape(-1)
    if capacity.size != n_mentors:
        raise ValueError(
            f"capacity has {capacity.size} values, expected one per mentor "
            f"({n_mentors})."
        )
    if capacity.size and capacity.dtype.kind not in "iu":
        raise ValueError("capacity must hold integers.")
    return np.maximum(capacity.astype(np.int64), 0)


def assign(
    scores: ArrayLike, eligible: ArrayLike, capacity: ArrayLike
) -> list[tuple[int, int]]:
    """Globally optimal tandem proposals (maximum total score).

    Each mentee gets at most one mentor, each mentor ``j`` at most
    ``capacity[j]`` mentees, and only eligible pairs are proposed. The sum of
    the scores of the proposed pairs is maximal; the number of pairs is not
    maximised for its own sake: a mentee stays unmatched when giving them a
    mentor would cost more elsewhere than it brings.

    Method: :func:`scipy.optimize.linear_sum_assignment` on a matrix with one
    column per free mentor slot (a mentor with capacity 2 appears twice,
    capacity 0 not at all). An ineligible pair is worth 0, the same as leaving
    the mentee unmatched, and is dropped from the result afterwards. Pairs
    with a score of 0 or less add nothing to the total and are dropped too, so
    a mentee whose only eligible mentors score 0 is left unmatched. Mentees
    and mentors that cannot form any positive pair are removed beforehand,
    and a mentor never gets more slots than the mentees it could take, which
    keeps the matrix small without changing the optimum.

    Determinism and ties: the solver has no randomness, so the same input
    always gives the same pairs. When several assignments reach the same
    optimal total (for instance two mentors with identical profiles), which
    one is returned depends only on the order of the rows and columns; pass
    mentees and mentors in a stable order (e.g. by record id) to get the same
    proposals from the same data. The optimal total never depends on the
    order.

    Args:
        scores: float (m, n) matrix of pair scores.
        eligible: bool (m, n) matrix, True where the pair may be proposed.
        capacity: int (n,) free slots per mentor; values below 0 count as 0.

    Returns:
        ``(mentee_index, mentor_index)`` pairs sorted by mentee index.
    """
    scores = _check_scores(scores)
    eligible = _check_eligible(eligible, scores.shape)
    capacity = _check_capacity(capacity, scores.shape[1])

    useful = eligible & (scores > 0) & (capacity > 0)[np.newaxis, :]
    rows = np.flatnonzero(useful.any(axis=1))
    if rows.size == 0:
        return []
    slots = np.minimum(capacity, useful[rows].sum(axis=0))
    slot_mentor = np.repeat(np.arange(scores.shape[1]), slots)
    gain = np.where(useful, scores, 0.0)[np.ix_(rows, slot_mentor)]
    picked_rows, picked_slots = linear_sum_assignment(gain, maximize=True)
    keep = gain[picked_rows, picked_slots] > 0
    mentees = rows[picked_rows[keep]]
    mentors = slot_mentor[picked_slots[keep]]
    order = np.argsort(mentees, kind="stable")
    return list(zip(mentees[order].tolist(), mentors[order].tolist(), strict=True))


def greedy(
    scores: ArrayLike, eligible: ArrayLike, capacity: ArrayLike
) -> list[tuple[int, int]]:
    """The spreadsheet baseline: repeatedly take the best remaining pair.

    Eligible pairs are taken by descending score (ties: lower mentee index,
    then lower mentor index); a pair is kept when its mentee is still free and
    its mentor has a free slot. Unlike :func:`assign`, eligible pairs scoring
    0 are kept, as a coordinator working down a sorted list would do. Fast and
    intuitive, but a high-scoring early pick can block two good pairs later,
    so the total is often below the optimum.

    Returns:
        ``(mentee_index, mentor_index)`` pairs sorted by mentee index.
    """
    scores = _check_scores(scores)
    eligible = _check_eligible(eligible, scores.shape)
    free = _check_capacity(capacity, scores.shape[1]).copy()

    candidate_rows, candidate_cols = np.nonzero(eligible & (free > 0)[np.newaxis, :])
    candidate_scores = scores[candidate_rows, candidate_cols]
    order = np.lexsort((candidate_cols, candidate_rows, -candidate_scores))
    matched = np.zeros(scores.shape[0], dtype=bool)
    slots_left = int(free.sum())
    pairs = []
    ranked = zip(
        candidate_rows[order].tolist(), candidate_cols[order].tolist(), strict=True
    )
    for i, j in ranked:
        if matched[i] or free[j] == 0:
            continue
        matched[i] = True
        free[j] -= 1
        pairs.append((i, j))
        slots_left -= 1
        if slots_left == 0 or len(pairs) == scores.shape[0]:
            break
    pairs.sort()
    return pairs


def total_score(scores: ArrayLike, pairs: Iterable[tuple[int, int]]) -> float:
    """Sum of the scores of ``pairs`` (0.0 for no pair)."""
    scores = np.asarray(scores, dtype=np.float64)
    index = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
    if index.size == 0:
        return 0.0
    if scores.ndim != 2 or (index < 0).any() or (index >= scores.shape).any():
        raise ValueError("A pair refers to a mentee or mentor outside scores.")
    return float(scores[index[:, 0], index[:, 1]].sum())


def alternatives(
    scores: ArrayLike, eligible: ArrayLike, k: int = 3
) -> list[list[tuple[int, float]]]:
    """The ``k`` best eligible mentors of each mentee.

    Capacity is not considered beyond what ``eligible`` already says: a
    mentor listed here may have given all their slots to other proposals.

    Returns:
        One list per mentee (in row order) of up to ``k``
        ``(mentor_index, score)`` tuples, best score first; equal scores are
        listed by mentor index.
    """
    scores = _check_scores(scores)
    eligible = _check_eligible(eligible, scores.shape)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise ValueError(f"k must be an integer of 0 or more, got {k!r}.")
    m, n = scores.shape
    k = min(int(k), n)
    if k == 0:
        return [[] for _ in range(m)]
    # Ineligible pairs sort last; the stable sort keeps lower mentor indexes
    # first among equal scores.
    keyed = np.where(eligible, -scores, np.inf)
    best = np.argsort(keyed, axis=1, kind="stable")[:, :k]
    result = []
    for i in range(m):
        row = best[i]
        row = row[eligible[i, row]]
        result.append([(int(j), float(scores[i, j])) for j in row])
    return result
