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
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines import event_study
from pipelines.event_study import StudyParams
from pipelines.p_values import two_sided_normal, two_sided_t

MIN_COMMON = 3  # common estimation days for a pair to enter r̄


@dataclass
class Unit:
    """One event's AR series (indexed by τ) and the standard error of its CAR."""

    key: str
    est: pd.Series  # τ → AR over the estimation window (no NaN)
    event: pd.Series  # τ → AR over the event window (no NaN)
    car_se: float
    info: dict = field(default_factory=dict)

    @cached_property
    def car(self) -> float:  # every test asks for it: summed once
        return float(self.event.sum())


def _two_sided_t(z: float, df: int) -> float:
    return float(two_sided_t(z, df)) if df > 0 and math.isfinite(z) else float("nan")


def _two_sided_normal(z: float) -> float:
    return float(two_sided_normal(z)) if math.isfinite(z) else float("nan")


def _matrix(series: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Units × τ from (τ, AR) arrays: the union of their τ in order, NaN where a unit has no day."""
    taus = np.unique(np.concatenate([t for t, _ in series])) if series else np.array([], dtype=int)
    out = np.full((len(series), len(taus)), np.nan)
    for row, (t, values) in zip(out, series, strict=True):
        row[np.searchsorted(taus, t)] = values
    return taus, out


def _arrays(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    return values.index.to_numpy(), values.to_numpy(dtype=float)


def mean_pairwise_correlation(units: list[Unit]) -> float:
    """r̄: mean Pearson correlation of estimation-window ARs over each pair's common τ.

    One correlation matrix instead of a loop over pairs (a group of a thousand members is half a
    million pairs): np.corrcoef when every unit has every τ, else pandas' pairwise-complete one. A
    pair with fewer than MIN_COMMON common days, or constant on them, is NaN there and left out."""
    if len(units) < 2:
        return float("nan")
    _, x = _matrix([_arrays(u.est) for u in units])
    if x.shape[1] and not np.isnan(x).any():
        if x.shape[1] < MIN_COMMON:
            return float("nan")
        with np.errstate(divide="ignore", invalid="ignore"):
            matrix = np.corrcoef(x)
        constant = np.ptp(x, axis=1) == 0
        matrix[constant, :] = np.nan
        matrix[:, constant] = np.nan
    else:
        matrix = pd.DataFrame(x.T).corr(method="pearson", min_periods=MIN_COMMON).to_numpy()
    values = matrix[np.triu_indices(len(units), k=1)]
    values = values[~np.isnan(values)]
    return float(values.mean()) if len(values) else float("nan")


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
    # units × τ over est ∪ event (the two do not overlap), NaN where a unit has no day
    taus, x = _matrix(
        [(np.concatenate([u.est.index.to_numpy(), u.event.index.to_numpy()]),
          np.concatenate([u.est.to_numpy(dtype=float), u.event.to_numpy(dtype=float)])) for u in used]
    )
    days = (~np.isnan(x)).sum(axis=1, keepdims=True)
    # average ranks within each unit, ties sharing their mean, NaN kept out: pandas' rank, not scipy.stats'
    # rankdata, whose import cost a server's first Launch impact or Launch kinds run about 0.5 s
    ranks = pd.DataFrame(x).rank(axis=1, method="average", na_option="keep").to_numpy() / (days + 1) - 0.5
    deviations = np.nanmean(ranks, axis=0)  # D_τ over the units with data at τ
    event_taus = np.isin(taus, np.unique(np.concatenate([u.event.index.to_numpy() for u in used])))
    s = math.sqrt(float((deviations**2).mean()))
    z = float(deviations[event_taus].sum() / (math.sqrt(int(event_taus.sum())) * s)) if s > 0 else float("nan")
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


def _split(params: StudyParams, tau: np.ndarray, ar: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """(estimation ARs, event ARs) of one AR series given as τ and AR arrays, days with data only."""
    has = ~np.isnan(ar)
    (est_start, est_end), (win_start, win_end) = params.estimation, params.window
    est = has & (tau >= est_start) & (tau <= est_end)
    event = has & (tau >= win_start) & (tau <= win_end)
    return (
        pd.Series(ar[est], index=pd.Index(tau[est], name="tau"), name="ar"),
        pd.Series(ar[event], index=pd.Index(tau[event], name="tau"), name="ar"),
    )


def member_units(
    params: StudyParams, members: pd.DataFrame, *, path: Path | None = None, paths: pd.DataFrame | None = None
) -> dict[tuple[str, str], list[Unit]]:
    """Per launch × group: its members (results rows with status 'ok') as units."""
    ok = members[members["status"] == "ok"]
    if ok.empty:
        return {}
    if paths is None:
        paths = event_study.member_ar_paths(params, ok, path=path)
    # each unit's rows by position (the paths come ordered by launch, ticker and τ): a Series per
    # unit built from arrays, not a frame per unit
    rows = paths.groupby(["launch_id", "ticker"], sort=False).indices
    taus, ars = paths["tau"].to_numpy(), paths["ar"].to_numpy(dtype=float)
    out: dict[tuple[str, str], list[Unit]] = {}
    for row in ok.itertuples():
        at = rows.get((row.launch_id, row.ticker))
        if at is None:
            continue
        est, event = _split(params, taus[at], ars[at])
        unit = Unit(f"{row.launch_id}:{row.ticker}", est, event, float(row.car_se), {"ticker": row.ticker})
        out.setdefault((row.launch_id, row.group), []).append(unit)
    return out


def portfolio_unit(params: StudyParams, key: str, tau: np.ndarray, mean_ar: np.ndarray) -> Unit:
    """A unit of an equal-weighted portfolio's AR series (τ → mean AR of its members, event_study.portfolio_days):
    se = σ_p·√L2."""
    est, event = _split(params, tau, mean_ar)
    sigma = float(est.std(ddof=1)) if len(est) > 1 else float("nan")
    return Unit(key, est, event, sigma * math.sqrt(len(event)))


def group_tests(
    params: StudyParams,
    *,
    launch_ids: list[str],
    tickers: list[str] | None = None,
    members: pd.DataFrame | None = None,
    path: Path | None = None,
    ar_paths: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per launch × group, the robust tests over the group's member securities (with KP); tickers
    (NULL: all) limits the members to those, as in event_study.group_results."""
    if members is None:
        members = event_study.results(params, launch_ids=launch_ids, tickers=tickers, path=path, with_flags=False)
    units = member_units(params, members, path=path, paths=ar_paths)
    rows = [
        {"launch_id": launch_id, "group": group, **all_tests(group_units, kolari_pynnonen=True)}
        for (launch_id, group), group_units in sorted(units.items())
    ]
    return pd.DataFrame(rows)


def groups_with_tests(
    params: StudyParams,
    *,
    launch_ids: list[str],
    tickers: list[str] | None = None,
    path: Path | None = None,
    members: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(event_study.group_results, group_tests) of the same launches × securities from one study of
    the members: their flagged results give the portfolios' flags and the tests' units alike. members:
    that study's rows (event_study.results of launch_ids × tickers), when the caller has them already."""
    if members is None:
        members = event_study.results(params, launch_ids=launch_ids, tickers=tickers, path=path)
    ok = members[members["status"] == "ok"]
    ar_paths = event_study.member_ar_paths(params, ok, path=path)
    days = event_study.portfolio_days(params, ok, ar_paths=ar_paths)
    groups = event_study.group_results(params, path=path, members=members, days=days)
    return groups, group_tests(params, launch_ids=launch_ids, members=members, path=path, ar_paths=ar_paths)


def portfolio_units(
    params: StudyParams,
    group: str,
    *,
    launch_ids: list[str],
    members: pd.DataFrame | None = None,
    path: Path | None = None,
    days: pd.DataFrame | None = None,
) -> list[Unit]:
    """One portfolio unit per launch: the equal-weighted AR of the group's 'ok' members (days: their
    event_study.portfolio_days, or those of more groups)."""
    if days is None:
        if members is None:
            members = event_study.results(params, launch_ids=launch_ids, path=path, with_flags=False)
        ok = members[(members["status"] == "ok") & (members["group"] == group)]
        days = event_study.portfolio_days(params, ok, path=path)
    days = days[days["group"] == group]
    # each launch's rows by position, arrays per unit (as member_units): a frame indexed per launch
    # cost more than the tests themselves
    rows = days.groupby("launch_id").indices
    taus, means = days["tau"].to_numpy(), days["mean"].to_numpy(dtype=float)
    return [
        portfolio_unit(params, str(launch_id), taus[rows[launch_id]], means[rows[launch_id]])
        for launch_id in sorted(rows)
    ]


def kind_tests(units: list[Unit]) -> dict[str, float]:
    """The tests across launches (portfolio units on different dates: BMP without KP)."""
    return all_tests(units, kolari_pynnonen=False)
