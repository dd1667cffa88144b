"""What each page's report contains, as pure functions of the page's DataFrames.

The dashboard passes the frames it already holds (cached); `python -m pipelines report` fetches
the same frames through the same queries and calls the same builders, so both give one report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from app import figures
from app.filters import HEATMAP_WINDOW, MarketFilters, market_query_params
from pipelines import event_study
from pipelines.event_study import StudyParams, format_window
from pipelines.warehouse import read_query
from reporting.report import Report

EVENT_STUDY_NOTES = [
    "Event study (MacKinlay 1997): market model R = α + β·R_m + ε by OLS over the estimation window; "
    "AR = R − (α + β·R_m); CAR = Σ AR over the event window, in the security's own trading days from t0, "
    "its first trading day on or after the event date.",
    "Var(CAR) = σ²·[L2 + L2²/L1 + (Σ_window(R_m − μ_m))² / Σ_est(R_m − μ_m)²] (finite estimation window "
    "correction); t = CAR/√Var(CAR), two-sided p from Student's t with L1 − 2 degrees of freedom.",
    "raw_return is the close-to-close price change over the window; value_change = shares outstanding × "
    "(close at the window's end − close the day before it), shares from the dated count named in the table.",
    "Group portfolios: equal-weighted AR; test from the portfolio's own estimation-window σ "
    "(Brown & Warner crude dependence adjustment).",
]
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


def data_as_of(path: Path | None = None) -> str:
    info = dict(read_query("warehouse_info", path=path).itertuples(index=False, name=None))
    kind = "embedded snapshot" if info.get("origin") == "seed" else "updated by the pipelines"
    most = info.get("latest_price_most")
    most_text = f"; most securities to {most}" if most and most != info.get("latest_price") else ""
    return f"{info.get('latest_price', '?')} (newest price{most_text}; {kind}, built {info.get('built_at', '?')} UTC)"


def _sources(prices: pd.DataFrame, extra: list[tuple[str, str]]) -> pd.DataFrame:
    rows = [
        (
            f"prices of {r.ticker} ({r.close_adjustment}, {r.first_date:%Y-%m-%d}…{r.last_date:%Y-%m-%d}): {r.source}",
            r.source_url,
        )
        for r in prices.itertuples()
    ]
    return pd.DataFrame(rows + extra, columns=["source", "source_url"])


def impact_report(
    launch: pd.Series,
    params: StudyParams,
    results: pd.DataFrame,
    groups: pd.DataFrame,
    paths: pd.DataFrame,
    heat: pd.DataFrame,
    heat_launches: pd.DataFrame,
    price_sources: pd.DataFrame,
    as_of: str,
) -> Report:
    """The Launch impact view: the study's table, groups, paths and the cross-launch heatmap."""
    window = format_window(params.window)
    table = results[[c for c in RESULT_COLUMNS if c in results.columns]].merge(
        price_sources.groupby("ticker")["source"].agg("; ".join).rename("price_source"), on="ticker", how="left"
    )
    report = Report(
        title=f"Aftershock · Launch impact of {figures.short_model(launch['model'])}",
        page="impact",
        parameters={
            "launch": launch["launch_id"],
            "model": launch["model"],
            "event date": "market date" if params.use_market_date else "release date",
            "benchmark": params.benchmark,
            "return model": params.model,
            "event window": window,
            "estimation window": format_window(params.estimation),
        },
        data_as_of=as_of,
        notes=list(EVENT_STUDY_NOTES),
    )
    ok = results[results["status"] == "ok"]
    report.figures.append((f"CAR [{window}] by security", figures.car_bars(ok[ok["ticker"] != params.benchmark])))
    if not paths.empty:
        report.figures.append(("Abnormal returns by trading day", figures.car_paths(paths, column="ar")))
        report.figures.append(("Cumulative abnormal returns", figures.car_paths(paths, column="car")))
    if not heat.empty:
        report.figures.append(
            (
                f"CAR [{format_window(HEATMAP_WINDOW)}] across launches",
                figures.car_heatmap(heat[heat["status"] == "ok"], heat_launches),
            )
        )
    report.tables += [("Event study results", table), ("Portfolio CAR by group", groups)]
    if not paths.empty:
        report.tables.append(("Abnormal return paths", paths))
    if not heat.empty:
        report.tables.append(("CAR across launches", heat[[c for c in RESULT_COLUMNS if c in heat.columns]]))
    report.sources = _sources(price_sources, [(f"launch: {launch['model']}", launch["source_url"])])
    return report


def fetch_impact(
    launch_id: str, params: StudyParams, tickers: list[str] | None, market: MarketFilters, path: Path | None = None
) -> Report:
    """The same report from the warehouse directly, for the CLI and the scheduled snapshot."""
    launches = read_query("launches", path=path).set_index("launch_id", drop=False)
    launch = launches.loc[launch_id]
    results = event_study.results(params, launch_ids=[launch_id], tickers=tickers, path=path)
    groups = event_study.group_results(params, launch_ids=[launch_id], path=path)
    ok_tickers = results.loc[results["status"] == "ok", "ticker"].tolist()
    paths = (
        event_study.paths(params, launch_ids=[launch_id], tickers=ok_tickers, path=path)
        if ok_tickers
        else pd.DataFrame()
    )
    heat_launches = read_query("timeline_launches", market.launch_query(), path=path)
    heat_params = StudyParams(
        benchmark=params.benchmark,
        use_market_date=params.use_market_date,
        estimation=params.estimation,
        window=HEATMAP_WINDOW,
        model=params.model,
    )
    heat = (
        event_study.results(
            heat_params, launch_ids=heat_launches["launch_id"].tolist(), tickers=tickers or None, path=path
        )
        if not heat_launches.empty
        else pd.DataFrame()
    )
    sources = read_query("price_sources", {"tickers": results["ticker"].tolist()}, path=path)
    return impact_report(launch, params, results, groups, paths, heat, heat_launches, sources, data_as_of(path))


def timeline_report(
    market: MarketFilters,
    prices: pd.DataFrame,
    launches: pd.DataFrame,
    moves: pd.DataFrame,
    price_sources: pd.DataFrame,
    as_of: str,
) -> Report:
    """The Market timeline view: the chart, the prices behind it and the launch-day moves."""
    report = Report(
        title="Aftershock · Market timeline",
        page="timeline",
        parameters={
            "tickers": ", ".join(prices["ticker"].unique()),
            "organisations": ", ".join(market.orgs) or "all",
            "countries": ", ".join(market.countries) or "all",
            "from": str(market.start),
            "to": str(market.end),
            "view": market.view,
            **{f"url {k}": v for k, v in market_query_params(market).items()},
        },
        data_as_of=as_of,
        notes=[
            "Closes are the source's close in local currency; 'indexed' divides by the first close in range.",
            "Launch-day move: close-to-close change on t0, the first trading day on or after the launch's "
            "market date (else its release date).",
        ],
    )
    report.figures.append(("Market timeline", figures.timeline(prices, launches, indexed=market.view == "indexed")))
    report.tables += [("Launch-day moves", moves), ("Launches", launches), ("Prices", prices)]
    report.sources = _sources(price_sources, [(f"launch: {r.model}", r.source_url) for r in launches.itertuples()])
    return report


def fetch_timeline(market: MarketFilters, tickers: list[str], path: Path | None = None) -> Report:
    prices = read_query("timeline_prices", {"tickers": tickers, "start": market.start, "end": market.end}, path=path)
    launches = read_query("timeline_launches", market.launch_query(), path=path)
    moves = (
        read_query("launch_day_moves", {"launch_ids": launches["launch_id"].tolist(), "tickers": tickers}, path=path)
        if not launches.empty
        else pd.DataFrame()
    )
    sources = read_query("price_sources", {"tickers": tickers}, path=path)
    return timeline_report(market, prices, launches, moves, sources, data_as_of(path))
