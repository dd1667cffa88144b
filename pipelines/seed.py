"""Build the warehouse from the embedded real snapshot in data/seed/ (offline, the default)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines import quality, runs, seed_market
from pipelines.warehouse import DATA_DIR, execute_sql, staged_build, table_counts

SEED_DIR = DATA_DIR / "seed"
UNIVERSE_DIR = DATA_DIR / "universe"
MARKET_DIR = SEED_DIR / "market"
SEED_AS_OF = "2026-08-21"  # newest bar in the seed (^GSPC); see data/seed/market/SOURCES.md
ANALYTICS = ("schema", "analytics/returns", "analytics/event_study", "analytics/adoption", "analytics/benchmarks")


def define_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, views and macros: the same definitions for every build."""
    for name in ANALYTICS:
        execute_sql(con, name)


def _load(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> None:
    execute_sql(con, f"load/{name}", params)


def load_market(con: duckdb.DuckDBPyConnection) -> None:
    """Prices (one file per ticker, with what its close means) and dividends."""
    with open(MARKET_DIR / "files.csv", newline="", encoding="utf-8") as fh:
        files = list(csv.DictReader(fh))
    for row in [r for r in files if not seed_market.is_extension(r)]:
        source = f"seed:{row['source_repo']}@{row['source_commit']}"
        _load(
            con,
            "seed_prices",
            path=str(MARKET_DIR / row["file"]),
            ticker=row["ticker"],
            close_adjustment=row["close_adjustment"],
            source=source,
        )
        dividends = MARKET_DIR / "dividends" / row["file"]
        if dividends.exists():
            _load(con, "seed_dividends", path=str(dividends), ticker=row["ticker"], source=source)
    _load(
        con,
        "seed_shares",
        path=str(MARKET_DIR / "market_cap_snapshot.csv"),
        source="seed:market_cap_snapshot (market cap / close, 2026-05-29)",
    )
    seed_market.load_extensions(con, MARKET_DIR, files)  # later segments, overlap-checked; splits
    seed_market.apply_splits(con)


def load_seed(con: duckdb.DuckDBPyConnection) -> None:
    """Fill a warehouse whose schema is defined but empty from data/universe and data/seed."""
    _load(con, "seed_securities", path=str(UNIVERSE_DIR / "securities.csv"))
    _load(con, "seed_hf_orgs", path=str(UNIVERSE_DIR / "hf_orgs.csv"))
    load_market(con)
    _load(con, "seed_launches", path=str(SEED_DIR / "launches.csv"))
    _load(con, "seed_model_stats", path=str(SEED_DIR / "hf_downloads.csv"), source="seed:hf_downloads")
    load_aliases(con)
    load_seed_benchmarks(con)
    built = datetime.now(UTC).replace(tzinfo=None)
    for key, value in (
        ("origin", "seed"),
        ("seed_as_of", SEED_AS_OF),
        ("built_at", built.isoformat(timespec="seconds")),
    ):
        _load(con, "warehouse_info", key=key, value=value)


def load_aliases(con: duckdb.DuckDBPyConnection) -> None:
    """The reviewable alias tables (data/universe): model and benchmark names → canonical ones."""
    _load(
        con,
        "seed_aliases",
        models=str(UNIVERSE_DIR / "model_aliases.csv"),
        benchmarks=str(UNIVERSE_DIR / "benchmark_aliases.csv"),
    )


def load_seed_benchmarks(con: duckdb.DuckDBPyConnection) -> int:
    """The curated vendor-reported tables; replaces the previous seed load. Returns rows loaded."""
    _load(con, "seed_benchmarks", path=str(SEED_DIR / "benchmark_scores.csv"), as_of=runs.now())
    return con.execute("SELECT count(*) FROM benchmark_scores WHERE origin = 'seed'").fetchall()[0][0]


def build(target: Path | None = None) -> dict[str, int]:
    """Rebuild the warehouse from the seed and publish it atomically; returns row counts."""
    started = runs.now()
    with staged_build(from_live=False, target=target) as con:
        define_schema(con)
        quality.snapshot(con)
        load_seed(con)
        quality.check(con)
        rows = con.execute("SELECT count(*) FROM prices").fetchall()[0][0]
        runs.record(con, "seed", started, "success", rows_written=rows)
    return table_counts(target)
