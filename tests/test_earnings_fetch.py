"""Earnings dates through yfinance's own scraper, on Yahoo's earnings-calendar page served by the fake Yahoo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import tenacity

from pipelines import confounders, prices, runner
from pipelines.event_study import StudyParams
from tests.yahoo import FakeYahoo, earnings_page, serve_seed

NVDA_PAGE = [  # newest first, as Yahoo lists them; the first is a scheduled date (no reported EPS)
    ("November 17, 2027 at 4 PM EST", 1.45, None),
    ("August 26, 2026 at 4 PM EDT", 1.21, 1.25),
    ("May 28, 2025 at 4 PM EDT", 0.73, 0.81),  # also in the seed (SEC 8-K, after close): kept as stored
    ("February 26, 2025 at 4 PM EST", 0.85, 0.89),
]


@pytest.fixture(autouse=True)
def clean_yfinance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.yahoo import reset_yfinance

    reset_yfinance(tmp_path / "yf-cache")
    monkeypatch.setattr(prices, "RETRY_WAIT", tenacity.wait_none())


def stored(path: Path, ticker: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT announce_date, time_of_day, source FROM earnings WHERE ticker = ? ORDER BY announce_date", [ticker]
        ).fetchall()


def test_yfinance_parses_the_page_into_dates_and_times(tmp_path: Path) -> None:
    import yfinance as yf

    session = FakeYahoo(serve_seed(), earnings=lambda symbol: (200, earnings_page(symbol, NVDA_PAGE)))
    raw = yf.Ticker("NVDA", session=session).get_earnings_dates(limit=prices.EARNINGS_LIMIT)
    assert any("/calendar/earnings" in call and "symbol=NVDA" in call for call in session.calls)
    rows = prices.tidy_earnings("NVDA", raw, today=date(2026, 9, 1))
    assert rows[["announce_date", "time_of_day"]].values.tolist() == [
        [date(2026, 8, 26), "amc"],
        [date(2025, 5, 28), "amc"],
        [date(2025, 2, 26), "amc"],
    ]  # the scheduled 2027-11-17 is left out
    assert set(rows["source"]) == {"yfinance"}


@pytest.mark.parametrize(
    ("when", "expected"),
    [("6 AM", "bmo"), ("9 AM", "bmo"), ("11 AM", "dmh"), ("4 PM", "amc"), ("5 PM", "amc"), ("12 AM", None)],
)
def test_time_of_day_rule(when: str, expected: str | None) -> None:
    stamp = pd.Timestamp(f"2025-04-30 {when}").tz_localize("America/New_York")
    assert prices.time_of_day(stamp) == expected


def test_price_run_stores_new_earnings_dates_and_keeps_the_seeds(warehouse: Path) -> None:
    page = NVDA_PAGE + [("April 29, 2026 at 12 AM EDT", None, 0.95)]  # midnight: Yahoo's unknown time
    session = FakeYahoo(serve_seed(), earnings=lambda symbol: (200, earnings_page(symbol, page)))
    before = stored(warehouse, "NVDA")
    result = runner.run_prices(["NVDA"], session=session)
    assert result.status == "success"
    after = stored(warehouse, "NVDA")
    added = sorted(set(after) - set(before))
    assert added == [(date(2026, 4, 29), None, "yfinance"), (date(2026, 8, 26), "amc", "yfinance")]
    assert (date(2025, 5, 28), "amc", "seed:earnings_dates") in after  # the seed's row is kept
    again = runner.run_prices(["NVDA"], session=session)  # idempotent: nothing new to write
    assert stored(warehouse, "NVDA") == after and again.outcomes[0].other == 0
    flags = confounders.raw_flags(StudyParams(window=(0, 1)), tickers=["NVDA"], path=warehouse)
    assert flags["earnings"].map(len).sum() > 0


def test_a_failed_earnings_page_is_a_note_not_a_failure(warehouse: Path) -> None:
    def broken(symbol: str):
        raise ValueError("unreadable page")

    session = FakeYahoo(serve_seed(), earnings=broken)
    result = runner.run_prices(["NVDA"], session=session)
    assert result.status == "success"
    assert "no earnings dates" in result.outcomes[0].reason
