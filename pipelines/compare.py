"""Launches compared: the numbers of 2–6 launches side by side, and their CAR paths.

side_by_side() gives one row per security (or group portfolio) and, for each launch, its CAR,
t, p and flags in columns named `<launch_id> car`, `<launch_id> t_stat`, … ; paths() gives the
cumulative abnormal return from the start of the path range for each launch × security or
group (the small multiples).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines import event_study
from pipelines.event_study import ParameterError, StudyParams
from pipelines.warehouse import read_query

MIN_LAUNCHES, MAX_LAUNCHES = 2, 6
VALUES = ("car", "t_stat", "p_value", "flags")


@dataclass
class Comparison:
    launch_ids: list[str]
    params: StudyParams
    securities: pd.DataFrame  # ticker, name, group, then <launch_id> car / t_stat / p_value / flags
    groups: pd.DataFrame  # group, then the same per launch
    paths: pd.DataFrame  # launch_id, key (ticker or group), kind, tau, ar, car


def _check(launch_ids: list[str]) -> list[str]:
    ids = list(dict.fromkeys(launch_ids))
    if not MIN_LAUNCHES <= len(ids) <= MAX_LAUNCHES:
        raise ParameterError(f"choose {MIN_LAUNCHES} to {MAX_LAUNCHES} launches to compare (got {len(ids)})")
    return ids


def _wide(frame: pd.DataFrame, index: list[str], launch_ids: list[str]) -> pd.DataFrame:
    out = frame[index].drop_duplicates().set_index(index[0])
    for launch_id in launch_ids:
        part = frame[frame["launch_id"] == launch_id].set_index(index[0])
        for value in VALUES:
            out[f"{launch_id} {value}"] = part[value] if value in part.columns else pd.NA
    return out.reset_index()


def compare(
    params: StudyParams,
    launch_ids: list[str],
    *,
    tickers: list[str] | None = None,
    groups: list[str] | None = None,
    tau_range: tuple[int, int] = event_study.PATH_RANGE,
    path: Path | None = None,
) -> Comparison:
    """The side-by-side tables and the CAR paths of the chosen launches × securities / groups."""
    ids = _check(launch_ids)
    if tickers is None:  # every security: its results are every group's members
        results, group_rows = event_study.results_with_groups(params, launch_ids=ids, path=path)
    else:  # the groups shown, each of all its members (not every security of a large warehouse)
        securities = read_query("securities", path=path)
        chosen = securities if groups is None else securities[securities["group"].isin(groups)]
        members = set(chosen["ticker"])
        # one study of the launches × the securities shown and the groups' members (a security's row does
        # not depend on what else is studied), split into the two
        studied = event_study.results(params, launch_ids=ids, tickers=sorted(members | set(tickers)), path=path)
        results = studied[studied["ticker"].isin(tickers)].reset_index(drop=True)
        group_rows = event_study.group_results(
            params, path=path, members=studied[studied["ticker"].isin(members)].reset_index(drop=True)
        )
    if groups is not None:
        group_rows = group_rows[group_rows["group"].isin(groups)]
    securities = _wide(results, ["ticker", "name", "group"], ids)
    group_table = _wide(group_rows, ["group"], ids)
    ok = results[results["status"] == "ok"]
    ar = (
        event_study.paths(params, launch_ids=ids, tickers=sorted(ok["ticker"].unique()), tau_range=tau_range, path=path)
        if not ok.empty
        else pd.DataFrame(columns=["launch_id", "ticker", "tau", "ar", "car"])
    )
    ar = ar.merge(ok[["launch_id", "ticker", "group"]], on=["launch_id", "ticker"], how="inner")
    security_paths = ar.assign(key=ar["ticker"], kind="security")[["launch_id", "key", "kind", "tau", "ar", "car"]]
    wanted = set(group_rows["group"])
    portfolio = ar[ar["group"].isin(wanted)].groupby(["launch_id", "group", "tau"], as_index=False)["ar"].mean()
    portfolio = portfolio.sort_values(["launch_id", "group", "tau"])
    portfolio["car"] = portfolio.groupby(["launch_id", "group"])["ar"].cumsum()
    group_paths = portfolio.rename(columns={"group": "key"}).assign(kind="group")
    paths = pd.concat([security_paths, group_paths[security_paths.columns]], ignore_index=True)
    return Comparison(ids, params, securities, group_table, paths)
