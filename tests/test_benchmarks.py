"""Benchmark scores: aliases, the three kinds of source (fake Hub, fake Epoch archive), and the page's joins."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import tenacity

from pipelines import hub, runner
from pipelines.cli import main
from tests.hub_server import DAY1, FakeHubServer, Hub, eval_result, leaderboard_entry, model

EPOCH_PATH = "/data/benchmark_data.zip"


@pytest.fixture(autouse=True)
def quiet_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setattr("huggingface_hub.utils._http.time.sleep", lambda s: None)
    monkeypatch.setattr(hub, "SLEEP", lambda s: None)
    monkeypatch.setattr(hub, "RETRY_BACKOFF", tenacity.wait_none())


def rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def epoch_zip(tables: dict[str, pd.DataFrame]) -> bytes:
    """An archive laid out like Epoch AI's benchmark_data.zip: one CSV per benchmark."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, frame in tables.items():
            archive.writestr(f"benchmark_data/{name}", frame.to_csv(index=False))
    return buffer.getvalue()


GPQA = pd.DataFrame(
    {
        "Model version": ["DeepSeek-R1", "Kimi K2 Instruct", "gpt-oss-120b", "Mystery-Model-9", ""],
        "mean_score": [0.71, 0.75, 0.78, 0.5, 0.1],
        "stderr": [0.02, 0.02, 0.02, 0.03, 0.0],
        "Release date": ["2025-01-20", "2025-07-11", "2025-08-05", "2025-09-01", "2025-01-01"],
        "Organization": ["DeepSeek", "Moonshot", "OpenAI", "?", "?"],
    }
)


def fake_sources() -> Hub:
    fake = Hub()
    fake.repos["deepseek-ai/DeepSeek-R1"] = {
        **model("deepseek-ai/DeepSeek-R1"),
        "evalResults": [
            eval_result("Idavidrein/gpqa", "gpqa_diamond", 0.715, date="2025-01-20"),
            eval_result("cais/hle", "default", 8.5, notes="no tools"),
        ],
    }
    fake.leaderboards["Idavidrein/gpqa"] = [
        leaderboard_entry(1, "moonshotai/Kimi-K2-Instruct", 0.751, verified=True),
        leaderboard_entry(2, "someone/unrelated-finetune", 0.9),
    ]
    fake.files[EPOCH_PATH] = epoch_zip(
        {"gpqa_diamond.csv": GPQA, "swe_bench_verified.csv": GPQA.rename(columns={"mean_score": "Score"})}
    )
    return fake


def test_every_seed_model_maps_to_a_canonical_model(seed_warehouse: Path) -> None:
    assert rows(seed_warehouse, "SELECT count(*) FROM benchmark_results WHERE model IS NULL") == [(0,)]
    assert rows(
        seed_warehouse,
        "SELECT count(*) FROM model_aliases WHERE launch_id IS NOT NULL "
        "AND launch_id NOT IN (SELECT launch_id FROM launches)",
    ) == [(0,)]
    conflicts = rows(
        seed_warehouse, "SELECT alias_key(alias) FROM model_aliases GROUP BY 1 HAVING count(DISTINCT model) > 1"
    )
    assert conflicts == [], "two spellings that read the same must name the same model"
    launches = {
        r[0]
        for r in rows(seed_warehouse, "SELECT DISTINCT launch_id FROM benchmark_results WHERE launch_id IS NOT NULL")
    }
    assert {"deepseek-r1", "deepseek-v3", "qwen3", "llama-4", "kimi-k2", "gpt-oss-120b", "o1"} <= launches


def test_spellings_of_one_model_resolve_together(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        for name, repo in (
            ("DeepSeek V3", None),
            ("DeepSeek-V3", None),
            ("deepseek-ai/DeepSeek-V3", "deepseek-ai/DeepSeek-V3"),
            ("OpenAI-o1-1217", None),
        ):
            con.execute(
                "INSERT INTO benchmark_scores (model, repo_id, benchmark, score, metric, source, origin) "
                "VALUES (?, ?, 'Test', 1, 'x', 'test', 't')",
                [name, repo],
            )
        got = dict(con.execute("SELECT source_model, model FROM benchmark_results WHERE origin = 't'").fetchall())
    assert got == {
        "DeepSeek V3": "DeepSeek-V3",
        "DeepSeek-V3": "DeepSeek-V3",
        "deepseek-ai/DeepSeek-V3": "DeepSeek-V3",
        "OpenAI-o1-1217": "OpenAI o1 (2024-12-17)",
    }


def test_benchmark_variants_are_never_merged(seed_warehouse: Path) -> None:
    series = rows(
        seed_warehouse,
        "SELECT DISTINCT variant, metric FROM benchmark_results "
        "WHERE benchmark = 'GPQA Diamond' AND model = 'gpt-oss-120b'",
    )
    assert ("no tools", "accuracy, reasoning effort=high") in series
    assert rows(seed_warehouse, "SELECT DISTINCT variant FROM benchmark_results WHERE benchmark = 'MMLU-Redux'") and (
        "2.0",
    ) in rows(seed_warehouse, "SELECT DISTINCT variant FROM benchmark_results WHERE benchmark = 'MMLU-Redux'")


def test_run_loads_hub_eval_results_leaderboards_and_epoch(warehouse: Path) -> None:
    fake = fake_sources()
    with FakeHubServer(fake) as url:
        result = runner.run_benchmarks(endpoint=url, epoch_url=url + EPOCH_PATH, as_of=DAY1)
        again = runner.run_benchmarks(endpoint=url, epoch_url=url + EPOCH_PATH, as_of=DAY1)
    outcomes = {o.item: o for o in result.outcomes}
    assert outcomes["hf-eval:deepseek-ai/DeepSeek-R1"].new == 2
    assert outcomes["hf-leaderboard:Idavidrein/gpqa"].new == 1  # the unrelated fine-tune is not tracked
    assert (
        outcomes["epoch:gpqa_diamond.csv"].new == 4
        and "skipped 1 malformed" in outcomes["epoch:gpqa_diamond.csv"].reason
    )
    assert (
        outcomes["epoch:math_level_5.csv"].status == "failed"
        and "not in the archive" in outcomes["epoch:math_level_5.csv"].reason
    )
    assert again.rows_written == result.rows_written
    epoch = rows(
        warehouse,
        "SELECT model, launch_id, benchmark, variant, score, reported_date FROM benchmark_results "
        "WHERE origin = 'epoch:gpqa_diamond.csv' ORDER BY reported_date",
    )
    assert epoch[0][:5] == ("DeepSeek-R1", "deepseek-r1", "GPQA Diamond", "Epoch AI run", 0.71)
    assert str(epoch[0][5]) == "2025-01-20"
    assert rows(warehouse, "SELECT count(*) FROM benchmark_scores WHERE origin = 'epoch:gpqa_diamond.csv'") == [(4,)]
    hubrows = rows(
        warehouse,
        "SELECT model, benchmark, variant, score FROM benchmark_results WHERE origin LIKE 'hf-%' ORDER BY score",
    )
    assert ("Kimi K2 Instruct", "GPQA Diamond", "hub eval", 0.751) in hubrows
    assert ("DeepSeek-R1", "Idavidrein/gpqa/gpqa_diamond", None, 0.715) in hubrows
    assert rows(warehouse, "SELECT DISTINCT source_model FROM benchmark_results WHERE model IS NULL") == [
        ("Mystery-Model-9",)
    ]
    assert rows(warehouse, "SELECT count(*) FROM benchmark_scores WHERE origin = 'seed'") == [(1282,)]


def test_offline_run_keeps_every_stored_score(warehouse: Path, capsys) -> None:
    before = rows(warehouse, "SELECT count(*), sum(score) FROM benchmark_scores")
    assert main(["run", "benchmarks"]) == 1
    err = capsys.readouterr().err
    assert "network unreachable: could not resolve huggingface.co" in err
    assert "network unreachable: could not resolve epoch.ai" in err
    assert rows(warehouse, "SELECT count(*), sum(score) FROM benchmark_scores") == before
    assert rows(warehouse, "SELECT status FROM pipeline_runs WHERE source = 'benchmarks'") == [("partial",)]


def test_a_broken_archive_fails_only_the_epoch_items(warehouse: Path) -> None:
    fake = fake_sources()
    fake.files[EPOCH_PATH] = b"<html>maintenance</html>"
    with FakeHubServer(fake) as url:
        result = runner.run_benchmarks(endpoint=url, epoch_url=url + EPOCH_PATH, as_of=DAY1)
    epoch = [o for o in result.outcomes if o.item.startswith("epoch:")]
    assert epoch and all(o.status == "failed" and "did not return a zip archive" in o.reason for o in epoch)
    assert {o.item: o.status for o in result.outcomes}["hf-eval:deepseek-ai/DeepSeek-R1"] == "ok"
