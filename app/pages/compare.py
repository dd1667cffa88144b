"""Launches compared: 2–6 launches side by side for the chosen securities, CAR paths as small multiples."""

from __future__ import annotations

import streamlit as st

from app import data, tables
from app.charts import chart
from app.widgets import (
    SHARED_KEYS,
    glossary,
    market_sidebar,
    page_params,
    publish_params,
    report_download,
    seed_state,
    show_warnings,
    study_settings_sidebar,
)
from pipelines.event_study import RETURN_MODELS, window_label
from reporting import content
from views import compare, figures, labels
from views.filters import (
    COMPARE_RANGE,
    CompareFilters,
    compare_query_params,
    market_query_params,
    parse_compare_filters,
    parse_market_filters,
)
from views.text import md

SUFFIX_KINDS = {"CAR": "percent", "t": "t", "p": "p"}  # the side-by-side columns: "<launch> · CAR"

universe = data.universe()
launches_all = data.query("launches")
names = dict(zip(launches_all["launch_id"], launches_all["model"].map(figures.short_model), strict=True))
days = dict(zip(launches_all["launch_id"], launches_all["event_date"], strict=True))


def launch_label(launch_id: str) -> str:
    day = days.get(launch_id)
    return f"{names.get(launch_id, launch_id)} · {day:%Y-%m-%d}" if day is not None else launch_id


query = page_params()
market = parse_market_filters(query, universe)
chosen = parse_compare_filters(query, universe.launch_ids)
show_warnings([*chosen.warnings, *market.warnings])
low, high = COMPARE_RANGE
seed_state("c_launches", list(chosen.launch_ids))
with st.sidebar:
    st.subheader("Launches compared")
    st.multiselect(
        f"Launches ({low}–{high})",
        list(universe.launch_ids),
        key="c_launches",
        format_func=launch_label,
        max_selections=high,
    )
params = study_settings_sidebar(chosen.params)
picked = tuple(st.session_state["c_launches"])
chosen = CompareFilters(picked if len(picked) >= low else chosen.launch_ids, params)
market = market_sidebar(market, universe, launch_label, show_view=False)
publish_params({**market_query_params(market), **compare_query_params(chosen)}, uses=SHARED_KEYS)

st.title("Compare launches")
if len(picked) < low:
    st.warning(f"Choose at least {low} launches in the sidebar; showing the last comparison.")
if not market.selected_tickers(universe):
    st.info("Choose securities or a group in the sidebar.")
    st.stop()

with st.spinner("Running the event studies…"):
    view = data.view(compare.collect, chosen, market, universe)
p = chosen.params
st.caption(
    f"CAR over the window {view.window} trading days, {RETURN_MODELS[p.model].label} vs {md(p.benchmark)}, "
    f"estimation {window_label(p.estimation)}, "
    f"{'market' if p.use_market_date else 'release'} date. Securities: {md(', '.join(view.tickers), limit=300)}"
    + (f"; group portfolios: {md(', '.join(labels.group(g) for g in view.groups))}" if view.groups else "")
    + "."
)
glossary()

st.subheader("CAR paths")
if view.paths.empty:
    st.info("No security in scope has a path for these launches.")
else:
    chart(lambda: figures.compare_paths(view.paths, view.launch_labels, colours=view.colours, window=p.window),
          key="compare_paths", memo=(chosen, market))
    st.caption(
        "One panel per launch, one colour per security (the same in every panel); CAR accumulated from the "
        "window's start. The shaded band is the event window: at its end the path equals the table's CAR."
    )

st.subheader(f"Side by side: CAR {view.window}, t, p and flags")
table = view.table(text=False).drop(columns=["Kind"])
tables.show(
    table,
    kinds={c: SUFFIX_KINDS.get(c.rsplit(" · ", 1)[-1], "text") for c in table.columns},
    # narrow text columns, so a phone shows numbers beside the security (its full name on hover)
    widths={"Security": "small"} | {c: "medium" for c in table.columns if c.endswith(" · flags")},
)
st.caption("p is two-sided ('< 0.001' when smaller). Flags name the confounders and notes of each launch's window.")

report_download("compare", None, lambda: content.compare_report(view))
