"""The Adoption page's aggregates: materialised at publish, summed in SQL, and the same numbers as
computed row by row from the snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import event_study
from pipelines.warehouse import read_query
from views import adoption
from views.filters import load_universe
from views.source import Warehouse


def frame(path: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).df()


@pytest.mark.parametrize("table", ["hub_repos", "hub_weekly"])
def test_hub_aggregates_hold_what_their_views_compute_after_hub_runs(hub_series_warehouse: Path, table: str) -> None:
    # the hub runs after the seed added snapshots: the publish rebuilt the tables from them
    differ = frame(
        hub_series_warehouse,
        f"SELECT count(*) AS n FROM ((SELECT * FROM {table} EXCEPT SELECT * FROM {table}_computed) "  # noqa: S608
        f"UNION ALL (SELECT * FROM {table}_computed EXCEPT SELECT * FROM {table}))",
    )["n"][0]
    assert differ == 0
    hub_api = frame(hub_series_warehouse, "SELECT count(*) AS n FROM model_stats WHERE source = 'hub-api'")["n"][0]
    assert hub_api > 0
    if table == "hub_repos":
        total = frame(hub_series_warehouse, "SELECT sum(snapshots) AS n FROM hub_repos")["n"][0]
        assert total == frame(hub_series_warehouse, "SELECT count(*) AS n FROM model_stats")["n"][0]


def _weekly_by_hand(path: Path, start: date, end: date) -> pd.DataFrame:
    """Each tracked repo's newest 30-day count per week within [start, end], summed per organisation."""
    snaps = frame(
        path,
        "SELECT s.repo_id, o.organization, s.as_of, s.source, s.downloads_30d FROM model_stats AS s "
        "JOIN hf_orgs AS o ON o.hf_org = split_part(s.repo_id, '/', 1) WHERE s.downloads_30d IS NOT NULL",
    )
    day = snaps["as_of"].dt.normalize()
    snaps = snaps[(day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))].copy()
    snaps["week_end"] = (snaps["as_of"].dt.normalize() - pd.to_timedelta(snaps["as_of"].dt.day_of_week, unit="D")
                         + pd.Timedelta(days=6))
    newest = snaps.sort_values(["as_of", "source"], ascending=[False, True]).drop_duplicates(["repo_id", "week_end"])
    out = newest.groupby(["week_end", "organization"]).agg(
        downloads_30d=("downloads_30d", "sum"), repos=("repo_id", "count")
    )
    return out.reset_index()


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2024, 1, 1), date(2027, 1, 1)), (date(2025, 3, 5), date(2026, 2, 18)), (date(2026, 8, 6), date(2026, 8, 8))],
)
def test_weekly_sums_match_the_snapshots_when_the_range_cuts_a_week(
    hub_series_warehouse: Path, start: date, end: date
) -> None:
    # a Wednesday/Saturday end cuts its week: the newest snapshot on or before it counts, not the week's newest
    got = read_query("adoption_org_weekly", {"start": start, "end": end}, path=hub_series_warehouse)
    expected = _weekly_by_hand(hub_series_warehouse, start, end)
    assert len(got) == len(expected) > 0
    got["week_end"] = pd.to_datetime(got["week_end"])
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_launch_car_is_the_mean_of_the_members_paths(seed_warehouse: Path) -> None:
    source = Warehouse(seed_warehouse)
    universe = load_universe(source)
    curves, _ = adoption.launch_curves(source.query("adoption_launch_series", orgs=[]))
    car, label = adoption.launch_car(curves, "group:chipmaker", universe, source, source.query("launches"))
    members = list(universe.groups["chipmaker"])
    assert str(len(members)) in label and not car.empty
    paths = event_study.paths(
        event_study.StudyParams(use_market_date=False),
        launch_ids=list(dict.fromkeys(curves["launch_id"])),
        tickers=members,
        tau_range=(0, adoption.CAR_TAU_MAX),
        path=seed_warehouse,
    )
    mean = paths.groupby(["launch_id", "tau"])["ar"].mean()
    by_hand = mean.groupby(level="launch_id").cumsum()
    shown = car.set_index(["launch_id", "tau"])["car"]
    assert shown.to_numpy() == pytest.approx(by_hand.loc[shown.index].to_numpy(), rel=1e-12, nan_ok=True)
    assert (car["day"] <= adoption.HORIZON_DAYS).all()
