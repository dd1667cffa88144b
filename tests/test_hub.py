"""The Hugging Face pipeline, with huggingface_hub's own client talking to a local fake Hub."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
import tenacity

from pipelines import hub, runner
from pipelines.cli import main
from pipelines.warehouse import table_counts
from tests.hub_server import DAY1, FakeHubServer, Hub, build_daily_series, model


@pytest.fixture(autouse=True)
def quiet_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[float]:
    """No telemetry, a private HF_HOME, and sleeps recorded instead of slept."""
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    slept: list[float] = []
    monkeypatch.setattr("huggingface_hub.utils._http.time.sleep", slept.append)
    monkeypatch.setattr(hub, "SLEEP", slept.append)
    monkeypatch.setattr(hub, "RETRY_BACKOFF", tenacity.wait_fixed(0.5))
    return slept


def hub_with(**orgs: list[dict]) -> Hub:
    return Hub(
        orgs={"deepseek-ai": [], "Qwen": [], **orgs},
        repos={
            "bytedance-research/UI-TARS-72B-DPO": model("bytedance-research/UI-TARS-72B-DPO"),
            "xai-org/grok-1": model("xai-org/grok-1"),
        },
    )


def rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def run(url: str, orgs: list[str] | None = None, **kwargs) -> runner.RunResult:
    return runner.run_hub(orgs or ["deepseek-ai", "Qwen"], endpoint=url, as_of=kwargs.pop("as_of", DAY1), **kwargs)


def test_pagination_collects_every_model(warehouse: Path) -> None:
    fake = hub_with(**{"deepseek-ai": [model(f"deepseek-ai/M{i}") for i in range(5)]})
    with FakeHubServer(fake) as url:
        result = run(url)
    assert fake.served["deepseek-ai"] == 3  # pages of 2, 2 and 1 linked by rel="next"
    assert result.status == "success"
    assert rows(warehouse, "SELECT count(*) FROM model_stats WHERE source = 'hub-api'") == [(5,)]
    assert rows(
        warehouse, "SELECT organization, hf_org, params, license FROM models WHERE repo_id = 'deepseek-ai/M0'"
    ) == [("DeepSeek", "deepseek-ai", 7_000_000_000, "mit")]
    expand = fake.requests[0]["query"]["expand"]
    assert {"downloads", "downloadsAllTime", "likes", "trendingScore", "createdAt", "safetensors"} <= set(expand)


def test_repos_tracked_by_name_use_model_info(warehouse: Path) -> None:
    fake = hub_with()
    with FakeHubServer(fake) as url:
        result = runner.run_hub(None, endpoint=url, as_of=DAY1)
    items = {o.item: o.status for o in result.outcomes}
    assert items["bytedance-research/UI-TARS-72B-DPO"] == "ok" and items["xai-org/grok-1"] == "ok"
    assert "/api/models/xai-org/grok-1" in [r["path"] for r in fake.requests]


def test_429_waits_for_the_announced_reset_then_succeeds(warehouse: Path, quiet_hub: list[float]) -> None:
    fake = hub_with(**{"deepseek-ai": [model("deepseek-ai/R1")]})
    fake.fail_first = {"/api/models": [429], "/api/models/xai-org": [429]}
    with FakeHubServer(fake) as url:
        result = runner.run_hub(["deepseek-ai"], endpoint=url, as_of=DAY1)
        assert result.status == "success"
        single = runner.run_hub(None, endpoint=url, as_of=DAY1 + timedelta(hours=1))
    assert {o.item: o.status for o in single.outcomes}["xai-org/grok-1"] == "ok"
    assert quiet_hub.count(8) == 2  # RateLimit t=7 → reset + 1 s, by huggingface_hub and by our model_info retry


def test_500_fails_that_organisation_only(warehouse: Path) -> None:
    fake = hub_with(**{"Qwen": [model("Qwen/Qwen3")]})
    fake.fail_first = {"/api/models": []}
    with FakeHubServer(fake) as url:
        fake.orgs["deepseek-ai"] = [model("deepseek-ai/R1")]

        def broken_deepseek() -> None:
            fake.fail_first["/api/models"] = [500] * 10

        broken_deepseek()
        result = run(url, ["deepseek-ai"])
        fake.fail_first["/api/models"] = []
        ok = run(url, ["Qwen"], as_of=DAY1 + timedelta(minutes=5))
    assert result.status == "failed" and "HTTP 500" in result.outcomes[0].reason
    assert ok.status == "success"
    assert rows(warehouse, "SELECT source, status FROM pipeline_runs WHERE source = 'hub' ORDER BY started_at") == [
        ("hub", "failed"),
        ("hub", "success"),
    ]


def test_malformed_entry_is_skipped_and_reported(warehouse: Path) -> None:
    fake = hub_with(
        **{
            "deepseek-ai": [
                model("deepseek-ai/R1"),
                model("deepseek-ai/broken", downloads="lots"),
                model("deepseek-ai/V3", total=-5),
            ]
        }
    )
    with FakeHubServer(fake) as url:
        result = run(url, ["deepseek-ai"])
    outcome = result.outcomes[0]
    assert outcome.status == "ok" and outcome.new == 1
    assert "skipped 2 malformed" in outcome.reason and "deepseek-ai/broken" in outcome.reason
    assert rows(warehouse, "SELECT repo_id FROM model_stats WHERE source = 'hub-api'") == [("deepseek-ai/R1",)]


def test_token_is_sent_but_never_written(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch, capsys, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "hf_TESTSECRETtoken1234567890"
    monkeypatch.setenv("HF_TOKEN", secret)
    fake = hub_with(**{"deepseek-ai": [model("deepseek-ai/R1")]})
    fake.fail_first = {"/api/models/xai-org": [401, 401, 401, 401]}
    caplog.set_level(logging.DEBUG)
    with FakeHubServer(fake) as url:
        monkeypatch.setattr(hub.constants, "ENDPOINT", url)
        assert main(["run", "hub"]) == 1  # grok-1 answers 401: a failure whose text is stored
    assert fake.requests[0]["headers"].get("authorization") == f"Bearer {secret}"
    out = capsys.readouterr()
    assert secret not in out.out + out.err + caplog.text
    assert secret.encode() not in warehouse.read_bytes()
    assert rows(warehouse, "SELECT count(*) FROM pipeline_runs WHERE error LIKE '%xai-org/grok-1%'") == [(1,)]


def test_two_runs_a_day_apart_give_a_daily_series(warehouse: Path) -> None:
    with FakeHubServer(Hub()) as url:
        build_daily_series(url)
    series = rows(
        warehouse,
        "SELECT repo_id, days, downloads, per_day, flag FROM daily_downloads "
        "WHERE source = 'hub-api' ORDER BY repo_id, interval_end",
    )
    assert series == [
        ("deepseek-ai/DeepSeek-R1", 1.0, 24_000, 24_000.0, None),
        ("deepseek-ai/DeepSeek-R1", 3.0, 69_000, 23_000.0, "gap of 3.0 days: average per day"),
        ("deepseek-ai/DeepSeek-V3", 1.0, 6_000, 6_000.0, None),
        ("deepseek-ai/DeepSeek-V3", 3.0, 9_000, 3_000.0, "gap of 3.0 days: average per day"),
    ]


def test_a_counter_that_goes_down_is_flagged_not_negative(warehouse: Path) -> None:
    fake = hub_with(**{"deepseek-ai": [model("deepseek-ai/R1", total=1000)]})
    with FakeHubServer(fake) as url:
        run(url, ["deepseek-ai"])
        fake.orgs["deepseek-ai"] = [model("deepseek-ai/R1", total=900)]
        run(url, ["deepseek-ai"], as_of=DAY1 + timedelta(days=1))
    assert rows(warehouse, "SELECT per_day, flag FROM daily_downloads WHERE source = 'hub-api'") == [
        (None, "all-time total went down: no number")
    ]


def test_new_popular_repo_becomes_a_candidate_until_confirmed(warehouse: Path, capsys) -> None:
    fake = hub_with(
        **{
            "deepseek-ai": [
                model("deepseek-ai/DeepSeek-V4-Flash", downloads=250_000, created="2026-10-20T00:00:00.000Z"),
                model("deepseek-ai/tiny-new", downloads=50, created="2026-10-25T00:00:00.000Z"),
                model("deepseek-ai/DeepSeek-R1", downloads=900_000, created="2025-01-20T00:00:00.000Z"),
            ]
        }
    )
    with FakeHubServer(fake) as url:
        result = run(url, ["deepseek-ai"])
        run(url, ["deepseek-ai"], as_of=DAY1 + timedelta(hours=6))  # a rerun adds no duplicate candidate
    assert "1 candidate launch" in result.notes[0]
    candidates = rows(
        warehouse, "SELECT launch_id, organization, country, kind, confirmed FROM launches WHERE NOT confirmed"
    )
    assert candidates == [("hf-deepseek-ai-deepseek-v4-flash", "DeepSeek", "China", "hf_release", False)]
    assert main(["confirm-launch", "deepseek-ai/tiny-new"]) == 2
    assert "DeepSeek-V4-Flash" in capsys.readouterr().err
    assert main(["confirm-launch", "deepseek-ai/DeepSeek-V4-Flash"]) == 0
    assert rows(warehouse, "SELECT confirmed FROM launches WHERE launch_id = 'hf-deepseek-ai-deepseek-v4-flash'") == [
        (True,)
    ]


def test_offline_run_fails_clearly_and_changes_no_data(warehouse: Path, capsys) -> None:
    """The real endpoint: this machine cannot resolve huggingface.co."""
    before = table_counts(warehouse)
    assert main(["run", "hub"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[0].startswith("hub: network unreachable")
    after = table_counts(warehouse)
    assert after.pop("pipeline_runs") == before.pop("pipeline_runs") + 1
    assert after == before
    assert rows(warehouse, "SELECT status FROM pipeline_runs WHERE source = 'hub'") == [("failed",)]


def test_unknown_org_is_refused(warehouse: Path, capsys) -> None:
    assert main(["run", "hub", "--orgs", "deepseek"]) == 2
    assert "deepseek-ai" in capsys.readouterr().err
