"""The Benchmarks page's charts, and the scale each score is on.

Benchmarks report on different scales: a pass@1 or an accuracy in %, a Codeforces percentile, a
Codeforces rating (Elo), Epoch AI's share correct (0–1), bits per byte. Two scales never share an axis:
every chart draws one panel per scale, each with its own axis title and unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from views import palette
from views.figures import axis_key, cell_refs, set_layout

TITLE_PX = 60  # the title's band at the top of a figure, under a strip kept free for the hover mode bar
LEGEND_CHARS = 36  # a legend entry longer than this is cut (the hover names the series in full)
MAX_SERIES = 10  # legend entries on one chart; more series are behind a control on the page
LAUNCH_GREY = palette.NEUTRAL
SERIES_KEYS = ["benchmark", "variant", "metric"]


@dataclass(frozen=True)
class Scale:
    key: str
    axis: str  # the axis title, with its unit
    unit: str  # after a number in hover text


PERCENT = Scale("percent", "Score (%)", " %")
PERCENTILE = Scale("percentile", "Percentile (of human contestants)", "th percentile")
RATING = Scale("rating", "Rating (Elo)", " Elo")
SHARE = Scale("share", "Share correct (0–1)", "")
BITS = Scale("bits", "Bits per byte (lower is better)", " bits/byte")
OTHER = Scale("other", "Score (as reported, not 0–100)", "")
SCALES = {s.key: s for s in (PERCENT, PERCENTILE, RATING, SHARE, BITS, OTHER)}


def scale_of(metric: object, scores: pd.Series) -> Scale:
    """A series' scale: from its metric's name where that says it, else from its values (all ≤ 1: a share;
    any above 100: not a percentage)."""
    return _scale(metric, pd.to_numeric(scores, errors="coerce").max())


def _scale(metric: object, top: float) -> Scale:
    """scale_of from the series' largest score (NaN: none)."""
    name = metric.lower() if isinstance(metric, str) else ""
    if "percentile" in name:
        return PERCENTILE
    if "rating" in name or "elo" in name:
        return RATING
    if "bpb" in name or "bits per byte" in name:
        return BITS
    if pd.isna(top):
        return PERCENT
    if top > 100:
        return OTHER
    if top <= 1:
        return SHARE
    return PERCENT


def with_scale(frame: pd.DataFrame) -> pd.DataFrame:
    """frame with a `scale` column (a key of SCALES), decided once per series (benchmark × variant × metric):
    from the series' first metric name and its largest score, by column operations, not a frame per series."""
    out = frame.copy()
    if out.empty:
        return out.assign(scale=pd.Series(dtype=str))
    parts = [out[c].fillna("").astype(str) for c in SERIES_KEYS]
    keys = parts[0].str.cat(parts[1:], sep="\x1f")
    first = ~keys.duplicated()
    tops = pd.to_numeric(out["score"], errors="coerce").groupby(keys, sort=False).max()
    scale = {
        key: _scale(metric, tops[key]).key
        for key, metric in zip(keys[first], out.loc[first, "metric"], strict=True)
    }
    out["scale"] = keys.map(scale)
    return out


def ordered_scales(frame: pd.DataFrame) -> list[Scale]:
    """The scales present, in SCALES' order (% first)."""
    present = set(frame["scale"])
    return [s for key, s in SCALES.items() if key in present]


def metric_name(metric: object) -> str:
    """A metric as a legend names it: a source's note after ';' becomes '(marked *)', so 'Avg@64; value marked
    with * in source (see source footnote)' reads 'Avg@64 (marked *)' and stays apart from plain 'Avg@64'; a
    column name reads as words."""
    if not isinstance(metric, str):
        return ""
    head, _, note = metric.partition(";")
    head = head.strip().replace("_", " ")  # Epoch AI's column names: 'mean_score' → 'mean score'
    return f"{head} (marked *)" if note.strip() else head


def series_label(variant: object, metric: object) -> str:
    """'Pass@1', 'no tools · accuracy, reasoning effort=high': what tells a benchmark's series apart."""
    parts = [p for p in (variant if isinstance(variant, str) else "", metric_name(metric)) if p]
    return " · ".join(parts) if parts else "as reported"


def _wrap(text: str, width: int = 16) -> str:
    """A tick label broken into lines of about width characters, so a phone shows it without rotation."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines[:3]) + ("…" if len(lines) > 3 else "")


def titled(fig: go.Figure, title: str, height: int) -> go.Figure:
    """The title on top and the legend in rows under it, both in the figure's own margin: neither covers the
    other, the plot or its axis labels, at any width (the margin grows with the legend's rows)."""
    set_layout(
        fig,
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 30, "l": 10},
            "font": {"size": 16},
        },
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - TITLE_PX / height,  # just under the title, in the figure's own pixels
            "yanchor": "top",
            "yref": "container",  # a container legend pushes the plot down by its height (measured in Chromium)
        },
        height=height,
        margin={"l": 10, "r": 20, "t": 80, "b": 10, "autoexpand": True},
    )
    return fig


def bars(table: pd.DataFrame, *, title: str) -> go.Figure:
    """Grouped horizontal bars, one panel per scale: one group per benchmark series (its name readable on a
    phone), one bar per model in the same colour in every panel; the value at the bar's end, the source on
    hover."""
    frame = table if "scale" in table else with_scale(table)
    frame = frame.assign(
        label=[
            f"{b} · {series_label(v, m)}"
            for b, v, m in zip(frame["benchmark"], frame["variant"], frame["metric"], strict=True)
        ]
    )
    scales = ordered_scales(frame)
    models = list(frame["model"].drop_duplicates())
    bars_per_panel = [frame[frame["scale"] == s.key]["label"].nunique() * len(models) for s in scales]
    fig = make_subplots(rows=len(scales), cols=1, row_heights=[n + 4 for n in bars_per_panel], vertical_spacing=0.1)
    colours = palette.colour_map(models)
    in_legend: set[str] = set()
    traces: list[dict] = []
    axes: dict[str, object] = {}
    for row, scale in enumerate(scales, start=1):
        part = frame[frame["scale"] == scale.key]
        labels = list(dict.fromkeys(part["label"]))
        by_model = dict(tuple(part.groupby("model", sort=False)))
        x, y = cell_refs(fig, row, 1)
        for model in [m for m in models if m in by_model]:  # every panel in the legend's order
            rows = by_model[model]
            traces.append(
                {
                    "type": "bar",
                    "y": rows["label"].to_numpy(),
                    "x": rows["score"].to_numpy(),
                    "orientation": "h",
                    "name": model,
                    "legendgroup": model,
                    "showlegend": model not in in_legend,
                    "marker": {"color": colours[model]},
                    "texttemplate": "%{x:.4~g}",
                    "textposition": "outside",
                    "textfont": {"size": 10},
                    "cliponaxis": False,
                    "customdata": rows[["source", "source_model", "model"]].fillna("").to_numpy(),  # never template
                    "hovertemplate": f"<b>%{{customdata[2]}}</b> (%{{customdata[1]}})<br>%{{y}}: %{{x:.4~g}}"
                    f"{scale.unit}<br>source: %{{customdata[0]}}<extra></extra>",
                    "xaxis": x,
                    "yaxis": y,
                }
            )
            in_legend.add(model)
        axes[axis_key(y)] = {
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",  # the first series, and in each group the first model, on top
            "tickvals": labels,
            "ticktext": [_wrap(label) for label in labels],
            "automargin": True,
        }
        top = part["score"].max()
        bounded = scale in (PERCENT, PERCENTILE) and top <= 100
        axes[axis_key(x)] = {
            "title": {"text": scale.axis},
            "range": [0, 112 if bounded else top * 1.18],
            "tickvals": [0, 20, 40, 60, 80, 100] if bounded else None,
            "automargin": True,
        }
    fig.add_traces(traces)  # all at once: one check of the figure instead of one per trace
    set_layout(fig, **axes, barmode="group", bargap=0.25, bargroupgap=0.05)
    return titled(fig, title, 150 + 14 * sum(bars_per_panel) + 90 * len(scales))


def top_series(history: pd.DataFrame, n: int = MAX_SERIES) -> list[str]:
    """A benchmark's series labels, those with the most reports first, cut at n (ties: the higher best score)."""
    if history.empty:
        return []
    frame = history.assign(
        label=[series_label(v, m) for v, m in zip(history["variant"], history["metric"], strict=True)]
    )
    ranked = frame.groupby("label").agg(reports=("score", "size"), best=("score", "max"))
    return ranked.sort_values(["reports", "best"], ascending=False).index[:n].tolist()


def history(
    history: pd.DataFrame, launches: pd.DataFrame, *, benchmark: str, series: list[str] | None = None
) -> go.Figure:
    """One benchmark over time, one panel per scale: each report a point, the best so far a step line per series.

    At most MAX_SERIES series (the most reported, unless `series` names them). Launches of the models scored
    here are dotted lines with their name on hover (no text labels: they overprinted)."""
    frame = history[history["benchmark"] == benchmark]
    frame = frame if "scale" in frame else with_scale(frame)
    frame = frame.assign(label=[series_label(v, m) for v, m in zip(frame["variant"], frame["metric"], strict=True)])
    shown = (series or top_series(frame))[:MAX_SERIES]
    frame = frame[frame["label"].isin(shown)]
    if "launch_id" in frame and "launch_id" in launches:
        launches = launches[launches["launch_id"].isin(frame["launch_id"].dropna())]
    scales = ordered_scales(frame)
    fig = make_subplots(rows=max(len(scales), 1), cols=1, shared_xaxes=True, vertical_spacing=0.08)
    colours = palette.colour_map(shown)
    dashes = palette.dash_map(shown)
    traces: list[dict] = []
    shapes: list[dict] = []
    axes: dict[str, object] = {}
    for row, scale in enumerate(scales, start=1):
        part = frame[frame["scale"] == scale.key]
        x, y = cell_refs(fig, row, 1)
        for label in [s for s in shown if s in set(part["label"])]:
            one = part[part["label"] == label].sort_values("reported_date", kind="stable")
            traces.append({
                "type": "scatter",
                "x": one["reported_date"],
                "y": best_so_far(one, lowest=scale is BITS),
                "mode": "lines",
                "name": label if len(label) <= LEGEND_CHARS else label[: LEGEND_CHARS - 1] + "…",
                "legendgroup": label,
                "line": {"color": colours[label], "dash": dashes[label], "shape": "hv"},
                "hoverinfo": "skip",
                "xaxis": x,
                "yaxis": y,
            })
            traces.append({
                "type": "scatter",
                "x": one["reported_date"],
                "y": one["score"],
                "mode": "markers",
                "name": label,
                "legendgroup": label,
                "showlegend": False,
                "marker": {"size": 8, "opacity": 0.7, "color": colours[label]},
                "customdata": one[["model", "source", "label"]].fillna("").to_numpy(),  # data, never template
                "hovertemplate": f"<b>%{{customdata[0]}}</b> %{{y:.4~g}}{scale.unit}<br>%{{customdata[2]}}"
                "<br>%{x|%Y-%m-%d} · %{customdata[1]}<extra></extra>",
                "xaxis": x,
                "yaxis": y,
            })
        low, high = part["score"].min(), part["score"].max()
        pad = max((high - low) * 0.08, abs(high) * 0.02, 0.01)
        axes[axis_key(y)] = {
            "title": {"text": scale.axis}, "range": [low - pad, high + 3 * pad], "automargin": True,
        }
        if not launches.empty:
            marks, lines = _launch_marks(launches, x, y, high + 2 * pad)
            traces.append(marks)
            shapes.extend(lines)
    last = max(len(scales), 1)
    for row in range(1, last + 1):
        x, _ = cell_refs(fig, row, 1)
        axes[axis_key(x)] = {"type": "date", "automargin": True} | (
            {"title": {"text": "Reported date"}} if row == last else {})
    fig.add_traces(traces)  # all at once: one check of the figure instead of one per trace
    set_layout(fig, shapes=shapes, **axes, hovermode="closest")
    return titled(fig, f"{benchmark}: best reported score over time", 220 + 320 * max(len(scales), 1))


def best_so_far(series: pd.DataFrame, *, lowest: bool = False) -> pd.Series:
    """The best score reported up to each row's date in one drawn series (rows in date order): the highest,
    or the lowest where lower is better (bits). Computed on the drawn series itself, so a line never steps
    back even where the query's series and the legend's differ; a day's reports count together."""
    day = series.groupby("reported_date")["score"].transform("min" if lowest else "max")
    return day.cummin() if lowest else day.cummax()


def _launch_marks(launches: pd.DataFrame, x: str, y: str, top: float) -> tuple[dict, list[dict]]:
    """Dotted lines at each launch's date in the panel of axes x and y, and a ▼ at the top carrying its name on
    hover: the trace and the shapes."""
    days = pd.to_datetime(launches["event_date"])
    line = {"color": LAUNCH_GREY, "width": 1, "dash": "dot"}
    lines = [
        {"type": "line", "xref": x, "yref": f"{y} domain", "x0": d, "x1": d, "y0": 0, "y1": 1, "line": line}
        for d in days.dt.strftime("%Y-%m-%d")
    ]
    hover = [
        f"<b>{m}</b> launched<br>{o} · {d:%Y-%m-%d}"
        for m, o, d in zip(launches["model"], launches["organization"].fillna(""), days, strict=True)
    ]
    marks = {
        "type": "scatter",
        "x": days,
        "y": [top] * len(days),
        "mode": "markers",
        "name": "Launches",
        "marker": {"symbol": "triangle-down", "size": 9, "color": palette.NEUTRAL},
        "hovertext": hover,
        "hoverinfo": "text",
        "showlegend": False,
        "xaxis": x,
        "yaxis": y,
    }
    return marks, lines
