"""What each page's report contains: a page's view model (views/), formatted as a Report.

The dashboard passes the view model it just drew; `python -m reporting` collects the same view
model with the same collector, so page, download and CLI give one report.
"""

from __future__ import annotations

import pandas as pd

from pipelines.event_study import RETURN_MODELS, window_label
from reporting.report import Report
from views import figures, glossary, labels, numbers
from views.compare import CompareView
from views.filters import market_query_params
from views.impact import ImpactView
from views.kinds import KindsView
from views.timeline import NOTES as TIMELINE_NOTES
from views.timeline import TimelineView

RESULT_COLUMNS = [
    "launch_id",
    "ticker",
    "name",
    "group",
    "currency",
    "event_date",
    "t0",
    "benchmark",
    "model",
    "window_first",
    "window_last",
    "n_est",
    "alpha",
    "beta",
    "sigma",
    "r2",
    "close_before",
    "close_end",
    "raw_return",
    "car",
    "car_se",
    "t_stat",
    "p_value",
    "df",
    "shares",
    "shares_date",
    "value_change",
    "value_change_usd",
    "status",
    "flags",
    "confounded",
    "reason",
]


def _sources(prices: pd.DataFrame, extra: list[tuple[str, str]]) -> pd.DataFrame:
    rows = [
        (
            f"prices of {r.ticker} ({r.close_adjustment}, {r.first_date:%Y-%m-%d}…{r.last_date:%Y-%m-%d}): {r.source}",
            r.source_url,
        )
        for r in prices.itertuples()
    ]
    return pd.DataFrame(rows + extra, columns=["source", "source_url"])


def impact_report(view: ImpactView) -> Report:
    """The Launch impact view: its results, movers, groups, paths, the cross-launch heatmap and ranking."""
    params, window = view.params, view.window
    table = view.results[[c for c in RESULT_COLUMNS if c in view.results.columns]].merge(
        view.price_sources.groupby("ticker")["source"].agg("; ".join).rename("price_source"), on="ticker", how="left"
    )
    report = Report(
        title=f"Aftershock · Launch impact of {figures.short_model(view.launch['model'])}",
        page="impact",
        parameters={
            "launch": view.launch["launch_id"],
            "model": view.launch["model"],
            "event date": f"{view.event_day} ({'market' if params.use_market_date else 'release'} date)",
            "benchmark": params.benchmark,
            "return model": RETURN_MODELS[params.model].label,
            "event window": window,
            "estimation window": window_label(params.estimation),
            "securities": view.scope_label,
        },
        data_as_of=view.as_of,
        notes=list(view.notes),
    )
    ok = view.ok
    report.figures.append(
        (f"CAR {window} by security", figures.car_bars(ok[ok["ticker"] != params.benchmark], colours=view.colours,
                                                      window=window))
    )
    if not view.paths.empty:
        report.figures.append(
            ("Abnormal returns by trading day", figures.car_paths(view.paths, column="ar", colours=view.colours))
        )
        report.figures.append(
            (f"CAR from the start of the window {window}",
             figures.car_paths(view.paths, column="car", colours=view.colours))
        )
    if not view.heat.empty:
        report.figures.append(
            (f"CAR {window} across launches", figures.car_heatmap(view.heat, view.heat_launches))
        )
    report.tables += [
        ("Event study results", table),
        ("Biggest movers", view.movers[[c for c in RESULT_COLUMNS if c in view.movers.columns]]),
        ("Portfolio CAR by group", view.groups),
        ("Abnormal return paths", view.paths),
        (f"CAR {window} across launches", view.heat[[c for c in RESULT_COLUMNS if c in view.heat.columns]]),
        (f"Largest abnormal moves, all launches (CAR {window})", view.ranking),
    ]
    report.tables.append(("What the numbers mean", glossary.as_frame()))
    report.sources = _sources(view.price_sources, [(f"launch: {view.launch['model']}", view.launch["source_url"])])
    return report


def timeline_report(view: TimelineView) -> Report:
    """The Market timeline view: the chart, the prices behind it and the launch-day moves."""
    market = view.filters
    report = Report(
        title="Aftershock · Market timeline",
        page="timeline",
        parameters={
            "tickers": ", ".join(view.tickers),
            "organisations": ", ".join(market.orgs) or "all",
            "countries": ", ".join(market.countries) or "all",
            "from": str(market.start),
            "to": str(market.end),
            "view": market.view,
            **{f"url {k}": v for k, v in market_query_params(market).items()},
        },
        data_as_of=view.as_of,
        notes=list(TIMELINE_NOTES) + ([f"Headline: {view.headline.text}."] if view.headline else []),
    )
    report.figures.append(
        (
            "Market timeline",
            figures.timeline(
                view.prices,
                view.launches,
                indexed=market.view == "indexed",
                colours=view.colours,
                moves=view.annotations(),
            ),
        )
    )
    report.tables += [("Launch-day moves", view.moves), ("Launches", view.launches), ("Prices", view.prices)]
    report.sources = _sources(
        view.price_sources, [(f"launch: {r.model}", r.source_url) for r in view.launches.itertuples()]
    )
    return report


def _study_parameters(params) -> dict[str, str]:  # noqa: ANN001 - a StudyParams
    return {
        "event date": "market date" if params.use_market_date else "release date",
        "benchmark": params.benchmark,
        "return model": RETURN_MODELS[params.model].label,
        "event window": window_label(params.window),
        "estimation window": window_label(params.estimation),
    }


def compare_report(view: CompareView) -> Report:
    """Launches compared: the small multiples of CAR paths and the side-by-side table (CAR, t, p, flags)."""
    report = Report(
        title="Aftershock · Launches compared: " + ", ".join(view.launches["label"]),
        page="compare",
        parameters={
            "launches": ", ".join(view.filters.launch_ids),
            **_study_parameters(view.filters.params),
            "securities": ", ".join(view.tickers),
            "group portfolios": ", ".join(labels.group(g) for g in view.groups) or "none",
        },
        data_as_of=view.as_of,
        notes=list(view.notes),
    )
    if not view.paths.empty:
        report.figures.append(
            (
                "CAR paths, one panel per launch",
                figures.compare_paths(
                    view.paths, view.launch_labels, colours=view.colours, window=view.filters.params.window
                ),
            )
        )
    numbers_table = view.securities.assign(
        launch=view.securities["launch_id"].map(view.launch_labels),
        p=view.securities["p_value"].map(numbers.p_value),
    )[["launch", "launch_id", "key", "name", "kind", "car", "t_stat", "p_value", "p", "flags"]]
    report.tables += [
        (f"Side by side: CAR {view.window}, t, p and flags", view.table()),
        ("Numbers per launch and security", numbers_table),
        ("CAR paths", view.paths),
        ("What the numbers mean", glossary.as_frame()),
    ]
    report.sources = pd.DataFrame(
        [(f"launch: {r.model}", r.source_url) for r in view.launches.itertuples()], columns=["source", "source_url"]
    )
    return report


def kinds_report(view: KindsView) -> Report:
    """What kinds of launches move a group: the averages with their tests, the chart, the regression."""
    report = Report(
        title=f"Aftershock · What kinds of launches move {labels.group_plural_lower(view.filters.group)}?",
        page="kinds",
        parameters={
            "group": view.group_label,
            "launches compared by": view.attribute_label,
            "confounded launches": "excluded" if view.filters.exclude_confounded else "included",
            **_study_parameters(view.filters.params),
            "launches used": view.exclusion,
        },
        data_as_of=view.as_of,
        notes=list(view.notes),
    )
    if not view.by_kind.empty:
        report.figures.append(
            (
                f"Mean CAR {view.window} by {view.attribute_label.lower()}",
                figures.kind_bars(view.by_kind, label="label", window=view.window),
            )
        )
    report.tables += [
        (f"Mean CAR {view.window} by {view.attribute_label.lower()}", view.kinds_table()),
        ("Regression with HC3 standard errors", view.regression_table()),
        ("Launches", view.launches_table()),
        ("What the numbers mean", glossary.as_frame()),
    ]
    launches = view.launches
    report.sources = pd.DataFrame(
        [("launches: data/seed/launches.csv (a source URL per launch)", "")], columns=["source", "source_url"]
    ) if "source_url" not in launches.columns else pd.DataFrame(
        [(f"launch: {r.model}", r.source_url) for r in launches.itertuples()], columns=["source", "source_url"]
    )
    return report
