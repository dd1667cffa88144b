"""Benchmarks: capability next to adoption and market impact."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data
from app.widgets import page_params, publish_params, report_download, seed_state, show_warnings
from pipelines.event_study import StudyParams, window_label
from reporting.report import Report
from views import figures
from views.filters import COLOURS, OUTCOMES, benchmark_query_params, parse_benchmark_filters
from views.text import md, web_url

CAR_WINDOW = (0, 1)
OUTCOME_LABELS = {
    "car": f"CAR {window_label(CAR_WINDOW)}",
    "downloads_30d": "30-day downloads",
    "downloads_all_time": "All-time downloads",
}
RUNS_NOTE = (
    "Epoch AI scores: a reasoning effort or budget (`_high`, `_16K`) is part of the variant, so efforts are "
    "separate series; each score column is its own metric, named as the archive names it (`mean_score` in "
    "newer archives, `Best score (across scorers)` in older ones); a model run several times on a benchmark "
    "counts once, with its newest run (`Started at`)."
)

catalog = data.query("benchmark_catalog")
names = {kind: part["name"].tolist() for kind, part in catalog.groupby("kind")}
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

shown_figures: list = []
st.subheader("Scores side by side")
table = data.query("benchmark_table", benchmarks=list(state.benchmarks), models=list(state.models), source=state.source)
on_scale = table[table["score"] <= 100]
if on_scale.empty:
    st.info("No score for these models and benchmarks in this source. Try 'all' sources or other models.")
else:
    bars = figures.benchmark_bars(on_scale)
    st.plotly_chart(bars, width="stretch", key="benchmark_bars")
    shown_figures.append(("Scores side by side", bars))
if not table.empty:
    table["source_url"] = table["source_url"].map(web_url)  # only http(s) links are clickable
    with st.expander(f"The {len(table)} scores, with their sources"):
        off = table[table["score"] > 100]
        if not off.empty:
            st.caption(
                "Not on a 0–100 scale, so left off the chart: "
                + md("; ".join(f"{r.model} {r.benchmark} {r.metric} {r.score:g}" for r in off.itertuples()), limit=2000)
            )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("source_url")},
        )

st.subheader("Best reported score over time")
history = data.query("benchmark_history", benchmarks=list(state.benchmarks))
history = history[history["score"] <= 100]
sizes = history.groupby(["benchmark", "variant", "metric"], dropna=False)["score"].transform("size")
history = history[sizes >= 2]  # a single report is no history
if history.empty:
    st.info("No dated score for these benchmarks.")
else:
    launches = data.query(
        "timeline_launches",
        launch_ids=[],
        orgs=[],
        countries=[],
        start=history["reported_date"].min(),
        end=history["reported_date"].max(),
    )
    history_figure = figures.benchmark_history(history, launches)
    st.plotly_chart(history_figure, width="stretch", key="benchmark_history")
    shown_figures.append(("Best reported score over time", history_figure))
    st.caption(
        "Points: every report (dated by its source); line: the best so far in that series. Series with a "
        "single report, and scores not on a 0–100 scale, are left out. " + RUNS_NOTE
    )

st.subheader(f"Capability × {OUTCOME_LABELS[state.y]}")
points = data.query("launch_benchmark_scores", benchmark=state.x)
if state.y == "car":
    params = StudyParams(window=CAR_WINDOW)
    if state.security.startswith("group:"):
        group = state.security.removeprefix("group:")
        car = data.study("groups", params)
        car = car[car["group"] == group][["launch_id", "car"]]
        origin = f"equal-weighted {group} portfolio, market model vs ^GSPC"
    else:
        car = data.study("results", params, tickers=[state.security])
        car = car[car["status"] == "ok"][["launch_id", "car"]]
        origin = f"{state.security}, market model vs ^GSPC"
    outcome = car.rename(columns={"car": "outcome"}).assign(outcome_source=f"Aftershock event study: {origin}")
    y_label = f"CAR {window_label(CAR_WINDOW)} of {state.security.replace('group:', '')}"
else:
    downloads = data.query("launch_downloads", metric=state.y, as_of=state.downloads_date)
    outcome = downloads.rename(columns={"downloads": "outcome"})
    outcome["outcome_source"] = (
        outcome["source_url"].fillna(outcome["source"]) + " · snapshot " + outcome["as_of"].dt.strftime("%Y-%m-%d")
    )
    outcome = outcome[["launch_id", "outcome", "outcome_source"]]
    y_label = OUTCOME_LABELS[state.y] + (
        f" (newest snapshot on or before {state.downloads_date})" if state.downloads_date else " (newest snapshot)"
    )
joined = points.merge(outcome, on="launch_id", how="left")
shown = joined.dropna(subset=["outcome"])
if shown.empty:
    st.info(f"No launch has both a {md(state.x)} score and this outcome yet.")
else:
    st.plotly_chart(
        figures.capability_scatter(
            shown, x_label=state.x, y_label=y_label, colour=state.colour, y_percent=state.y == "car"
        ),
        width="stretch",
        key="capability_scatter",
    )
    left_out = joined[joined["outcome"].isna()]["launch_model"].map(figures.short_model).tolist()
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

sources = table[["source", "source_url"]].drop_duplicates() if not table.empty else pd.DataFrame()
if not sources.empty:
    with st.expander("Sources of the table"):
        st.dataframe(
            sources,
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("source_url")},
        )

report_download(
    "benchmarks",
    None,
    lambda: Report(
        title="Aftershock · Benchmarks",
        page="benchmarks",
        parameters={
            "benchmarks": ", ".join(state.benchmarks),
            "models": ", ".join(state.models),
            "source": state.source or "all",
            "scatter x": state.x,
            "scatter y": OUTCOME_LABELS[state.y],
            "security": state.security,
        },
        data_as_of=data.as_of(),
        figures=shown_figures,
        tables=[
            ("Scores", table),
            ("Score history", history),
            ("Capability and outcome", joined),
        ],
        sources=pd.concat([table[["source", "source_url"]], joined[["source", "source_url"]]]).drop_duplicates(),
        notes=[
            "Scores as each source reports them; a series is benchmark × variant × metric.",
            RUNS_NOTE,
            f"CAR {window_label(CAR_WINDOW)}: market model vs ^GSPC, estimation "
            f"{window_label(StudyParams().estimation)} (see the Launch impact page).",
        ],
    ),
)
