"""Adoption: one collector for the page, its report and the CLI.

collect() reads the Hugging Face download snapshots of the chosen organisations and models and
returns an AdoptionView: the 30-day count over time, a ranking and the likes at one date, each
organisation's share of the tracked total, the launches whose series starts near their release
aligned by days since launch next to the chip stocks' CAR over the same days, and the daily
downloads that consecutive all-time totals allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipelines import study_cache
from pipelines.event_study import StudyParams
from views import labels, numbers, palette
from views.filters import AdoptionFilters, Universe
from views.source import Source
from views.status import data_status

HORIZON_DAYS = 60  # the days-since-launch view: calendar days 0 … 60 after the release date
NEAR_LAUNCH_DAYS = 14  # a series whose first snapshot is later than this is not a launch curve
MIN_CURVE_POINTS = 3  # fewer snapshots in the horizon: no curve
CAR_TAU_MAX = study_cache.CAR_TAU_MAX  # trading days: about 60 calendar days (a group's are kept at publish)
MIN_WEEK_REPOS = 10  # a week with fewer recorded repos gives no share (one repo would be 100 %)
MAX_AGE_DAYS = 14  # the ranking uses a repo's newest snapshot at most this old on the chosen date
MAX_INTERVAL_DAYS = 45  # daily downloads: longer intervals between all-time totals are left out
DEFAULT_PER_ORG = 2  # default models: each organisation's launch repos with the longest series
MAX_OFFERED = 1000  # the model filter lists at most these (a list of 100 k repos is no choice)


DAILY_NOTE = (
    "Daily downloads come only from two consecutive all-time totals of the same repo: the Hub's rolling "
    "30-day count cannot be differenced into days, because each new value adds one unknown day and drops "
    "another."
)
NO_DAILY = (
    "No daily download series is stored for the chosen models: the embedded history holds 30-day counts only, "
    "and a day's downloads need two all-time totals of the same repo taken a day apart. Run the Hub pipeline "
    "(`python -m pipelines run hub`) on consecutive days, for instance from the schedule, to build one."
)
PRECISION_NOTE = (
    "Filled markers are exact numbers from the Hub API; open markers are rounded values read from the "
    "Hub's trending page (about three significant figures)."
)
SHARE_NOTE = (
    "Each week, the newest 30-day count of every tracked repo that appears in the sources that week, "
    "summed by organisation (weeks with fewer than 10 repos recorded are left out). "
    "The sources cover different repos (trending lists from 2025-11, the top 300 "
    "from 2026-08-07), so a share is of what was recorded, not of every repo on the Hub."
)
CURVE_NOTE = (
    "x: calendar days since the release date. Downloads: the Hub's rolling 30-day count, so the curve "
    "rises for 30 days after a launch even at a constant daily rate. CAR: market model against ^GSPC "
    "(estimation τ −250…−11), accumulated from t0, the first trading day on or after the release; its "
    "points sit on trading days, placed at their calendar day."
)
EMPTY_SNAPSHOTS = pd.DataFrame(
    columns=[
        "repo_id",
        "organization",
        "as_of",
        "downloads_30d",
        "downloads_all_time",
        "likes",
        "precision",
        "source",
        "source_url",
    ]
)


@dataclass(frozen=True)
class AdoptionView:
    """What the Adoption page shows for its filters."""

    filters: AdoptionFilters
    orgs: tuple[str, ...]  # the organisations in scope (the chosen ones, or every one with data)
    orgs_with_data: tuple[str, ...]
    no_data: dict[str, str]  # organisation → why it has no download data
    offered: pd.DataFrame  # the models the filter offers: tracked repos with snapshots
    models: tuple[str, ...]  # the models drawn over time
    default_models: bool
    start: date
    end: date
    first: date  # the span of all stored snapshots
    last: date
    snapshots: pd.DataFrame
    launches: pd.DataFrame  # launch markers of the drawn models
    ranking_date: date
    ranking: pd.DataFrame  # newest snapshot ≤ MAX_AGE_DAYS old at ranking_date, top N by 30-day count
    likes: pd.DataFrame  # the same snapshots, top N by likes
    shares: pd.DataFrame  # week_end, organization, downloads_30d, repos, share
    curves: pd.DataFrame  # launch_id, model, day, downloads_30d, precision …: launches near release
    late: pd.DataFrame  # launch_id, model, repo_id, first_day, snapshots, reason: not drawn as curves
    car: pd.DataFrame  # launch_id, model, tau, date, day, car
    car_label: str
    daily: pd.DataFrame
    new_models: pd.DataFrame
    candidates: pd.DataFrame
    summary: pd.DataFrame  # one row per drawn model: its newest numbers
    sources: pd.DataFrame
    org_colours: dict[str, str]
    launch_colours: dict[str, str]
    as_of: str
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what the data does not hold yet, said once

    @property
    def value_column(self) -> str:
        return "downloads_all_time" if self.filters.count == "all" else "downloads_30d"

    @property
    def value_label(self) -> str:
        return "All-time downloads" if self.filters.count == "all" else "30-day downloads"

    @property
    def curve_launches(self) -> list[str]:
        return list(dict.fromkeys(self.curves["launch_id"]))


def hf_organisations(source: Source) -> pd.DataFrame:
    return source.query("hf_orgs")


@dataclass(frozen=True)
class Options:
    """What the page's filters offer: organisations with data (the others marked) and their models."""

    orgs_with_data: tuple[str, ...]
    no_data: dict[str, str]  # organisation → why it has no download data
    offered: pd.DataFrame  # tracked repos with snapshots of the organisations in scope, launch repos first (capped)
    first: date | None  # the span of the tracked snapshots
    last: date | None

    def label(self, org: str) -> str:
        return f"{org} (no download data)" if org in self.no_data else org


def options(source: Source, universe: Universe, orgs: tuple[str, ...] = (), models: tuple[str, ...] = ()) -> Options:
    """Organisations and models with download data; orgs (empty: all with data) limits the models,
    of which the MAX_OFFERED first (launch repos, then the longest series) and the chosen models come."""
    span = source.query("adoption_org_span")
    hf_orgs = set(hf_organisations(source)["organization"])
    with_data = set(span["organization"].unique())
    orgs_with_data = tuple(o for o in universe.orgs if o in with_data)
    no_data = {
        org: (
            "no snapshot of its Hugging Face organisation yet"
            if org in hf_orgs
            else "no Hugging Face organisation tracked"
        )
        for org in universe.orgs
        if org not in with_data
    }
    offered = source.query(
        "adoption_offered", orgs=list(orgs or orgs_with_data), models=list(models), limit=MAX_OFFERED
    )
    first = pd.Timestamp(span["first_as_of"].min()).date() if not span.empty else None
    last = pd.Timestamp(span["last_as_of"].max()).date() if not span.empty else None
    return Options(orgs_with_data, no_data, offered, first, last)


def collect(filters: AdoptionFilters, universe: Universe, source: Source) -> AdoptionView:
    choice = options(source, universe, filters.orgs, filters.models)
    hf_orgs = hf_organisations(source)
    launches_all = source.query("launches")
    orgs_with_data, no_data, offered = choice.orgs_with_data, choice.no_data, choice.offered
    orgs = filters.orgs or orgs_with_data
    models, default_models = _models(filters, offered)

    first, last = choice.first or date.today(), choice.last or date.today()
    start, end = filters.start or first, filters.end or last

    snapshots = (
        source.query("adoption_snapshots", repo_ids=list(models), start=start, end=end) if models else EMPTY_SNAPSHOTS
    )
    launches = source.query("timeline_launches", launch_ids=[], orgs=[], countries=[], start=start, end=end)
    drawn_launches = launches_all[launches_all["hf_repo_id"].isin(models)]["launch_id"]
    launches = launches[launches["launch_id"].isin(drawn_launches)].reset_index(drop=True)

    ranking_date = filters.ranking_date or last
    at_date = source.query("adoption_at_date", orgs=list(orgs), as_of=ranking_date, max_age_days=MAX_AGE_DAYS)
    ranking = at_date.head(filters.top).reset_index(drop=True)
    likes = (
        at_date.dropna(subset=["likes"]).sort_values(["likes", "repo_id"], ascending=[False, True]).head(filters.top)
    ).reset_index(drop=True)

    shares = org_shares(source.query("adoption_org_weekly", start=start, end=end))

    series = source.query("adoption_launch_series", orgs=list(orgs))
    curves, late = launch_curves(series)
    car, car_label = launch_car(curves, filters.security, universe, source, launches_all)

    daily = source.query("adoption_daily", repo_ids=list(models), start=start, end=end) if models else pd.DataFrame()
    daily = daily[daily["days"] <= MAX_INTERVAL_DAYS].reset_index(drop=True) if not daily.empty else daily
    new_models = source.query("adoption_new_models", orgs=list(orgs), start=start, end=end)
    missing = []
    if daily.empty or daily["per_day"].dropna().empty:
        missing.append(
            "daily downloads: none of the drawn models has two consecutive all-time totals (the embedded "
            "history holds 30-day counts only; each run of the hub pipeline stores an all-time total)"
        )
    if new_models.empty:
        missing.append("repo creation dates (new models per organisation): stored by the hub pipeline's first run")

    org_keys = list(dict.fromkeys([*orgs_with_data, *universe.orgs, *hf_orgs["organization"]]))
    org_colours = palette.colour_map(org_keys)
    return AdoptionView(
        filters=filters,
        orgs=tuple(orgs),
        orgs_with_data=orgs_with_data,
        no_data=no_data,
        offered=offered,
        models=tuple(models),
        default_models=default_models,
        start=start,
        end=end,
        first=first,
        last=last,
        snapshots=snapshots,
        launches=launches,
        ranking_date=ranking_date,
        ranking=ranking,
        likes=likes,
        shares=shares,
        curves=curves,
        late=late,
        car=car,
        car_label=car_label,
        daily=daily,
        new_models=new_models,
        candidates=source.query("launch_candidates"),
        summary=summary(snapshots, offered),
        sources=sources(snapshots, at_date),
        org_colours=org_colours,
        launch_colours=palette.colour_map(list(dict.fromkeys(curves["launch_id"]))),
        as_of=data_status(source),
        notes=[PRECISION_NOTE, SHARE_NOTE, CURVE_NOTE, DAILY_NOTE],
        missing=missing,
    )


def _models(filters: AdoptionFilters, offered: pd.DataFrame) -> tuple[tuple[str, ...], bool]:
    """The chosen models; none chosen: each organisation's launch repos with the longest series."""
    if filters.models:
        return filters.models, False
    launches = offered.dropna(subset=["launch"]).sort_values("snapshots", ascending=False, kind="stable")
    chosen = launches.groupby("organization", sort=False).head(DEFAULT_PER_ORG)
    if chosen.empty:
        chosen = offered.head(DEFAULT_PER_ORG * 4)
    return tuple(chosen.sort_values(["organization", "snapshots"], ascending=[True, False])["repo_id"]), True


def org_shares(weekly: pd.DataFrame) -> pd.DataFrame:
    """Each organisation's share of the week's tracked total, from its weekly sum of 30-day counts
    (sql/queries/adoption_org_weekly.sql); weeks with fewer than MIN_WEEK_REPOS repos are left out."""
    columns = ["week_end", "organization", "downloads_30d", "repos", "share"]
    if weekly.empty:
        return pd.DataFrame(columns=columns)
    sums = weekly[columns[:-1]].copy()
    sums["share"] = sums["downloads_30d"] / sums.groupby("week_end")["downloads_30d"].transform("sum")
    covered = sums.groupby("week_end")["repos"].transform("sum") >= MIN_WEEK_REPOS
    return sums[covered].reset_index(drop=True)


def launch_curves(series: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Launch series that start within NEAR_LAUNCH_DAYS of release (points 0…HORIZON_DAYS), and the
    launches left out, each with the reason."""
    columns = ["launch_id", "model", "organization", "repo_id", "first_day", "snapshots", "reason"]
    if series.empty:
        return series, pd.DataFrame(columns=columns)
    day = series["day"]
    inside = day.between(0, HORIZON_DAYS)
    by_launch = series.groupby("launch_id", sort=False)
    first_day = by_launch["day"].transform("min")
    points = inside.groupby(series["launch_id"], sort=False).transform("sum")
    drawn = (first_day <= NEAR_LAUNCH_DAYS) & (points >= MIN_CURVE_POINTS)
    curves = series[drawn & inside].reset_index(drop=True)
    heads = series[~drawn].groupby("launch_id", sort=False)
    late = heads.head(1).copy()
    late["first_day"] = first_day[late.index].astype(int)
    late["snapshots"] = heads["day"].transform("size")[late.index]
    n_inside = points[late.index].astype(int)
    next_day = day.where(day > HORIZON_DAYS).groupby(series["launch_id"], sort=False).transform("min")[late.index]
    late["reason"] = [
        f"series starts {f} days after the release"
        if f > NEAR_LAUNCH_DAYS
        else f"only {n} snapshot(s) in the first {HORIZON_DAYS} days; the next "
        + (f"{int(later)} days after the release" if later == later else "none")
        for f, n, later in zip(late["first_day"], n_inside, next_day, strict=True)
    ]
    return curves, late[columns].sort_values("first_day").reset_index(drop=True)


def car_members(security: str, universe: Universe) -> tuple[list[str], str]:
    """The tickers behind a CAR choice and how the chart names it."""
    if security.startswith("group:"):
        group = security.removeprefix("group:")
        members = list(universe.groups.get(group, ()))
        return members, f"{labels.group(group)} (equal-weighted mean of {len(members):,} members' abnormal returns)"
    return [security], security


def launch_car(
    curves: pd.DataFrame, security: str, universe: Universe, source: Source, launches: pd.DataFrame
) -> tuple[pd.DataFrame, str]:
    """CAR from t0 of the chosen security (or a group's equal-weighted portfolio) for each drawn launch,
    with each trading day placed at its calendar day since the release."""
    tickers, label = car_members(security, universe)
    columns = ["launch_id", "model", "tau", "date", "day", "ar", "car"]
    launch_ids = list(dict.fromkeys(curves["launch_id"])) if not curves.empty else []
    if not launch_ids or not tickers:
        return pd.DataFrame(columns=columns), label
    params = StudyParams(use_market_date=False)
    group = security.removeprefix("group:") if security.startswith("group:") else None  # its kept days, if whole
    mean = source.study(
        "mean_ar", params, launch_ids=launch_ids, tickers=tickers, tau_range=(0, CAR_TAU_MAX), group=group
    )
    if mean.empty:
        return pd.DataFrame(columns=columns), label
    mean = mean.sort_values(["launch_id", "tau"])
    mean["car"] = mean.groupby("launch_id")["ar"].cumsum()
    released = launches.set_index("launch_id")
    mean["model"] = mean["launch_id"].map(released["model"])
    mean["day"] = (pd.to_datetime(mean["date"]) - pd.to_datetime(mean["launch_id"].map(released["date"]))).dt.days
    mean = mean[mean["day"] <= HORIZON_DAYS]
    return mean[columns].reset_index(drop=True), label


def summary(snapshots: pd.DataFrame, offered: pd.DataFrame) -> pd.DataFrame:
    """One row per drawn model: its newest numbers (NaN where no source recorded one), named as in the column
    registry, so that pages and reports write them alike (48 M, 1.2 k, an empty cell)."""
    columns = [
        "repo_id", "organization", "launch", "snapshots", "first", "last",
        "downloads_30d", "downloads_all_time", "likes", "precision",
    ]
    if snapshots.empty:
        return pd.DataFrame(columns=columns)
    launch = offered.set_index("repo_id")["launch"] if not offered.empty else pd.Series(dtype=object)
    by_repo = snapshots.groupby("repo_id", sort=False)
    newest = by_repo.tail(1).set_index("repo_id")
    known = by_repo[["downloads_30d", "downloads_all_time", "likes"]].last()  # each one's newest non-missing
    repos = newest.index
    return pd.DataFrame(
        {
            "repo_id": repos,
            "organization": newest["organization"].to_numpy(),
            "launch": [name if isinstance(name, str) else "" for name in launch.reindex(repos)],
            "snapshots": by_repo.size().loc[repos].to_numpy(),
            "first": by_repo["as_of"].min().loc[repos].map(numbers.day).to_numpy(),
            "last": newest["as_of"].map(numbers.day).to_numpy(),
            **{c: known.loc[repos, c].astype(float).to_numpy() for c in known.columns},
            "precision": by_repo["precision"].agg(lambda p: ", ".join(sorted(p.unique()))).loc[repos].to_numpy(),
        },
        columns=columns,
    )


def sources(*frames: pd.DataFrame) -> pd.DataFrame:
    """Each source of the numbers shown: how many snapshots, which dates, and one example file."""
    frame = pd.concat([f for f in frames if not f.empty]) if any(not f.empty for f in frames) else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=["source", "snapshots", "first", "last", "precision", "source_url"])
    frame = frame.drop_duplicates(["repo_id", "as_of", "source"])
    out = (
        frame.groupby("source")
        .agg(
            snapshots=("repo_id", "count"),
            first=("as_of", "min"),
            last=("as_of", "max"),
            precision=("precision", lambda p: ", ".join(sorted(set(p)))),
            source_url=("source_url", "last"),
        )
        .reset_index()
    )
    out["first"] = out["first"].map(numbers.day)
    out["last"] = out["last"].map(numbers.day)
    out["source_url"] = out["source_url"].fillna("")
    return out
