"""Numbers formatted for people, the same way on every page and in every report.

Large counts as 48 M or 1.2 k, dates without a time. Missing values are empty strings, never
"None" or "nan". Pure functions, no Streamlit.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd


def missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def count(value: object) -> str:
    """48000000 → "48 M", 1234 → "1.2 k", 950 → "950"."""
    if missing(value):
        return ""
    n = float(value)
    for unit, scale in (("bn", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(n) >= scale:
            scaled = n / scale
            return f"{scaled:.0f} {unit}" if abs(scaled) >= 100 or scaled == int(scaled) else f"{scaled:.1f} {unit}"
    return f"{n:,.0f}"


def day(value: object) -> str:
    """A date (or timestamp) as YYYY-MM-DD, without its time."""
    if missing(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions 1, 2, 5 × 10^k between low and high, labelled like count() (for log axes)."""
    if missing(low) or missing(high) or high <= 0:
        return [], []
    low = max(float(low), 1.0)
    values = [m * 10**k for k in range(0, 13) for m in (1, 2, 5) if low / 2 <= m * 10**k <= high * 2]
    return values, [count(v) for v in values]
