"""Pipelines that run unattended next to a dashboard in use: concurrency, crashes, faults, the gate, the scheduler."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import tenacity
from curl_cffi.requests import exceptions as curl_errors

from pipelines import event_study, prices, quality, runner, schedule, seed
from pipelines import warehouse as warehouse_module
from pipelines.event_study import StudyParams
from pipelines.warehouse import REPO_ROOT, file_lock, lock_path, staged_build, table_counts
from tests.hub_server import DAY1, FakeHubServer, Hub, model
from tests.yahoo import FakeYahoo, chart_payload, reset_yfinance, seed_rows, serve_seed
from views.text import md

PY = sys.executable


def rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


# 1. Concurrency -----------------------------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from pipelines import runs
    from pipelines.warehouse import staged_build
    target = Path(sys.argv[1])
    for i in range(int(sys.argv[2])):
        with staged_build(from_live=True, target=target) as con:
            con.execute("INSERT INTO launches (launch_id, date, model, organization) "
                        "VALUES (?, DATE '2026-01-01', 'm', 'o')", [f"race-{i}"])
            runs.record(con, "race", runs.now(), "success", rows_written=1)
""")

READER = textwrap.dedent("""
    import sys, duckdb
    target, reads = sys.argv[1], int(sys.argv[2])
    errors = torn = 0
    for _ in range(reads):
        try:
            with duckdb.connect(target, read_only=True) as con:
                launches = con.execute("SELECT count(*) FROM launches WHERE launch_id LIKE 'race-%'").fetchall()[0][0]
                races = con.execute("SELECT count(*) FROM pipeline_runs WHERE source = 'race'").fetchall()[0][0]
            torn += launches != races
        except Exception as exc:
            errors += 1
            print("error:", exc, file=sys.stderr)
    print(errors, torn)
""")


def test_50_publishes_race_1000_reads_without_an_error(tmp_path: Path) -> None:
    live = tmp_path / "race.duckdb"
    with staged_build(from_live=False, target=live) as con:
        seed.define_schema(con)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    readers = [
        subprocess.Popen(
            [PY, "-c", READER, str(live), "250"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for _ in range(4)
    ]
    writer = subprocess.run([PY, "-c", WRITER, str(live), "50"], capture_output=True, text=True, env=env, timeout=300)
    assert writer.returncode == 0, writer.stderr
    results = [r.communicate(timeout=300) for r in readers]
    errors = sum(int(out.split()[0]) for out, _ in results)
    torn = sum(int(out.split()[1]) for out, _ in results)
    assert (errors, torn) == (0, 0), [err for _, err in results]
    assert rows(live, "SELECT count(*) FROM launches") == [(50,)]


# 2. Crashes ---------------------------------------------------------------------------------------------------


def test_kill_9_at_random_moments_never_damages_the_warehouse(tmp_path: Path) -> None:
    live = tmp_path / "live.duckdb"
    seed.build(live)
    expected = table_counts(live)
    env = {**os.environ, "AFTERSHOCK_DB": str(live)}
    rng = random.Random(20250127)
    for _ in range(10):
        proc = subprocess.Popen(
            [PY, "-m", "pipelines", "seed"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 4.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert table_counts(live) == expected  # opens, complete (a killed build never reaches the rename)
    finished = subprocess.run(
        [PY, "-m", "pipelines", "seed"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stderr  # not blocked by a lock the killed runs held
    assert table_counts(live) == expected
    assert not list(tmp_path.glob(".live.duckdb.staging-*")), "the next run clears what killed runs left"


# 3. Faults ----------------------------------------------------------------------------------------------------


@pytest.fixture
def quiet_fetch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reset_yfinance(tmp_path / "yf")
    monkeypatch.setattr(prices, "RETRY_WAIT", tenacity.wait_none())
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setattr("huggingface_hub.utils._http.time.sleep", lambda s: None)


class Offline(FakeYahoo):
    def request(self, method, url, params=None, **kwargs):
        raise curl_errors.DNSError("Could not resolve host: query2.finance.yahoo.com")


def partial_payload(symbol, start, end):
    payload = chart_payload(symbol, seed_rows(symbol).tail(10))
    del payload["chart"]["result"][0]["indicators"]["quote"][0]["close"]
    return 200, payload


def nan_prices(symbol, start, end):
    frame = seed_rows(symbol).tail(10).copy()
    frame[["open", "high", "low", "close", "adj_close"]] = None
    return 200, chart_payload(symbol, frame)


FAULTS = {
    "network down": (lambda: Offline(serve_seed()), "network unreachable"),
    "rate limited": (lambda: FakeYahoo(lambda s, a, b: (429, "Too Many Requests")), "rate limited by Yahoo Finance"),
    "partial payload": (lambda: FakeYahoo(partial_payload), "malformed answer from Yahoo Finance"),
    "NaN prices": (lambda: FakeYahoo(nan_prices), "every close is missing (NaN)"),
}


def test_faults_are_recorded_with_a_reason_and_lose_nothing(warehouse: Path, quiet_fetch: None) -> None:
    before = rows(warehouse, "SELECT count(*), sum(close) FROM prices")
    for name, (session, needle) in FAULTS.items():
        result = runner.run_prices(["NVDA"], since=date(2026, 5, 1), session=session())
        assert result.status == "failed", name
        assert needle in (result.error or ""), (name, result.error)
    with FakeHubServer(Hub(orgs={"deepseek-ai": [model("deepseek-ai/R1"), model("deepseek-ai/R1")]})) as url:
        duplicated = runner.run_hub(["deepseek-ai"], endpoint=url, as_of=DAY1)
    assert "listed twice" in (duplicated.error or "")
    assert rows(warehouse, "SELECT count(*), sum(close) FROM prices") == before
    recorded = [
        r[0]
        for r in rows(
            warehouse, "SELECT error FROM pipeline_runs WHERE source IN ('prices', 'hub') ORDER BY started_at"
        )
    ]
    for (_, needle), error in zip(FAULTS.values(), recorded, strict=False):
        assert needle in error
    assert "listed twice" in recorded[-1]


def test_the_data_page_shows_the_recorded_failure(warehouse: Path, quiet_fetch: None) -> None:
    from streamlit.testing.v1 import AppTest

    runner.run_prices(["NVDA"], session=Offline(serve_seed()))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app/pages/data.py")
    at.run()
    assert not at.exception and not at.error
    text = " ".join(c.value for c in at.caption) + " ".join(m.value for m in at.markdown)
    assert "network unreachable" in text
    assert "embedded snapshot" in text
    history = at.dataframe[0].value
    assert list(history["status"][:2]) == ["failed", "success"]


# The quality gate ---------------------------------------------------------------------------------------------


def test_gate_rejects_broken_builds_and_keeps_the_live_file(warehouse: Path) -> None:
    before = table_counts(warehouse)
    for breakage in (
        "UPDATE prices SET close = -1 WHERE ticker = 'NVDA' AND date = DATE '2025-01-27'",
        "DELETE FROM prices WHERE ticker IN ('NVDA', 'AMD', 'AVGO')",
    ):
        with pytest.raises(quality.QualityGateError) as caught, staged_build(from_live=True, target=warehouse) as con:
            quality.snapshot(con)
            con.execute(breakage)
            quality.check(con)
        assert "not positive" in str(caught.value) or "row count fell" in str(caught.value)
        assert table_counts(warehouse) == before
    with staged_build(from_live=True, target=warehouse) as con:  # an explicit flag allows a big removal
        quality.snapshot(con)
        con.execute("DELETE FROM prices WHERE ticker IN ('NVDA', 'AMD', 'AVGO')")
        quality.check(con, allow_shrink=True)


def database_objects(path: Path) -> dict[str, list[tuple]]:
    """Every table (its DDL and rows, in order), view, macro and constraint of a warehouse file."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {
            "ddl": con.execute("SELECT table_name, sql FROM duckdb_tables() ORDER BY 1").fetchall(),
            "views": con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall(),
            "macros": con.execute(
                "SELECT function_name, parameters::VARCHAR, macro_definition FROM duckdb_functions() "
                "WHERE function_type LIKE '%macro' AND NOT internal ORDER BY ALL"
            ).fetchall(),
            "constraints": con.execute(
                "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL"
            ).fetchall(),
            # a digest of each row's hash in the order the table holds them (its rows as tuples took 5 s)
            **{t: hashlib.sha256(con.execute(f'SELECT hash(r) AS h FROM "{t}" AS r')  # noqa: S608 (their names)
                                 .fetchnumpy()["h"].tobytes()).hexdigest() for t in tables},
            # macros called with their parameters' defaults (a default lost in a copy fails the call)
            "defaults": con.execute(
                "SELECT * FROM event_flags('^GSPC', launch_ids := ['deepseek-r1']) ORDER BY launch_id, ticker"
            ).fetchall(),
        }


def free_blocks(path: Path) -> tuple[int, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT free_blocks, total_blocks FROM pragma_database_size()").fetchone()


def add_scratch(warehouse: Path) -> None:
    """Publish 80 MB of data in a table of its own, which the next run drops."""
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("CREATE TABLE scratch AS SELECT random() AS x FROM range(10000000)")


def test_a_publish_that_frees_much_of_its_file_publishes_a_compact_copy_of_it(warehouse: Path) -> None:
    add_scratch(warehouse)
    grown = warehouse.stat().st_size
    before = database_objects(warehouse)
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("DROP TABLE scratch")
    after = database_objects(warehouse)
    assert after == {k: v for k, v in before.items() if k != "scratch"} | {
        "ddl": [r for r in before["ddl"] if r[0] != "scratch"]
    }
    assert warehouse.stat().st_size < grown - 64 * 2**20
    free, total = free_blocks(warehouse)
    assert free <= 0.05 * total, (free, total)
    assert not list(warehouse.parent.glob(".*staging*")), "no staging or compact file is left behind"
    with staged_build(from_live=True, target=warehouse) as con:  # a run that frees little: the file as it is
        con.execute("DELETE FROM prices WHERE ticker = 'NVDA' AND date < DATE '2022-01-10'")
    assert database_objects(warehouse)["prices"] != after["prices"]
    assert free_blocks(warehouse)[0] >= free  # not compacted: its few freed blocks stay for later writes
    # the published file answers the dashboard's reads: a study, through the macros copied with it
    study = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], tickers=["NVDA"], path=warehouse)
    assert study.iloc[0]["status"] == "ok"


def test_a_compact_copy_that_fails_publishes_the_run_as_it_is(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_scratch(warehouse)
    monkeypatch.setattr(warehouse_module, "COMPACT_MEMORY", "1MB")  # DuckDB cannot write the copy in that
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("DROP TABLE scratch")
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('note', 'a run')")
    assert rows(warehouse, "SELECT value FROM warehouse_info WHERE key = 'note'") == [("a run",)]
    assert "scratch" not in database_objects(warehouse)  # the run is published, its file not compacted
    assert free_blocks(warehouse)[0] > 0.25 * free_blocks(warehouse)[1]
    assert not list(warehouse.parent.glob(".*staging*"))


def test_the_files_of_a_killed_publish_are_removed_by_the_next(warehouse: Path) -> None:
    dead = subprocess.run([PY, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stem = f".{warehouse.name}.staging-{dead.stdout.strip()}-0badc0de"
    (warehouse.parent / stem).write_bytes(b"half a copy")
    (warehouse.parent / f"{stem}.compact").write_bytes(b"half a compact copy")
    (warehouse.parent / f"{stem}.tmp").mkdir()  # DuckDB's spill folder, with a spilled block in it
    (warehouse.parent / f"{stem}.tmp" / "duckdb_temp_block-1.block").write_bytes(b"spilled")
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('note', 'after a kill')")
    assert rows(warehouse, "SELECT value FROM warehouse_info WHERE key = 'note'") == [("after a kill",)]
    assert not list(warehouse.parent.glob(".*staging*"))


def test_a_run_the_gate_rejects_is_recorded_and_publishes_nothing(
    warehouse: Path, quiet_fetch: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = prices.load

    def destructive(con, data):
        counts = original(con, data)
        con.execute("DELETE FROM prices WHERE ticker <> 'NVDA'")
        return counts

    monkeypatch.setattr(prices, "load", destructive)
    before = rows(warehouse, "SELECT count(*), sum(close) FROM prices")
    result = runner.run_prices(["NVDA"], session=FakeYahoo(serve_seed()))
    assert result.status == "failed" and "row count fell" in result.error
    assert rows(warehouse, "SELECT count(*), sum(close) FROM prices") == before
    assert rows(
        warehouse,
        "SELECT status, rows_written, error LIKE 'nothing published: quality gate failed%' "
        "FROM pipeline_runs WHERE source = 'prices'",
    ) == [("failed", 0, True)]


# 4. The scheduler ---------------------------------------------------------------------------------------------


def test_schedule_file_is_valid_and_intervals_make_sense() -> None:
    jobs = {job.name: job for job in schedule.load()}
    assert set(jobs) == {"prices", "hub", "benchmarks", "report"}
    assert jobs["hub"].interval() == timedelta(hours=6)
    assert jobs["benchmarks"].interval() == timedelta(days=1)
    assert jobs["prices"].interval() == timedelta(days=3)  # Friday → Monday


def test_bad_schedule_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[jobs.prices]\ncron = "61 * * * *"\n')
    with pytest.raises(schedule.ScheduleError, match="prices"):
        schedule.load(bad)


def test_a_schedule_path_that_is_no_small_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with pytest.raises(schedule.ScheduleError, match="not a regular file"):
        schedule.load(Path("/dev/zero"))  # read whole, it filled the machine's memory
    with pytest.raises(schedule.ScheduleError, match="not a regular file"):
        schedule.load(tmp_path)
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * schedule.MAX_CONFIG_BYTES + "\n")
    with pytest.raises(schedule.ScheduleError, match="larger than 64 KiB"):
        schedule.load(huge)


def test_scheduler_fires_keeps_one_instance_and_stops_on_sigterm(tmp_path: Path) -> None:
    marks = tmp_path / "marks.txt"
    config = tmp_path / "schedule.toml"
    job = f"import time; open({str(marks)!r}, 'a').write('start '); time.sleep(2.5)"
    config.write_text(f'[jobs.slow]\ncron = "* * * * *"\nsecond = "*"\ncommand = ["{PY}", "-c", "{job}"]\n')
    proc = subprocess.Popen(
        [PY, "-m", "pipelines", "schedule", "--config", str(config)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (marks.exists() and marks.read_text().count("start") >= 2):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert "event=started" in output and "event=stopped" in output
    assert "job=slow event=start" in output and "job=slow event=end status=success" in output
    assert "maximum number of running instances reached" in output  # the 1-second cron did not pile up
    starts = [line for line in output.splitlines() if "job=slow event=start" in line]
    assert len(starts) == marks.read_text().count("start") >= 2


def test_a_second_run_of_a_source_does_not_start(warehouse: Path) -> None:
    with file_lock(lock_path(warehouse, "prices"), wait_seconds=0):
        busy = subprocess.run(
            [PY, "-m", "pipelines", "run", "prices", "--tickers", "NVDA"],
            cwd=REPO_ROOT,
            env={**os.environ, "AFTERSHOCK_DB": str(warehouse)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert busy.returncode == 3
    assert "a prices run is already in progress" in busy.stderr


# The run in one sentence (pipelines/outcomes.py summarise: the CLI's last line, the Data page's Refresh now) ------


def newest_price(path: Path) -> str:
    return str(rows(path, "SELECT max(date) FROM prices")[0][0])


def test_an_offline_run_says_no_internet_once_and_that_the_data_is_unchanged(
    warehouse: Path, quiet_fetch: None
) -> None:
    from pipelines import outcomes

    result = runner.run_prices(["NVDA", "AMD", "TSM"], since=date(2026, 5, 1), session=Offline(serve_seed()))
    summary = outcomes.summarise(result, "ticker")
    assert summary.state == "failed"
    assert summary.sentence == f"No internet: 0/3 tickers updated; your data of {newest_price(warehouse)} is unchanged."
    assert summary.failures == [("no internet", ["NVDA", "AMD", "TSM"])]


def test_a_partial_run_names_each_reason_once_with_its_count(warehouse: Path, quiet_fetch: None) -> None:
    from pipelines import outcomes

    seed_chart = serve_seed()

    def chart(symbol, start, end):
        return (429, "Too Many Requests") if symbol in ("AMD", "TSM") else seed_chart(symbol, start, end)

    result = runner.run_prices(["NVDA", "AMD", "TSM"], since=date(2026, 5, 1), session=FakeYahoo(chart))
    summary = outcomes.summarise(result, "ticker")
    assert summary.state == "partial"
    assert summary.sentence.startswith("1/3 tickers updated")
    reason = f"rate limited by Yahoo Finance (gave up after {prices.MAX_ATTEMPTS} attempts)"
    assert f"; 2 failed: {reason};" in summary.sentence
    tail = f"data now to {newest_price(warehouse)}." if result.rows_fetched else "is unchanged."
    assert summary.sentence.endswith(tail)


def test_network_failures_from_any_host_are_one_reason_and_a_rejected_build_says_nothing_was_published() -> None:
    from pipelines.outcomes import ItemOutcome, RunResult, from_json, summarise, to_json

    result = RunResult(
        "hub",
        outcomes=[
            ItemOutcome("deepseek-ai", status="failed", reason="network unreachable: could not resolve huggingface.co"),
            ItemOutcome("epoch", status="failed", reason="network unreachable: could not connect to the Hub"),
            ItemOutcome("Qwen", status="failed", reason="HTTP 500 from the Hub: boom"),
            ItemOutcome("curated", new=5, local=True),
        ],
        data_as_of="2026-10-10",
    )
    summary = summarise(result, "organisation / repo")
    assert summary.sentence == (
        "0/3 organisations / repos updated; 3 failed: 2 × no internet, 1 × HTTP 500 from the Hub: boom; "
        "your data of 2026-10-10 is unchanged."
    )
    again, label = from_json(to_json(result, "organisation / repo"))
    assert summarise(again, label) == summary
    result.fatal = "quality gate: prices lost 12 % of their rows"
    assert summarise(result).sentence == (
        "Nothing published (quality gate: prices lost 12 % of their rows); your data of 2026-10-10 is unchanged."
    )
    fine = RunResult("prices", outcomes=[ItemOutcome("NVDA", new=3, updated=1)], data_as_of="2026-11-27")
    assert summarise(fine, "ticker").sentence == "1/1 tickers updated (4 rows written); data now to 2026-11-27."
    assert summarise(fine).state == "success"


def test_the_cli_ends_with_the_sentence_and_the_data_page_shows_it_with_details_folded(
    warehouse: Path, tmp_path: Path
) -> None:
    """A real run on this offline machine (DNS fails), then the Refresh now panel reading what it wrote."""
    from streamlit.testing.v1 import AppTest

    log, written = tmp_path / "run.log", tmp_path / "outcomes.json"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [PY, "-m", "pipelines", "run", "prices", "--tickers", "NVDA,AMD", "--outcomes", str(written)],
            cwd=REPO_ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "160"},
        )
        assert process.wait(timeout=120) == 1
    sentence = f"No internet: 0/2 tickers updated; your data of {newest_price(warehouse)} is unchanged."
    lines = log.read_text().strip().splitlines()
    assert lines[-1] == sentence
    assert sum("could not resolve" in line and "(2 tickers: NVDA, AMD)" in line for line in lines) == 1
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app/pages/data.py")
    at.session_state["background_refresh_prices"] = {"process": process, "log": log, "outcomes": written}
    at.run()
    assert not at.exception
    assert [e.value for e in at.error if "No internet" in e.value] == [f"**prices:** {md(sentence)}"]
    assert at.error[0].icon == ":material/error:"
    details = [e for e in at.expander if e.label.startswith("Details: 2 failed")]
    assert details and not details[0].proto.expanded
    assert not log.exists() and not written.exists()  # read once, then removed
