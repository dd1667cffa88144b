"""Figure builders: pure functions from DataFrames to plotly Figures (no Streamlit, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from views import labels, numbers, palette

LAUNCH_COLOUR = palette.NEUTRAL_LINE
TITLE_TOP = 30  # px above a chart's title, kept free for plotly's mode bar so it never covers the title
SHORT_LABEL = 28
MAX_LABELS = 14  # more launches than this in view: markers keep their hover, labels are dropped
LABEL_LEVELS = (1.0, 0.94, 0.88, 0.82)  # launch labels step down so neighbours do not overprint
LABEL_CHAR_SHARE = 1 / 55  # a label character's width as a share of the x-axis (10 px font on a ~330 px phone chart)
PHONE_WIDTH = 340  # px a chart has on a 390 px screen: legends are laid out for it
LEGEND_ROW = 22  # px of one row of a horizontal legend
LEGEND_CHAR = 6.2  # px of a legend character (11 px font), and an entry's symbol and gap
LEGEND_SYMBOL = 44
AXIS_BELOW = 58  # px under the plot for the x-axis tick labels and title


def set_layout(fig: go.Figure, **props: object) -> go.Figure:
    """fig.update_layout(**props), merged the same way (a dict updates the part it names and keeps the rest;
    xaxis_title names a nested property), with one assignment per argument. update_layout sets every leaf on
    its own and replays them as key paths parsed against the whole layout: 4 ms for a titled chart with 40
    launch lines, 0.4 ms this way, and a page builds its charts with a dozen such calls. One difference: a
    list (shapes, annotations) replaces the one there, where update_layout merges it into the old one item by
    item; the figures pass whole lists. tests/test_figures.py compares the two."""
    for name, value in props.items():
        head, *rest = name.split("_")
        for part in reversed(rest):
            value = {part: value}
        if isinstance(value, dict) and head in fig.layout:
            value = _merged(fig.layout[head].to_plotly_json(), value)
        fig.layout[head] = value
    return fig


def _merged(current: object, new: object) -> object:
    """new over current, dicts merged key by key at every depth (update_layout's rule); anything else replaces."""
    if not (isinstance(current, dict) and isinstance(new, dict)):
        return new
    out = dict(current)
    for key, value in new.items():
        out[key] = _merged(out.get(key), value)
    return out


def titled(fig: go.Figure, text: str, note: str = "", *, top: int = 0) -> go.Figure:
    """A title that says what the chart shows (and a one-line note under it), left-aligned below the
    strip where plotly's mode bar appears, with the top margin grown to hold them. Title and note take
    the theme's text colour: no text colour here reads on both a light and a dark background."""
    set_layout(
        fig,
        title={
            "text": text + (f"<br><sup>{note}</sup>" if note else ""),
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": TITLE_TOP, "l": 10},
            "font": {"size": 15},
        },
        margin={"t": TITLE_TOP + (52 if note else 34) + top},
    )
    return fig


def legend_rows(names: Sequence[str], width: float = PHONE_WIDTH) -> int:
    """How many rows a horizontal legend of these entries takes on a chart width px wide, as plotly
    lays it out: one row if all fit, else a grid with the widest entry's width per column."""
    widths = [LEGEND_SYMBOL + LEGEND_CHAR * len(str(name)) for name in names]
    if not widths or sum(widths) <= width:
        return 1
    columns = max(1, int(width // max(widths)))
    return -(-len(widths) // columns)


def legend_below(fig: go.Figure, *, axis: int = AXIS_BELOW) -> go.Figure:
    """A horizontal legend at the foot of the figure, under the x axis's ticks and title (never on them).

    The legend sits at the container's bottom, and plotly.js reserves the rows it takes at the chart's
    width under the axis's margin, so the axis sits right above it at any width. The height grows by the
    rows it takes on a phone: there the plot keeps its height, and a wider screen, where the legend
    takes fewer rows, gives the difference to the plot (a fixed margin for a phone's rows left a band of
    empty space between the axis and the legend on a desktop)."""
    names = [t.name for t in fig.data if t.showlegend is not False and t.name and t.name != "Launches"]
    rows = legend_rows(names) if names else 0
    extra = LEGEND_ROW * rows
    set_layout(
        fig,
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left",
                "font": {"size": 11}},
        margin={"b": axis + 6},
    )
    if fig.layout.height:
        set_layout(fig, height=fig.layout.height + extra)
    return fig


def cell_refs(fig: go.Figure, row: int, col: int) -> tuple[str, str]:
    """The x and y axis references ('x2', 'y2') of a make_subplots cell, for traces and shapes built as dicts
    and added in one call (add_trace(row=, col=) checks the whole trace again for each one)."""
    cell = fig.get_subplot(row, col)
    return cell.xaxis.plotly_name.replace("axis", ""), cell.yaxis.plotly_name.replace("axis", "")


def axis_key(ref: str) -> str:
    """The layout key of an axis reference from cell_refs, to set that axis with set_layout: 'x2' → 'xaxis2'."""
    return f"{ref[0]}axis{ref[1:]}"


def _iso(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def short_model(model: str) -> str:
    """'DeepSeek-R1 (+ R1-Zero, R1-Distill)' → 'DeepSeek-R1': labels must stay short on a chart."""
    short = model.split(" (")[0].split(" / ")[0].split(" + ")[0]
    return short if len(short) <= SHORT_LABEL else short[: SHORT_LABEL - 1] + "…"


def label_levels(
    launches: pd.DataFrame, x_range: tuple[object, object] | None = None, priority: Sequence[str] = ()
) -> tuple[list[float], list[str], list[str]]:
    """A height, a label and a text position for each launch marker such that no two labels overprint.

    Label widths are estimated for a phone-width chart (LABEL_CHAR_SHARE of the x range per
    character), so they do not overprint on a narrow screen either. Launches are placed in order of
    priority (launch ids, e.g. the largest launch-day moves first), then by date; each label goes
    on the highest level where it overlaps no label already placed, to the right of its marker (to
    the left near the right edge). A launch with no free level, or any launch beyond MAX_LABELS in
    view, keeps its marker and hover but gets no label.
    """
    days = pd.to_datetime(launches["event_date"]).reset_index(drop=True)
    names = [short_model(m) for m in launches["model"]]
    if days.empty:
        return [], [], []
    low, high = (pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])) if x_range else (days.min(), days.max())
    span = max((high - low).total_seconds(), 86_400.0 * 30)
    levels = [LABEL_LEVELS[i % len(LABEL_LEVELS)] for i in range(len(days))]
    texts, positions = [""] * len(days), ["bottom right"] * len(days)
    if len(days) > MAX_LABELS:
        return levels, texts, positions
    rank = {launch_id: i for i, launch_id in enumerate(priority)}
    ids = list(launches["launch_id"]) if "launch_id" in launches else [""] * len(days)
    order = sorted(range(len(days)), key=lambda i: (rank.get(ids[i], len(rank)), days.iloc[i]))
    placed: list[list[tuple[pd.Timestamp, pd.Timestamp]]] = [[] for _ in LABEL_LEVELS]
    for i in order:
        start = days.iloc[i]
        width = pd.Timedelta(seconds=span * LABEL_CHAR_SHARE * (len(names[i]) + 2))
        right = start + width <= high + pd.Timedelta(seconds=span * 0.02)
        interval = (start, start + width) if right else (start - width, start)
        for level, taken in enumerate(placed):
            if all(interval[1] < a or interval[0] > b for a, b in taken):
                taken.append(interval)
                levels[i], texts[i] = LABEL_LEVELS[level], names[i]
                positions[i] = "bottom right" if right else "bottom left"
                break
    return levels, texts, positions


def add_launch_markers(
    fig: go.Figure,
    launches: pd.DataFrame,
    x_range: tuple[object, object] | None = None,
    priority: Sequence[str] = (),
    org_colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Vertical lines at each launch's event date, labelled, with hover on a marker near the top.

    Lines and markers are traces on a hidden [0, 1] axis rather than layout shapes, so they
    sit on true dates, zoom with the data and carry hover text. With org_colours (on charts whose
    series are organisations) each marker takes its organisation's colour; otherwise a neutral grey,
    so a launch never looks like one of the securities. Labels take the theme's text colour.
    """
    if launches.empty:
        return fig
    colours_of_launches = [
        palette.colour_of(org, org_colours, 0) if org_colours and org in org_colours else palette.NEUTRAL
        for org in launches["organization"]
    ]
    xs: list[str | None] = []
    ys: list[float | None] = []
    for day in launches["event_date"]:
        xs += [_iso(day), _iso(day), None]
        ys += [0.0, 1.0, None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            yaxis="y2",
            mode="lines",
            name="Launches",
            line={"color": LAUNCH_COLOUR, "width": 1, "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    hover = [
        f"<b>{row.model}</b><br>{row.organization} · {row.country or 'n/a'}<br>released {_iso(row.date)}"
        + (f"<br>market date {_iso(row.market_date)}" if pd.notna(row.market_date) else "")
        for row in launches.itertuples()
    ]
    levels, texts, positions = label_levels(launches, x_range, priority)
    fig.add_trace(
        go.Scatter(
            x=[_iso(d) for d in launches["event_date"]],
            y=levels,
            yaxis="y2",
            mode="markers+text",
            name="Launches",
            text=texts,
            textposition=positions,
            textfont={"size": 10},
            marker={"symbol": "triangle-down", "size": 10, "color": colours_of_launches},
            hovertext=hover,
            hoverinfo="text",
            customdata=list(launches["launch_id"]),
            showlegend=False,
        )
    )
    set_layout(fig, yaxis2={"overlaying": "y", "range": [0, 1.02], "visible": False, "fixedrange": True})
    return fig


def break_at_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """One series with an empty point the day after each bar that precedes a gap of missing
    sessions (`missing_before` > 0 on the bar after it), so its line stops instead of bridging days
    the source has no price for."""
    if "missing_before" not in frame or not (frame["missing_before"] > 0).any():
        return frame
    after_gap = frame.index[frame["missing_before"].to_numpy() > 0]
    before = frame.shift(1).loc[after_gap]
    holes = pd.DataFrame({"date": pd.to_datetime(before["date"]) + pd.Timedelta(days=1)})
    for column in ("ticker", "name", "currency"):
        if column in frame:
            holes[column] = frame.loc[after_gap, column].to_numpy()
    return pd.concat([frame, holes]).sort_values("date", kind="stable").reset_index(drop=True)


def timeline(
    prices: pd.DataFrame,
    launches: pd.DataFrame,
    *,
    indexed: bool,
    colours: Mapping[str, str] | None = None,
    moves: pd.DataFrame | None = None,
) -> go.Figure:
    """One line per ticker (indexed to 100 at the range's start, or raw closes) with launch markers.
    A line breaks where the security has a gap of missing sessions. colours: ticker → colour.
    moves (ticker, t0, price_return, model): the largest launch-day moves, annotated on their line.
    Hovering a date shows every ticker's value on it (unified hover)."""
    fig = go.Figure()
    value = "indexed" if indexed else "close"
    for i, (ticker, frame) in enumerate(prices.groupby("ticker", sort=False)):
        frame = break_at_gaps(frame)
        currency = frame["currency"].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=frame["date"],
                y=frame[value],
                mode="lines",
                line={"color": palette.colour_of(ticker, colours, i), "dash": palette.dash_of(ticker, colours)},
                name=f"{ticker} ({currency})",
                customdata=frame[["close"]].to_numpy(),
                hovertemplate=("%{y:.1f} · " if indexed else "")
                + f"close %{{customdata[0]:,.2f}} {currency}<extra>{ticker}</extra>",
            )
        )
    dates = pd.to_datetime(prices["date"]) if not prices.empty else pd.Series(dtype="datetime64[ns]")
    priority = [i for ids in (moves["launch_id"] if moves is not None else []) for i in str(ids).split(" + ")]
    add_launch_markers(fig, launches, (dates.min(), dates.max()) if len(dates) else None, priority)
    if moves is not None:
        annotate_moves(fig, prices, moves, value=value, colours=colours)
    first, last = (_iso(dates.min()), _iso(dates.max())) if len(dates) else ("", "")
    titled(
        fig,
        ("Closes indexed to 100" if indexed else "Closing prices") + " and AI model launches",
        f"{first} to {last} · ▼ launch, dotted line its market date" if first else "",
    )
    set_layout(
        fig,
        height=540,
        margin={"l": 10, "r": 10, "b": 10},
        yaxis_title="Close, indexed (first day in range = 100)" if indexed else "Close (local currency)",
        xaxis={"type": "date", "hoverformat": "%a %Y-%m-%d", "title": "Trading day"},
        hovermode="x unified",
    )
    return legend_below(fig)


MOVE_CHAR = 7.0  # px of a move label's character (11 px bold), and MOVE_FRAME px of its frame and padding
MOVE_FRAME = 12
MOVE_HEIGHT = 24  # px a move label takes vertically, with the gap kept to the next one
MOVE_PLOT = 360  # px of the timeline's plot area, top to bottom (the figure's height less title, axis, legend)
MOVE_TOP = 0.78  # share of the plot height above which the launch labels sit: move labels stay below it
MOVE_WIDTHS = (290, 1180)  # px widths of the plot area, a phone's and a desktop's: labels apart at every width between
MOVE_OFFSETS = (28, 50, 72, 94, 116, 138)  # px from the point to its label, nearest first


def annotate_moves(
    fig: go.Figure, prices: pd.DataFrame, moves: pd.DataFrame, *, value: str, colours: Mapping[str, str] | None
) -> go.Figure:
    """An arrow at each of the given launch-day moves, on its security's line: 'NVDA −16.97 %'.
    Arrow and frame in the security's colour, the text in the theme's (readable on light and dark).
    Each label goes to the nearest place (below the point for a fall, above for a rise, then the other side,
    then further away) where it overlaps no label placed before it at any plot width from a phone's to a
    desktop's: the figure is one spec for every screen, and its plot height does not depend on the width."""
    order = list(dict.fromkeys(prices["ticker"]))
    days = pd.to_datetime(prices["date"])
    values = pd.to_numeric(prices[value], errors="coerce")
    if days.empty or values.isna().all():
        return fig
    first, span = days.min(), max((days.max() - days.min()).days, 1)
    low, high = float(values.min()), float(values.max())
    placed: list[tuple[float, float, float, float]] = []  # each label: x share, ax, centre height px, half-width
    for k, move in enumerate(moves.itertuples()):
        point = prices[(prices["ticker"] == move.ticker) & (days == pd.Timestamp(move.t0))]
        if point.empty or pd.isna(point[value].iloc[0]):
            continue
        y = float(point[value].iloc[0])
        share = (pd.Timestamp(move.t0) - first).days / span
        height = (y - low) / (high - low) * MOVE_PLOT if high > low else MOVE_PLOT / 2
        text = f"{move.ticker} {numbers.percent(move.price_return)}"
        half = (len(text) * MOVE_CHAR + MOVE_FRAME) / 2
        ax = 30 * (-1 if share > 0.5 else 1)  # toward the chart's middle, so a label stays near its line
        ay = _free_offset(placed, share, ax, height, half, fell=move.price_return < 0)
        placed.append((share, ax, height - ay, half))
        colour = palette.colour_of(move.ticker, colours, order.index(move.ticker) if move.ticker in order else k)
        fig.add_annotation(
            x=_iso(move.t0),
            y=y,
            text=f"<b>{text}</b>",
            showarrow=True,
            arrowhead=2,
            arrowcolor=colour,
            ax=ax,
            ay=ay,
            font={"size": 11},
            bordercolor=colour,
            borderwidth=1.5,
            hovertext=str(move.model),
        )
    return fig


def _free_offset(
    placed: list[tuple[float, float, float, float]], share: float, ax: float, height: float, half: float, *, fell: bool
) -> int:
    """The label's vertical offset (plotly's ay: px, positive is down) nearest its point that overlaps no placed
    label at any plot width (_apart) and stays inside the plot below the launch labels; the one with the fewest
    overlaps when every offset meets one."""
    first = 1 if fell else -1
    candidates = [offset * side for offset in MOVE_OFFSETS for side in (first, -first)]

    def clashes(ay: int) -> int:
        centre = height - ay
        outside = not MOVE_HEIGHT / 2 <= centre <= MOVE_TOP * MOVE_PLOT
        overlapping = sum(
            abs(centre - other) < MOVE_HEIGHT and not _apart(share - x, ax - x_ax, half + other_half)
            for x, x_ax, other, other_half in placed
        )
        return overlapping + outside

    return min(candidates, key=lambda ay: (clashes(ay) > 0, clashes(ay), candidates.index(ay)))


def _apart(share: float, ax: float, reach: float) -> bool:
    """True if two label centres, share of the plot width and ax px apart, are at least reach px apart at every
    plot width of MOVE_WIDTHS and between: the distance is linear in the width, so on one side at both ends."""
    ends = [share * width + ax for width in MOVE_WIDTHS]
    return all(end >= reach for end in ends) or all(end <= -reach for end in ends)


def at_zero(line: Mapping[str, object]) -> dict[str, object]:
    """A vertical line at x = 0 across the plot, as fig.add_vline(x=0, line=line) writes it, for a figure's
    constructor: add_vline checks every trace and shape again, each time it is called."""
    return {"type": "line", "x0": 0, "x1": 0, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": dict(line)}


def car_bars(
    results: pd.DataFrame, *, alpha: float = 0.05, colours: Mapping[str, str] | None = None, window: str = ""
) -> go.Figure:
    """CAR by security in its own colour, as horizontal bars so every ticker keeps a readable label on
    a phone; significance (two-sided, at alpha) is the fill: solid when significant, hatched and pale
    when not. Whiskers ±1.96·SE."""
    frame = results.dropna(subset=["car"]).sort_values("car")
    significant = (frame["p_value"] < alpha).tolist()
    fig = go.Figure(
        go.Bar(
            x=frame["car"],
            y=frame["ticker"],
            orientation="h",
            marker={
                "color": [palette.colour_of(t, colours, i) for i, t in enumerate(frame["ticker"])],
                "opacity": [1.0 if s else 0.45 for s in significant],
                "pattern": {"shape": ["" if s else "/" for s in significant], "solidity": 0.5},
            },
            error_x={"type": "data", "array": 1.96 * frame["car_se"], "visible": True, "thickness": 1},
            customdata=frame[["t_stat", "p_value", "raw_return"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>CAR %{x:.2%}<br>t %{customdata[0]:.2f}, p %{customdata[1]:.3g}"
            "<br>raw %{customdata[2]:.2%}<extra></extra>",
            name="CAR",
        ),
        layout={"shapes": [at_zero({"color": palette.NEUTRAL, "width": 1})]},
    )
    titled(
        fig,
        f"Cumulative abnormal return {window} by security".replace("  ", " "),
        f"solid: p &lt; {alpha:g} · hatched: not significant · ±1.96 SE",
    )
    set_layout(
        fig,
        height=max(300, 26 * len(frame) + 150),
        margin={"l": 10, "r": 10, "b": 10},
        xaxis={"tickformat": ".0%", "title": f"CAR {window} (% of price)".replace("  ", " ")},
        yaxis={"automargin": True, "dtick": 1},
        showlegend=False,
    )
    return fig


def car_paths(paths: pd.DataFrame, *, column: str = "car", colours: Mapping[str, str] | None = None) -> go.Figure:
    """AR or cumulative AR over event time τ, one line per security in its own colour. Traces and the
    launch's line go in as dicts, checked once by the figure (a Scatter each, added one by one, and
    add_vline checked them again: half of a Launch impact change's chart time)."""
    traces = [
        {
            "type": "scatter",
            "x": frame["tau"],
            "y": frame[column],
            "mode": "lines+markers",
            "name": ticker,
            "line": {"color": palette.colour_of(ticker, colours, i), "dash": palette.dash_of(ticker, colours)},
            "marker": {"color": palette.colour_of(ticker, colours, i), "symbol": palette.symbol_of(ticker, colours)},
            "hovertemplate": f"<b>{ticker}</b> τ=%{{x}}<br>%{{y:.2%}}<extra></extra>",
        }
        for i, (ticker, frame) in enumerate(paths.groupby("ticker", sort=False))
    ]
    fig = go.Figure(data=traces, layout={"shapes": [at_zero({"color": LAUNCH_COLOUR, "dash": "dot"})]})
    titled(fig, "Cumulative abnormal return by day" if column == "car" else "Abnormal return by day")
    set_layout(
        fig,
        height=400,
        margin={"l": 10, "r": 10, "b": 10},
        yaxis_tickformat=".0%",
        xaxis_title="Trading days from the event (τ)",
        yaxis_title="CAR from the window's start (%)" if column == "car" else "Abnormal return (%)",
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


# Red: the price fell, blue: it rose. Near zero a faint grey that reads as "little" on a white and on a
# dark page alike (an opaque white midpoint glares on a dark one); the ends are strong enough for both.
DIVERGING = (
    (0.0, "#B2182B"),
    (0.25, "rgba(214, 96, 77, 0.75)"),
    (0.5, "rgba(128, 128, 128, 0.12)"),
    (0.75, "rgba(67, 147, 195, 0.75)"),
    (1.0, "#2166AC"),
)
COLOURBAR_BELOW = 48  # px at the figure's foot for a horizontal colour bar and its ticks
HEATMAP_LABEL = 18  # characters of a launch's name beside a heatmap row: longer ones squeeze the cells on a phone


def car_heatmap(results: pd.DataFrame, launches: pd.DataFrame, *, window: str = "") -> go.Figure:
    """CAR of launches (rows, in date order) × securities (columns); blank where missing. The colour bar
    lies under the plot, so on a phone the cells keep the width and every security its label."""
    order = launches.sort_values("event_date")["launch_id"].tolist()
    names = {
        launch_id: name if len(name) <= HEATMAP_LABEL else name[: HEATMAP_LABEL - 1] + "…"
        for launch_id, name in zip(launches["launch_id"], launches["model"].map(short_model), strict=True)
    }
    grid = results.pivot_table(index="launch_id", columns="ticker", values="car", aggfunc="first")
    grid = grid.reindex([i for i in order if i in grid.index])
    limit = float(grid.abs().max().max()) if grid.size else 0.1
    longest = max((len(str(c)) for c in grid.columns), default=4)
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=[names.get(i, i) for i in grid.index],
            colorscale=[list(stop) for stop in DIVERGING],
            zmid=0,
            zmin=-limit,
            zmax=limit,
            colorbar={
                "tickformat": ".0%", "nticks": 5, "orientation": "h",  # the note names the scale
                "thickness": 12, "len": 240, "lenmode": "pixels", "x": 0.03, "xanchor": "left", "xref": "container",
                "y": 0, "yanchor": "bottom", "yref": "container",
            },
            hovertemplate="%{y} · %{x}<br>CAR %{z:.2%}<extra></extra>",
        )
    )
    titled(fig, f"CAR {window} by launch and security".replace("  ", " "),
           "blue: rose · red: fell · grey: near zero · blank: no result")
    below = 30 + 6 * longest + COLOURBAR_BELOW  # title, labels (turned on a phone), colour bar
    set_layout(
        fig,
        height=max(340, 22 * len(grid) + 150) + below,
        margin={"l": 10, "r": 10, "b": below},
        xaxis={"title": "Security", "automargin": True, "dtick": 1},  # turned when they would touch
        yaxis={"autorange": "reversed", "title": "Launch (by date)", "automargin": True, "dtick": 1},
    )
    return fig


def _with_launches(
    fig: go.Figure, launches: pd.DataFrame, frames: list[pd.Series], org_colours: Mapping[str, str] | None = None
) -> go.Figure:
    """Launch markers limited to the span the data covers, so they do not stretch the axis."""
    days = pd.concat([pd.to_datetime(f) for f in frames if len(f)]) if any(len(f) for f in frames) else None
    if days is not None and not launches.empty:
        inside = launches["event_date"].between(days.min() - pd.Timedelta(days=15), days.max() + pd.Timedelta(days=15))
        add_launch_markers(fig, launches[inside], org_colours=org_colours)
    return fig


def download_snapshots(snapshots: pd.DataFrame, launches: pd.DataFrame, *, column: str) -> go.Figure:
    """Stored snapshots as points (never joined into an invented line), log scale, launches marked."""
    fig = go.Figure()
    label = "all-time downloads" if column == "downloads_all_time" else "30-day downloads"
    colours = palette.colour_map(list(dict.fromkeys(snapshots["repo_id"])))
    for i, (repo, frame) in enumerate(snapshots.dropna(subset=[column]).groupby("repo_id", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=frame["as_of"],
                y=frame[column],
                mode="markers",
                name=repo,
                marker={
                    "size": 9,
                    "color": palette.colour_of(repo, colours, i),
                    "symbol": palette.symbol_of(repo, colours),
                },
                customdata=frame[["source"]].to_numpy(),
                hovertemplate=f"<b>{repo}</b><br>%{{x|%Y-%m-%d %H:%M}}<br>{label} %{{y:,.0f}}"
                "<br>source %{customdata[0]}<extra></extra>",
            )
        )
    _with_launches(fig, launches, [snapshots["as_of"]])
    titled(fig, f"{label.capitalize()} per model, by snapshot", "▼ launch")
    set_layout(
        fig,
        height=460,
        margin={"l": 10, "r": 10, "b": 10},
        yaxis_type="log",
        yaxis_title=label.capitalize() + " (snapshot)",
        xaxis={"type": "date"},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def daily_downloads(daily: pd.DataFrame, launches: pd.DataFrame) -> go.Figure:
    """Downloads per day between consecutive snapshots: one bar spanning each interval, a colour (then a
    pattern) per model."""
    fig = go.Figure()
    frame = daily.dropna(subset=["per_day"])
    colours = palette.colour_map(list(dict.fromkeys(frame["repo_id"])))
    for i, (repo, part) in enumerate(frame.groupby("repo_id", sort=False)):
        start = pd.to_datetime(part["interval_start"])
        end = pd.to_datetime(part["interval_end"])
        fig.add_trace(
            go.Bar(
                x=start + (end - start) / 2,
                y=part["per_day"],
                width=(end - start).dt.total_seconds() * 1000,
                name=repo,
                marker={
                    "color": palette.colour_of(repo, colours, i),
                    "pattern": {"shape": palette.pattern_of(repo, colours)},
                },
                customdata=list(
                    zip(
                        start.dt.strftime("%Y-%m-%d"),
                        end.dt.strftime("%Y-%m-%d"),
                        part["flag"].fillna("consecutive days"),
                        strict=True,
                    )
                ),
                hovertemplate=f"<b>{repo}</b><br>%{{customdata[0]}} → %{{customdata[1]}}<br>%{{y:,.0f}} per day"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
    _with_launches(fig, launches, [frame["interval_start"], frame["interval_end"]])
    titled(fig, "Downloads per day between snapshots", "a bar spans the days between two all-time totals")
    set_layout(
        fig,
        height=400,
        margin={"l": 10, "r": 10, "b": 10},
        barmode="overlay",
        yaxis_title="Downloads per day (mean over the interval)",
        xaxis={"type": "date"},
        legend={"orientation": "h", "y": -0.18},
    )
    fig.update_traces(opacity=0.75, selector={"type": "bar"})
    return fig


def new_models(
    models: pd.DataFrame, launches: pd.DataFrame, org_colours: Mapping[str, str] | None = None
) -> go.Figure:
    """Repos by creation date per organisation (in its colour); marker size grows with 30-day downloads."""
    frame = models.copy()
    size = frame["downloads_30d"].fillna(0).astype(float).clip(lower=1)
    frame["size"] = 6 + 4 * np.log10(size)
    orgs = list(dict.fromkeys(frame["organization"]))
    fig = go.Figure(
        go.Scatter(
            x=frame["created_at"],
            y=frame["organization"],
            mode="markers",
            marker={
                "size": frame["size"],
                "opacity": 0.8,
                "color": [palette.colour_of(o, org_colours, orgs.index(o)) for o in frame["organization"]],
            },
            text=frame["repo_id"],
            customdata=frame[["downloads_30d"]].to_numpy(),
            hovertemplate="<b>%{text}</b><br>created %{x|%Y-%m-%d}<br>30-day downloads %{customdata[0]:,}"
            "<extra></extra>",
            showlegend=False,
        )
    )
    _with_launches(fig, launches, [frame["created_at"]], org_colours)
    titled(fig, "New repos by creation date", "marker size: 30-day downloads (log) · ▼ launch")
    set_layout(
        fig,
        height=max(280, 40 * frame["organization"].nunique() + 170),
        margin={"l": 10, "r": 10, "b": 10},
        xaxis={"type": "date", "title": "Repo created"},
        yaxis={"title": "Organisation", "automargin": True},
    )
    return fig


def benchmark_bars(table: pd.DataFrame, *, title: str = "Scores side by side") -> go.Figure:
    """Grouped bars, one panel per scale (views/benchmark_figures.py): scales never share an axis."""
    from views import benchmark_figures  # imported here: this function is all that uses it

    return benchmark_figures.bars(table, title=title)


def benchmark_history(history: pd.DataFrame, launches: pd.DataFrame, *, benchmark: str) -> go.Figure:
    """One benchmark's best reported score over time, one panel per scale (views/benchmark_figures.py)."""
    from views import benchmark_figures

    return benchmark_figures.history(history, launches, benchmark=benchmark)


SCATTER_LABELS = 8  # named points on the capability scatter: more overprint on a phone, the rest on hover


def labelled_points(points: pd.DataFrame, *, log_y: bool, limit: int = SCATTER_LABELS) -> set[int]:
    """Index labels of the points worth naming: the largest and smallest score, then those furthest
    from the median outcome (on a log scale for counts), up to limit; a point close to one already
    named (its label would overprint) is left to its hover."""
    if points.empty:
        return set()
    y = pd.to_numeric(points["outcome"], errors="coerce")
    y = np.log10(y.where(y > 0)) if log_y else y
    x = pd.to_numeric(points["score"], errors="coerce")
    x_span, y_span = (x.max() - x.min()) or 1.0, (y.max() - y.min()) or 1.0
    order = [x.idxmax(), x.idxmin(), *(y - y.median()).abs().dropna().sort_values(ascending=False, kind="stable").index]
    named: list[int] = []
    for i in dict.fromkeys(order):
        near = any(abs(x[i] - x[j]) < 0.15 * x_span and abs(y[i] - y[j]) < 0.06 * y_span for j in named)
        if not near and pd.notna(y[i]):
            named.append(i)
        if len(named) == limit:
            break
    return set(named)


def _text_positions(scores: pd.Series) -> list[str]:
    """Above the point, leaning inwards near either end of the x axis so a label is not cut off."""
    low, high = scores.min(), scores.max()
    span = (high - low) or 1.0
    return [
        "top right" if (v - low) / span < 0.2 else "top left" if (high - v) / span < 0.2 else "top center"
        for v in scores
    ]


def capability_scatter(points: pd.DataFrame, *, x_label: str, y_label: str, colour: str, y_percent: bool) -> go.Figure:
    """One point per launch: capability (x) against an outcome (y); hover names both sources. Only the
    points that matter carry their launch's name (labelled_points), the others name it on hover."""
    points = points.reset_index(drop=True)
    fig = go.Figure()
    names = palette.colour_map(sorted(points[colour].astype(str).unique()))
    named = labelled_points(points, log_y=not y_percent)
    positions = dict(zip(points.index, _text_positions(points["score"]), strict=True))
    traces: list[dict[str, object]] = []
    for i, (name, part) in enumerate(points.groupby(colour, sort=True)):
        models = part["launch_model"].map(short_model)
        traces.append({
            "type": "scatter",
            "x": part["score"],
            "y": part["outcome"],
            "mode": "markers+text",
            "name": str(name),
            "text": [m if index in named else "" for index, m in zip(part.index, models, strict=True)],
            "textposition": [positions[index] for index in part.index],
            "textfont": {"size": 10},
            "cliponaxis": False,
            "marker": {
                "size": 13,
                "color": palette.colour_of(str(name), names, i),
                "symbol": palette.symbol_of(str(name), names),
            },
            "customdata": np.column_stack(
                [part[["model", "source", "outcome_source", "event_date"]].astype(str).to_numpy(), models]
            ),
            "hovertemplate": "<b>%{customdata[4]}</b> (%{customdata[0]})<br>"
            + x_label
            + " %{x}<br>"
            + y_label
            + (" %{y:.2%}" if y_percent else " %{y:,.0f}")
            + "<br>score: %{customdata[1]}<br>outcome: %{customdata[2]}<extra></extra>",
        })
    fig.add_traces(traces)  # all at once: one check of the figure instead of one per trace
    by = labels.ATTRIBUTES.get(colour, colour).lower()
    titled(fig, f"{y_label} against {x_label}", f"one point per launch · colour: {by}")
    set_layout(
        fig,
        height=540,
        margin={"l": 10, "r": 10},
        xaxis={"title": f"{x_label} score (as reported)", "automargin": True},
        yaxis={"title": y_label + ("" if y_percent else " (log scale)"), "automargin": True},
        yaxis_tickformat=".0%" if y_percent else None,
        yaxis_type=None if y_percent else "log",
    )
    if y_percent:
        fig.add_hline(y=0, line={"color": LAUNCH_COLOUR, "dash": "dot"})
    return legend_below(fig)


def panel_title(label: str) -> str:
    """'DeepSeek-V3 (2024-12-26)' → 'DeepSeek-V3<br>(2024-12-26)': a narrow panel's title on two short lines."""
    name, bracket, rest = label.rpartition(" (")
    return f"{short_model(name)}<br>({rest}" if bracket and name else short_model(label)


def series_name(key: object, kind: object = None) -> str:
    """A group key ('chipmaker', 'group:index') as people read it ('Chipmakers'); a ticker as it is."""
    text = str(key)
    return labels.group(text.removeprefix("group:")) if kind == "group" or text.startswith("group:") else text


def compare_paths(
    paths: pd.DataFrame, launch_labels: Mapping[str, str], *, colours: Mapping[str, str] | None = None,
    window: tuple[int, int] = (0, 0), columns: int = 2,
) -> go.Figure:
    """Small multiples: one panel per launch (in the order of launch_labels), one line per security or
    group in its own colour (the same in every panel), CAR accumulated from the path's start; the event
    window shaded. At most two columns, titles on two lines and a tick every 10 days, so panels keep
    apart on a phone."""
    ids = [i for i in launch_labels if i in set(paths["launch_id"])] or list(launch_labels)
    columns = max(1, min(columns, 2, len(ids)))
    rows = -(-len(ids) // columns)
    fig = make_subplots(
        rows=rows, cols=columns, subplot_titles=[panel_title(launch_labels[i]) for i in ids], shared_yaxes=True,
        horizontal_spacing=0.12, vertical_spacing=min(0.3, 110 / (260 * rows)) if rows > 1 else 0.0,
    )
    keys = list(dict.fromkeys(paths["key"]))
    kinds = dict(zip(paths["key"], paths["kind"], strict=False)) if "kind" in paths else {}
    names = {key: series_name(key, kinds.get(key)) for key in keys}
    traces: list[dict[str, object]] = []
    shapes: list[dict[str, object]] = []
    lines = dict(tuple(paths.sort_values("tau", kind="stable").groupby(["launch_id", "key"], sort=False)))
    for n, launch_id in enumerate(ids):
        x, y = cell_refs(fig, n // columns + 1, n % columns + 1)
        drawn = len(traces)
        for i, key in enumerate(keys):
            line = lines.get((launch_id, key))
            if line is None:
                continue
            traces.append({
                "type": "scatter", "x": line["tau"].to_numpy(), "y": line["car"].to_numpy(), "mode": "lines",
                "name": names[key], "legendgroup": str(key), "showlegend": n == 0,
                "line": {"color": palette.colour_of(key, colours, i), "width": 1.8,
                         "dash": palette.dash_of(key, colours)},
                "hovertemplate": f"<b>{names[key]}</b> τ=%{{x}}<br>CAR %{{y:.2%}}"
                f"<extra>{launch_labels[launch_id]}</extra>",
                "xaxis": x, "yaxis": y,
            })
        if len(traces) > drawn:  # a panel without a line gets no shading (as add_vrect leaves empty cells)
            shapes.append({"type": "rect", "xref": x, "yref": f"{y} domain", "x0": window[0] - 0.5,
                           "x1": window[1] + 0.5, "y0": 0, "y1": 1, "fillcolor": "rgba(120,120,120,0.12)",
                           "line": {"width": 0}})
    fig.add_traces(traces)  # all at once: one check of the figure instead of one per trace
    axes: dict[str, object] = {}
    for row in range(1, rows + 1):  # every cell's axes, an empty last one's too (as update_xaxes set them)
        for col in range(1, columns + 1):
            x, y = cell_refs(fig, row, col)
            axes[axis_key(x)] = {"dtick": 10, "automargin": True} | (
                {"title": {"text": "τ (trading days)"}} if row == rows else {})
            axes[axis_key(y)] = {"tickformat": ".0%", "zeroline": True, "zerolinecolor": palette.NEUTRAL} | (
                {"title": {"text": "CAR (%)"}} if col == 1 else {})
    titles = [a.to_plotly_json() | {"font": {"size": 12}} for a in fig.layout.annotations]  # the panel titles
    set_layout(fig, shapes=shapes, annotations=titles, **axes)
    titled(fig, "CAR paths by launch", "shaded: the event window", top=34)
    set_layout(fig, height=260 * rows + 170, margin={"l": 10, "r": 10}, hovermode="closest")
    return legend_below(fig)


def kind_bars(table: pd.DataFrame, *, label: str = "value", window: str = "") -> go.Figure:
    """Mean CAR per kind of launch with a 95 % interval (mean ± 1.96·sd/√n across its launches), as
    horizontal bars so long kind names stay readable on a phone."""
    frame = table.dropna(subset=["mean_car"])
    fig = go.Figure(
        go.Bar(
            x=frame["mean_car"],
            y=[f"{v} (n = {n})" for v, n in zip(frame[label].astype(str), frame["n"], strict=True)],
            orientation="h",
            marker={"color": [palette.RISE if v >= 0 else palette.FALL for v in frame["mean_car"]]},
            error_x={"type": "data", "array": frame["ci"], "visible": True, "thickness": 1},
            customdata=frame[["n", "bmp_p_text"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>mean CAR %{x:.2%}<br>%{customdata[0]} launches · BMP p %{customdata[1]}"
            "<extra></extra>",
        ),
        layout={"shapes": [at_zero({"color": palette.NEUTRAL, "width": 1})]},
    )
    titled(fig, f"Mean CAR {window} by kind of launch".replace("  ", " "), "whiskers: 95 % interval")
    set_layout(
        fig,
        height=max(300, 34 * len(frame) + 150),
        margin={"l": 10, "r": 10, "b": 10},
        xaxis={"tickformat": ".1%", "title": f"Mean CAR {window} (% of price)".replace("  ", " ")},
        yaxis={"automargin": True, "autorange": "reversed", "dtick": 1},
        showlegend=False,
    )
    return fig
