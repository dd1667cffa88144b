"""End to end: `streamlit run serve.py` (the dashboard with its warm-up) in a real headless Chromium (Debian's
/usr/bin/chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pipelines.warehouse import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
README_SCREENSHOT = REPO_ROOT / "docs" / "timeline.png"
SHARED_URL = "?tickers=NVDA,AMD,AVGO,SOXX&orgs=DeepSeek,Alibaba (Qwen)&start=2024-12-01&end=2025-02-28"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout}s")


@contextmanager
def streamlit_server(db: Path) -> Iterator[str]:
    """`streamlit run serve.py` (the README's command) on a free port against the warehouse file db."""
    port = free_port()
    env = {**os.environ, "AFTERSHOCK_DB": str(db)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(seed_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "aftershock.duckdb"
    shutil.copyfile(seed_warehouse, db)
    with streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def open_chart(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_load_state("networkidle")


def chart_text(page: Page) -> str:
    return " ".join(page.locator(".js-plotly-plot text").all_text_contents())


def test_shared_url_opens_the_same_chart_with_the_r1_marker(server: str, page: Page) -> None:
    open_chart(page, server + "/" + SHARED_URL)
    expect(page.locator(".js-plotly-plot .legendtext").first).to_be_visible()
    legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert legend == ["NVDA (USD)", "AMD (USD)", "AVGO (USD)", "SOXX (USD)"]
    assert "DeepSeek-R1" in chart_text(page)
    expect(page.get_by_text("−16.97 %").first).to_be_visible(timeout=15_000)
    assert "tickers=NVDA%2CAMD%2CAVGO%2CSOXX" in page.url or "tickers=NVDA,AMD,AVGO,SOXX" in page.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))
    if os.environ.get("AFTERSHOCK_UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOT))


def test_defaults_show_nvidia_fall_on_the_r1_market_date(server: str, page: Page) -> None:
    open_chart(page, server + "/")
    assert "DeepSeek-R1" in chart_text(page)
    legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
    assert legend[0] == "NVDA (USD)" and len(legend) == 6
    expect(page.get_by_text("−16.97 %").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text("embedded snapshot")).to_be_visible()


# The frames of the chart's move labels ("NVDA −16.97 %"): plotly draws each annotation as a g.annotation.
MOVE_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot g.annotation')]
  .map(g => ({text: g.textContent, box: (g.querySelector('rect.bg') || g).getBoundingClientRect()}))
  .filter(a => / [−+][0-9.]+ %$/.test(a.text))
  .map(a => ({text: a.text, l: a.box.left, r: a.box.right, t: a.box.top, b: a.box.bottom}))"""


def test_the_timelines_move_labels_never_overprint(browser: Browser, server: str) -> None:
    """The default chart's three largest moves: on a phone their dates are a few px apart, on a desktop far."""
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        page = context.new_page()
        open_chart(page, server + "/")
        labels = page.evaluate(MOVE_LABELS)
        assert len(labels) == 3, labels
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                apart = a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"]
                assert apart, (width, a, b)
        context.close()


def test_switching_to_raw_prices_updates_chart_and_url(server: str, page: Page) -> None:
    open_chart(page, server + "/?tickers=NVDA")
    page.get_by_text("Raw price", exact=True).click()
    chart = page.locator(".js-plotly-plot")
    expect(chart.get_by_text("Close (local currency)")).to_be_visible(timeout=15_000)
    expect(chart.get_by_text("Close, indexed (first day in range = 100)")).to_have_count(0, timeout=15_000)
    page.wait_for_url("**view=price**")


def test_bad_url_shows_a_warning_not_a_traceback(server: str, page: Page) -> None:
    open_chart(page, server + "/?tickers=ZZZZ9&start=garbage")
    expect(page.get_by_text("Unknown tickers in the URL ignored: 'ZZZZ9'.")).to_be_visible()
    assert "Traceback" not in page.content()


def test_launch_impact_page_shows_abnormal_returns(server: str, page: Page) -> None:
    open_chart(page, server + "/impact")
    expect(page.get_by_text("Launch impact: DeepSeek-R1")).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').first).to_have_text("−16.97 %")
    assert page.locator(".js-plotly-plot").count() >= 4
    page.wait_for_selector(".js-plotly-plot .hm, .js-plotly-plot .heatmaplayer", state="attached")
    page.screenshot(path=str(ARTIFACTS / "impact.png"), full_page=True)


def adoption_charts(page: Page) -> None:
    """Wait until every chart of the Adoption page has drawn (the launch curves sit near the bottom)."""
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Adoption against the market")).to_be_visible(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 6", timeout=60_000)
    page.wait_for_timeout(800)


# For each chart with its legend under the plot: px between the lowest x-axis label or title and the legend.
LEGEND_GAPS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const legend = plot.querySelector('g.legend');
  const axis = [...plot.querySelectorAll('g.xaxislayer-above text, text.xtitle, text[class^="x"][class$="title"]')]
    .map(e => e.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.bottom);
  if (!legend || !axis.length) return null;
  const gap = legend.getBoundingClientRect().top - Math.max(...axis);
  return gap >= -1 ? gap : null;  // null: a legend beside or above the plot
}).filter(gap => gap !== null)"""


def test_adoption_page_shows_the_download_history_and_launch_curves(
    browser: Browser, server: str, hub_series_warehouse: Path, tmp_path: Path
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, name in ((1280, "adoption.png"), (390, "adoption_mobile.png")):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        page = context.new_page()
        open_chart(page, server + "/adoption")
        adoption_charts(page)
        legend = " ".join(page.locator(".js-plotly-plot .legendtext").all_text_contents())
        for model in ("DeepSeek-R1", "GLM-4.7", "Kimi-K2-Thinking", "Kimi K2 Thinking", "DeepSeek-V3.2", "Qwen3.5"):
            assert model in legend, model
        plots = page.locator(".js-plotly-plot")
        curves = [i for i in range(plots.count()) if "Calendar days since release" in plots.nth(i).inner_text()]
        assert len(curves) == 2  # downloads and CAR on the same day axis
        assert plots.nth(curves[0]).locator(".scatterlayer .trace").count() >= 4
        body = page.inner_text("body")
        assert "None" not in body and "Traceback" not in body and "48000000" not in body
        gaps = page.evaluate(LEGEND_GAPS)  # the legend right under its axis at this width, no empty band
        assert len(gaps) >= 4 and max(gaps) < 40, (width, gaps)
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        context.close()
    db = tmp_path / "series.duckdb"
    shutil.copyfile(hub_series_warehouse, db)
    with streamlit_server(db) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        open_chart(page, url + "/adoption?orgs=DeepSeek&models=deepseek-ai/DeepSeek-R1,deepseek-ai/DeepSeek-V3")
        expect(page.get_by_text("Downloads per day").first).to_be_visible()
        page.wait_for_selector(".js-plotly-plot .barlayer .point", timeout=30_000)
        context.close()


def test_benchmarks_page_shows_r1_against_o1(server: str, page: Page) -> None:
    open_chart(page, server + "/benchmarks")
    expect(page.get_by_text("Scores side by side", exact=True)).to_be_visible()
    legend = " ".join(page.locator(".js-plotly-plot .legendtext").all_text_contents())
    assert "DeepSeek-R1" in legend and "OpenAI o1 (2024-12-17)" in legend
    page.wait_for_selector(".js-plotly-plot .barlayer .point", timeout=30_000)
    text = chart_text(page)
    assert "79.8" in text and "79.2" in text  # AIME 2024 pass@1: R1 and o1-1217, from the R1 report
    # the capability scatter names only its standout points; every launch is a point, named on hover
    hover_names = page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => (gd.data || []).flatMap("
        "t => (t.mode === 'markers+text' && t.customdata) ? t.customdata.map(row => String(row[4])) : []))"
    )
    for launch in ("Kimi K2", "gpt-oss-120b", "Llama 4", "Qwen3"):
        assert launch in hover_names, launch
    assert "DeepSeek-R1" in text
    page.screenshot(path=str(ARTIFACTS / "benchmarks.png"), full_page=True)


def test_refresh_now_fails_readably_while_the_timeline_works_in_another_tab(
    browser: Browser, seed_warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "refresh.duckdb"
    shutil.copyfile(seed_warehouse, db)
    with streamlit_server(db) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        data_tab = context.new_page()
        data_tab.goto(url + "/data")
        expect(data_tab.get_by_text("Freshness")).to_be_visible(timeout=60_000)
        expect(data_tab.get_by_text("never run").first).to_be_visible()
        data_tab.get_by_role("button", name="Refresh now").nth(1).click()  # hub: this machine is offline
        timeline_tab = context.new_page()
        open_chart(timeline_tab, url + "/?tickers=NVDA")
        assert "DeepSeek-R1" in chart_text(timeline_tab)
        expect(data_tab.get_by_text("hub: No internet: 0/")).to_be_visible(timeout=60_000)
        expect(data_tab.get_by_text("is unchanged", exact=False).first).to_be_visible()
        expect(data_tab.get_by_text("hub: running")).to_have_count(0)
        data_tab.get_by_text("Details:", exact=False).first.click()  # the per-item details are folded away
        expect(data_tab.get_by_text("network unreachable").first).to_be_visible()
        data_tab.screenshot(path=str(ARTIFACTS / "data.png"), full_page=True)
        timeline_tab.reload()
        open_chart(timeline_tab, url + "/?tickers=NVDA")
        assert "DeepSeek-R1" in chart_text(timeline_tab)
        context.close()


def test_downloaded_impact_report_opens_offline_with_the_pages_numbers(server: str, page: Page, tmp_path: Path) -> None:
    open_chart(page, server + "/impact?tickers=NVDA,AVGO,TSM")
    shown = page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert shown == "−16.97 %"
    with page.expect_download(timeout=120_000) as waiting:
        page.get_by_role("button", name="Download report").click()
    download = waiting.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.name.startswith("aftershock_") and target.name.endswith("_impact_deepseek-r1.html")
    text = target.read_text(encoding="utf-8")
    assert "<script src=" not in text and text.count("Plotly.newPlot(") >= 3
    assert "−16.97 %" in text  # NVDA's raw return, as the page shows it
    offline = page.context.browser.new_context(offline=True)
    try:
        report_tab = offline.new_page()
        report_tab.goto(target.as_uri())
        report_tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert report_tab.locator(".js-plotly-plot").count() >= 3
        expect(report_tab.get_by_text("Event study results")).to_be_visible()
    finally:
        offline.close()


def test_markdown_in_url_parameters_shows_as_text_and_fetches_nothing(server: str, page: Page) -> None:
    """A crafted link must not put a clickable phishing link or a tracking image into the app."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/?orgs=[Session expired](https://evil.example/login)&tickers=![x](http://127.0.0.1:9/p.png)")
    warning = page.get_by_text("Session expired", exact=False).first
    expect(warning).to_be_visible(timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.locator("img[src*='127.0.0.1:9']").count() == 0
    fetched = [url for url in requested if not url.startswith(server)]
    assert not [url for url in fetched if "127.0.0.1:9/" in url or "evil.example" in url]
    assert "[Session expired](https://evil.example/" in page.inner_text("body").replace("\u200b", "")


PAGES = {
    "Launch impact": "/impact",
    "Adoption": "/adoption",
    "Benchmarks": "/benchmarks",
    "Reports": "/reports",
    "Data & pipelines": "/data",
    "Market timeline": "/",
}


def test_filters_chosen_once_follow_the_user_through_all_six_pages(server: str, page: Page) -> None:
    """Choose AMD, INTC, TSM and Meta on the timeline, then click through every page and back."""
    open_chart(page, server + "/?tickers=AMD&orgs=Meta")
    sidebar = page.locator('[data-testid="stSidebar"]')
    tickers = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Tickers")
    for symbol in ("INTC", "TSM"):  # chosen in the widget, after AMD and Meta from a shared link
        tickers.locator("input").fill(symbol)
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{symbol}**")
    chosen = ("AMD", "INTC", "TSM")
    for name, path in PAGES.items():
        sidebar.locator('[data-testid="stSidebarNav"] a').filter(has_text=name).first.click()
        page.wait_for_url(lambda url, path=path: urlsplit(url).path == path, timeout=30_000)
        page.wait_for_url(  # the page has run and written its URL
            lambda url: "tickers=AMD,INTC,TSM" in url.replace("%2C", ",") and "orgs=Meta" in url, timeout=30_000
        )
        expect(page.locator("h1").first).to_be_visible(timeout=30_000)
        if name in ("Launch impact", "Market timeline"):
            box = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Tickers")
            for symbol in chosen:
                expect(box.get_by_text(symbol, exact=True)).to_be_visible()
            expect(box.get_by_text("NVDA", exact=True)).to_have_count(0)
        if name in ("Launch impact", "Market timeline", "Adoption"):
            box = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Organisations")
            expect(box.get_by_text("Meta", exact=True)).to_be_visible()
        assert "Traceback" not in page.content()


LABELS_OUTSIDE = """() => {
    const out = [];
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        const box = plot.querySelector('svg.main-svg').getBoundingClientRect();
        const labels = '.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .gtitle';
        for (const label of plot.querySelectorAll(labels)) {
            const r = label.getBoundingClientRect();
            if (r.width === 0) continue;
            if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
                out.push(label.textContent);
            }
        }
    }
    return out;
}"""


@pytest.mark.parametrize("query", [{"tickers": "NVDA,AVGO,TSM"}, {"scope": "all"}], ids=["three", "universe"])
def test_html_report_fits_the_screen_and_keeps_every_label_inside_its_chart(
    seed_warehouse: Path, browser: Browser, tmp_path: Path, query: dict
) -> None:
    from reporting.cli import build_impact
    from reporting.report import to_html
    from views.source import Warehouse

    built, problems = build_impact({"launch": "deepseek-r1", **query}, Warehouse(seed_warehouse))
    assert not problems
    document = tmp_path / "report.html"
    document.write_bytes(to_html(built))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    page.goto(document.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_timeout(1000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "no horizontal scroll"
    assert page.locator(".js-plotly-plot").count() == len(built.figures)
    assert page.evaluate(LABELS_OUTSIDE) == []
    if query.get("scope") != "all":
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report_top.png"))
        page.get_by_text("Event study results").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "report_table.png"))
    context.close()


def test_up_front_headline_is_above_the_fold_on_a_laptop(browser: Browser, server: str) -> None:
    """The default page answers first: the headline with NVIDIA's −16.97 % is visible without scrolling."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        open_chart(tab, server + "/")
        headline = tab.locator("h3").filter(has_text="−16.97").first
        expect(headline).to_be_visible(timeout=30_000)
        assert "NVIDIA" in headline.inner_text() and "DeepSeek-R1" in headline.inner_text()
        box = headline.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, box
        assert tab.locator(".js-plotly-plot").first.bounding_box()["y"] < 800  # the chart starts in view too
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "timeline_headline_1280.png"))
    finally:
        context.close()


def test_compare_and_kinds_pages_open_from_their_urls(server: str, page: Page) -> None:
    open_chart(page, server + "/compare?compare=deepseek-v3,deepseek-r1,qwen2-5-max,llama-4&tickers=NVDA,AMD")
    expect(page.locator("h1").filter(has_text="Compare launches")).to_be_visible()
    text = chart_text(page)
    for title in ("DeepSeek-V3", "DeepSeek-R1", "Qwen2.5-Max", "Llama 4"):
        assert title in text, title
    expect(page.get_by_text("What do these numbers mean?")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    open_chart(page, server + "/kinds?group=chipmaker&attr=reasoning")
    expect(page.get_by_text("48 of 101 launches excluded for confounder flags")).to_be_visible(timeout=60_000)
    expect(page.locator("h1").filter(has_text="What kinds of launches move chipmakers?")).to_be_visible()
    assert "Traceback" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "kinds.png"), full_page=True)
