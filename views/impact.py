"""Launch impact: one collector that the page, its report and the CLI all use.

collect() reads everything the view shows for one set of filters and returns an ImpactView;
the page draws it, reporting/ formats it, so the three cannot disagree on securities, windows
or numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipelines import confounders
from pipelines.event_study import StudyParams, method_notes, window_label
from views import figures, palette
from views.filters import ImpactFilters, MarketFilters, Universe
from views.source import Source
from views.status import data_status

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
    groups: pd.DataFrame  # one row per group portfolio: CAR, t, p, flags and the robust tests
    paths: pd.DataFrame  # AR by τ, and CAR accumulated from the window's start
    heat: pd.DataFrame
    heat_launches: pd.DataFrame
    ranking: pd.DataFrame  # one row per stock-day: launches sharing it listed together, with flags
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


# At most this many launch × member rows are added to the page's study of every launch to serve its group
# portfolios too (the seed: 101 launches × a dozen members); a 1,000-member group at 1,010 launches would be
# a million rows (6 s), so large groups are studied for the shown launch only.
MERGED_MEMBER_ROWS = 20_000


def collect(
    filters: ImpactFilters, market: MarketFilters, universe: Universe, source: Source
) -> ImpactView:
    """Everything the view shows: the company filter applies to every output unless all_securities."""
    params = filters.params
    launches = source.query("launches").set_index("launch_id", drop=False)
    launch = launches.loc[filters.launch_id]
    tickers = None if filters.all_securities else market.selected_tickers(universe)
    scope = tickers or list(universe.tickers)
    chosen_groups = _groups_in_scope(scope, market, universe, filters.all_securities)
    members = None if filters.all_securities else _members(chosen_groups, universe)
    # one study of every launch × the securities in scope: the ranking reads all of it, the cards, bars
    # and table this launch's rows, the heatmap the sidebar's launches (the same numbers). When the
    # members of their groups add few rows to it, it takes them in too, and the group portfolios and their
    # tests read this launch's members from it: one study where two cost DuckDB's preparation twice, and a
    # launch changed at other settings costs none. Large groups are studied for this launch only.
    extra = set(members or ()) - set(scope)
    merged = members is None or len(universe.launch_ids) * len(extra) <= MERGED_MEMBER_ROWS
    studied = None if members is None else sorted({*scope, *members}) if merged else scope
    everything = source.study("results", params, tickers=studied)
    this_launch = everything[everything["launch_id"] == filters.launch_id]
    if extra and merged:
        everything = everything[everything["ticker"].isin(scope)]
        results = _in_order(this_launch[this_launch["ticker"].isin(scope)], scope)
    else:
        results = _in_order(this_launch, scope)
    ok = results[results["status"] == "ok"]
    group_members = None
    if merged:
        group_members = this_launch if members is None else this_launch[this_launch["ticker"].isin(members)]
        group_members = group_members.reset_index(drop=True)
    groups, tests = source.study(
        "groups_with_tests", params, launch_ids=[filters.launch_id], tickers=members, members=group_members
    )
    groups = with_robust_tests(groups[groups["group"].isin(chosen_groups)].reset_index(drop=True), tests)
    path_tickers = ok["ticker"].tolist()
    paths = (
        window_paths(source.study("paths", params, launch_ids=[filters.launch_id], tickers=path_tickers), params)
        if path_tickers
        else pd.DataFrame(columns=["launch_id", "ticker", "tau", "date", "ar", "car"])
    )
    heat_launches = source.query("timeline_launches", **market.launch_query())
    heat = everything[everything["launch_id"].isin(heat_launches["launch_id"])].reset_index(drop=True)
    ranking = ranking_of(everything, launches["model"], launches["kind"])
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
        ranking=ranking,
        price_sources=source.query("price_sources", tickers=results["ticker"].tolist()),
        colours=palette.colour_map(results["ticker"].tolist()),
        as_of=data_status(source),
        notes=method_notes(params.model),
    )


def launch_labels(launches: pd.DataFrame) -> dict[str, str]:
    """Launch id → the name the launch picker shows: the short model name, with the release date
    where two launches share it (a picker whose labels repeat cannot tell them apart, and Streamlit
    hands back the other one), and the id where even that repeats."""
    short = launches["model"].map(figures.short_model)
    dated = short.where(~short.duplicated(keep=False), short + " (" + launches["date"].astype(str).str[:10] + ")")
    unique = dated.where(~dated.duplicated(keep=False), dated + " · " + launches["launch_id"])
    return dict(zip(launches["launch_id"], unique, strict=True))


def _in_order(results: pd.DataFrame, tickers: list[str]) -> pd.DataFrame:
    rank = {t: i for i, t in enumerate(tickers)}
    return results.sort_values("ticker", key=lambda col: col.map(rank), kind="stable").reset_index(drop=True)


def _members(groups: list[str], universe: Universe) -> list[str]:
    """Every security of these groups: a group portfolio is of all its members, whatever is chosen."""
    return sorted({ticker for group in groups for ticker in universe.groups.get(group, ())})


def _groups_in_scope(scope: list[str], market: MarketFilters, universe: Universe, all_securities: bool) -> list[str]:
    """All groups for the whole universe; else the chosen groups and the groups of the chosen tickers
    (in the order of the securities in scope)."""
    group_of = {ticker: group for group, members in universe.groups.items() for ticker in members}
    of_scope = [group_of[t] for t in scope if t in group_of]
    return list(dict.fromkeys(of_scope if all_securities else [*market.groups, *of_scope]))


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


SECONDARY_KINDS = ("app_event",)  # named after the model launches sharing their day
ROBUST_COLUMNS = ["bmp_z", "bmp_p", "kp_z", "kp_p", "sign_z", "sign_p", "rank_z", "rank_p"]
CONFOUNDER_KINDS = (
    ("market-wide day", "market-wide day"),
    ("same-day launch", "same-day launch"),
    ("other launch", "other launch in window"),
    ("earnings", "earnings"),
)


def with_robust_tests(groups: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """Group portfolio rows with the robust tests over their members (BMP, BMP-KP, sign, rank)."""
    wanted = [c for c in ROBUST_COLUMNS if c in tests.columns]
    if tests.empty or groups.empty:
        return groups.assign(**{c: float("nan") for c in ROBUST_COLUMNS})
    out = groups.merge(tests[["launch_id", "group", *wanted]], on=["launch_id", "group"], how="left")
    return out.assign(**{c: float("nan") for c in ROBUST_COLUMNS if c not in out.columns})


def ranking_of(
    everything: pd.DataFrame, models: pd.Series, kinds: pd.Series | None = None, size: int = RANKING_SIZE
) -> pd.DataFrame:
    """The largest |CAR| of all launches, one row per stock-day (confounders.largest_moves): launches
    sharing a security's event window share its abnormal return, so they are one row, named together."""
    ok = everything[everything["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame(columns=["launch", "ticker", "t0", "raw_return", "car", "t_stat", "p_value", "flags"])
    moves = confounders.largest_moves(ok.assign(model=ok["launch_id"].map(models)), n=size)
    names = models.map(figures.short_model)
    secondary = set(kinds[kinds.isin(SECONDARY_KINDS)].index) if kinds is not None else set()
    moves["launch"] = [
        " + ".join(names.get(i, i) for i in sorted(ids.split(" + "), key=lambda i: i in secondary))
        for ids in moves["launch_id"]
    ]
    return moves.reset_index(drop=True)


def confounder_marker(flags: object) -> str:
    """A short marker for a confounded row ('⚑ market-wide day'); empty when nothing confounds it."""
    kinds = []
    for reason in confounders.split(flags):
        for prefix, label in CONFOUNDER_KINDS:
            if reason.startswith(prefix) and reason != confounders.EARNINGS_UNKNOWN:
                kinds.append(label)
    return "⚑ " + ", ".join(dict.fromkeys(kinds)) if kinds else ""
