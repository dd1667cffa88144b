"""Build the warehouse from the embedded real snapshot in data/seed/ (offline, the default)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import analytics, model_names, quality, runs, seed_market
from pipelines import seed_files as files
from pipelines.warehouse import DATA_DIR, connect_read_only, db_path, execute_sql, staged_build, table_counts

SEED_DIR = DATA_DIR / "seed"
UNIVERSE_DIR = DATA_DIR / "universe"
MARKET_DIR = SEED_DIR / "market"
HF_HISTORY = SEED_DIR / "hf_history" / "hf_download_history.csv"  # described in hf_history/SOURCES.md
SEED_AS_OF = "2026-08-21"  # newest bar in the seed (^GSPC); see data/seed/market/SOURCES.md


def define_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, views and macros: the same definitions for every build (and re-applied at every publish)."""
    analytics.define(con)


def _load(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> None:
    execute_sql(con, f"load/{name}", params)


def check_market_files() -> None:
    """data/seed/market/files.csv and what it lists: each price file exists inside the folder and holds data,
    and each price and dividend file keeps its rules."""
    for row in files.read_rows(MARKET_DIR / "files.csv", files.MARKET_FILES):
        files.read_rows(files.market_file(MARKET_DIR, row["file"]), files.PRICES)
        dividends = MARKET_DIR / "dividends" / row["file"]
        if dividends.exists():
            files.read_rows(dividends, files.DIVIDENDS)


def check_files() -> None:
    """Every seed file against its rules (pipelines/seed_files.py); raises SeedError naming file and line.
    seed.build runs it beside DuckDB's load of the same files, which a failure discards."""
    for path, spec in (
        (UNIVERSE_DIR / "securities.csv", files.SECURITIES),
        (UNIVERSE_DIR / "hf_orgs.csv", files.HF_ORGS),
        (UNIVERSE_DIR / "model_aliases.csv", files.MODEL_ALIASES),
        (UNIVERSE_DIR / "benchmark_aliases.csv", files.BENCHMARK_ALIASES),
        (MARKET_DIR / "market_cap_snapshot.csv", files.SHARES),
        (MARKET_DIR / "splits.csv", files.SPLITS),
        (SEED_DIR / "launches.csv", files.LAUNCHES),
        (SEED_DIR / "hf_downloads.csv", files.HF_DOWNLOADS),
        (HF_HISTORY, files.HF_HISTORY),
        (SEED_DIR / "benchmark_scores.csv", files.BENCHMARK_SCORES),
        (SEED_DIR / "earnings_dates.csv", files.EARNINGS),
    ):
        files.read_rows(path, spec)
    check_market_files()


def load_market(con: duckdb.DuckDBPyConnection, listed: list[dict[str, str]]) -> None:
    """Prices (one file per ticker, with what its close means) and dividends; listed: the rows of
    market/files.csv."""
    prices: list[dict[str, object]] = []
    dividends: list[dict[str, object]] = []
    for n, row in enumerate(r for r in listed if not seed_market.is_extension(r)):
        source = seed_market.source_label(row)
        path = str(files.market_file(MARKET_DIR, row["file"]))
        prices.append({"path": path, "ticker": row["ticker"], "close_adjustment": row["close_adjustment"],
                       "source": source, "n": n})
        paid = MARKET_DIR / "dividends" / row["file"]
        if paid.exists():
            dividends.append({"path": str(paid), "ticker": row["ticker"], "source": source, "n": n})
    for name, found in (("seed_prices", prices), ("seed_dividends", dividends)):
        if found:
            _load(con, name, paths=[f["path"] for f in found], files=found)
    _load(
        con,
        "seed_shares",
        path=str(MARKET_DIR / "market_cap_snapshot.csv"),
        source="seed:market_cap_snapshot (market cap / close, 2026-05-29)",
    )
    seed_market.load_extensions(con, MARKET_DIR, listed)  # later segments, overlap-checked; splits
    seed_market.apply_splits(con)


def load_seed(con: duckdb.DuckDBPyConnection, listed: list[dict[str, str]]) -> None:
    """Fill a warehouse whose schema is defined but empty from data/universe and data/seed (listed: the rows
    of market/files.csv; check_files checks every file beside the load)."""
    _load(con, "seed_securities", path=str(UNIVERSE_DIR / "securities.csv"))
    _load(con, "seed_hf_orgs", path=str(UNIVERSE_DIR / "hf_orgs.csv"))
    load_market(con, listed)
    _load(con, "seed_launches", path=str(SEED_DIR / "launches.csv"))
    _load(con, "seed_earnings", path=str(SEED_DIR / "earnings_dates.csv"), source="seed:earnings_dates")
    _load(con, "seed_model_stats", path=str(SEED_DIR / "hf_downloads.csv"), source="seed:hf_downloads")
    _load(con, "seed_model_stats_history", path=str(HF_HISTORY), source="seed:hf_history")
    load_aliases(con)
    load_seed_benchmarks(con)
    model_names.store_resolutions(con)
    built = datetime.now(UTC).replace(tzinfo=None)
    for key, value in (
        ("origin", "seed"),
        ("seed_as_of", SEED_AS_OF),
        ("built_at", built.isoformat(timespec="seconds")),
    ):
        _load(con, "warehouse_info", key=key, value=value)


def load_aliases(con: duckdb.DuckDBPyConnection) -> None:
    """The reviewable alias tables (data/universe): model and benchmark names → canonical ones."""
    files.read_rows(UNIVERSE_DIR / "model_aliases.csv", files.MODEL_ALIASES)
    files.read_rows(UNIVERSE_DIR / "benchmark_aliases.csv", files.BENCHMARK_ALIASES)
    _load(
        con,
        "seed_aliases",
        models=str(UNIVERSE_DIR / "model_aliases.csv"),
        benchmarks=str(UNIVERSE_DIR / "benchmark_aliases.csv"),
    )


def load_seed_benchmarks(con: duckdb.DuckDBPyConnection) -> int:
    """The curated vendor-reported tables; replaces the previous seed load. Returns rows loaded."""
    files.read_rows(SEED_DIR / "benchmark_scores.csv", files.BENCHMARK_SCORES)
    _load(con, "seed_benchmarks", path=str(SEED_DIR / "benchmark_scores.csv"), as_of=runs.now())
    return con.execute("SELECT count(*) FROM benchmark_scores WHERE origin = 'seed'").fetchall()[0][0]


def live_counts(path: Path) -> dict[str, int]:
    """Row counts of the warehouse a rebuild would replace; none when there is none or it is unreadable
    (the seed is how a damaged warehouse is repaired)."""
    if not path.exists():
        return {}
    try:
        with connect_read_only(path):
            pass
        return table_counts(path)
    except Exception:
        return {}


def build(
    target: Path | None = None,
    *,
    allow_shrink: bool = False,
    on_wait: Callable[[str], None] | None = None,
    keep_studies: bool = True,
) -> dict[str, int]:
    """Rebuild the warehouse from the seed and publish it atomically; returns row counts.

    The seed files are checked (a broken rule names file and line; the checks run while DuckDB loads
    the files into the staging copy, which a failed check discards); the build then passes
    the pipelines' quality gate, against the warehouse it replaces: a table that would lose more
    than 5 % of its rows (a header-only file, a dropped ticker) needs allow_shrink. keep_studies=False
    leaves the kept default studies to a later publish (study_cache.publish_with_studies): a first start's page
    sooner.
    """
    started = runs.now()
    live = target or db_path()
    with (
        ThreadPoolExecutor(max_workers=1) as pool,
        staged_build(
            from_live=False, target=target, holder="seed build", on_wait=on_wait, keep_studies=keep_studies
        ) as con,
    ):
        define_schema(con)
        quality.baseline(con, live_counts(live))
        # Python's row checks beside DuckDB's load, which releases the GIL; not beside the definitions' 44
        # short statements, each of which waits for the checks' thread to hand the GIL back (0.47 s, not 0.09 s)
        checks = pool.submit(check_files)
        try:
            load_seed(con, files.read_rows(MARKET_DIR / "files.csv", files.MARKET_FILES))
        finally:
            checks.result()  # a broken rule raises here, named by file and line, before anything is published
        quality.check(con, allow_shrink=allow_shrink)
        rows = con.execute("SELECT count(*) FROM prices").fetchall()[0][0]
        runs.record(con, "seed", started, "success", rows_written=rows)
    return table_counts(target)
