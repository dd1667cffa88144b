"""A fake Yahoo Finance for yfinance's own request and parsing code.

yfinance accepts only a real curl_cffi Session, so FakeYahoo subclasses it and answers
request() itself: the cookie and crumb calls, the timezone probe, the v8 chart request
and the shares time series, all in Yahoo's JSON formats. Prices served are real rows of
data/seed (so a test can compare them with the warehouse), cut to the requested period.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pandas as pd
import yfinance as yf
from curl_cffi.requests import Session
from curl_cffi.requests.headers import Headers
from curl_cffi.requests.models import Response

SEED_MARKET = Path(__file__).resolve().parent.parent / "data" / "seed" / "market"
NEW_YORK = ZoneInfo("America/New_York")


def seed_rows(ticker: str) -> pd.DataFrame:
    """The seed's rows of ticker: its base file, then its 2026-08 extension's later rows."""
    frame = pd.read_csv(SEED_MARKET / f"{ticker}.csv", parse_dates=["date"])
    extension = SEED_MARKET / "update_2026_08" / f"{ticker}.csv"
    if extension.exists():
        later = pd.read_csv(extension, parse_dates=["date"])
        frame = pd.concat([frame, later[later["date"] > frame["date"].max()]], ignore_index=True)
    frame["adj_close"] = frame["adj_close"].fillna(frame["close"])
    return frame


def epoch(day: pd.Timestamp, tz: ZoneInfo = NEW_YORK) -> int:
    return int(datetime.combine(day.date(), time(9, 30), tzinfo=tz).timestamp())


def chart_payload(
    symbol: str,
    rows: pd.DataFrame,
    *,
    currency: str = "USD",
    name: str | None = None,
    dividends: dict[str, float] | None = None,
    splits: dict[str, tuple[int, int]] | None = None,
) -> dict:
    """A /v8/finance/chart answer in Yahoo's format."""
    stamps = [epoch(d) for d in rows["date"]]
    events: dict[str, Any] = {}
    if dividends:
        events["dividends"] = {
            str(epoch(pd.Timestamp(d))): {"amount": a, "date": epoch(pd.Timestamp(d))} for d, a in dividends.items()
        }
    if splits:
        events["splits"] = {
            str(epoch(pd.Timestamp(d))): {
                "date": epoch(pd.Timestamp(d)),
                "numerator": n,
                "denominator": m,
                "splitRatio": f"{n}:{m}",
            }
            for d, (n, m) in splits.items()
        }
    meta = {
        "currency": currency,
        "symbol": symbol,
        "exchangeName": "NMS",
        "fullExchangeName": "NasdaqGS",
        "instrumentType": "EQUITY",
        "firstTradeDate": 917015400,
        "regularMarketTime": stamps[-1] if stamps else 0,
        "hasPrePostMarketData": True,
        "gmtoffset": -18000,
        "timezone": "EST",
        "exchangeTimezoneName": "America/New_York",
        "priceHint": 2,
        "dataGranularity": "1d",
        "range": "",
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
        "longName": name or f"{symbol} Inc.",
        "shortName": name or symbol,
    }
    result: dict[str, Any] = {"meta": meta, "indicators": {"quote": [{}]}}
    if stamps:
        result["timestamp"] = stamps
        result["indicators"] = {
            "quote": [{k: rows[k].tolist() for k in ("open", "high", "low", "close", "volume")}],
            "adjclose": [{"adjclose": rows["adj_close"].tolist()}],
        }
    if events:
        result["events"] = events
    return {"chart": {"result": [result], "error": None}}


def shares_payload(values: dict[str, float]) -> dict:
    stamps = [epoch(pd.Timestamp(d)) for d in values]
    return {
        "timeseries": {
            "result": [{"meta": {"type": ["shares_out"]}, "timestamp": stamps, "shares_out": list(values.values())}],
            "error": None,
        }
    }


def earnings_page(symbol: str, rows: list[tuple[str, float | None, float | None]], *, company: str = "") -> str:
    """Yahoo's earnings calendar page (finance.yahoo.com/calendar/earnings?symbol=…), which
    Ticker.get_earnings_dates scrapes: one <table> with Symbol, Company, Earnings Date ("February 26,
    2025 at 4 PM EST"), EPS Estimate, Reported EPS and Surprise (%); '-' where a value is missing."""

    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:g}"

    def surprise(estimate: float | None, reported: float | None) -> float | None:
        return None if estimate is None or reported is None else 100 * (reported / estimate - 1)

    body = "".join(
        f"<tr><td>{symbol}</td><td>{company or symbol}</td><td>{when}</td><td>{cell(estimate)}</td>"
        f"<td>{cell(reported)}</td><td>{cell(surprise(estimate, reported))}</td></tr>"
        for when, estimate, reported in rows
    )
    return (
        "<!doctype html><html><head><title>Earnings Calendar</title></head><body><div id='cal-res-table'>"
        "<table><thead><tr><th>Symbol</th><th>Company</th><th>Earnings Date</th><th>EPS Estimate</th>"
        f"<th>Reported EPS</th><th>Surprise (%)</th></tr></thead><tbody>{body}</tbody></table></div></body></html>"
    )


Reply = tuple[int, Any]


class FakeYahoo(Session):
    """Answers yfinance's requests; `chart` decides the data answer for each symbol and period."""

    def __init__(
        self,
        chart: Callable[[str, pd.Timestamp, pd.Timestamp], Reply],
        shares: Callable[[str], Reply] | None = None,
        earnings: Callable[[str], Reply] | None = None,
    ) -> None:
        super().__init__()
        self.chart = chart
        self.shares = shares or (lambda symbol: (200, shares_payload({"2025-01-02": 24.49e9})))
        self.earnings = earnings or (lambda symbol: (404, {"error": "not faked"}))
        self.calls: list[str] = []

    def request(self, method: str, url: str, params: dict | None = None, **kwargs: Any) -> Response:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        query.update({k: str(v) for k, v in (params or {}).items()})
        self.calls.append(f"{method} {parts.netloc}{parts.path}?{'&'.join(f'{k}={v}' for k, v in query.items())}")
        if "getcrumb" in parts.path:
            return self._reply(url, 200, "fake-crumb")
        if parts.netloc.startswith("fc.") or parts.path in ("", "/"):
            return self._reply(url, 200, "")
        if "/v8/finance/chart/" in parts.path:
            symbol = parts.path.rsplit("/", 1)[-1]
            if "period1" not in query:  # the timezone probe
                return self._reply(url, 200, chart_payload(symbol, seed_rows("NVDA").tail(1)))
            start = pd.Timestamp(int(query["period1"]), unit="s")
            end = pd.Timestamp(int(query["period2"]), unit="s")
            return self._reply(url, *self.chart(symbol, start, end))
        if parts.path.startswith("/calendar/earnings"):
            return self._reply(url, *self.earnings(query.get("symbol", "")))
        if "fundamentals-timeseries" in parts.path:
            return self._reply(url, *self.shares(parts.path.rsplit("/", 1)[-1]))
        return self._reply(url, 404, {"error": "not faked"})

    @staticmethod
    def _reply(url: str, status: int, body: Any) -> Response:
        response = Response()
        response.status_code = status
        response.url = url
        text = body if isinstance(body, str | bytes) else json.dumps(body)
        response.content = text.encode() if isinstance(text, str) else text
        response.headers = Headers({"content-type": "application/json"})
        return response


def serve_seed(
    overrides: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] | None = None, **payload_options: Any
) -> Callable[[str, pd.Timestamp, pd.Timestamp], Reply]:
    """Chart answers made of the seed's real rows for the requested period."""

    def chart(symbol: str, start: pd.Timestamp, end: pd.Timestamp) -> Reply:
        rows = seed_rows(symbol)
        rows = rows[(rows["date"] >= start.normalize()) & (rows["date"] < end)].reset_index(drop=True)
        if overrides and symbol in overrides:
            rows = overrides[symbol](rows)
        return 200, chart_payload(symbol, rows, **payload_options.get(symbol, {}))

    return chart


def reset_yfinance(cache_dir: Path) -> None:
    """yfinance keeps a process-wide session, response cache and tz cache: start each test clean."""
    from yfinance.data import SingletonMeta, YfData

    yf.set_tz_cache_location(str(cache_dir))
    SingletonMeta._instances.pop(YfData, None)
    YfData.cache_get.cache_clear()
