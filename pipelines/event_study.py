"""Event-study parameters and the queries that run the SQL analytics with them.

The arithmetic lives in sql/analytics/event_study.sql. Python only validates the
parameters, binds them, and turns t-statistics into two-sided p-values (DuckDB has
no Student-t distribution function).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from scipy import stats

from pipelines.warehouse import read_query

BENCHMARKS = ("^GSPC", "SPY", "QQQ", "SOXX")
MODELS = ("market", "market_adjusted", "raw")
STANDARD_WINDOWS = ((0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5))
PATH_RANGE = (-10, 20)
WINDOW_RANGE = (-20, 40)  # event window bounds in trading days (the dashboard's inputs use the same)
ESTIMATION_RANGE = (-750, -1)  # about three years of sessions before t0
_WINDOW = re.compile(r"^\s*([+-]?\d+)\s*:\s*([+-]?\d+)\s*$")


class ParameterError(ValueError):
    """A user-supplied parameter that cannot be used; the message says why."""


def parse_window(text: str, *, name: str = "window") -> tuple[int, int]:
    """'-1:+1' → (-1, 1); start must not exceed end."""
    match = _WINDOW.match(text or "")
    if not match:
        raise ParameterError(f"{name} must look like START:END in trading days, e.g. -1:1 (got {text!r})")
    start, end = int(match.group(1)), int(match.group(2))
    if start > end:
        raise ParameterError(f"{name} starts after it ends ({start} > {end})")
    return start, end


def format_window(window: tuple[int, int]) -> str:
    return f"{window[0]}:{window[1]}"


@dataclass(frozen=True)
class StudyParams:
    """Everything that defines one event study run (all of it goes into URLs and reports)."""

    benchmark: str = "^GSPC"
    use_market_date: bool = True
    estimation: tuple[int, int] = (-250, -11)
    window: tuple[int, int] = (0, 0)
    model: str = "market"

    def __post_init__(self) -> None:
        if self.benchmark not in BENCHMARKS:
            raise ParameterError(f"unknown benchmark {self.benchmark!r}; choose one of {', '.join(BENCHMARKS)}")
        if self.model not in MODELS:
            raise ParameterError(f"unknown model {self.model!r}; choose one of {', '.join(MODELS)}")
        for name, (start, end), (low, high) in (
            ("event window", self.window, WINDOW_RANGE),
            ("estimation window", self.estimation, ESTIMATION_RANGE),
        ):
            if start > end:
                raise ParameterError(f"{name} {format_window((start, end))} starts after it ends")
            if start < low or end > high:
                raise ParameterError(
                    f"{name} {format_window((start, end))} is outside {format_window((low, high))} trading days"
                )
        if self.estimation[1] >= min(self.window[0], 0):
            raise ParameterError(
                f"estimation window {format_window(self.estimation)} must end before the event window "
                f"{format_window(self.window)} and before day 0"
            )

    def bind(self) -> dict[str, object]:
        return {
            "benchmark": self.benchmark,
            "use_market_date": self.use_market_date,
            "est_start": self.estimation[0],
            "est_end": self.estimation[1],
            "model": self.model,
        }


def add_p_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Two-sided p-value of each t-statistic from Student's t with the row's degrees of freedom."""
    out = frame.copy()
    t = pd.to_numeric(out["t_stat"], errors="coerce").astype(float)
    df = pd.to_numeric(out["df"], errors="coerce").astype(float)
    out["p_value"] = 2 * stats.t.sf(t.abs(), df)
    return out


def results(
    params: StudyParams,
    *,
    launch_ids: list[str] | None = None,
    tickers: list[str] | None = None,
    path: Path | None = None,
    with_flags: bool = True,
) -> pd.DataFrame:
    """One row per launch × security for params.window (status ok / flagged / missing).

    with_flags adds the confounder columns of pipelines/confounders.py: flags (text reasons),
    confounded, confounders (list) and same_day_launches.
    """
    frame = read_query(
        "event_study",
        {
            **params.bind(),
            "win_start": params.window[0],
            "win_end": params.window[1],
            "launch_ids": launch_ids,
            "tickers": tickers,
        },
        path=path,
    )
    frame = add_p_values(frame)
    if with_flags:
        from pipelines import confounders

        frame = confounders.add_flags(frame, params, path=path)
    return frame


def group_results(
    params: StudyParams,
    *,
    launch_ids: list[str] | None = None,
    path: Path | None = None,
    with_flags: bool = True,
    members: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Equal-weighted portfolio CAR per launch × group.

    with_flags adds the union of the members' confounder reasons (pipelines/confounders.py);
    members (flagged results() rows of the same launches and params) saves recomputing them.
    """
    frame = read_query(
        "group_car",
        {**params.bind(), "win_start": params.window[0], "win_end": params.window[1], "launch_ids": launch_ids},
        path=path,
    )
    frame = add_p_values(frame)
    if with_flags:
        from pipelines import confounders

        if members is None:
            members = results(params, launch_ids=launch_ids, path=path)
        frame = confounders.add_group_flags(frame, members)
    return frame


def paths(
    params: StudyParams,
    *,
    launch_ids: list[str],
    tickers: list[str] | None = None,
    tau_range: tuple[int, int] = PATH_RANGE,
    path: Path | None = None,
) -> pd.DataFrame:
    """AR_τ and cumulative AR from the start of tau_range, for the path charts."""
    return read_query(
        "abnormal_returns",
        {
            **params.bind(),
            "tau_min": tau_range[0],
            "tau_max": tau_range[1],
            "launch_ids": launch_ids,
            "tickers": tickers,
        },
        path=path,
    )
