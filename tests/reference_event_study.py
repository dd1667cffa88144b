"""An independent event study: pandas + statsmodels, one regression per event.

This is how the event-study packages on PyPI work (a loop of OLS fits). It reads the seed
CSV files directly, not the warehouse, and computes Var(CAR) from the full matrix form
σ²·1'(I + X*(X'X)⁻¹X*')1 rather than the closed form the SQL uses. The tests compare the
SQL results with it, and benchmarks/event_study.py times the two against each other.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"
MAX_T0_GAP = timedelta(days=10)


def load_returns(seed_dir: Path = SEED) -> dict[str, pd.DataFrame]:
    """Per ticker: date-indexed close, previous close, price return and total return."""
    market = seed_dir / "market"
    with open(market / "files.csv", newline="") as fh:
        files = list(csv.DictReader(fh))
    out = {}
    for row in files:
        px = pd.read_csv(market / row["file"], parse_dates=["date"]).set_index("date").sort_index()
        div_file = market / "dividends" / row["file"]
        div = (
            pd.read_csv(div_file, parse_dates=["date"]).set_index("date")["dividend"]
            if div_file.exists()
            else pd.Series(dtype=float)
        )
        frame = pd.DataFrame({"close": px["close"]})
        frame["prev_close"] = frame["close"].shift(1)
        frame["price_return"] = frame["close"] / frame["prev_close"] - 1
        if px["adj_close"].notna().all():
            frame["ret"] = px["adj_close"] / px["adj_close"].shift(1) - 1
        elif row["close_adjustment"] == "split_adjusted_only":
            dividend = div.reindex(frame.index).fillna(0.0)
            frame["ret"] = (frame["close"] + dividend) / frame["prev_close"] - 1
        else:
            frame["ret"] = frame["price_return"]
        out[row["ticker"]] = frame
    return out


@dataclass
class Result:
    status: str
    t0: date | None = None
    n_est: int = 0
    alpha: float = np.nan
    beta: float = np.nan
    sigma: float = np.nan
    r2: float = np.nan
    car: float = np.nan
    car_se: float = np.nan
    t_stat: float = np.nan
    p_value: float = np.nan
    raw_return: float = np.nan
    n_event: int = 0


def study(
    security: pd.DataFrame,
    market: pd.DataFrame,
    event_date: date,
    *,
    estimation: tuple[int, int] = (-250, -11),
    window: tuple[int, int] = (0, 0),
    min_est: int = 60,
) -> Result:
    """Market-model event study of one security around one event date."""
    dates = security.index
    pos = int(dates.searchsorted(pd.Timestamp(event_date)))
    if pos >= len(dates) or dates[pos] > pd.Timestamp(event_date) + MAX_T0_GAP:
        return Result("missing")
    frame = security.copy()
    frame["tau"] = np.arange(len(frame)) - pos
    frame["rm"] = market["ret"].reindex(frame.index)
    est = frame[frame["tau"].between(*estimation)].dropna(subset=["ret", "rm"])
    win_all = frame[frame["tau"].between(*window)]
    t0 = dates[pos].date()
    if win_all.empty or pd.isna(win_all["prev_close"].iloc[0]):
        return Result("missing", t0=t0)
    raw = win_all["close"].iloc[-1] / win_all["prev_close"].iloc[0] - 1
    if len(est) < min_est or security is market:
        return Result("flagged", t0=t0, n_est=len(est), raw_return=raw)
    x_est = sm.add_constant(est["rm"].to_numpy(), has_constant="add")
    fit = sm.OLS(est["ret"].to_numpy(), x_est).fit()
    alpha, beta = fit.params
    sigma2 = fit.scale  # SSR / (L1 - 2)
    win = win_all.dropna(subset=["ret", "rm"])
    if win.empty:  # e.g. a Hong Kong session on a US holiday: no benchmark return that day
        return Result("missing", t0=t0, n_est=len(est), raw_return=raw)
    ar = win["ret"].to_numpy() - (alpha + beta * win["rm"].to_numpy())
    x_win = sm.add_constant(win["rm"].to_numpy(), has_constant="add")
    cov = sigma2 * (np.eye(len(win)) + x_win @ np.linalg.inv(x_est.T @ x_est) @ x_win.T)
    ones = np.ones(len(win))
    var = float(ones @ cov @ ones)
    car = float(ar.sum())
    t = car / np.sqrt(var)
    return Result(
        "ok",
        t0=t0,
        n_est=len(est),
        alpha=alpha,
        beta=beta,
        sigma=float(np.sqrt(sigma2)),
        r2=fit.rsquared,
        car=car,
        car_se=float(np.sqrt(var)),
        t_stat=t,
        p_value=2 * stats.t.sf(abs(t), len(est) - 2),
        raw_return=raw,
        n_event=len(win),
    )
