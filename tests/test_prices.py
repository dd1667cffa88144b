"""The price pipeline, driven through yfinance's own request and parsing code by a fake Yahoo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import tenacity
from curl_cffi.requests import exceptions as curl_errors

from pipelines import prices, runner
from pipelines.cli import main
from pipelines.errors import SourceError
from pipelines.warehouse import table_counts
from tests.yahoo import FakeYahoo, chart_payload, seed_rows, serve_seed, shares_payload


@pytest.fixture(autouse=True)
def clean_yfinance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.yahoo import reset_yfinance

    reset_yfinance(tmp_path / "yf-cache")
    monkeypatch.setattr(prices, "RETRY_WAIT", tenacity.wait_none())


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_run_loads_yahoo_rows_and_replaces_the_seed_basis(warehouse: Path) -> None:
    result = runner.run_prices(["NVDA", "AMD"], session=FakeYahoo(serve_seed()))
    assert result.status == "success"
    nvda = {o.item: o for o in result.outcomes}["NVDA"]
    assert nvda.start == prices.DEFAULT_SINCE
    assert nvda.new == len(seed_rows("NVDA"))  # the seed's rows replaced by one source with both closes
    assert rows(
        warehouse,
        "SELECT close, adj_close, close_adjustment, source FROM prices "
        "WHERE ticker = 'NVDA' AND date = DATE '2025-01-27'",
    ) == [(118.42, 118.42, "split_adjusted_with_adj_close", "yfinance")]
    assert rows(warehouse, "SELECT count(*) FROM prices WHERE ticker = 'NVDA'") == [(len(seed_rows("NVDA")),)]
    assert rows(warehouse, "SELECT count(*) FROM prices WHERE ticker = 'TSM' AND source = 'yfinance'") == [(0,)]
    run = rows(warehouse, "SELECT source, status, rows_written, error FROM pipeline_runs WHERE source = 'prices'")
    assert run == [("prices", "success", result.rows_written, None)]


def test_rerun_with_nothing_new_writes_nothing(warehouse: Path) -> None:
    session = FakeYahoo(serve_seed())
    runner.run_prices(["NVDA"], session=session)
    before = table_counts(warehouse)
    again = runner.run_prices(["NVDA"], session=session)
    outcome = again.outcomes[0]
    assert outcome.start == date(2026, 8, 20) - pd.Timedelta(days=prices.OVERLAP_DAYS)
    assert (outcome.new, outcome.updated, outcome.other) == (0, 0, 0)
    after = table_counts(warehouse)
    assert after["pipeline_runs"] == before["pipeline_runs"] + 1
    assert {k: v for k, v in after.items() if k != "pipeline_runs"} == {
        k: v for k, v in before.items() if k != "pipeline_runs"
    }


def test_overlap_rows_that_changed_are_updated(warehouse: Path) -> None:
    runner.run_prices(["NVDA"], session=FakeYahoo(serve_seed()))

    def corrected(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame.loc[frame["date"] == "2026-08-19", "close"] = 217.61
        return frame

    result = runner.run_prices(["NVDA"], session=FakeYahoo(serve_seed({"NVDA": corrected})))
    assert (result.outcomes[0].new, result.outcomes[0].updated) == (0, 1)
    assert rows(warehouse, "SELECT close FROM prices WHERE ticker = 'NVDA' AND date = DATE '2026-08-19'") == [(217.61,)]


def test_one_empty_ticker_fails_alone(warehouse: Path) -> None:
    def chart(symbol, start, end):
        if symbol == "AMD":
            return 200, chart_payload("AMD", seed_rows("AMD").iloc[0:0])
        return serve_seed()(symbol, start, end)

    result = runner.run_prices(["NVDA", "AMD", "AVGO"], session=FakeYahoo(chart))
    status = {o.item: (o.status, o.reason) for o in result.outcomes}
    assert status["NVDA"][0] == status["AVGO"][0] == "ok"
    assert status["AMD"][0] == "failed" and "no data" in status["AMD"][1]
    assert result.status == "partial"
    assert rows(warehouse, "SELECT count(*) FROM prices WHERE ticker = 'AMD' AND source LIKE 'seed%'") == [
        (len(seed_rows("AMD")),)
    ], "AMD's stored history is kept"
    assert rows(warehouse, "SELECT status, error LIKE 'AMD:%' FROM pipeline_runs WHERE source = 'prices'") == [
        ("partial", True)
    ]


def test_rate_limited_twice_then_ok(warehouse: Path) -> None:
    answers = {"n": 0}

    def chart(symbol, start, end):
        answers["n"] += 1
        if answers["n"] <= 2:
            return 429, "Too Many Requests"
        return serve_seed()(symbol, start, end)

    session = FakeYahoo(chart)
    result = runner.run_prices(["NVDA"], since=date(2025, 1, 2), session=session)
    assert result.status == "success"
    assert answers["n"] == 3
    assert result.outcomes[0].new + result.outcomes[0].updated > 0


def test_rate_limited_for_good_gives_up_with_a_reason(warehouse: Path) -> None:
    result = runner.run_prices(
        ["NVDA"], since=date(2025, 1, 2), session=FakeYahoo(lambda symbol, start, end: (429, "Too Many Requests"))
    )
    assert result.status == "failed"
    assert "rate limited" in result.outcomes[0].reason and "gave up after 4 attempts" in result.outcomes[0].reason


@pytest.mark.parametrize(
    "body", ["<html>Will be right back</html>", '{"chart": {"result": [{"meta": {}}]}}', "not json at all"]
)
def test_malformed_payload_fails_that_ticker_and_keeps_its_data(warehouse: Path, body: str) -> None:
    before = rows(warehouse, "SELECT count(*), sum(close) FROM prices WHERE ticker = 'NVDA'")
    result = runner.run_prices(["NVDA"], session=FakeYahoo(lambda symbol, start, end: (200, body)))
    assert result.status == "failed"
    assert result.outcomes[0].reason
    assert rows(warehouse, "SELECT count(*), sum(close) FROM prices WHERE ticker = 'NVDA'") == before


def test_a_split_day_is_stored(warehouse: Path) -> None:
    session = FakeYahoo(serve_seed(NVDA={"splits": {"2024-06-10": (10, 1)}, "dividends": {"2024-06-11": 0.01}}))
    runner.run_prices(["NVDA"], since=date(2024, 6, 3), session=session)
    yahoo_splits = rows(warehouse, "SELECT date, ratio, source FROM splits WHERE source = 'yfinance'")
    assert yahoo_splits == [(date(2024, 6, 10), 10.0, "yfinance")]
    assert (date(2024, 6, 11), 0.01) in rows(warehouse, "SELECT date, dividend FROM dividends WHERE ticker = 'NVDA'")
    # NVDA's real 10:1 split: the close stored for the Friday before is Yahoo's, the print divided by 10.
    assert rows(warehouse, "SELECT close FROM prices WHERE ticker = 'NVDA' AND date = DATE '2024-06-07'") == [
        (120.888,)
    ]


def test_the_stored_close_is_yahoos_split_adjusted_close_not_the_print(warehouse: Path) -> None:
    """A 4:1 split in Yahoo's chart format (illustrative prints 400, 404, then 101.50, 102 after the split).

    Yahoo's chart `close` (what yfinance returns as Close with auto_adjust=False) is split-adjusted: once a
    split has happened, every earlier close comes divided by its ratio, so the day before this 4:1 split
    is served as 404 / 4 = 101, never as the 404 that printed. That is what `close` stores, and what
    close_adjustment says; adj_close also adjusts for dividends (none here, so it equals close).
    """
    days = pd.to_datetime(["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"])
    prints = [400.00, 404.00, 101.50, 102.00]  # as traded; the split is effective on 2025-03-05
    served = [p / 4 if d < pd.Timestamp("2025-03-05") else p for d, p in zip(days, prints, strict=True)]
    frame = pd.DataFrame(
        {
            "date": days,
            "open": served,
            "high": served,
            "low": served,
            "close": served,
            "adj_close": served,
            "volume": [4 * 1e6, 4 * 1e6, 1e6, 1e6],
        }
    )
    payload = chart_payload("NVDA", frame, splits={"2025-03-05": (4, 1)})
    assert payload["chart"]["result"][0]["indicators"]["quote"][0]["close"] == [100.0, 101.0, 101.5, 102.0]

    result = runner.run_prices(["NVDA"], since=date(2025, 3, 3), session=FakeYahoo(lambda s, a, b: (200, payload)))
    assert result.status == "success"
    stored = rows(
        warehouse,
        "SELECT date, close, adj_close, close_adjustment FROM prices "
        "WHERE ticker = 'NVDA' AND date BETWEEN DATE '2025-03-03' AND DATE '2025-03-06' ORDER BY date",
    )
    assert [r[1] for r in stored] == [100.0, 101.0, 101.5, 102.0]  # 404 printed on 03-04: stored as 404 / 4
    assert stored[1][1] == prints[1] / 4
    assert {r[3] for r in stored} == {"split_adjusted_with_adj_close"}
    assert rows(warehouse, "SELECT date, ratio FROM splits WHERE ticker = 'NVDA'") == [(date(2025, 3, 5), 4.0)]
    split_day = rows(
        warehouse, "SELECT price_return, ret FROM daily_returns WHERE ticker = 'NVDA' AND date = DATE '2025-03-05'"
    )
    assert split_day[0][0] == pytest.approx(101.5 / 101 - 1)  # no -75 % on the split day


def test_shares_outstanding_keep_one_value_per_date(warehouse: Path) -> None:
    def shares(symbol):
        payload = shares_payload({"2025-01-02": 24.40e9, "2025-04-01": 24.39e9})
        result = payload["timeseries"]["result"][0]
        result["timestamp"].append(result["timestamp"][-1] + 3600)  # the same day reported twice
        result["shares_out"].append(24.38e9)
        return 200, payload

    runner.run_prices(["NVDA"], since=date(2025, 1, 2), session=FakeYahoo(serve_seed(), shares=shares))
    assert rows(warehouse, "SELECT date, shares FROM shares_outstanding WHERE source = 'yfinance' ORDER BY date") == [
        (date(2025, 1, 2), 24.40e9),
        (date(2025, 4, 1), 24.38e9),
    ]


def test_network_down_changes_no_price_and_records_the_failure(warehouse: Path) -> None:
    class Offline(FakeYahoo):
        def request(self, method, url, params=None, **kwargs):
            raise curl_errors.DNSError("Could not resolve host: query2.finance.yahoo.com")

    before = rows(warehouse, "SELECT count(*), sum(close) FROM prices")
    result = runner.run_prices(["NVDA", "AMD"], session=Offline(serve_seed()))
    assert [o.reason for o in result.outcomes] == ["network unreachable: could not resolve Yahoo Finance's host"] * 2
    assert rows(warehouse, "SELECT count(*), sum(close) FROM prices") == before
    assert rows(warehouse, "SELECT status FROM pipeline_runs WHERE source = 'prices'") == [("failed",)]


def test_cli_offline_exits_non_zero_with_one_line_per_reason_and_the_run_in_a_sentence(
    warehouse: Path, capsys
) -> None:
    """The real network path: this machine cannot reach Yahoo, so every ticker fails fast."""
    before = rows(warehouse, "SELECT count(*), sum(close) FROM prices")
    assert main(["run", "prices", "--tickers", "NVDA,AMD"]) == 1
    out = capsys.readouterr()
    assert out.err.count("network unreachable") == 1 and "(2 tickers: NVDA, AMD)" in out.err
    newest = rows(warehouse, "SELECT max(date) FROM prices")[0][0]
    assert out.out.strip().splitlines()[-1] == f"No internet: 0/2 tickers updated; your data of {newest} is unchanged."
    assert rows(warehouse, "SELECT count(*), sum(close) FROM prices") == before


def test_cli_rejects_unknown_ticker_and_bad_since(warehouse: Path, capsys) -> None:
    assert main(["run", "prices", "--tickers", "NVDX"]) == 2
    assert "NVDA" in capsys.readouterr().err
    assert main(["run", "prices", "--since", "last week"]) == 2


def test_validate_rejects_what_cannot_be_stored() -> None:
    index = pd.DatetimeIndex(["2025-01-24", "2025-01-27"], tz="America/New_York")
    good = pd.DataFrame(
        {
            "Open": [1.0, 2.0],
            "High": [1.0, 2.0],
            "Low": [1.0, 2.0],
            "Close": [1.0, 2.0],
            "Adj Close": [1.0, 2.0],
            "Volume": [10, 20],
            "Dividends": [0.0, 0.0],
            "Stock Splits": [0.0, 0.0],
        },
        index=index,
    )
    assert len(prices.validate("X", good)) == 2
    cases = {
        "columns changed": good.drop(columns=["Adj Close"]),
        "duplicate dates": good.set_axis(pd.DatetimeIndex(["2025-01-27", "2025-01-27"], tz="UTC")),
        "future": good.set_axis(pd.DatetimeIndex(["2025-01-27", "2099-01-02"], tz="UTC")),
        "non-positive": good.assign(Close=[1.0, -2.0]),
        "every close is missing": good.assign(Close=[float("nan")] * 2),
        "no rows": good.iloc[0:0],
        "expected numbers": good.assign(Volume=["a", "b"]),
    }
    for needle, frame in cases.items():
        with pytest.raises(SourceError, match=needle):
            prices.validate("X", frame)


def test_add_ticker_only_after_a_successful_fetch(warehouse: Path, tmp_path: Path) -> None:
    universe = tmp_path / "securities.csv"
    universe.write_text("ticker,name,group,exchange,currency,country\nNVDA,NVIDIA,chipmaker,NASDAQ,USD,US\n")

    def chart(symbol, start, end):
        if symbol == "SMCX":
            return 404, {"chart": {"result": None, "error": {"code": "Not Found", "description": "No data found"}}}
        rows_ = seed_rows("SMCI")
        return 200, chart_payload(symbol, rows_[rows_["date"] >= start.normalize()], name="Super Micro Computer")

    failed = runner.add_ticker("SMCX", "chipmaker", session=FakeYahoo(chart), universe_file=universe)
    assert failed.status == "failed"
    assert "SMCX" not in universe.read_text()
    assert rows(warehouse, "SELECT count(*) FROM securities WHERE ticker = 'SMCX'") == [(0,)]

    added = runner.add_ticker("SMCZ", "chipmaker", session=FakeYahoo(chart), universe_file=universe)
    assert added.status == "success"
    assert universe.read_text().splitlines()[-1] == "SMCZ,Super Micro Computer,chipmaker,NasdaqGS,USD,"
    assert rows(warehouse, "SELECT name, currency FROM securities WHERE ticker = 'SMCZ'") == [
        ("Super Micro Computer", "USD")
    ]
    assert rows(warehouse, "SELECT count(*) FROM prices WHERE ticker = 'SMCZ'") == [(len(seed_rows("SMCI")),)]


def test_add_ticker_cli_refuses_bad_and_known_symbols(warehouse: Path, capsys) -> None:
    assert main(["add-ticker", "NV DA!", "--group", "chipmaker"]) == 2
    assert "not a Yahoo Finance symbol" in capsys.readouterr().err
    assert main(["add-ticker", "NVDA", "--group", "chipmaker"]) == 2
    assert "already tracked" in capsys.readouterr().err


def test_a_currency_that_differs_from_the_universe_fails_that_ticker(warehouse: Path) -> None:
    result = runner.run_prices(
        ["NVDA", "AMD"], since=date(2026, 5, 1), session=FakeYahoo(serve_seed(NVDA={"currency": "EUR"}))
    )
    status = {o.item: (o.status, o.reason) for o in result.outcomes}
    assert status["NVDA"] == ("failed", "Yahoo quotes NVDA in EUR, the universe says USD")
    assert status["AMD"][0] == "ok"
    assert rows(warehouse, "SELECT count(*) FROM prices WHERE ticker = 'NVDA' AND source = 'yfinance'") == [(0,)]
