"""Robust tests of mean CAR across a set of events, next to the parametric t.

A *unit* is one event's abnormal-return series: a security at one launch (the members of a
group portfolio) or a group portfolio at one launch (the launches of a kind). Each unit has its
estimation-window ARs (τ ∈ [est_start, est_end], days with data), its event-window ARs
(τ ∈ [win_start, win_end]) and the standard error of its CAR from the event study.

The variants, exactly:

- **BMP**, standardised cross-sectional test (Boehmer, Musumeci & Poulsen 1991) on CARs:
  SCAR_i = CAR_i / se_i with se_i the unit's own CAR standard error (for a security the market
  model's, with the finite-estimation-window correction, MacKinlay 1997 eq. 15, as in
  event_study; for a portfolio σ_p·√L2 with σ_p the sample standard deviation of its
  estimation-window AR, Brown & Warner 1985).
  Z = mean(SCAR) / (sd(SCAR) / √N), sd with N − 1 in the denominator; two-sided p from Student's t
  with N − 1 degrees of freedom.
- **BMP-KP**, the Kolari & Pynnönen (2010) adjustment for units that share an event date (the
  members of a group at one launch): Z_KP = Z · √((1 − r̄) / (1 + (N − 1)·r̄)), r̄ the mean of the
  pairwise Pearson correlations of the units' estimation-window ARs over the τ they have in
  common (pairs with fewer than 3 common days are skipped); p from Student's t, N − 1 df. Not
  applied across launches on different dates (r̄ is then not defined by τ alignment).
- **Generalised sign test** (Cowan 1992): p̂ = (1/N) Σ_i (1/L1_i) Σ_t∈est 1[AR_it > 0], the
  estimation-window fraction of positive ARs; w = number of units with CAR_i > 0;
  Z = (w − N·p̂) / √(N·p̂·(1 − p̂)); two-sided p from the standard normal.
- **Corrado rank test** (Corrado 1989), over the estimation and event windows together, with
  ranks standardised by each unit's number of days (Corrado & Zivney 1992, Cowan 1992) and the
  multi-day form of Campbell & Wasley (1993): for unit i with L_i days of AR in est ∪ event,
  U_it = rank(AR_it) / (L_i + 1) (average ranks for ties); for each τ with data,
  D_τ = mean over the units with data at τ of (U_iτ − ½); S = √((1/T) Σ_τ D_τ²) over the T such τ
  in est ∪ event; Z = Σ_τ∈event D_τ / (√L2 · S), L2 the event τ with data; two-sided p from the
  standard normal.

tests/reference_robust_tests.py recomputes each with plain loops and scipy; they agree to 1e-9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from pipelines import event_study
from pipelines.event_study import StudyParams

MIN_COMMON = 3  # common estimation days for a pair to enter r̄


@dataclass
class Unit:
    """One event's AR series (indexed by τ) and the standard error of its CAR."""

    key: str
    est: pd.Series  # τ → AR over the estimation window (no NaN)
    event: pd.Series  # τ → AR over the event window (no NaN)
    car_se: float
    info: dict = field(default_factory=dict)

    @property
    def car(self) -> float:
        return float(self.event.sum())


def _two_sided_t(z: float, df: int) -> float:
    return float(2 * stats.t.sf(abs(z), df)) if df > 0 and math.isfinite(z) else float("nan")


def _two_sided_normal(z: float) -> float:
    return float(2 * stats.norm.sf(abs(z))) if math.isfinite(z) else float("nan")


def mean_pairwise_correlation(units: list[Unit]) -> float:
    """r̄: mean Pearson correlation of estimation-window ARs over each pair's common τ."""
    values = []
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            a, b = units[i].est.align(units[j].est, join="inner")
            if len(a) >= MIN_COMMON and a.std() > 0 and b.std() > 0:
                values.append(float(np.corrcoef(a.to_numpy(), b.to_numpy())[0, 1]))
    return float(np.mean(values)) if values else float("nan")


def bmp(units: list[Unit], *, kolari_pynnonen: bool = False) -> dict[str, float]:
    """BMP (optionally with the Kolari–Pynnönen adjustment): stat, p, n, r_bar."""
    scar = np.array([u.car / u.car_se for u in units if u.car_se and u.car_se > 0 and len(u.event)])
    n = len(scar)
    if n < 2 or scar.std(ddof=1) == 0:
        return {"stat": float("nan"), "p": float("nan"), "n": n, "r_bar": float("nan")}
    z = float(scar.mean() / (scar.std(ddof=1) / math.sqrt(n)))
    r_bar = float("nan")
    if kolari_pynnonen:
        r_bar = mean_pairwise_correlation(units)
        denominator = 1 + (n - 1) * r_bar
        z = z * math.sqrt((1 - r_bar) / denominator) if math.isfinite(r_bar) and denominator > 0 else float("nan")
    return {"stat": z, "p": _two_sided_t(z, n - 1), "n": n, "r_bar": r_bar}


def generalized_sign(units: list[Unit]) -> dict[str, float]:
    """Cowan's generalised sign test: stat, p, n, n_positive, p_hat."""
    used = [u for u in units if len(u.est) and len(u.event)]
    n = len(used)
    if n == 0:
        return {"stat": float("nan"), "p": float("nan"), "n": 0, "n_positive": 0, "p_hat": float("nan")}
    p_hat = float(np.mean([(u.est.to_numpy() > 0).mean() for u in used]))
    w = int(sum(u.car > 0 for u in used))
    spread = math.sqrt(n * p_hat * (1 - p_hat))
    z = (w - n * p_hat) / spread if spread > 0 else float("nan")
    return {"stat": z, "p": _two_sided_normal(z), "n": n, "n_positive": w, "p_hat": p_hat}


def corrado(units: list[Unit]) -> dict[str, float]:
    """Corrado's rank test over estimation + event window, standardised ranks: stat, p, n."""
    used = [u for u in units if len(u.event)]
    if not used:
        return {"stat": float("nan"), "p": float("nan"), "n": 0}
    columns = []
    for u in used:
        series = pd.concat([u.est, u.event])
        ranks = stats.rankdata(series.to_numpy(), method="average") / (len(series) + 1) - 0.5
        columns.append(pd.Series(ranks, index=series.index, name=u.key))
    deviations = pd.concat(columns, axis=1).mean(axis=1, skipna=True)  # D_τ over the units with data at τ
    event_taus = sorted(set().union(*(u.event.index for u in used)))
    s = math.sqrt(float((deviations**2).mean()))
    z = float(deviations.loc[event_taus].sum() / (math.sqrt(len(event_taus)) * s)) if s > 0 else float("nan")
    return {"stat": z, "p": _two_sided_normal(z), "n": len(used)}


def all_tests(units: list[Unit], *, kolari_pynnonen: bool) -> dict[str, float]:
    """Every test on one set of units, flattened: n, mean_car, bmp_*, kp_*, sign_*, rank_*."""
    cars = [u.car for u in units if len(u.event)]
    out: dict[str, float] = {"n": len(cars), "mean_car": float(np.mean(cars)) if cars else float("nan")}
    plain = bmp(units)
    out.update(bmp_z=plain["stat"], bmp_p=plain["p"])
    if kolari_pynnonen:
        adjusted = bmp(units, kolari_pynnonen=True)
        out.update(kp_z=adjusted["stat"], kp_p=adjusted["p"], r_bar=adjusted["r_bar"])
    sign = generalized_sign(units)
    out.update(sign_z=sign["stat"], sign_p=sign["p"], n_positive=sign["n_positive"], p_hat=sign["p_hat"])
    rank = corrado(units)
    out.update(rank_z=rank["stat"], rank_p=rank["p"])
    return out


# ---- units from the warehouse -------------------------------------------------------------------


def _split(params: StudyParams, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(estimation ARs, event ARs) of one τ-indexed AR series, days with data only."""
    ar = frame.dropna()
    est = ar[(ar.index >= params.estimation[0]) & (ar.index <= params.estimation[1])]
    event = ar[(ar.index >= params.window[0]) & (ar.index <= params.window[1])]
    return est.astype(float), event.astype(float)


def _ar_paths(params: StudyParams, launch_ids: list[str], tickers: list[str], path: Path | None) -> pd.DataFrame:
    return event_study.paths(
        params,
        launch_ids=launch_ids,
        tickers=tickers,
        tau_range=(min(params.estimation[0], params.window[0]), max(params.estimation[1], params.window[1])),
        path=path,
    )


def member_units(
    params: StudyParams, members: pd.DataFrame, *, path: Path | None = None, paths: pd.DataFrame | None = None
) -> dict[tuple[str, str], list[Unit]]:
    """Per launch × group: its members (results rows with status 'ok') as units."""
    ok = members[members["status"] == "ok"]
    if ok.empty:
        return {}
    if paths is None:
        paths = _ar_paths(params, sorted(ok["launch_id"].unique()), sorted(ok["ticker"].unique()), path)
    series = {key: part.set_index("tau")["ar"] for key, part in paths.groupby(["launch_id", "ticker"])}
    out: dict[tuple[str, str], list[Unit]] = {}
    for row in ok.itertuples():
        if (row.launch_id, row.ticker) not in series:
            continue
        est, event = _split(params, series[(row.launch_id, row.ticker)])
        unit = Unit(f"{row.launch_id}:{row.ticker}", est, event, float(row.car_se), {"ticker": row.ticker})
        out.setdefault((row.launch_id, row.group), []).append(unit)
    return out


def portfolio_unit(params: StudyParams, key: str, member_series: list[pd.Series]) -> Unit:
    """An equal-weighted portfolio of member AR series (as group_car): se = σ_p·√L2."""
    portfolio = pd.concat(member_series, axis=1).mean(axis=1, skipna=True)
    est, event = _split(params, portfolio)
    sigma = float(est.std(ddof=1)) if len(est) > 1 else float("nan")
    return Unit(key, est, event, sigma * math.sqrt(len(event)))


def group_tests(
    params: StudyParams,
    *,
    launch_ids: list[str],
    members: pd.DataFrame | None = None,
    path: Path | None = None,
) -> pd.DataFrame:
    """Per launch × group, the robust tests over the group's member securities (with KP)."""
    if members is None:
        members = event_study.results(params, launch_ids=launch_ids, path=path, with_flags=False)
    units = member_units(params, members, path=path)
    rows = [
        {"launch_id": launch_id, "group": group, **all_tests(group_units, kolari_pynnonen=True)}
        for (launch_id, group), group_units in sorted(units.items())
    ]
    return pd.DataFrame(rows)


def portfolio_units(
    params: StudyParams,
    group: str,
    *,
    launch_ids: list[str],
    members: pd.DataFrame | None = None,
    path: Path | None = None,
) -> list[Unit]:
    """One portfolio unit per launch: the equal-weighted AR of the group's 'ok' members."""
    if members is None:
        members = event_study.results(params, launch_ids=launch_ids, path=path, with_flags=False)
    ok = members[(members["status"] == "ok") & (members["group"] == group)]
    if ok.empty:
        return []
    paths = _ar_paths(params, sorted(ok["launch_id"].unique()), sorted(ok["ticker"].unique()), path)
    chosen = set(zip(ok["launch_id"], ok["ticker"], strict=True))
    units = []
    for launch_id, part in paths.groupby("launch_id"):
        series = [
            s.set_index("tau")["ar"] for (lid, t), s in part.groupby(["launch_id", "ticker"]) if (lid, t) in chosen
        ]
        if series:
            units.append(portfolio_unit(params, str(launch_id), series))
    return units


def kind_tests(units: list[Unit]) -> dict[str, float]:
    """The tests across launches (portfolio units on different dates: BMP without KP)."""
    return all_tests(units, kolari_pynnonen=False)
