"""Cached, read-only access to the warehouse for the pages.

Results are cached with st.cache_data, keyed on the query name, its parameters and the
warehouse file's modification time: a publish by a pipeline changes the key, so pages
see new data without a restart. Connections are opened per query and closed at once, so
nothing blocks a pipeline's publish.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from pipelines import analytics, event_study, seed
from pipelines.warehouse import db_path, read_query
from views import status
from views.filters import Universe, load_universe
from views.source import STUDIES

_first_build = threading.Lock()
_views_lock = threading.Lock()
VIEWS_KEPT = 32  # view models kept for reruns
VIEW_ROWS_KEPT = 250_000  # a view with more rows than this in its frames is collected again, not held in memory
V = TypeVar("V")


def build_if_missing(*, keep_studies: bool = True) -> bool:
    """Build the warehouse from the embedded snapshot if there is none yet; True if this call built it.
    One build at a time in this process: the server's warm-up (app/warm.py) and a first visitor may
    both ask, and the second then finds the first one's file. The warm-up builds without the kept
    default studies (keep_studies=False: the first page sooner) and keeps them after the first page."""
    with _first_build:
        if db_path().exists():
            return False
        seed.build(keep_studies=keep_studies)
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
    """The data's status line for the Data page (views.status, through the cache)."""
    return status.data_status(source)


def data_facts() -> list[str]:
    """The same facts one by one, for the sidebar's lines (views.status, through the cache)."""
    return status.data_facts(source)


@st.cache_resource(show_spinner=False)
def _views() -> OrderedDict[Hashable, Any]:
    """The view models of this process (st.cache_resource: cleared with the other caches)."""
    return OrderedDict()


def view(collect: Callable[..., V], *args: Any) -> V:
    """collect(*args, source): a page's view model, kept until the warehouse is published again (or the day
    changes), so a rerun that changes nothing the page shows (a widget it reads elsewhere, a theme, a return
    to the page) does not read every cached query again and redo the view's pandas work (0.1 s of Adoption's
    0.25 s rerun at K=100). args are the page's filters, hashable, and the Universe, which comes from the
    warehouse and so is not part of the key. Each call gets its own copies of the frames."""
    key = (collect.__module__, collect.__qualname__, tuple(None if isinstance(a, Universe) else a for a in args))
    found = kept_until_publish(
        _views(), _views_lock, key, lambda: collect(*args, source), VIEWS_KEPT,
        hold=lambda model: _rows(model) <= VIEW_ROWS_KEPT,  # e.g. every launch × every security at 100×: not held
    )
    return _copied(found)


def kept_until_publish(
    kept: OrderedDict[Hashable, V], lock: threading.Lock, key: tuple, make: Callable[[], V], size: int,
    hold: Callable[[V], bool] = lambda _: True,
) -> V:
    """make()'s result for key, kept in kept (a dict of st.cache_resource, so cleared with the other caches)
    until the warehouse is published again or the day changes; at most size, the least recently used dropped.
    A key that cannot be hashed, or a result hold refuses, is made every time."""
    token = (*key, stamp(), date.today())
    try:
        hash(token)
    except TypeError:
        return make()
    with lock:
        found = kept.get(token)
        if found is not None:
            kept.move_to_end(token)
            return found
    found = make()
    if hold(found):
        with lock:
            kept[token] = found
            while len(kept) > size:
                kept.popitem(last=False)
    return found


def _frames(model: object) -> dict[str, pd.DataFrame | pd.Series]:
    """A view model's frames and series, by field name."""
    fields = dataclasses.fields(model)  # type: ignore[arg-type]
    return {f.name: value for f in fields if isinstance(value := getattr(model, f.name), pd.DataFrame | pd.Series)}


def _rows(model: object) -> int:
    """The rows of a view model's frames and series."""
    return sum(len(frame) for frame in _frames(model).values())


def _copied(model: V) -> V:
    """The view model with copies of its frames and series: a page that changed one in place would otherwise
    change what the next rerun gets. Shallow: pandas copies on write, so a change to the copy copies the data
    then (a deep copy of every frame was 8 % of a Launch impact rerun)."""
    copies = {name: frame.copy(deep=False) for name, frame in _frames(model).items()}
    return dataclasses.replace(model, **copies)  # type: ignore[type-var]
