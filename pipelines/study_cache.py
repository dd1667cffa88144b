"""The default studies, kept in the warehouse at publish.

Every page opens at the default settings (market model against ^GSPC, the market date, estimation
window [-250, -11]) with window [0, 0] (timeline, Launch impact) or [0, +1] (Launch kinds, Benchmarks).
Preparing a flagged study costs DuckDB 50–90 ms before it reads a row, so each publish keeps the rows of
sql/queries/event_study_flagged.sql for every launch × every security × those two windows in
`study_cache`, and event_study.results() reads them when it is asked for those settings, instead of
computing them again: the same rows, from the same query.

A publish recomputes only the rows whose inputs changed (sql/analytics/study_cache_work.sql): the
securities whose own row, share counts or earnings dates changed, the launches that changed, the rows
whose window ends at most HORIZON_DAYS before the first date a security's returns, the benchmark's
returns or a market's sessions changed, and the rows within HORIZON_DAYS of a changed launch's first
trading day. A daily prices run, which adds a day to every security, recomputes the last weeks'
launches; a new warehouse, a new definition (the settings, or the SQL the rows come from) or a run
that would touch most rows computes all of them, a block of securities at a time.
Beside the rows, each group's portfolio (its 'ok' members' days and confounder flags, at both windows) and
its CAR days for the Adoption page (the mean AR of all its members from t0 for CAR_TAU_MAX trading days, which
a changed return reaches for longer than the horizon: sql/analytics/study_car_reached.sql) are kept.
tests/test_study_cache.py checks the kept rows against computed ones after each kind of change.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from functools import cache
from pathlib import Path

import duckdb

from pipelines import confounders
from pipelines.event_study import StudyParams
from pipelines.warehouse import AS_WRITTEN, execute_sql, incoming, read_query, sql_text, staged_build

CACHE_VERSION = "1"
PARAMS = StudyParams()  # the default settings (window aside)
WINDOWS = ((0, 0), (0, 1))  # the pages' default windows
CAR_TAU_MAX = 42  # the group CARs kept for the Adoption page: τ ∈ [0, 42] trading days from t0 (about 60 days)
HORIZON_DAYS = 31  # calendar days after a window's last day within which a changed input can reach it
FULL_SHARE = 0.5  # above this share of all rows to recompute, recompute all of them
BLOCK_PAIRS = 100_000  # launch × security pairs per query of a full computation (bounded memory)
FLAG_BLOCK = 50  # launches whose members' flags are read at once to keep their portfolios' (2.9 M members at K=100)
MEMORY_LIMIT = "1GB"  # DuckDB's limit while it computes them (its default, 80 % of the machine, took 2.4 GB at K=100)
SCRATCH = ("study_inputs_now", "study_returns_before", "study_sessions_before", "study_returns_moved",
           "study_sessions_moved", "study_rows_before")  # a publish's temporary tables
SOURCES = (  # the SQL the kept rows come from and are read through: an edit computes them all again
    "analytics/returns",
    "analytics/event_study",
    "analytics/confounders",
    "queries/event_study_flagged",
    "analytics/study_cache_macros",
    "analytics/study_group_days",
    "analytics/study_group_members",
    "analytics/study_group_car",
)

_log = logging.getLogger("aftershock")


@cache
def definition() -> str:
    """What the kept rows are, stored beside them and compared by every read: the settings, and the SQL
    the rows come from (an edit of the study's SQL makes the next publish compute them all again)."""
    digest = hashlib.sha256("\n".join(sql_text(name) for name in SOURCES).encode()).hexdigest()[:16]
    settings = f"{sorted(PARAMS.bind().items())}|{list(WINDOWS)}|{confounders.SIGMA_K}|{HORIZON_DAYS}|{CAR_TAU_MAX}"
    return f"{CACHE_VERSION}|{settings}|sql {digest}"


def covers(params: StudyParams, windows: list[tuple[int, int]]) -> bool:
    """True if these settings and windows are among the kept ones."""
    return replace(params, window=PARAMS.window) == PARAMS and bool(windows) and set(windows) <= set(WINDOWS)


def serves(params: StudyParams, windows: list[tuple[int, int]], path: Path) -> bool:
    """True if the file at path keeps the rows of these settings and windows (and their group portfolios)."""
    return covers(params, windows) and kept_in(path)


def fits(params: StudyParams, path: Path) -> bool:
    """True if the kept fits serve these settings at any window (kept_abnormal_returns): the kept settings,
    in the file at path."""
    return replace(params, window=PARAMS.window) == PARAMS and kept_in(path)


# ---- reading ------------------------------------------------------------------------------------

_kept: dict[tuple[str, int, int, int], bool] = {}


def kept_in(path: Path) -> bool:
    """True if the published file at path keeps the studies of this definition (asked once per file)."""
    if not path.exists():
        return False  # the read that follows says there is no warehouse yet
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _kept:
        if len(_kept) > 16:
            _kept.clear()
        state = read_query("study_cache_state", path=path)
        _kept[key] = not state.empty and state["value"].iloc[0] == definition()
    return _kept[key]


# ---- keeping them at publish --------------------------------------------------------------------


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute("SELECT value FROM warehouse_info WHERE key = 'study_cache'").fetchall()
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    return bool(rows) and rows[0][0] == definition() and {"study_cache", "study_cache_inputs"} <= tables


def before_returns(con: duckdb.DuckDBPyConnection, tickers: list[str] | None, *, full: bool) -> bool:
    """Called before a publish recomputes the returns of tickers (None: all): keeps what they were, to
    date the change afterwards. False (nothing kept) when the studies will be computed in full anyway."""
    if full or not _current(con):
        return False
    execute_sql(con, "analytics/study_returns_before", {"tickers": tickers})
    return True


def update(con: duckdb.DuckDBPyConnection, *, dated: bool, tickers: list[str] | None) -> int:
    """Bring the kept studies up to date after the returns: only what changed when before_returns kept
    the returns of tickers (dated), all of them otherwise. Returns the rows written."""
    execute_sql(con, "analytics/study_cache_tables")
    execute_sql(con, "analytics/study_inputs_now")
    con.execute(AS_WRITTEN)  # the joins as the study's SQL orders them, as the readers run it
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")  # a full computation spills rather than grow
    try:
        changed = _changed(con, tickers) if dated else None
        written, days, flags = changed if changed is not None else (_all(con), [(None, None)], [(None, None)])
        _group_days(con, days, flags)
        _group_car(con, days, None if changed is None else _car_reached(con, days))
    finally:
        con.execute("RESET disabled_optimizers")
        con.execute("RESET memory_limit")
    execute_sql(con, "analytics/study_cache_inputs_store")
    execute_sql(con, "analytics/study_cache_macros")  # bound to study_cache: made once it exists
    execute_sql(con, "load/warehouse_info", {"key": "study_cache", "value": definition()})
    for name in SCRATCH:
        con.execute(f"DROP TABLE IF EXISTS {name}")  # names from this module, never from input
    return written


def set_aside(con: duckdb.DuckDBPyConnection) -> None:
    """A publish without the kept studies: whatever rows are there no longer count as kept (kept_in reads
    this key), so the readers compute, and the next publish computes them all (_current)."""
    con.execute("DELETE FROM warehouse_info WHERE key = 'study_cache'")


def lacks(path: Path) -> bool:
    """True if there is a warehouse at path without the kept studies of this definition (a first start's build
    set them aside, or a version with another definition kept them)."""
    return path.exists() and not kept_in(path)


def publish_with_studies(path: Path) -> None:
    """Publish the warehouse at path again, which keeps the studies if they are not (_current); app/warm.py
    does it when lacks(path). Costs a copy of the file and the studies' computation, and reads nothing
    through the readers (pipelines.warehouse.reader): a staging copy and its own DuckDB only."""
    with staged_build(from_live=True, target=path, holder="kept default studies"):
        pass


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # launches or securities


Portfolios = list[tuple[list[str] | None, list[str] | None]]  # (launch_ids, groups) blocks, None: all


def _changed(
    con: duckdb.DuckDBPyConnection, tickers: list[str] | None
) -> tuple[int, Portfolios, Portfolios] | None:
    """Recompute what changed: the rows written and the group portfolios whose days, and whose flags, must
    be computed again; None when that would be most of the rows (then all are computed)."""
    execute_sql(con, "analytics/study_moved", {"tickers": tickers})
    launches, securities, _, changed, full = execute_sql(
        con, "analytics/study_cache_work", {"benchmark": PARAMS.benchmark, "horizon": HORIZON_DAYS}
    )[0]
    launches, securities, changed, full = launches or [], securities or [], changed or [], full or []
    n_launches, n_securities = _count(con, "launches"), _count(con, "securities")
    work = len(launches) * len(securities) + len(changed) * n_securities + len(full) * n_launches
    if work > FULL_SHARE * n_launches * n_securities:
        return None
    written, days, flags = 0, [], []
    for launch_ids, chosen in ((launches, securities), (changed, None), (None, full)):
        if launch_ids == [] or chosen == []:
            continue  # nothing of this kind changed
        returns_moved = launch_ids is not None and chosen is not None  # the rectangle of pairs they reach
        if launch_ids is None:  # every launch of securities whose own inputs changed: compared row by row
            execute_sql(con, "analytics/study_rows_before", {"tickers": chosen})
        elif chosen is None:  # launches changed, came or went: every portfolio of these launches
            days, flags = days + [(launch_ids, None)], flags + [(launch_ids, None)]
        members = _member_portfolios(con, launch_ids, chosen) if returns_moved else set()
        execute_sql(con, "analytics/study_cache_delete", {"launch_ids": launch_ids, "tickers": chosen})
        written += _insert(con, launch_ids, chosen)
        if returns_moved:  # the portfolios these pairs are members of, before or after
            members |= _member_portfolios(con, launch_ids, chosen)
            if members:  # one block, as one query computes them faster than a query per group
                block = (sorted({launch_id for launch_id, _ in members}), sorted({group for _, group in members}))
                days, flags = days + [block], flags + [block]
        if launch_ids is None:
            found = execute_sql(con, "analytics/study_portfolios_changed", {"tickers": chosen})
            days += _blocks([(launch_id, group) for launch_id, group, again in found if again])
            flags += _blocks([(launch_id, group) for launch_id, group, _ in found])
    return written, days, flags


def _blocks(portfolios: list[tuple[str, str]]) -> Portfolios:
    """(launch_id, group) pairs as blocks of one group each."""
    by_group: dict[str, list[str]] = {}
    for launch_id, group in portfolios:
        by_group.setdefault(group, []).append(launch_id)
    return [(launch_ids, [group]) for group, launch_ids in sorted(by_group.items())]


def _all(con: duckdb.DuckDBPyConnection) -> int:
    """Every launch × every security, a block of securities at a time (the table made anew: a new
    definition may have other columns)."""
    con.execute("DROP TABLE IF EXISTS study_cache")
    _flagged(con, "CREATE TABLE study_cache AS", [], [])  # the flagged study's columns, no rows
    return _insert(con, None, None)


def _insert(con: duckdb.DuckDBPyConnection, launch_ids: list[str] | None, tickers: list[str] | None) -> int:
    """Write the rows of launch_ids × tickers (None: all), at most BLOCK_PAIRS pairs per query (bounded
    memory: a third of a 100× warehouse in one query ran out of DuckDB's 1 GB)."""
    if tickers is None:
        tickers = [row[0] for row in con.execute("SELECT ticker FROM securities ORDER BY ticker").fetchall()]
    size = max(1, BLOCK_PAIRS // max(_count(con, "launches") if launch_ids is None else len(launch_ids), 1))
    written = 0
    for start in range(0, len(tickers), size):
        written += _flagged(con, "INSERT INTO study_cache", launch_ids, tickers[start : start + size])
        if len(tickers) > size:
            _log.info("default studies kept for %d of %d securities", min(start + size, len(tickers)), len(tickers))
    return written


def _member_portfolios(
    con: duckdb.DuckDBPyConnection, launch_ids: list[str], tickers: list[str]
) -> set[tuple[str, str]]:
    """The (launch, group) portfolios the kept rows of launch_ids × tickers are members of (asked before they
    are computed again and after): a pair in neither, such as a security's launches before it traded again
    after a long gap, changes no portfolio's days, flags or CAR."""
    bound = {"launch_ids": launch_ids, "tickers": tickers}
    return {(launch_id, group) for launch_id, group in execute_sql(con, "analytics/study_member_portfolios", bound)}


def _to_compute(con: duckdb.DuckDBPyConnection, table: str, blocks: Portfolios) -> Portfolios:
    """The blocks of a kept portfolio table to compute again: all of them, in a new table, when (None, None)
    is among them (the table is dropped: a new definition may have other columns), else these."""
    if (None, None) not in blocks:
        return blocks
    con.execute(f"DROP TABLE IF EXISTS {table}")  # names from this module, never from input
    return [(None, None)]


def _group_days(con: duckdb.DuckDBPyConnection, days: Portfolios, flags: Portfolios) -> None:
    """Compute again the kept days and flags of these group portfolios (event_study.portfolio_days and
    group_results' flags of all of a group's 'ok' members), from the kept rows just written; (None, None)
    computes all of them in new tables."""
    for launch_ids, groups in _to_compute(con, "study_group_days", days):
        bound = {"launch_ids": launch_ids, "groups": groups, "tau_min": PARAMS.span[0], "benchmark": PARAMS.benchmark}
        execute_sql(con, "analytics/study_group_days", bound)
    for launch_ids, groups in _to_compute(con, "study_group_flags", flags):
        _group_flags(con, launch_ids, groups)


def _car_reached(con: duckdb.DuckDBPyConnection, days: Portfolios) -> list[tuple[str, str, int]]:
    """The portfolios whose kept CAR days a dated change reaches beyond the ones whose days are computed again
    (sql/analytics/study_car_reached.sql: the CAR runs on CAR_TAU_MAX trading days past the studies' horizon),
    each with the first τ it reaches: their fits were not rewritten, so their days before it stay."""
    bound = {"benchmark": PARAMS.benchmark, "tau_max": CAR_TAU_MAX}
    reached = execute_sql(con, "analytics/study_car_reached", bound)
    covered = [(None if ids is None else set(ids), None if groups is None else set(groups)) for ids, groups in days]
    return [
        (launch_id, group, int(tau_from)) for launch_id, group, tau_from in reached
        if not any((ids is None or launch_id in ids) and (groups is None or group in groups) for ids, groups in covered)
    ]


def _group_car(
    con: duckdb.DuckDBPyConnection, blocks: Portfolios, reached: list[tuple[str, str, int]] | None = None
) -> None:
    """Compute again the kept CAR days of these group portfolios (Adoption's mean AR of a whole group from
    t0, mean_ar_kept.sql's rows), from the kept fits, in one query: every day of the blocks' (whose rows were
    just written), the days from the given τ on of the reached ones; (None, None) computes all in a new table."""
    chosen = _to_compute(con, "study_group_car", blocks)
    if chosen == [(None, None)]:
        pairs = None
    else:
        pairs = [{**pair, "tau_from": 0} for pair in _pairs(con, chosen)]
        pairs += [{"launch_id": launch_id, "group": group, "tau_from": tau} for launch_id, group, tau in reached or []]
        if not pairs:
            return
    bound = {"pairs": pairs, "tau_max": CAR_TAU_MAX, "benchmark": PARAMS.benchmark}
    execute_sql(con, "analytics/study_group_car", bound)


def _pairs(con: duckdb.DuckDBPyConnection, blocks: Portfolios) -> list[dict[str, str]]:
    """The (launch, group) portfolios of blocks, once each; a block's None stands for every launch, or every
    group, of the kept studies (of the rows just written: a group that left them, whose kept CAR days must go,
    comes named in a block, from study_member_portfolios or study_portfolios_changed)."""
    every: dict[str, list[str]] = {}

    def kept(column: str) -> list[str]:  # column: one of two names written here, never from input
        if column not in every:
            query = f'SELECT DISTINCT "{column}" FROM study_cache WHERE win_start = 0 AND win_end = 0 ORDER BY 1'
            every[column] = [row[0] for row in con.execute(query).fetchall()]
        return every[column]

    found = dict.fromkeys(
        (launch_id, group)
        for launch_ids, groups in blocks
        for launch_id in (kept("launch_id") if launch_ids is None else launch_ids)
        for group in (kept("group") if groups is None else groups)
    )
    return [{"launch_id": launch_id, "group": group} for launch_id, group in found]


def _group_flags(con: duckdb.DuckDBPyConnection, launch_ids: list[str] | None, groups: list[str] | None) -> None:
    """Keep these portfolios' confounder flags, from their members' by the function group_results uses: a
    cross-section of every launch then reads a row per portfolio, not its thousand members' flags."""
    execute_sql(con, "analytics/study_group_flags", {"launch_ids": launch_ids, "groups": groups})
    if launch_ids is None:
        launch_ids = [row[0] for row in con.execute("SELECT DISTINCT launch_id FROM study_cache ORDER BY 1").fetchall()]
    for start in range(0, len(launch_ids), FLAG_BLOCK):  # the members of a block of launches at a time
        chosen = {"launch_ids": launch_ids[start : start + FLAG_BLOCK], "groups": groups}
        members = con.execute(sql_text("analytics/study_group_members"), chosen).df()
        for (win_start, win_end), part in members.groupby(["win_start", "win_end"], sort=True):
            flagged = confounders.add_group_flags(part[["launch_id", "group"]].drop_duplicates(), part)
            with incoming(con, flagged.assign(win_start=win_start, win_end=win_end)):
                execute_sql(con, "analytics/study_group_flags_store")


def _flagged(
    con: duckdb.DuckDBPyConnection, into: str, launch_ids: list[str] | None, tickers: list[str] | None
) -> int:
    """Run `INTO` + the flagged study's own query (so the kept rows are its rows) for launch_ids × tickers
    (None: all) at the kept settings and windows; returns the rows written."""
    query = sql_text("queries/event_study_flagged").strip().rstrip(";")
    values = {
        **PARAMS.bind(),
        "windows": [list(window) for window in WINDOWS],
        "launch_ids": launch_ids,
        "tickers": tickers,
        "sigma_k": confounders.SIGMA_K,
    }
    statement = f"{into} {query}"
    named = duckdb.extract_statements(statement)[0].named_parameters
    found = con.execute(statement, {key: values[key] for key in named}).fetchall()
    return int(found[0][0]) if found and found[0] and isinstance(found[0][0], int) else 0
