"""Where collectors read from: the warehouse, directly (CLI, reports) or through the dashboard's cache.

A collector asks its Source for named queries (sql/queries/NAME.sql) and event studies; it never
knows whether Streamlit caches them, so a page, its report and the CLI run the same collector.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from pipelines import compare, cross_section, event_study, robust_tests
from pipelines.warehouse import read_query

STUDIES = {
    "results": event_study.results,
    "groups": event_study.group_results,
    "results_with_groups": event_study.results_with_groups,  # both, from one study of every security
    "paths": event_study.paths,
    "mean_ar": event_study.mean_ar,  # the mean AR by τ over securities (a group portfolio), Adoption's CAR
    "group_tests": robust_tests.group_tests,  # robust tests over each group's members at each launch
    "groups_with_tests": robust_tests.groups_with_tests,  # both, from one study of the members
    "compare": compare.compare,  # 2–6 launches side by side (a Comparison)
    "cross_section": cross_section.cross_section,  # a group's CAR by kind of launch (a CrossSection)
}


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
