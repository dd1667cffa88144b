"""Benchmarks: capability next to adoption and market impact."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data
from app.charts import chart
from app.widgets import page_params, publish_params, report_download, seed_state, show_warnings
from reporting import content
from views import benchmarks
from views.benchmarks import OUTCOME_LABELS, RUNS_NOTE
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
        "Security or group for CAR", securities, key="b_sec", format_func=lambda s: s.replace("group:", "group: ")
    )
    st.radio("Colour by", list(COLOURS), key="b_colour", horizontal=True)
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
)
publish_params(benchmark_query_params(state), uses=())

st.title("Benchmarks")
st.caption(
    "Scores as each source reports them. Model and benchmark names are mapped to canonical ones by the "
    "alias tables in data/universe; different versions or settings of a benchmark stay separate series. "
    "Names that reach no launch are listed on the Data & pipelines page."
)

view = benchmarks.collect(state, data.source)
charts = dict(view.figures())

st.subheader("Scores side by side")
if view.on_scale.empty:
    st.info("No score for these models and benchmarks in this source. Try 'all' sources or other models.")
else:
    chart(charts["Scores side by side"], key="benchmark_bars")
if not view.table.empty:
    with st.expander(f"The {len(view.table)} scores, with their sources"):
        if not view.off_scale.empty:
            st.caption(
                "Not on a 0–100 scale, so left off the chart: "
                + md(
                    "; ".join(f"{r.model} {r.benchmark} {r.metric} {r.score:g}" for r in view.off_scale.itertuples()),
                    limit=2000,
                )
            )
        st.dataframe(
            view.table,
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("source_url")},
        )

st.subheader("Best reported score over time")
if view.history.empty:
    st.info("No dated score for these benchmarks.")
else:
    chart(charts["Best reported score over time"], key="benchmark_history")
    st.caption(
        "Points: every report (dated by its source); line: the best so far in that series. Series with a "
        "single report, and scores not on a 0–100 scale, are left out. " + RUNS_NOTE
    )

scatter_title = f"Capability × {OUTCOME_LABELS[state.y]}"
st.subheader(scatter_title)
shown = view.shown_points
if shown.empty:
    st.info(f"No launch has both a {md(state.x)} score and this outcome yet.")
else:
    chart(charts[scatter_title], key="capability_scatter")
    left_out = view.without_outcome
    st.caption(
        f"{len(shown)} launches with a {md(state.x)} score and an outcome."
        + (f" Without an outcome: {md(', '.join(left_out), limit=2000)}." if left_out else "")
    )
    with st.expander("The points and their sources"):
        st.dataframe(
            shown[["launch_id", "model", "variant", "metric", "score", "source", "outcome", "outcome_source"]],
            hide_index=True,
            width="stretch",
        )

sources = view.table[["source", "source_url"]].drop_duplicates() if not view.table.empty else pd.DataFrame()
if not sources.empty:
    with st.expander("Sources of the table"):
        st.dataframe(
            sources,
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("source_url")},
        )

report_download("benchmarks", None, lambda: content.benchmarks_report(view))
