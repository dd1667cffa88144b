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
from pipelines.warehouse import staged_build
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
        # the resolving view itself (each publish keeps its rows as the table benchmark_results)
        query = "SELECT source_model, model FROM benchmark_results_computed WHERE origin = 't'"
        got = dict(con.execute(query).fetchall())
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


def test_the_kept_benchmark_results_are_the_resolved_scores_after_a_run(warehouse: Path) -> None:
    """The pages read benchmark_results, a table each publish keeps: after a run that added scores and
    names, it holds exactly the rows of the view that resolves them."""
    before = rows(warehouse, "SELECT count(*) FROM benchmark_results")[0][0]
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute(
            "INSERT INTO benchmark_scores (model, benchmark, score, source, origin) "
            "VALUES ('DeepSeek-R1', 'GPQA Diamond', 71.5, 'test', 't'), ('Qwen3 235B', 'MMLU', 80, 'test', 't')"
        )
    everything = "SELECT * FROM {} EXCEPT ALL SELECT * FROM {}"
    assert rows(warehouse, everything.format("benchmark_results", "benchmark_results_computed")) == []
    assert rows(warehouse, everything.format("benchmark_results_computed", "benchmark_results")) == []
    assert rows(warehouse, "SELECT count(*) FROM benchmark_results")[0][0] == before + 2


def test_offline_run_keeps_every_stored_score(warehouse: Path, capsys) -> None:
    before = rows(warehouse, "SELECT count(*), sum(score) FROM benchmark_scores")
    assert main(["run", "benchmarks"]) == 1
    err = capsys.readouterr().err
    assert "network unreachable: could not resolve huggingface.co" in err
    assert "network unreachable: could not resolve epoch.ai" in err
    assert rows(warehouse, "SELECT count(*), sum(score) FROM benchmark_scores") == before
    # every network item failed: only the curated tables were reloaded, which is no update
    assert rows(warehouse, "SELECT status FROM pipeline_runs WHERE source = 'benchmarks'") == [("failed",)]


def test_a_broken_archive_fails_only_the_epoch_items(warehouse: Path) -> None:
    fake = fake_sources()
    fake.files[EPOCH_PATH] = b"<html>maintenance</html>"
    with FakeHubServer(fake) as url:
        result = runner.run_benchmarks(endpoint=url, epoch_url=url + EPOCH_PATH, as_of=DAY1)
    epoch = [o for o in result.outcomes if o.item.startswith("epoch:")]
    assert epoch and all(o.status == "failed" and "did not return a zip archive" in o.reason for o in epoch)
    assert {o.item: o.status for o in result.outcomes}["hf-eval:deepseek-ai/DeepSeek-R1"] == "ok"


@pytest.mark.parametrize("layout", ["older", "newer"])
def test_epoch_archive_in_its_real_layouts(warehouse: Path, layout: str) -> None:
    """Both archive layouts, real-style `Model version` names, re-runs with their own id."""
    from tests import epoch_archive

    fake = Hub()
    fake.files[EPOCH_PATH] = epoch_archive.archive(layout)
    with FakeHubServer(fake) as url:
        result = runner.run_benchmarks(endpoint=url, epoch_url=url + EPOCH_PATH, as_of=DAY1)
    outcomes = {o.item: o for o in result.outcomes}
    per_table = len(epoch_archive.MODELS) + 1  # one re-run of claude-3-7-sonnet on SWE-bench Verified
    metrics = 2 if layout == "newer" else 1
    assert outcomes["epoch:gpqa_diamond.csv"].new == (per_table - 1) * metrics
    assert outcomes["epoch:swe_bench_verified.csv"].new == per_table * metrics

    # Each score column is its own metric, named as the archive names it.
    got = rows(warehouse, "SELECT DISTINCT metric FROM benchmark_scores WHERE origin LIKE 'epoch:%' ORDER BY 1")
    expected = (
        [("Best score (across scorers)",), ("mean_score",)] if layout == "newer" else [("Best score (across scorers)",)]
    )
    assert got == expected
    r1 = dict(
        rows(
            warehouse,
            "SELECT metric, score FROM benchmark_results WHERE origin = 'epoch:gpqa_diamond.csv' "
            "AND source_model = 'DeepSeek-R1'",
        )
    )
    assert r1 == (
        {"mean_score": 0.717, "Best score (across scorers)": 0.692}
        if layout == "newer"
        else {"Best score (across scorers)": 0.692}
    )

    # Names reach their launches; efforts are variants, never merged.
    reached = rows(
        warehouse,
        "SELECT count(DISTINCT source_model) FILTER (WHERE launch_id IS NOT NULL), count(DISTINCT source_model) "
        "FROM benchmark_results WHERE origin LIKE 'epoch:%'",
    )
    assert reached == [(36, 41)]
    oss = rows(
        warehouse,
        "SELECT DISTINCT source_model, model, launch_id, variant FROM benchmark_results "
        "WHERE origin = 'epoch:gpqa_diamond.csv' AND model = 'gpt-oss-120b' ORDER BY 1",
    )
    assert oss == [
        ("chutes/gpt-oss-120b", "gpt-oss-120b", "gpt-oss-120b", "Epoch AI run"),
        ("gpt-oss-120b_high", "gpt-oss-120b", "gpt-oss-120b", "Epoch AI run · high"),
        ("gpt-oss-120b_low", "gpt-oss-120b", "gpt-oss-120b", "Epoch AI run · low"),
        ("gpt-oss-120b_medium", "gpt-oss-120b", "gpt-oss-120b", "Epoch AI run · medium"),
        ("openai/gpt-oss-120b_high", "gpt-oss-120b", "gpt-oss-120b", "Epoch AI run · high"),
    ]
    # One point per model × benchmark × variant × metric: the newest run; both runs stay stored.
    runs = rows(
        warehouse,
        "SELECT score, run_id IS NOT NULL, started_at, is_latest_run FROM benchmark_results "
        "WHERE origin = 'epoch:swe_bench_verified.csv' AND source_model = 'claude-3-7-sonnet-20250219' "
        "AND metric = 'Best score (across scorers)' ORDER BY started_at",
    )
    assert [(r[0], r[1], r[3]) for r in runs] == [(0.787, True, False), (0.756, True, True)]
    shown = rows(
        warehouse,
        "SELECT count(*) FROM benchmark_results WHERE is_latest_run AND origin LIKE 'epoch:%' "
        "GROUP BY coalesce(model, source_model), benchmark, variant, metric, source HAVING count(*) > 1",
    )
    assert shown == []

    # What fails is stored with its reason and the rule that would catch it.
    failing = dict(
        rows(
            warehouse,
            "SELECT raw, suggestion FROM model_names WHERE launch_id IS NULL AND raw IN "
            "('fireworks/kimi-k2p5', 'o3-mini-2025-01-31_medium', 'mistral-large-2411')",
        )
    )
    assert failing["fireworks/kimi-k2p5"].startswith("alias: add `kimi-k2.5`")
    assert failing["o3-mini-2025-01-31_medium"].startswith("launch:")
    assert len(failing) == 3


def test_unresolved_names_are_listed_on_the_data_page_not_the_benchmarks_page(warehouse: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from pipelines.warehouse import REPO_ROOT
    from tests import epoch_archive

    fake = Hub()
    fake.files[EPOCH_PATH] = epoch_archive.archive("newer")
    with FakeHubServer(fake) as url:
        runner.run_benchmarks(endpoint=url, epoch_url=url + EPOCH_PATH, as_of=DAY1)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app/pages/data.py")
    at.run()
    assert not at.exception and not at.error
    assert "Model names that reach no launch" in [h.value for h in at.subheader]
    table = next(d.value for d in at.dataframe if "Rule that would catch it" in d.value.columns)
    assert list(table.columns[:3]) == ["Name as the source writes it", "After the rules", "Canonical model"]
    kimi = table[table["Name as the source writes it"] == "fireworks/kimi-k2p5"].iloc[0]
    assert kimi["After the rules"] == "kimi-k2.5" and kimi["Rule that would catch it"].startswith("alias: add")
    assert "openai/gpt-oss-120b_high" not in set(table["Name as the source writes it"])  # it reaches its launch

    bench = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    bench.switch_page("app/pages/benchmarks.py")
    bench.run()
    assert not bench.exception and not bench.error
    assert "Names without a canonical model" not in [h.value for h in bench.subheader]
    assert any("newest run" in c.value for c in bench.caption)


def test_best_so_far_never_goes_down_in_any_drawn_series(seed_warehouse: Path) -> None:
    """Every benchmark of the seed, every series drawn (ten to a chart): the best-so-far line never steps back
    (never up where lower is better), and one metric's spellings ('Pass@1', 'pass@1') are one series."""
    from views import benchmark_figures
    from views.benchmarks import collect
    from views.filters import BenchmarkFilters
    from views.source import Warehouse

    names = [r[0] for r in rows(seed_warehouse, "SELECT DISTINCT benchmark FROM benchmark_results ORDER BY 1")]
    view = collect(BenchmarkFilters(benchmarks=tuple(names)), Warehouse(seed_warehouse))
    checked = 0
    for benchmark in view.history_benchmarks:
        part = view.history[view.history["benchmark"] == benchmark]
        labels = benchmark_figures.top_series(part, n=10_000)
        assert len({label.lower() for label in labels}) == len(labels), labels
        for start in range(0, len(labels), benchmark_figures.MAX_SERIES):
            fig = view.history_figure(benchmark, labels[start : start + benchmark_figures.MAX_SERIES])
            for trace in fig.data:
                if trace.mode != "lines":
                    continue
                ys = pd.Series(trace.y, dtype=float)
                lower_is_better = "lower is better" in fig.layout[f"yaxis{trace.yaxis[1:]}"].title.text
                steps = ys.diff().dropna()
                assert ((steps <= 0) if lower_is_better else (steps >= 0)).all(), (benchmark, trace.name, list(ys))
                checked += 1
    assert checked > 20  # the seed has many series; a vacuous pass would check none
    aime = view.history[view.history["benchmark"] == "AIME 2024"]
    assert "pass@1" not in set(aime["metric"]) and "Pass@1" in set(aime["metric"])
