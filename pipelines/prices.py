"""Daily prices, dividends, splits, shares outstanding and earnings dates from Yahoo Finance (yfinance).

fetch_ticker() is network only (Yahoo → tidy frames), validate() checks what came back,
load() upserts into a warehouse connection. The runner in pipelines/runner.py owns the
staging copy, the pipeline_runs row and the publish.

One request per ticker (Ticker.history, not yf.download): download() never raises and
hides per-ticker failures in a log line, while history() raises, so every ticker gets its
own status and reason and one bad ticker never stops the others.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd
import tenacity
import yfinance as yf
from curl_cffi.requests import exceptions as curl_errors
from yfinance import exceptions as yf_errors

from pipelines.errors import SourceError, describe_retry
from pipelines.outcomes import ItemOutcome
from pipelines.warehouse import execute_sql, incoming, sql_text

SOURCE = "yfinance"
# auto_adjust=False: Yahoo's chart `close` is split-adjusted, not the print (before a 4:1 split every
# earlier close is divided by 4) and not dividend-adjusted; `Adj Close` is split- and dividend-adjusted.
FETCH_BASIS = "split_adjusted_with_adj_close"
DEFAULT_SINCE = date(2022, 1, 1)
OVERLAP_DAYS = 5  # refetch the last few stored days so Yahoo's corrections replace them
EXPECTED_COLUMNS = ("Open", "High", "Low", "Close", "Adj Close", "Volume", "Dividends", "Stock Splits")
PRICE_COLUMNS = ("Open", "High", "Low", "Close", "Adj Close")
SYMBOL = re.compile(r"^\^?[A-Z0-9][A-Z0-9.\-=]{0,14}$")
MAX_ATTEMPTS = 4
RETRY_WAIT: tenacity.wait.wait_base = tenacity.wait_random_exponential(multiplier=2, max=60)
EARNINGS_LIMIT = 50  # Ticker.get_earnings_dates rows asked for (Yahoo pages of 25/50/100): about 12 years
EARNINGS_URL = "https://finance.yahoo.com/calendar/earnings?symbol={}"
EARNINGS_COLUMNS = ["ticker", "announce_date", "time_of_day", "fiscal_period", "source", "source_url"]


class TransientError(Exception):
    """A failure worth retrying (rate limit, timeout, dropped connection, 5xx)."""


def valid_symbol(symbol: str) -> bool:
    """Yahoo symbols: letters, digits, '.', '-', '=' and a leading '^' for indices (NVDA, 0700.HK, ^GSPC)."""
    return bool(SYMBOL.match(symbol))


def describe(exc: BaseException) -> str:
    """One readable line for a fetch failure."""
    retried = describe_retry(exc, describe)
    if retried is not None:
        return retried
    if isinstance(exc, TransientError) and exc.__cause__ is not None:
        return describe(exc.__cause__)
    if isinstance(exc, curl_errors.DNSError):
        return "network unreachable: could not resolve Yahoo Finance's host"
    if isinstance(exc, curl_errors.Timeout):
        return "network timeout talking to Yahoo Finance"
    if isinstance(exc, curl_errors.ConnectionError):
        return "network unreachable: could not connect to Yahoo Finance"
    if isinstance(exc, yf_errors.YFRateLimitError):
        return "rate limited by Yahoo Finance"
    if isinstance(exc, yf_errors.YFTickerMissingError):
        return f"no data from Yahoo Finance ({str(exc).split(': ', 1)[-1]})"
    if isinstance(exc, SourceError):
        return str(exc)
    text = " ".join(str(exc).split())
    if isinstance(exc, KeyError | ValueError | TypeError | IndexError):  # yfinance could not parse the answer
        return f"malformed answer from Yahoo Finance ({type(exc).__name__}: {text[:160]})"
    return f"{type(exc).__name__}: {text[:200]}"


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, curl_errors.DNSError):
        return False  # offline: retrying only delays the same answer
    if isinstance(exc, yf_errors.YFRateLimitError | curl_errors.Timeout | curl_errors.ConnectionError):
        return True
    return isinstance(exc, curl_errors.HTTPError) and "50" in str(exc)[:40]


def _retrying() -> tenacity.Retrying:
    return tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(TransientError),
        wait=RETRY_WAIT,
        stop=tenacity.stop_after_attempt(MAX_ATTEMPTS),
        reraise=False,
    )


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call fn with retries on transient errors; other errors pass through at once."""
    for attempt in _retrying():
        with attempt:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                if _transient(exc):
                    raise TransientError(describe(exc)) from exc
                raise
    raise AssertionError("unreachable")


@dataclass
class TickerData:
    """What one ticker's fetch produced (frames are tidy and validated) or why it failed."""

    ticker: str
    start: date
    prices: pd.DataFrame = field(default_factory=pd.DataFrame)
    dividends: pd.DataFrame = field(default_factory=pd.DataFrame)
    splits: pd.DataFrame = field(default_factory=pd.DataFrame)
    shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    earnings: pd.DataFrame = field(default_factory=pd.DataFrame)
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    replace_history: bool = False  # the stored rows have another basis: replace them from start on

    @property
    def ok(self) -> bool:
        return self.error is None


def validate(ticker: str, raw: pd.DataFrame, *, today: date | None = None) -> pd.DataFrame:
    """Check yfinance's frame and turn it into prices rows; raises SourceError naming the reason."""
    today = today or datetime.now(UTC).date()
    if raw is None or raw.empty:
        raise SourceError(f"{ticker}: Yahoo Finance returned no rows")
    missing = [c for c in EXPECTED_COLUMNS if c not in raw.columns]
    if missing:
        raise SourceError(
            f"{ticker}: columns changed, missing {', '.join(missing)} (got {', '.join(map(str, raw.columns))})"
        )
    frame = raw.copy()
    for column in EXPECTED_COLUMNS:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise SourceError(f"{ticker}: column {column} is {frame[column].dtype}, expected numbers")
    frame = frame.dropna(subset=["Close"])
    if frame.empty:
        raise SourceError(f"{ticker}: every close is missing (NaN)")
    index = pd.DatetimeIndex(frame.index)
    days = (index.tz_localize(None) if index.tz is not None else index).normalize()
    if days.duplicated().any():
        dupes = sorted({d.date().isoformat() for d in days[days.duplicated()]})
        raise SourceError(f"{ticker}: duplicate dates {', '.join(dupes[:5])}")
    if (days.date > today).any():
        raise SourceError(f"{ticker}: dates in the future ({max(days.date)})")
    prices = frame[list(PRICE_COLUMNS)]
    if (prices.dropna(how="all") <= 0).any().any():
        bad = frame.index[(prices <= 0).any(axis=1)][0]
        raise SourceError(f"{ticker}: non-positive price on {pd.Timestamp(bad).date()}")
    fetched_at = datetime.now(UTC).replace(tzinfo=None)
    return pd.DataFrame(
        {
            "ticker": ticker,
            "date": days.date,
            "open": frame["Open"].to_numpy(float),
            "high": frame["High"].to_numpy(float),
            "low": frame["Low"].to_numpy(float),
            "close": frame["Close"].to_numpy(float),
            "adj_close": frame["Adj Close"].to_numpy(float),
            "volume": frame["Volume"].to_numpy(float),
            "close_adjustment": FETCH_BASIS,
            "source": SOURCE,
            "fetched_at": fetched_at,
        }
    )


def _actions(ticker: str, raw: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    events = raw.loc[raw[column].fillna(0) > 0, column]
    index = pd.DatetimeIndex(events.index)
    days = (index.tz_localize(None) if index.tz is not None else index).normalize().date
    return pd.DataFrame({"ticker": ticker, "date": days, name: events.to_numpy(float), "source": SOURCE})


def tidy_shares(ticker: str, series: pd.Series | None) -> pd.DataFrame:
    """Yahoo's share counts come at irregular times and can repeat a date: keep the last per date."""
    if series is None or len(series) == 0:
        return pd.DataFrame(columns=["ticker", "date", "shares", "source"])
    index = pd.DatetimeIndex(series.index)
    days = (index.tz_localize(None) if index.tz is not None else index).normalize().date
    frame = pd.DataFrame({"date": days, "shares": series.to_numpy(float)}).dropna()
    frame = frame[frame["shares"] > 0].groupby("date", as_index=False).last()
    frame.insert(0, "ticker", ticker)
    frame["source"] = SOURCE
    return frame


def time_of_day(stamp: pd.Timestamp) -> str | None:
    """Yahoo's announcement time (exchange time) → amc / bmo / dmh; midnight is Yahoo's 'time unknown'."""
    minutes = stamp.hour * 60 + stamp.minute
    if minutes == 0:
        return None
    if minutes >= 16 * 60:
        return "amc"
    if minutes < 9 * 60 + 30:
        return "bmo"
    return "dmh"


def tidy_earnings(ticker: str, frame: pd.DataFrame | None, *, today: date | None = None) -> pd.DataFrame:
    """Ticker.get_earnings_dates() → earnings rows: announcements up to today (not the scheduled ones),
    one per date (the last listed wins), with the time of day read from the announcement time."""
    if frame is None or len(frame) == 0:
        return pd.DataFrame(columns=EARNINGS_COLUMNS)
    today = today or datetime.now(UTC).date()
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_convert("America/New_York")
    rows = pd.DataFrame(
        {
            "ticker": ticker,
            "announce_date": index.tz_localize(None).normalize().date
            if index.tz is not None
            else index.normalize().date,
            "time_of_day": [time_of_day(stamp) for stamp in index],
            "fiscal_period": None,
            "source": SOURCE,
            "source_url": EARNINGS_URL.format(ticker),
        }
    )
    rows = rows[rows["announce_date"] <= today]
    return rows.drop_duplicates(["ticker", "announce_date"], keep="last").reset_index(drop=True)[EARNINGS_COLUMNS]


def fetch_ticker(ticker: str, start: date, *, session: Any = None, end: date | None = None) -> TickerData:
    """Network only: one ticker's history from start (inclusive) to end (default: today)."""
    yf.config.debug.hide_exceptions = False  # make history() raise instead of logging and returning nothing
    logging.getLogger("yfinance").setLevel(logging.CRITICAL)  # its log lines repeat what describe() says
    result = TickerData(ticker=ticker, start=start)
    handle = yf.Ticker(ticker, session=session) if session is not None else yf.Ticker(ticker)
    end = end or datetime.now(UTC).date() + timedelta(days=1)
    try:
        raw = _call(
            handle.history,
            start=start.isoformat(),
            end=end.isoformat(),
            interval="1d",
            auto_adjust=False,
            actions=True,
            timeout=20,
        )
        result.prices = validate(ticker, raw)
        result.dividends = _actions(ticker, raw, "Dividends", "dividend")
        result.splits = _actions(ticker, raw, "Stock Splits", "ratio")
        result.meta = _chart_meta(handle)
    except Exception as exc:
        result.error = describe(exc)
        return result
    try:
        result.shares = tidy_shares(ticker, _call(handle.get_shares_full, start=start.isoformat()))
    except Exception as exc:  # prices stand on their own; a missing share count is only noted
        result.meta["shares_error"] = describe(exc)
    if not ticker.startswith("^"):  # an index has no earnings
        try:
            result.earnings = tidy_earnings(ticker, _call(handle.get_earnings_dates, limit=EARNINGS_LIMIT))
        except Exception as exc:  # noted like the share count: the flags then rely on the stored dates
            result.meta["earnings_error"] = describe(exc)
    return result


def _chart_meta(handle: yf.Ticker) -> dict[str, Any]:
    """The chart answer's meta block (currency, exchange, names), already fetched with the prices.

    The public history_metadata property makes one more request just to add trading periods;
    the block the history() call stored is all that is needed here.
    """
    history = handle._lazy_load_price_history()
    return dict(getattr(history, "_history_metadata", None) or {})


@dataclass
class LoadCounts:
    new: int = 0
    updated: int = 0
    other: int = 0  # dividends, splits, share counts and earnings dates written

    @property
    def total(self) -> int:
        return self.new + self.updated + self.other


def _upsert(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    with incoming(con, frame):
        return con.execute(sql_text(f"load/{name}")).fetchall()[0][0]


def load(con: duckdb.DuckDBPyConnection, data: TickerData) -> LoadCounts:
    """Idempotent upsert of one ticker: rows already stored with the same values are not rewritten."""
    counts = LoadCounts()
    if not data.ok or data.prices.empty:
        return counts
    if data.replace_history:
        con.execute(
            sql_text("load/drop_price_history"), {"ticker": data.ticker, "start": data.start, "basis": FETCH_BASIS}
        )
    with incoming(con, data.prices):
        counts.new, counts.updated = con.execute(sql_text("load/price_changes")).fetchall()[0]
        con.execute(sql_text("load/upsert_prices"))
    counts.other += _upsert(con, "upsert_dividends", data.dividends)
    counts.other += _upsert(con, "upsert_splits", data.splits)
    counts.other += _upsert(con, "upsert_shares", data.shares)
    counts.other += _upsert(con, "upsert_earnings", data.earnings)
    return counts


def plan(con: duckdb.DuckDBPyConnection, tickers: list[str], since: date | None) -> dict[str, tuple[date, bool]]:
    """Where each ticker's fetch starts, and whether its stored history must be replaced.

    --since wins; a new ticker starts at DEFAULT_SINCE; a stored one at its last date minus
    the overlap. A ticker whose stored rows have another basis (the seed's adjusted closes)
    is refetched from DEFAULT_SINCE so its series comes from one source.
    """
    stored = con.execute(sql_text("queries/price_state"), {"basis": FETCH_BASIS}).fetchall()
    state = {row[0]: (row[1], row[2]) for row in stored}
    out = {}
    for ticker in tickers:
        last, foreign = state.get(ticker, (None, False))
        if since is not None:
            out[ticker] = (since, bool(foreign))
        elif last is None or foreign:
            out[ticker] = (DEFAULT_SINCE, bool(foreign))
        else:
            out[ticker] = (last - timedelta(days=OVERLAP_DAYS), False)
    return out


def apply(con: duckdb.DuckDBPyConnection, data: TickerData) -> ItemOutcome:
    """Store one ticker's fetched data in the staging warehouse (one transaction); its line of the summary."""
    outcome = ItemOutcome(data.ticker, data.start)
    if not data.ok:
        outcome.status, outcome.reason = "failed", data.error or "unknown error"
        return outcome
    con.begin()
    try:
        stored = execute_sql(
            con,
            "load/security_metadata",
            {
                "ticker": data.ticker,
                "exchange": data.meta.get("fullExchangeName") or data.meta.get("exchangeName"),
                "currency": data.meta.get("currency"),
            },
        )
        fetched_currency = data.meta.get("currency")
        if stored and fetched_currency and stored[0][0] and stored[0][0] != fetched_currency:
            con.rollback()
            outcome.status = "failed"
            outcome.reason = f"Yahoo quotes {data.ticker} in {fetched_currency}, the universe says {stored[0][0]}"
            return outcome
        counts = load(con, data)
        con.commit()
    except duckdb.Error as exc:
        con.rollback()
        outcome.status, outcome.reason = "failed", f"could not be stored: {exc}"
        return outcome
    outcome.new, outcome.updated, outcome.other = counts.new, counts.updated, counts.other
    notes = []
    if data.replace_history:
        notes.append("history refetched to replace the seed's differently adjusted closes")
    if "shares_error" in data.meta:
        notes.append(f"no share count: {data.meta['shares_error']}")
    if "earnings_error" in data.meta:
        notes.append(f"no earnings dates: {data.meta['earnings_error']}")
    outcome.reason = "; ".join(notes)
    return outcome
