"""What each column the views produce means: its header for people, how its numbers are written, its
unit, and whether a printed document shows it (technical columns stay in the workbook and the CSV).

One table for the pages, the HTML/PDF report, the workbook and the CSV's README, so a column has
one name and one format everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from views import numbers


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # text, percent, t, p, money, money_usd, date, moment, count, compact, number
    meaning: str
    in_document: bool = True


COLUMNS: dict[str, Column] = {
    "launch": Column("Launch", "text", "the AI model launch"),
    "launch_id": Column("Launch id", "text", "the launch's identifier in data/seed/launches.csv", False),
    "same_day_launches": Column(
        "Same-day launch ids", "text", "the other launches on this event day, by id (named in words in Flags)", False
    ),
    "model": Column("Model", "text", "the AI model launched"),
    "ticker": Column("Ticker", "text", "the security's Yahoo Finance symbol"),
    "name": Column("Security", "text", "the company or fund"),
    "group": Column("Group", "text", "the security's group in data/universe/securities.csv", False),
    "organization": Column("Organisation", "text", "who released the model"),
    "country": Column("Country", "text", "the organisation's country"),
    "currency": Column("Currency", "text", "the currency of the security's prices", False),
    "event_date": Column(
        "Event date", "date", "the launch's market date (first day markets could react), else its release date", False
    ),
    "date": Column("Date", "date", "trading day"),
    "t0": Column("t0", "date", "the security's first trading day on or after the event date"),
    "return_model": Column("Return model", "text", "how normal returns are computed", False),
    "benchmark": Column("Benchmark", "text", "the market return R_m the model uses", False),
    "window_first": Column("Window from", "date", "first day of the event window", False),
    "window_last": Column("Window to", "date", "last day of the event window", False),
    "n_est": Column("n (est.)", "count", "trading days in the estimation window", False),
    "alpha": Column("α", "percent", "market-model intercept, per day", False),
    "beta": Column("β", "number", "market-model slope on the benchmark", False),
    "sigma": Column("σ", "percent", "standard deviation of the estimation-window residuals, per day", False),
    "r2": Column("R²", "number", "market-model fit over the estimation window", False),
    "close_before": Column("Close before", "number", "close the day before the window, local currency", False),
    "close_end": Column("Close at end", "number", "close on the window's last day, local currency", False),
    "raw_return": Column("Raw return", "percent", "close-to-close price change over the window"),
    "price_return": Column("Move on t0", "percent", "close-to-close price change on the event day t0"),
    "car": Column("CAR", "percent", "cumulative abnormal return over the event window"),
    "car_se": Column("SE of CAR", "percent", "standard error of the CAR", False),
    "ar": Column("AR", "percent", "abnormal return on the day"),
    "tau": Column("τ", "count", "trading days from t0"),
    "t_stat": Column("t", "t", "CAR divided by its standard error"),
    "p_value": Column("p", "p", "two-sided p-value of t"),
    "df": Column("df", "count", "degrees of freedom of the t-test", False),
    "shares": Column("Shares", "compact", "shares outstanding used for the value moved", False),
    "shares_date": Column("Shares as of", "date", "the date of that share count", False),
    "value_change": Column(
        "Value moved", "money", "shares × change of the close over the window, in the row's currency"
    ),
    "value_change_usd": Column("Value moved (USD)", "money_usd", "the same in US dollars", False),
    "status": Column("Status", "text", "ok, flagged (computed with a caveat) or missing (not computed)"),
    "reason": Column("Note", "text", "why a result is flagged or missing"),
    "flags": Column("Flags", "text", "confounders inside the window: market-wide days, other launches, earnings"),
    "n_members": Column("Securities", "count", "securities in the group portfolio"),
    "n_event": Column("Days", "count", "trading days in the event window", False),
    "sigma_p": Column("σ (portfolio)", "percent", "portfolio's estimation-window standard deviation", False),
    "price_source": Column("Price source", "text", "where the prices come from", False),
    "prev_close": Column("Close before", "number", "close the day before t0, local currency", False),
    "close": Column("Close", "number", "close, local currency"),
    "indexed": Column("Indexed", "number", "close ÷ first close in range × 100"),
    "open": Column("Open", "number", "open, local currency", False),
    "high": Column("High", "number", "high, local currency", False),
    "low": Column("Low", "number", "low, local currency", False),
    "volume": Column("Volume", "compact", "shares traded", False),
    "hf_repo_id": Column("Hugging Face repo", "text", "the model's repository on the Hub", False),
    "open_weights": Column("Open weights", "text", "whether the weights were published"),
    "kind": Column("Kind", "text", "the kind of launch", False),
    "source_url": Column("Source", "text", "where the fact comes from", False),
    "note": Column("Note", "text", "remarks on the launch", False),
    "source_model": Column("Name in the source", "text", "the model as the source names it", False),
    "variant": Column("Variant", "text", "the benchmark's setting (tools, reasoning effort …)"),
    "metric": Column("Metric", "text", "what the score measures, as the source names it"),
    "score": Column("Score", "number", "the score as its source reports it, on the scale of its metric"),
    "scale": Column("Scale", "text", "the score's scale and unit: %, percentile, Elo rating, share 0–1 …"),
    "reported_date": Column("Reported", "date", "the date the source published the score"),
    "market_date": Column(
        "Market date", "date", "the first day markets could react, where it differs from the release"
    ),
    # robust tests of a group's members (impact) and of launch kinds
    "bmp_z": Column("BMP z", "t", "Boehmer–Musumeci–Poulsen standardised cross-sectional test statistic"),
    "bmp_p": Column("BMP p", "p", "two-sided p-value of the BMP test"),
    "kp_z": Column("BMP-KP z", "t", "BMP adjusted for the members' shared event date (Kolari–Pynnönen)"),
    "kp_p": Column("BMP-KP p", "p", "two-sided p-value of the BMP-KP test"),
    "sign_z": Column("Sign z", "t", "Cowan's generalised sign test statistic"),
    "sign_p": Column("Sign p", "p", "two-sided p-value of the sign test"),
    "rank_z": Column("Rank z", "t", "Corrado's rank test statistic"),
    "rank_p": Column("Rank p", "p", "two-sided p-value of the rank test"),
    # data and pipelines
    "run_id": Column("Run", "text", "the run's identifier (a pipeline run, or a source's evaluation run)"),
    "source": Column("Source", "text", "where the numbers come from"),
    "started_at": Column("Started (UTC)", "moment", "when the run (or the evaluation run) started"),
    "finished_at": Column("Finished (UTC)", "moment", "when the run ended"),
    "seconds": Column("Seconds", "number", "how long the run took"),
    "rows_written": Column("Rows written", "count", "rows the run stored"),
    "error": Column("Error", "text", "why the run failed"),
    "exchange": Column("Exchange", "text", "where the security is listed"),
    "hf_org": Column("Hugging Face organisation", "text", "the organisation's account on the Hub"),
    "first_date": Column("First price", "date", "the security's first stored trading day"),
    "last_date": Column("Newest price", "date", "the newest stored trading day"),
    "days": Column("Trading days", "count", "stored trading days"),
    "securities": Column("Securities", "count", "securities whose newest prices come from this source"),
    "newest_source": Column("Newest rows from", "text", "the source of the security's newest prices"),
    "newest_close_is": Column("Newest close is", "text", "how the source adjusted its close"),
    "newest_return_basis": Column("Return basis", "text", "what the newest daily return is computed from"),
    "splits": Column("Splits", "text", "share splits applied to the whole series"),
    "gaps_without_return": Column("Gaps without a return", "text", "missing sessions: no return across them"),
    "file": Column("File", "text", "the price file in data/seed/market"),
    "close_adjustment": Column("Close adjustment", "text", "what the file's close means"),
    "source_repo": Column("Source repository", "text", "the public repository the file came from"),
    "source_path": Column("Path there", "text", "the file's path in that repository"),
    "source_commit": Column("Commit", "text", "the repository's commit the file was read at"),
    "part": Column("Part", "text", "base starts a series; a later part extends it"),
    # adoption
    "repo_id": Column("Model (Hugging Face repo)", "text", "the model's repository on the Hub"),
    "first_day": Column("First snapshot", "count", "days after the release of the first download count"),
    "snapshots": Column("Snapshots", "count", "download counts recorded"),
    "first": Column("First", "date", "the first snapshot's date"),
    "last": Column("Newest", "date", "the newest snapshot's date"),
    "downloads_30d": Column("30-day downloads", "compact", "the Hub's rolling 30-day download count"),
    "downloads_all_time": Column("All-time downloads", "compact", "downloads since the repository was created"),
    "likes": Column("Likes", "compact", "likes on the Hub"),
    "precision": Column("Precision", "text", "exact, or rounded as the source displayed it"),
}

FORMATTERS = {
    "percent": lambda v, row: numbers.percent(v),
    "t": lambda v, row: numbers.stat(v),
    "p": lambda v, row: numbers.p_value(v),
    "money": lambda v, row: numbers.money(v, row["currency"] if isinstance(row.get("currency"), str) else ""),
    "money_usd": lambda v, row: numbers.money(v, "USD"),
    "date": lambda v, row: numbers.day(v),
    "moment": lambda v, row: numbers.moment(v),
    "count": lambda v, row: numbers.number(v, 0),
    "compact": lambda v, row: numbers.count(v),
    "megabytes": lambda v, row: f"{float(v):,.1f} MB",
    "number": lambda v, row: numbers.number(v, 3),
    "text": lambda v, row: str(v),
}
NUMERIC_KINDS = {"percent", "t", "p", "money", "money_usd", "count", "compact", "megabytes", "number"}


def header(name: str) -> str:
    """A column's header for people: the registry's, else the name in words."""
    known = COLUMNS.get(name)
    return known.header if known else str(name).replace("_", " ").capitalize()


def kind(name: str) -> str:
    known = COLUMNS.get(name)
    return known.kind if known else "text"


def meaning(name: str) -> str | None:
    known = COLUMNS.get(name)
    return known.meaning if known else None


def formatted(value: object, name: str, row: dict) -> str:
    """One cell as a person reads it; a missing value is an empty cell."""
    return formatted_as(value, kind(name), row)


def formatted_as(value: object, kind_: str, row: dict) -> str:
    """A value written as its kind is written everywhere (money takes the row's currency)."""
    if numbers.missing(value):
        return ""
    if kind_ == "text" and isinstance(value, bool | np.bool_):  # a yes/no column: a word, not Python's True
        return "yes" if value else "no"
    if kind_ == "text" and isinstance(value, float | int) and not isinstance(value, bool):
        return numbers.number(value)
    if kind_ == "text" and isinstance(value, datetime | pd.Timestamp):
        return numbers.moment(value)
    return FORMATTERS[kind_](value, row)
