"""Launch impact: one collector that the page, its report and the CLI all use.

collect() reads everything the view shows for one set of filters and returns an ImpactView;
the page draws it, reporting/ formats it, so the three cannot disagree on securities, windows
or numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipelines.event_study import StudyParams, method_notes, window_label
from views import palette
from views.filters import ImpactFilters, MarketFilters, Universe
from views.source import Source
from views.status import data_as_of

RANKING_SIZE = 25
MOVERS = 4


@dataclass(frozen=True)
class ImpactView:
    """What the Launch impact page shows, for its filters."""

    launch: pd.Series
    filters: ImpactFilters
    market: MarketFilters
    tickers: tuple[str, ...]  # the securities in scope, in the order chosen
    all_securities: bool
    event_day: date
    results: pd.DataFrame  # one row per security in scope: ok, flagged or missing
    movers: pd.DataFrame
    groups: pd.DataFrame
    paths: pd.DataFrame  # AR by τ, and CAR accumulated from the window's start
    heat: pd.DataFrame
    heat_launches: pd.DataFrame
    ranking: pd.DataFrame
    price_sources: pd.DataFrame
    colours: dict[str, str]
    as_of: str
    notes: list[str] = field(default_factory=list)

    @property
    def params(self) -> StudyParams:
        return self.filters.params

    @property
    def window(self) -> str:
        return window_label(self.params.window)

    @property
    def ok(self) -> pd.DataFrame:
        return self.results[self.results["status"] == "ok"]

    @property
    def missing(self) -> pd.DataFrame:
        return self.results[self.results["status"] != "ok"]

    @property
    def scope_label(self) -> str:
        return "all tracked securities" if self.all_securities else ", ".join(self.tickers)


def event_day(launch: pd.Series, params: StudyParams) -> date:
    """The date the study counts from: the market date where one exists and is asked for."""
    chosen = launch["market_date"] if params.use_market_date and pd.notna(launch["market_date"]) else launch["date"]
    return pd.Timestamp(chosen).date()


def collect(
    filters: ImpactFilters, market: MarketFilters, universe: Universe, source: Source
) -> ImpactView:
    """Everything the view shows: the company filter applies to every output unless all_securities."""
    params = filters.params
    launches = source.query("launches").set_index("launch_id", drop=False)
    launch = launches.loc[filters.launch_id]
    tickers = None if filters.all_securities else market.selected_tickers(universe)
    results = source.study("results", params, launch_ids=[filters.launch_id], tickers=tickers)
    results = _in_order(results, tickers or list(universe.tickers))
    ok = results[results["status"] == "ok"]
    chosen_groups = _groups_in_scope(results, market, filters.all_securities)
    groups = source.study("groups", params, launch_ids=[filters.launch_id])
    groups = groups[groups["group"].isin(chosen_groups)].reset_index(drop=True)
    path_tickers = ok["ticker"].tolist()
    paths = (
        window_paths(source.study("paths", params, launch_ids=[filters.launch_id], tickers=path_tickers), params)
        if path_tickers
        else pd.DataFrame(columns=["launch_id", "ticker", "tau", "date", "ar", "car"])
    )
    heat_launches = source.query("timeline_launches", **market.launch_query())
    heat = (
        source.study("results", params, launch_ids=heat_launches["launch_id"].tolist(), tickers=tickers)
        if not heat_launches.empty
        else pd.DataFrame(columns=results.columns)
    )
    everything = source.study("results", params, tickers=tickers)
    ranked = everything[everything["status"] == "ok"]
    ranking = ranked.reindex(ranked["car"].abs().sort_values(ascending=False).index).head(RANKING_SIZE)
    ranking = ranking.assign(launch=ranking["launch_id"].map(launches["model"]))
    return ImpactView(
        launch=launch,
        filters=filters,
        market=market,
        tickers=tuple(results["ticker"]),
        all_securities=filters.all_securities,
        event_day=event_day(launch, params),
        results=results,
        movers=biggest_movers(ok),
        groups=groups,
        paths=paths,
        heat=heat[heat["status"] == "ok"],
        heat_launches=heat_launches,
        ranking=ranking.reset_index(drop=True),
        price_sources=source.query("price_sources", tickers=results["ticker"].tolist()),
        colours=palette.colour_map(results["ticker"].tolist()),
        as_of=data_as_of(source),
        notes=method_notes(params.model),
    )


def _in_order(results: pd.DataFrame, tickers: list[str]) -> pd.DataFrame:
    rank = {t: i for i, t in enumerate(tickers)}
    return results.sort_values("ticker", key=lambda col: col.map(rank), kind="stable").reset_index(drop=True)


def _groups_in_scope(results: pd.DataFrame, market: MarketFilters, all_securities: bool) -> list[str]:
    """All groups for the whole universe; else the chosen groups and the groups of the chosen tickers."""
    if all_securities:
        return results["group"].dropna().unique().tolist()
    return list(dict.fromkeys([*market.groups, *results["group"].dropna()]))


def biggest_movers(ok: pd.DataFrame) -> pd.DataFrame:
    """The securities whose market value moved most (in USD), else whose price moved most."""
    valued = ok.dropna(subset=["value_change_usd"])
    if not valued.empty:
        return valued.reindex(valued["value_change_usd"].abs().sort_values(ascending=False).index).head(MOVERS)
    return ok.reindex(ok["raw_return"].abs().sort_values(ascending=False).index).head(MOVERS)


def window_paths(paths: pd.DataFrame, params: StudyParams) -> pd.DataFrame:
    """AR at every τ, and CAR accumulated from the event window's start (empty before it): at the
    window's end the path equals the CAR of the table and the cards."""
    out = paths.sort_values(["launch_id", "ticker", "tau"]).copy()
    inside = out["tau"] >= params.window[0]
    out["car"] = out["ar"].where(inside).groupby([out["launch_id"], out["ticker"]]).cumsum().where(inside)
    return out.reset_index(drop=True)
