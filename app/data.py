"""Cached, read-only access to the warehouse for the pages.

Results are cached with st.cache_data, keyed on the query name, its parameters and the
warehouse file's modification time: a publish by a pipeline changes the key, so pages
see new data without a restart. Connections are opened per query and closed at once, so
nothing blocks a pipeline's publish.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from pipelines import analytics, event_study, seed
from pipelines.warehouse import db_path, read_query
from views import status
from views.filters import Universe, load_universe
from views.source import STUDIES

_first_build = threading.Lock()


def build_if_missing() -> bool:
    """Build the warehouse from the embedded snapshot if there is none yet; True if this call built it.
    One build at a time in this process: the server's warm-up (app/warm.py) and a first visitor may
    both ask, and the second then finds the first one's file."""
    with _first_build:
        if db_path().exists():
            return False
        seed.build()
        return True


def ensure_warehouse() -> None:
    """A new user has no warehouse file yet: build it from the embedded snapshot once. A warehouse
    published by an older version is published again with this version's definitions."""
    if not db_path().exists():
        with st.spinner("First start: building the warehouse from the embedded data snapshot…"):
            build_if_missing()
    elif _stored_version(*stamp()) != analytics.SCHEMA_VERSION:
        with st.spinner("Upgrading the warehouse to this version's definitions (once)…"):
            analytics.upgrade(db_path())


def stamp() -> tuple[str, int]:
    """The published file and its modification time: what a cached result is valid for."""
    path = db_path()
    return str(path), path.stat().st_mtime_ns


@st.cache_data(show_spinner=False, max_entries=4)
def _stored_version(path: str, mtime_ns: int) -> str | None:
    """The file's schema_version, read once per published file, not on every rerun of every page."""
    return analytics.stored_version(Path(path))


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_query(name: str, params: tuple[tuple[str, Any], ...], path: str, mtime_ns: int) -> pd.DataFrame:
    return read_query(name, dict(params), path=Path(path))


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run sql/queries/NAME.sql with these parameters, cached until the warehouse changes."""
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    frame = _cached_query(name, frozen, *stamp())
    return frame.copy()


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_study(
    kind: str, params: event_study.StudyParams, args: tuple[tuple[str, Any], ...], path: str, mtime_ns: int
) -> pd.DataFrame:
    return STUDIES[kind](params, path=Path(path), **{k: list(v) if isinstance(v, tuple) else v for k, v in args})


def study(kind: str, params: event_study.StudyParams, **args: Any) -> pd.DataFrame:
    """Event-study results (a kind of views.source.STUDIES), cached like query()."""
    frozen = tuple(sorted((k, _freeze(v)) for k, v in args.items()))
    found = _cached_study(kind, params, frozen, *stamp())
    return found.copy() if isinstance(found, pd.DataFrame) else found  # st.cache_data hands out copies


class CachedWarehouse:
    """The Source collectors read from in the dashboard: the warehouse through st.cache_data."""

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        return query(name, **params)

    def study(self, kind: str, params: event_study.StudyParams, **args: Any) -> pd.DataFrame:
        return study(kind, params, **args)


source = CachedWarehouse()


def universe() -> Universe:
    """Tickers, groups, organisations, countries and launches the filters accept."""
    return load_universe(source)


def data_status() -> str:
    """'Data as of …' for the sidebar (views.status, through the cache)."""
    return status.data_status(source)


def as_of() -> str:
    """The same facts for a report's header (views.status, through the cache)."""
    return status.data_as_of(source)
