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


def _segments(files: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The extension rows in rounds: the first extension of every ticker, then the second, … (a later
    segment of a ticker extends the series its earlier one left), each round's tickers distinct."""
    rounds: list[list[dict[str, str]]] = []
    seen: dict[str, int] = {}
    for row in files:
        if is_extension(row):
            nth = seen.get(row["ticker"], 0)
            seen[row["ticker"]] = nth + 1
            if nth == len(rounds):
                rounds.append([])
            rounds[nth].append(row)
    return rounds


def check_overlap(con: duckdb.DuckDBPyConnection, batch: list[dict[str, str]]) -> dict[str, int]:
    """Compare the overlap rows of extension files (one per ticker) with the stored ones; returns how many
    were compared per file (path).

    Raises SeedJoinError on the first disagreement of the first listed file that has one: ticker, date,
    field, stored and new values.
    """
    rows = execute_sql(
        con,
        "load/seed_extension_check",
        {"paths": [f["path"] for f in batch], "files": batch, "volume_tolerance": VOLUME_TOLERANCE},
    )
    for file in batch:
        disagreements = [r for r in rows if r[0] == file["path"] and r[1] is not None]
        if disagreements:
            _, day, field, stored, new, _ = disagreements[0]
            more = f" (and {len(disagreements) - 1} more)" if len(disagreements) > 1 else ""
            what = (
                f"no stored row on that date (new close {_value(new)})"
                if field == "row"
                else f"{field} stored {_value(stored)}, new {_value(new)}"
            )
            raise SeedJoinError(
                f"{file['ticker']} {day}: {what}: the overlap of {Path(file['path']).name} disagrees with the "
                f"stored prices{more}; nothing loaded"
            )
    return {path: int(n) for path, *_, n in rows}


def load_extensions(con: duckdb.DuckDBPyConnection, market_dir: Path, files: list[dict[str, str]]) -> dict[str, int]:
    """Check and load every extension segment, then the splits; returns overlap rows checked per file.
    A round's files are checked and loaded in one read each (a read per file cost 20 ms each)."""
    checked: dict[str, int] = {}
    for segment in _segments(files):
        batch = [
            {"path": str(market_dir / row["file"]), "ticker": row["ticker"],
             "close_adjustment": row["close_adjustment"], "source": source_label(row)}
            for row in segment
        ]
        overlaps = check_overlap(con, batch)
        checked.update({row["file"]: overlaps[f["path"]] for row, f in zip(segment, batch, strict=True)})
        execute_sql(con, "load/seed_extension_prices", {"paths": [f["path"] for f in batch], "files": batch})
    splits = market_dir / "splits.csv"
    if splits.exists():
        execute_sql(con, "load/seed_splits", {"path": str(splits)})
    return checked


def apply_splits(con: duckdb.DuckDBPyConnection) -> None:
    """Seed prices, dividends and share counts dated before a split onto the post-split basis."""
    execute_sql(con, "load/seed_apply_splits")
