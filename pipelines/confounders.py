"""Confounder flags next to every event-study number, and rankings that count a stock-day once.

The checks run in SQL (sql/analytics/confounders.sql, macro event_flags); this module binds
them, turns each launch × security's findings into human reasons, aggregates them over a group
portfolio's members, and groups launches that share an event day.

Kinds of reason (README, "Event-study method"):
- confounders (they make `confounded` true): a market-wide day in the window, another launch
  whose t0 is in the window (same-day or not), an earnings reaction day in the window;
- notes (shown, not counted as confounders): earnings dates unknown, a thin estimation window,
  a benchmark shut on t0, a t0 more than one day after the event.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipelines.warehouse import read_query

if TYPE_CHECKING:
    from pipelines.event_study import StudyParams

SIGMA_K = 3.0  # market-wide day: |R_m| > SIGMA_K · σ_m
SEPARATOR = "; "
EARNINGS_UNKNOWN = "earnings dates unknown"
FLAG_COLUMNS = ["flags", "confounded", "same_day_launches"]  # text, bool, text (comma-separated ids)


def flag_query(
    params: StudyParams,
    *,
    launch_ids: list[str] | None = None,
    tickers: list[str] | None = None,
    sigma_k: float = SIGMA_K,
    windows: list[tuple[int, int]] | None = None,
) -> tuple[str, dict[str, object]]:
    """The named query of raw_flags and its parameters."""
    return (
        "event_flags_windows",
        {
            **{k: v for k, v in params.bind().items() if k != "model"},  # the flags do not depend on the model
            "windows": [list(w) for w in (windows or [params.window])],
            "sigma_k": float(sigma_k),
            "launch_ids": launch_ids,
            "tickers": tickers,
        },
    )


def raw_flags(
    params: StudyParams,
    *,
    launch_ids: list[str] | None = None,
    tickers: list[str] | None = None,
    sigma_k: float = SIGMA_K,
    path: Path | None = None,
    windows: list[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """The SQL findings per launch × security (lists of market days, launches, earnings, notes),
    for params.window or for each window of windows (win_start and win_end say which)."""
    name, bound = flag_query(params, launch_ids=launch_ids, tickers=tickers, sigma_k=sigma_k, windows=windows)
    return read_query(name, bound, path=path, as_written=True)


def _list(value: object) -> list:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return list(value)


def reasons(row: pd.Series | dict) -> tuple[list[str], list[str]]:
    """(confounders, notes) of one event_flags row, as human reasons."""
    get = row.get
    confounders = list(_list(get("market_days")))
    for model, launch_id in zip(_list(get("same_day")), _list(get("same_day_ids")), strict=True):
        confounders.append(f"same-day launch: {model} ({launch_id})")
    confounders += [f"other launch in window: {text}" for text in _list(get("in_window"))]
    confounders += list(_list(get("earnings")))
    notes = []
    known = get("earnings_known")
    if known is not None and not pd.isna(known) and not bool(known):
        notes.append(EARNINGS_UNKNOWN)
    notes += list(_list(get("data_notes")))
    return confounders, notes


def with_flag_columns(frame: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """frame with the FLAG_COLUMNS of flags (row by row; missing: no reason, not confounded) as
    plain text and booleans, so every export format takes them as they are."""
    out = frame.copy()
    out["flags"] = flags["flags"].fillna("").astype(object).to_numpy()
    out["confounded"] = flags["confounded"].fillna(False).astype(bool).to_numpy()
    out["same_day_launches"] = flags["same_day_launches"].fillna("").astype(object).to_numpy()
    return out


def split(flags: object) -> list[str]:
    """The reasons of a flags cell."""
    return [r for r in str(flags).split(SEPARATOR) if r] if isinstance(flags, str) else []


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def add_group_flags(groups: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Group portfolio rows (event_study.group_results) with the union of their members' reasons.

    members: flagged event_study.results rows; the portfolio's members are those with status 'ok'.
    Market-wide days and launches are named once; earnings and notes name the member
    ("NVDA: earnings …", "earnings dates unknown: ARM, SMCI"); a note every member shares is
    named once without tickers.
    """
    out = groups.copy()
    ok = members[members["status"] == "ok"]
    # each portfolio's member rows by position, found once (not a scan of every member per portfolio)
    at = ok.groupby(["launch_id", "group"], sort=False).indices
    tickers, flags, same = (ok[c].to_numpy(dtype=object) for c in ("ticker", "flags", "same_day_launches"))
    nothing = np.empty(0, dtype=np.intp)
    texts, confounded, same_day = [], [], []
    for launch_id, group in zip(out["launch_id"], out["group"], strict=True):
        rows = at.get((launch_id, group), nothing)
        market, launches, earnings, unknown, notes = [], [], [], [], {}
        for ticker, cell in zip(tickers[rows], flags[rows], strict=True):
            for reason in split(cell):
                if reason.startswith("market-wide day"):
                    market.append(reason)
                elif reason.startswith(("same-day launch", "other launch")):
                    launches.append(reason)
                elif reason.startswith("earnings") and reason != EARNINGS_UNKNOWN:
                    earnings.append(f"{ticker}: {reason}")
                elif reason == EARNINGS_UNKNOWN:
                    unknown.append(ticker)
                else:
                    notes.setdefault(reason, []).append(ticker)
        conf = sorted(_unique(market)) + _unique(launches) + earnings
        note_texts = [f"{EARNINGS_UNKNOWN}: {', '.join(unknown)}"] if unknown else []
        for reason, named in notes.items():
            note_texts.append(reason if len(named) == len(rows) else f"{', '.join(named)}: {reason}")
        texts.append(SEPARATOR.join(conf + note_texts))
        confounded.append(bool(conf))
        same_day.append(",".join(sorted({i for ids in same[rows] for i in ids.split(",") if i})))
    out["flags"] = texts
    out["confounded"] = confounded
    out["same_day_launches"] = same_day
    return out


def _without_group_launches(reasons_: list[str], launch_ids: list[str]) -> list[str]:
    """Drop the same-day-launch reasons that name a launch of the group itself."""
    return [
        r for r in reasons_ if not any(r.startswith("same-day launch") and r.endswith(f"({i})") for i in launch_ids)
    ]


def stock_days(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per security × event window (stock-day for a one-day window) out of flagged results rows.

    Launches whose event windows are the same days of the same security share their abnormal
    return (the market model is fitted relative to t0): they become one row, launch_ids and
    models listing them all, and the same-day-launch reasons among them are dropped.
    """
    if frame.empty:
        return frame.assign(launch_ids=[], models=[], n_launches=[])
    work = frame.sort_values(["event_date", "launch_id"])
    # the stock-days in date order of their first row, with their launches and models: one pass over plain
    # lists (a pandas group per stock-day cost a page's ranking 25 ms for 20 of them)
    members: dict[str, tuple[int, list, list]] = {}
    ids_ = work["launch_id"].tolist()
    models_ = work["model"].tolist() if "model" in work.columns else ids_
    for position, key in enumerate(_stock_day_key(work).tolist()):
        if isinstance(key, str):  # a row without a ticker has no stock-day
            _, ids, models = members.setdefault(key, (position, [], []))
            ids.append(ids_[position])
            models.append(models_[position])
    firsts = work.iloc[[first for first, _, _ in members.values()]]
    # as plain values (a column at a time; to_dict("records") looks up every cell through pandas), missing
    # ones as NaN (as a row of mixed types gives them): the frame built from them is typed as it always was
    values = {name: _plain(firsts[name]) for name in firsts.columns if not str(name).startswith("_")}
    rows = [dict(zip(values, row, strict=True)) for row in zip(*values.values(), strict=True)]
    for first, (_, ids, models) in zip(rows, members.values(), strict=True):
        kept = _without_group_launches(split(first.get("flags")), ids)
        first.update(
            launch_ids=", ".join(ids),
            models=", ".join(str(m) for m in models),
            n_launches=len(ids),
            launch_id=" + ".join(ids),
            flags=SEPARATOR.join(kept),
            confounded=any(_is_confounder(r) for r in kept),
        )
    return pd.DataFrame(rows)


def _plain(column: pd.Series) -> list:
    """column's values as Python values; a missing one of a nullable (extension) column as NaN, as a row of
    mixed types gave it (a nullable count with a gap becomes a float column, as it always did)."""
    values = column.tolist()
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) and column.hasnans:
        return [math.nan if value is pd.NA else value for value in values]
    return values


def _is_confounder(reason: str) -> bool:
    return reason.startswith(
        ("market-wide day", "same-day launch", "other launch", "earnings ")
    ) and not reason.startswith(EARNINGS_UNKNOWN)


def largest_moves(frame: pd.DataFrame, *, n: int = 20, column: str = "car") -> pd.DataFrame:
    """The n largest |CAR| (or another column) among flagged results rows, one row per stock-day.

    The rows of one stock-day share its abnormal return, so the n stock-days are chosen on the rows
    first (with any ties at the n-th) and only their rows are grouped by stock_days: a ranking of
    every launch × a few securities groups a few dozen rows, not thousands."""
    rows = frame[frame[column].notna()]
    if rows.empty:
        return stock_days(rows)
    size = rows[column].abs()
    day = _stock_day_key(rows)
    best = size.groupby(day, sort=False).max()
    if len(best) > n:
        best = best[best >= best.nlargest(n).iloc[-1]]
    grouped = stock_days(rows[day.isin(best.index)])
    order = grouped[column].abs().sort_values(ascending=False, kind="stable").index
    return grouped.loc[order].head(n).reset_index(drop=True)


def _stock_day_key(frame: pd.DataFrame) -> pd.Series:
    """The stock-day of each results row as stock_days groups them: ticker and the window's days."""
    first = pd.to_datetime(frame["window_first"]).fillna(pd.to_datetime(frame["t0"]))
    last = pd.to_datetime(frame["window_last"]).fillna(pd.to_datetime(frame["t0"]))
    return frame["ticker"] + "|" + first.astype(str) + "|" + last.astype(str)


def launch_day_moves(launch_ids: list[str], tickers: list[str], *, path: Path | None = None) -> pd.DataFrame:
    """Close-to-close move on t0 per security × event day, launches sharing that day grouped."""
    return read_query("launch_day_moves_grouped", {"launch_ids": launch_ids, "tickers": tickers}, path=path)
