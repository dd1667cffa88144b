"""Every page readable in light and dark, on a laptop and a phone: titled charts, readable text, distinct series.

Chromium emulates the browser's colour scheme (`color_scheme`); the dashboard follows it. For each of
1,280 px and 390 px × light and dark, every page is opened and each plotly chart is read back from
the browser: its title, the colour of its text against the page behind it, and its series' styles.
"""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page, expect

from tests import test_browser
from tests.test_browser import ARTIFACTS

server = test_browser.server  # the browser tests' fixtures: a server on the seed and a Chromium per module
browser = test_browser.browser

# page name → (path, the least number of charts it draws with default filters)
PAGES = {
    "Market timeline": ("/", 1),
    "Launch impact": ("/impact", 4),
    "Compare launches": ("/compare", 1),
    "Launch kinds": ("/kinds", 1),
    "Adoption": ("/adoption", 6),
    "Benchmarks": ("/benchmarks", 2),
    "Reports": ("/reports", 0),
    "Data & pipelines": ("/data", 0),
}
MIN_CONTRAST = 3.0

# What the browser drew: per chart, its title, the colours of its text, the effective background
# (the chart's paper if opaque, else the page's) and one style key per legend entry.
READ_CHARTS = """() => {
    const rgb = (c) => {
        const m = (c || '').match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(',').map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
    };
    let node = document.querySelector('[data-testid="stMain"]') || document.body;
    let page = rgb(getComputedStyle(node).backgroundColor);
    while (page && page.a === 0 && node.parentElement) {
        node = node.parentElement;
        page = rgb(getComputedStyle(node).backgroundColor);
    }
    if (!page || page.a === 0) page = rgb(getComputedStyle(document.body).backgroundColor);
    const charts = [];
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        const full = gd._fullLayout || {};
        const paper = rgb(getComputedStyle(gd.querySelector('.main-svg .bg') || gd).fill) || null;
        const own = (gd.layout || {}).title;
        const raw = typeof own === 'string' ? own : ((own || {}).text || '');
        const title = raw.replace(/<br ?[/]?>/gi, ' · ').replace(/<[^>]+>/g, '').trim();
        const texts = [...gd.querySelectorAll('.gtitle, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text')]
            .map((t) => getComputedStyle(t).fill).filter((f) => f && f !== 'none');
        const styles = [];
        for (const trace of gd._fullData || []) {
            if (trace.showlegend === false || !trace.name || trace.visible === 'legendonly') continue;
            const line = trace.line || {};
            const marker = trace.marker || {};
            const colour = typeof marker.color === 'string' && trace.type !== 'scatter' ? marker.color
                : (line.color || marker.color);
            if (typeof colour !== 'string') continue;
            styles.push({name: trace.name, colour, dash: line.dash || '', symbol: String(marker.symbol || ''),
                         pattern: String((marker.pattern || {}).shape || '')});
        }
        charts.push({title, texts, styles, paper_bg: full.paper_bgcolor || ''});
    }
    return {page, charts};
}"""


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: dict) -> float:
    return 0.2126 * _channel(colour["r"]) + 0.7152 * _channel(colour["g"]) + 0.0722 * _channel(colour["b"])


def parse_css(colour: str) -> dict:
    colour = colour.strip()
    if colour.startswith("#"):
        h = colour[1:]
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1}
    inner = colour[colour.index("(") + 1 : colour.index(")")]
    parts = [float(p) for p in inner.split(",")]
    return {"r": parts[0], "g": parts[1], "b": parts[2], "a": parts[3] if len(parts) > 3 else 1}


def contrast(a: dict, b: dict) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(colour: dict, background: dict) -> dict:
    """colour composited over background (alpha), as the eye sees it."""
    alpha = colour.get("a", 1)
    return {k: alpha * colour[k] + (1 - alpha) * background[k] for k in "rgb"} | {"a": 1}


def wait_for_page(page: Page, charts: int) -> None:
    """The script has finished and at least `charts` charts have drawn."""
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1").first).to_be_visible(timeout=60_000)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=60_000
    )
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
    page.wait_for_timeout(500)


# Each page is loaded once and read in every state: Chromium switches the colour scheme and the
# viewport of a loaded page, and Streamlit's theme and plotly's charts follow (a reload per state
# would cost four times as long).
STATES = [(1280, "light"), (1280, "dark"), (390, "dark"), (390, "light")]


def problems_in(drawn: dict, name: str, scheme: str) -> list[str]:
    """What a reader would trip over in one drawn state of a page."""
    background = drawn["page"]
    found = []
    if (luminance(background) < 0.2) != (scheme == "dark"):
        found.append(f"{name}: page background {background} does not follow the {scheme} scheme")
    for chart in drawn["charts"]:
        label = f"{name} ({scheme}): chart {chart['title'] or '(untitled)'!r}"
        if not chart["title"]:
            found.append(f"{label} has no title")
        for fill in set(chart["texts"]):
            ratio = contrast(over(parse_css(fill), background), background)
            if ratio < MIN_CONTRAST:
                found.append(f"{label}: text {fill} on {background} has contrast {ratio:.2f}")
        keys = [(s["colour"].lower(), s["dash"], s["symbol"], s["pattern"]) for s in chart["styles"]]
        if len(set(keys)) != len(keys):
            found.append(f"{label}: two series share one style: {chart['styles']}")
        for style in chart["styles"]:
            ratio = contrast(over(parse_css(style["colour"]), background), background)
            if ratio < MIN_CONTRAST:
                found.append(f"{label}: series {style['name']!r} {style['colour']} contrast {ratio:.2f}")
    return found


def followed(page: Page, scheme: str, timeout: float = 15) -> None:
    """Wait until the page's background is the scheme's (Streamlit follows the browser's setting)."""
    deadline = time.monotonic() + timeout
    while (luminance(page.evaluate(READ_CHARTS)["page"]) < 0.2) != (scheme == "dark"):
        assert time.monotonic() < deadline, f"the page did not follow the {scheme} scheme"
        page.wait_for_timeout(100)


def test_every_page_is_readable_in_light_and_dark_on_a_laptop_and_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    problems: list[str] = []
    charts_seen = 0
    try:
        for name, (path, least) in PAGES.items():
            page.goto(server + path)
            wait_for_page(page, least)
            assert "Traceback" not in page.content(), name
            if path == "/":
                for title in PAGES:  # link names are the page names, no icon name in them
                    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(1)
            for width, scheme in STATES:
                page.set_viewport_size({"width": width, "height": 900})
                page.emulate_media(color_scheme=scheme)
                followed(page, scheme)
                page.wait_for_timeout(400)  # charts redraw at the new size and in the new theme
                drawn = page.evaluate(READ_CHARTS)
                charts_seen += len(drawn["charts"])
                problems += problems_in(drawn, f"{name} at {width} px", scheme)
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                slug = path.strip("/") or "timeline"
                page.screenshot(path=str(ARTIFACTS / f"theme_{scheme}_{width}_{slug}.png"))
    finally:
        context.close()
    assert charts_seen >= 4 * 14
    assert not problems, "\n".join(problems)
