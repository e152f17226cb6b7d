"""Matching weights learned from how past tandems rated their fit.

Each rated tandem gives one row: the fit in [0, 1] of each criterion for its
two people (as :mod:`.scoring` computes it) and its fit rating (the average of
its members' answers, 1 to 5). The rating is modelled as

    rating ≈ a + Σ_j b_j × fit_j,   b_j ≥ 0,

fitted by non-negative least squares with a free intercept ``a``. Because a
match score is the weighted mean of the fits, weights proportional to the
``b_j`` make the score a linear predictor of the rating: the suggestion is
``b`` scaled to whole numbers that add up to 100. A criterion that went with
worse ratings gets 0 (a weight cannot be negative), and so does a criterion
whose fit was the same for every tandem (the data say nothing about it).

The suggestion rests on what past matchings chose (pairs that scored well on
the weights of their time), so it is a hint for the coordinator, never applied
by itself. Plain numpy and scipy, no Odoo: :mod:`.odoo_data` is not needed to
test it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import nnls

# The fewest rated tandems a suggestion rests on.
MIN_RATED_TANDEMS = 20

# Why there is no suggestion: too few rated tandems; every rating the same;
# no criterion went with better ratings (or no criterion varied).
TOO_FEW = "too_few"
NO_SPREAD = "no_spread"
NO_SIGNAL = "no_signal"

# Spreads below this count as none (fits and ratings are small numbers).
_TINY = 1e-9


@dataclass(frozen=True)
class LearnedWeights:
    """The suggestion and the data it rests on.

    Attributes:
        n: the number of rated tandems given.
        weights: criterion → whole weight ≥ 0, adding up to 100; None when
            there is no suggestion (see ``reason``).
        r2: the share of the ratings' variance the fit explains, in [0, 1];
            None without a suggestion.
        correlations: criterion → Pearson correlation of its fit with the
            ratings, None for a criterion whose fit never varied; empty under
            the minimum of rated tandems.
        reason: None with a suggestion, else :data:`TOO_FEW`,
            :data:`NO_SPREAD` or :data:`NO_SIGNAL`.
    """

    n: int
    weights: dict | None = None
    r2: float | None = None
    correlations: dict = field(default_factory=dict)
    reason: str | None = None


def learn_weights(fits, ratings, criteria, min_samples=MIN_RATED_TANDEMS):
    """Suggest matching weights from past tandems' fits and fit ratings.

    Args:
        fits: float (n, k) in [0, 1]: the fit of each criterion (column) for
            each rated tandem (row).
        ratings: float (n,): each tandem's fit rating.
        criteria: the k criterion names, in the order of the columns.
        min_samples: the fewest rated tandems a suggestion rests on.

    Returns:
        A :class:`LearnedWeights`. Degenerate data (too few tandems, ratings
        that do not vary, no criterion that went with better ratings) give no
        weights and a reason; malformed input raises :class:`ValueError`.
    """
    criteria = tuple(criteria)
    x = np.asarray(fits, dtype=np.float64)
    y = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(criteria):
        raise ValueError(
            f"fits must be an (n, {len(criteria)}) array, one column per criterion; "
            f"got shape {x.shape}."
        )
    if y.shape != (x.shape[0],):
        raise ValueError(
            f"ratings has shape {y.shape}, expected ({x.shape[0]},): one per tandem."
        )
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("fits and ratings must be finite numbers.")
    if x.size and (x.min() < 0 or x.max() > 1):
        raise ValueError("fits must lie in [0, 1].")
    n = x.shape[0]
    if n < max(min_samples, 2):
        return LearnedWeights(n=n, reason=TOO_FEW)
    # Centred, the free intercept drops out of the least squares.
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    y_norm = np.linalg.norm(yc)
    x_norms = np.linalg.norm(xc, axis=0)
    varying = x_norms > _TINY * np.sqrt(n)
    correlations = {
        criterion: float(xc[:, j] @ yc / (x_norms[j] * y_norm))
        if varying[j] and y_norm > _TINY
        else None
        for j, criterion in enumerate(criteria)
    }
    if y_norm <= _TINY * np.sqrt(n):
        return LearnedWeights(n=n, correlations=correlations, reason=NO_SPREAD)
    coefficients = np.zeros(len(criteria))
    if varying.any():
        coefficients[varying], _residual = nnls(xc[:, varying], yc)
    if coefficients.sum() <= _TINY:
        return LearnedWeights(n=n, correlations=correlations, reason=NO_SIGNAL)
    residual = yc - xc @ coefficients
    r2 = float(np.clip(1.0 - (residual @ residual) / (y_norm**2), 0.0, 1.0))
    return LearnedWeights(
        n=n,
        weights=dict(zip(criteria, _whole_percentages(coefficients), strict=True)),
        r2=r2,
        correlations=correlations,
    )


def _whole_percentages(values):
    """Whole numbers ≥ 0 proportional to `values` (≥ 0, not all 0), adding up
    to 100: the largest remainders get the points rounding down left over."""
    shares = 100.0 * values / values.sum()
    whole = np.floor(shares).astype(np.int64)
    left = 100 - int(whole.sum())
    order = np.argsort(-(shares - whole), kind="stable")
    whole[order[:left]] += 1
    return [int(value) for value in whole]
