"""A chart's text alternative: what it shows, in words, built from the figure itself.

A reader who cannot see the chart (screen reader, or colours they cannot tell apart) gets its title,
its axes and the numbers that matter, in a few short sentences: the (at most MAX_SERIES) lines that moved
most, each from its first to its last value; the largest and smallest bars; the launches marked. Built
from the figure so it never disagrees with it.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views import numbers

MAX_SERIES = 4  # series told in words; the rest are counted
MAX_CHARS = 350  # a text alternative is read aloud: series are dropped (and counted) past this length
MAX_LAUNCHES = 3  # launches named; the rest are counted

SHARE = "|share"  # added to an axis format (_axis): its percentages are shares, not changes


def _plain(text: object) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(text or ""))).strip())


def _sentence(text: str) -> str:
    """text ended by one full stop: none after an ellipsis or a stop already there."""
    text = text.strip()
    return text if text.endswith((".", "…", "!", "?")) else text + "."


def _axis(fig: go.Figure, name: str) -> tuple[str, str]:
    """The axis's title and its format: its tickformat, with SHARE added to a percent axis that is fixed to
    start at zero (a share of a whole, written without a sign; any other percentage is a change, +4.2 %)."""
    axis = fig.layout[name]
    fmt = str(axis.tickformat or "")
    if "%" in fmt and axis.range is not None and axis.range[0] == 0:
        fmt += SHARE
    return _plain(axis.title.text if axis.title else ""), fmt


def _percent(value: float, *, sign: bool = True) -> str:
    """A percentage with one decimal, more where one decimal would read '+0.0 %' (never a signed zero:
    exactly zero is '0 %'); sign: written as a change (+12.3 %), else as a share (12.3 %)."""
    if value == 0:
        return "0 %"
    for digits in (1, 2, 3):
        text = numbers.percent(value, digits, sign=sign)
        if any(c in "123456789" for c in text):
            return text
    return "0 %"


def _value(value: float, tickformat: str, whole: bool = False) -> str:
    """value as the axis shows it: a percentage (a change, or a share on a SHARE axis), a count (48 M), or one
    decimal; whole: the series holds counts only, so no decimals. Never a signed zero."""
    if "%" in tickformat:
        return _percent(value, sign=SHARE not in tickformat)
    if abs(value) >= 10_000:
        return numbers.count(value)
    text = f"{value:,.0f}" if whole else f"{value:,.1f}"
    return "0" if float(text.replace(",", "")) == 0 else numbers.minus(text)


def _where(x: object) -> str:
    if isinstance(x, (pd.Timestamp, np.datetime64)) or (isinstance(x, str) and re.match(r"\d{4}-\d\d-\d\d", x)):
        return numbers.day(x)
    return numbers.minus(f"{x:g}") if isinstance(x, (int, float, np.number)) else str(x)


def _line(trace: go.Scatter, fmt: str) -> tuple[float, str] | None:
    """(how far the line moved, its sentence: 'NVDA (USD) 100.0 at 2025-01-23 to 87.6 at 2025-01-28.')"""
    name = _plain(trace.name) or "Line"
    ys = pd.to_numeric(pd.Series(list(trace.y), dtype=object), errors="coerce")
    if ys.isna().all() and len(ys):  # a strip of markers on a category axis: say how many, over what span
        xs = [x for x in trace.x if not numbers.missing(x)]
        span = f", {_where(xs[0])} to {_where(xs[-1])}" if xs else ""
        return 0.0, _sentence(f"{name}: {len(ys)} points{span}")
    points = [(x, float(y)) for x, y in zip(trace.x, ys, strict=True) if pd.notna(y)]
    if not points:
        return None
    (x0, y0), (x1, y1) = points[0], points[-1]
    whole = all(y.is_integer() for _, y in points)
    if len(points) == 1 or (x0 == x1 and y0 == y1):
        return 0.0, _sentence(f"{name} {_value(y1, fmt, whole)} at {_where(x1)}")
    text = f"{name} {_value(y0, fmt, whole)} at {_where(x0)} to {_value(y1, fmt, whole)} at {_where(x1)}"
    return abs(y1 - y0) / (abs(y0) or 1.0), _sentence(text)


def _bars(trace: go.Bar, fmt: str) -> tuple[float, str] | None:
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
        return 0.0, _sentence(f"{name}{_plain(_where(low_label))} {_value(low, fmt, whole)}")
    return 0.0, _sentence(
        f"{name}{len(pairs)} bars, highest {_plain(_where(high_label))} {_value(high, fmt, whole)}, "
        f"lowest {_plain(_where(low_label))} {_value(low, fmt, whole)}"
    )


def _heatmap(trace: go.Heatmap) -> tuple[float, str] | None:
    z = np.array(trace.z, dtype=float)
    if not np.isfinite(z).any():
        return None
    i, j = np.unravel_index(np.nanargmin(z), z.shape)
    k, m = np.unravel_index(np.nanargmax(z), z.shape)
    return 0.0, (
        f"{len(trace.y)} rows × {len(trace.x)} columns; lowest {trace.y[i]} · {trace.x[j]} {_percent(z[i, j])}, "
        f"highest {trace.y[k]} · {trace.x[m]} {_percent(z[k, m])}."
    )


def _described(fig: go.Figure) -> tuple[list[tuple[float, str]], list[str]]:
    """Each trace's (move, sentence), in the figure's order, and the launches marked."""
    x_fmt, y_fmt = _axis(fig, "xaxis")[1], _axis(fig, "yaxis")[1]
    parts: list[tuple[float, str] | None] = []
    launches: list[str] = []
    seen: set[str] = set()
    for trace in fig.data:
        if trace.name == "Launches":
            if trace.type == "scatter" and trace.mode and "markers" in trace.mode:
                launches += [_plain(str(h).split("<br>")[0]).removesuffix(" launched") for h in (trace.hovertext or [])]
            continue
        group = str(trace.legendgroup or trace.name or "")
        if group and trace.showlegend is False and group in seen:
            continue  # a series' points beside its line (one legend entry): told once
        seen.add(group)
        if trace.type == "scatter" and trace.x is not None and trace.y is not None:
            parts.append(_line(trace, x_fmt if trace.orientation == "h" else y_fmt))
        elif trace.type == "bar":
            parts.append(_bars(trace, x_fmt if trace.orientation == "h" else y_fmt))
        elif trace.type == "heatmap" and trace.z is not None:
            parts.append(_heatmap(trace))
    return [p for p in parts if p], list(dict.fromkeys(launches))


def summary(fig: go.Figure) -> str:
    """'Chart: <title>. Axes x: …; y: …. NVDA (USD) 100.0 at 2024-10-01 to 92.3 at 2025-03-31. 4 launches marked:
    DeepSeek-R1, …'. At most MAX_SERIES series, those that moved most (in the figure's order), one sentence
    each, the rest counted; about MAX_CHARS characters in all."""
    title = _plain(str(fig.layout.title.text or "").replace("<br>", " — ") if fig.layout.title else "")
    axes = "; ".join(f"{n}: {t}" for n, t in (("x", _axis(fig, "xaxis")[0]), ("y", _axis(fig, "yaxis")[0])) if t)
    parts, launches = _described(fig)
    ranked = sorted(range(len(parts)), key=lambda i: -parts[i][0])[:MAX_SERIES]  # stable: ties in figure order
    marked = ""
    if launches:
        named = ", ".join(launches[:MAX_LAUNCHES]) + (
            f" and {len(launches) - MAX_LAUNCHES} more" if len(launches) > MAX_LAUNCHES else ""
        )
        marked = f"{len(launches)} launches marked: {named}."

    def text(heading: str, told: list[int]) -> str:
        lead = _sentence(f"Chart: {heading}" if heading else "Chart") + (
            f" {_sentence('Axes ' + axes)}" if axes else ""
        )
        rest = len(parts) - len(told)
        more = [f"{rest} more series not described."] if rest else []
        return " ".join([lead, *(parts[i][1] for i in sorted(told)), *more, *([marked] if marked else [])])

    # Too long: first the title's key (dotted: …, hatched: …: for eyes) goes, then the least moved series.
    for n in range(len(ranked), 0, -1):
        for heading in (title, title.split(" — ")[0]):
            if len(text(heading, ranked[:n])) <= MAX_CHARS:
                return text(heading, ranked[:n])
    return text(title.split(" — ")[0], ranked[:1])
