"""The SQL event study agrees with an independent statsmodels computation and with published facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines import event_study
from pipelines.cli import main
from pipelines.event_study import ParameterError, StudyParams, parse_window
from tests import reference_event_study as ref

TOL = 1e-9


@pytest.fixture(scope="module")
def returns() -> dict[str, pd.DataFrame]:
    return ref.load_returns()


@pytest.fixture(scope="module")
def launches(seed_warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        return con.execute("SELECT launch_id, date, market_date FROM launches").df().set_index("launch_id")


def event_date(launches: pd.DataFrame, launch_id: str, use_market_date: bool = True) -> date:
    row = launches.loc[launch_id]
    chosen = row["market_date"] if use_market_date and pd.notna(row["market_date"]) else row["date"]
    return pd.Timestamp(chosen).date()


def assert_matches(sql_row: pd.Series, expected: ref.Result) -> None:
    assert sql_row["status"] == expected.status
    if expected.status != "ok":
        return
    assert pd.Timestamp(sql_row["t0"]).date() == expected.t0
    assert sql_row["n_est"] == expected.n_est
    assert sql_row["n_event"] == expected.n_event
    for name in ("alpha", "beta", "sigma", "r2", "car", "car_se", "t_stat", "p_value", "raw_return"):
        assert sql_row[name] == pytest.approx(getattr(expected, name), abs=TOL, rel=TOL), name


@pytest.mark.parametrize("window", [(0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5), (-3, 12)])
def test_deepseek_r1_matches_statsmodels_for_every_security(seed_warehouse, returns, launches, window) -> None:
    params = StudyParams(window=window)
    sql = event_study.results(params, launch_ids=["deepseek-r1"], path=seed_warehouse).set_index("ticker")
    market = returns["^GSPC"]
    assert len(sql) == 34
    for ticker, row in sql.iterrows():
        expected = ref.study(returns[ticker], market, event_date(launches, "deepseek-r1"), window=window)
        assert_matches(row, expected)


@pytest.mark.parametrize("index", ["SPY", "QQQ", "SOXX"])
def test_other_benchmarks_match_statsmodels(seed_warehouse, returns, launches, index) -> None:
    params = StudyParams(benchmark=index, window=(0, 1), estimation=(-120, -6))
    launch_ids = ["deepseek-v3", "qwen3", "llama-4", "gpt-oss-120b"]
    sql = event_study.results(
        params, launch_ids=launch_ids, tickers=["NVDA", "TSM", "9988.HK", "000660.KS"], path=seed_warehouse
    )
    assert len(sql) == 16
    for row in sql.itertuples():
        expected = ref.study(
            returns[row.ticker],
            returns[index],
            event_date(launches, row.launch_id),
            estimation=(-120, -6),
            window=(0, 1),
        )
        assert_matches(pd.Series(row._asdict()), expected)


def test_every_launch_and_security_matches_statsmodels(seed_warehouse, returns, launches) -> None:
    sql = event_study.results(StudyParams(window=(-1, 1)), path=seed_warehouse)
    assert len(sql) == 101 * 34
    market = returns["^GSPC"]
    checked = 0
    for row in sql.itertuples():
        expected = ref.study(returns[row.ticker], market, event_date(launches, row.launch_id), window=(-1, 1))
        assert_matches(pd.Series(row._asdict()), expected)
        checked += expected.status == "ok"
    assert checked > 3000


def test_all_windows_at_once_match_statsmodels_and_one_window_at_a_time(seed_warehouse, returns, launches) -> None:
    """results_for_windows fits once per launch × security: the same rows, numbers and flags as
    results() window by window, and the statsmodels loop for each window."""
    windows = [(0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5)]
    tickers = ["NVDA", "MRVL", "KLAC", "ASML", "9988.HK", "^GSPC"]
    launch_ids = ["deepseek-r1", "llama-4", "claude-1", "gpt-oss-120b"]
    together = event_study.results_for_windows(
        StudyParams(), windows, launch_ids=launch_ids, tickers=tickers, path=seed_warehouse
    )
    assert len(together) == len(windows) * len(launch_ids) * len(tickers)
    market = returns["^GSPC"]
    for window in windows:
        part = together[(together["win_start"] == window[0]) & (together["win_end"] == window[1])]
        alone = event_study.results(StudyParams(window=window), launch_ids=launch_ids, tickers=tickers,
                                    path=seed_warehouse)
        # the benchmark regressed on itself (flagged) has σ = √(rounding noise): 0, tiny or NaN by summation order
        part, alone = (f.reset_index(drop=True) for f in (part, alone))
        for f in (part, alone):
            f.loc[f["ticker"] == "^GSPC", "sigma"] = np.nan
        pd.testing.assert_frame_equal(part, alone)
        for row in part.itertuples():
            expected = ref.study(returns[row.ticker], market, event_date(launches, row.launch_id), window=window)
            assert_matches(pd.Series(row._asdict()), expected)
    with pytest.raises(ParameterError):
        event_study.results_for_windows(StudyParams(), [(0, 0), (-12, 0)], path=seed_warehouse)


def test_published_deepseek_r1_moves(seed_warehouse) -> None:
    sql = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], path=seed_warehouse).set_index("ticker")
    # close 2025-01-27 / close 2025-01-24 - 1, as reported that day (data/seed/market/SOURCES.md)
    assert round(sql.loc["NVDA", "raw_return"], 4) == -0.1697
    assert round(sql.loc["AVGO", "raw_return"], 4) == -0.1740
    assert round(sql.loc["TSM", "raw_return"], 4) == -0.1333
    assert sql.loc["NVDA", "raw_return"] == pytest.approx(118.42 / 142.62 - 1, abs=1e-12)
    # about -$589 bn of NVIDIA's market value that day (share count of the 2026-05-29 snapshot)
    assert -620e9 < sql.loc["NVDA", "value_change_usd"] < -560e9
    assert str(sql.loc["NVDA", "shares_date"])[:10] == "2026-05-29"
    assert sql.loc["NVDA", "car"] < 0 and sql.loc["NVDA", "p_value"] < 0.001


def test_t0_is_first_trading_day_on_or_after_the_event(seed_warehouse) -> None:
    release = StudyParams(use_market_date=False)
    sql = event_study.results(
        release, launch_ids=["deepseek-r1", "llama-4"], tickers=["NVDA", "000660.KS"], path=seed_warehouse
    ).set_index(["launch_id", "ticker"])
    # 2025-01-20 was Martin Luther King Jr. Day: the US market reopened on the 21st
    assert str(sql.loc[("deepseek-r1", "NVDA"), "t0"])[:10] == "2025-01-21"
    # Llama 4 came out on Saturday 2025-04-05
    assert str(sql.loc[("llama-4", "NVDA"), "t0"])[:10] == "2025-04-07"
    market = event_study.results(
        StudyParams(), launch_ids=["deepseek-r1"], tickers=["000660.KS"], path=seed_warehouse
    ).iloc[0]
    # Korea was closed 2025-01-27..30 (Lunar New Year)
    assert str(market["t0"])[:10] == "2025-01-31"


def test_missing_data_is_listed_with_a_reason(seed_warehouse) -> None:
    sql = event_study.results(
        StudyParams(), launch_ids=["claude-sonnet-5", "gpt-4"], tickers=["NVDA", "ARM", "SMH"], path=seed_warehouse
    ).set_index(["launch_id", "ticker"])
    assert len(sql) == 6, "no security is dropped silently"
    # ARM's file ends 2026-05-29 (NVDA's prices go on to 2026-08-20)
    late = sql.loc[("claude-sonnet-5", "ARM")]
    assert late["status"] == "missing" and "no trading day on or after 2026-06-30" in late["reason"]
    assert sql.loc[("claude-sonnet-5", "NVDA"), "status"] == "ok"
    # ARM listed on 2023-09-14, long after GPT-4 (2023-03-14)
    arm = sql.loc[("gpt-4", "ARM")]
    assert arm["status"] == "missing" and "more than 10 days later" in arm["reason"]
    # SMH's file starts in 2023-07: no estimation window before GPT-4
    assert sql.loc[("gpt-4", "SMH"), "status"] == "missing"


def test_short_estimation_window_is_flagged_not_computed(seed_warehouse) -> None:
    sql = event_study.results(
        StudyParams(), launch_ids=["claude-3"], tickers=["ARM", "NVDA"], path=seed_warehouse
    ).set_index("ticker")
    arm = sql.loc["ARM"]  # ARM had ~115 sessions before 2024-03-04: clipped, still >= 60
    assert arm["status"] == "ok" and 60 <= arm["n_est"] < 240
    short = event_study.results(StudyParams(), launch_ids=["claude-2"], tickers=["SMH"], path=seed_warehouse).iloc[0]
    assert short["status"] in {"flagged", "missing"}
    # ARM had about 55 sessions before Mixtral 8x7B (2023-12-01): too few to estimate on
    flagged = event_study.results(
        StudyParams(), launch_ids=["mixtral-8x7b"], tickers=["ARM"], path=seed_warehouse
    ).iloc[0]
    assert flagged["status"] == "flagged"
    assert "fewer than 60" in flagged["reason"]
    assert pd.isna(flagged["car"]) and pd.isna(flagged["t_stat"])


def test_window_clipped_at_the_end_of_the_data(seed_warehouse, returns) -> None:
    # 9988.HK's file ends 2025-10-30; MiniMax-M2 came out 2025-10-27
    row = event_study.results(
        StudyParams(window=(0, 5)), launch_ids=["minimax-m2"], tickers=["9988.HK"], path=seed_warehouse
    ).iloc[0]
    assert row["status"] == "ok"
    assert "clipped" in row["reason"]
    assert row["n_event"] < 6
    expected = ref.study(returns["9988.HK"], returns["^GSPC"], date(2025, 10, 27), window=(0, 5))
    assert row["car"] == pytest.approx(expected.car, abs=TOL)


def test_market_adjusted_and_raw_models(seed_warehouse, returns) -> None:
    for model in ("market_adjusted", "raw"):
        row = event_study.results(
            StudyParams(model=model, window=(0, 1)), launch_ids=["deepseek-r1"], tickers=["NVDA"], path=seed_warehouse
        ).iloc[0]
        nvda = returns["NVDA"]
        spx = returns["^GSPC"]
        days = [pd.Timestamp("2025-01-27"), pd.Timestamp("2025-01-28")]
        ar = nvda.loc[days, "ret"] - (spx.loc[days, "ret"] if model == "market_adjusted" else 0)
        assert row["car"] == pytest.approx(ar.sum(), abs=TOL)
        pos = nvda.index.get_loc(days[0])
        est = nvda.iloc[pos - 250 : pos - 10]
        est_ar = est["ret"] - (spx["ret"].reindex(est.index) if model == "market_adjusted" else 0)
        assert row["car_se"] == pytest.approx(np.std(est_ar, ddof=1) * np.sqrt(2), rel=1e-9)


def test_group_portfolio_car(seed_warehouse) -> None:
    params = StudyParams(window=(0, 1))
    groups = event_study.group_results(params, launch_ids=["deepseek-r1"], path=seed_warehouse).set_index("group")
    paths = event_study.paths(params, launch_ids=["deepseek-r1"], tau_range=(-250, 1), path=seed_warehouse)
    members = event_study.results(params, launch_ids=["deepseek-r1"], path=seed_warehouse)
    chips = members[(members["group"] == "chipmaker") & (members["status"] == "ok")]["ticker"]
    portfolio = paths[paths["ticker"].isin(chips)].groupby("tau")["ar"].mean()
    car = portfolio.loc[0:1].sum()
    sigma = portfolio.loc[-250:-11].std(ddof=1)
    row = groups.loc["chipmaker"]
    assert row["n_members"] == len(chips) == 10
    assert row["car"] == pytest.approx(car, abs=TOL)
    assert row["t_stat"] == pytest.approx(car / (sigma * np.sqrt(2)), rel=1e-9)
    assert row["p_value"] < 0.01


def test_group_portfolio_days_in_duckdb_equal_those_from_the_members_paths(seed_warehouse) -> None:
    """The portfolios summed inside DuckDB (pages, Launch kinds) and from the members' own AR paths (the
    robust tests' units) are one series: same days, member counts and means."""
    params = StudyParams(window=(-1, 1))
    ids = ["deepseek-r1", "deepseek-v3", "qwen2-5-max", "llama-3-1"]
    members = event_study.results(params, launch_ids=ids, path=seed_warehouse, with_flags=False)
    ok = members[members["status"] == "ok"]
    in_db = event_study.portfolio_days(params, ok, path=seed_warehouse)
    paths = event_study.member_ar_paths(params, ok, path=seed_warehouse)
    from_paths = event_study.portfolio_days(params, ok, ar_paths=paths)
    assert len(in_db) > 4 * 250 and set(in_db["launch_id"]) == set(ids)
    pd.testing.assert_frame_equal(
        in_db.reset_index(drop=True), from_paths.reset_index(drop=True), check_dtype=False, rtol=1e-12
    )
    groups = event_study.group_results(params, launch_ids=ids, path=seed_warehouse, with_flags=False)
    again = event_study.add_p_values(event_study.portfolio_car(params, from_paths))
    pd.testing.assert_frame_equal(groups.reset_index(drop=True), again, check_dtype=False, rtol=1e-12)


def test_parameters_are_validated() -> None:
    assert parse_window("-1:+1") == (-1, 1)
    with pytest.raises(ParameterError):
        parse_window("1:-1")
    with pytest.raises(ParameterError):
        parse_window("yesterday")
    with pytest.raises(ParameterError):
        StudyParams(benchmark="ZZZ")
    with pytest.raises(ParameterError):
        StudyParams(estimation=(-20, 0))


def test_cli_prints_the_headline_numbers(warehouse, capsys) -> None:
    assert main(["event-study", "--launch", "deepseek-r1", "--window", "0:0", "--format", "csv"]) == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out)).set_index("ticker")
    for column in (
        "launch_id",
        "event_date",
        "alpha",
        "beta",
        "sigma",
        "r2",
        "n_est",
        "raw_return",
        "car",
        "t_stat",
        "p_value",
        "value_change",
    ):
        assert column in frame.columns or column == "ticker"
    assert round(frame.loc["NVDA", "raw_return"], 4) == -0.1697
    assert round(frame.loc["AVGO", "raw_return"], 4) == -0.1740
    assert round(frame.loc["TSM", "raw_return"], 4) == -0.1333


def test_cli_rejects_unknown_launch_and_ticker_with_suggestions(warehouse, capsys) -> None:
    assert main(["event-study", "--launch", "deepseek-r"]) == 2
    assert "deepseek-r1" in capsys.readouterr().err
    assert main(["event-study", "--launch", "deepseek-r1", "--tickers", "NVDA,NVDX"]) == 2
    assert "NVDA" in capsys.readouterr().err
    assert (
        main(["event-study", "--launch", "deepseek-r1", "--window", "-1:1", "--tickers", "nvda", "--format", "csv"])
        == 0
    )
    assert "NVDA" in capsys.readouterr().out
    assert main(["event-study", "--launch", "deepseek-r1", "--window", "5:1"]) == 2
