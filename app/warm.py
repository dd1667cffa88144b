"""The warm-up of a new server process (serve.py): the modules the first page needs are imported, plotly's
property checks loaded, the warehouse built on a first start and read once, the first page's view and chart
prepared, in a background thread,
while the first visitor's browser is still loading Streamlit's JavaScript, not inside that visitor's
first request."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

# what the first page (Market timeline) and the sidebar import, heaviest first
MODULES = (
    "pandas",
    "plotly.graph_objects",
    "duckdb",
    "pandas.io.formats.style",
    "views.timeline",
    "views.chart_text",
    "reporting.content",
    "app.data",
    "app.charts",
    "app.tables",
    "app.widgets",
)

_log = logging.getLogger("aftershock")


def warm() -> None:
    """Import, build a throwaway figure (plotly creates its property checks on first use), build the
    warehouse if this is a first start (in a thread of its own, while the modules import: the build is
    mostly DuckDB's work, which runs beside Python's; without the kept default studies, which are
    published once the first page is ready), and read it once. Never raises: a warm-up that fails leaves
    the first request to do the same work, and the log says why."""
    try:
        builder = _first_build()
        for name in MODULES:
            importlib.import_module(name)
        import plotly.graph_objects as go

        figure = go.Figure(go.Scatter(x=[0], y=[0], mode="lines+markers", customdata=[["a"]]))
        figure.add_trace(go.Bar(x=[0], y=[0], orientation="h"))
        figure.update_layout(title={"text": "warm-up"}, xaxis={"type": "date"}, legend={"orientation": "h"})
        figure.to_dict()
        _first_element()
        if builder is not None:
            builder.join()

        from app import data

        data.build_if_missing()  # no work if the thread built it; if it failed, this says why
        _first_queries()
        _first_page()
    except Exception:  # noqa: BLE001 - a warm-up must never stop the server
        _log.warning("warm-up skipped", exc_info=True)
    try:
        _keep_studies()
    except Exception:  # noqa: BLE001 - the pages compute them meanwhile; the next start or run keeps them
        _log.warning("the kept default studies were not published", exc_info=True)


def _keep_studies() -> None:
    """If the warehouse lacks the kept default studies (a first build leaves them out; a start stopped before
    they were published, or a failed publish, too), publish them at the lowest CPU priority: the publish and
    the DuckDB threads it starts yield to the first visitor's browser and page runs. The low priority is a
    thread's of its own, which ends with the publish, and reads nothing: the check reads here, so no reader
    the pages use is made at it (its DuckDB workers would keep the priority)."""
    from pipelines import study_cache
    from pipelines.warehouse import db_path

    path = db_path()
    if not study_cache.lacks(path):
        return
    publisher = threading.Thread(
        target=_at_low_priority, args=(study_cache.publish_with_studies, path), name="aftershock-kept-studies"
    )
    publisher.daemon = True
    publisher.start()
    publisher.join()


def _at_low_priority(work: Callable[[Path], None], path: Path) -> None:
    """work(path) with this thread at the lowest CPU priority (Linux: a thread's own; elsewhere the id would
    name a process, so the same work at normal priority)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # not allowed: normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    try:
        work(path)
    except Exception:  # noqa: BLE001 - logged; the pages compute the studies until a publish keeps them
        _log.warning("the kept default studies were not published", exc_info=True)


def _first_build() -> threading.Thread | None:
    """On a first start (no warehouse file yet), a thread that builds it; None when there is one."""
    from pipelines.warehouse import db_path

    if db_path().exists():
        return None

    def build() -> None:
        try:
            from app import data

            data.build_if_missing(keep_studies=False)
        except Exception:  # noqa: BLE001 - logged; the warm-up tries once more and the page explains
            _log.warning("first build failed", exc_info=True)

    thread = threading.Thread(target=build, name="aftershock-first-build", daemon=True)
    thread.start()
    return thread


def _first_queries() -> None:
    """One plain query and the default study of a launch × a security, straight from the warehouse (not
    through Streamlit's cache), as the first page asks them: the reader attaches the published file and
    DuckDB loads its catalog and the kept studies once, off the first request. (Before the studies were
    kept, the first page's study was 0.5 s of its first run here.)"""
    from pipelines import event_study
    from pipelines.warehouse import read_queries

    launches, securities = read_queries([("launches", None), ("securities", None)])
    if not launches.empty and not securities.empty:
        launch, ticker = launches["launch_id"].iloc[0], securities["ticker"].iloc[0]
        event_study.results(event_study.StudyParams(), launch_ids=[launch], tickers=[ticker])


def _first_page() -> None:
    """The Market timeline as a first visitor opens it (no URL parameters): its view model and chart are
    kept (app.data.view, app.charts) as that page asks for them, so the visitor's first run finds them
    instead of collecting and building them while the browser waits for its first chart."""
    from app import charts, data
    from views import timeline
    from views.filters import parse_market_filters

    universe = data.universe()
    filters = parse_market_filters({}, universe)
    view = data.view(timeline.collect, filters, universe)
    charts.prepare("timeline_chart", filters, view.figure)


def _first_element() -> None:
    """Streamlit checks once per process, on the first element a page sends, whether it runs in a REPL,
    by reading the source of every frame of the stack (0.3 s here): done here, off the first request."""
    from streamlit import delta_generator

    check = getattr(delta_generator, "_maybe_print_use_warning", None)  # internal: absent, nothing to do
    if callable(check):
        check()


def start() -> threading.Thread:
    """warm() in a daemon thread (the server does not wait for it)."""
    thread = threading.Thread(target=warm, name="aftershock-warm-up", daemon=True)
    thread.start()
    return thread
