"""Numbers formatted for people, the same way on every page and in every report.

Percent with two decimals and a true minus sign, t with two decimals, p as "< 0.001" or three
significant digits, money in bn/m with its currency, large counts as 48 M or 1.2 k, dates
without a time. Missing values are empty strings, never "None" or "nan".
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

MINUS = "−"  # U+2212: a true minus sign, as typesetting uses


def missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _signed(text: str) -> str:
    return text.replace("-", MINUS)


def percent(value: object, *, signed: bool = True, decimals: int = 2) -> str:
    """-0.169682 → "−16.97 %"."""
    if missing(value):
        return ""
    text = f"{float(value) * 100:{'+' if signed else ''}.{decimals}f} %"
    return _signed(text)


def t_stat(value: object) -> str:
    return "" if missing(value) else _signed(f"{float(value):.2f}")


def p_value(value: object) -> str:
    """p < 0.001 as "< 0.001"; otherwise three significant digits (0.0034, 0.215)."""
    if missing(value):
        return ""
    p = float(value)
    return "< 0.001" if p < 0.001 else f"{p:.3g}"


def money(value: object, currency: object = "", *, signed: bool = True) -> str:
    """-5.86148e11, "USD" → "−586.1 bn USD"; below a million in plain digits."""
    if missing(value):
        return ""
    amount = float(value)
    sign = (MINUS if amount < 0 else "+") if signed else (MINUS if amount < 0 else "")
    size = abs(amount)
    unit_text = f" {currency}" if currency and not missing(currency) else ""
    for unit, scale in (("tn", 1e12), ("bn", 1e9), ("m", 1e6)):
        if size >= scale:
            return f"{sign}{size / scale:,.1f} {unit}{unit_text}"
    return f"{sign}{size:,.0f}{unit_text}"


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
        return _signed(f"{int(x):,}")
    return _signed(f"{x:,.{decimals}f}")


def day(value: object) -> str:
    """A date (or timestamp) as YYYY-MM-DD, without its time."""
    if missing(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def text(value: object) -> str:
    return "" if missing(value) else str(value)


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
