"""Benchmarks: one collector for the page, its report and `python -m reporting --page benchmarks`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.event_study import StudyParams, window_label
from views import benchmark_figures, columns, figures, labels, numbers
from views.filters import BenchmarkFilters
from views.source import Source
from views.status import data_status
from views.text import md, web_url

CAR_WINDOW = (0, 1)
OUTCOME_LABELS = {
    "car": f"CAR {window_label(CAR_WINDOW)}",
    "downloads_30d": "30-day downloads",
    "downloads_all_time": "All-time downloads",
}
RUNS_NOTE = (
    "Epoch AI scores: a reasoning effort or budget (such as high, or 16K tokens) is part of the variant, so "
    "efforts are separate series; each score column is its own metric, named as the archive names it (mean "
    "score in newer archives, best score across scorers in older ones); a model run several times on a "
    "benchmark counts once, with its newest run (by the time it started)."
)


HISTORY_TITLE = "{}: best reported score over time"
BARS_TITLE = "Scores side by side"
TABLE_COLUMNS = [
    "model",
    "benchmark",
    "variant",
    "metric",
    "score",
    "scale",
    "source",
    "source_url",
    "reported_date",
    "source_model",
    "run_id",
    "started_at",
]


@dataclass(frozen=True)
class BenchmarksView:
    """What the Benchmarks page shows for its filters."""

    filters: BenchmarkFilters
    table: pd.DataFrame  # the scores side by side, every scale (column `scale`: see views/benchmark_figures.py)
    history: pd.DataFrame  # dated scores of series with at least two reports, with their scale
    history_launches: pd.DataFrame
    points: pd.DataFrame  # launches with a score on the x benchmark, and their outcome (may be missing)
    y_label: str
    as_of: str

    @property
    def shown_points(self) -> pd.DataFrame:
        return self.points.dropna(subset=["outcome"])

    @property
    def without_outcome(self) -> list[str]:
        return self.points[self.points["outcome"].isna()]["launch_model"].map(figures.short_model).tolist()

    @property
    def sources(self) -> pd.DataFrame:
        frames = [f[["source", "source_url"]] for f in (self.table, self.points) if "source_url" in f]
        return pd.concat(frames).drop_duplicates() if frames else pd.DataFrame(columns=["source", "source_url"])

    @property
    def history_benchmarks(self) -> list[str]:
        """The chosen benchmarks that have a history, in the order they were chosen."""
        found = set(self.history["benchmark"])
        return [b for b in self.filters.benchmarks if b in found]

    @property
    def over_time(self) -> list[str]:
        """The benchmarks charted over time: the filter's, else the first with a history."""
        known = self.history_benchmarks
        picked = [b for b in self.filters.over_time if b in known]
        return picked or known[:1]

    def history_figure(self, benchmark: str, series: list[str] | None = None) -> object:
        return benchmark_figures.history(self.history, self.history_launches, benchmark=benchmark, series=series)

    def bars_figure(self) -> object:
        return benchmark_figures.bars(self.table, title=BARS_TITLE + ", one panel per scale")

    @property
    def scatter_title(self) -> str:
        return f"Capability × {OUTCOME_LABELS[self.filters.y]}"

    def scatter_figure(self) -> object:
        f = self.filters
        return figures.capability_scatter(
            self.shown_points, x_label=f.x, y_label=self.y_label, colour=f.colour, y_percent=f.y == "car"
        ).update_layout(legend_title_text=labels.attribute(f.colour))

    def figures(self) -> list[tuple[str, object]]:
        """The page's charts, titled as the page titles them (the report's; the page asks for each)."""
        out: list[tuple[str, object]] = []
        if not self.table.empty:
            out.append((BARS_TITLE, self.bars_figure()))
        for benchmark in self.over_time:
            out.append((HISTORY_TITLE.format(benchmark), self.history_figure(benchmark)))
        if not self.shown_points.empty:
            out.append((self.scatter_title, self.scatter_figure()))
        return out


def source_caption(source: str | None, table: pd.DataFrame) -> str:
    """Markdown naming where the table's scores come from: the one source chosen, with its link (http(s)
    only, its text and address escaped), or how many sources 'all' mixes."""
    if source is None:
        count = table["source"].nunique() if not table.empty else 0
        return f"Scores from every source ({count} in this table; each row names its own)."
    urls = table.loc[table["source"] == source, "source_url"].dropna().unique().tolist() if not table.empty else []
    url = next((u for u in (web_url(u) for u in urls) if u), None)
    name = md(source, limit=300)
    return f"Source: [{name}]({link_target(url)})" if url else f"Source: {name}"


def link_target(url: str) -> str:
    """An http(s) URL made safe inside a Markdown link's parentheses (no space, bracket or quote left raw)."""
    unsafe = {
        " ": "%20",
        "(": "%28",
        ")": "%29",
        "<": "%3C",
        ">": "%3E",
        '"': "%22",
        "'": "%27",
        "\\": "%5C",
        "[": "%5B",
        "]": "%5D",
        "`": "%60",
    }
    return "".join(unsafe.get(ch, ch) for ch in url)


def scale_in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """frame with its `scale` keys ('percent', 'rating') written as their axis titles ('Score (%)', 'Rating (Elo)')."""
    if "scale" not in frame:
        return frame
    return frame.assign(scale=frame["scale"].map(lambda k: benchmark_figures.SCALES[k].axis))


def for_people(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The named columns (those present and not empty) with their headers from views/columns.py, scales named
    for people, and empty cells instead of missing values."""
    out = scale_in_words(frame[[n for n in names if n in frame]].copy())
    out = out.drop(columns=[n for n in out.columns if out[n].replace("", None).isna().all()])  # nothing to say
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]) and out[name].isna().any():
            out[name] = out[name].map(numbers.day)  # a missing date is an empty cell, not "None"
        elif not pd.api.types.is_numeric_dtype(out[name]) and not pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].fillna("")
    headers = {n: columns.header(n) for n in out.columns} | {"source_url": "Link"}
    return out.rename(columns=headers)


def catalog_names(source: Source) -> dict[str, list[str]]:
    """The names the filters accept, by kind: benchmark, model, source."""
    catalog = source.query("benchmark_catalog")
    return {kind: part["name"].tolist() for kind, part in catalog.groupby("kind")}


def outcome(filters: BenchmarkFilters, source: Source) -> tuple[pd.DataFrame, str]:
    """Each launch's outcome for the scatter (CAR [0, +1] of a security or group, or downloads), and its label."""
    if filters.y == "car":
        params = StudyParams(window=CAR_WINDOW)
        if filters.security.startswith("group:"):
            group = filters.security.removeprefix("group:")
            car = source.study("groups", params)
            car = car[car["group"] == group][["launch_id", "car"]]
            origin = f"equal-weighted {group} portfolio, market model vs ^GSPC"
        else:
            car = source.study("results", params, tickers=[filters.security])
            car = car[car["status"] == "ok"][["launch_id", "car"]]
            origin = f"{filters.security}, market model vs ^GSPC"
        frame = car.rename(columns={"car": "outcome"}).assign(outcome_source=f"Aftershock event study: {origin}")
        return frame, f"CAR {window_label(CAR_WINDOW)} of {filters.security.replace('group:', '')}"
    downloads = source.query("launch_downloads", metric=filters.y, as_of=filters.downloads_date)
    frame = downloads.rename(columns={"downloads": "outcome"})
    frame["outcome_source"] = (
        frame["source_url"].fillna(frame["source"]) + " · snapshot " + frame["as_of"].dt.strftime("%Y-%m-%d")
    )
    label = OUTCOME_LABELS[filters.y] + (
        f" (newest snapshot on or before {filters.downloads_date})" if filters.downloads_date else " (newest snapshot)"
    )
    return frame[["launch_id", "outcome", "outcome_source"]], label


def collect(filters: BenchmarkFilters, source: Source) -> BenchmarksView:
    table = source.query(
        "benchmark_table", benchmarks=list(filters.benchmarks), models=list(filters.models), source=filters.source
    )
    table["source_url"] = table["source_url"].map(web_url)  # only http(s) links are kept as links
    table = benchmark_figures.with_scale(table)
    history = source.query("benchmark_history", benchmarks=list(filters.benchmarks))
    sizes = history.groupby(["benchmark", "variant", "metric"], dropna=False)["score"].transform("size")
    history = benchmark_figures.with_scale(history[sizes >= 2])  # a single report is no history
    history_launches = (
        source.query(
            "timeline_launches",
            launch_ids=[],
            orgs=[],
            countries=[],
            start=history["reported_date"].min(),
            end=history["reported_date"].max(),
        )
        if not history.empty
        else pd.DataFrame(columns=["launch_id", "model", "event_date"])
    )
    scores = source.query("launch_benchmark_scores", benchmark=filters.x)
    found, y_label = outcome(filters, source)
    return BenchmarksView(
        filters=filters,
        table=table,
        history=history.reset_index(drop=True),
        history_launches=history_launches,
        points=scores.merge(found, on="launch_id", how="left"),
        y_label=y_label,
        as_of=data_status(source),
    )
