"""Report snapshots: every format opened with its standard reader, numbers equal to the warehouse's."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipelines import event_study, schedule
from pipelines.event_study import StudyParams
from pipelines.warehouse import REPO_ROOT
from reporting import archive, report
from reporting.cli import build_impact
from reporting.cli import main as report_main
from views.source import Warehouse


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.tables = 0
        self.headings: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.tables += tag == "table"
        self._in_h2 = tag == "h2"

    def handle_data(self, data):
        if self._in_h2:
            self.headings.append(data)
            self._in_h2 = False


@pytest.fixture(scope="module")
def impact(seed_warehouse: Path) -> report.Report:
    built, problems = build_impact({"launch": "deepseek-r1", "tickers": "NVDA,AVGO,TSM"}, Warehouse(seed_warehouse))
    assert not problems
    return built


def visible_text(document: str) -> str:
    """What a reader sees: the document without its scripts and styles."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag, attrs):
            self.hidden += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.hidden -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(document)
    return " ".join(" ".join(parser.parts).split())


def test_html_is_self_contained_and_holds_the_charts_and_numbers(impact: report.Report) -> None:
    page = report.to_html(impact).decode()
    parsed = Collector()
    parsed.feed(page)
    assert not [s for s in parsed.scripts if s.get("src")], "no script is loaded from the network"
    assert page.count("Plotly.newPlot(") == len(impact.figures) == 4
    assert page.count("plotly.js v") == 1, "plotly.js embedded once per file"
    assert {"Summary", "Event study results", "Biggest movers", "Glossary", "Sources", "Method and notes"} <= set(
        parsed.headings
    )
    assert "Var(CAR)" in page and "github.com/SungKyu-Kim39/BackTester39" in page


def test_html_reads_like_a_document(impact: report.Report) -> None:
    """The summary with the page's numbers, human headers, formatted numbers, no None or e-notation."""
    text = visible_text(report.to_html(impact).decode())
    assert "On 2025-01-27 NVIDIA fell 16.97 % (abnormal −13.21 %, t = −5.05, p < 0.001)" in text
    assert "−586 bn USD" in text
    assert "Chipmakers as a group: −7.48 % (p < 0.001" in text
    assert "None" not in text and "nan" not in text.split()
    assert not {"True", "False"} & set(text.split()), "a yes/no column in words"
    assert not {"chipmaker", "index", "deepseek-app-store-no1"} & set(text.split()), "groups and launches by name"
    assert not re.search(r"\d[eE][+-]\d", text), "no e-notation"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text.split("Method and notes")[0].split("Parameters")[1]), "snake_case"
    for header in ("Raw return", "CAR", "Value moved", "Security"):
        assert f"{header}" in text


def test_xlsx_sheets_hold_the_warehouse_numbers(impact: report.Report, seed_warehouse: Path) -> None:
    data = report.to_xlsx(impact)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Summary" and book.sheetnames[-1] == "Sources"
    assert {"Event study results", "Biggest movers", "Portfolio CAR by group", "Abnormal return paths",
            "Parameters"} <= set(book.sheetnames)
    assert "On 2025-01-27 NVIDIA fell 16.97 %" in " ".join(str(c.value) for c in book["Summary"]["B"])
    results = book["Event study results"]
    headers = [c.value for c in results[1]]
    assert "Raw return" in headers and "raw_return" not in headers
    assert all(c.font.bold for c in results[1]) and results.freeze_panes == "A2" and results.auto_filter.ref
    column = {h: i + 1 for i, h in enumerate(headers)}
    first = results.cell(row=2, column=column["Raw return"])
    assert first.number_format == "0.00%" and isinstance(first.value, float)
    assert results.cell(row=2, column=column["t0"]).number_format == "yyyy-mm-dd"
    for sheet in book.worksheets:
        used = {c.column_letter for row in sheet.iter_rows() for c in row if c.value is not None}
        assert all(sheet.column_dimensions[letter].width for letter in used), sheet.title
    sheet = pd.read_excel(io.BytesIO(data), sheet_name="Event study results").set_index("Ticker")
    truth = event_study.results(
        StudyParams(), launch_ids=["deepseek-r1"], tickers=["NVDA", "AVGO", "TSM"], path=seed_warehouse
    ).set_index("ticker")
    for ticker in ("NVDA", "AVGO", "TSM"):
        for name, column_name in (("Raw return", "raw_return"), ("CAR", "car"), ("t", "t_stat"), ("p", "p_value")):
            assert sheet.loc[ticker, name] == pytest.approx(truth.loc[ticker, column_name], rel=1e-12), ticker
    assert sheet.loc["NVDA", "Price source"].startswith("seed:SungKyu-Kim39/BackTester39")


def test_pdf_is_one_titled_document_with_the_summary(impact: report.Report) -> None:
    pdf = report.render(impact, "pdf")
    assert pdf.startswith(b"%PDF-")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert reader.metadata.title == impact.title
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "NVIDIA fell 16.97 %" in text and "Page 1 of" in text


def test_csv_png_and_zip(impact: report.Report) -> None:
    csvs = zipfile.ZipFile(io.BytesIO(report.render(impact, "csv")))
    assert "event_study_results.csv" in csvs.namelist() and "README.txt" in csvs.namelist()
    results = pd.read_csv(csvs.open("event_study_results.csv"))
    assert len(results) == 3 and "raw_return" in results.columns  # machine-readable: raw names and decimals
    assert "raw_return: close-to-close price change over the window [decimal fraction" in csvs.read(
        "README.txt"
    ).decode()
    images = zipfile.ZipFile(io.BytesIO(report.render(impact, "png")))
    assert len(images.namelist()) == len(impact.figures)
    for name in images.namelist():
        data = images.read(name)
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000, name
    bundle = zipfile.ZipFile(io.BytesIO(report.render(impact, "zip")))
    names = bundle.namelist()
    assert sum(n.endswith(".png") for n in names) == 4
    assert {f"{impact.slug}.{ext}" for ext in ("html", "xlsx", "pdf")} <= set(names)
    assert {f"csv/{n}" for n in csvs.namelist()} <= set(names)


def test_without_chromium_the_other_formats_still_work(impact: report.Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reporting.images.shutil.which", lambda name: None)
    bundle = zipfile.ZipFile(io.BytesIO(report.to_zip(impact)))
    assert not [n for n in bundle.namelist() if n.endswith((".png", ".pdf"))]
    html = bundle.read(f"{impact.slug}.html").decode()
    assert "PNG files were skipped: no Chromium" in html and "The PDF was skipped" in html
    assert b"PNG skipped: no Chromium" in zipfile.ZipFile(io.BytesIO(report.render(impact, "png"))).read("SKIPPED.txt")


def test_cli_writes_every_format_for_the_view(warehouse: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "reports"
    assert (
        report_main(
            [
                "--page",
                "impact",
                "--launch",
                "deepseek-r1",
                "--tickers",
                "NVDA,AVGO",
                "--format",
                "html,xlsx,csv,png,pdf,zip",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    written = sorted(p.name for p in out.iterdir())
    day = written[0].split("_")[1]
    assert written == sorted(
        f"aftershock_{day}_impact_deepseek-r1.{ext}" for ext in ("html", "xlsx", "csv.zip", "png.zip", "pdf", "zip")
    )
    assert report_main(["--page", "timeline", "--format", "xlsx", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out / f"aftershock_{day}_timeline.xlsx", read_only=True)
    assert "Launch-day moves" in book.sheetnames
    assert report_main(["--format", "docx", "--out", str(out)]) == 2
    assert report_main(["--launch", "deepseek-r", "--out", str(out)]) == 2
    assert "deepseek-r1" in capsys.readouterr().err


def test_the_scheduled_job_keeps_a_snapshot_and_the_reports_page_lists_it(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    for day in ("2026-10-05", "2026-10-12"):  # older snapshots, to be pruned to the configured number
        (folder / f"aftershock_{day}_impact_deepseek-r1.zip").write_bytes(report._zip({"a.html": b"old"}))
    job = {j.name: j for j in schedule.load()}["report"]
    assert job.enabled and "--snapshot" in job.command
    env = {**os.environ, "AFTERSHOCK_DB": str(warehouse), "AFTERSHOCK_REPORTS": str(folder)}
    command = [*job.command[:-1], "2"]  # keep 2 instead of 8 to see the pruning
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    kept = archive.snapshots(folder)
    assert [s.day.isoformat() for s in kept][1:] == ["2026-10-12"]
    assert (
        kept[0].page == "impact" and kept[0].scope == "deepseek-r1" and {"html", "xlsx", "png"} <= set(kept[0].formats)
    )

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("AFTERSHOCK_REPORTS", str(folder))
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app/pages/reports.py")
    at.run()
    assert not at.exception
    listed = at.dataframe[0].value
    assert list(listed["File"]) == [s.path.name for s in kept]
    assert len(at.get("download_button")) >= len(kept)


def test_every_page_offers_a_report_download(warehouse: Path) -> None:
    from streamlit.testing.v1 import AppTest

    for page in ("timeline", "impact", "adoption", "benchmarks", "data"):
        at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
        if page != "timeline":
            at.switch_page(f"app/pages/{page}.py")
        at.run()
        assert not at.exception, page
        box = at.sidebar.selectbox(key=f"report_format_{page}")
        assert box.value == "html", page
        assert box.options == [f.label for f in report.FORMATS.values()]  # the registry names them, once
    assert all(len(f.label) <= report.LABEL_CHARS for f in report.FORMATS.values())  # never cut in the sidebar
    assert len({f.label for f in report.FORMATS.values()}) == len(report.FORMATS)


@pytest.mark.parametrize("page", ["timeline", "impact", "compare", "kinds", "adoption", "benchmarks", "data"])
def test_every_page_has_a_complete_report_from_the_cli(warehouse: Path, page: str, tmp_path: Path) -> None:
    """`python -m reporting --page P` writes the page's report; each document has a title, a summary and
    no None or e-notation; the workbook opens with its Summary first."""
    out = tmp_path / page
    assert report_main(["--page", page, "--format", "html,xlsx,csv", "--out", str(out)]) == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    text = visible_text(html)
    assert "Summary" in text and "None" not in text and not re.search(r"\d[eE][+-]\d", text)
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    assert book.sheetnames[0] == "Summary"
    assert "README.txt" in zipfile.ZipFile(next(out.glob("*.csv.zip"))).namelist()


def test_a_long_chart_title_is_printed_in_lines_not_cut() -> None:
    """A printed chart's title wider than the narrowest printed chart is broken between words into lines the
    top margin makes room for; a note that only repeats the title (cut short) is left out."""
    import plotly.graph_objects as go

    from reporting.document import TITLE_CHARS, for_print
    from views.figures import titled

    title = "CAR of Chipmakers (equal-weighted mean of 10 members' abnormal returns) by days since release"
    figure = titled(go.Figure(), "CAR after each release", "Chipmakers (equal-weighted mean of 10 members' …")
    printed = for_print(figure, title)
    lines = printed.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= TITLE_CHARS for line in lines)
    assert " ".join(lines) == title and "<sup>" not in printed.layout.title.text
    assert printed.layout.margin.t > for_print(figure, "CAR by days since release").layout.margin.t
    noted = for_print(titled(go.Figure(), "Closes", "2024-10-01 to 2025-03-31"), "Closes of NVDA")
    assert noted.layout.title.text == "Closes of NVDA<br><sup>2024-10-01 to 2025-03-31</sup>"  # a note of its own
