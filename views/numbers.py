"""Numbers as people read them, the same on every page and in every report.

A true minus sign (−, U+2212) for negative values, p-values as "< 0.001" or three significant
digits (never e-notation), money in m / bn / tn. Pure functions of a value; NaN gives "–".
"""

from __future__ import annotations

import math

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
    """'< 0.001', else three significant digits: 0.0345, 0.648, 1.00."""
    if _missing(value):
        return BLANK
    p = float(value)  # type: ignore[arg-type]
    if p < P_FLOOR:
        return f"< {P_FLOOR:g}"
    digits = max(2, 2 - math.floor(math.log10(p)))
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
