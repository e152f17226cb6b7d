"""Matching engine of reverse mentoring: scoring, hard rules and assignment.

Plain Python on numpy arrays, with no Odoo import, so that it can be tested
and benchmarked on its own. Its boundary with the ORM is :mod:`.odoo_data`
(the only module here that imports Odoo, and not imported by this package):
it reads a program's participants in a fixed number of queries and builds
the arrays. The matching wizard then calls, in order:

1. :func:`score_matrix` for the 0–100 score of every mentee–mentor pair and
   the points each criterion contributes (for the explanation);
2. :func:`eligibility` for the hard rules (reason code per pair);
3. :func:`assign` for globally optimal proposals, and :func:`alternatives`
   for the mentors a coordinator may pick instead.

Large programs never hold mentees × mentors matrices: :mod:`.sparse` scores
a chunk of mentees at a time, keeps a sparse candidate graph and solves the
same assignment on it, with a duality check that the result is optimal for
every pair (the wizard's path, through ``MatchingData.match``).
"""

from .assignment import alternatives, assign, greedy, total_score
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
    score_matrix,
    score_pairs,
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
    "alternatives",
    "assign",
    "eligibility",
    "greedy",
    "score_matrix",
    "score_pairs",
    "total_score",
]
