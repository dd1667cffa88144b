"""Where collectors read from: the warehouse, directly (CLI, reports) or through the dashboard's cache.

A collector asks its Source for named queries (sql/queries/NAME.sql) and event studies; it never
knows whether Streamlit caches them, so a page, its report and the CLI run the same collector.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from pipelines import event_study
from pipelines.warehouse import read_query

STUDIES = {"results": event_study.results, "groups": event_study.group_results, "paths": event_study.paths}


class Source(Protocol):
    def query(self, name: str, **params: Any) -> pd.DataFrame: ...

    def study(self, kind: str, params: event_study.StudyParams, **args: Any) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Warehouse:
    """The warehouse file itself (AFTERSHOCK_DB or data/aftershock.duckdb when path is None)."""

    path: Path | None = None

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        return read_query(name, params, path=self.path)

    def study(self, kind: str, params: event_study.StudyParams, **args: Any) -> pd.DataFrame:
        return STUDIES[kind](params, path=self.path, **args)
