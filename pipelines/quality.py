"""The data-quality gate (sql/quality/gate.sql) that a build must pass to be published."""

from __future__ import annotations

import duckdb

from pipelines.warehouse import execute_sql

MAX_SHRINK = 0.05  # a run may remove at most 5 % of a table's rows unless told it may


class QualityGateError(Exception):
    """The build broke an invariant; the message lists every failed check."""


def snapshot(con: duckdb.DuckDBPyConnection) -> None:
    """Remember the row counts the run starts from (a temporary table, never published)."""
    execute_sql(con, "quality/snapshot_counts")


def baseline(con: duckdb.DuckDBPyConnection, counts: dict[str, int]) -> None:
    """Like snapshot(), from the counts of another file: a rebuild is judged against what it replaces."""
    execute_sql(con, "quality/snapshot_counts")  # the gate's tables, at zero rows in a new build
    for table_name, n in counts.items():
        execute_sql(con, "quality/baseline_count", {"table_name": table_name, "n": n})


def check(con: duckdb.DuckDBPyConnection, *, allow_shrink: bool = False, max_shrink: float = MAX_SHRINK) -> None:
    """Raise QualityGateError naming each failed check; return quietly when the build is sound."""
    problems = execute_sql(con, "quality/gate", {"allow_shrink": allow_shrink, "max_shrink": max_shrink})
    if problems:
        raise QualityGateError("quality gate failed: " + "; ".join(f"{p} ({n})" for p, n in problems))
