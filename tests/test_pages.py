"""The pages, run by Streamlit's AppTest against a real warehouse file."""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.warehouse import REPO_ROOT
from views import figures

TIMEOUT = 120


def app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=TIMEOUT)


def chart(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def values(array: object) -> list:
    """Plotly serialises numeric arrays as base64 ('bdata'); decode them for assertions."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def shown(markdown: str) -> str:
    """The text a reader sees of a message whose Markdown marks are escaped (\\[ → [)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


def price_traces(spec: dict) -> list[str]:
    return [t["name"] for t in spec["data"] if t.get("name") != "Launches"]


def marker_labels(spec: dict) -> list[str]:
    return [label for t in spec["data"] if t.get("mode") == "markers+text" for label in t["text"]]


def test_timeline_renders_the_defaults(warehouse: Path) -> None:
    at = app()
    at.run()
    assert not at.exception
    assert not at.warning
    spec = chart(at)
    assert price_traces(spec) == ["NVDA (USD)", "AVGO (USD)", "TSM (USD)", "AMD (USD)", "SOXX (USD)", "SPY (USD)"]
    assert "DeepSeek-R1" in marker_labels(spec)
    moves = at.dataframe[0].value.set_index("Launch · t0")
    row = [label for label in moves.index if label.startswith("DeepSeek-R1")][0]
    assert round(moves.loc[row, "NVDA"], 4) == -0.1697
    status = at.sidebar.caption[0].value.split("  \n")  # one fact a line
    assert status[0].startswith("Prices to") and status[-1].startswith("Embedded snapshot")


def test_every_launch_picker_names_each_launch_once(warehouse: Path) -> None:
    """The seed holds two "Claude 3.5 Sonnet" launches: a picker showing one name twice hands back the
    other launch on the next run, so each launch's label is unique (dated where names repeat)."""
    at = app()
    at.run()
    picker = at.multiselect(key="f_launches")
    assert len(set(picker.options)) == len(picker.options) > 100
    assert [o for o in picker.options if o.startswith("Claude 3.5 Sonnet")] == [
        "Claude 3.5 Sonnet (2024-06-20)", "Claude 3.5 Sonnet (2024-10-22)"
    ]


def test_changing_a_filter_changes_the_chart_and_the_url(warehouse: Path) -> None:
    at = app()
    at.run()
    at.multiselect(key="f_tickers").set_value(["NVDA", "AMD"]).run()
    at.multiselect(key="f_orgs").set_value(["Meta"]).run()
    assert not at.exception
    spec = chart(at)
    assert price_traces(spec) == ["NVDA (USD)", "AMD (USD)"]
    assert "DeepSeek-R1" not in marker_labels(spec)
    assert at.query_params["tickers"] == "NVDA,AMD"
    assert at.query_params["orgs"] == "Meta"


def test_url_opens_the_same_view(warehouse: Path) -> None:
    at = app()
    for key, value in {
        "tickers": "NVDA,AMD",
        "orgs": "DeepSeek",
        "start": "2024-12-01",
        "end": "2025-02-28",
        "view": "price",
    }.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.warning
    spec = chart(at)
    assert price_traces(spec) == ["NVDA (USD)", "AMD (USD)"]
    assert {"DeepSeek-V3", "DeepSeek-R1"} <= set(marker_labels(spec))
    assert len(marker_labels(spec)) == 3  # V3, R1 and the App Store milestone
    nvda = [t for t in spec["data"] if t["name"] == "NVDA (USD)"][0]
    assert 118.42 in values(nvda["y"])
    assert min(values(nvda["x"]))[:10] == "2024-12-02"  # the first trading day in the range


@pytest.mark.parametrize(
    ("key", "value", "needle"),
    [
        ("tickers", "ZZZZ9", "ZZZZ9"),
        ("orgs", "Nobody Labs", "Nobody Labs"),
        ("start", "2025-13-45", "2025-13-45"),
        ("view", "<script>", "<script>"),
    ],
)
def test_bad_url_parameter_warns_and_falls_back(warehouse: Path, key: str, value: str, needle: str) -> None:
    at = app()
    at.query_params[key] = value
    at.run()
    assert not at.exception
    assert not at.error
    assert any(needle in shown(w.value) for w in at.warning)
    assert price_traces(chart(at))


def test_missing_warehouse_is_built_on_first_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("AFTERSHOCK_DB", str(target))
    at = app()
    at.run()
    assert not at.exception
    assert target.exists()
    assert "DeepSeek-R1" in marker_labels(chart(at))


def impact() -> AppTest:
    at = app()
    at.switch_page("app/pages/impact.py")
    return at


def test_impact_page_shows_the_headline_numbers(warehouse: Path) -> None:
    at = impact()
    at.run()
    assert not at.exception and not at.error
    metrics = {m.label.split(" ")[0]: m for m in at.metric}
    assert metrics["NVDA"].value == "−16.97 %"
    assert metrics["AVGO"].value == "−17.40 %"
    assert "abnormal" in metrics["NVDA"].delta
    results = at.dataframe[0].value.set_index("ticker")
    assert round(results.loc["TSM", "raw_return"], 4) == -0.1333
    assert results.loc["NVDA", "p_value"] < 0.001  # the table writes it '< 0.001' (tests/test_tables.py)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    kinds = [c["data"][0]["type"] for c in charts]
    assert "heatmap" in kinds and "bar" in kinds
    ranking = at.dataframe[2].value
    assert len(ranking) == 25 and ranking["car"].abs().is_monotonic_decreasing


def test_impact_url_parameters_drive_the_study(warehouse: Path) -> None:
    at = impact()
    at.query_params["launch"] = "qwen3"
    at.query_params["window"] = "-1:1"
    at.query_params["benchmark"] = "SOXX"
    at.run()
    assert not at.exception and not at.warning
    assert "Qwen3" in at.title[0].value
    assert at.selectbox(key="s_benchmark").value == "SOXX"
    assert "[−1, +1]" in at.caption[0].value


def test_impact_garbage_url_warns(warehouse: Path) -> None:
    at = impact()
    at.query_params["launch"] = "no-such-launch"
    at.query_params["window"] = "9:1"
    at.run()
    assert not at.exception
    texts = " ".join(shown(w.value) for w in at.warning)
    assert "no-such-launch" in texts and "9 > 1" in texts
    assert "DeepSeek-R1" in shown(at.title[0].value)


def adoption(url: dict[str, str] | None = None) -> AppTest:
    at = app()
    at.switch_page("app/pages/adoption.py")
    for key, value in (url or {}).items():
        at.query_params[key] = value
    return at


def traces(at: AppTest, key: str) -> list[dict]:
    return [t for t in json.loads(at.get("plotly_chart")[_chart_index(at, key)].proto.spec)["data"]]


def _chart_index(at: AppTest, key: str) -> int:
    for i, element in enumerate(at.get("plotly_chart")):
        if element.proto.id.endswith(key) or key in element.proto.id:
            return i
    raise AssertionError(f"no chart {key}")


def test_adoption_shows_the_download_history_of_the_seed(warehouse: Path) -> None:
    at = adoption()
    at.run()
    assert not at.exception and not at.error and not at.warning
    over_time = [t for t in traces(at, "downloads_chart") if t.get("name") != "Launches"]
    names = {t["name"] for t in over_time}
    assert {"DeepSeek-R1", "GLM-4.7", "Kimi-K2-Thinking"} <= names
    assert all(t["mode"] == "lines+markers" for t in over_time)
    glm = [t for t in over_time if t["name"] == "GLM-4.7"][0]
    symbols = set(glm["marker"]["symbol"])  # exact filled, rounded open (a square: the ninth organisation's shape)
    assert any(s.endswith("-open") for s in symbols) and any(not s.endswith("-open") for s in symbols)
    curves = {t["name"] for t in traces(at, "launch_curves_chart")}
    assert len(curves) >= 4 and {"Kimi K2 Thinking", "DeepSeek-V3.2", "GLM-4.7"} <= curves
    assert {t["name"] for t in traces(at, "launch_car_chart") if t.get("name")} >= curves - {None}
    assert any("GLM-4.6" in shown(c.value) and "39 days" in shown(c.value) for c in at.caption)  # labelled, not drawn
    bars = traces(at, "ranking_chart")
    assert bars and all(t["type"] == "bar" for t in bars) and "M" in " ".join(bars[0]["text"])
    assert traces(at, "share_chart") and traces(at, "likes_chart")
    summary = [d.value for d in at.dataframe if "downloads_30d" in d.value.columns][0]
    assert summary.set_index("repo_id").loc["deepseek-ai/DeepSeek-R1", "downloads_30d"] >= 1e6  # shown as "1.1 M"
    # precision in words, in the tables and the hover texts: never the stored code "rounded_display"
    assert "rounded" in " ".join(summary["precision"]) and "rounded_display" not in " ".join(summary["precision"])
    assert not any("rounded_display" in str(row) for t in over_time for row in t.get("customdata", []))
    infos = [i.value for i in at.info]
    assert sum("Not in this data yet" in i for i in infos) == 1  # said once
    assert any(i.startswith("No daily download series is stored") for i in infos)  # no empty section
    assert "Chipmakers (group)" in at.selectbox(key="a_sec").options
    assert sum("all-time totals" in c.value for c in at.caption) == 1  # daily downloads: one sentence


def test_adoption_controls_are_in_the_url(warehouse: Path) -> None:
    at = adoption({"orgs": "Zhipu AI (Z.ai),Anthropic", "count": "all", "date": "2026-03-01", "top": "5"})
    at.run()
    assert not at.exception and not at.error
    assert at.query_params["orgs"] == "Zhipu AI (Z.ai),Anthropic"
    assert at.query_params["count"] == "all" and at.query_params["date"] == "2026-03-01"
    assert at.query_params["top"] == "5"
    assert any("Anthropic" in shown(i.value) and "no Hugging Face organisation" in shown(i.value) for i in at.info)
    ranking = traces(at, "ranking_chart")
    assert sum(len(t["y"]) for t in ranking) <= 5
    at.multiselect(key="a_models").set_value(["zai-org/GLM-4.7"]).run()
    assert at.query_params["models"] == "zai-org/GLM-4.7"


def test_adoption_shows_the_daily_series_of_two_hub_runs(
    hub_series_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERSHOCK_DB", str(hub_series_warehouse))
    at = adoption({"orgs": "DeepSeek", "models": "deepseek-ai/DeepSeek-R1,deepseek-ai/DeepSeek-V3"})
    at.run()
    assert not at.exception and not at.error
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert not any("No daily download series" in i.value for i in at.info)
    bars = [t for t in traces(at, "daily_chart") if t["type"] == "bar"]
    assert {b["name"] for b in bars} == {"deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3"}
    r1 = [b for b in bars if b["name"] == "deepseek-ai/DeepSeek-R1"][0]
    assert values(r1["y"]) == [24_000.0, 23_000.0]
    assert any(c["data"][0].get("y") and "DeepSeek" in str(c["data"][0]["y"]) for c in charts)  # new models


def test_adoption_bad_url_warns(warehouse: Path) -> None:
    at = adoption({"models": "nobody/nothing", "start": "soon"})
    at.run()
    assert not at.exception
    text = " ".join(shown(w.value) for w in at.warning)
    assert "nobody/nothing" in text and "soon" in text


def benchmarks_page(url: dict[str, str] | None = None) -> AppTest:
    at = app()
    at.switch_page("app/pages/benchmarks.py")
    for key, value in (url or {}).items():
        at.query_params[key] = value
    return at


def test_benchmarks_shows_the_r1_table_and_the_scatter(warehouse: Path) -> None:
    at = benchmarks_page()
    at.run()
    assert not at.exception and not at.error and not at.warning
    charts = {json.loads(c.proto.spec)["data"][0]["type"]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    bars = [t for t in charts["bar"]["data"]]
    assert {t["name"] for t in bars} == {
        "DeepSeek-R1",
        "OpenAI o1 (2024-12-17)",
        "OpenAI o1-mini",
        "DeepSeek-V3",
        "Claude 3.5 Sonnet (2024-10-22)",
        "GPT-4o (2024-05-13)",
    }
    r1 = [t for t in bars if t["name"] == "DeepSeek-R1"][0]
    scores = dict(zip(r1["y"], values(r1["x"]), strict=True))
    assert scores["AIME 2024 · Pass@1"] == 79.8 and scores["MATH-500 · Pass@1"] == 97.3
    o1 = [t for t in bars if t["name"] == "OpenAI o1 (2024-12-17)"][0]
    assert dict(zip(o1["y"], values(o1["x"]), strict=True))["AIME 2024 · Pass@1"] == 79.2
    # a percentile and an Elo rating never share the pass@1 axis: each scale has its own, titled with its unit
    axis_of = {label: t["xaxis"] for t in bars for label in t["y"]}
    assert len({axis_of["AIME 2024 · Pass@1"], axis_of["Codeforces · Percentile"], axis_of["Codeforces · Rating"]}) == 3
    layout = charts["bar"]["layout"]
    titles = {layout[k]["title"]["text"] for k in layout if k.startswith("xaxis")}
    assert titles == {"Score (%)", "Percentile (of human contestants)", "Rating (Elo)"}
    assert layout["title"]["text"]
    # the default table's source is named, with its link, above the chart
    source = [c.value for c in at.caption if c.value.startswith("Source:")]
    assert source and "DeepSeek" in source[0] and "](https://github.com/deepseek-ai/DeepSeek-R1/" in source[0]
    history = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "benchmark_history" in c.proto.id]
    assert len(history) == 1 and history[0]["layout"]["title"]["text"].startswith("AIME 2024")
    legend = [t for t in history[0]["data"] if t.get("showlegend") is not False and t.get("name") != "Launches"]
    assert 2 <= len(legend) <= 10
    assert not any(t.get("text") for t in history[0]["data"])  # launches carry their names on hover, not as text
    points = [
        t
        for c in at.get("plotly_chart")
        for t in json.loads(c.proto.spec)["data"]
        if t.get("type") == "scatter" and t.get("mode") == "markers+text" and t.get("name") != "Launches"
    ]
    names = {row[4] for t in points for row in t["customdata"]}  # every launch is a point, named on hover
    for launch in ("DeepSeek-R1", "Qwen3", "Llama 4", "Kimi K2", "gpt-oss-120b"):
        assert launch in names, launch
    labels = [label for t in points for label in t["text"] if label]  # only the standouts are named on the chart
    assert "DeepSeek-R1" in labels and len(labels) <= figures.SCATTER_LABELS < len(names)
    scatter = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "markers+text" in c.proto.spec][0]
    assert scatter["layout"]["legend"]["title"]["text"] == "Organisation"
    assert not any(code in c.value for c in at.caption for code in ("`_high`", "`mean_score`", "`Started at`"))


def test_benchmarks_url_changes_the_scatter_and_garbage_warns(warehouse: Path) -> None:
    at = benchmarks_page({"x": "MMLU", "y": "downloads_all_time", "color": "country"})
    at.run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="b_y").value == "downloads_all_time"
    assert at.radio(key="b_colour").options == ["Organisation", "Country"]
    assert "group:" not in " ".join(at.selectbox(key="b_sec").options)
    bad = benchmarks_page({"x": "Nope", "sec": "ZZZ", "source": "blog"})
    bad.run()
    assert not bad.exception
    text = " ".join(shown(w.value) for w in bad.warning)
    assert "Nope" in text and "ZZZ" in text and "blog" in text


def test_benchmarks_downloads_outcome_uses_the_snapshot_at_a_chosen_date(warehouse: Path) -> None:
    at = benchmarks_page({"y": "downloads_30d", "x": "GPQA Diamond", "source": "all"})
    at.run()
    assert not at.exception and not at.error
    scatter = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "capability_scatter" in c.proto.id][0]
    newest = sum(len(t["x"]) for t in scatter["data"])
    assert newest >= 8  # every launch with a GPQA score and a stored 30-day count
    at.date_input(key="b_dl_date").set_value(date(2025, 12, 31)).run()
    assert at.query_params["dl_date"] == "2025-12-31"
    scatter = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "capability_scatter" in c.proto.id][0]
    assert 0 < sum(len(t["x"]) for t in scatter["data"]) < newest


def test_benchmarks_over_time_charts_the_picked_benchmarks_with_one_axis_per_scale(warehouse: Path) -> None:
    at = benchmarks_page({"over_time": "Codeforces,MMLU"})
    at.run()
    assert not at.exception and not at.warning
    assert at.multiselect(key="b_over_time").value == ["Codeforces", "MMLU"]
    history = {
        c.proto.id.rsplit("benchmark_history_", 1)[1]: json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if "benchmark_history" in c.proto.id
    }
    assert set(history) == {"Codeforces", "MMLU"}
    layout = history["Codeforces"]["layout"]
    titles = {layout[k]["title"]["text"] for k in layout if k.startswith("yaxis") and "title" in layout[k]}
    assert titles == {"Percentile (of human contestants)", "Rating (Elo)"}
    for trace in history["Codeforces"]["data"]:
        if trace.get("mode") == "markers" and trace.get("name") != "Launches":
            scores = values(trace["y"])
            on_rating_axis = trace["yaxis"] == "y2"
            assert all(v > 100 for v in scores) == on_rating_axis, trace["name"]
    assert at.query_params["over_time"] == "Codeforces,MMLU"
    at.multiselect(key="b_over_time").set_value(["AIME 2024"]).run()
    assert "over_time" not in at.query_params  # the default stays out of the shared URL
