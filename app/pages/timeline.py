"""Market timeline: prices of the chosen securities with launch markers, and launch-day moves."""

from __future__ import annotations

import streamlit as st

from app import data, figures
from app.filters import market_query_params, parse_market_filters
from app.widgets import market_sidebar, report_download, show_warnings
from reporting import content
from views.text import md, quote_list

universe = data.universe()
launch_names = data.query("launches").set_index("launch_id")["model"].to_dict()
filters = parse_market_filters(st.query_params.to_dict(), universe)
show_warnings(filters.warnings)
filters = market_sidebar(filters, universe, lambda lid: figures.short_model(launch_names.get(lid, lid)))
st.query_params.from_dict(market_query_params(filters))

st.title("Market timeline")
st.caption(
    "Closes of the chosen securities around AI model launches. Dotted lines mark each launch's "
    "market date (the first day markets could react), or its release date."
)

tickers = filters.selected_tickers(universe)
if not tickers:
    st.info("Choose at least one security or group in the sidebar.")
    st.stop()

prices = data.query("timeline_prices", tickers=tickers, start=filters.start, end=filters.end)
launches = data.query("timeline_launches", **filters.launch_query())
prices = prices.sort_values("ticker", key=lambda col: col.map(tickers.index), kind="stable")
missing = sorted(set(tickers) - set(prices["ticker"]))
if missing:
    st.warning(md(f"No prices between {filters.start} and {filters.end} for: {quote_list(missing)}.", limit=600))
if prices.empty:
    st.stop()

st.plotly_chart(
    figures.timeline(prices, launches, indexed=filters.view == "indexed"), width="stretch", key="timeline_chart"
)

st.subheader("Launch-day moves")
if launches.empty:
    st.info("No launch of the chosen organisations and countries falls in this date range.")
    st.stop()
moves = data.query("launch_day_moves", launch_ids=launches["launch_id"].tolist(), tickers=tickers)
if moves.empty:
    st.info("None of the chosen securities traded on these launches' event days.")
    st.stop()
moves["launch"] = moves["model"].map(figures.short_model) + " · " + moves["event_date"].dt.strftime("%Y-%m-%d")
table = moves.pivot_table(index="launch", columns="ticker", values="price_return", aggfunc="first", sort=False)
table = table[[t for t in tickers if t in table.columns]] * 100
st.caption(
    "Close-to-close change on each launch's event day t0 (the security's first trading day on or after "
    "the market date), in %."
)
st.table(table.style.format("{:+.2f}%", na_rep="–"))

report_download(
    "timeline",
    None,
    lambda: content.timeline_report(
        filters, prices, launches, moves, data.query("price_sources", tickers=tickers), content.data_as_of()
    ),
)
