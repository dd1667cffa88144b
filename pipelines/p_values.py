"""Two-sided p-values from Student's t and the normal distribution.

From scipy.special rather than scipy.stats: the same numbers (stats.t.sf is stdtr underneath), and
importing scipy.stats costs about 0.7 s more in every fresh process (the dashboard's first page,
each CLI run) than the two functions used here.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, stdtr


def two_sided_t(t: np.ndarray | float, df: np.ndarray | float) -> np.ndarray:
    """P(|T_df| ≥ |t|); NaN where df is missing or not positive."""
    return 2 * stdtr(df, -np.abs(t))


def two_sided_normal(z: np.ndarray | float) -> np.ndarray:
    """P(|Z| ≥ |z|)."""
    return 2 * ndtr(-np.abs(z))
