"""Benchmarks: one collector for the page, its report and `python -m reporting --page benchmarks`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.event_study import StudyParams, window_label
from views import figures
from views.filters import BenchmarkFilters
from views.source import Source
from views.status import data_as_of
from views.text import web_url

CAR_WINDOW = (0, 1)
OUTCOME_LABELS = {
    "car": f"CAR {window_label(CAR_WINDOW)}",
    "downloads_30d": "30-day downloads",
    "downloads_all_time": "All-time downloads",
}
RUNS_NOTE = (
    "Epoch AI scores: a reasoning effort or budget (`_high`, `_16K`) is part of the variant, so efforts are "
    "separate series; each score column is its own metric, named as the archive names it (`mean_score` in "
    "newer archives, `Best score (across scorers)` in older ones); a model run several times on a benchmark "
    "counts once, with its newest run (`Started at`)."
)


@dataclass(frozen=True)
class BenchmarksView:
    """What the Benchmarks page shows for its filters."""

    filters: BenchmarkFilters
    table: pd.DataFrame  # the scores side by side (every scale; the chart keeps 0–100)
    history: pd.DataFrame  # dated scores of series with at least two reports
    history_launches: pd.DataFrame
    points: pd.DataFrame  # launches with a score on the x benchmark, and their outcome (may be missing)
    y_label: str
    as_of: str

    @property
    def on_scale(self) -> pd.DataFrame:
        return self.table[self.table["score"] <= 100]

    @property
    def off_scale(self) -> pd.DataFrame:
        return self.table[self.table["score"] > 100]

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

    def figures(self) -> list[tuple[str, object]]:
        """The page's charts, titled as the page titles them."""
        out: list[tuple[str, object]] = []
        if not self.on_scale.empty:
            out.append(("Scores side by side", figures.benchmark_bars(self.on_scale)))
        if not self.history.empty:
            history = figures.benchmark_history(self.history, self.history_launches)
            out.append(("Best reported score over time", history))
        if not self.shown_points.empty:
            f = self.filters
            out.append(
                (
                    f"Capability × {OUTCOME_LABELS[f.y]}",
                    figures.capability_scatter(
                        self.shown_points, x_label=f.x, y_label=self.y_label, colour=f.colour, y_percent=f.y == "car"
                    ),
                )
            )
        return out


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
    history = source.query("benchmark_history", benchmarks=list(filters.benchmarks))
    history = history[history["score"] <= 100]
    sizes = history.groupby(["benchmark", "variant", "metric"], dropna=False)["score"].transform("size")
    history = history[sizes >= 2]  # a single report is no history
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
        as_of=data_as_of(source),
    )
