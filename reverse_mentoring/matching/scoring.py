"""Match score of every mentee–mentor pair ("opposites attract").

Reverse mentoring pairs a young, digitally fluent mentor with a senior leader.
A good tandem is one where the mentor can teach what the mentee wants to learn
and where the two people differ as much as possible in age, hierarchy level,
department and (for cross-company programs) company, while practicalities such
as a shared language, a place, a format and a time to meet still work, and the
two get on: shared interests, a compatible way of talking things through, and
the partners they wished for.

Each criterion yields a *fit* in [0, 1] for every pair; the score of a pair is
the weighted mean of the fits, scaled to 0..100. Everything is computed on
whole (n_mentees, n_mentors) matrices with numpy broadcasting, never pair by
pair, so that a program with thousands of participants scores in milliseconds.

Privacy: ages are HR-restricted data. This module reads them from arrays the
caller provides, and the age fit depends on the coarse band of the age gap
only (:data:`AGE_GAP_BANDS`), so that no score, whatever the weights, tells
more than the band the explanation shows in words.

Sets (topics, interests, spoken languages, times of day) are boolean
(people × items) matrices whose columns are the same on both sides, so that
what two people share is one matrix product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

CRITERIA = (
    "topic",
    "age",
    "hierarchy",
    "department",
    "company",
    "language",
    "location",
    "interest",
    "style",
    "format",
    "times",
    "wish",
)

# "Opposites attract" (age, hierarchy, department: 40) outweighs everything
# that makes two people alike (interests, style, format, times, wishes: 26).
DEFAULT_WEIGHTS = {
    "topic": 40,
    "age": 15,
    "hierarchy": 15,
    "department": 10,
    "company": 5,
    "language": 5,
    "location": 10,
    "interest": 5,
    "style": 5,
    "format": 3,
    "times": 3,
    "wish": 10,
}

# Meeting formats (People.meeting_format); 0 is unknown. "Either" suits both.
FORMAT_IN_PERSON, FORMAT_REMOTE, FORMAT_EITHER = 1, 2, 3

# A hierarchy distance of this many levels gives the full hierarchy fit.
FULL_DEPTH_GAP = 3.0

# Bands of the age gap (mentee minus mentor, in years): (key, smallest gap,
# fit), from the widest gap down. A smaller gap is "reverse" (the mentor is
# older, fit 0); an unknown age on either side is "unknown" (fit 0.5).
_AGE_BANDS = (("large", 20.0, 1.0), ("medium", 10.0, 2 / 3), ("small", 0.0, 1 / 3))
AGE_GAP_BANDS = (*(band[0] for band in _AGE_BANDS), "reverse", "unknown")

_ID_FIELDS = ("department", "company", "location", "style", "meeting_format", "person")
# Boolean (people × items) matrices; both sides use the same columns.
_SET_FIELDS = ("topics", "interests", "languages", "times")


@dataclass(frozen=True, eq=False)
class People:
    """One side of a program (all mentees or all mentors) as numpy arrays.

    Every array describes the same ``n`` people in the same order; the
    constructor converts its arguments with :func:`numpy.asarray` and checks
    shapes and value ranges, raising :class:`ValueError` on bad input.

    Attributes:
        topics: bool (n, T): topics wanted (mentees) or offered (mentors).
        topic_level: float (n, T) in [0, 1], NaN when unknown. Only used for
            mentors: their best skill level among the skills linked to each
            topic. Pass all NaN for mentees.
        age: float (n,), years, NaN when unknown.
        depth: int (n,), position in the management chain (0 = top of the
            organisation, 1 = reports to the top, ...).
        department: int (n,), department id, 0 = unknown or none.
        company: int (n,), company id, 0 = unknown or none.
        location: int (n,), work location id, 0 = unknown or none.
        remote: bool (n,), the person is open to remote sessions.
        interests: bool (n, I): personal interests.
        languages: bool (n, L): languages the person speaks (none: unknown).
        style: int (n,), communication style code, 0 = unknown.
        meeting_format: int (n,), :data:`FORMAT_IN_PERSON`,
            :data:`FORMAT_REMOTE` or :data:`FORMAT_EITHER`, 0 = unknown.
        times: bool (n, 4): the times of day that suit the person (morning,
            lunch, afternoon, evening; none: unknown).
        person: int (n,), an id of the person, above 0, that the other side's
            ``wishes`` name.
        wishes: int (n, W): ``person`` ids of the other side this person
            wished to be paired with, 0 = no wish (padding).
    """

    topics: np.ndarray
    topic_level: np.ndarray
    age: np.ndarray
    depth: np.ndarray
    department: np.ndarray
    company: np.ndarray
    location: np.ndarray
    remote: np.ndarray
    interests: np.ndarray
    languages: np.ndarray
    style: np.ndarray
    meeting_format: np.ndarray
    times: np.ndarray
    person: np.ndarray
    wishes: np.ndarray

    def __post_init__(self):
        values = {
            name: np.asarray(getattr(self, name), dtype=bool) for name in _SET_FIELDS
        }
        for name, value in values.items():
            if value.ndim != 2:
                raise ValueError(
                    f"{name} must be a 2-D (people × {name}) array, got "
                    f"{value.ndim} dimension(s)."
                )
        topics = values["topics"]
        n = topics.shape[0]
        level = np.asarray(self.topic_level, dtype=np.float64)
        if level.shape != topics.shape:
            raise ValueError(
                f"topic_level has shape {level.shape}, expected {topics.shape} "
                "like topics."
            )
        known_level = level[~np.isnan(level)]
        if known_level.size and (known_level.min() < 0 or known_level.max() > 1):
            raise ValueError("topic_level values must lie in [0, 1] or be NaN.")
        age = np.asarray(self.age, dtype=np.float64)
        if np.isinf(age).any():
            raise ValueError("age must be finite or NaN (unknown).")
        depth = _integers("depth", self.depth)
        if depth.size and depth.min() < 0:
            raise ValueError("depth must be 0 (top of the organisation) or more.")
        wishes = _integers("wishes", self.wishes)
        if wishes.ndim != 2:
            raise ValueError(
                f"wishes must be a 2-D (people × wishes) array, got {wishes.ndim} "
                "dimension(s)."
            )
        values.update(
            topic_level=level,
            age=age,
            depth=depth,
            remote=np.asarray(self.remote, dtype=bool),
            wishes=wishes,
        )
        for name in _ID_FIELDS:
            values[name] = _integers(name, getattr(self, name))
        if values["person"].size and values["person"].min() < 1:
            raise ValueError("person ids must be above 0.")
        for name, value in values.items():
            per_row = name in (*_SET_FIELDS, "topic_level", "wishes")
            if value.shape[:1] != (n,) or (value.ndim != 1 and not per_row):
                raise ValueError(
                    f"{name} has shape {value.shape}, expected ({n},): one value "
                    "per person."
                )
            object.__setattr__(self, name, value)

    def __len__(self):
        return self.topics.shape[0]

    @property
    def n_topics(self) -> int:
        """Number of topic columns (T)."""
        return self.topics.shape[1]

    def __repr__(self):
        return f"People(n={len(self)}, n_topics={self.n_topics})"

    def take(self, index: ArrayLike) -> People:
        """The people at positions ``index`` (in that order, repeats allowed)."""
        index = np.asarray(index, dtype=np.int64)
        # Rows of checked arrays need no second check: the matching takes
        # blocks of mentees, and the explanation single people, many times.
        taken = object.__new__(People)
        for name in self.__dataclass_fields__:  # pylint: disable=no-member
            object.__setattr__(taken, name, getattr(self, name)[index])
        return taken


def _integers(name: str, value: ArrayLike) -> np.ndarray:
    """``value`` as an int64 array; reject non-integral numbers."""
    array = np.asarray(value)
    if array.dtype.kind in "biu":
        return array.astype(np.int64)
    if array.dtype.kind == "f" and np.array_equal(array, np.round(array)):
        return array.astype(np.int64)
    raise ValueError(f"{name} must hold whole numbers, got {array.dtype} values.")


def _check_weights(weights: dict, cross_company: bool) -> dict[str, float]:
    """Validated weights of the criteria that count (missing criteria: 0)."""
    unknown = set(weights) - set(CRITERIA)
    if unknown:
        raise ValueError(
            f"Unknown matching criteria {sorted(unknown)}; expected some of "
            f"{list(CRITERIA)}."
        )
    checked = {}
    for criterion in CRITERIA:
        value = float(weights.get(criterion, 0))
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"The weight of '{criterion}' must be a finite number.")
        if value < 0:
            raise ValueError(
                f"The weight of '{criterion}' is {value:g}; weights must be 0 or more."
            )
        checked[criterion] = value
    if not cross_company:
        checked["company"] = 0.0
    return checked


def _outer(
    left: np.ndarray, right: np.ndarray, pairwise: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Views of a mentee column and a mentor row that broadcast to a matrix;
    with ``pairwise``, the two aligned arrays themselves (i-th with i-th)."""
    if pairwise:
        return left, right
    return left[:, np.newaxis], right[np.newaxis, :]


def _fit_array(left: np.ndarray, right: np.ndarray, pairwise: bool) -> np.ndarray:
    """A new float matrix (or, with ``pairwise``, vector) for the fits of
    ``left`` against ``right``."""
    shape = (len(left),) if pairwise else (len(left), len(right))
    return np.empty(shape, dtype=np.float64)


def _set_where_unknown(
    fit: np.ndarray,
    left_unknown: np.ndarray,
    right_unknown: np.ndarray,
    pairwise: bool,
    value: float = 0.5,
) -> np.ndarray:
    """``fit``, set in place to ``value`` for the pairs where either side is
    unknown (one flag per person of each side)."""
    if pairwise:
        fit[left_unknown | right_unknown] = value
    else:
        fit[left_unknown, :] = value
        fit[:, right_unknown] = value
    return fit


# Whole-matrix arithmetic works in place on one new array per criterion: a
# large program scores millions of pairs per block, and every temporary
# matrix costs as much as the arithmetic itself.


def _topic_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    wanted = mentees.topics.astype(np.float64)
    level = np.where(np.isnan(mentors.topic_level), 0.5, mentors.topic_level)
    strength = np.where(mentors.topics, 0.5 + 0.5 * level, 0.0)
    n_wanted = wanted.sum(axis=1)
    divisor = np.maximum(n_wanted, 1.0)
    if pairwise:
        covered = (wanted * strength).sum(axis=1)
    else:
        covered = wanted @ strength.T
        divisor = divisor[:, np.newaxis]
    np.divide(covered, divisor, out=covered)
    return _set_where_unknown(
        covered, n_wanted == 0, np.zeros(len(mentors), dtype=bool), pairwise
    )


def _age_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    mentee_age, mentor_age = _outer(mentees.age, mentors.age, pairwise)
    gap = mentee_age - mentor_age
    # How many band floors the gap reaches picks the band: none is "reverse".
    floors = sorted(_AGE_BANDS, key=lambda band: band[1])
    fits = np.array([0.0, *(band_fit for _key, _low, band_fit in floors)])
    reached = np.zeros(gap.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for _key, low, _fit in floors:
            reached += gap >= low
    return _set_where_unknown(
        fits[reached], np.isnan(mentees.age), np.isnan(mentors.age), pairwise
    )


def _hierarchy_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    mentee_depth, mentor_depth = _outer(mentees.depth, mentors.depth, pairwise)
    fit = np.subtract(mentor_depth, mentee_depth, dtype=np.float64)
    fit /= FULL_DEPTH_GAP
    return np.clip(fit, 0.0, 1.0, out=fit)


def _same_fit(left: np.ndarray, right: np.ndarray, pairwise: bool) -> np.ndarray:
    """1 where both codes are known (not 0) and equal, 0 where they differ,
    0.5 where either is unknown."""
    fit = _fit_array(left, right, pairwise)
    np.equal(*_outer(left, right, pairwise), out=fit)
    return _set_where_unknown(fit, left == 0, right == 0, pairwise)


def _shared(
    left: np.ndarray, right: np.ndarray, pairwise: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(common, count_left, count_right)`` of two boolean set matrices: how
    many items each pair shares (a new array), and how many each person of
    either side holds (one count per person)."""
    a, b = left.astype(np.float64), right.astype(np.float64)
    if pairwise:
        common = (a * b).sum(axis=1)
    else:
        common = a @ b.T
    return common, a.sum(axis=1), b.sum(axis=1)


def _department_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    fit = _same_fit(mentees.department, mentors.department, pairwise)
    return np.subtract(1.0, fit, out=fit)


def _company_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    fit = _fit_array(mentees.company, mentors.company, pairwise)
    np.not_equal(*_outer(mentees.company, mentors.company, pairwise), out=fit)
    return _set_where_unknown(
        fit, mentees.company == 0, mentors.company == 0, pairwise, value=0.0
    )


def _language_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    common, count_a, count_b = _shared(mentees.languages, mentors.languages, pairwise)
    np.greater(common, 0.0, out=common)
    return _set_where_unknown(common, count_a == 0, count_b == 0, pairwise)


def _location_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    a, b = _outer(mentees.location, mentors.location, pairwise)
    ra, rb = _outer(mentees.remote, mentors.remote, pairwise)
    meet = np.equal(a, b)
    meet &= a != 0
    meet |= ra & rb
    return meet.astype(np.float64)


def _interest_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    common, count_a, count_b = _shared(mentees.interests, mentors.interests, pairwise)
    union = np.add(*_outer(count_a, count_b, pairwise))
    union -= common
    np.maximum(union, 1.0, out=union)
    np.divide(common, union, out=common)
    return _set_where_unknown(common, count_a == 0, count_b == 0, pairwise)


def _style_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    return _same_fit(mentees.style, mentors.style, pairwise)


def _format_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    a, b = _outer(mentees.meeting_format, mentors.meeting_format, pairwise)
    suits = np.equal(a, b)
    suits |= a == FORMAT_EITHER
    suits |= b == FORMAT_EITHER
    return _set_where_unknown(
        suits.astype(np.float64),
        mentees.meeting_format == 0,
        mentors.meeting_format == 0,
        pairwise,
    )


def _times_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    common, count_a, count_b = _shared(mentees.times, mentors.times, pairwise)
    fewer = np.minimum(*_outer(count_a, count_b, pairwise))
    np.maximum(fewer, 1.0, out=fewer)
    np.divide(common, fewer, out=common)
    return _set_where_unknown(common, count_a == 0, count_b == 0, pairwise)


def _wishes_naming(wishes: np.ndarray, person: np.ndarray):
    """``(wisher, wished)`` positions: each wish of ``wishes`` (people × W
    person ids, 0 = none) paired with every position of ``person`` it names."""
    wisher, slot = np.nonzero(wishes)
    named = wishes[wisher, slot]
    order = np.argsort(person, kind="stable")
    sorted_person = person[order]
    first = np.searchsorted(sorted_person, named, side="left")
    count = np.searchsorted(sorted_person, named, side="right") - first
    start = np.repeat(first, count)
    step = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return np.repeat(wisher, count), order[start + step]


def _wish_fit(mentees: People, mentors: People, pairwise: bool) -> np.ndarray:
    if pairwise:
        asked = (mentees.wishes == mentors.person[:, np.newaxis]).any(axis=1)
        wanted = (mentors.wishes == mentees.person[:, np.newaxis]).any(axis=1)
        return 0.5 * asked + 0.5 * wanted
    # A few wishes per person: marked one by one on a matrix of zeros.
    fit = np.zeros((len(mentees), len(mentors)))
    mentee_rows, mentor_columns = _wishes_naming(mentees.wishes, mentors.person)
    fit[mentee_rows, mentor_columns] = 0.5
    mentor_columns, mentee_rows = _wishes_naming(mentors.wishes, mentees.person)
    fit[mentee_rows, mentor_columns] += 0.5
    return fit


_FIT_FUNCTIONS = {
    "topic": _topic_fit,
    "age": _age_fit,
    "hierarchy": _hierarchy_fit,
    "department": _department_fit,
    "company": _company_fit,
    "language": _language_fit,
    "location": _location_fit,
    "interest": _interest_fit,
    "style": _style_fit,
    "format": _format_fit,
    "times": _times_fit,
    "wish": _wish_fit,
}


def pair_fit(criterion: str, mentees: People, mentors: People) -> np.ndarray:
    """The fit in [0, 1] of `criterion` for the i-th mentee with the i-th mentor
    (sides aligned as for :func:`score_pairs`), for the explanation's words."""
    return _FIT_FUNCTIONS[criterion](mentees, mentors, True)


def score_matrix(
    mentees: People, mentors: People, weights: dict, cross_company: bool
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Score every mentee–mentor pair from 0 to 100.

    Args:
        mentees: the mentees, ``m`` people.
        mentors: the mentors, ``n`` people, with the same topic columns.
        weights: criterion → weight (≥ 0). Criteria left out weigh 0; an
            unknown criterion raises :class:`ValueError`. Only the ratios
            matter: ``{"topic": 2, "age": 1}`` equals ``{"topic": 4, "age": 2}``.
        cross_company: whether the program allows tandems across companies.
            When False the company criterion is left out entirely (its weight
            is treated as 0 and its part is all zeros).

    Returns:
        ``(total, parts)``: ``total`` is a float (m, n) matrix of scores in
        [0, 100]; ``parts`` maps every criterion of :data:`CRITERIA` to a
        float (m, n) matrix of the points that criterion contributes, so that
        the parts add up to ``total``. If every counted weight is 0 all
        matrices are zero.

    Criteria (fit in [0, 1] per pair, ``points = 100 × w × fit / Σ w``):
        * topic: share of the mentee's wanted topics the mentor offers, each
          covered topic counted with strength ``0.5 + 0.5 × level`` (unknown
          level: 0.5). A mentee wanting no topic gets 0.5 with every mentor.
        * age: the mentor should be much younger; by the band of the gap
          (mentee − mentor age): 20 years or more 1, 10 to 20 2/3, 0 to 10
          1/3, the mentor older 0; an unknown age on either side: 0.5.
        * hierarchy: fit = clip((mentor depth − mentee depth) / 3, 0, 1).
        * department: 1 if both known and different, 0 if equal, 0.5 if
          either is unknown.
        * company: 1 if both known and different, else 0 (cross-company
          programs only).
        * language: 1 if the two speak a language in common, 0 if both
          languages are known and none is shared, 0.5 if either is unknown.
        * location: 1 if both have the same known location or both are open
          to remote sessions, else 0.
        * interest: shared interests over the interests of either (Jaccard);
          0.5 if either has none.
        * style: 1 if both have the same communication style, 0 if
          different, 0.5 if either is unknown.
        * format: 1 if the preferred meeting formats are the same or either
          is "either", else 0; 0.5 if either is unknown.
        * times: the share of the times of day of the one with fewer that
          suit the other too; 0.5 if either gave none.
        * wish: 0.5 for each side who wished the other as a partner, so 1 for
          a mutual wish.
    """
    return _score(mentees, mentors, weights, cross_company, pairwise=False)


def score_totals(
    mentees: People, mentors: People, weights: dict, cross_company: bool
) -> np.ndarray:
    """The ``total`` of :func:`score_matrix` alone, without keeping a matrix
    per criterion: what the matching of a large program needs, block by block."""
    return _score(
        mentees, mentors, weights, cross_company, pairwise=False, with_parts=False
    )[0]


def score_pairs(
    mentees: People, mentors: People, weights: dict, cross_company: bool
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Score the i-th mentee with the i-th mentor only, like :func:`score_matrix`.

    Both sides must hold the same number of people (``People.take`` builds
    them from the rows and columns of the pairs). Returns ``(total, parts)``
    as 1-D arrays, one value per pair, equal to the matrix entries
    :func:`score_matrix` gives for the same pairs.
    """
    if len(mentees) != len(mentors):
        raise ValueError(
            f"score_pairs needs as many mentors as mentees, got {len(mentees)} "
            f"and {len(mentors)}."
        )
    return _score(mentees, mentors, weights, cross_company, pairwise=True)


def _score(mentees, mentors, weights, cross_company, pairwise, with_parts=True):
    if not isinstance(mentees, People) or not isinstance(mentors, People):
        raise ValueError("mentees and mentors must be People instances.")
    for name in _SET_FIELDS:
        left, right = getattr(mentees, name).shape[1], getattr(mentors, name).shape[1]
        if left != right:
            raise ValueError(
                f"Mentees have {left} {name} columns and mentors {right}; both "
                f"sides must use the same {name} in the same order."
            )
    checked = _check_weights(weights, cross_company)
    shape = (len(mentees),) if pairwise else (len(mentees), len(mentors))
    weight_sum = sum(checked.values())
    parts = {}
    total = np.zeros(shape)
    for criterion in CRITERIA:
        weight = checked[criterion]
        if weight == 0:
            if with_parts:
                parts[criterion] = np.zeros(shape)
            continue
        # Each fit is a new array: it becomes the criterion's points in place.
        fit = _FIT_FUNCTIONS[criterion](mentees, mentors, pairwise)
        fit *= 100.0 * weight / weight_sum
        total += fit
        if with_parts:
            parts[criterion] = fit
    # Rounding may push a perfect pair a hair above 100.
    np.clip(total, 0.0, 100.0, out=total)
    return total, parts


def age_gap_band(gap_years: float | None) -> str:
    """Coarse band of an age gap, for explanations that must not show years.

    Args:
        gap_years: mentee age minus mentor age, in years; NaN or None when
            either age is unknown.

    Returns:
        ``"large"`` (20 years or more), ``"medium"`` (10 to under 20),
        ``"small"`` (0 to under 10), ``"reverse"`` (the mentor is older) or
        ``"unknown"``. The caller translates the key into words.
    """
    if gap_years is None:
        return "unknown"
    gap = float(gap_years)
    if math.isnan(gap):
        return "unknown"
    return next((key for key, low, _fit in _AGE_BANDS if gap >= low), "reverse")
