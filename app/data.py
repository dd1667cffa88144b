"""Cached, read-only access to the warehouse for the pages.

Results are cached with st.cache_data, keyed on the query name, its parameters and the
warehouse file's modification time: a publish by a pipeline changes the key, so pages
see new data without a restart. Connections are opened per query and closed at once, so
nothing blocks a pipeline's publish.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app.filters import Universe
from pipelines import event_study, seed
from pipelines.warehouse import db_path, read_query


def ensure_warehouse() -> None:
    """A new user has no warehouse file yet: build it from the embedded snapshot once."""
    if not db_path().exists():
        with st.spinner("First start: building the warehouse from the embedded data snapshot…"):
            seed.build()


def _stamp() -> tuple[str, int]:
    path = db_path()
    return str(path), path.stat().st_mtime_ns


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_query(name: str, params: tuple[tuple[str, Any], ...], path: str, mtime_ns: int) -> pd.DataFrame:
    return read_query(name, dict(params), path=Path(path))


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list | tuple) else value


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run sql/queries/NAME.sql with these parameters, cached until the warehouse changes."""
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    frame = _cached_query(name, frozen, *_stamp())
    return frame.copy()


@st.cache_data(show_spinner=False, max_entries=128)
def _cached_study(
    kind: str, params: event_study.StudyParams, args: tuple[tuple[str, Any], ...], path: str, mtime_ns: int
) -> pd.DataFrame:
    call = {"results": event_study.results, "groups": event_study.group_results, "paths": event_study.paths}[kind]
    return call(params, path=Path(path), **{k: list(v) if isinstance(v, tuple) else v for k, v in args})


def study(kind: str, params: event_study.StudyParams, **args: Any) -> pd.DataFrame:
    """Event-study results ('results', 'groups' or 'paths'), cached like query()."""
    frozen = tuple(sorted((k, _freeze(v)) for k, v in args.items()))
    return _cached_study(kind, params, frozen, *_stamp()).copy()


def universe() -> Universe:
    """Tickers, groups, organisations, countries and launches the filters accept."""
    securities = query("securities")
    launches = query("launches")
    groups = {g: tuple(frame["ticker"]) for g, frame in securities.groupby("group", sort=False)}
    return Universe(
        tickers=tuple(securities["ticker"]),
        groups=groups,
        orgs=tuple(sorted(launches["organization"].unique())),
        countries=tuple(sorted(launches["country"].dropna().unique())),
        launch_ids=tuple(launches["launch_id"]),
        last_date=latest_price(),
    )


def latest_price() -> date | None:
    """The newest stored price: the end of what the date filters can show."""
    info = dict(query("warehouse_info").itertuples(index=False, name=None))
    return date.fromisoformat(info["latest_price"]) if info.get("latest_price") else None


def data_status() -> str:
    """'Data as of …' for the sidebar: the newest price, the newest date most securities have, and
    whether this is the embedded snapshot."""
    info = dict(query("warehouse_info").itertuples(index=False, name=None))
    latest, most = info.get("latest_price", "?"), info.get("latest_price_most")
    as_of = f"Data as of {latest}" + (f" (most securities to {most})" if most and most != latest else "")
    if info.get("origin") == "seed":
        return f"{as_of} · embedded snapshot (built {info.get('built_at', '?')} UTC)"
    return f"{as_of} · updated by the pipelines, last {info.get('built_at', '?')} UTC"
