"""The pipeline_runs log: one row per run of a source, written inside the run's own build."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import duckdb

from pipelines.warehouse import sql_text


def now() -> datetime:
    """UTC now, naive, as DuckDB TIMESTAMP columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def record(
    con: duckdb.DuckDBPyConnection,
    source: str,
    started_at: datetime,
    status: str,
    *,
    rows_written: int = 0,
    error: str | None = None,
) -> str:
    """Append a run row and return its id."""
    run_id = f"{source}-{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    con.execute(
        sql_text("load/pipeline_run"),
        {
            "run_id": run_id,
            "source": source,
            "started_at": started_at,
            "finished_at": now(),
            "status": status,
            "rows_written": rows_written,
            "error": error,
        },
    )
    return run_id


def mark_updated(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Record that a pipeline changed the data: pages then no longer call it the embedded snapshot."""
    stamp = now().isoformat(timespec="seconds")
    for key, value in (("origin", "pipelines"), (f"updated_by_{source}", stamp), ("built_at", stamp)):
        con.execute(sql_text("load/warehouse_info"), {"key": key, "value": value})
