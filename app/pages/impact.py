"""Launch impact: abnormal returns, their significance and the market value moved by a launch."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from app import data, tables
from app.charts import chart
from app.widgets import (
    SHARED_KEYS,
    market_sidebar,
    page_params,
    publish_params,
    report_download,
    seed_state,
    show_warnings,
    study_sidebar,
)
from app.widgets import glossary as show_glossary
from pipelines.event_study import RETURN_MODELS, window_label
from reporting import content
from views import figures, impact, numbers
from views.filters import impact_query_params, market_query_params, parse_impact_filters, parse_market_filters
from views.labels import group as group_label
from views.text import md

RESULT_COLUMNS = [
    "ticker", "name", "group", "t0", "raw_return", "car", "t_stat", "p_value", "alpha", "beta", "r2", "n_est",
    "value_change", "currency", "shares_date", "status", "reason", "flags",
]
RANKING_COLUMNS = ["launch", "ticker", "t0", "raw_return", "car", "t_stat", "p_value", "flags"]
GROUP_COLUMNS = [
    "group", "n_members", "car", "t_stat", "p_value", "bmp_z", "bmp_p", "kp_z", "kp_p", "sign_z", "sign_p",
    "rank_z", "rank_p", "n_est", "flags",
]
TEXT_WIDTHS = {"name": "medium", "launch": "medium", "reason": "medium", "flags": "large"}  # flags: last, widest
VALUE_HELP = "shares × change of the close over the window, in the row's currency; empty without a share count"
FLAGS_HELP = "Confounders (market-wide day, another launch, earnings) and notes; see the glossary"

universe = data.universe()
launches_all = data.query("launches")
labels = impact.launch_labels(launches_all)


def launch_label(launch_id: str) -> str:
    return labels.get(launch_id, launch_id)


money = numbers.money


query = page_params()
market = parse_market_filters(query, universe)
chosen = parse_impact_filters(query, universe.launch_ids)
show_warnings([*chosen.warnings, *market.warnings])
seed_state("s_scope", "all" if chosen.all_securities else "chosen")
chosen = study_sidebar(chosen, universe.launch_ids, launch_label)
with st.sidebar:
    st.radio(
        "Securities in the study",
        ["chosen", "all"],
        key="s_scope",
        horizontal=True,
        format_func=lambda v: "Chosen below" if v == "chosen" else "All tracked securities",
        help="Every output of this page (cards, bars, table, groups, heatmap, ranking) uses these securities",
    )
chosen = replace(chosen, all_securities=st.session_state["s_scope"] == "all")
market = market_sidebar(market, universe, launch_label, show_view=False)
publish_params({**market_query_params(market), **impact_query_params(chosen)}, uses=SHARED_KEYS)

# The title and its caption name the launch, so they are written last, into this slot at the top: during
# a rerun the old title is gone at once and the new one appears only above the new numbers, never
# above the previous run's (which Streamlit fades while the spinner runs).
header = st.empty()
if not chosen.all_securities and not market.selected_tickers(universe):
    header.title("Launch impact")
    st.info("Choose securities or a group in the sidebar, or study all tracked securities.")
    st.stop()

with st.spinner("Running the event study…"):
    view = data.view(impact.collect, chosen, market, universe)
params, window = view.params, view.window

st.subheader("Biggest movers")
movers = view.movers
for column, row in zip(st.columns(max(len(movers), 1)), movers.itertuples(), strict=False):
    fell = row.car < 0  # the arrow and colour follow the sign, which a true minus hides from Streamlit
    column.metric(
        f"{md(row.ticker)} · raw {window}",
        numbers.percent(row.raw_return),
        delta=f"{numbers.percent(row.car)} abnormal (t {numbers.stat(row.t_stat)})",
        delta_color="red" if fell else "green",
        delta_arrow="down" if fell else "up",
        help=f"{md(row.name)}: close {row.close_before:,.2f} → {row.close_end:,.2f} {row.currency}",
    )
    marker = impact.confounder_marker(row.flags)
    column.caption(f"Value moved {money(row.value_change, row.currency)}" + (f" · {marker}" if marker else ""))
if movers.empty:
    st.info("No security in scope has a computed result for this launch.")
elif movers["confounded"].any():
    st.caption("⚑ marks a mover whose window holds a confounder (see the Flags column of the results).")
show_glossary()

ok = view.ok
memo = (chosen, market)  # what the collector was given: the charts depend on nothing else
chart(
    lambda: figures.car_bars(ok[ok["ticker"] != params.benchmark], colours=view.colours, window=window),
    key="car_bars",
    memo=memo,
)
if params.benchmark in set(view.results["ticker"]):  # a security in scope, studied against itself
    st.caption(f"{md(params.benchmark)}, the benchmark, has no bar: measured against itself, its abnormal return "
               "is zero by construction (its raw return is in the results).")

st.subheader("Abnormal return paths")
if view.paths.empty:
    st.info("No security in scope has a path to draw.")
else:
    left, right = st.columns(2)
    chart(lambda: figures.car_paths(view.paths, column="ar", colours=view.colours), key="ar_paths", where=left,
          memo=memo)
    chart(lambda: figures.car_paths(view.paths, column="car", colours=view.colours), key="car_paths", where=right,
          memo=memo)
    st.caption(
        f"τ counts each security's own trading days from t0; the CAR path accumulates from the window's start "
        f"(τ = {params.window[0]}), so at its end (τ = {params.window[1]}) it equals the CAR in the table."
    )

st.subheader("Results")
tables.show(
    view.results[RESULT_COLUMNS].assign(group=view.results["group"].map(group_label)),
    headers={"car": f"CAR {window}", "raw_return": f"Raw return {window}"},
    helps={"flags": FLAGS_HELP, "value_change": VALUE_HELP},
    widths=TEXT_WIDTHS,
)
if not view.missing.empty:
    text = "Not computed: " + "; ".join(f"{r.ticker} ({r.reason})" for r in view.missing.itertuples())
    st.caption(md(text, limit=2000))

st.subheader("Portfolio CAR by group")
st.caption(
    "Equal-weighted portfolio of each group's securities (all its members, not only those chosen in the "
    "sidebar). All share one event date, so the test uses "
    "the portfolio's own estimation-window volatility (Brown–Warner crude dependence adjustment) "
    "instead of treating them as independent."
)
st.caption(
    "Robust tests over each group's members: BMP (standardised cross-section), BMP-KP (adjusted for the shared "
    "event date), Cowan's generalised sign test and Corrado's rank test; each a statistic and a p."
)
tables.show(
    view.groups[GROUP_COLUMNS].assign(group=view.groups["group"].map(group_label)),
    headers={"car": f"CAR {window}"},
    helps={"n_members": "securities in the group portfolio", "flags": FLAGS_HELP},
    widths=TEXT_WIDTHS,
)

st.subheader(f"CAR {window} across launches")
if view.heat.empty:
    st.info("No launch or security matches the sidebar filters.")
else:
    chart(  # every launch of the sidebar's: the same chart whichever one is shown, so kept across launches
        lambda: figures.car_heatmap(view.heat, view.heat_launches, window=window),
        key="car_heatmap",
        memo=(replace(chosen, launch_id=""), market),
    )
    st.caption(
        f"Launches of the sidebar's organisations and countries between {market.start} and {market.end}, "
        f"window {window}."
    )

st.subheader(f"Largest abnormal moves, all launches (CAR {window})")
st.caption(
    "One row per security and event window: launches whose windows are the same days of a security share its "
    "abnormal return, so they are one row, named together."
)
tables.show(
    view.ranking[RANKING_COLUMNS],
    headers={"car": f"CAR {window}", "raw_return": f"Raw return {window}"},
    helps={"flags": FLAGS_HELP},
    widths=TEXT_WIDTHS,
)

report_download("impact", chosen.launch_id, lambda: content.impact_report(view))

launch = view.launch
with header.container():
    st.title(f"Launch impact: {md(figures.short_model(launch['model']))}")
    st.caption(
        f"{md(launch['organization'])} · {md(launch['country'])} · released {launch['date']:%Y-%m-%d}"
        + (f" · market date {launch['market_date']:%Y-%m-%d}" if pd.notna(launch["market_date"]) else "")
        + f" · event date used: {view.event_day:%Y-%m-%d}. Window {window} trading days, "
        f"{RETURN_MODELS[params.model].label} vs {md(params.benchmark)}, estimation "
        f"{window_label(params.estimation)}. Securities: {md(view.scope_label, limit=300)}."
    )
