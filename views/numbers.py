"""Numbers as people read them, the same on every page and in every report.

A true minus sign (−, U+2212) for negative values, p-values as "< 0.001" or three significant
digits (never e-notation), money in m / bn / tn, large counts as 48 M or 1.2 k, dates without a
time. Pure functions of a value; on a page NaN gives "–" (tables leave the cell empty).
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

MINUS = "−"
BLANK = "–"
P_FLOOR = 0.001


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def minus(text: str) -> str:
    """ASCII hyphen-minus signs of a formatted number replaced by the true minus sign."""
    return text.replace("-", MINUS)


def p_value(value: object) -> str:
    """'< 0.001', else three significant digits and at most four decimals: 0.0037, 0.0345, 0.648, 1.00."""
    if _missing(value):
        return BLANK
    p = float(value)  # type: ignore[arg-type]
    if p < P_FLOOR:
        return f"< {P_FLOOR:g}"
    digits = min(4, max(2, 2 - math.floor(math.log10(p))))
    return f"{p:.{digits}f}"


def percent(value: object, digits: int = 2, *, sign: bool = True, space: bool = True) -> str:
    """0.12345 → '+12.35 %'; -0.1697 → '−16.97 %'."""
    if _missing(value):
        return BLANK
    text = f"{float(value) * 100:{'+' if sign else ''}.{digits}f}"  # type: ignore[arg-type]
    return minus(text) + (" %" if space else "%")


def stat(value: object, digits: int = 2) -> str:
    """A test statistic: −5.05, 1.97."""
    if _missing(value):
        return BLANK
    return minus(f"{float(value):.{digits}f}")  # type: ignore[arg-type]


def money(value: object, currency: str) -> str:
    """−586 bn USD, +1.2 tn USD, −35.4 m EUR: three significant digits at most."""
    if _missing(value):
        return "n/a (no share count)"
    amount = float(value)  # type: ignore[arg-type]
    sign = MINUS if amount < 0 else "+"
    amount = abs(amount)
    for unit, size in (("tn", 1e12), ("bn", 1e9), ("m", 1e6)):
        if amount >= size:
            scaled = amount / size
            return f"{sign}{scaled:,.{0 if scaled >= 100 else 1}f} {unit} {currency}"
    return f"{sign}{amount:,.0f} {currency}"


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


def number(value: object, decimals: int = 3) -> str:
    if missing(value):
        return ""
    x = float(value)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return minus(f"{int(x):,}")
    return minus(f"{x:,.{decimals}f}")


def day(value: object) -> str:
    """A date (or timestamp) as YYYY-MM-DD, without its time."""
    if missing(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def moment(value: object) -> str:
    """A timestamp to the minute (2026-11-28 16:59); a midnight timestamp as its date."""
    if missing(value):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp:%Y-%m-%d}" if stamp == stamp.normalize() else f"{stamp:%Y-%m-%d %H:%M}"


def log_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """Tick positions 1, 2, 5 × 10^k between low and high, labelled like count() (for log axes)."""
    if missing(low) or missing(high) or high <= 0:
        return [], []
    low = max(float(low), 1.0)
    values = [m * 10**k for k in range(0, 13) for m in (1, 2, 5) if low / 2 <= m * 10**k <= high * 2]
    return values, [count(v) for v in values]
