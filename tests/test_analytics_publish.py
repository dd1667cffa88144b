"""Analytics definitions re-applied on every publish, schema_version, and the materialised returns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import analytics, event_study, runner
from pipelines.warehouse import staged_build
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
        con.execute("DELETE FROM warehouse_info WHERE key IN ('schema_version', 'returns_fingerprint')")
    snapshots = rows(warehouse, "SELECT count(*) FROM model_stats")[0][0]
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setattr("huggingface_hub.utils._http.time.sleep", lambda s: None)
    with FakeHubServer(Hub(orgs={"deepseek-ai": [model("deepseek-ai/R1")]})) as url:
        result = runner.run_hub(["deepseek-ai"], endpoint=url, as_of=DAY1)
    assert result.status == "success", result.error
    assert info(warehouse)["schema_version"] == analytics.SCHEMA_VERSION
    assert ("daily_returns", "table") in rows(
        warehouse, "SELECT table_name, 'table' FROM duckdb_tables() WHERE table_name = 'daily_returns'"
    )
    # the new event_days takes the launches asked for, and the study works again
    picked = rows(warehouse, "SELECT DISTINCT launch_id FROM event_days(launch_ids := ['deepseek-r1'])")
    assert picked == [("deepseek-r1",)]
    study = event_study.results(event_study.StudyParams(), launch_ids=["deepseek-r1"], path=warehouse)
    assert round(study.set_index("ticker").loc["NVDA", "raw_return"], 4) == -0.1697
    # the Hub snapshots were kept, and the run added its own
    assert rows(warehouse, "SELECT count(*) FROM model_stats")[0][0] > snapshots


def test_returns_are_rebuilt_when_prices_change_and_only_then(warehouse: Path) -> None:
    before = info(warehouse)["returns_fingerprint"]
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('note', 'no price changed')")
        assert analytics.refresh(con) is False
    assert info(warehouse)["returns_fingerprint"] == before
    day = "DATE '2025-01-27'"
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute(f"UPDATE prices SET close = close * 1.1 WHERE ticker = 'NVDA' AND date = {day}")  # noqa: S608
    assert info(warehouse)["returns_fingerprint"] != before
    stored = rows(warehouse, f"SELECT price_return FROM daily_returns WHERE ticker = 'NVDA' AND date = {day}")  # noqa: S608
    assert stored[0][0] == pytest.approx(118.42 * 1.1 / 142.62 - 1, abs=1e-9)


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
