"""Benchmarks: capability next to adoption and market impact."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from app import data
from app.charts import chart
from app.widgets import page_params, publish_params, report_download, seed_state, show_warnings
from reporting import content
from views import benchmark_figures as bench_figures
from views import benchmarks, labels
from views.benchmarks import OUTCOME_LABELS, RUNS_NOTE
from views.columns import header
from views.filters import COLOURS, OUTCOMES, benchmark_query_params, parse_benchmark_filters
from views.text import md

names = benchmarks.catalog_names(data.source)
universe = data.universe()
filters = parse_benchmark_filters(
    page_params(), names.get("benchmark", []), names.get("model", []), names.get("source", []), universe
)
show_warnings(filters.warnings)

securities = list(universe.tickers) + [f"group:{g}" for g in universe.groups]
seed_state("b_benchmarks", list(filters.benchmarks))
seed_state("b_models", list(filters.models))
seed_state("b_source", filters.source or "all")
seed_state("b_x", filters.x)
seed_state("b_y", filters.y)
seed_state("b_sec", filters.security)
seed_state("b_colour", filters.colour)
seed_state("b_dl_date", filters.downloads_date)
with st.sidebar:
    st.subheader("Benchmarks")
    st.multiselect("Benchmarks", names.get("benchmark", []), key="b_benchmarks")
    st.multiselect("Models", names.get("model", []), key="b_models")
    st.selectbox(
        "Source",
        ["all", *names.get("source", [])],
        key="b_source",
        help="One source keeps a like-for-like table; 'all' shows every report",
    )
    st.subheader("Capability × outcome")
    st.selectbox("Benchmark (x)", names.get("benchmark", []), key="b_x")
    st.selectbox("Outcome (y)", list(OUTCOMES), key="b_y", format_func=OUTCOME_LABELS.get)
    st.selectbox(
        "Security or group for CAR", securities, key="b_sec", format_func=labels.security_choice
    )
    st.radio("Colour by", list(COLOURS), key="b_colour", horizontal=True, format_func=labels.attribute)
    if st.session_state["b_y"] != "car":
        st.date_input(
            "Downloads as of",
            key="b_dl_date",
            format="YYYY-MM-DD",
            help="Each launch's newest snapshot at or before this date. Empty: the newest snapshot.",
        )
state = filters.__class__(
    benchmarks=tuple(st.session_state["b_benchmarks"]),
    models=tuple(st.session_state["b_models"]),
    source=None if st.session_state["b_source"] == "all" else st.session_state["b_source"],
    x=st.session_state["b_x"],
    y=st.session_state["b_y"],
    security=st.session_state["b_sec"],
    colour=st.session_state["b_colour"],
    downloads_date=st.session_state.get("b_dl_date") if st.session_state["b_y"] != "car" else filters.downloads_date,
    over_time=tuple(st.session_state.get("b_over_time", filters.over_time)),
)
st.title("Benchmarks")
st.caption(
    "Scores as each source reports them. Model and benchmark names are mapped to canonical ones by the "
    "alias tables in data/universe; different versions or settings of a benchmark stay separate series. "
    "Names that reach no launch are listed on the Data & pipelines page."
)

view = data.view(benchmarks.collect, state)
default_over_time = tuple(view.history_benchmarks[:1])
publish_params(
    benchmark_query_params(replace(state, over_time=() if state.over_time == default_over_time else state.over_time)),
    uses=(),
)

SCORE = st.column_config.NumberColumn(format="%.2f")
DAY = st.column_config.DateColumn(format="YYYY-MM-DD")
LINK = st.column_config.LinkColumn(display_text="open")


def score_table(frame: pd.DataFrame, names: list[str], **extra: object) -> None:
    """A table with people's headers: scores with two decimals, dates as YYYY-MM-DD, empty cells for nothing."""
    config = {header(n): DAY for n in ("reported_date", "started_at", "event_date")}
    config |= {header("score"): SCORE, "Link": LINK} | {header(n): c for n, c in extra.items()}
    st.dataframe(benchmarks.for_people(frame, names), hide_index=True, width="stretch", column_config=config)


st.subheader(benchmarks.BARS_TITLE)
st.caption(benchmarks.source_caption(state.source, view.table))
if view.table.empty:
    st.info("No score for these models and benchmarks in this source. Try 'all' sources or other models.")
else:
    chart(view.bars_figure, key="benchmark_bars", memo=state)
    st.caption(
        "Scores on different scales (%, percentile, Elo rating …) are drawn in separate panels, each with its "
        "own axis; the scale of each series is read from its metric and values."
    )
    with st.expander(f"The {len(view.table)} scores, with their sources"):
        score_table(view.table, benchmarks.TABLE_COLUMNS)

st.subheader("Best reported score over time")
if view.history.empty:
    st.info("No benchmark chosen above has two or more dated reports.")
else:
    seed_state("b_over_time", view.over_time)
    picked = st.multiselect(
        "Benchmarks to chart over time",
        view.history_benchmarks,
        key="b_over_time",
        help="One chart per benchmark; its series (variant · metric) are told apart by colour",
    )
    for benchmark in picked:
        series = bench_figures.top_series(view.history[view.history["benchmark"] == benchmark], n=10_000)
        chosen = None
        if len(series) > bench_figures.MAX_SERIES:
            chosen = st.multiselect(
                f"{benchmark}: series shown",
                series,
                default=series[: bench_figures.MAX_SERIES],
                key=f"b_series_{benchmark}",
                max_selections=bench_figures.MAX_SERIES,
                help="The most reported series first; at most ten on one chart",
            )
        chart(
            lambda b=benchmark, c=chosen: view.history_figure(b, c),
            key=f"benchmark_history_{benchmark}",
            memo=(state, tuple(chosen) if chosen is not None else None),
        )
    st.caption(
        "Points: every report (dated by its source); line: the best so far in that series. ▼ and dotted lines: "
        "launches of the models scored (hover for the name). Series with a single report are left out. " + RUNS_NOTE
    )

scatter_title = view.scatter_title
st.subheader(scatter_title)
shown = view.shown_points
if shown.empty:
    st.info(f"No launch has both a {md(state.x)} score and this outcome yet.")
else:
    chart(view.scatter_figure, key="capability_scatter", memo=state)
    left_out = view.without_outcome
    st.caption(
        f"{len(shown)} launches with a {md(state.x)} score and an outcome."
        + (f" Without an outcome: {md(', '.join(left_out), limit=2000)}." if left_out else "")
    )
    with st.expander("The points and their sources"):
        outcome_format = "percent" if state.y == "car" else "localized"
        score_table(
            shown,
            ["model", "variant", "metric", "score", "source", "outcome", "outcome_source"],
            outcome=st.column_config.NumberColumn(view.y_label, format=outcome_format),
            outcome_source=st.column_config.TextColumn("Outcome from"),
        )

if not view.sources.empty:
    with st.expander("Sources of the table"):
        score_table(view.sources, ["source", "source_url"])

report_download("benchmarks", None, lambda: content.benchmarks_report(view))
