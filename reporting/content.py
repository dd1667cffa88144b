"""What each page's report contains: a page's view model (views/), formatted as a Report.

The dashboard passes the view model it just drew; `python -m reporting` collects the same view
model with the same collector, so page, download and CLI give one report.
"""

from __future__ import annotations

import pandas as pd

from pipelines.event_study import RETURN_MODELS, window_label
from reporting.report import Report
from views import adoption_figures, figures
from views.adoption import HORIZON_DAYS as ADOPTION_HORIZON
from views.adoption import AdoptionView
from views.filters import adoption_query_params, market_query_params
from views.impact import ImpactView
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
        notes=list(TIMELINE_NOTES),
    )
    report.figures.append(
        (
            "Market timeline",
            figures.timeline(view.prices, view.launches, indexed=market.view == "indexed", colours=view.colours),
        )
    )
    report.tables += [("Launch-day moves", view.moves), ("Launches", view.launches), ("Prices", view.prices)]
    report.sources = _sources(
        view.price_sources, [(f"launch: {r.model}", r.source_url) for r in view.launches.itertuples()]
    )
    return report


def adoption_report(view: AdoptionView) -> Report:
    """The Adoption view: its charts, the snapshots behind them, the ranking, shares, launch curves and CAR."""
    f = view.filters
    report = Report(
        title="Aftershock · Adoption",
        page="adoption",
        parameters={
            "organisations": ", ".join(view.orgs) or "none with data",
            "models": ", ".join(view.models) or "none",
            "from": str(view.start),
            "to": str(view.end),
            "count over time": view.value_label,
            "ranking date": str(view.ranking_date),
            "ranking size": str(f.top),
            "CAR of": view.car_label,
            **{f"url {k}": v for k, v in adoption_query_params(f).items()},
        },
        data_as_of=view.as_of,
        notes=[*view.notes, *(f"Not in this data yet: {m}." for m in view.missing)],
    )
    if not view.snapshots.empty and view.snapshots[view.value_column].notna().any():
        report.figures.append(
            (
                f"{view.value_label} over time",
                adoption_figures.downloads_over_time(
                    view.snapshots,
                    view.launches,
                    column=view.value_column,
                    org_colours=view.org_colours,
                    label=view.value_label,
                ),
            )
        )
    if not view.ranking.empty:
        report.figures.append(
            (
                f"30-day downloads on {view.ranking_date}",
                adoption_figures.ranking_bars(
                    view.ranking, value="downloads_30d", label="30-day downloads", org_colours=view.org_colours
                ),
            )
        )
    if not view.likes.empty:
        report.figures.append(
            (
                f"Likes on {view.ranking_date}",
                adoption_figures.ranking_bars(view.likes, value="likes", label="Likes", org_colours=view.org_colours),
            )
        )
    if not view.shares.empty:
        report.figures.append(
            ("Share of tracked downloads", adoption_figures.org_shares(view.shares, view.orgs, view.org_colours))
        )
    if not view.curves.empty:
        report.figures.append(
            (
                "30-day downloads by days since release",
                adoption_figures.launch_curves(view.curves, view.launch_colours, horizon=ADOPTION_HORIZON),
            )
        )
    if not view.car.empty:
        report.figures.append(
            (
                f"CAR of {view.car_label} by days since release",
                adoption_figures.launch_car(
                    view.car, view.launch_colours, horizon=ADOPTION_HORIZON, label=view.car_label
                ),
            )
        )
    report.tables += [
        ("Models drawn", view.summary),
        ("Snapshots", view.snapshots),
        (f"Ranking on {view.ranking_date}", view.ranking),
        (f"Likes on {view.ranking_date}", view.likes),
        ("Organisation shares by week", view.shares),
        ("Launch curves", view.curves),
        ("Launches without a series from their release", view.late),
        ("CAR by days since release", view.car),
        ("Daily downloads", view.daily),
    ]
    report.sources = view.sources[["source", "source_url"]] if not view.sources.empty else report.sources
    return report
