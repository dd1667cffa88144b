"""Text from outside (seed files, Hub payloads, URL parameters, CLI arguments, report folders) never runs,
never crashes a view and never costs stored data."""

from __future__ import annotations

import codecs
import csv
import errno
import io
import os
import re
import shutil
import threading
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import runner, seed
from pipelines import warehouse as warehouse_lib
from pipelines.cli import main
from pipelines.console import LINE_LIMIT
from pipelines.event_study import StudyParams, results
from pipelines.warehouse import REPO_ROOT, db_path, file_lock, lock_path, read_query, table_counts
from reporting import archive, report
from reporting.cli import build_impact, build_timeline
from reporting.cli import main as report_main
from tests.hub_server import DAY1, FakeHubServer, Hub, eval_result, model
from views.source import Warehouse

XSS_URL = 'https://x.example/"><img src=x onerror=alert(1)>'
XSS_NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>"
FORMULA = "=cmd|' /C calc'!A0"
MARKUP = "[/x]"


def shown(markdown: str) -> str:
    """What a reader sees of an escaped message."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


def app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)


def rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


# A private copy of the seed files, so a test can break one ------------------------------------------------------


@pytest.fixture
def seed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/seed and data/universe copied into tmp_path/data; the seed build reads the copy."""
    data = tmp_path / "data"
    shutil.copytree(seed.SEED_DIR, data / "seed")
    shutil.copytree(seed.UNIVERSE_DIR, data / "universe")
    monkeypatch.setattr(seed, "SEED_DIR", data / "seed")
    monkeypatch.setattr(seed, "UNIVERSE_DIR", data / "universe")
    monkeypatch.setattr(seed, "MARKET_DIR", data / "seed" / "market")
    monkeypatch.setenv("AFTERSHOCK_DB", str(tmp_path / "aftershock.duckdb"))
    return data


def edit_csv(path: Path, change, *, first: tuple[str, ...] = ()) -> None:
    """Rewrite a CSV through change(rows) -> rows (rows as dicts, the header kept; first: these columns
    moved to its front, every value staying under its own name)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, table = reader.fieldnames or [], list(reader)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        order = [*first, *(f for f in fields if f not in first)]
        writer = csv.DictWriter(handle, fieldnames=order, lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(table))


def set_field(match: dict[str, str], **values: str):
    def change(table: list[dict[str, str]]) -> list[dict[str, str]]:
        for row in table:
            if all(row[k] == v for k, v in match.items()):
                row.update(values)
        return table

    return change


class Elements(HTMLParser):
    """Every start tag and attribute of an HTML document, as a parser (a browser) sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def injected(document: bytes) -> list[str]:
    """What the data could have injected: img/script-in-body elements, on* handlers, non-web hrefs."""
    parser = Elements()
    parser.feed(document.decode("utf-8"))
    found = []
    for tag, attrs in parser.tags:
        if tag in ("img", "iframe", "object", "embed"):
            found.append(tag)
        found += [f"{tag}[{name}]" for name in attrs if name.startswith("on")]
        href = attrs.get("href")
        if href is not None and not href.startswith(("https://", "http://")):
            found.append(f"a[href={href}]")
    if b"<img" in document or b"<script>alert" in document:  # plotly's JSON writes < as \u003c
        found.append("raw payload in the document")
    return found


# Security --------------------------------------------------------------------------------------------------------


def test_seed_values_cannot_inject_html_into_reports(seed_copy: Path) -> None:
    edit_csv(seed_copy / "seed" / "launches.csv", set_field({"launch_id": "deepseek-r1"}, source_url=XSS_URL))
    edit_csv(
        seed_copy / "seed" / "launches.csv",
        set_field({"launch_id": "qwen2-5-max"}, model=XSS_NAME, source_url="javascript:alert(3)"),
    )
    seed.build()
    built, _ = build_impact({"launch": "deepseek-r1", "tickers": "NVDA"}, Warehouse())
    document = report.to_html(built)
    assert injected(document) == []
    assert b"&lt;img src=x onerror=alert(1)&gt;" in document  # shown, as text
    timeline, _ = build_timeline({"tickers": "NVDA", "start": "2025-01-01", "end": "2025-03-31"}, Warehouse())
    document = report.to_html(timeline)
    assert injected(document) == []
    assert b'href="javascript' not in document


def test_hub_evaluation_results_cannot_inject_html_into_reports(warehouse: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setattr("pipelines.hub.SLEEP", lambda s: None)
    fake = Hub()
    entry = eval_result("Idavidrein/gpqa", "gpqa_diamond", 0.7, date="2025-01-20")
    entry["data"]["source"] = {"url": XSS_URL, "name": XSS_NAME}
    fake.repos["deepseek-ai/DeepSeek-R1"] = {**model("deepseek-ai/DeepSeek-R1"), "evalResults": [entry]}
    with FakeHubServer(fake) as url:
        runner.run_benchmarks(endpoint=url, epoch_url=url + "/none.zip", as_of=DAY1)
    stored = rows(warehouse, "SELECT source, source_url FROM benchmark_scores WHERE origin LIKE 'hf-eval:%'")
    assert (XSS_URL,) in [(u,) for _, u in stored]
    scores = read_query("benchmark_table", {"benchmarks": [], "models": [], "source": None})
    built = report.Report("Benchmarks", "benchmarks", {}, "today", tables=[("Scores", scores)])
    built.sources = scores[["source", "source_url"]].drop_duplicates()
    document = report.to_html(built)
    assert XSS_URL.encode() not in document
    assert injected(document) == []


def test_names_that_look_like_formulas_stay_text_in_xlsx_and_csv(seed_copy: Path) -> None:
    edit_csv(seed_copy / "seed" / "launches.csv", set_field({"launch_id": "deepseek-r1"}, organization=FORMULA))
    edit_csv(seed_copy / "seed" / "launches.csv", set_field({"launch_id": "deepseek-v3"}, model="@SUM(1+1)"))
    seed.build()
    built, problems = build_timeline(
        {"tickers": "NVDA", "orgs": FORMULA, "start": "2024-12-01", "end": "2025-02-28"}, Warehouse()
    )
    assert not problems
    book = openpyxl.load_workbook(io.BytesIO(report.to_xlsx(built)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == FORMULA and c.data_type == "s" for c in cells)
    with zipfile.ZipFile(io.BytesIO(report.render(built, "csv"))) as bundle:
        launches = bundle.read("launches.csv").decode()
        moves = pd.read_csv(io.BytesIO(bundle.read("launch_day_moves.csv")))
    assert f"'{FORMULA}" in launches and f",{FORMULA}" not in launches
    assert pd.api.types.is_float_dtype(moves["price_return"]) and (moves["price_return"] < 0).any()


@pytest.mark.parametrize(
    ("query", "forbidden"),
    [
        ({"orgs": "[Session expired](https://evil.example/login)"}, "](https://evil.example"),
        ({"tickers": "![x](http://127.0.0.1:9/p.png)"}, "![x]("),
        ({"launches": ":red[alarm] $x^2$"}, ":red["),
    ],
)
def test_url_values_are_echoed_as_text_not_markdown(warehouse: Path, query: dict, forbidden: str) -> None:
    at = app()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    message = " ".join(w.value for w in at.warning)
    assert forbidden not in message  # escaped: \[Session expired\]\(https\:…
    assert "\\[" in message or "\\:" in message


def test_long_lists_of_bad_values_are_cut(warehouse: Path) -> None:
    at = app()
    at.query_params["tickers"] = ",".join(f"BAD{i}" for i in range(1000))
    at.run()
    assert not at.exception
    message = at.warning[0].value
    assert "and 995 more" in message and len(message) < 400


@pytest.mark.parametrize(
    "argv",
    [
        ["event-study", "--launch", MARKUP],
        ["event-study", "--launch", "deepseek-r1", "--tickers", f"NVDA,{MARKUP}"],
        ["confirm-launch", MARKUP],
        ["confirm-launch", "[bold red]boom[/bold red]"],
        ["run", "prices", "--since", MARKUP],
        ["run", "prices", "--tickers", f"NVDA,{MARKUP}"],
        ["add-ticker", MARKUP, "--group", "chipmaker"],
        ["report", "--launch", "[bold]x[/bold]", "--out", "unused"],
        ["report", "--tickers", f"NVDA,{MARKUP}", "--out", "unused"],
    ],
)
def test_cli_prints_markup_in_arguments_literally(warehouse: Path, argv: list[str], capsys) -> None:
    assert (report_main(argv[1:]) if argv[0] == "report" else main(argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") <= 4
    literal = argv[argv.index("--tickers") + 1].split(",")[1] if "--tickers" in argv else None
    value = literal or next(a for a in argv if a.startswith("["))
    assert value.upper() in " ".join(err.split()).upper()


@pytest.mark.parametrize(
    "argv",
    [
        ["event-study", "--launch", "A" * 100_000],
        ["event-study", "--launch", "deepseek-r1", "--tickers", "NVDA," + "B" * 100_000],
        ["confirm-launch", "\x1b[2J\x1b]0;title\x07\u202eabc"],  # clear screen, set the title, reverse the text
        ["event-study", "--launch", "deepseek-r2"],  # over 80 characters with its suggestions
        ["event-study", "--launch", "deepseek-r1", "--tickers", ",,,"],  # names nothing: not "all of them"
        ["report", "--launch", "C" * 100_000, "--out", "unused"],
        ["event-study", "--launch", "deepseek-r1", "--window", "０:１"],  # full-width digits are not a window
        ["run", "benchmarks", "--tickers", "NVDA"],  # an option the source does not read is not ignored
        ["run", "prices", "--since", "9999-12-31"],
    ],
)
def test_cli_errors_are_one_line_of_printable_text(warehouse: Path, argv: list[str], capsys) -> None:
    assert (report_main(argv[1:]) if argv[0] == "report" else main(argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and len(err) <= LINE_LIMIT + 1
    assert err.rstrip("\n").isprintable()


def test_the_server_listens_on_localhost_only() -> None:
    import tomllib

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "localhost"


def test_refresh_now_is_refused_while_another_run_holds_the_source(warehouse: Path) -> None:
    at = app()
    at.switch_page("app/pages/data.py")
    at.run()
    with file_lock(lock_path(warehouse, "prices"), wait_seconds=0, holder="prices run"):
        assert runner.running("prices") == "a prices run is already in progress"
        at.button(key="refresh_button_prices").click().run()
    assert not at.exception
    assert any("already in progress" in w.value for w in at.warning)
    assert "background_refresh_prices" not in at.session_state
    assert runner.running("prices") is None


# Data loss -------------------------------------------------------------------------------------------------------


def _header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def _append(path: Path, line: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")  # a blank line first, which CSV readers skip, if the file had no newline at its end


@pytest.mark.parametrize(
    ("breakage", "needle"),
    [
        (lambda d: _header_only(d / "seed" / "launches.csv"), "data/seed/launches.csv: no data rows"),
        (lambda d: _header_only(d / "seed" / "market" / "NVDA.csv"), "data/seed/market/NVDA.csv: no data rows"),
        (
            lambda d: edit_csv(d / "seed" / "launches.csv", lambda t: [*t, dict(t[5])]),
            "data/seed/launches.csv, line 103: duplicate launch_id",
        ),
        (
            lambda d: edit_csv(d / "seed" / "market" / "NVDA.csv", lambda t: [t[0], *t]),
            "data/seed/market/NVDA.csv, line 3: duplicate date 2022-01-03 (first on line 2)",
        ),
        (
            lambda d: edit_csv(d / "seed" / "market" / "AMD.csv", set_field({"date": "2025-01-27"}, close="n/a")),
            "data/seed/market/AMD.csv, line",
        ),
        (  # forms Python reads and the load does not: each named by its line, not the load's own error
            lambda d: edit_csv(d / "seed" / "market" / "AMD.csv", set_field({"date": "2025-01-27"}, date="20250127")),
            "date '20250127' is not a date like 2025-01-27",
        ),
        (
            lambda d: edit_csv(d / "seed" / "market" / "AMD.csv", set_field({"date": "2025-01-27"}, volume="1_500")),
            "volume '1_500' is not a number",
        ),
        (
            lambda d: _append(d / "seed" / "market" / "AMD.csv", "2026-12-01,1,2"),
            "fewer cells than the header has columns",
        ),
        (
            lambda d: edit_csv(d / "seed" / "market" / "splits.csv", set_field({"ticker": "KLAC"}, source="")),
            "data/seed/market/splits.csv, line 2: source is empty",
        ),
        (  # the loader reads a price file's columns by position: a reordered header would swap open and close
            lambda d: edit_csv(d / "seed" / "market" / "AMD.csv", list, first=("date", "close", "high", "low", "open")),
            "data/seed/market/AMD.csv, line 1: the columns must be date, open, high, low, close, adj_close, volume",
        ),
        (
            lambda d: edit_csv(d / "seed" / "launches.csv", set_field({"launch_id": "llama-4"}, date="2025-13-01")),
            "launches.csv, line",
        ),
        (
            lambda d: edit_csv(d / "seed" / "market" / "files.csv", set_field({"file": "AMD.csv"}, file="../../x.csv")),
            "outside the market folder",
        ),
        (
            lambda d: edit_csv(d / "seed" / "market" / "files.csv", set_field({"file": "AMD.csv"}, file="A*.csv")),
            "file 'A*.csv' has a wildcard character; name one file",
        ),
    ],
)
def test_a_broken_seed_file_is_named_and_nothing_is_published(seed_copy: Path, breakage, needle, capsys) -> None:
    assert main(["seed"]) == 0
    before = table_counts()
    breakage(seed_copy)
    assert main(["seed"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert needle in err
    assert "Traceback" not in err
    assert table_counts() == before


def test_seed_files_saved_with_a_byte_order_mark_load_as_without(seed_copy: Path, tmp_path: Path) -> None:
    """Excel's "CSV UTF-8" starts a file with a byte order mark: such a file was refused as missing its first
    column ("missing column(s) ticker"). Every seed and universe file given one loads the same rows."""
    assert main(["seed"]) == 0
    tables = (
        "securities", "prices", "dividends", "splits", "shares_outstanding", "earnings", "launches", "model_stats",
        "benchmark_scores", "hf_orgs", "model_aliases", "benchmark_aliases",
    )
    loaded = {t: "* EXCLUDE (as_of)" if t == "benchmark_scores" else "*" for t in tables}  # as_of: the load's time

    def read() -> dict[str, list[tuple]]:
        return {t: rows(db_path(), f"SELECT {loaded[t]} FROM {t} ORDER BY ALL") for t in tables}  # noqa: S608

    before = read()
    marked = sorted(seed_copy.rglob("*.csv"))
    for path in marked:
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert len(marked) > 40
    assert main(["seed"]) == 0
    assert read() == before


def test_the_universe_files_read_outside_the_build_take_a_byte_order_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark sources' list and the universe file add-ticker appends to are read outside the seed's
    checks: with a byte order mark they give the same sources, and the appended row its own columns."""
    from pipelines import benchmarks

    plain = benchmarks.source_specs()
    marked = tmp_path / "benchmark_sources.csv"
    marked.write_bytes(codecs.BOM_UTF8 + benchmarks.SOURCES_FILE.read_bytes())
    monkeypatch.setattr(benchmarks, "SOURCES_FILE", marked)
    assert benchmarks.source_specs() == plain and len(plain) > 3
    universe = tmp_path / "securities.csv"
    universe.write_bytes(codecs.BOM_UTF8 + runner.UNIVERSE_FILE.read_bytes())
    row = {"ticker": "SMCI", "name": "Super Micro", "group": "chipmaker", "exchange": "NasdaqGS", "currency": "USD",
           "country": "US"}
    runner._append_universe(universe, row)
    with open(universe, newline="", encoding="utf-8-sig") as handle:
        last = list(csv.DictReader(handle))[-1]
    assert {k: last[k] for k in row} == row


def test_a_seed_that_drops_a_ticker_needs_allow_shrink(seed_copy: Path, capsys) -> None:
    assert main(["seed"]) == 0
    before = table_counts()
    files = seed_copy / "seed" / "market" / "files.csv"
    edit_csv(files, lambda t: [r for r in t if r["ticker"] not in ("NVDA", "AMD")])
    assert main(["seed"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "prices: row count fell from" in err and "--allow-shrink" in err
    assert table_counts() == before
    assert main(["seed", "--allow-shrink"]) == 0
    assert table_counts()["prices"] < before["prices"]


def test_seed_says_whom_it_waits_for(tmp_path: Path) -> None:
    target = tmp_path / "w.duckdb"
    messages: list[str] = []
    lock = lock_path(target, "publish")
    held = threading.Event()

    def hold() -> None:
        with file_lock(lock, wait_seconds=0, holder="prices run"):
            held.set()
            time.sleep(1.0)

    other = threading.Thread(target=hold)
    other.start()
    held.wait()
    seed.build(target, on_wait=messages.append)
    other.join()
    assert len(messages) == 1 and "prices run" in messages[0] and "waiting" in messages[0]


def test_an_offline_benchmarks_run_is_failed_and_not_fresh(warehouse: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    assert main(["run", "benchmarks"]) == 1  # no network here: every fetched item fails
    status = read_query("pipeline_status").set_index("source").loc["benchmarks"]
    assert status["last_status"] == "failed" and pd.isna(status["last_success"])
    info = dict(read_query("warehouse_info").itertuples(index=False, name=None))
    assert info["origin"] == "seed"


# Crashes ---------------------------------------------------------------------------------------------------------


def test_an_empty_view_gives_every_report_format(warehouse: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "reports"
    assert report_main(["--page", "timeline", "--start", "2099-01-01", "--end", "2099-02-01", "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "error: no data between 2099-01-01 and 2099-02-01" in err
    assert "URL" not in err and "using the default" not in err  # an option of this command; nothing is written
    code = report_main(  # ARM listed in 2023: no price, no launch-day move in January 2022
        ["--page", "timeline", "--tickers", "ARM", "--start", "2022-01-03", "--end", "2022-01-31", "--format",
         "html,xlsx,csv,png", "--out", str(out)]
    )
    assert code == 0
    html = next(out.glob("*.html")).read_bytes()
    assert report.EMPTY_TABLE.encode() in html
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    assert book["Prices"]["A2"].value == report.EMPTY_TABLE


def test_a_short_estimation_window_is_flagged_not_an_error(warehouse: Path, capsys) -> None:
    assert main(["event-study", "--launch", "deepseek-r1", "--estimation", "-12:-11", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(frame["status"]) <= {"flagged", "missing"}
    assert frame["reason"].str.contains("fewer than 60").any()
    one = results(StudyParams(estimation=(-11, -11), window=(0, 0)), launch_ids=["deepseek-r1"])
    assert (one["n_est"] <= 1).all()
    at = app()
    at.switch_page("app/pages/impact.py")
    at.query_params["est"] = "-250:-200"
    at.run()
    assert not at.exception and not at.error


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ({"start": "2021-06-01"}, "before the first stored price"),
        ({"start": "1900-01-01", "end": "1901-01-01"}, "No data between"),
        ({"end": "2199-01-01"}, "after the newest stored price"),
    ],
)
def test_url_dates_outside_the_data_are_clamped(warehouse: Path, query: dict, needle: str) -> None:
    at = app()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.error
    assert any(needle in w.value for w in at.warning)
    at.multiselect(key="f_tickers").set_value(["NVDA"]).run()  # the session goes on
    assert not at.exception and not at.error


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("window", "0:10000", "outside -20:40"),
        ("est", "-100000:-11", "outside -750:-1"),
        ("window", "5:-5", "starts after it ends"),
    ],
)
def test_impact_windows_out_of_range_say_so(warehouse: Path, key: str, value: str, needle: str) -> None:
    at = app()
    at.switch_page("app/pages/impact.py")
    at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any(needle in shown(w.value) for w in at.warning)
    assert "Window [0, 0]" in at.caption[0].value or key == "est"  # the default is in use


def test_an_inverted_custom_window_in_the_sidebar_says_so(warehouse: Path) -> None:
    at = app()
    at.switch_page("app/pages/impact.py")
    at.run()
    at.selectbox(key="s_window").set_value("custom").run()
    at.number_input(key="s_win_start").set_value(5).run()
    at.number_input(key="s_win_end").set_value(-5).run()
    assert not at.exception
    assert any("starts after it ends" in w.value for w in at.warning)
    assert "Window [0, 0]" in at.caption[0].value  # the study ran with the default window, not 5:-5


def test_the_reports_folder_survives_strays(warehouse: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(report, "chromium_available", lambda: "images not needed here")
    folder = tmp_path / "kept"
    folder.mkdir()
    monkeypatch.setenv("AFTERSHOCK_REPORTS", str(folder))
    (folder / "aftershock_2026-13-45_impact.zip").write_bytes(b"PK")
    (folder / "aftershock_2026-01-02_impact_dir.zip").mkdir()
    (folder / "aftershock_2026-01-03_impact_gone.zip").symlink_to(folder / "nowhere.zip")
    (folder / "aftershock_2026-01-04_impact_junk.zip").write_bytes(b"not a zip")
    assert report_main(["--snapshot", "--keep", "0"]) == 2
    assert report_main(["--snapshot", "--keep", "-1"]) == 2
    assert report_main(["--snapshot", "--keep", "2", "--tickers", "NVDA"]) == 0
    assert report_main(["--snapshot", "--keep", "2", "--tickers", "NVDA"]) == 0  # the same day: both kept
    kept = archive.scan(folder)
    assert len(kept.snapshots) == 2 and len(kept.skipped) == 4
    assert "left alone, not a readable snapshot" in capsys.readouterr().err
    at = app()
    at.switch_page("app/pages/reports.py")
    at.run()
    assert not at.exception and not at.error
    assert any("not readable snapshots" in c.value for c in at.caption)


@pytest.mark.parametrize("out", ["/proc/aftershock-report", "EXISTING_FILE"])
def test_report_out_that_cannot_be_written_is_a_message(warehouse: Path, tmp_path: Path, out: str, capsys) -> None:
    if out == "EXISTING_FILE":
        out = str(tmp_path / "a-file")
        Path(out).write_text("x")
    assert report_main(["--format", "html", "--out", out]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


@pytest.mark.parametrize("content_bytes", [b"garbage, not a database", b""])
def test_a_corrupt_warehouse_says_to_rebuild(tmp_path: Path, monkeypatch, content_bytes: bytes, capsys) -> None:
    bad = tmp_path / "secret-place" / "aftershock.duckdb"
    bad.parent.mkdir()
    bad.write_bytes(content_bytes or os.urandom(300_000))
    monkeypatch.setenv("AFTERSHOCK_DB", str(bad))
    assert main(["event-study", "--launch", "deepseek-r1"]) == 2
    assert "python -m pipelines seed" in capsys.readouterr().err
    at = app()
    at.run()
    shown = " ".join(e.value for e in at.error)
    assert "pipelines seed" in shown and "secret-place" not in shown
    assert not at.exception
    assert main(["seed"]) == 0  # the seed repairs it
    assert main(["event-study", "--launch", "deepseek-r1", "--format", "csv"]) == 0


def test_a_full_disk_leaves_no_staging_file(warehouse: Path, monkeypatch, capsys) -> None:
    before = table_counts(warehouse)

    def full(source, target, *args, **kwargs):
        Path(target).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(warehouse_lib.shutil, "copyfile", full)
    assert main(["confirm-launch", "someone/model"]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert not list(warehouse.parent.glob(".*staging*"))
    assert table_counts(warehouse) == before


def test_run_hub_with_orgs_on_a_fresh_checkout(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AFTERSHOCK_DB", str(tmp_path / "fresh.duckdb"))
    assert main(["run", "hub", "--orgs", "no-such-org"]) == 2
    err = capsys.readouterr().err
    assert "unknown organisation 'no-such-org'" in err
