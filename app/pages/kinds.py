"""What kinds of launches move a group of stocks: mean portfolio CAR by attribute, robust tests, HC3 regression."""

from __future__ import annotations

import streamlit as st

from app import data, tables
from app.charts import chart
from app.widgets import (
    glossary,
    page_params,
    publish_params,
    report_download,
    seed_state,
    show_warnings,
    study_settings_sidebar,
)
from pipelines.event_study import RETURN_MODELS, window_label
from reporting import content
from views import figures, kinds, labels
from views.filters import KIND_ATTRIBUTES, KindsFilters, kinds_query_params, parse_kinds_filters
from views.text import md

universe = data.universe()
query = page_params()
chosen = parse_kinds_filters(query, list(universe.groups))
show_warnings(chosen.warnings)
seed_state("k_group", chosen.group)
seed_state("k_attr", chosen.attribute)
seed_state("k_exclude", chosen.exclude_confounded)
with st.sidebar:
    st.subheader("Launch kinds")
    st.selectbox("Security group", list(universe.groups), key="k_group", format_func=labels.group)
    st.selectbox("Compare launches by", list(KIND_ATTRIBUTES), key="k_attr", format_func=labels.ATTRIBUTES.get)
    st.toggle(
        "Exclude launches with confounder flags",
        key="k_exclude",
        help="A market-wide day, another launch or an earnings reaction inside the window of the group's members",
    )
params = study_settings_sidebar(chosen.params, base=KindsFilters().params)
chosen = KindsFilters(
    st.session_state["k_group"], st.session_state["k_attr"], bool(st.session_state["k_exclude"]), params
)
publish_params(kinds_query_params(chosen), uses=())

st.title(f"What kinds of launches move {md(labels.group_plural_lower(chosen.group))}?")
with st.spinner("Running the event study over every launch…"):
    view = data.view(kinds.collect, chosen)
p = chosen.params
st.caption(
    f"Each launch contributes the equal-weighted portfolio CAR of the {md(labels.group_plural_lower(chosen.group))} "
    f"over {view.window} "
    f"trading days ({RETURN_MODELS[p.model].label} vs {md(p.benchmark)}, estimation "
    f"{window_label(p.estimation)}). **{view.exclusion}**"
)
glossary()

st.subheader(f"Mean CAR {view.window} by {view.attribute_label.lower()}")
if view.by_kind.empty:
    st.info("No launch is left to average with these settings.")
else:
    chart(lambda: figures.kind_bars(view.by_kind, label="label", window=view.window), key="kind_bars", memo=chosen)
    st.caption("Bars: mean CAR of the launches of each kind; whiskers: 95 % interval (mean ± 1.96·sd/√n).")
    by_kind = view.kinds_table(text=False)
    tables.show(by_kind, kinds={c: kinds.TABLE_KINDS.get(c.split(" [")[0], "text") for c in by_kind.columns})
    st.caption(
        "BMP: standardised cross-sectional test; Sign: Cowan's generalised sign test; Rank: Corrado's rank test. "
        "Launches are on different dates, so BMP has no Kolari–Pynnönen adjustment here."
    )

st.subheader("Regression: CAR on open weights, reasoning model and China")
if view.regression.empty:
    st.info("Too few launches for the regression.")
else:
    tables.show(view.regression_table())
    st.caption(
        f"OLS with HC3 (heteroskedasticity-robust) standard errors over {int(view.regression['n'].iloc[0])} "
        "launches; a term that does not vary among them is left out."
    )

with st.expander(f"The {view.n_total:,} launches and their portfolio CAR"):
    launches = view.launches_table(text=False)
    tables.show(launches, kinds={c: kinds.TABLE_KINDS.get(c, "text") for c in launches.columns})

report_download("kinds", chosen.group, lambda: content.kinds_report(view))
