"""The analytics definitions of a warehouse, re-applied on every publish, and its materialised returns.

Views and macros are `CREATE OR REPLACE`, so each publish installs the definitions of the code
that publishes: a warehouse built by an older version is upgraded in place by the next run of
any pipeline, with its tables (Hub snapshots, run history) untouched. `warehouse_info` records
the `schema_version` that built it.

Returns are a table (`daily_returns`, with each security's trading-day number `td`, and
`market_sessions`), rebuilt at publish when the prices, dividends or securities they come
from changed (a fingerprint of those tables is stored beside them); a run that changed none of
them (Hub, benchmarks) does not pay for the rebuild. The Hub aggregates the Adoption page reads
(`hub_repos`, `hub_weekly`) are tables in the same way, rebuilt when the snapshots or the tracked
organisations changed (a prices run does not pay for them).
"""

from __future__ import annotations

import duckdb

from pipelines.warehouse import execute_sql

# 3: returns materialised, macros filtered by launch and ticker; 4: rid, windows lists; 5: Hub aggregates
SCHEMA_VERSION = "5"
DEFINITIONS = (
    "schema",
    "analytics/returns",
    "analytics/event_study",
    "analytics/confounders",
    "analytics/adoption",
    "analytics/benchmarks",
)
MATERIALISED = ("market_sessions", "daily_returns")  # views in versions before 3, tables since
HUB_MATERIALISED = ("hub_repos", "hub_weekly")
REQUIRED = ("prices", "securities", "dividends", "warehouse_info")


def _objects(con: duckdb.DuckDBPyConnection, kind: str) -> set[str]:
    table = "duckdb_views()" if kind == "view" else "duckdb_tables()"
    query = f"SELECT {kind}_name FROM {table} WHERE schema_name = 'main' AND NOT internal"
    return {row[0] for row in con.execute(query).fetchall()}


def is_warehouse(con: duckdb.DuckDBPyConnection) -> bool:
    """An Aftershock warehouse (not, say, an empty staging file some other code builds)."""
    return set(REQUIRED) <= _objects(con, "table")


def define(con: duckdb.DuckDBPyConnection) -> None:
    """Tables (if missing), views and macros of this version; legacy views of materialised names go."""
    views = _objects(con, "view")
    for name in MATERIALISED:
        if name in views:
            con.execute(f"DROP VIEW {name}")  # names from the constant above, never from input
    for name in DEFINITIONS:
        execute_sql(con, name)
        if name == "analytics/returns" and not set(MATERIALISED) <= _objects(con, "table"):
            execute_sql(con, "analytics/materialise_returns")  # the macros below are bound to the tables


def _materialise_hub(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    """hub_repos and hub_weekly from the snapshots, with the fingerprint of what they were built from."""
    execute_sql(con, "analytics/materialise_hub")
    execute_sql(con, "load/warehouse_info", {"key": "hub_fingerprint", "value": fingerprint})


def _info(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    rows = con.execute("SELECT value FROM warehouse_info WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else None


def refresh(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> bool:
    """Re-apply the definitions and rebuild the returns (and the Hub aggregates) if their inputs
    changed; True if the returns were rebuilt.

    Called by every publish (pipelines.warehouse.staged_build) just before the checkpoint.
    """
    if not is_warehouse(con):
        return False
    define(con)
    fingerprint = execute_sql(con, "analytics/returns_fingerprint")[0][0]
    # a new schema_version may change the materialised columns (4 added rid): rebuild once
    upgraded = _info(con, "schema_version") != SCHEMA_VERSION
    rebuilt = force or upgraded or fingerprint != _info(con, "returns_fingerprint")
    if rebuilt:
        execute_sql(con, "analytics/materialise_returns")
        execute_sql(con, "load/warehouse_info", {"key": "returns_fingerprint", "value": fingerprint})
    hub = execute_sql(con, "analytics/hub_fingerprint")[0][0]
    if force or upgraded or hub != _info(con, "hub_fingerprint") or not set(HUB_MATERIALISED) <= _objects(con, "table"):
        _materialise_hub(con, hub)
    if _info(con, "schema_version") != SCHEMA_VERSION:
        execute_sql(con, "load/warehouse_info", {"key": "schema_version", "value": SCHEMA_VERSION})
    return rebuilt
