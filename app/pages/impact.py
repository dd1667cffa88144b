"""Launch impact: abnormal returns, their significance and the market value moved by a launch."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data, figures
from app.filters import (
    HEATMAP_WINDOW,
    impact_query_params,
    market_query_params,
    parse_impact_filters,
    parse_market_filters,
)
from app.widgets import market_sidebar, report_download, show_warnings, study_sidebar
from pipelines.event_study import format_window
from reporting import content
from views.text import md

RANKING_SIZE = 25
RESULT_COLUMNS = {
    "ticker": "Ticker",
    "name": "Security",
    "group": "Group",
    "t0": "t0",
    "raw_return": "Raw return",
    "car": "CAR",
    "t_stat": "t",
    "p_value": "p",
    "alpha": "α",
    "beta": "β",
    "r2": "R²",
    "n_est": "n (est.)",
    "value_change": "Value moved",
    "currency": "Currency",
    "shares_date": "Shares as of",
    "status": "Status",
    "reason": "Note",
}

universe = data.universe()
launches_all = data.query("launches")
labels = dict(zip(launches_all["launch_id"], launches_all["model"].map(figures.short_model), strict=True))


def launch_label(launch_id: str) -> str:
    return labels.get(launch_id, launch_id)


def money(value: float, currency: str) -> str:
    if pd.isna(value):
        return "n/a (no share count)"
    sign = "−" if value < 0 else "+"
    amount = abs(value)
    for unit, size in (("tn", 1e12), ("bn", 1e9), ("m", 1e6)):
        if amount >= size:
            return f"{sign}{amount / size:,.1f} {unit} {currency}"
    return f"{sign}{amount:,.0f} {currency}"


query = st.query_params.to_dict()
market = parse_market_filters(query, universe)
impact = parse_impact_filters(query, universe.launch_ids)
show_warnings([*impact.warnings, *market.warnings])
impact = study_sidebar(impact, universe.launch_ids, launch_label)
market = market_sidebar(market, universe, launch_label, show_view=False)
st.query_params.from_dict({**market_query_params(market), **impact_query_params(impact)})

params = impact.params
launch = launches_all.set_index("launch_id").loc[impact.launch_id]
window = format_window(params.window)
st.title(f"Launch impact: {md(figures.short_model(launch['model']))}")
event_day = launch["market_date"] if params.use_market_date and pd.notna(launch["market_date"]) else launch["date"]
st.caption(
    f"{md(launch['organization'])} · {md(launch['country'])} · released {launch['date']:%Y-%m-%d}"
    + (f" · market date {launch['market_date']:%Y-%m-%d}" if pd.notna(launch["market_date"]) else "")
    + f" · event date used: {event_day:%Y-%m-%d}. Window [{window}] trading days, {params.model} model vs "
    f"{params.benchmark}, estimation [{format_window(params.estimation)}]."
)

results = data.study("results", params, launch_ids=[impact.launch_id])
ok = results[results["status"] == "ok"]

st.subheader("Biggest movers")
movers = (
    ok.dropna(subset=["value_change_usd"])
    .reindex(ok.dropna(subset=["value_change_usd"])["value_change_usd"].abs().sort_values(ascending=False).index)
    .head(4)
)
if movers.empty:
    movers = ok.reindex(ok["raw_return"].abs().sort_values(ascending=False).index).head(4)
for column, row in zip(st.columns(max(len(movers), 1)), movers.itertuples(), strict=False):
    column.metric(
        f"{md(row.ticker)} · raw {window}",
        f"{row.raw_return:+.2%}",
        delta=f"{row.car:+.2%} abnormal (t {row.t_stat:.2f})",
        delta_color="normal",
        help=f"{md(row.name)}: close {row.close_before:,.2f} → {row.close_end:,.2f} {row.currency}",
    )
    column.caption(f"Value moved {money(row.value_change, row.currency)}")

st.subheader(f"CAR [{window}] by security")
st.plotly_chart(figures.car_bars(ok[ok["ticker"] != params.benchmark]), width="stretch", key="car_bars")

tickers = [t for t in market.selected_tickers(universe) if t in set(ok["ticker"])]
st.subheader("Abnormal return paths")
paths = pd.DataFrame()
if tickers:
    paths = data.study("paths", params, launch_ids=[impact.launch_id], tickers=tickers)
    left, right = st.columns(2)
    left.plotly_chart(figures.car_paths(paths, column="ar"), width="stretch", key="ar_paths")
    right.plotly_chart(figures.car_paths(paths, column="car"), width="stretch", key="car_paths")
    st.caption("τ counts each security's own trading days from t0; CAR accumulates from τ = −10.")
else:
    st.info("Choose securities in the sidebar to see their paths.")

st.subheader("Results")
table = results[list(RESULT_COLUMNS)].rename(columns=RESULT_COLUMNS)
st.dataframe(
    table,
    width="stretch",
    hide_index=True,
    column_config={
        "Raw return": st.column_config.NumberColumn(format="percent"),
        "CAR": st.column_config.NumberColumn(format="percent"),
        "t": st.column_config.NumberColumn(format="%.2f"),
        "p": st.column_config.NumberColumn(format="%.4f"),
        "α": st.column_config.NumberColumn(format="%.5f"),
        "β": st.column_config.NumberColumn(format="%.3f"),
        "R²": st.column_config.NumberColumn(format="%.3f"),
        "Value moved": st.column_config.NumberColumn(format="compact"),
        "t0": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "Shares as of": st.column_config.DateColumn(format="YYYY-MM-DD"),
    },
)
missing = results[results["status"] != "ok"]
if not missing.empty:
    st.caption(md("Not computed: " + "; ".join(f"{r.ticker} ({r.reason})" for r in missing.itertuples()), limit=2000))

groups = data.study("groups", params, launch_ids=[impact.launch_id])
st.subheader("Portfolio CAR by group")
st.caption(
    "Equal-weighted portfolio of each group's securities. All share one event date, so the test uses "
    "the portfolio's own estimation-window volatility (Brown–Warner crude dependence adjustment) "
    "instead of treating them as independent."
)
st.dataframe(
    groups[["group", "n_members", "car", "t_stat", "p_value", "n_est"]],
    hide_index=True,
    width="stretch",
    column_config={
        "car": st.column_config.NumberColumn("CAR", format="percent"),
        "t_stat": st.column_config.NumberColumn("t", format="%.2f"),
        "p_value": st.column_config.NumberColumn("p", format="%.4f"),
    },
)

heat = pd.DataFrame()
st.subheader(f"CAR [{format_window(HEATMAP_WINDOW)}] across launches")
heat_launches = data.query("timeline_launches", **market.launch_query())
heat_tickers = market.selected_tickers(universe)
if heat_launches.empty or not heat_tickers:
    st.info("No launch or security matches the sidebar filters.")
else:
    heat_params = params.__class__(
        benchmark=params.benchmark,
        use_market_date=params.use_market_date,
        estimation=params.estimation,
        window=HEATMAP_WINDOW,
        model=params.model,
    )
    heat = data.study("results", heat_params, launch_ids=heat_launches["launch_id"].tolist(), tickers=heat_tickers)
    st.plotly_chart(
        figures.car_heatmap(heat[heat["status"] == "ok"], heat_launches), width="stretch", key="car_heatmap"
    )
    st.caption(f"Launches of the sidebar's organisations and countries between {market.start} and {market.end}.")

st.subheader(f"Largest abnormal moves, all launches (CAR [{window}])")
everything = data.study("results", params)
ranked = everything[everything["status"] == "ok"].copy()
ranked = ranked.reindex(ranked["car"].abs().sort_values(ascending=False).index).head(RANKING_SIZE)
ranked.insert(1, "launch", ranked["launch_id"].map(launch_label))
st.dataframe(
    ranked[["launch", "ticker", "t0", "raw_return", "car", "t_stat", "p_value"]],
    hide_index=True,
    width="stretch",
    column_config={
        "raw_return": st.column_config.NumberColumn("Raw", format="percent"),
        "car": st.column_config.NumberColumn("CAR", format="percent"),
        "t_stat": st.column_config.NumberColumn("t", format="%.2f"),
        "p_value": st.column_config.NumberColumn("p", format="%.4f"),
        "t0": st.column_config.DateColumn(format="YYYY-MM-DD"),
    },
)

report_download(
    "impact",
    impact.launch_id,
    lambda: content.impact_report(
        launches_all.set_index("launch_id", drop=False).loc[impact.launch_id],
        params,
        results,
        groups,
        paths,
        heat,
        heat_launches,
        data.query("price_sources", tickers=results["ticker"].tolist()),
        content.data_as_of(),
    ),
)
