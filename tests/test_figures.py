"""Figure builders: traces, markers and their hover text, without Streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from views import adoption_figures, chart_text, figures, numbers, palette


def prices() -> pd.DataFrame:
    days = pd.to_datetime(["2025-01-23", "2025-01-24", "2025-01-27", "2025-01-28"])
    nvda = pd.DataFrame({"ticker": "NVDA", "currency": "USD", "date": days, "close": [147.22, 142.62, 118.42, 128.99]})
    tencent = pd.DataFrame(
        {"ticker": "0700.HK", "currency": "HKD", "date": days, "close": [400.0, 404.0, 409.2, 410.0]}
    )
    frame = pd.concat([nvda, tencent], ignore_index=True)
    frame["indexed"] = 100 * frame["close"] / frame.groupby("ticker")["close"].transform("first")
    return frame


def launches() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "launch_id": ["deepseek-r1", "qwen2-5-max"],
            "date": pd.to_datetime(["2025-01-20", "2025-01-29"]),
            "market_date": pd.to_datetime(["2025-01-27", None]),
            "event_date": pd.to_datetime(["2025-01-27", "2025-01-29"]),
            "model": ["DeepSeek-R1 (+ R1-Zero, R1-Distill)", "Qwen2.5-Max"],
            "organization": ["DeepSeek", "Alibaba (Qwen)"],
            "country": ["China", "China"],
        }
    )


def test_timeline_draws_one_line_per_ticker_with_currency() -> None:
    fig = figures.timeline(prices(), launches(), indexed=True)
    lines = [t for t in fig.data if t.name != "Launches"]
    assert [t.name for t in lines] == ["NVDA (USD)", "0700.HK (HKD)"]
    assert lines[0].y[0] == 100
    assert round(lines[0].y[2], 2) == round(100 * 118.42 / 147.22, 2)


def test_raw_price_toggle_plots_closes() -> None:
    fig = figures.timeline(prices(), launches(), indexed=False)
    assert list(fig.data[0].y) == [147.22, 142.62, 118.42, 128.99]
    assert "local currency" in fig.layout.yaxis.title.text


def test_launch_markers_sit_on_their_market_dates_with_hover() -> None:
    fig = figures.timeline(prices(), launches(), indexed=True)
    markers = [t for t in fig.data if t.name == "Launches" and t.mode == "markers+text"][0]
    assert list(markers.x) == ["2025-01-27", "2025-01-29"]
    assert list(markers.text) == ["DeepSeek-R1", "Qwen2.5-Max"]
    assert "DeepSeek" in markers.hovertext[0] and "China" in markers.hovertext[0]
    assert "released 2025-01-20" in markers.hovertext[0] and "market date 2025-01-27" in markers.hovertext[0]
    assert list(markers.customdata) == ["deepseek-r1", "qwen2-5-max"]
    lines = [t for t in fig.data if t.name == "Launches" and t.mode == "lines"][0]
    assert list(lines.x) == ["2025-01-27", "2025-01-27", None, "2025-01-29", "2025-01-29", None]
    assert lines.yaxis == "y2" and fig.layout.yaxis2.range == (0, 1.02)
    assert fig.layout.xaxis.type == "date"


def test_no_launches_draws_no_markers() -> None:
    fig = figures.timeline(prices(), launches().iloc[0:0], indexed=True)
    assert all(t.name != "Launches" for t in fig.data)


def test_car_bars_mark_significance() -> None:
    results = pd.DataFrame(
        {
            "ticker": ["NVDA", "META", "QCOM"],
            "car": [-0.13, 0.04, 0.02],
            "car_se": [0.026, 0.02, 0.019],
            "p_value": [1e-6, 0.04, 0.21],
            "t_stat": [-5.0, 2.0, 1.25],
            "raw_return": [-0.17, 0.02, -0.005],
        }
    )
    fixed = {"NVDA": "#0072B2", "META": "#D55E00", "QCOM": "#009E73"}
    fig = figures.car_bars(results, colours=fixed)
    bar = fig.data[0]
    assert bar.orientation == "h"  # every ticker keeps a readable label on a phone
    assert list(bar.y) == ["NVDA", "QCOM", "META"]
    assert dict(zip(bar.y, bar.marker.color, strict=True)) == fixed  # each ticker keeps its colour
    shapes = dict(zip(bar.y, bar.marker.pattern.shape, strict=True))
    assert shapes["NVDA"] == shapes["META"] == "" and shapes["QCOM"] == "/"  # significance is the fill, not red
    assert "hatched: not significant" in fig.layout.title.text


def test_one_colour_per_ticker_whatever_the_chart_shows() -> None:
    colours = palette.colour_map(["NVDA", "AMD", "AVGO", "TSM"])
    prices = pd.DataFrame(
        {"ticker": ["TSM", "NVDA"], "date": pd.to_datetime(["2025-01-02"] * 2), "close": [1.0, 2.0],
         "indexed": [100.0, 100.0], "currency": ["USD", "USD"]}
    )
    lines = {t.name.split()[0]: t.line.color for t in figures.timeline(prices, launches().head(0), indexed=True,
                                                                      colours=colours).data}
    paths = pd.DataFrame({"ticker": ["NVDA", "TSM"], "tau": [0, 0], "ar": [0.1, 0.2], "car": [0.1, 0.2]})
    path_lines = {t.name: t.line.color for t in figures.car_paths(paths, colours=colours).data}
    assert lines == path_lines == {"NVDA": colours["NVDA"], "TSM": colours["TSM"]}


def test_heatmap_orders_launches_by_date_and_leaves_gaps() -> None:
    results = pd.DataFrame(
        {
            "launch_id": ["qwen2-5-max", "deepseek-r1", "deepseek-r1"],
            "ticker": ["NVDA", "NVDA", "0700.HK"],
            "car": [0.01, -0.2, 0.02],
        }
    )
    fig = figures.car_heatmap(results, launches())
    heat = fig.data[0]
    assert list(heat.y) == ["DeepSeek-R1", "Qwen2.5-Max"]
    assert list(heat.x) == ["0700.HK", "NVDA"]
    assert pd.isna(heat.z[1][0])


def test_short_model_keeps_labels_short() -> None:
    assert figures.short_model("DeepSeek-R1 (+ R1-Zero, R1-Distill)") == "DeepSeek-R1"
    assert figures.short_model("gpt-oss-120b / gpt-oss-20b") == "gpt-oss-120b"
    assert len(figures.short_model("DeepSeek app overtakes ChatGPT on US Apple App Store")) <= figures.SHORT_LABEL


def every_builder() -> dict[str, go.Figure]:
    """One figure from each builder of the dashboard's pages (those this module owns)."""
    results = pd.DataFrame(
        {"ticker": ["NVDA", "AMD"], "car": [-0.13, 0.02], "car_se": [0.02, 0.02], "p_value": [0.001, 0.4],
         "t_stat": [-5.0, 1.0], "raw_return": [-0.17, 0.01], "launch_id": ["deepseek-r1"] * 2}
    )
    paths = pd.DataFrame(
        {"ticker": ["NVDA"] * 3, "tau": [-1, 0, 1], "ar": [0.0, -0.1, 0.01], "car": [0.0, -0.1, -0.09]}
    )
    days = pd.to_datetime(["2025-01-20", "2025-01-27", "2025-02-03"])
    snaps = pd.DataFrame(
        {"repo_id": ["deepseek-ai/DeepSeek-R1"] * 3, "organization": ["DeepSeek"] * 3, "as_of": days,
         "downloads_30d": [1e5, 2e6, 3e6], "precision": ["exact", "rounded", "exact"], "source": ["hub"] * 3}
    )
    orgs = palette.colour_map(["Alibaba (Qwen)", "DeepSeek"])
    kinds = pd.DataFrame({"label": ["Open weights", "Closed"], "n": [5, 4], "mean_car": [-0.02, 0.01],
                          "ci": [0.01, 0.01], "bmp_p_text": ["0.04", "0.5"]})
    compare = pd.DataFrame({"launch_id": ["deepseek-r1"] * 2, "key": ["NVDA"] * 2, "tau": [0, 1], "car": [-0.1, -0.05]})
    points = pd.DataFrame({"score": [80.0], "outcome": [-0.1], "launch_model": ["DeepSeek-R1"], "model": ["R1"],
                           "source": ["a"], "outcome_source": ["b"], "event_date": ["2025-01-27"], "org": ["DeepSeek"]})
    return {
        "timeline": figures.timeline(prices(), launches(), indexed=True),
        "car_bars": figures.car_bars(results, window="[0, +1]"),
        "car_paths": figures.car_paths(paths),
        "car_heatmap": figures.car_heatmap(results, launches(), window="[0, +1]"),
        "kind_bars": figures.kind_bars(kinds, label="label", window="[0, +1]"),
        "compare_paths": figures.compare_paths(compare, {"deepseek-r1": "DeepSeek-R1"}),
        "capability_scatter": figures.capability_scatter(points, x_label="GPQA", y_label="CAR", colour="org",
                                                         y_percent=True),
        "download_snapshots": figures.download_snapshots(snaps, launches(), column="downloads_30d"),
        "new_models": figures.new_models(snaps.assign(created_at=days), launches(), orgs),
        "downloads_over_time": adoption_figures.downloads_over_time(
            snaps, launches(), column="downloads_30d", org_colours=orgs, label="30-day downloads"
        ),
        "ranking_bars": adoption_figures.ranking_bars(snaps, value="downloads_30d", label="30-day downloads",
                                                      org_colours=orgs),
    }


def test_every_chart_is_titled_with_axis_titles_and_a_free_strip_for_the_mode_bar() -> None:
    for name, fig in every_builder().items():
        assert fig.layout.title.text, name
        assert fig.layout.title.xanchor == "left" and fig.layout.title.pad.t == figures.TITLE_TOP, name
        assert fig.layout.margin.t >= figures.TITLE_TOP + 30, name  # the title sits below the mode bar's strip
        titled_axes = [a for a in ("xaxis", "yaxis") if fig.layout[a].title.text]
        assert titled_axes, name


def test_no_text_colour_is_hard_coded_so_both_themes_can_read_it() -> None:
    """Text takes the theme's colour: no fixed colour reads at 4.5:1 on both white and #0E1117."""
    for name, fig in every_builder().items():
        for trace in fig.data:
            font = getattr(trace, "textfont", None)
            assert font is None or font.color is None, (name, trace.name)
        for note in fig.layout.annotations:
            assert note.font.color is None and note.bgcolor is None, name
        assert fig.layout.paper_bgcolor is None and fig.layout.plot_bgcolor is None, name  # the theme's


def test_launch_markers_take_their_organisation_colour_where_series_are_organisations() -> None:
    orgs = palette.colour_map(["Alibaba (Qwen)", "DeepSeek"])
    fig = every_builder()["downloads_over_time"]
    markers = [t for t in fig.data if t.name == "Launches" and "markers" in t.mode][0]
    assert list(markers.marker.color) == [orgs["DeepSeek"], orgs["Alibaba (Qwen)"]]
    timeline_markers = [t for t in every_builder()["timeline"].data if t.name == "Launches" and "markers" in t.mode][0]
    assert set(timeline_markers.marker.color) == {palette.NEUTRAL}  # never mistaken for a security's line


def test_summary_says_in_words_what_the_chart_shows() -> None:
    text = chart_text.summary(figures.timeline(prices(), launches(), indexed=True))
    assert text.startswith("Chart: Closes indexed to 100 and AI model launches")
    assert "NVDA (USD) 100.0 at 2025-01-23 to 87.6 at 2025-01-28." in text
    assert "2 launches marked: DeepSeek-R1" in text
    bars = chart_text.summary(every_builder()["car_bars"])
    assert "solid: p < 0.05" in bars and "highest AMD +2.0 %, lowest NVDA −13.0 %" in bars
    paths = chart_text.summary(every_builder()["car_paths"])
    assert "at −1 " in paths and "at -1" not in paths  # a true minus on the event-time axis too
    for name, fig in every_builder().items():
        said = chart_text.summary(fig)
        assert len(said) <= chart_text.MAX_CHARS and ".." not in said and "…." not in said, (name, said)
        assert not any(z in said for z in ("−0.0 %", "+0.0 %", "−0.0 ", "+0.0 ")), (name, said)


def test_summary_writes_shares_without_a_sign_and_changes_with_one() -> None:
    weeks = pd.to_datetime(["2025-12-07", "2025-12-14"])
    shares = pd.DataFrame(
        {"week_end": [*weeks, *weeks], "organization": ["DeepSeek", "DeepSeek", "Meta", "Meta"],
         "downloads_30d": [3e6, 1e6, 1e6, 3e6], "repos": [20, 20, 10, 10], "share": [0.75, 0.25, 0.25, 0.75]}
    )
    said = chart_text.summary(adoption_figures.org_shares(shares, ("DeepSeek", "Meta"), {}))
    assert "highest 2025-12-07 75.0 %, lowest 2025-12-14 25.0 %" in said and "+" not in said, said
    bars = chart_text.summary(every_builder()["car_bars"])
    assert "highest AMD +2.0 %" in bars  # a CAR is a change: signed


def test_summary_tells_the_series_that_moved_most_and_counts_the_rest() -> None:
    days = pd.date_range("2025-01-01", periods=3)
    fig = go.Figure(
        [go.Scatter(x=days, y=[100.0, 100.0 + i, 100.0 + 2 * i], name=f"S{i}…") for i in range(30)],
        layout={"title": {"text": "Many lines"}, "yaxis": {"title": {"text": "Level"}}},
    )
    said = chart_text.summary(fig)
    assert len(said) <= chart_text.MAX_CHARS
    assert "S29… 100 at 2025-01-01 to 158 at 2025-01-03" in said and "S0…" not in said
    told = said.count(" at 2025-01-01 to ")
    assert 1 <= told <= chart_text.MAX_SERIES and f"{30 - told} more series not described." in said
    assert "…." not in said
    zero = go.Figure([go.Bar(x=["A", "B"], y=[-0.00004, 0.0])], layout={"yaxis": {"tickformat": ".1%"}})
    assert "highest B 0 %, lowest A −0.004 %" in chart_text.summary(zero)


def test_each_benchmark_scale_is_read_from_its_metric_or_values() -> None:
    from views import benchmark_figures as bf

    def scale(metric: str, *scores: float) -> str:
        return bf.scale_of(metric, pd.Series(scores)).key

    assert scale("Percentile", 17.5, 96.6) == "percentile"
    assert scale("Codeforces rating", 2046.0) == scale("rating", 717.0) == "rating"
    assert scale("Pass@1", 79.8) == scale("Acc., 5-shot", 88.5) == "percent"
    assert scale("mean_score", 0.717, 0.692) == "share"
    assert scale("BPB, -", 0.542) == "bits"
    assert scale("points", 250.0) == "other"  # above 100 and unnamed: never on the % axis
    frame = pd.DataFrame(
        {
            "benchmark": ["Codeforces", "Codeforces", "AIME 2024"],
            "variant": [None, None, None],
            "metric": ["Percentile", "Rating", "Pass@1"],
            "score": [96.3, 2029.0, 79.8],
        }
    )
    assert bf.with_scale(frame)["scale"].tolist() == ["percentile", "rating", "percent"]


def history_rows(series: int) -> pd.DataFrame:
    days = pd.to_datetime(["2025-01-20", "2025-05-28"])
    rows = [
        {"benchmark": "B", "variant": None, "metric": f"m{i}", "model": "X", "source": "s", "launch_id": "deepseek-r1",
         "reported_date": day, "score": 50.0 + i + j, "best_so_far": 50.0 + i + j}
        for i in range(series)
        for j, day in enumerate(days)
    ]
    return pd.DataFrame(rows)


def test_history_keeps_at_most_ten_series_and_labels_no_launch() -> None:
    from views import benchmark_figures as bf

    fig = bf.history(history_rows(14), launches(), benchmark="B")
    legend = [t for t in fig.data if t.showlegend is not False and t.name != "Launches"]
    assert len(legend) == bf.MAX_SERIES
    assert fig.layout.title.text == "B: best reported score over time"
    assert fig.layout.yaxis.title.text == "Score (%)" and fig.layout.xaxis.title.text == "Reported date"
    marks = [t for t in fig.data if t.name == "Launches"]
    assert marks and not marks[0].text and "DeepSeek-R1" in marks[0].hovertext[0]  # only R1's model is scored
    assert len(marks[0].x) == 1
    chosen = bf.history(history_rows(14), launches(), benchmark="B", series=["m12", "m13"])
    assert {t.name for t in chosen.data if t.showlegend is not False and t.name != "Launches"} == {"m12", "m13"}


def test_downloads_lines_follow_time_and_stop_at_gaps() -> None:
    """Each repo's line runs in time order whatever the rows' order, repos in the order they first appear; a
    line stops (an empty point half a day after the snapshot) where the next snapshot is more than GAP_DAYS
    later; markers are filled for exact numbers and open for rounded ones, and the hover text counts."""
    days = pd.to_datetime(["2025-02-20", "2025-01-20", "2025-01-27", "2025-01-21", "2025-01-22"])
    snaps = pd.DataFrame({
        "repo_id": ["deepseek-ai/DeepSeek-R1"] * 3 + ["Qwen/QwQ-32B"] * 2,
        "organization": ["DeepSeek"] * 3 + ["Alibaba (Qwen)"] * 2,
        "as_of": days,
        "downloads_30d": pd.array([3_000_000, 100_000, 2_000_000, 5_000, 6_000], dtype="Int64"),
        "precision": ["exact", "exact", "rounded", "exact", None],
        "source": ["hub", "hub", "page", "hub", "hub"],
    })
    orgs = palette.colour_map(["Alibaba (Qwen)", "DeepSeek"])
    fig = adoption_figures.downloads_over_time(snaps, launches().iloc[:0], column="downloads_30d",
                                               org_colours=orgs, label="30-day downloads")
    r1, qwq = fig.data
    assert (r1.name, qwq.name) == ("DeepSeek-R1", "QwQ-32B")
    # 2025-01-27 → 2025-02-20 is more than GAP_DAYS: an empty point at 2025-01-27 12:00 breaks the line
    assert [str(pd.Timestamp(x)) for x in r1.x] == [
        "2025-01-20 00:00:00", "2025-01-27 00:00:00", "2025-01-27 12:00:00", "2025-02-20 00:00:00"
    ]
    assert list(r1.y[:2]) == [100_000, 2_000_000] and np.isnan(r1.y[2]) and r1.y[3] == 3_000_000
    assert list(r1.marker.symbol) == ["circle", "circle-open", "diamond", "circle"]
    assert [row[0] for row in r1.customdata] == [numbers.count(100_000), numbers.count(2_000_000),
                                                 numbers.count(np.nan), numbers.count(3_000_000)]
    assert [list(row[1:]) for row in r1.customdata][2] == ["", ""]
    assert list(qwq.y) == [5_000, 6_000] and list(qwq.marker.symbol)[1] == "diamond"  # no gap; no precision


def test_set_layout_is_update_layout() -> None:
    """The figures set their layout through set_layout (plotly's merge without its batch replay): on a chart
    with traces, shapes and annotations, every kind of edit the figures make gives update_layout's layout."""
    def built() -> go.Figure:
        fig = figures.timeline(prices(), launches(), indexed=True)
        fig.add_annotation(x="2025-01-27", y=80, text="a note")
        return fig

    edits = [
        {"title": {"text": "t", "x": 0, "pad": {"t": 30}}, "margin": {"t": 90}},  # nested dicts merge
        {"margin": {"l": 10, "r": 10, "b": 10}, "height": 400},  # margin.t kept from before
        {"xaxis_title": "Trading day", "yaxis_tickformat": ".0%", "legend_title_text": "Group"},  # magic names
        {"yaxis2": {"overlaying": "y", "range": [0, 1.02], "visible": False}},  # a new subplot axis
        {"shapes": [{"type": "line", "x0": 0, "x1": 0, "y0": 0, "y1": 1, "yref": "paper"}]},  # replaces the list
        {"legend": {"orientation": "h", "y": -0.2}, "hovermode": "x unified", "showlegend": False},
        {"title": "plain", "title_font": {"size": 12}},  # a text for a compound, then a part of it
        {"yaxis": {"title": "new"}, "yaxis_title_font": {"size": 10}},
    ]
    expected, fast = built(), built()
    for edit in edits:
        expected.update_layout(**edit)
        assert figures.set_layout(fast, **edit) is fast
        assert fast.to_plotly_json()["layout"] == expected.to_plotly_json()["layout"]
    assert fast.layout.margin.t == 90 and fast.layout.margin.l == 10 and len(fast.layout.shapes) == 1
    more = [*fast.layout.shapes, {"type": "line", "x0": 1, "x1": 1, "y0": 0, "y1": 1, "yref": "paper"}]
    expected.update_layout(shapes=more)  # a list that extends the one there, as the figures pass them
    figures.set_layout(fast, shapes=more)
    assert fast.to_plotly_json()["layout"] == expected.to_plotly_json()["layout"] and len(fast.layout.shapes) == 2


def test_cell_refs_name_the_axes_add_trace_would_use() -> None:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=3)
    for row in (1, 2):
        for col in (1, 2, 3):
            fig.add_trace(go.Scatter(x=[0], y=[0]), row=row, col=col)
            assert figures.cell_refs(fig, row, col) == (fig.data[-1].xaxis, fig.data[-1].yaxis)
            cell = fig.get_subplot(row, col)  # and the layout keys set_layout sets those axes by
            assert [figures.axis_key(ref) for ref in figures.cell_refs(fig, row, col)] == [
                cell.xaxis.plotly_name, cell.yaxis.plotly_name]


def test_compare_panels_hold_their_own_launch_with_axes_titled_once() -> None:
    """Traces and the shaded window, built as dicts with their cell's axes, land in the launch's panel; the
    y axes share the % format, the first column says CAR and the bottom row τ."""
    labels = {"a": "Model A (2025-01-01)", "b": "Model B (2025-02-01)", "c": "Model C (2025-03-01)"}
    frame = pd.DataFrame([
        {"launch_id": launch, "key": key, "tau": tau, "car": 0.01 * tau}
        for launch in labels for key in ("NVDA", "AMD") for tau in (1, -1, 0)  # τ out of order: drawn sorted
    ])
    fig = figures.compare_paths(frame, labels, window=(0, 1))
    assert len(fig.data) == 6 and len(fig.layout.shapes) == 3
    for n, launch in enumerate(labels):  # two columns: a, b on the first row, c on the second
        x, y = figures.cell_refs(fig, n // 2 + 1, n % 2 + 1)
        drawn = [t for t in fig.data if t.xaxis == x]
        assert [t.name for t in drawn] == ["NVDA", "AMD"] and {t.yaxis for t in drawn} == {y}
        assert all(labels[launch] in t.hovertemplate for t in drawn) and list(drawn[0].x) == [-1, 0, 1]
        assert all(t.showlegend is (n == 0) for t in drawn)
        shade = fig.layout.shapes[n]
        assert (shade.xref, shade.yref, shade.x0, shade.x1) == (x, f"{y} domain", -0.5, 1.5)
    assert [a.text for a in fig.layout.annotations] == ["Model A<br>(2025-01-01)", "Model B<br>(2025-02-01)",
                                                        "Model C<br>(2025-03-01)"]
    assert {a.font.size for a in fig.layout.annotations} == {12}
    layout = fig.layout
    assert all(layout[f"yaxis{i}"].tickformat == ".0%" and layout[f"xaxis{i}"].dtick == 10 for i in ("", 2, 3, 4))
    assert [layout[f"yaxis{i}"].title.text for i in ("", 2, 3, 4)] == ["CAR (%)", None, "CAR (%)", None]
    tau = "τ (trading days)"
    assert [layout[f"xaxis{i}"].title.text for i in ("", 2, 3, 4)] == [None, None, tau, tau]
    keyless = pd.DataFrame([{"launch_id": "d", "key": None, "tau": 0, "car": 0.0}])  # a panel with no line
    fig = figures.compare_paths(pd.concat([frame, keyless]), {**labels, "d": "Model D (2025-04-01)"}, window=(0, 1))
    x, _ = figures.cell_refs(fig, 2, 2)
    assert len(fig.data) == 6 and len(fig.layout.shapes) == 3 and x not in {s.xref for s in fig.layout.shapes}


def test_benchmark_panels_hold_their_own_scale() -> None:
    """Bars and history, one panel per scale: each trace, axis range and launch line in its scale's panel."""
    from views import benchmark_figures as bf

    table = pd.DataFrame([
        {"benchmark": bench, "variant": None, "metric": metric, "model": model, "score": score, "source": "s",
         "source_model": model}
        for bench, metric, scores in (("GPQA", "accuracy", (60.0, 70.0)), ("Arena", "Elo rating", (1300.0, 1350.0)))
        for model, score in zip(("X", "Y"), scores, strict=True)
    ])
    bars = bf.bars(table, title="t")
    for row, (bench, unit) in enumerate((("GPQA", " %"), ("Arena", " Elo")), start=1):
        x, y = figures.cell_refs(bars, row, 1)
        drawn = [t for t in bars.data if t.xaxis == x]
        assert [t.name for t in drawn] == ["X", "Y"] and {t.yaxis for t in drawn} == {y}
        assert all(unit in t.hovertemplate and str(t.y[0]).startswith(bench) for t in drawn)
        assert list(bars.layout[f"yaxis{y[1:]}"].categoryarray) == [drawn[0].y[0]]  # its one series
    assert bars.layout.xaxis.range == (0, 112) and bars.layout.xaxis2.range[1] == 1350 * 1.18
    assert bars.layout.xaxis.tickvals == (0, 20, 40, 60, 80, 100) and bars.layout.xaxis2.tickvals is None
    assert [t.showlegend for t in bars.data] == [True, True, False, False]

    history = table.assign(reported_date=pd.to_datetime(["2025-01-20", "2025-01-28"] * 2), launch_id="deepseek-r1")
    fig = bf.history(history.assign(benchmark="B"), launches(), benchmark="B")
    for row, axis, metric, (low, high) in ((1, "Score (%)", "accuracy", (60, 70)),
                                           (2, "Rating (Elo)", "Elo rating", (1300, 1350))):
        x, y = figures.cell_refs(fig, row, 1)
        assert fig.layout[f"yaxis{y[1:]}"].title.text == axis and fig.layout[f"xaxis{x[1:]}"].type == "date"
        series = [t for t in fig.data if t.name != "Launches" and t.legendgroup == bf.series_label(None, metric)]
        assert len(series) == 2 and {(t.xaxis, t.yaxis) for t in series} == {(x, y)}  # its line and its points
        bottom, top = fig.layout[f"yaxis{y[1:]}"].range
        assert bottom < low and high < top < 2 * high
        marks = [t for t in fig.data if t.name == "Launches" and t.xaxis == x]
        assert len(marks) == 1 and marks[0].yaxis == y
        assert [(s.xref, s.yref) for s in fig.layout.shapes if s.xref == x] == [(x, f"{y} domain")]
    assert fig.layout.xaxis2.title.text == "Reported date" and fig.layout.xaxis.title.text is None
