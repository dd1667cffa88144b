"""Extensions of the embedded prices: later segments of a ticker's series from another source.

`data/seed/market/files.csv` lists one row per source segment. A ticker's first row (part `base`)
is its original seed file; a later row (e.g. part `update_2026_08`) extends it. An extension file
starts with a few rows that the stored series already has (the overlap): they are compared with
the stored rows, and the join is refused, naming ticker, date and values, unless the prices are
the same to the cent and the volumes within VOLUME_TOLERANCE. Only the rows after the stored
series' last date are loaded. Then the seed's splits (`splits.csv`) put each series on the basis
of its newest split, so no return, chart or value moved shows a split as a price move.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb

from pipelines.errors import UserError
from pipelines.warehouse import execute_sql

BASE = "base"
VOLUME_TOLERANCE = 0.01  # relative: early volume figures are revised by a fraction of a percent


class SeedJoinError(UserError):
    """An extension's overlap rows disagree with the stored ones (the message is one line)."""


def is_extension(row: dict[str, str]) -> bool:
    """A files.csv row that extends a ticker's series rather than starting it."""
    return (row.get("part") or BASE) != BASE


def source_label(row: dict[str, str]) -> str:
    return f"seed:{row['source_repo']}@{row['source_commit']}"


def _value(x: float | None) -> str:
    return "none" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:g}"


def check_overlap(con: duckdb.DuckDBPyConnection, path: Path, ticker: str) -> int:
    """Compare an extension's overlap rows with the stored ones; returns how many were compared.

    Raises SeedJoinError on the first disagreement: ticker, date, field, stored and new values.
    """
    rows = execute_sql(
        con,
        "load/seed_extension_check",
        {"path": str(path), "ticker": ticker, "volume_tolerance": VOLUME_TOLERANCE},
    )
    disagreements = [r for r in rows if r[0] is not None]
    if disagreements:
        day, field, stored, new, _ = disagreements[0]
        more = f" (and {len(disagreements) - 1} more)" if len(disagreements) > 1 else ""
        what = (
            f"no stored row on that date (new close {_value(new)})"
            if field == "row"
            else f"{field} stored {_value(stored)}, new {_value(new)}"
        )
        raise SeedJoinError(
            f"{ticker} {day}: {what}: the overlap of {path.name} disagrees with the stored prices{more}; nothing loaded"
        )
    return int(rows[0][4])


def load_extensions(con: duckdb.DuckDBPyConnection, market_dir: Path, files: list[dict[str, str]]) -> dict[str, int]:
    """Check and load every extension segment, then the splits; returns overlap rows checked per file."""
    checked: dict[str, int] = {}
    for row in files:
        if not is_extension(row):
            continue
        path = market_dir / row["file"]
        checked[row["file"]] = check_overlap(con, path, row["ticker"])
        execute_sql(
            con,
            "load/seed_extension_prices",
            {
                "path": str(path),
                "ticker": row["ticker"],
                "close_adjustment": row["close_adjustment"],
                "source": source_label(row),
            },
        )
    splits = market_dir / "splits.csv"
    if splits.exists():
        execute_sql(con, "load/seed_splits", {"path": str(splits)})
    return checked


def apply_splits(con: duckdb.DuckDBPyConnection) -> None:
    """Seed prices, dividends and share counts dated before a split onto the post-split basis."""
    execute_sql(con, "load/seed_apply_splits")
