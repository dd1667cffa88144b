"""A chart's text alternative: what it shows, in words, built from the figure itself.

A reader who cannot see the chart (screen reader, or colours they cannot tell apart) gets its title,
its axes and the numbers that matter: each line's first and last value and its range, the largest
and smallest bars, the launches marked. Built from the figure so it never disagrees with it.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views import numbers

MAX_SERIES = 6


def _plain(text: object) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(text or ""))).strip())


def _axis(fig: go.Figure, name: str) -> tuple[str, str]:
    axis = fig.layout[name]
    return _plain(axis.title.text if axis.title else ""), str(axis.tickformat or "")


def _value(value: float, tickformat: str, whole: bool = False) -> str:
    """value as the axis shows it: a percentage, a count (48 M), or one decimal; whole: the series holds
    counts only, so no decimals."""
    if "%" in tickformat:
        return numbers.percent(value, 1)
    if abs(value) >= 10_000:
        return numbers.count(value)
    if whole:
        return numbers.minus(f"{value:,.0f}")
    return numbers.minus(f"{value:,.1f}")


def _where(x: object) -> str:
    if isinstance(x, (pd.Timestamp, np.datetime64)) or (isinstance(x, str) and re.match(r"\d{4}-\d\d-\d\d", x)):
        return numbers.day(x)
    return f"{x:g}" if isinstance(x, (int, float, np.number)) else str(x)


def _line(trace: go.Scatter, fmt: str) -> str | None:
    points = [(x, float(y)) for x, y in zip(trace.x, trace.y, strict=True) if y is not None and pd.notna(y)]
    if not points:
        return None
    (x0, y0), (x1, y1) = points[0], points[-1]
    low, high = min(y for _, y in points), max(y for _, y in points)
    whole = all(y.is_integer() for _, y in points)
    return (
        f"{_plain(trace.name)} {_value(y0, fmt, whole)} at {_where(x0)} to {_value(y1, fmt, whole)} at {_where(x1)} "
        f"(range {_value(low, fmt, whole)} to {_value(high, fmt, whole)})"
    )


def _bars(trace: go.Bar, fmt: str) -> str | None:
    horizontal = trace.orientation == "h"
    values, labels = (trace.x, trace.y) if horizontal else (trace.y, trace.x)
    pairs = [(str(lab), float(v)) for lab, v in zip(labels, values, strict=True) if v is not None and pd.notna(v)]
    if not pairs:
        return None
    pairs.sort(key=lambda p: p[1])
    whole = all(v.is_integer() for _, v in pairs)
    (low_label, low), (high_label, high) = pairs[0], pairs[-1]
    name = f"{_plain(trace.name)}: " if trace.name and len(pairs) > 1 and trace.name not in ("CAR",) else ""
    if len(pairs) == 1:
        return f"{name}{_where(low_label)} {_value(low, fmt, whole)}"
    return (
        f"{name}{len(pairs)} bars, highest {_where(high_label)} {_value(high, fmt, whole)}, "
        f"lowest {_where(low_label)} {_value(low, fmt, whole)}"
    )


def summary(fig: go.Figure) -> str:
    """'Chart: <title>. x: …; y: …. NVDA 100.0 at 2024-10-01 to 92.3 at 2025-03-31 (range …); … 4 launches
    marked: DeepSeek-R1, …'. Series past MAX_SERIES are counted, not listed."""
    title = _plain(str(fig.layout.title.text or "").replace("<br>", " — ") if fig.layout.title else "")
    x_title, x_fmt = _axis(fig, "xaxis")
    y_title, y_fmt = _axis(fig, "yaxis")
    parts, launches = [], []
    for trace in fig.data:
        if trace.name == "Launches":
            if trace.type == "scatter" and trace.mode and "markers" in trace.mode:
                launches += [_plain(str(h).split("<br>")[0]) for h in (trace.hovertext or [])]
            continue
        if trace.type == "scatter" and trace.x is not None and trace.y is not None:
            fmt = x_fmt if trace.orientation == "h" else y_fmt
            parts.append(_line(trace, fmt))
        elif trace.type == "bar":
            parts.append(_bars(trace, x_fmt if trace.orientation == "h" else y_fmt))
        elif trace.type == "heatmap" and trace.z is not None:
            z = np.array(trace.z, dtype=float)
            if np.isfinite(z).any():
                i, j = np.unravel_index(np.nanargmin(z), z.shape)
                k, m = np.unravel_index(np.nanargmax(z), z.shape)
                parts.append(
                    f"{len(trace.y)} rows × {len(trace.x)} columns; lowest {trace.y[i]} · {trace.x[j]} "
                    f"{numbers.percent(z[i, j], 1)}, highest {trace.y[k]} · {trace.x[m]} {numbers.percent(z[k, m], 1)}"
                )
    parts = [p for p in parts if p]
    shown = parts[:MAX_SERIES] + ([f"and {len(parts) - MAX_SERIES} more series"] if len(parts) > MAX_SERIES else [])
    axes = "; ".join(f"{name}: {text}" for name, text in (("x", x_title), ("y", y_title)) if text)
    text = (f"Chart: {title}." if title else "Chart.") + (f" Axes {axes}." if axes else "")
    text += f" {'; '.join(shown)}." if shown else ""
    if launches:
        named = ", ".join(dict.fromkeys(launches[:8])) + (" …" if len(launches) > 8 else "")
        text += f" {len(launches)} launches marked: {named}."
    return text
