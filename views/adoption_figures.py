"""Figures of the Adoption page: pure functions from DataFrames to plotly Figures (no Streamlit, no I/O).

Counts are labelled the way people read them (48 M, 1.2 k); every organisation keeps its colour
from views.palette on every chart; exact numbers are filled markers, rounded display values open.
Traces are plain dicts with arrays, handed to one go.Figure: building a go.Scatter per line and
adding them one by one validated every value twice (3.5 s for the 43 launch curves of a 100×
warehouse, against 0.02 s).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views import numbers, palette
from views.figures import LAUNCH_COLOUR, add_launch_markers, legend_below, set_layout, short_model, titled

GAP_DAYS = 10  # a line is broken where two snapshots are further apart than this
MARGIN = {"l": 10, "r": 10, "b": 10}
OTHER = "Other organisations"  # short: a long legend entry makes a one-column legend on a phone
MAX_LOG_TICKS = 7  # more 1-2-5 ticks than this cram a phone's log axis: powers of ten only


def _symbols(precision: pd.Series | np.ndarray, base: str = "circle") -> np.ndarray:
    """Filled where the number is exact, open where it is a rounded display value; base is the shape
    that tells apart two organisations of one colour (circles for the first eight)."""
    shape = {"exact": base, "rounded": f"{base}-open"}
    marks = precision.fillna("") if isinstance(precision, pd.Series) else precision
    return np.asarray([shape.get(p, "diamond") for p in marks], dtype=object)


def repo_name(repo_id: str) -> str:
    """'deepseek-ai/DeepSeek-R1' → 'DeepSeek-R1': the organisation is the line's colour."""
    return repo_id.split("/", 1)[-1]


def _log_axis(values: pd.Series) -> dict:
    positive = pd.to_numeric(values, errors="coerce")
    positive = positive[positive > 0]
    if positive.empty:
        return {"type": "log"}
    ticks, labels = numbers.log_ticks(positive.min(), positive.max())
    if len(ticks) > MAX_LOG_TICKS:
        decades = [(t, label) for t, label in zip(ticks, labels, strict=True) if np.isclose(np.log10(t) % 1, 0)]
        ticks, labels = [t for t, _ in decades], [label for _, label in decades]
    return {"type": "log", "tickvals": ticks, "ticktext": labels}


def _columns(*values: pd.Series | np.ndarray) -> np.ndarray:
    """customdata: one row per point, one column per series."""
    return np.column_stack([np.asarray(v, dtype=object) for v in values])


def _gaps(as_of: np.ndarray, gap_days: float) -> tuple[np.ndarray, np.ndarray]:
    """Where a line stops: the positions (for np.insert) after each snapshot that the next one follows by more
    than gap_days (as_of sorted), and the time of the empty point there, half a day after the snapshot."""
    after = np.flatnonzero(np.diff(as_of) / np.timedelta64(1, "D") > gap_days)
    return after + 1, as_of[after] + np.timedelta64(12, "h")


def downloads_over_time(
    snapshots: pd.DataFrame,
    launches: pd.DataFrame,
    *,
    column: str,
    org_colours: Mapping[str, str],
    label: str,
) -> go.Figure:
    """One line per model (its organisation's colour, a dash per model within it), a marker at every
    snapshot: filled where the number is exact, open where it is a rounded display value. A line stops
    where snapshots are more than GAP_DAYS apart; launches of the drawn models are marked."""
    frame = snapshots.dropna(subset=[column]).copy()
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    # every repo's rows in time order, repos in order of appearance, and each column's values taken once:
    # the same work per repo in pandas (a sort, a frame with its gaps, three maps) was most of this figure
    repo_order = frame.groupby("repo_id", sort=False).ngroup().to_numpy()
    frame = frame.iloc[np.lexsort((frame["as_of"].to_numpy(), repo_order))]
    as_of, values = frame["as_of"].to_numpy(), frame[column].to_numpy()
    counts = frame[column].map(numbers.count).to_numpy(dtype=object)
    precision = frame["precision"].fillna("").to_numpy(dtype=object)
    source = frame["source"].fillna("").to_numpy(dtype=object)
    repos, organisations = frame["repo_id"].to_numpy(), frame["organization"].to_numpy()
    bounds = np.flatnonzero(np.diff(np.sort(repo_order))) + 1
    traces = []
    seen: dict[str, int] = {}
    for i, rows in enumerate(np.split(np.arange(len(frame)), bounds) if len(frame) else []):
        repo, org = repos[rows[0]], organisations[rows[0]]
        nth = seen.get(org, 0)
        seen[org] = nth + 1
        colour = palette.colour_of(org, org_colours, i)
        base = palette.symbol_of(org, org_colours)
        at, hole = _gaps(as_of[rows], GAP_DAYS)
        y = values[rows] if not len(at) else np.insert(values[rows].astype(float), at, np.nan)
        marks = np.insert(precision[rows], at, "")
        traces.append(
            {
                "type": "scatter",
                "x": np.insert(as_of[rows], at, hole),
                "y": y,
                "mode": "lines+markers",
                "name": repo_name(repo),
                "legendgroup": org,
                "line": {"color": colour, "width": 1.6, "dash": palette.DASHES[nth % len(palette.DASHES)]},
                "marker": {"color": colour, "size": 6, "symbol": _symbols(marks, base)},
                "customdata": _columns(np.insert(counts[rows], at, numbers.count(np.nan)), marks,
                                       np.insert(source[rows], at, "")),
                "hovertemplate": f"<b>{repo}</b><br>%{{x|%Y-%m-%d}}<br>{label} %{{customdata[0]}}"
                "<br>%{customdata[1]} · %{customdata[2]}<extra></extra>",
            }
        )
    fig = go.Figure(data=traces)
    if not frame.empty and not launches.empty:
        add_launch_markers(fig, launches, org_colours=org_colours)
        # names overprint on a phone-width chart: the markers keep them on hover
        fig.update_traces(mode="markers", selector={"name": "Launches", "mode": "markers+text"})
    titled(fig, f"{label} per model over time", "filled: exact · open: rounded · ▼ release")
    set_layout(
        fig,
        height=500,
        margin=MARGIN,
        yaxis={**_log_axis(frame[column]), "title": f"{label} (log scale)"},
        xaxis={"type": "date"},
        hovermode="closest",
    )
    return legend_below(fig, axis=44)


def ranking_bars(frame: pd.DataFrame, *, value: str, label: str, org_colours: Mapping[str, str]) -> go.Figure:
    """Horizontal bars, largest on top, coloured by organisation, each labelled 48 M / 1.2 k."""
    frame = frame.dropna(subset=[value]).iloc[::-1]
    # the texts for every bar at once (a map per organisation's bars cost more than the maps themselves)
    frame = frame.assign(
        _name=frame["repo_id"].map(repo_name),
        _text=frame[value].map(numbers.count),
        _day=frame["as_of"].map(numbers.day),
    )
    traces = [
        {
            "type": "bar",
            "x": part[value].to_numpy(),
            "y": part["_name"].to_numpy(),
            "orientation": "h",
            "name": org,
            "marker": {
                "color": palette.colour_of(org, org_colours, i),
                "pattern": {"shape": palette.pattern_of(org, org_colours), "fillmode": "overlay"},
            },
            "text": part["_text"].to_numpy(),
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": _columns(part["repo_id"], part["_day"], part["precision"]),
            "hovertemplate": "<b>%{customdata[0]}</b><br>" + label + " %{text}<br>snapshot %{customdata[1]} · "
            "%{customdata[2]}<extra></extra>",
        }
        for i, (org, part) in enumerate(frame.groupby("organization", sort=False))
    ]
    fig = go.Figure(data=traces)
    top = frame[value].max() if not frame.empty else 1
    titled(fig, f"{label} by model (count)", "colour: organisation")
    set_layout(
        fig,
        height=max(280, 24 * len(frame) + 150),
        margin={"l": 10, "r": 40, "b": 10},
        barmode="overlay",
        xaxis={"range": [0, top * 1.18], "showticklabels": False, "showgrid": False},
        yaxis={
            "title": "Model",
            "categoryorder": "array",
            "categoryarray": list(frame["_name"]),
            "automargin": True,
            "dtick": 1,
        },
        legend={"orientation": "h", "y": -0.02, "yanchor": "top"},
    )
    return fig


def org_shares(shares: pd.DataFrame, orgs: tuple[str, ...], org_colours: Mapping[str, str]) -> go.Figure:
    """Stacked weekly shares of the tracked 30-day total (a bar per week with data, so nothing is drawn
    across weeks no source covers): the chosen organisations, the rest as one band."""
    frame = shares.copy()
    frame["band"] = frame["organization"].where(frame["organization"].isin(orgs), OTHER)
    bands = frame.groupby(["week_end", "band"], as_index=False).agg(
        share=("share", "sum"), downloads_30d=("downloads_30d", "sum"), repos=("repos", "sum")
    )
    order = [o for o in orgs if o in set(bands["band"])] + ([OTHER] if OTHER in set(bands["band"]) else [])
    weeks = sorted(bands["week_end"].unique())
    wide = bands.pivot(index="week_end", columns="band").reindex(weeks)  # every band's weeks at once
    share, repos = wide["share"].fillna(0), wide["repos"].fillna(0).astype(int)
    downloads = wide["downloads_30d"].map(lambda v: numbers.count(v) or "0")
    traces = []
    for i, band in enumerate(order):
        other = band == OTHER  # neutral grey, hatched: never mistaken for an organisation's colour
        traces.append(
            {
                "type": "bar",
                "x": weeks,
                "y": share[band].to_numpy(),
                "name": band,
                "marker": {
                    "color": palette.NEUTRAL if other else palette.colour_of(band, org_colours, i),
                    "line": {"width": 0},
                    "pattern": {
                        "shape": "/" if other else palette.pattern_of(band, org_colours),
                        "fillmode": "overlay",
                    },
                },
                "customdata": _columns(downloads[band], repos[band]),
                "hovertemplate": f"<b>{band}</b> week to %{{x|%Y-%m-%d}}<br>%{{y:.1%}} of the tracked total"
                "<br>%{customdata[0]} 30-day downloads over %{customdata[1]} repos<extra></extra>",
            }
        )
    fig = go.Figure(data=traces)
    titled(fig, "Weekly share of tracked 30-day downloads", "by organisation")
    set_layout(
        fig,
        height=420,
        margin=MARGIN,
        barmode="stack",
        bargap=0.1,
        yaxis={"tickformat": ".0%", "range": [0, 1], "title": "Share of 30-day downloads (%)"},
        xaxis={"type": "date", "title": "Week ending"},
        hovermode="x unified",
    )
    return legend_below(fig)


def launch_curves(curves: pd.DataFrame, launch_colours: Mapping[str, str], *, horizon: int) -> go.Figure:
    """30-day downloads by calendar day since release, one line per launch, same markers as over time."""
    traces = []
    for i, (launch_id, part) in enumerate(curves.groupby("launch_id", sort=False)):
        colour = palette.colour_of(launch_id, launch_colours, i)
        name = short_model(part["model"].iloc[0])
        traces.append(
            {
                "type": "scatter",
                "x": part["day"].to_numpy(),
                "y": part["downloads_30d"].to_numpy(),
                "mode": "lines+markers",
                "name": name,
                "legendgroup": launch_id,
                "line": {"color": colour, "width": 1.6, "dash": palette.dash_of(launch_id, launch_colours)},
                "marker": {"color": colour, "size": 6, "symbol": _symbols(part["precision"])},
                "customdata": _columns(
                    part["downloads_30d"].map(numbers.count), part["as_of"].map(numbers.day), part["repo_id"]
                ),
                "hovertemplate": f"<b>{name}</b> ({'%{customdata[2]}'})<br>day %{{x}} (%{{customdata[1]}})"
                "<br>30-day downloads %{customdata[0]}<extra></extra>",
            }
        )
    fig = go.Figure(data=traces)
    titled(fig, "30-day downloads after each release", "filled: exact · open: rounded")
    set_layout(
        fig,
        height=440,
        margin=MARGIN,
        xaxis={"title": "Calendar days since release", "range": [-1, horizon + 1]},
        yaxis={**_log_axis(curves["downloads_30d"]), "title": "30-day downloads (log scale)"},
    )
    return legend_below(fig)


def launch_car(car: pd.DataFrame, launch_colours: Mapping[str, str], *, horizon: int, label: str) -> go.Figure:
    """CAR from t0 by calendar day since release (points on trading days), one line per launch."""
    traces = []
    for i, (launch_id, part) in enumerate(car.groupby("launch_id", sort=False)):
        colour = palette.colour_of(launch_id, launch_colours, i)
        name = short_model(str(part["model"].iloc[0]))
        traces.append(
            {
                "type": "scatter",
                "x": part["day"].to_numpy(),
                "y": part["car"].to_numpy(),
                "mode": "lines+markers",
                "name": name,
                "legendgroup": launch_id,
                "line": {"color": colour, "width": 1.6, "dash": palette.dash_of(launch_id, launch_colours)},
                "marker": {"color": colour, "size": 4},
                "customdata": _columns(part["tau"], part["date"].map(numbers.day)),
                "hovertemplate": f"<b>{name}</b><br>day %{{x}} (%{{customdata[1]}}, τ=%{{customdata[0]}})"
                "<br>CAR %{y:.1%}<extra></extra>",
            }
        )
    fig = go.Figure(data=traces)
    fig.add_hline(y=0, line={"color": LAUNCH_COLOUR, "dash": "dot"})
    titled(fig, "CAR after each release", label if len(label) <= 48 else label[:47].rsplit(" ", 1)[0] + " …")
    set_layout(
        fig,
        height=440,
        margin=MARGIN,
        xaxis={"title": "Calendar days since release (trading days only)", "range": [-1, horizon + 1]},
        yaxis={"title": "CAR from t0 (%)", "tickformat": ".0%"},
    )
    return legend_below(fig)
