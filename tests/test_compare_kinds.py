"""Compare launches and Launch kinds: pages from their URLs, garbage that warns, reports that open;
the number formats, labels and glossary that pages and reports share; the impact and timeline flags."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.warehouse import REPO_ROOT
from reporting import report
from reporting.cli import build_compare, build_kinds, build_timeline
from reporting.cli import main as report_main
from tests.test_tables import seen
from views import figures, glossary, numbers
from views.source import Warehouse

TIMEOUT = 180


def page(path: str, query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page(path)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    return at


def shown(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_number_formats() -> None:
    assert numbers.p_value(8.8e-07) == "< 0.001"
    assert numbers.p_value(0.0345) == "0.0345" and numbers.p_value(0.648) == "0.648"
    assert numbers.p_value(0.00366) == "0.0037"  # never more than four decimals
    assert numbers.p_value(1.0) == "1.00" and numbers.p_value(float("nan")) == "–"
    assert numbers.percent(-0.169682) == "−16.97 %" and numbers.percent(0.0748, 1) == "+7.5 %"
    assert numbers.money(-586.3e9, "USD") == "−586 bn USD" and numbers.money(12.8e9, "USD") == "+12.8 bn USD"
    assert "e-" not in numbers.stat(-5.0e-7)


def test_launch_labels_never_overprint() -> None:
    days = pd.to_datetime(["2025-01-27", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-02-02"])
    launches = pd.DataFrame({"event_date": days, "model": [f"Launch number {i}" for i in range(6)],
                             "launch_id": [f"l{i}" for i in range(6)]})
    levels, texts, positions = figures.label_levels(launches, (days.min(), days.max()), priority=["l3"])
    assert texts[3]  # the launch with priority always gets its label
    span = (days.max() - days.min()).total_seconds()
    share = figures.LABEL_CHAR_SHARE * span
    placed: dict[float, list[tuple[float, float]]] = {}
    for day, level, text, pos in zip(days, levels, texts, positions, strict=True):
        if not text:
            continue
        x = (day - days.min()).total_seconds()
        width = share * (len(text) + 2)
        interval = (x, x + width) if pos == "bottom right" else (x - width, x)
        for a, b in placed.get(level, []):
            assert interval[1] < a or interval[0] > b, "two labels overprint"
        placed.setdefault(level, []).append(interval)


def test_compare_page_renders_the_url(warehouse: Path) -> None:
    at = page("app/pages/compare.py", {"compare": "deepseek-r1,qwen3,llama-4", "tickers": "NVDA,AMD",
                                       "window": "0:1"})
    assert not at.warning
    assert at.multiselect(key="c_launches").value == ["deepseek-r1", "qwen3", "llama-4"]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    assert any(t.startswith("DeepSeek-R1") for t in titles) and any(t.startswith("Qwen3") for t in titles)
    assert {t["name"] for t in spec["data"]} >= {"NVDA", "AMD"}
    table, text, _ = seen(at.dataframe[0])
    assert list(table["Security"])[:2] == ["NVDA · NVIDIA", "AMD · Advanced Micro Devices"]
    assert "Chipmakers (portfolio)" in set(table["Security"])
    r1 = [c for c in table.columns if c.startswith("DeepSeek-R1") and c.endswith("· CAR")][0]
    assert table[r1].iloc[0] < 0 and text[r1].iloc[0].startswith("−")  # a number, written with a true minus
    assert any(c.endswith("· flags") for c in table.columns)
    assert at.query_params["compare"] == "deepseek-r1,qwen3,llama-4"
    assert any(e.label == "What do these numbers mean?" for e in at.expander)


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ({"compare": "nope,<b>x</b>"}, "nope"),
        ({"compare": "deepseek-r1"}, "at least 2"),
        ({"window": "7:1"}, "7 > 1"),
        ({"compare": "deepseek-r1,qwen3,llama-4,deepseek-v3,gpt-4-5,qwq-32b,o1"}, "At most"),
    ],
)
def test_compare_garbage_warns_and_falls_back(warehouse: Path, query: dict[str, str], needle: str) -> None:
    at = page("app/pages/compare.py", query)
    assert any(needle in shown(w.value) for w in at.warning)
    assert at.get("plotly_chart")


def test_kinds_page_renders_the_url(warehouse: Path) -> None:
    at = page("app/pages/kinds.py", {"group": "chipmaker", "attr": "country", "window": "0:1"})
    assert not at.warning
    assert "chipmakers" in at.title[0].value
    assert "48 of 101 launches excluded for confounder flags" in shown(at.caption[0].value)
    kinds = at.dataframe[0].value
    assert set(kinds["Country"]) >= {"China", "US"}
    kinds_text = seen(at.dataframe[0])[1]
    written = [p for p, v in zip(kinds_text["BMP p"], kinds["BMP p"], strict=True) if pd.notna(v)]
    assert written and all(p and "e-" not in p for p in written)
    regression = at.dataframe[1].value
    assert list(regression["Term"]) == ["Constant", "Open weights", "Reasoning model", "China"]
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "bar"
    assert at.toggle(key="k_exclude").value is True
    at.toggle(key="k_exclude").set_value(False).run()
    assert not at.exception
    assert at.query_params["confounded"] == "include"
    assert "All 101 launches included" in shown(at.caption[0].value)


def test_kinds_refuses_a_study_too_large_to_run_and_keeps_the_picker(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100× the seed a group is ~1,000 securities: a million member studies would take the server's
    memory. At settings the publish did not prepare, the page says why in one sentence and leaves the
    sidebar to choose another group; at the default settings it reads the prepared portfolios."""
    from pipelines import cross_section
    from views import kinds

    for module in (cross_section, kinds):  # the seed's chipmakers: 101 × 10 studies
        monkeypatch.setattr(module, "MAX_MEMBER_STUDIES", 101 * 9)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page("app/pages/kinds.py")
    at.query_params["window"] = "-1:1"
    at.run()
    assert not at.exception
    text = shown(at.error[0].value).replace("\u200b", "")
    assert "the chipmakers are 10 securities: with 101 launches that is 1,010 member studies" in text
    assert "choose a smaller group or the default settings" in text and "…" not in text and "Traceback" not in text
    at.selectbox(key="k_group").set_value("hyperscaler").run()  # 5 members: within the limit
    assert not at.error and "hyperscalers" in at.title[0].value
    at = page("app/pages/kinds.py", {"window": "0:1"})  # prepared at publish: any size
    assert not at.error and not at.exception and "chipmakers" in at.title[0].value


def test_kinds_garbage_warns_and_falls_back(warehouse: Path) -> None:
    at = page("app/pages/kinds.py", {"group": "[x](http://evil.example)", "attr": "colour", "confounded": "maybe"})
    text = " ".join(shown(w.value) for w in at.warning)
    assert "evil.example" in text and "colour" in text and "maybe" in text
    assert "chipmakers" in at.title[0].value


def test_compare_and_kinds_reports_export(warehouse: Path, tmp_path: Path) -> None:
    built, problems = build_compare({"compare": "deepseek-v3,deepseek-r1", "tickers": "NVDA,AMD"}, Warehouse())
    assert not problems and built.figures
    html = report.to_html(built).decode()
    assert "Side by side" in html and "Glossary" in html and "−13.21 %" in html
    book = openpyxl.load_workbook(io.BytesIO(report.render(built, "xlsx")))
    assert any(name.lower().startswith("side") for name in book.sheetnames)
    assert report_main(["--page", "kinds", "--group", "chipmaker", "--attr", "reasoning", "--format", "html,xlsx",
                        "--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.endswith("_kinds.html") for n in written) and any(n.endswith("_kinds.xlsx") for n in written)
    text = next(tmp_path.glob("*_kinds.html")).read_text(encoding="utf-8")
    assert "48 of 101 launches excluded for confounder flags" in text and "Reasoning model" in text
    assert report_main(["--page", "compare", "--compare", "deepseek-r1", "--out", str(tmp_path)]) == 2
    kinds_built, _ = build_kinds({"attr": "open_weights"}, Warehouse())
    archive = zipfile.ZipFile(io.BytesIO(report.render(kinds_built, "zip")))
    assert any(n.endswith(".xlsx") for n in archive.namelist())


def test_glossary_is_on_the_impact_page_and_in_reports(warehouse: Path) -> None:
    at = page("app/pages/impact.py")
    assert any(e.label == "What do these numbers mean?" for e in at.expander)
    results = at.dataframe[0].value
    assert "flags" in results.columns
    groups = at.dataframe[1].value
    assert {"bmp_z", "kp_p", "sign_p", "rank_p", "flags"} <= set(groups.columns)
    assert list(groups["group"]) == ["Chipmakers", "Indices and ETFs"]
    ranking = at.dataframe[2].value
    assert "flags" in ranking.columns and ranking["launch"].iloc[0].startswith("DeepSeek-R1 + ")
    assert not ranking.duplicated(["ticker", "t0"]).any()  # a stock-day is counted once
    captions = " ".join(c.value for c in at.caption)
    assert "⚑ same" in captions
    assert {term for term, _ in glossary.TERMS} >= {"t", "p", "Market model", "Portfolio CAR"}


def test_timeline_headline_and_grouped_moves(warehouse: Path) -> None:
    at = page("app/pages/timeline.py")
    headline = shown(at.subheader[0].value)
    assert headline == "DeepSeek-R1 · 2025-01-27 · NVIDIA −16.97 % (abnormal −13.21 %, −586 bn USD) · chipmakers −7.5 %"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["hovermode"] == "x unified"
    assert any("NVDA −16.97 %" in a["text"] for a in spec["layout"]["annotations"])
    moves = at.dataframe[0].value
    assert any(label.startswith("DeepSeek-R1 + DeepSeek app") for label in moves["Launch · t0"])
    built, _ = build_timeline({}, Warehouse())
    assert any("NVIDIA −16.97 %" in note for note in built.notes)
