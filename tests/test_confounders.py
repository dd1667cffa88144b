"""Confounder flags: market-wide days, other launches, earnings, data notes; stock-days counted once."""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import confounders, event_study
from pipelines.cli import main
from pipelines.event_study import StudyParams

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"


def test_cli_llama_4_names_the_market_wide_day_for_us_chipmakers(warehouse: Path, capsys) -> None:
    assert main(["event-study", "--launch", "llama-4", "--window", "-1:1", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("ticker")
    assert "flags" in frame.columns
    for ticker in ("NVDA", "AMD", "AVGO", "MU", "INTC", "QCOM", "MRVL", "SMCI", "ARM"):
        assert "market-wide day 2025-04-04 (^GSPC -5.97 %" in frame.loc[ticker, "flags"], ticker
    assert round(frame.loc["NVDA", "car"], 4) == 0.1583  # the number stays; the reason sits next to it
    assert "earnings dates unknown" in frame.loc["ARM", "flags"]
    assert "earnings dates unknown" not in frame.loc["NVDA", "flags"]
    assert "earnings" not in str(frame.loc["SOXX", "flags"])  # an ETF has no earnings


def test_deepseek_r1_names_the_app_store_milestone_as_a_same_day_launch(seed_warehouse: Path) -> None:
    frame = event_study.results(StudyParams(window=(0, 0)), launch_ids=["deepseek-r1"], path=seed_warehouse)
    nvda = frame.set_index("ticker").loc["NVDA"]
    assert "same-day launch: DeepSeek app overtakes ChatGPT on US Apple App Store" in nvda["flags"]
    assert nvda["confounded"] and nvda["same_day_launches"] == "deepseek-app-store-no1"
    groups = event_study.group_results(
        StudyParams(window=(0, 0)), launch_ids=["deepseek-r1"], members=frame, path=seed_warehouse
    ).set_index("group")
    assert "same-day launch: DeepSeek app" in groups.loc["chipmaker", "flags"]
    assert "earnings dates unknown: ARM" in groups.loc["chipmaker", "flags"]


def test_market_wide_rule_against_an_independent_computation(seed_warehouse: Path) -> None:
    """|R_m| > 3 σ_m, σ_m over the benchmark's τ ∈ [-250, -11] from its own t0, for every launch."""
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        gspc = con.execute("SELECT date, ret FROM daily_returns WHERE ticker = '^GSPC' ORDER BY date").df()
        launches = con.execute("SELECT launch_id, coalesce(market_date, date) AS d FROM launches").df()
    gspc["date"] = pd.to_datetime(gspc["date"])
    flags = confounders.raw_flags(StudyParams(window=(-1, 1)), tickers=["NVDA"], path=seed_warehouse)
    flags = flags.set_index("launch_id")
    checked = 0
    for row in launches.itertuples():
        if row.launch_id not in flags.index:
            continue
        pos = int(gspc["date"].searchsorted(pd.Timestamp(row.d)))
        sigma = gspc["ret"].iloc[max(pos - 250, 0) : pos - 10].std(ddof=1)
        first, last = flags.loc[row.launch_id, ["window_first", "window_last"]]
        days = gspc[(gspc["date"] >= first) & (gspc["date"] <= last)]
        expected = [d.date() for d, r in zip(days["date"], days["ret"], strict=True) if abs(r) > 3 * sigma]
        found = [date.fromisoformat(t.split()[2]) for t in flags.loc[row.launch_id, "market_days"]]
        assert found == expected, row.launch_id
        checked += len(expected)
    assert checked >= 3  # 2025-04-04 among them


def test_earnings_reaction_days_against_the_seed_file(seed_warehouse: Path) -> None:
    """After close → next trading day; before open → that day; unknown → either."""
    earnings = pd.read_csv(SEED / "earnings_dates.csv", keep_default_na=False)
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        bars = con.execute("SELECT ticker, date FROM daily_returns").df()
    bars["date"] = pd.to_datetime(bars["date"])
    sessions = {t: pd.DatetimeIndex(sorted(g["date"])) for t, g in bars.groupby("ticker")}
    tickers = ["NVDA", "AMD", "INTC", "TSM", "ORCL", "MSFT"]
    flags = confounders.raw_flags(StudyParams(window=(0, 1)), tickers=tickers, path=seed_warehouse)
    for row in flags.itertuples():
        days = sessions[row.ticker]
        expected = []
        for e in earnings[earnings["ticker"] == row.ticker].itertuples():
            day = pd.Timestamp(e.announce_date)
            same = days[days.searchsorted(day)]
            after = days[days.searchsorted(day, side="right")]
            reacts = {"amc": [after], "bmo": [same]}.get(e.time_of_day, [same, after])
            if any(row.window_first <= d <= row.window_last for d in reacts):
                expected.append(e.announce_date)
        assert [t.split()[1] for t in row.earnings] == expected, (row.launch_id, row.ticker)
    nvda = flags[(flags["ticker"] == "NVDA") & flags["earnings"].map(len).astype(bool)]
    assert any("after close → reacts" in t for ts in nvda["earnings"] for t in ts)


def test_deepseek_v4_intel_move_is_flagged_as_earnings(seed_warehouse: Path) -> None:
    frame = event_study.results(
        StudyParams(window=(0, 0)), launch_ids=["deepseek-v4"], tickers=["INTC"], path=seed_warehouse
    )
    assert "earnings 2026-04-23" in frame.iloc[0]["flags"] and frame.iloc[0]["confounded"]


def test_largest_moves_list_a_stock_day_once(seed_warehouse: Path) -> None:
    frame = event_study.results(StudyParams(window=(0, 0)), path=seed_warehouse)
    top = confounders.largest_moves(frame[frame["status"] == "ok"], n=400)
    assert not top.duplicated(["ticker", "window_first", "window_last"]).any()
    nvda = top[(top["ticker"] == "NVDA") & (pd.to_datetime(top["t0"]) == "2025-01-27")].iloc[0]
    assert set(nvda["launch_ids"].split(", ")) == {"deepseek-r1", "deepseek-app-store-no1"}
    assert nvda["n_launches"] == 2
    assert "same-day launch" not in nvda["flags"]  # both launches are the row itself
    assert top["car"].abs().is_monotonic_decreasing


def test_launch_day_moves_grouped_by_day(seed_warehouse: Path) -> None:
    moves = confounders.launch_day_moves(
        ["deepseek-r1", "deepseek-app-store-no1", "qwen2-5-max"], ["NVDA", "000660.KS"], path=seed_warehouse
    )
    nvda = moves[moves["ticker"] == "NVDA"].set_index("t0")
    assert set(nvda.loc[pd.Timestamp("2025-01-27"), "launch_ids"]) == {"deepseek-r1", "deepseek-app-store-no1"}
    assert round(nvda.loc[pd.Timestamp("2025-01-27"), "price_return"], 4) == -0.1697
    hynix = moves[moves["ticker"] == "000660.KS"]
    assert len(hynix) == 1 and hynix.iloc[0]["n_launches"] == 3  # Korea shut 01-27…30: one day for all three


@pytest.mark.parametrize("window", [(0, 0), (-5, 5)])
def test_data_notes(seed_warehouse: Path, window) -> None:
    frame = event_study.results(StudyParams(window=window), launch_ids=["llama-4"], path=seed_warehouse)
    assert frame["flags"].str.contains("t0 2025-04-07 is 2 days after the event").all()
    hk = confounders.raw_flags(StudyParams(), launch_ids=["ui-tars"], tickers=["9988.HK"], path=seed_warehouse)
    assert "benchmark ^GSPC shut on t0 2025-01-20" in list(hk.iloc[0]["data_notes"])  # US holiday, Hong Kong open
    thin = event_study.results(StudyParams(), launch_ids=["gpt-4o"], tickers=["ARM"], path=seed_warehouse)
    assert "thin estimation window: 155 of 240 days" in thin.iloc[0]["flags"]  # Arm listed 2023-09-14
    assert not thin.iloc[0]["confounded"]  # a note, not a confounder


def test_a_pair_whose_first_trading_day_is_long_after_the_event_is_missing_without_flags(seed_warehouse: Path) -> None:
    # Arm listed on 2023-09-14: for GPT-4 (2023-03-14), Claude 2 and Llama 2 its first bar is that day. The study
    # lists the pairs as missing; their flags named the other launches before Arm's listing as "same-day"
    # launches and spanned the months in between (at scale, every launch since a security's last bar).
    windows = [(0, 0), (-1, 1)]
    frame = event_study.results_for_windows(
        StudyParams(), windows, launch_ids=["gpt-4", "claude-2", "llama-2", "gpt-4o"], tickers=["ARM", "NVDA"],
        path=seed_warehouse,
    ).set_index(["launch_id", "ticker", "win_start"])
    for launch in ("gpt-4", "claude-2", "llama-2"):
        for start, _ in windows:
            row = frame.loc[(launch, "ARM", start)]
            assert row["status"] == "missing" and "more than 10 days later" in row["reason"], launch
            assert not row["flags"] and not row["confounded"], (launch, row["flags"])
    assert "same-day launch" not in " ".join(frame["flags"].dropna())  # none of these share an event day
    assert frame.loc[("gpt-4o", "ARM", 0), "flags"]  # listed by then: its thin estimation window is named
    # SMH's first bar, 2023-07-03, is two days after Claude 2: studied, and the t0 of GPT-4 and Claude (1) too,
    # months after their events, which are not studied on it and so are no same-day launches of Claude 2's
    smh = event_study.results(StudyParams(), launch_ids=["claude-2"], tickers=["SMH"], path=seed_warehouse).iloc[0]
    assert str(smh["t0"])[:10] == "2023-07-03" and "same-day launch" not in smh["flags"], smh["flags"]
    raw = confounders.raw_flags(StudyParams(), launch_ids=["gpt-4"], tickers=["ARM", "NVDA"], path=seed_warehouse)
    assert raw["ticker"].tolist() == ["NVDA"]


def test_a_stock_day_takes_its_first_launchs_row_in_date_order() -> None:
    """Launches sharing a stock-day become one row: the values of the earliest launch's row (by event date,
    then id), every launch listed in that order, the same-day reasons naming one of them dropped, a
    missing count missing (NaN) and a column's type as plain rows give it."""
    day = pd.Timestamp("2025-01-27")
    frame = pd.DataFrame(
        {
            "launch_id": ["a", "b", "c"],
            "model": ["Model A", "Model B", "Model C"],
            "ticker": ["NVDA", "NVDA", "AMD"],
            "event_date": [day, day - pd.Timedelta(days=1), day],
            "t0": [day, day, day],
            "window_first": [day, day, day],
            "window_last": [day, day, day],
            "n_est": pd.array([231, None, 200], dtype="Int64"),
            "car": [-0.13, -0.12, -0.05],
            "flags": [f"same-day launch Model B (b){confounders.SEPARATOR}market-wide day", "", ""],
        },
        index=[7, 7, 3],  # a filtered frame's index: not unique, not in order
    )
    days = confounders.stock_days(frame)
    assert days["ticker"].tolist() == ["NVDA", "AMD"]
    nvda = days.iloc[0]
    assert (nvda["launch_id"], nvda["launch_ids"], nvda["models"]) == ("b + a", "b, a", "Model B, Model A")
    assert nvda["car"] == -0.12 and math.isnan(nvda["n_est"]) and nvda["n_launches"] == 2
    assert nvda["flags"] == "" and not nvda["confounded"]  # b's row is first; its flags are the row's
    assert days["n_est"].dtype == "float64" and days.iloc[1]["n_est"] == 200
    assert confounders.stock_days(frame.iloc[[2]])["n_est"].dtype == "int64"
    a_first = confounders.stock_days(frame.assign(event_date=day))  # a is first by id on one date
    assert a_first.iloc[0]["launch_ids"] == "a, b" and a_first.iloc[0]["flags"] == "market-wide day"
    assert a_first.iloc[0]["confounded"]
