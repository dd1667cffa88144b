"""The analytics definitions of a warehouse, re-applied on every publish, and its materialised returns.

Views and macros are `CREATE OR REPLACE`, so each publish installs the definitions of the code
that publishes: a warehouse built by an older version is upgraded in place by the next run of
any pipeline, with its tables (Hub snapshots, run history) untouched. `warehouse_info` records
the `schema_version` that built it.

Returns are a table (`daily_returns`, with each security's trading-day number `td`, and
`market_sessions`), kept up to date at publish one security at a time: the inputs each
security's returns were computed from (its number in ticker order, calendar, and a fingerprint of
its prices and dividends) are stored beside them (`returns_inputs`), and only the securities
whose inputs changed, or whose market gained a session before their last bar, are recomputed.
A run that changed none (Hub, benchmarks) recomputes nothing; a prices run of one security
recomputes that security's rows, not the 3 M of the whole warehouse at K=100.
The Hub aggregates the Adoption page reads (`hub_repos`, `hub_weekly`) are tables in the same
way, rebuilt when the snapshots or the tracked organisations changed (a prices run does not pay
for them); the resolved benchmark scores (`benchmark_results`) are kept as a table at every publish.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import study_cache
from pipelines.warehouse import execute_sql, reader, staged_build, unreadable_as_user_error

# 3: returns materialised, macros filtered by launch and ticker; 4: rid, windows lists;
# 5: rid = number · 2^20 + td, returns recomputed per security (returns_inputs); 6: Hub aggregates;
# 7: the study and its flags in one query (flag_text, thin_estimation_note, event_flags' count_est);
# 8: the default studies kept at publish (study_cache, pipelines/study_cache.py). benchmark_results became a
# table at publish within 8: a warehouse with the view reads the same rows until its next publish replaces it.
# 9: near_event, which the pages' launch-day moves read (an older file is published again on start).
SCHEMA_VERSION = "9"
FULL_REBUILD_SHARE = 0.25  # above this share of securities changed, rebuild all: one sorted table again
DEFINITIONS = (
    "schema",
    "analytics/returns",
    "analytics/event_study",
    "analytics/confounders",
    "analytics/adoption",
    "analytics/benchmarks",
)
MATERIALISED = ("market_sessions", "daily_returns")  # views in versions before 3, tables since
WERE_VIEWS = (*MATERIALISED, "benchmark_results")  # benchmark_results: a view in earlier builds of 8
BUILT = (*MATERIALISED, "returns_inputs")  # the tables of a materialisation (returns_inputs since 5)
HUB_MATERIALISED = ("hub_repos", "hub_weekly")
REQUIRED = ("prices", "securities", "dividends", "warehouse_info")


def _objects(con: duckdb.DuckDBPyConnection, kind: str) -> set[str]:
    table = "duckdb_views()" if kind == "view" else "duckdb_tables()"
    query = f"SELECT {kind}_name FROM {table} WHERE schema_name = 'main' AND NOT internal"
    return {row[0] for row in con.execute(query).fetchall()}


def is_warehouse(con: duckdb.DuckDBPyConnection) -> bool:
    """An Aftershock warehouse (not, say, an empty staging file some other code builds)."""
    return set(REQUIRED) <= _objects(con, "table")


def define(con: duckdb.DuckDBPyConnection) -> bool:
    """Tables (if missing), views and macros of this version; legacy views of materialised names go.
    True if the returns had to be materialised (a new warehouse, or one of a version before 5)."""
    views = _objects(con, "view")
    built = False
    for name in WERE_VIEWS:
        if name in views:
            con.execute(f"DROP VIEW {name}")  # names from the constant above, never from input
    for name in DEFINITIONS:
        execute_sql(con, name)
        if name == "analytics/returns" and not set(BUILT) <= _objects(con, "table"):
            execute_sql(con, "analytics/materialise_returns")  # the macros below are bound to the tables
            built = True
    return built


def _materialise_hub(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    """hub_repos and hub_weekly from the snapshots, with the fingerprint of what they were built from."""
    execute_sql(con, "analytics/materialise_hub")
    execute_sql(con, "load/warehouse_info", {"key": "hub_fingerprint", "value": fingerprint})


def stored_version(path: Path) -> str | None:
    """The schema_version the warehouse file at path was last published with (None: no file, or not a
    warehouse yet). Read through the file's kept reader, which the pages' queries use next (a connection of
    its own opened the file and its catalog once more: a tenth of a page's first run after each publish); the
    reader keeps the file attached, read-only, until a publish replaces it."""
    if not path.exists():
        return None
    with reader(path) as con, unreadable_as_user_error():
        return _info(con, "schema_version") if is_warehouse(con) else None


def upgrade(path: Path) -> bool:
    """Publish the warehouse at path again if an older version built it, so the pages' queries find
    this version's macros and tables (a run would do the same); True if it was upgraded."""
    if not path.exists() or stored_version(path) == SCHEMA_VERSION:
        return False
    with staged_build(from_live=True, target=path, holder="upgrade to this version's definitions"):
        pass  # the publish re-applies the definitions and rebuilds what they need
    return True


def _info(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    rows = con.execute("SELECT value FROM warehouse_info WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else None


def refresh(con: duckdb.DuckDBPyConnection, *, force: bool = False, keep_studies: bool = True) -> bool:
    """Re-apply the definitions, recompute the returns whose inputs changed, keep the resolved benchmark
    scores and rebuild the Hub aggregates if the snapshots changed; True if any returns were recomputed.

    Called by every publish (pipelines.warehouse.staged_build) just before the checkpoint. A new
    schema_version (5 changed rid) or force rebuilds all of them, as does a run that changed many
    securities (FULL_REBUILD_SHARE: the rebuilt table is sorted again, the patched one appends).
    Without keep_studies the kept default studies are set aside (study_cache.set_aside): a first start
    publishes sooner and keeps them in a second publish (study_cache.publish_with_studies, app/warm.py).
    """
    if not is_warehouse(con):
        return False
    built = define(con)
    upgraded = _info(con, "schema_version") != SCHEMA_VERSION
    tickers: list[str] = []
    if not built:
        changed, securities = execute_sql(con, "analytics/returns_changes")[0]
        tickers = changed or []
    rebuild = not built and (force or upgraded or len(tickers) > FULL_REBUILD_SHARE * securities)
    recomputed = None if rebuild else tickers  # the securities whose returns change (None: all)
    # the returns before the change, to date it: only study_cache.update reads them
    dated = keep_studies and study_cache.before_returns(con, recomputed, full=built or force or upgraded)
    if rebuild:
        execute_sql(con, "analytics/materialise_returns")
    elif tickers:
        execute_sql(con, "analytics/update_returns", {"tickers": tickers})
    con.execute("DROP TABLE IF EXISTS sessions_now")  # returns_changes' scratch tables
    con.execute("DROP TABLE IF EXISTS inputs_now")
    if keep_studies:
        study_cache.update(con, dated=dated, tickers=recomputed)
    else:
        study_cache.set_aside(con)
    execute_sql(con, "analytics/materialise_benchmarks")
    hub = execute_sql(con, "analytics/hub_fingerprint")[0][0]
    if force or upgraded or hub != _info(con, "hub_fingerprint") or not set(HUB_MATERIALISED) <= _objects(con, "table"):
        _materialise_hub(con, hub)
    if upgraded:
        execute_sql(con, "load/warehouse_info", {"key": "schema_version", "value": SCHEMA_VERSION})
    return built or rebuild or bool(tickers)
