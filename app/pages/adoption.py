"""Adoption: Hugging Face downloads and likes per model and organisation, and new repos over time."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app import data
from app.widgets import page_params, publish_params, report_download, seed_state, show_warnings
from reporting.report import Report
from views import figures
from views.filters import adoption_query_params, parse_adoption_filters

TOP_N = 5
MAX_INTERVAL_DAYS = 45
GROWS = (
    "The Hub reports only a rolling 30-day count and an all-time total, so Aftershock builds the history "
    "itself: every scheduled run of `python -m pipelines run hub` adds one snapshot per repo, and daily "
    "downloads come from consecutive all-time totals."
)

repos = data.query("adoption_repos")
universe = data.universe()
filters = parse_adoption_filters(page_params(), universe.orgs, repos["repo_id"].tolist())
show_warnings(filters.warnings)

seed_state("a_orgs", list(filters.orgs))
seed_state("a_models", list(filters.models))
with st.sidebar:
    st.subheader("Adoption")
    st.multiselect("Organisations", list(universe.orgs), key="a_orgs", help="Empty: all organisations")
    in_orgs = repos[repos["organization"].isin(st.session_state["a_orgs"])] if st.session_state["a_orgs"] else repos
    options = list(dict.fromkeys([*in_orgs["repo_id"], *st.session_state["a_models"]]))
    st.multiselect(
        "Models (Hugging Face repos)",
        options,
        key="a_models",
        help="Empty: every repo of the chosen organisations that has snapshots",
    )
    first = repos["first_as_of"].min().date() if not repos.empty else date(2022, 1, 1)
    last = repos["last_as_of"].max().date() if not repos.empty else date.today()
    seed_state("a_start", filters.start or first)
    seed_state("a_end", filters.end or last)
    start = st.date_input("From", key="a_start")
    end = st.date_input("To", key="a_end")
orgs = tuple(st.session_state["a_orgs"])
chosen = tuple(st.session_state["a_models"]) or tuple(in_orgs["repo_id"])
publish_params(
    adoption_query_params(
        filters.__class__(
            orgs=orgs,
            models=tuple(st.session_state["a_models"]),
            start=start if start != first else None,
            end=end if end != last else None,
        )
    ),
    uses=("orgs", "start", "end"),
)

st.title("Adoption")
st.caption(GROWS)

launches = data.query("timeline_launches", launch_ids=[], orgs=list(orgs), countries=[], start=start, end=end)
shown_figures: list = []
snapshots = data.query("adoption_snapshots", repo_ids=list(chosen), start=start, end=end)
if snapshots.empty:
    st.info("No download snapshot of the chosen models in this range yet. " + GROWS)
else:
    st.subheader("Downloads per model (snapshots)")
    metric = st.segmented_control(
        "Count",
        ["downloads_all_time", "downloads_30d"],
        key="a_metric",
        default="downloads_all_time",
        format_func=lambda m: "All-time" if m == "downloads_all_time" else "Last 30 days",
    )
    st.plotly_chart(
        figures.download_snapshots(snapshots, launches, column=metric or "downloads_all_time"),
        width="stretch",
        key="snapshots_chart",
    )
    single = snapshots.groupby("repo_id")["as_of"].count()
    if (single == 1).any():
        st.caption(
            f"{int((single == 1).sum())} of {len(single)} models have a single snapshot so far: shown as "
            "points; a series appears once the pipeline has stored a second one."
        )

st.subheader("Downloads per organisation (snapshots)")
org_totals = data.query("adoption_org_totals", orgs=list(orgs), start=start, end=end)
if org_totals.empty:
    st.info(
        "No organisation-wide snapshot yet: the hub pipeline lists each organisation's repos at one time, and "
        "their sum appears here after its first run. " + GROWS
    )
else:
    org_figure = figures.download_snapshots(
        org_totals.rename(columns={"organization": "repo_id"}).assign(
            source="hub-api (sum of the organisation's repos)"
        ),
        launches,
        column="downloads_30d",
    )
    st.plotly_chart(org_figure, width="stretch", key="org_chart")
    shown_figures.append(("Downloads per organisation", org_figure))

st.subheader("Downloads per day (between snapshots)")
daily = data.query("adoption_daily", repo_ids=list(chosen), start=start, end=end)
too_long = daily["days"] > MAX_INTERVAL_DAYS
if too_long.any():
    st.caption(
        f"{int(too_long.sum())} interval(s) longer than {MAX_INTERVAL_DAYS} days between snapshots are left "
        "out: an average over months says little about any one day."
    )
daily = daily[~too_long]
if daily.dropna(subset=["per_day"]).empty:
    st.info("No daily series yet for these models: it needs two snapshots of the same repo. " + GROWS)
else:
    daily_figure = figures.daily_downloads(daily, launches)
    st.plotly_chart(daily_figure, width="stretch", key="daily_chart")
    shown_figures.append(("Downloads per day", daily_figure))
    flagged = daily["flag"].notna().sum()
    if flagged:
        st.caption(
            f"{flagged} interval(s) span more than a day (or a counter correction): their bar is the "
            "average per day over the whole gap; hover shows which."
        )

st.subheader("Top models per organisation (latest snapshot)")
top = data.query("adoption_top", orgs=list(orgs))
if top.empty:
    st.info("No snapshot for these organisations yet. " + GROWS)
else:
    columns = {
        "organization": "Organisation",
        "repo_id": "Model",
        "downloads_30d": "30-day downloads",
        "downloads_all_time": "All-time downloads",
        "likes": "Likes",
        "as_of": "As of",
        "source": "Source",
    }
    config = {"As of": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")}
    st.caption(f"By 30-day downloads (top {TOP_N} per organisation)")
    st.dataframe(
        top[top["rank_downloads"] <= TOP_N][list(columns)].rename(columns=columns),
        hide_index=True,
        width="stretch",
        column_config=config,
    )
    by_likes = top[top["likes"].notna()].sort_values(["organization", "rank_likes"])
    st.caption(f"By likes (top {TOP_N} per organisation)")
    if by_likes.empty:
        st.info("No like counts stored yet: the seed has none; the hub pipeline records them.")
    else:
        st.dataframe(
            by_likes[by_likes["rank_likes"] <= TOP_N][list(columns)].rename(columns=columns),
            hide_index=True,
            width="stretch",
            column_config=config,
        )

st.subheader("New models per organisation")
new = data.query("adoption_new_models", orgs=list(orgs), start=start, end=end)
if new.empty:
    st.info(
        "No repo metadata for these organisations and dates yet: the hub pipeline records each repo's "
        "creation date on its first run."
    )
else:
    new_figure = figures.new_models(new, launches)
    st.plotly_chart(new_figure, width="stretch", key="new_models_chart")
    shown_figures.append(("New models per organisation", new_figure))

candidates = data.query("launch_candidates")
if not candidates.empty:
    st.subheader("Candidate launches (unconfirmed)")
    st.caption(
        "New repos of tracked organisations that passed the download threshold. They stay off the market "
        "pages until confirmed with `python -m pipelines confirm-launch REPO_ID`."
    )
    st.dataframe(candidates, hide_index=True, width="stretch")

sources = snapshots[["source", "source_url"]].drop_duplicates() if not snapshots.empty else pd.DataFrame()
if not sources.empty:
    with st.expander("Sources of these numbers"):
        st.dataframe(sources, hide_index=True, width="stretch")

report_download(
    "adoption",
    None,
    lambda: Report(
        title="Aftershock · Adoption",
        page="adoption",
        parameters={
            "organisations": ", ".join(orgs) or "all",
            "models": ", ".join(chosen),
            "from": str(start),
            "to": str(end),
        },
        data_as_of=data.as_of(),
        figures=shown_figures,
        tables=[
            ("Snapshots", snapshots),
            ("Organisation totals", org_totals),
            ("Daily downloads", daily),
            ("Top models", top),
            ("New models", new),
        ],
        sources=sources if not sources.empty else pd.DataFrame(columns=["source", "source_url"]),
        notes=[GROWS, f"Daily downloads: intervals longer than {MAX_INTERVAL_DAYS} days are left out."],
    ),
)
