"""Analytics definitions re-applied on every publish, schema_version, and the materialised returns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import analytics, event_study, runner
from pipelines.errors import WarehouseUnreadable
from pipelines.warehouse import reader, staged_build
from tests.hub_server import DAY1, FakeHubServer, Hub, model


def rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def info(path: Path) -> dict[str, str]:
    return dict(rows(path, "SELECT key, value FROM warehouse_info"))


def test_seed_records_schema_version_and_materialises_returns(seed_warehouse: Path) -> None:
    assert info(seed_warehouse)["schema_version"] == analytics.SCHEMA_VERSION
    kinds = dict(rows(seed_warehouse, "SELECT table_name, 'table' FROM duckdb_tables()"))
    assert "daily_returns" in kinds and "market_sessions" in kinds
    # the table holds exactly what the defining view computes
    differ = rows(
        seed_warehouse,
        "SELECT count(*) FROM ((SELECT * FROM daily_returns EXCEPT SELECT * FROM daily_returns_computed) "
        "UNION ALL (SELECT * FROM daily_returns_computed EXCEPT SELECT * FROM daily_returns))",
    )[0][0]
    assert differ == 0
    assert rows(seed_warehouse, "SELECT * FROM market_sessions ORDER BY ALL") == rows(
        seed_warehouse, "SELECT * FROM market_sessions_computed ORDER BY ALL"
    )
    assert rows(seed_warehouse, "SELECT count(*) FROM daily_returns")[0][0] == rows(
        seed_warehouse, "SELECT count(*) FROM prices"
    )[0][0]


def test_an_older_warehouse_is_upgraded_in_place_by_the_next_run(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What an older version left behind: returns as a view, an old macro, no schema_version
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP TABLE daily_returns")
        con.execute("DROP TABLE market_sessions")
        con.execute("CREATE VIEW market_sessions AS SELECT * FROM market_sessions_computed")
        con.execute("CREATE VIEW daily_returns AS SELECT * FROM daily_returns_computed")
        con.execute("CREATE OR REPLACE MACRO launch_marker() AS 'old'")
        con.execute(
            "CREATE OR REPLACE MACRO event_days(use_market_date := TRUE) AS TABLE "
            "SELECT 'old macro' AS launch_id, NULL AS ticker"
        )
        con.execute("DROP TABLE returns_inputs")  # version 5's
        con.execute("DROP TABLE benchmark_results")  # a view in earlier builds of version 8
        con.execute("CREATE VIEW benchmark_results AS SELECT * FROM benchmark_results_computed")
        con.execute("DELETE FROM warehouse_info WHERE key = 'schema_version'")
    snapshots = rows(warehouse, "SELECT count(*) FROM model_stats")[0][0]
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setattr("huggingface_hub.utils._http.time.sleep", lambda s: None)
    with FakeHubServer(Hub(orgs={"deepseek-ai": [model("deepseek-ai/R1")]})) as url:
        result = runner.run_hub(["deepseek-ai"], endpoint=url, as_of=DAY1)
    assert result.status == "success", result.error
    assert info(warehouse)["schema_version"] == analytics.SCHEMA_VERSION
    for table in ("daily_returns", "benchmark_results"):
        assert rows(warehouse, f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{table}'") == [(1,)]
    # the new event_days takes the launches asked for, and the study works again
    picked = rows(warehouse, "SELECT DISTINCT launch_id FROM event_days(launch_ids := ['deepseek-r1'])")
    assert picked == [("deepseek-r1",)]
    study = event_study.results(event_study.StudyParams(), launch_ids=["deepseek-r1"], path=warehouse)
    assert round(study.set_index("ticker").loc["NVDA", "raw_return"], 4) == -0.1697
    # the Hub snapshots were kept, and the run added its own
    assert rows(warehouse, "SELECT count(*) FROM model_stats")[0][0] > snapshots


def test_the_dashboard_upgrades_a_warehouse_an_older_version_published(warehouse: Path) -> None:
    """Without waiting for a run: the pages' queries need this version's macros (flag_text since 7)."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP MACRO flag_text")
        con.execute("UPDATE warehouse_info SET value = '6' WHERE key = 'schema_version'")
        con.execute("DELETE FROM warehouse_info WHERE key = 'study_cache'")  # kept studies came with 8
        con.execute("DROP TABLE study_cache")
    assert analytics.stored_version(warehouse) == "6"
    with pytest.raises(WarehouseUnreadable):  # what a page showed before
        event_study.results(event_study.StudyParams(), launch_ids=["deepseek-r1"], path=warehouse)
    assert analytics.upgrade(warehouse) is True
    assert analytics.stored_version(warehouse) == analytics.SCHEMA_VERSION
    assert analytics.upgrade(warehouse) is False  # once
    assert analytics.stored_version(warehouse.with_name("none.duckdb")) is None  # no file: no version
    study = event_study.results(event_study.StudyParams(), launch_ids=["deepseek-r1"], path=warehouse)
    assert round(study.set_index("ticker").loc["NVDA", "raw_return"], 4) == -0.1697


def test_returns_are_recomputed_when_prices_change_and_only_then(warehouse: Path) -> None:
    before = rows(warehouse, "SELECT * FROM returns_inputs ORDER BY ticker")
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('note', 'no price changed')")
        assert analytics.refresh(con) is False
    assert rows(warehouse, "SELECT * FROM returns_inputs ORDER BY ticker") == before
    day = "DATE '2025-01-27'"
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute(f"UPDATE prices SET close = close * 1.1 WHERE ticker = 'NVDA' AND date = {day}")  # noqa: S608
    after = rows(warehouse, "SELECT * FROM returns_inputs ORDER BY ticker")
    assert [row[0] for row in set(after) - set(before)] == ["NVDA"]
    stored = rows(warehouse, f"SELECT price_return FROM daily_returns WHERE ticker = 'NVDA' AND date = {day}")  # noqa: S608
    assert stored[0][0] == pytest.approx(118.42 * 1.1 / 142.62 - 1, abs=1e-9)


RETURNS_TABLES = {
    "daily_returns": "SELECT * FROM daily_returns ORDER BY ticker, td",
    "market_sessions": "SELECT * FROM market_sessions ORDER BY calendar, date",
    "returns_inputs": "SELECT * FROM returns_inputs ORDER BY ticker",
}
# A run's changes, and the securities whose returns they change (so the ones recomputed).
CHANGES = {
    "one security's close, bar and dividend": (
        [
            "UPDATE prices SET close = close * 1.1 WHERE ticker = 'NVDA' AND date = DATE '2025-01-27'",
            "DELETE FROM prices WHERE ticker = 'NVDA' AND date = DATE '2024-06-03'",  # a gap
            "INSERT OR REPLACE INTO dividends VALUES ('NVDA', DATE '2024-09-12', 0.5, 'test')",
        ],
        ["NVDA"],
    ),
    # a bar on a Saturday is a new Korean session: the other Korean security now misses it
    "a new session inside the history": (
        [
            "INSERT INTO prices SELECT * REPLACE (DATE '2024-03-09' AS date) FROM prices "
            "WHERE ticker = '000660.KS' AND date = DATE '2024-03-08'",
        ],
        ["000660.KS", "005930.KS"],
    ),
    # a day after every other bar (a prices run's new day, first seen for one security)
    "a new last session": (
        [
            "INSERT INTO prices SELECT * REPLACE ((SELECT max(date) + 1 FROM prices) AS date, close * 1.01 AS close) "
            "FROM prices WHERE ticker = 'AMD' AND date = (SELECT max(date) FROM prices WHERE ticker = 'AMD')",
        ],
        ["AMD"],
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_recomputing_the_changed_securities_gives_the_tables_of_a_full_rebuild(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    statements, expected = CHANGES[change]
    calls: list[tuple[str, object]] = []
    real = analytics.execute_sql

    def spy(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[tuple]:
        calls.append((name, (params or {}).get("tickers")))
        return real(con, name, params)

    monkeypatch.setattr(analytics, "execute_sql", spy)
    with staged_build(from_live=True, target=warehouse) as con:
        for statement in statements:
            con.execute(statement)
    assert ("analytics/update_returns", expected) in calls  # only those, and no full rebuild
    assert "analytics/materialise_returns" not in [name for name, _ in calls]
    patched = {name: rows(warehouse, sql) for name, sql in RETURNS_TABLES.items()}
    with staged_build(from_live=True, target=warehouse) as con:
        assert analytics.refresh(con, force=True) is True
    for name, sql in RETURNS_TABLES.items():
        assert patched[name] == rows(warehouse, sql), name
    # and the rids keep what the event study needs: consecutive within a security, never shared
    assert rows(
        warehouse,
        "SELECT count(DISTINCT rid) = count(*), count(DISTINCT (ticker, rid - td)) = count(DISTINCT ticker), "
        "count(DISTINCT rid - td) = count(DISTINCT ticker) FROM daily_returns",
    ) == [(True, True, True)]


def test_filters_inside_the_macros_give_the_same_rows(seed_warehouse: Path) -> None:
    params = event_study.StudyParams(window=(-1, 1))
    everything = event_study.results(params, path=seed_warehouse)
    chosen = event_study.results(
        params, launch_ids=["deepseek-r1", "qwen3"], tickers=["NVDA", "000660.KS", "SPY"], path=seed_warehouse
    )
    expected = everything[
        everything["launch_id"].isin(["deepseek-r1", "qwen3"]) & everything["ticker"].isin(["NVDA", "000660.KS", "SPY"])
    ]
    assert len(chosen) == len(expected) == 6
    for column in everything.columns:  # the same values (None and NaN both count as missing)
        left, right = chosen[column].reset_index(drop=True), expected[column].reset_index(drop=True)
        assert (left.isna() == right.isna()).all(), column
        left, right = left[left.notna()], right[right.notna()]
        if pd.api.types.is_float_dtype(left) or pd.api.types.is_float_dtype(right):
            assert left.astype(float).to_numpy() == pytest.approx(right.astype(float).to_numpy(), rel=1e-12), column
        else:
            assert (left.astype(str) == right.astype(str)).all(), column


def test_reads_follow_a_publish_even_while_a_read_of_the_old_file_is_open(tmp_path: Path) -> None:
    """Readers are kept per published file. DuckDB hands a new connection to an open path the instance
    already open, which after a publish's rename is the replaced file: the kept reader must not."""
    live = tmp_path / "w.duckdb"

    def publish(value: int) -> None:
        staging = tmp_path / f"staging-{value}.duckdb"
        with duckdb.connect(str(staging)) as con:
            con.execute("CREATE TABLE launches AS SELECT ? AS launch_id", [f"v{value}"])
        staging.replace(live)

    publish(1)
    with reader(live) as old:
        assert old.execute("SELECT launch_id FROM launches").fetchall() == [("v1",)]
        publish(2)
        with reader(live) as new:
            assert new.execute("SELECT launch_id FROM launches").fetchall() == [("v2",)]
        assert old.execute("SELECT launch_id FROM launches").fetchall() == [("v1",)]  # a read in flight ends
    with reader(live) as after:
        assert after.execute("SELECT launch_id FROM launches").fetchall() == [("v2",)]
