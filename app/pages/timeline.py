"""Market timeline: prices of the chosen securities with launch markers, and launch-day moves."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from app import data, tables
from app.charts import chart
from app.widgets import SHARED_KEYS, market_sidebar, page_params, publish_params, report_download, show_warnings
from reporting import content
from views import labels, timeline
from views.filters import market_query_params, parse_market_filters
from views.impact import launch_labels
from views.text import md, quote_list

universe = data.universe()
launch_names = launch_labels(data.query("launches"))  # two "Claude 3.5 Sonnet" launches: dated
filters = parse_market_filters(page_params(), universe)
show_warnings(filters.warnings)
filters = market_sidebar(filters, universe, lambda lid: launch_names.get(lid, lid))
publish_params(market_query_params(filters), uses=SHARED_KEYS)

st.title("Market timeline")
st.caption(
    "Closes of the chosen securities around AI model launches. Dotted lines mark each launch's "
    "market date (the first day markets could react), or its release date."
)

if not filters.selected_tickers(universe):
    st.info("Choose at least one security or group in the sidebar.")
    st.stop()

view = data.view(timeline.collect, filters, universe)
if view.missing:
    st.warning(md(f"No prices between {filters.start} and {filters.end} for: {quote_list(view.missing)}.", limit=600))
if view.prices.empty:
    st.stop()

if view.headline is not None:
    top = view.headline
    st.subheader(md(top.text, limit=400), anchor="headline")
    st.caption(
        f"The largest launch-day move in view. Abnormal return, value moved and the "
        f"{md(labels.group_plural_lower(top.group))} portfolio's CAR from the event study at the default "
        f"settings (market model vs S&P 500, window {top.window})"
        + (f"; the same day as {md(', '.join(top.shared_with))}" if top.shared_with else "")
        + ("" if top.shared_with and ", ".join(top.shared_with).endswith("…") else ".")  # never "Chat…."
        + f" [Open the event study](/impact?launch={quote(top.launch_id, safe='')})."
    )

chart(view.figure, key="timeline_chart", memo=filters)

st.subheader("Launch-day moves")
if view.launches.empty:
    st.info("No launch of the chosen organisations and countries falls in this date range.")
elif view.moves.empty:
    st.info("None of the chosen securities traded on these launches' event days.")
else:
    st.caption(
        "Close-to-close change on each launch's event day t0 (the security's first trading day on or after "
        "the market date). Launches that share a security's t0 share its move and are listed together."
    )
    moves = view.moves_table().reset_index()
    tickers = [c for c in moves.columns if c != "Launch · t0"]
    tables.show(
        moves,
        kinds=dict.fromkeys(tickers, "percent"),
        headers={c: c for c in moves.columns},
        widths={"Launch · t0": "large"},
        helps={"Launch · t0": "the launch and its day t0", **{t: f"{t}: the close's change on t0" for t in tickers}},
    )

report_download("timeline", None, lambda: content.timeline_report(view))
