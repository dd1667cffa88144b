"""The default studies kept at publish (pipelines/study_cache.py) are the computed studies, after every
kind of change a run can make, and a run recomputes only what its change can reach."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipelines import event_study, study_cache
from pipelines.event_study import StudyParams
from pipelines.warehouse import staged_build


def both(
    path: Path, params: StudyParams, windows: list[tuple[int, int]], **filters: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    kept = event_study.results_for_windows(params, windows, path=path, kept=True, **filters)
    computed = event_study.results_for_windows(params, windows, path=path, kept=False, **filters)
    return kept, computed


def assert_kept_is_computed(path: Path) -> None:
    """Every kept row equals the computed one (the benchmark's own fit: its zero σ within 1e-9), and so does
    every kept group portfolio's day."""
    kept, computed = both(path, StudyParams(), list(study_cache.WINDOWS))
    assert len(kept) > 0
    pd.testing.assert_frame_equal(kept, computed, check_exact=False, rtol=1e-12, atol=1e-9)
    for window in study_cache.WINDOWS:
        assert_kept_portfolios_are_computed(path, StudyParams(window=window))
    assert_kept_cars_are_computed(path)


def assert_kept_cars_are_computed(path: Path) -> None:
    """Each group's CAR days (the Adoption page's mean AR from t0) at every launch, as kept, equal
    adoption_car.sql fitting all its members again."""
    from pipelines.warehouse import read_query

    params = StudyParams()  # counted from the market date: every launch's are the kept ones
    launches = read_query("launches", path=path)["launch_id"].tolist()
    groups = read_query("securities", path=path).groupby("group")["ticker"].apply(sorted)
    assert len(groups) > 3
    for group, members in groups.items():
        asked = {"tau_min": 0, "tau_max": study_cache.CAR_TAU_MAX, "launch_ids": launches, "tickers": members}
        kept = read_query("group_car_kept", {**asked, "group": group}, path=path)
        assert kept["members"].eq(len(members)).all() and kept["listed"].eq(len(members)).all()
        fitted = read_query("adoption_car", {**params.bind(), **asked}, path=path)
        assert len(fitted) > 2000
        pd.testing.assert_frame_equal(
            kept.drop(columns=["members", "listed"]), fitted, check_exact=False, rtol=1e-12, atol=1e-15
        )


def assert_kept_portfolios_are_computed(path: Path, params: StudyParams) -> None:
    """Each group's portfolio days at every launch, as kept, equal group_ar.sql fitting its members again."""
    from pipelines.warehouse import read_query

    members = event_study.results(params, path=path)
    ok = members[members["status"] == "ok"]
    kept = event_study._kept_portfolio_days(params, ok, path)
    assert kept is not None, "the kept days do not hold the whole groups"
    listed = event_study.portfolio_members(params, ok)
    computed = read_query("group_ar", {**params.bind(), **listed}, path=path, as_written=True)
    assert len(kept) > 10_000
    pd.testing.assert_frame_equal(kept, computed, check_exact=False, rtol=1e-12, atol=1e-15)
    # the portfolios' CARs and flags with them, as a cross-section of every launch reads them
    read, days = event_study.kept_group_results(
        params, launch_ids=listed["launch_ids"], groups=sorted(ok["group"].unique()), path=path
    )
    expected = event_study.group_results(params, members=members, days=computed, path=path)
    assert read["confounded"].any() and read["flags"].str.contains("earnings").any()
    pd.testing.assert_frame_equal(days, computed, check_exact=False, rtol=1e-12, atol=1e-15)
    pd.testing.assert_frame_equal(read, expected, check_exact=False, rtol=1e-12, atol=1e-15)


def test_the_seed_keeps_every_default_study_and_reads_give_the_computed_rows(seed_warehouse: Path) -> None:
    assert study_cache.kept_in(seed_warehouse)
    assert_kept_is_computed(seed_warehouse)
    kept, computed = both(
        seed_warehouse, StudyParams(), [(0, 1)], launch_ids=["deepseek-r1", "no-such-launch"], tickers=["NVDA", "SPY"]
    )
    pd.testing.assert_frame_equal(kept, computed, check_exact=False, rtol=1e-12, atol=1e-9)
    assert kept["ticker"].tolist() == ["NVDA", "SPY"]


def test_other_settings_are_computed() -> None:
    assert study_cache.covers(StudyParams(window=(0, 1)), [(0, 1)])
    assert not study_cache.covers(StudyParams(), [(0, 0), (-1, 1)])  # a window that is not kept
    assert not study_cache.covers(StudyParams(benchmark="SOXX"), [(0, 0)])
    assert not study_cache.covers(StudyParams(model="raw"), [(0, 0)])
    assert not study_cache.covers(StudyParams(use_market_date=False), [(0, 0)])


NEXT_DAY = "(SELECT max(date) + 1 FROM prices)"
# A run's changes; True where it may recompute every row (a change that reaches most launches).
CHANGES = {
    "a new day for every security and the benchmark": (
        [
            f"INSERT INTO prices SELECT * REPLACE ({NEXT_DAY} AS date, close * 1.01 AS close) FROM prices "
            "WHERE (ticker, date) IN (SELECT (ticker, max(date)) FROM prices GROUP BY ticker)"
        ],
        False,
    ),
    "a new day for the securities that traded on the last one": (  # the daily run: the others end before it,
        [  # so the benchmark's new day reaches none of their CARs' days
            "INSERT INTO prices SELECT * REPLACE ((SELECT max(date) + 3 FROM prices) AS date, close * 0.99 AS close) "
            "FROM prices WHERE date = (SELECT max(date) FROM prices)"
        ],
        False,
    ),
    "an old close of one security": (
        ["UPDATE prices SET close = close * 1.1 WHERE ticker = 'NVDA' AND date = DATE '2025-01-27'"],
        False,
    ),
    "an old close of the benchmark": (
        ["UPDATE prices SET close = close * 0.97 WHERE ticker = '^GSPC' AND date = DATE '2025-06-02'"],
        False,
    ),
    "a launch added on a busy day and one moved": (
        [
            "INSERT INTO launches (launch_id, date, model, organization, confirmed) "
            "VALUES ('test-launch', DATE '2025-01-24', 'Test model', 'Test lab', TRUE)",
            "UPDATE launches SET market_date = DATE '2025-03-03' WHERE launch_id = 'qwen2.5-max'",
        ],
        False,
    ),
    "the last days of one security removed": (  # its CARs lose those days: counted from one past its new last day
        ["DELETE FROM prices WHERE ticker = 'NVDA' "
         "AND date > (SELECT max(date) - 45 FROM prices WHERE ticker = 'NVDA')"],
        False,
    ),
    "a security back after ten months without a bar": (  # its launches since: no t0 before, a t0 months later now
        ["INSERT INTO prices SELECT * REPLACE ((SELECT max(date) FROM prices) AS date) FROM prices "
         "WHERE ticker = '9988.HK' AND date = (SELECT max(date) FROM prices WHERE ticker = '9988.HK')"],
        False,
    ),
    "a bar inside a security's long gap": (  # the launches just before it now have a t0 near their event
        ["INSERT INTO prices SELECT * REPLACE (DATE '2025-11-07' AS date) FROM prices "
         "WHERE ticker = '9988.HK' AND date = DATE '2025-10-30'"],
        False,
    ),
    "a security's t0 pushed more than ten days past the event": (  # DeepSeek-R1's AMD pair: near, then far
        ["DELETE FROM prices WHERE ticker = 'AMD' AND date BETWEEN DATE '2025-01-27' AND DATE '2025-02-06'"],
        False,
    ),
    "a security's bars stopping inside a window": (
        ["DELETE FROM prices WHERE ticker = 'NVDA' AND date BETWEEN DATE '2025-01-28' AND DATE '2025-03-31'"],
        False,
    ),
    "a security moved to another group and its returns changed": (
        ["UPDATE securities SET \"group\" = 'hyperscaler' WHERE ticker = 'AMD'",
         "UPDATE prices SET close = close * 1.05 WHERE ticker = 'AMD' AND date >= DATE '2025-06-01'"],
        False,
    ),
    "an earnings date and a share count": (
        [
            "INSERT INTO earnings VALUES ('AMD', DATE '2025-01-28', 'amc', 'Q4 2024', 'test', NULL)",
            "UPDATE shares_outstanding SET shares = shares * 2 WHERE ticker = 'TSM'",
        ],
        False,
    ),
}


# The seed's last day is a bar of four securities only, none in a kept window's reach: no kept row is rewritten,
# but the new day reaches the CARs of the last 42 trading days of those four and of the benchmark's returns.
REACHES_ONLY_CARS = {"a new day for the securities that traded on the last one"}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_run_recomputes_what_it_changed_and_the_kept_rows_stay_the_computed_ones(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    statements, may_be_full = CHANGES[change]
    written: list[int] = []
    full: list[bool] = []
    portfolios: list[tuple[list, list]] = []
    reached: list[tuple[str, str, int]] = []
    real_update, real_all, real_days = study_cache.update, study_cache._all, study_cache._group_days
    real_reached = study_cache._car_reached

    def car_reached(con, days):  # records what the real one returns
        found = real_reached(con, days)
        reached.extend(found)
        return found

    monkeypatch.setattr(study_cache, "_car_reached", car_reached)
    monkeypatch.setattr(study_cache, "update", lambda con, **kw: written.append(real_update(con, **kw)) or written[-1])
    monkeypatch.setattr(study_cache, "_all", lambda con: full.append(True) or real_all(con))
    monkeypatch.setattr(
        study_cache, "_group_days", lambda con, *blocks: portfolios.append(blocks) or real_days(con, *blocks)
    )
    with staged_build(from_live=True, target=warehouse) as con:
        for statement in statements:
            con.execute(statement)
        everything = con.execute("SELECT count(*) FROM study_cache").fetchall()[0][0]
    assert written and (may_be_full or not full), "the run recomputed every kept study"
    days, flags = portfolios[0]
    if change in REACHES_ONLY_CARS:
        assert written[0] == 0 and days == flags == [] and reached
    elif change == "a security back after ten months without a bar":  # a member of no portfolio before or after
        assert written[0] > 0 and days == flags == [] and reached  # the CAR days past its old last bar change
    else:
        assert 0 < written[0] < everything / 2 and flags and (None, None) not in days + flags
    if change.startswith("a new day"):  # the CARs of the last 42 trading days gain it; their earlier days stay
        assert reached and min(tau for _, _, tau in reached) >= 1
    if change == "an earnings date and a share count":  # neither moves a return: the portfolios' days stay
        assert days == [] and all(groups == ["chipmaker"] for _, groups in flags)  # AMD's earnings, not TSM's shares
    assert_kept_is_computed(warehouse)


def test_a_run_that_changes_nothing_the_studies_read_recomputes_nothing(warehouse: Path) -> None:
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('note', 'a Hub run')")
        con.execute("SELECT 1")
    with staged_build(from_live=True, target=warehouse) as con:
        before = con.execute("SELECT count(*) FROM study_cache").fetchall()[0][0]
        assert study_cache.before_returns(con, [], full=False) is True
        assert study_cache.update(con, dated=True, tickers=[]) == 0
        assert con.execute("SELECT count(*) FROM study_cache").fetchall()[0][0] == before
    assert_kept_is_computed(warehouse)


def test_a_file_without_them_is_computed_until_a_publish_keeps_them(warehouse: Path) -> None:
    import duckdb

    with duckdb.connect(str(warehouse)) as con:  # as a version before them published it
        con.execute("DELETE FROM warehouse_info WHERE key = 'study_cache'")
        con.execute("DROP TABLE study_cache")
    assert not study_cache.kept_in(warehouse)
    computed = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], path=warehouse)
    assert computed["status"].eq("ok").sum() > 20
    with staged_build(from_live=True, target=warehouse) as con:
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('note', 'the next run')")
    assert study_cache.kept_in(warehouse)
    assert_kept_is_computed(warehouse)


def test_a_first_start_publishes_without_them_and_keeps_them_in_the_next_publish(tmp_path: Path) -> None:
    """The dashboard's first build (app/warm.py) publishes before the studies are kept, then keeps them."""
    from pipelines import seed

    path = tmp_path / "aftershock.duckdb"
    seed.build(path, keep_studies=False)
    assert not study_cache.kept_in(path)
    computed = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], path=path)
    assert computed["status"].eq("ok").sum() > 20
    assert study_cache.lacks(path)  # what the warm-up checks before it publishes them
    study_cache.publish_with_studies(path)
    assert study_cache.kept_in(path)
    assert_kept_is_computed(path)
    kept = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], path=path)
    pd.testing.assert_frame_equal(kept, computed, check_exact=False, rtol=1e-12, atol=1e-9)
    assert not study_cache.lacks(path)  # kept already: the warm-up publishes nothing
    with staged_build(from_live=True, target=path, keep_studies=False):
        pass
    assert not study_cache.kept_in(path)  # rows set aside are not read as kept
    pd.testing.assert_frame_equal(
        event_study.results(StudyParams(), launch_ids=["deepseek-r1"], path=path),
        computed, check_exact=False, rtol=1e-12, atol=1e-9,
    )


@pytest.mark.parametrize("use_market_date", [False, True])
@pytest.mark.parametrize("group", [None, "chipmaker", "index"])
def test_the_adoption_car_from_kept_fits_is_the_fitted_one(
    seed_warehouse: Path, monkeypatch: pytest.MonkeyPatch, use_market_date: bool, group: str | None
) -> None:
    """Adoption's mean AR of securities or of a whole group over its launches: from the kept fits (a group's
    from its kept days) where the event date is the kept one, fitted for the launches whose market date differs
    (DeepSeek-R1's), the same numbers either way."""
    from pipelines import warehouse
    from pipelines.warehouse import read_query

    params = StudyParams(use_market_date=use_market_date)
    launches = read_query("launches", path=seed_warehouse)["launch_id"].tolist()
    assert "deepseek-r1" in launches  # a launch whose market date is not its release date
    securities = read_query("securities", path=seed_warehouse)
    members = ["AMD", "ASML", "AVGO", "NVDA", "TSM", "^GSPC", "SPY"]
    if group is not None:
        members = securities.loc[securities["group"] == group, "ticker"].tolist()
    read: list[str] = []
    real_read = warehouse.read_query
    monkeypatch.setattr(event_study, "read_query", lambda name, *a, **k: read.append(name) or real_read(name, *a, **k))
    kept = event_study.mean_ar(
        params, launch_ids=launches, tickers=members, tau_range=(0, 42), group=group, path=seed_warehouse
    )
    assert ("group_car_kept" in read) == (group is not None)
    assert ("mean_ar_kept" in read) == (group is None)
    fitted = read_query(
        "adoption_car",
        {**params.bind(), "tau_min": 0, "tau_max": 42, "launch_ids": launches, "tickers": members},
        path=seed_warehouse,
    )
    assert len(kept) > 3000
    pd.testing.assert_frame_equal(kept, fitted, check_exact=False, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("window", [(0, 0), (-1, 1)])
def test_members_ar_and_portfolio_days_from_kept_fits_are_the_fitted_ones(seed_warehouse: Path, window) -> None:
    """The robust tests' units (AR over the estimation and event windows), the path charts' AR and CAR and the
    group portfolios' days read the kept fits at the kept settings, whatever the window: the same rows as
    fitting again."""
    from pipelines.warehouse import read_query

    params = StudyParams(window=window)
    launches = read_query("launches", path=seed_warehouse)["launch_id"].tolist()
    tickers = ["AMD", "ASML", "AVGO", "NVDA", "TSM", "^GSPC", "SPY", "QQQ"]
    span = {"tau_min": params.span[0], "tau_max": params.span[1]}
    kept = event_study.paths(
        params, launch_ids=launches, tickers=tickers, tau_range=params.span, path=seed_warehouse, cumulative=False
    )
    fitted = read_query(
        "abnormal_returns_tau",
        {**params.bind(), **span, "launch_ids": launches, "tickers": tickers},
        path=seed_warehouse,
    )
    assert len(kept) > 100_000
    pd.testing.assert_frame_equal(kept, fitted, check_exact=False, rtol=1e-12, atol=1e-15)
    drawn = event_study.paths(params, launch_ids=launches, tickers=tickers, path=seed_warehouse)  # the path charts
    tau_min, tau_max = event_study.PATH_RANGE
    refitted_paths = read_query(
        "abnormal_returns",
        {**params.bind(), "tau_min": tau_min, "tau_max": tau_max, "launch_ids": launches, "tickers": tickers},
        path=seed_warehouse,
    )
    assert len(drawn) > 10_000
    pd.testing.assert_frame_equal(drawn, refitted_paths, check_exact=False, rtol=1e-12, atol=1e-15)
    members = event_study.results(params, launch_ids=launches, tickers=tickers, path=seed_warehouse)
    ok = members[members["status"] == "ok"]
    days = event_study.portfolio_days(params, ok, path=seed_warehouse)
    listed = event_study.portfolio_members(params, ok)
    refitted = read_query("group_ar", {**params.bind(), **listed}, path=seed_warehouse)
    pd.testing.assert_frame_equal(days, refitted, check_exact=False, rtol=1e-12, atol=1e-15)


def test_a_group_missing_a_member_is_not_read_from_the_kept_group(seed_warehouse: Path) -> None:
    """The kept days are of a whole group: securities that are only some of it (or not of it) are averaged
    from their own kept fits."""
    from pipelines.warehouse import read_query

    params = StudyParams()
    launches = ["deepseek-r1", "qwen3"]
    securities = read_query("securities", path=seed_warehouse)
    chipmakers = securities.loc[securities["group"] == "chipmaker", "ticker"].tolist()
    for tickers in (chipmakers[1:], chipmakers[1:] + ["SPY"]):
        asked = {"tau_min": 0, "tau_max": 42, "launch_ids": launches, "tickers": tickers}
        got = event_study.mean_ar(params, launch_ids=launches, tickers=tickers, tau_range=(0, 42), group="chipmaker",
                                  path=seed_warehouse)
        fitted = read_query("adoption_car", {**params.bind(), **asked}, path=seed_warehouse)
        assert len(got) == 86
        pd.testing.assert_frame_equal(got, fitted, check_exact=False, rtol=1e-12, atol=1e-15)
