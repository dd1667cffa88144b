"""Adoption: Hugging Face downloads of the tracked organisations' models, and adoption against the market."""

from __future__ import annotations

import streamlit as st

from app import data, tables
from app.charts import chart
from app.widgets import page_params, publish_params, report_download, seed_state, show_warnings
from reporting import content
from views import adoption, labels, numbers
from views import adoption_figures as charts
from views import figures as shared_figures
from views.filters import COUNTS, TOP_RANGE, AdoptionFilters, adoption_query_params, parse_adoption_filters
from views.text import md

COUNT_LABELS = {"30d": "30-day count", "all": "All-time total"}

universe = data.universe()
repos = data.query("adoption_repos")
securities = [*universe.tickers, *(f"group:{g}" for g in universe.groups)]
filters = parse_adoption_filters(page_params(), universe.orgs, repos["repo_id"].tolist(), securities)
show_warnings(filters.warnings)
everything = adoption.options(data.source, universe)
first, last = everything.first, everything.last

seed_state("a_orgs", list(filters.orgs))
seed_state("a_models", list(filters.models))
seed_state("a_count", filters.count)
seed_state("a_top", filters.top)
seed_state("a_sec", filters.security)
with st.sidebar:
    st.subheader("Adoption")
    chosen_orgs = st.session_state["a_orgs"]
    org_options = list(dict.fromkeys([*everything.orgs_with_data, *chosen_orgs]))
    st.multiselect(
        "Organisations",
        org_options,
        key="a_orgs",
        format_func=everything.label,
        help="Only organisations with download snapshots are offered. Empty: all of them.",
    )
    chosen_models = tuple(st.session_state["a_models"])
    scope = adoption.options(data.source, universe, tuple(st.session_state["a_orgs"]), chosen_models)
    snapshots_of = scope.offered.set_index("repo_id")["snapshots"].to_dict()
    model_options = list(dict.fromkeys([*scope.offered["repo_id"], *st.session_state["a_models"]]))
    st.multiselect(
        "Models (Hugging Face repos)",
        model_options,
        key="a_models",
        format_func=lambda r: f"{r} · {snapshots_of[r]:,} snapshots" if r in snapshots_of else f"{r} · no snapshot",
        help=f"Repos of the chosen organisations that have snapshots, launch models first, then the longest "
        f"series (at most {adoption.MAX_OFFERED:,} listed; the URL's `models` takes any). Empty: each "
        "organisation's two launch models with the longest series.",
    )
    st.segmented_control(
        "Count over time", list(COUNTS), key="a_count", format_func=COUNT_LABELS.get, selection_mode="single"
    )
    seed_state("a_start", filters.start or first)
    seed_state("a_end", filters.end or last)
    start = st.date_input("From", key="a_start")
    end = st.date_input("To", key="a_end")
    ranking_default = filters.ranking_date or last
    if first and last and ranking_default:
        ranking_default = min(max(ranking_default, first), last)
    seed_state("a_date", ranking_default)
    when = st.date_input("Ranking date", key="a_date", min_value=first, max_value=last)
    st.number_input("Models in the ranking", min_value=TOP_RANGE[0], max_value=TOP_RANGE[1], step=1, key="a_top")
    st.selectbox(
        "CAR beside the launch curves",
        securities,
        key="a_sec",
        format_func=labels.security_choice,
        help="A security, or a group's equal-weighted portfolio of abnormal returns",
    )
if start and end and start > end:
    st.warning(f"'From' ({start}) is after 'To' ({end}); the two were swapped.")
    start, end = end, start
state = AdoptionFilters(
    orgs=tuple(st.session_state["a_orgs"]),
    models=tuple(st.session_state["a_models"]),
    start=start if start != first else None,
    end=end if end != last else None,
    count=st.session_state.get("a_count") or "30d",
    ranking_date=when if when != last else None,
    top=int(st.session_state["a_top"]),
    security=st.session_state["a_sec"],
)
publish_params(adoption_query_params(state), uses=("orgs", "start", "end"))

view = data.view(adoption.collect, state, universe)

st.title("Adoption")
st.caption(
    "Hugging Face downloads of the tracked organisations' models: the Hub's rolling 30-day count as "
    "recorded by public archives and by the hub pipeline, each number with its source."
)
unknown = [org for org in view.filters.orgs if org in view.no_data]
if unknown:
    st.info(md("No download data for: " + "; ".join(f"{o} ({view.no_data[o]})" for o in unknown) + ".", limit=600))

st.subheader(f"{view.value_label} over time")
drawn = view.snapshots.dropna(subset=[view.value_column]) if not view.snapshots.empty else view.snapshots
if drawn.empty:
    st.info(
        md(
            f"No {view.value_label.lower()} of the chosen models between {view.start} and {view.end} "
            f"(snapshots run {numbers.day(view.first)} to {numbers.day(view.last)})."
            + (" The embedded history holds 30-day counts only." if view.filters.count == "all" else ""),
            limit=600,
        )
    )
else:
    chart(
        lambda: charts.downloads_over_time(
            view.snapshots, view.launches, column=view.value_column, org_colours=view.org_colours,
            label=view.value_label,
        ),
        key="downloads_chart",
        memo=state,
    )
    st.caption(
        ("Default models: each organisation's two launch models with the longest series. " if view.default_models
         else "")
        + adoption.PRECISION_NOTE
        + f" A line stops where snapshots are more than {charts.GAP_DAYS} days apart. ▼ marks the release "
        "of a drawn model (hover for its name)."
    )

st.subheader(f"Ranking on {view.ranking_date}")
if view.ranking.empty:
    st.info(
        md(
            f"No snapshot of these organisations' repos in the {adoption.MAX_AGE_DAYS} days to {view.ranking_date}; "
            f"pick a date between {numbers.day(view.first)} and {numbers.day(view.last)}.",
            limit=400,
        )
    )
else:
    left, right = st.columns(2)
    with left:
        chart(
            lambda: charts.ranking_bars(view.ranking, value="downloads_30d", label="30-day downloads",
                                        org_colours=view.org_colours),
            key="ranking_chart",
            memo=state,
        )
    with right:
        if view.likes.empty:
            st.info("No like counts in these snapshots.")
        else:
            chart(
                lambda: charts.ranking_bars(view.likes, value="likes", label="Likes", org_colours=view.org_colours),
                key="likes_chart",
                memo=state,
            )
    st.caption(
        f"Each repo's newest snapshot at most {adoption.MAX_AGE_DAYS} days old on {view.ranking_date}; "
        "a repo that no source recorded in that time is not ranked."
    )

st.subheader("Share of tracked downloads by organisation")
if view.shares.empty:
    st.info("No 30-day count in this date range.")
else:
    chart(lambda: charts.org_shares(view.shares, view.orgs, view.org_colours), key="share_chart", memo=state)
    st.caption(adoption.SHARE_NOTE)

st.subheader("Adoption against the market")
if view.curves.empty:
    st.info(
        f"None of these organisations' launches has a download series that starts within "
        f"{adoption.NEAR_LAUNCH_DAYS} days of its release."
    )
else:
    st.caption(
        f"Launches whose 30-day series starts within {adoption.NEAR_LAUNCH_DAYS} days of the release, "
        f"aligned on days since release, beside the CAR of {md(view.car_label)} over the same days."
    )
    left, right = st.columns(2)
    with left:
        chart(lambda: charts.launch_curves(view.curves, view.launch_colours, horizon=adoption.HORIZON_DAYS),
              key="launch_curves_chart", memo=state)
    with right:
        if view.car.empty:
            st.info(md(f"No abnormal returns of {view.car_label} after these launches.", limit=300))
        else:
            chart(
                lambda: charts.launch_car(
                    view.car, view.launch_colours, horizon=adoption.HORIZON_DAYS, label=view.car_label
                ),
                key="launch_car_chart",
                memo=state,
            )
    st.caption(adoption.CURVE_NOTE)
if not view.late.empty:
    near = view.late.head(4)
    st.caption(
        md(
            "Not drawn as launch curves: "
            + "; ".join(f"{shared_figures.short_model(r.model)} ({r.reason})" for r in near.itertuples())
            + (f"; and {len(view.late) - len(near)} more, listed below" if len(view.late) > len(near) else "")
            + ".",
            limit=800,
        )
    )
    with st.expander(f"The {len(view.late)} launches without a series from their release"):
        tables.show(
            view.late,
            headers={"launch_id": "Launch", "repo_id": "Repo", "reason": "Why not drawn"},
            helps={"first_day": "days from the release to the first download count", "reason": "why no curve is drawn"},
        )

st.subheader("Downloads per day")
st.caption(adoption.DAILY_NOTE)
daily = view.daily.dropna(subset=["per_day"]) if not view.daily.empty else view.daily
if not daily.empty:
    chart(lambda: shared_figures.daily_downloads(view.daily, view.launches), key="daily_chart", memo=state)
else:
    st.info(adoption.NO_DAILY)

if not view.new_models.empty:
    st.subheader("New models per organisation")
    chart(
        lambda: shared_figures.new_models(view.new_models, view.launches, view.org_colours),
        key="new_models_chart",
        memo=state,
    )

st.subheader("The models drawn")
tables.show(view.summary)

if not view.candidates.empty:
    st.subheader("Candidate launches (unconfirmed)")
    st.caption(
        "New repos of tracked organisations that passed the download threshold. They stay off the market "
        "pages until confirmed with `python -m pipelines confirm-launch REPO_ID`."
    )
    tables.show(view.candidates, headers={"date": "Released"}, helps={"date": "the release date the hub recorded"})

if view.missing:
    st.info(md("Not in this data yet: " + "; ".join(view.missing) + ".", limit=1000))

with st.expander("Sources of these numbers"):
    st.caption(
        "Each row of the embedded history names the file it was read from at a pinned commit "
        "(data/seed/hf_history/SOURCES.md); here one example per source."
    )
    tables.show(
        view.sources,
        helps={"source": "the archive or pipeline the snapshots were read from"},
        config={"source_url": st.column_config.LinkColumn("Example file", help="one file this source was read from")},
    )

report_download("adoption", None, lambda: content.adoption_report(view))
