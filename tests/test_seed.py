"""The seed build: the embedded real snapshot becomes a complete, reproducible warehouse."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import duckdb
import pytest

from pipelines import seed
from pipelines.warehouse import REPO_ROOT, staged_build, table_counts

SCHEMA_TABLES = {
    "securities",
    "prices",
    "shares_outstanding",
    "launches",
    "models",
    "model_stats",
    "benchmark_scores",
    "pipeline_runs",
}


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchall()[0][0]


def test_seed_twice_gives_identical_row_counts(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    first = seed.build(path)
    second = seed.build(path)
    assert first == second
    assert set(first) >= SCHEMA_TABLES
    assert not list(tmp_path.glob(".x.duckdb.staging-*")), "staging files must not be left behind"


def test_seed_holds_the_published_facts(seed_warehouse: Path) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        assert one(con, "SELECT count(DISTINCT ticker) FROM prices") == 34
        assert one(con, "SELECT close FROM prices WHERE ticker = 'NVDA' AND date = DATE '2025-01-27'") == 118.42
        assert one(con, "SELECT count(*) FROM launches") == 101
        assert str(one(con, "SELECT market_date FROM launches WHERE launch_id = 'deepseek-r1'")) == "2025-01-27"
        assert str(one(con, "SELECT date FROM launches WHERE launch_id = 'deepseek-r1'")) == "2025-01-20"
        assert one(con, "SELECT count(*) FROM launches WHERE market_date IS NOT NULL") == 1


def test_every_seed_price_row_is_loaded(seed_warehouse: Path) -> None:
    market = REPO_ROOT / "data" / "seed" / "market"
    with open(market / "files.csv", newline="") as fh:
        files = list(csv.DictReader(fh))
    expected, last = {}, {}
    for row in files:  # a later segment adds only its rows after the earlier ones' last date
        with open(market / row["file"], newline="") as fh:
            dates = [r["date"] for r in csv.DictReader(fh)]
        new = [d for d in dates if d > last.get(row["ticker"], "")]
        expected[row["ticker"]] = expected.get(row["ticker"], 0) + len(new)
        last[row["ticker"]] = max(dates)
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        loaded = dict(con.execute("SELECT ticker, count(*) FROM prices GROUP BY ticker").fetchall())
    assert loaded == expected


def test_close_adjustment_is_recorded_not_guessed(seed_warehouse: Path) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        kinds = dict(con.execute("SELECT ticker, any_value(close_adjustment) FROM prices GROUP BY ticker").fetchall())
        assert kinds["NVDA"] == "split_adjusted_only"
        assert kinds["SOXX"] == "split_dividend_adjusted"
        assert kinds["ASML"] == "actual_with_adj_close"
        assert kinds["^GSPC"] == "index_level"
        # the seed's ASML file had an adjusted close on every row; its 2026 extension has none
        assert (
            one(
                con,
                "SELECT count(*) FROM prices WHERE ticker = 'ASML' AND adj_close IS NULL AND date <= DATE '2026-04-10'",
            )
            == 0
        )
        extension = dict(
            con.execute(
                "SELECT ticker, any_value(close_adjustment) FROM prices WHERE date > DATE '2026-05-29' GROUP BY ticker"
            ).fetchall()
        )
        assert extension["NVDA"] == extension["ASML"] == extension["005930.KS"] == "actual_no_dividends"


def test_launch_ids_are_unique_slugs(seed_warehouse: Path) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT launch_id FROM launches").fetchall()]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def test_universe_covers_every_priced_ticker(seed_warehouse: Path) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        orphans = con.execute("SELECT DISTINCT ticker FROM prices ANTI JOIN securities USING (ticker)").fetchall()
        groups = {r[0] for r in con.execute('SELECT DISTINCT "group" FROM securities').fetchall()}
        orgs = {r[0] for r in con.execute("SELECT hf_org FROM hf_orgs").fetchall()}
    assert orphans == []
    assert groups == {"chipmaker", "semicap", "hyperscaler", "china_ai", "asia_semis", "index"}
    assert {"deepseek-ai", "Qwen", "meta-llama", "openai", "moonshotai"} <= orgs


def test_failed_build_leaves_live_warehouse_untouched(tmp_path: Path) -> None:
    path = tmp_path / "live.duckdb"
    seed.build(path)
    before = table_counts(path)
    stamp = os.stat(path).st_mtime_ns
    with pytest.raises(RuntimeError), staged_build(from_live=True, target=path) as con:
        con.execute("DELETE FROM prices")
        raise RuntimeError("network dropped mid-run")
    assert table_counts(path) == before
    assert os.stat(path).st_mtime_ns == stamp
    assert not list(tmp_path.glob(".live.duckdb.staging-*"))


def test_reader_open_during_publish_keeps_its_view(tmp_path: Path) -> None:
    path = tmp_path / "live.duckdb"
    seed.build(path)
    reader = duckdb.connect(str(path), read_only=True)
    try:
        with staged_build(from_live=True, target=path) as con:
            con.execute("DELETE FROM launches WHERE launch_id = 'deepseek-r1'")
        assert one(reader, "SELECT count(*) FROM launches") == 101
    finally:
        reader.close()
    with duckdb.connect(str(path), read_only=True) as con:
        assert one(con, "SELECT count(*) FROM launches") == 100


def test_seed_cli_prints_row_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from pipelines.cli import main

    monkeypatch.setenv("AFTERSHOCK_DB", str(tmp_path / "cli.duckdb"))
    assert main(["seed"]) == 0
    out = capsys.readouterr().out
    assert "prices" in out and "37,541" in out
    assert (tmp_path / "cli.duckdb").exists()
