"""Sidebar widgets shared by pages: seeded once from the URL, then owned by the widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from pipelines.event_study import (
    BENCHMARKS,
    ESTIMATION_RANGE,
    MODELS,
    RETURN_MODELS,
    STANDARD_WINDOWS,
    WINDOW_RANGE,
    StudyParams,
    format_window,
    parse_window,
    window_label,
)
from reporting.report import FORMATS, Report, file_name, render, slug_for
from views import glossary as views_glossary
from views.filters import VIEWS, ImpactFilters, MarketFilters, Universe, with_changes, with_windows
from views.text import md

SHARED_KEYS = ("tickers", "groups", "orgs", "countries", "launches", "start", "end")
_SHARED = "shared_filters"


def page_params() -> dict[str, str]:
    """The URL's parameters, completed with the securities, organisations, launches and dates the user
    chose on another page of this session: filters follow the user from page to page."""
    shared = st.session_state.setdefault(_SHARED, {})
    return {**shared, **st.query_params.to_dict()}


def publish_params(own: dict[str, str], uses: Sequence[str]) -> None:
    """Write this page's state to the URL and remember its shared filters. A shared parameter this page
    does not use (`uses`) is kept as it was, in the store and in the URL: never lost, never blanked."""
    shared: dict[str, str] = st.session_state.setdefault(_SHARED, {})
    for key in SHARED_KEYS:
        if key in uses:
            if key in own:
                shared[key] = own[key]
            else:
                shared.pop(key, None)
    st.query_params.from_dict({**shared, **own})


def enter_page(name: str) -> None:
    """Called by dashboard.py before each run of a page. Streamlit ties a widget's state to its page, so
    on a page just entered its widgets are given the values of the URL and the shared filters."""
    st.session_state["_fresh_page"] = st.session_state.get("_page") != name
    st.session_state["_page"] = name


def seed_state(key: str, value: Any) -> None:
    """Give a widget its value from the URL on a page's first run; later runs keep what the user chose."""
    if key not in st.session_state or st.session_state.get("_fresh_page", False):
        st.session_state[key] = value


def show_warnings(messages: Sequence[str]) -> None:
    """Warnings quote what the user typed: shown as literal text, never as Markdown."""
    for message in messages:
        st.warning(md(message, limit=600), icon="⚠️")


def market_sidebar(
    filters: MarketFilters, universe: Universe, launch_label: Callable[[str], str], *, show_view: bool = True
) -> MarketFilters:
    """Securities, launches and date range in the sidebar; returns the state they show."""
    seed_state("f_groups", list(filters.groups))
    seed_state("f_tickers", list(filters.tickers))
    seed_state("f_orgs", list(filters.orgs))
    seed_state("f_countries", list(filters.countries))
    seed_state("f_launches", list(filters.launches))
    seed_state("f_start", filters.start)
    seed_state("f_end", filters.end)
    seed_state("f_view", filters.view)
    with st.sidebar:
        st.subheader("Securities")
        st.multiselect(
            "Groups", list(universe.groups), key="f_groups", help="Adds every security of the group to the chart"
        )
        st.multiselect("Tickers", list(universe.tickers), key="f_tickers")
        st.subheader("Launches")
        st.multiselect("Organisations", list(universe.orgs), key="f_orgs", help="Empty: all organisations")
        st.multiselect("Countries", list(universe.countries), key="f_countries", help="Empty: all countries")
        st.multiselect(
            "Only these launches",
            list(universe.launch_ids),
            key="f_launches",
            format_func=launch_label,
            help="Overrides organisation and country when set",
        )
        st.subheader("Dates")
        bounds = {"min_value": universe.first_date, "max_value": universe.last_date}
        start = st.date_input("From", key="f_start", **bounds)
        end = st.date_input("To", key="f_end", **bounds)
        if show_view:
            st.segmented_control(
                "Show",
                list(VIEWS),
                key="f_view",
                format_func=lambda v: "Indexed (=100)" if v == "indexed" else "Raw price",
            )
    if start > end:
        st.warning(f"'From' ({start}) is after 'To' ({end}); the two were swapped.")
        start, end = end, start
    return with_changes(
        filters,
        groups=tuple(st.session_state["f_groups"]),
        tickers=tuple(st.session_state["f_tickers"]),
        orgs=tuple(st.session_state["f_orgs"]),
        countries=tuple(st.session_state["f_countries"]),
        launches=tuple(st.session_state["f_launches"]),
        start=start,
        end=end,
        view=st.session_state.get("f_view") or "indexed",
    )


def study_sidebar(
    filters: ImpactFilters, launch_ids: Sequence[str], launch_label: Callable[[str], str]
) -> ImpactFilters:
    """Launch and event-study settings in the sidebar; returns the state they show."""
    seed_state("s_launch", filters.launch_id)
    with st.sidebar:
        st.subheader("Event study")
        st.selectbox("Launch", list(launch_ids), key="s_launch", format_func=launch_label)
    params = study_settings_sidebar(filters.params, heading=False)
    return ImpactFilters(st.session_state["s_launch"], params)


def study_settings_sidebar(
    p: StudyParams, *, heading: bool = True, base: StudyParams | None = None
) -> StudyParams:
    """Event date, benchmark, model, event and estimation windows in the sidebar (seeded from p);
    base: the page's default study, which a window that cannot be used falls back to."""
    seed_state("s_event", "market" if p.use_market_date else "release")
    seed_state("s_benchmark", p.benchmark)
    seed_state("s_model", p.model)
    current = format_window(p.window)
    standard = [format_window(w) for w in STANDARD_WINDOWS]
    seed_state("s_window", current if current in standard else "custom")
    seed_state("s_win_start", p.window[0])
    seed_state("s_win_end", p.window[1])
    seed_state("s_est_start", p.estimation[0])
    seed_state("s_est_end", p.estimation[1])
    with st.sidebar:
        if heading:
            st.subheader("Event study")
        st.radio(
            "Event date",
            ["market", "release"],
            key="s_event",
            horizontal=True,
            format_func=lambda v: "Market date" if v == "market" else "Release date",
            help="The market date is the first day markets reacted, where it differs from the release "
            "(DeepSeek-R1: released Mon 20 Jan 2025, a US holiday; the sell-off came on 27 Jan).",
        )
        st.selectbox(
            "Benchmark",
            list(BENCHMARKS),
            key="s_benchmark",
            help="^GSPC: S&P 500; SOXX gives a sector-adjusted abnormal return",
        )
        st.selectbox("Model", list(MODELS), key="s_model", format_func=lambda m: RETURN_MODELS[m].label)
        window = st.selectbox(
            "Event window (trading days)",
            [*standard, "custom"],
            key="s_window",
            format_func=lambda v: v if v == "custom" else window_label(parse_window(v)),
        )
        if window == "custom":
            left, right = st.columns(2)
            low, high = WINDOW_RANGE
            left.number_input("from τ", min_value=low, max_value=high, step=1, key="s_win_start")
            right.number_input("to τ", min_value=low, max_value=high, step=1, key="s_win_end")
            chosen = (int(st.session_state["s_win_start"]), int(st.session_state["s_win_end"]))
        else:
            chosen = parse_window(window)
        with st.expander("Estimation window"):
            left, right = st.columns(2)
            est_low, est_high = ESTIMATION_RANGE
            left.number_input("from τ", min_value=est_low, max_value=est_high, step=10, key="s_est_start")
            right.number_input("to τ", min_value=est_low, max_value=est_high, step=1, key="s_est_end")
    choices = {
        "benchmark": st.session_state["s_benchmark"],
        "use_market_date": st.session_state["s_event"] == "market",
        "model": st.session_state["s_model"],
        "window": chosen,
        "estimation": (int(st.session_state["s_est_start"]), int(st.session_state["s_est_end"])),
    }
    problems: list[str] = []
    params = with_windows(base or StudyParams(), choices, problems)
    show_warnings(problems)
    return params


def glossary() -> None:
    """'What do these numbers mean?': the glossary of views/glossary.py, folded."""
    with st.expander("What do these numbers mean?", icon=":material/help:"):
        st.markdown(views_glossary.as_markdown(md))


def report_download(page: str, scope: str | None, make: Callable[[], Report]) -> None:
    """The sidebar's Download report control: the file is built only when clicked, from the page's data."""
    with st.sidebar:
        st.subheader("Download report")
        fmt = st.selectbox(
            "Format",
            list(FORMATS),
            key=f"report_format_{page}",
            format_func=lambda f: FORMATS[f].label,
            help="HTML opens offline with interactive charts; PNG images are for slides (in a ZIP); "
            "Everything holds every format",
        )
        st.download_button(
            "Download report",
            data=lambda: render(make(), fmt),
            file_name=file_name(slug_for(page, scope), fmt),
            mime=FORMATS[fmt].mime,
            on_click="ignore",
            key=f"report_button_{page}",
            icon=":material/download:",
        )
