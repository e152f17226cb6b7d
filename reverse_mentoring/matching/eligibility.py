"""Hard rules: which mentee–mentor pairs may be proposed at all.

A pair that breaks a hard rule is never proposed, however well it scores.
:func:`eligibility` returns, for every pair, the code of the first rule it
breaks (or :data:`ELIGIBLE`), so the caller can both filter the pairs and tell
the coordinator why a mentee could not be matched.

Filtering participants is the caller's job: pass confirmed participants of
the program only, and leave out mentees who already have an open tandem in
the program.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike

# Reason codes, in the order the rules are checked: the first rule a pair
# breaks gives its code.
ELIGIBLE = 0
SAME_PERSON = 1
REPORTING_LINE = 2
OTHER_COMPANY = 3
AVOIDED = 4
NO_CAPACITY = 5
PAIRED_BEFORE = 6

# Stable keys for the reason codes, for callers that map them to
# translated messages.
REASON_KEYS = {
    ELIGIBLE: "eligible",
    SAME_PERSON: "same_person",
    REPORTING_LINE: "reporting_line",
    OTHER_COMPANY: "other_company",
    AVOIDED: "avoided",
    NO_CAPACITY: "no_capacity",
    PAIRED_BEFORE: "paired_before",
}


def _ids(name: str, value: ArrayLike) -> np.ndarray:
    """``value`` as a 1-D int64 array of distinct employee ids."""
    ids = np.asarray(value)
    if ids.size == 0:
        return np.zeros(0, dtype=np.int64)
    if ids.ndim != 1 or ids.dtype.kind not in "iu":
        raise ValueError(f"{name} must be a 1-D array of integer employee ids.")
    ids = ids.astype(np.int64)
    if np.unique(ids).size != ids.size:
        raise ValueError(f"{name} lists the same employee more than once.")
    return ids


def _pairs(name: str, value: Iterable) -> np.ndarray:
    """An iterable of (id, id) pairs as an int64 array of shape (k, 2)."""
    if not isinstance(value, np.ndarray):
        value = list(value)
    pairs = np.asarray(value, dtype=np.int64)
    if pairs.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError(f"{name} must be a sequence of (employee id, id) pairs.")
    return pairs


def _positions(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Position of each value in ``ids`` (distinct ids), -1 when absent."""
    if ids.size == 0:
        return np.full(values.shape, -1, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    index = np.minimum(np.searchsorted(sorted_ids, values), ids.size - 1)
    return np.where(sorted_ids[index] == values, order[index], -1)


def _pair_mask(
    pairs: np.ndarray, mentee_ids: np.ndarray, mentor_ids: np.ndarray
) -> np.ndarray:
    """Bool (mentees × mentors) matrix: the pair is listed, in either order."""
    mask = np.zeros((mentee_ids.size, mentor_ids.size), dtype=bool)
    for first, second in ((0, 1), (1, 0)):
        rows = _positions(mentee_ids, pairs[:, first])
        cols = _positions(mentor_ids, pairs[:, second])
        found = (rows >= 0) & (cols >= 0)
        mask[rows[found], cols[found]] = True
    return mask


def eligibility(
    mentee_ids: ArrayLike,
    mentor_ids: ArrayLike,
    chain_pairs: Iterable[tuple[int, int]],
    mentee_company: ArrayLike,
    mentor_company: ArrayLike,
    program_company: int,
    cross_company: bool,
    avoided_pairs: Iterable[tuple[int, int]],
    remaining_capacity: ArrayLike,
    history_pairs: Iterable[tuple[int, int]] = (),
) -> np.ndarray:
    """Reason code of every mentee–mentor pair; 0 (ELIGIBLE) where allowed.

    Args:
        mentee_ids: employee ids of the mentees (m distinct ints).
        mentor_ids: employee ids of the mentors (n distinct ints). An employee
            may appear on both sides (enrolled in both roles).
        chain_pairs: (employee id, manager id) pairs listing every manager
            above an employee at any depth (the transitive closure of the
            management chain). Pairs about other employees are ignored.
        mentee_company: company id of each mentee (m ints).
        mentor_company: company id of each mentor (n ints).
        program_company: company id of the program.
        cross_company: whether the program allows people from other companies.
        avoided_pairs: (employee id, employee id) pairs that must never be
            proposed, in either order.
        remaining_capacity: free slots of each mentor (n ints).
        history_pairs: (employee id, employee id) pairs who formed a tandem
            before and may not be proposed again, in either order; leave empty
            when the program allows pairing people again.

    Returns:
        An int8 (m, n) matrix. For each pair, the code of the first rule it
        breaks, checked in this order: :data:`SAME_PERSON`,
        :data:`REPORTING_LINE` (one manages the other at any depth, either
        direction), :data:`OTHER_COMPANY` (either person outside the
        program's company when the program is not cross-company),
        :data:`AVOIDED`, :data:`PAIRED_BEFORE`, :data:`NO_CAPACITY` (remaining
        capacity ≤ 0).

    Raises:
        ValueError: on malformed input (shapes, duplicate ids, bad pairs).
    """
    mentees = _ids("mentee_ids", mentee_ids)
    mentors = _ids("mentor_ids", mentor_ids)
    m, n = mentees.size, mentors.size
    capacity = np.asarray(remaining_capacity).reshape(-1)
    mentee_company = np.asarray(mentee_company).reshape(-1)
    mentor_company = np.asarray(mentor_company).reshape(-1)
    for name, array, size in (
        ("remaining_capacity", capacity, n),
        ("mentee_company", mentee_company, m),
        ("mentor_company", mentor_company, n),
    ):
        if array.size != size:
            raise ValueError(f"{name} has {array.size} values, expected {size}.")
    chain = _pairs("chain_pairs", chain_pairs)
    avoided = _pairs("avoided_pairs", avoided_pairs)
    history = _pairs("history_pairs", history_pairs)

    # Write the rules from the last to the first, so that the first rule a
    # pair breaks overwrites the others.
    reasons = np.zeros((m, n), dtype=np.int8)
    reasons[:, capacity <= 0] = NO_CAPACITY
    reasons[_pair_mask(history, mentees, mentors)] = PAIRED_BEFORE
    reasons[_pair_mask(avoided, mentees, mentors)] = AVOIDED
    if not cross_company:
        reasons[mentee_company != program_company, :] = OTHER_COMPANY
        reasons[:, mentor_company != program_company] = OTHER_COMPANY
    reasons[_pair_mask(chain, mentees, mentors)] = REPORTING_LINE
    reasons[mentees[:, np.newaxis] == mentors[np.newaxis, :]] = SAME_PERSON
    return reasons
