"""Matching engine of reverse mentoring: scoring, hard rules and assignment.

Plain Python on numpy and scipy arrays, with no Odoo import, so that it can be
tested and benchmarked on its own:

- :mod:`.scoring`: the 0–100 score of each mentee–mentor pair and the points
  each criterion contributes (:data:`CRITERIA`, :data:`DEFAULT_WEIGHTS`; a new
  criterion is a column of :class:`People`, a ``_<criterion>_fit`` function
  and a weight);
- :mod:`.eligibility`: the hard rules, one reason code per pair
  (:data:`ELIGIBLE` when the two may form a tandem);
- :mod:`.sparse`: globally optimal proposals without a mentees × mentors
  matrix (a sparse candidate graph, solved and checked by duality).

:mod:`.odoo_data` is the boundary with the ORM and the only module here that
imports Odoo (this package does not import it): it reads a program's
participants in a fixed number of queries, builds the arrays and runs the
engine (``MatchingData.match``); it imports nothing from ``models/``, what it
needs comes from the records passed in. The dense reference assignment and
the greedy baseline that the tests and ``make bench`` compare against live in
``tests/matching_reference.py``.
"""

from .eligibility import (
    AVOIDED,
    ELIGIBLE,
    NO_CAPACITY,
    OTHER_COMPANY,
    PAIRED_BEFORE,
    REASON_KEYS,
    REPORTING_LINE,
    SAME_PERSON,
    eligibility,
)
from .scoring import (
    AGE_GAP_BANDS,
    CRITERIA,
    DEFAULT_WEIGHTS,
    People,
    age_gap_band,
    pair_fit,
    score_matrix,
    score_pairs,
    score_totals,
)

__all__ = [
    "AGE_GAP_BANDS",
    "AVOIDED",
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "ELIGIBLE",
    "NO_CAPACITY",
    "OTHER_COMPANY",
    "PAIRED_BEFORE",
    "REASON_KEYS",
    "REPORTING_LINE",
    "SAME_PERSON",
    "People",
    "age_gap_band",
    "eligibility",
    "pair_fit",
    "score_matrix",
    "score_pairs",
    "score_totals",
]
