"""Checks on the embedded seed files before they are loaded: a bad file stops the build.

The seed is text anyone can edit. DuckDB's loaders would turn a header-only file into a
missing table, collapse duplicate keys silently, or fail with a conversion traceback; so
every file is read here first, and the first broken rule is reported as
"FILE, line N: RULE" (a SeedError, exit 2 in the CLI). Nothing is published then.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipelines.errors import UserError

CLOSE_ADJUSTMENTS = (
    "split_adjusted_only",
    "actual_with_adj_close",
    "split_dividend_adjusted",
    "actual_no_dividends",
    "index_level",
)


class SeedError(UserError):
    """A seed file that breaks a rule; the message names the file, the line and the rule."""


# The forms DuckDB's load reads: Python's fromisoformat and float also take 20250127 and 1_500, which the
# load would then refuse with its own error instead of this file's line and rule.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: str) -> str | None:
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        return "is not a date like 2025-01-27"
    return None


def _timestamp(value: str) -> str | None:
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return "is not a time like 2025-11-29T00:52:57Z"
    return None


def _number(value: str, *, positive: bool = False, non_negative: bool = False) -> str | None:
    try:
        if "_" in value:
            raise ValueError(value)
        number = float(value)
    except ValueError:
        return "is not a number"
    if not math.isfinite(number):
        return "is not a finite number"
    if positive and number <= 0:
        return "must be greater than zero"
    if non_negative and number < 0:
        return "must not be negative"
    return None


def _bool(value: str) -> str | None:
    return None if value.lower() in ("true", "false") else "must be true or false"


def _one_of(*allowed: str) -> Callable[[str], str | None]:
    return lambda value: None if value in allowed else f"must be one of {', '.join(allowed)}"


RULES: dict[str, Callable[[str], str | None]] = {
    "date": _date,
    "timestamp": _timestamp,
    "price": lambda v: _number(v, positive=True),
    "count": lambda v: _number(v, non_negative=True),
    "number": _number,
    "text": lambda v: None,
    "bool": _bool,
    "close_adjustment": _one_of(*CLOSE_ADJUSTMENTS),
    "time_of_day": _one_of("amc", "bmo", "dmh"),
    "precision": _one_of("exact", "rounded_display"),
}


@dataclass(frozen=True)
class FileSpec:
    """Columns (name → rule; a trailing '?' allows an empty cell), the key, and whether it may be empty.
    in_order: its loader reads the columns by position (sql/load gives them types without a look at the
    header, which is what makes the read fast), so the header must be these columns, in this order."""

    columns: dict[str, str]
    key: tuple[str, ...] = ()
    may_be_empty: bool = False
    in_order: bool = False


PRICES = FileSpec(
    {
        "date": "date",
        "open": "price?",
        "high": "price?",
        "low": "price?",
        "close": "price",
        "adj_close": "price?",
        "volume": "count?",
    },
    key=("date",),
    in_order=True,
)
DIVIDENDS = FileSpec({"date": "date", "dividend": "price"}, key=("date",), may_be_empty=True, in_order=True)
MARKET_FILES = FileSpec(
    {"ticker": "text", "file": "text", "close_adjustment": "close_adjustment", "source_repo": "text"}, key=("file",)
)
SPLITS = FileSpec(
    {"ticker": "text", "date": "date", "ratio": "price", "source": "text"}, key=("ticker", "date"), in_order=True
)
SHARES = FileSpec({"ticker": "text", "price_date": "date", "implied_shares": "price?"}, key=("ticker", "price_date"))
LAUNCHES = FileSpec(
    {
        "launch_id": "text",
        "date": "date",
        "market_date": "date?",
        "model": "text",
        "organization": "text",
        "open_weights": "bool",
        "kind": "text",
        "source_url": "text?",
    },
    key=("launch_id",),
)
HF_DOWNLOADS = FileSpec(
    {
        "repo_id": "text",
        "as_of": "date",
        "downloads_30d": "count?",
        "downloads_all_time": "count?",
        "likes": "count?",
        "source_url": "text?",
    },
    key=("repo_id", "as_of", "source_url"),
)
# A real history of the Hub's 30-day count (data/seed/hf_history/SOURCES.md): an ISO 8601 time per
# snapshot, and whether the number is the API's integer or a rounded display value read back.
HF_HISTORY = FileSpec(
    {
        "repo_id": "text",
        "as_of": "timestamp",
        "downloads_30d": "count",
        "downloads_all_time": "count?",
        "likes": "count?",
        "precision": "precision",
        "source_url": "text",
    },
    key=("repo_id", "as_of", "source_url"),
)
BENCHMARK_SCORES = FileSpec(
    {"model": "text", "benchmark": "text", "score": "number", "metric": "text?", "source": "text",
     "reported_date": "date?"},
    key=("model", "benchmark", "metric", "source"),
)
SECURITIES = FileSpec(
    {"ticker": "text", "name": "text", "group": "text", "currency": "text?", "country": "text?"}, key=("ticker",)
)
HF_ORGS = FileSpec({"hf_org": "text", "organization": "text"}, key=("hf_org",))
MODEL_ALIASES = FileSpec({"alias": "text", "model": "text", "primary": "bool?"}, key=("alias",))
BENCHMARK_ALIASES = FileSpec({"raw": "text", "benchmark": "text"}, key=("raw",))
# time_of_day: amc (after the close: the market reacts the next trading day), bmo (before the open),
# dmh (during market hours), empty where unknown.
EARNINGS = FileSpec(
    {
        "ticker": "text",
        "announce_date": "date",
        "time_of_day": "time_of_day?",
        "fiscal_period": "text?",
        "source_url": "text",
    },
    key=("ticker", "announce_date"),
)


def shown(path: Path) -> str:
    """The file as a user knows it: relative to the data folder where possible."""
    for parent in path.parents:
        if parent.name == "data":
            return str(path.relative_to(parent.parent))
    return path.name


def read_rows(path: Path, spec: FileSpec) -> list[dict[str, str]]:
    """The file's rows after every check of spec; raises SeedError at the first broken rule."""
    name = shown(path)
    try:
        # utf-8-sig: a byte order mark (Excel's "CSV UTF-8" writes one) is not part of the first column's
        # name; DuckDB's loads skip it too
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in spec.columns if c not in header]
            if missing:
                raise SeedError(f"{name}, line 1: missing column(s) {', '.join(missing)}")
            if spec.in_order and header != list(spec.columns):
                raise SeedError(f"{name}, line 1: the columns must be {', '.join(spec.columns)}, in this order")
            rows = list(_checked(reader, spec, name))
    except FileNotFoundError:
        raise SeedError(f"{name}: file not found") from None
    except UnicodeDecodeError:
        raise SeedError(f"{name}: not UTF-8 text") from None
    except csv.Error as exc:
        raise SeedError(f"{name}: not a readable CSV file ({exc})") from None
    if not rows and not spec.may_be_empty:
        raise SeedError(f"{name}: no data rows (only a header); every seed file must hold data")
    return rows


def _checked(reader: csv.DictReader, spec: FileSpec, name: str) -> Iterable[dict[str, str]]:
    seen: dict[tuple[str, ...], int] = {}
    # each column's check, looked up once per file rather than once per cell (a seed build checks 200,000 cells)
    checks = [(column, RULES[rule.rstrip("?")], rule.endswith("?")) for column, rule in spec.columns.items()]
    for row in reader:
        if None in row:
            raise SeedError(f"{name}, line {reader.line_num}: more cells than the header has columns")
        if None in row.values():
            raise SeedError(f"{name}, line {reader.line_num}: fewer cells than the header has columns")
        for column, check, optional in checks:
            value = (row.get(column) or "").strip()
            if not value:
                if optional:
                    continue
                raise SeedError(f"{name}, line {reader.line_num}: {column} is empty")
            problem = check(value)
            if problem:
                raise SeedError(f"{name}, line {reader.line_num}: {column} {value[:40]!r} {problem}")
        if spec.key:
            key = tuple((row.get(c) or "").strip() for c in spec.key)
            if key in seen:
                raise SeedError(
                    f"{name}, line {reader.line_num}: duplicate {', '.join(spec.key)} {', '.join(key)} "
                    f"(first on line {seen[key]})"
                )
            seen[key] = reader.line_num
        yield row


WILDCARDS = frozenset("*?[]{}")  # DuckDB's read_csv takes these in a path as a pattern of many files


def market_file(market_dir: Path, listed: str) -> Path:
    """A file named in files.csv: it must lie inside the market folder (no '..', no absolute path) and name
    one file (no wildcard: the loads read every listed file in one read_csv, which expands patterns)."""
    if WILDCARDS & set(listed):
        where = shown(market_dir / "files.csv")
        raise SeedError(f"{where}: file {listed[:60]!r} has a wildcard character; name one file")
    candidate = (market_dir / listed).resolve()
    if market_dir.resolve() not in candidate.parents:
        raise SeedError(f"{shown(market_dir / 'files.csv')}: file {listed[:60]!r} is outside the market folder")
    return candidate
