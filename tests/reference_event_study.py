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
    """Per ticker: date-indexed close, previous close, price return and total return.

    A ticker's segments (files.csv rows in order) are joined: a later segment adds its rows
    after the earlier ones' last date. Closes and dividends before a split are divided by its
    ratio. A return is NaN where sessions of the ticker's market (the dates on which any
    security of the same currency has a bar) are missing since its previous bar.
    """
    market = seed_dir / "market"
    with open(market / "files.csv", newline="") as fh:
        files = list(csv.DictReader(fh))
    universe = pd.read_csv(seed_dir.parent / "universe" / "securities.csv", keep_default_na=False)
    currency = dict(zip(universe["ticker"], universe["currency"], strict=True))
    splits_file = market / "splits.csv"
    splits = pd.read_csv(splits_file, parse_dates=["date"]) if splits_file.exists() else pd.DataFrame()
    bars: dict[str, pd.DataFrame] = {}
    dividends: dict[str, pd.Series] = {}
    for row in files:
        px = pd.read_csv(market / row["file"], parse_dates=["date"]).set_index("date").sort_index()
        px["kind"] = row["close_adjustment"]
        if row["ticker"] in bars:
            before = bars[row["ticker"]]
            bars[row["ticker"]] = pd.concat([before, px[px.index > before.index.max()]])
        else:
            bars[row["ticker"]] = px
            div_file = market / "dividends" / row["file"]
            dividends[row["ticker"]] = (
                pd.read_csv(div_file, parse_dates=["date"]).set_index("date")["dividend"]
                if div_file.exists()
                else pd.Series(dtype=float)
            )
    for split in splits.itertuples():
        px, div = bars[split.ticker], dividends[split.ticker]
        px.loc[px.index < split.date, ["close", "adj_close"]] /= split.ratio
        dividends[split.ticker] = div.where(div.index >= split.date, div / split.ratio)
    sessions: dict[str, pd.DatetimeIndex] = {}
    for ticker, px in bars.items():
        cal = currency[ticker]
        sessions[cal] = sessions.get(cal, pd.DatetimeIndex([])).union(px.index)
    out = {}
    for ticker, px in bars.items():
        cal = sessions[currency[ticker]]
        frame = pd.DataFrame({"close": px["close"]})
        frame["prev_close"] = frame["close"].shift(1)
        number = pd.Series(cal.get_indexer(px.index), index=px.index)
        frame["missing_before"] = (number - number.shift(1) - 1).fillna(0).astype(int)
        gap = frame["missing_before"] > 0
        frame["price_return"] = (frame["close"] / frame["prev_close"] - 1).mask(gap)
        dividend = dividends[ticker].reindex(frame.index).fillna(0.0)
        adj = px["adj_close"] / px["adj_close"].shift(1) - 1
        total = (frame["close"] + dividend) / frame["prev_close"] - 1
        ret = frame["close"] / frame["prev_close"] - 1
        ret = ret.where(px["kind"] != "split_adjusted_only", total)
        ret = ret.where(adj.isna(), adj)
        frame["ret"] = ret.mask(gap)
        frame.attrs["sessions"] = cal
        out[ticker] = frame
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
    sessions = security.attrs.get("sessions")
    if sessions is not None:  # a gap: no bar on the market's first session, or one inside the window
        market_t0 = sessions[sessions.searchsorted(pd.Timestamp(event_date))]
        if dates[pos] > market_t0 or (win_all["missing_before"] > 0).any():
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
