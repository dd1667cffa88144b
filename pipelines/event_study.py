"""Event-study parameters and the queries that run the SQL analytics with them.

The arithmetic lives in sql/analytics/event_study.sql. Python only validates the
parameters, binds them, and turns t-statistics into two-sided p-values (DuckDB has
no Student-t distribution function).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.p_values import two_sided_t
from pipelines.warehouse import db_path, read_queries, read_query

BENCHMARKS = ("^GSPC", "SPY", "QQQ", "SOXX")

@dataclass(frozen=True)
class ReturnModel:
    """One way to compute normal returns: its label for people and the method notes reports print.
    The arithmetic is in sql/analytics/event_study.sql (each macro's CASE on the model's name)."""

    label: str
    notes: tuple[str, ...]


COMMON_NOTES = (
    "CAR = Σ AR over the event window, in the security's own trading days from t0, its first trading day on or "
    "after the event date; the estimation window ends before the event window.",
    "Raw return is the close-to-close price change over the window; value moved = shares outstanding × (close at "
    "the window's end − close the day before it), shares from the dated count named in the table.",
    "Group portfolios: equal-weighted AR; test from the portfolio's own estimation-window σ (Brown & Warner crude "
    "dependence adjustment).",
)
RETURN_MODELS: dict[str, ReturnModel] = {
    "market": ReturnModel(
        "Market model (OLS α, β)",
        (
            "Market model (MacKinlay 1997): R = α + β·R_m + ε by OLS over the estimation window; AR = R − (α + β·R_m).",
            "Var(CAR) = σ²·[L2 + L2²/L1 + (Σ_window(R_m − μ_m))² / Σ_est(R_m − μ_m)²] (finite estimation window "
            "correction); t = CAR/√Var(CAR), two-sided p from Student's t with L1 − 2 degrees of freedom.",
        ),
    ),
    "market_adjusted": ReturnModel(
        "Market-adjusted (R − Rm)",
        (
            "Market-adjusted returns: AR = R − R_m (β fixed at 1, no α).",
            "Var(CAR) = L2·σ², σ the standard deviation of R − R_m over the estimation window; two-sided p from "
            "Student's t with L1 − 1 degrees of freedom.",
        ),
    ),
    "raw": ReturnModel(
        "Raw returns",
        (
            "Raw returns: AR = R (no benchmark is subtracted; the benchmark only marks the trading days).",
            "Var(CAR) = L2·σ², σ the standard deviation of R over the estimation window; two-sided p from Student's t "
            "with L1 − 1 degrees of freedom.",
        ),
    ),
}
MODELS = tuple(RETURN_MODELS)
STANDARD_WINDOWS = ((0, 0), (-1, 1), (0, 1), (0, 5), (-5, 5))
PATH_RANGE = (-10, 20)
WINDOW_RANGE = (-20, 40)  # event window bounds in trading days (the dashboard's inputs use the same)
ESTIMATION_RANGE = (-750, -1)  # about three years of sessions before t0
_WINDOW = re.compile(r"^\s*([+-]?\d+)\s*:\s*([+-]?\d+)\s*$", re.ASCII)  # ASCII digits: not '０:１'


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
    """The window as URLs and the CLI take it: -1:1."""
    return f"{window[0]}:{window[1]}"


def window_label(window: tuple[int, int]) -> str:
    """The window as people read it, on every page, chart and report: [−1, +1], [0, 0]."""

    def day(n: int) -> str:
        return "0" if n == 0 else f"{n:+d}".replace("-", "−")

    return f"[{day(window[0])}, {day(window[1])}]"


def method_notes(model: str) -> list[str]:
    """What a report says about how its numbers were computed, for the return model used."""
    return [*RETURN_MODELS[model].notes, *COMMON_NOTES]


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

    @property
    def span(self) -> tuple[int, int]:
        """τ from the first day of either window to the last: the days a portfolio or a robust test's unit reads."""
        return min(self.estimation[0], self.window[0]), max(self.estimation[1], self.window[1])

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
    out["p_value"] = two_sided_t(t.to_numpy(), df.to_numpy())
    return out


def results(
    params: StudyParams,
    *,
    launch_ids: list[str] | None = None,
    tickers: list[str] | None = None,
    path: Path | None = None,
    with_flags: bool = True,
    kept: bool = True,
) -> pd.DataFrame:
    """One row per launch × security for params.window (status ok / flagged / missing).

    with_flags adds the confounder columns of pipelines/confounders.py: flags (text reasons),
    confounded, confounders (list) and same_day_launches. kept: read the rows the warehouse keeps for
    the default settings (pipelines/study_cache.py) when these are those; False computes them.
    """
    return results_for_windows(
        params, [params.window], launch_ids=launch_ids, tickers=tickers, path=path, with_flags=with_flags, kept=kept
    )


def results_for_windows(
    params: StudyParams,
    windows: list[tuple[int, int]],
    *,
    launch_ids: list[str] | None = None,
    tickers: list[str] | None = None,
    path: Path | None = None,
    with_flags: bool = True,
    kept: bool = True,
) -> pd.DataFrame:
    """results() for several event windows at once: one row per window × launch × security, the
    window in win_start and win_end, ordered by window and then as results() orders its rows.

    The market model is fitted once per launch × security for all the windows (the estimation
    window does not depend on the event window); params.window is ignored, each window of
    windows is checked against params.estimation as a StudyParams would check it.
    """
    chosen = list(dict.fromkeys((int(start), int(end)) for start, end in windows))
    if not chosen:
        raise ParameterError("no event window asked for")
    for window in chosen:
        replace(params, window=window)  # raises ParameterError for a window that cannot be used
    study = (
        "event_study_windows",
        {
            **params.bind(),
            "windows": [list(window) for window in chosen],
            "launch_ids": launch_ids,
            "tickers": tickers,
        },
    )
    if not with_flags:
        return add_p_values(read_query(*study, path=path, as_written=True))
    from pipelines import confounders, study_cache

    if kept and study_cache.serves(params, chosen, path or db_path()):
        # the rows the last publish kept for the default settings: the same query's rows, read
        frame = read_query(
            "study_cache", {k: study[1][k] for k in ("windows", "launch_ids", "tickers")}, path=path
        )
    else:
        # the study and its flags in one query, the flags reusing the study's estimation-window count
        # (the lists asked for, not every id of the result: a list of thousands of tickers would be
        # tested against every launch × security)
        frame = read_query(
            "event_study_flagged", {**study[1], "sigma_k": confounders.SIGMA_K}, path=path, as_written=True
        )
    flags = frame[confounders.FLAG_COLUMNS]
    return confounders.with_flag_columns(add_p_values(frame.drop(columns=confounders.FLAG_COLUMNS)), flags)


def group_results(
    params: StudyParams,
    *,
    launch_ids: list[str] | None = None,
    tickers: list[str] | None = None,
    path: Path | None = None,
    with_flags: bool = True,
    members: pd.DataFrame | None = None,
    days: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Equal-weighted portfolio CAR per launch × group.

    tickers (None: all) limits the portfolios to those securities: a page showing a few groups
    passes their members, so it does not study every security of a large warehouse (a portfolio is
    of the listed members only, so list whole groups). with_flags adds the union of the members'
    confounder reasons (pipelines/confounders.py); members (results() rows of the same launches and
    params, flagged for with_flags) and days (their portfolio_days) save recomputing them.
    """
    if members is None:
        members = results(params, launch_ids=launch_ids, tickers=tickers, path=path, with_flags=with_flags)
    ok = members[members["status"] == "ok"]
    frame = add_p_values(portfolio_car(params, portfolio_days(params, ok, path=path) if days is None else days))
    if with_flags:
        from pipelines import confounders

        frame = confounders.add_group_flags(frame, members)
    return frame


def results_with_groups(
    params: StudyParams, *, launch_ids: list[str] | None = None, path: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results, group_results) of the launches × every security from one flagged study: a view that shows
    a few securities' rows next to the group portfolios asks once, not once for its rows and again for the
    portfolios' members."""
    members = results(params, launch_ids=launch_ids, path=path)
    return members, group_results(params, path=path, members=members)


def mean_ar(
    params: StudyParams,
    *,
    launch_ids: list[str],
    tickers: list[str],
    tau_range: tuple[int, int],
    group: str | None = None,
    path: Path | None = None,
) -> pd.DataFrame:
    """Per launch and τ in tau_range, the mean AR over tickers (securities without a fit count as missing)
    and the date of τ for the first of them by ticker (sql/queries/adoption_car.sql): a security's or a
    group portfolio's abnormal returns beside the Adoption page's launch curves. Where the last publish
    kept the fits of these settings (pipelines/study_cache.py) they are read, not fitted again: for every
    launch when the study counts from the market date, else for the launches whose market date is their
    release date (the others are fitted). group: the group tickers are (all of) the members of, whose kept
    days are then read instead of its members' (a thousand members × dozens of launches × 43 days)."""
    from pipelines import study_cache

    if not launch_ids or not tickers:
        return _empty(["launch_id", "tau", "date", "ar"])
    bound = {**params.bind(), "tau_min": tau_range[0], "tau_max": tau_range[1], "tickers": list(tickers)}
    if not study_cache.fits(replace(params, use_market_date=True), path or db_path()):
        return read_query("adoption_car", {**bound, "launch_ids": list(launch_ids)}, path=path)
    refit: set[str] = set()  # launches whose event date is not the kept one: fitted again
    if not params.use_market_date:
        launches = read_query("launches", path=path)
        moved = launches["market_date"].notna() & (launches["market_date"] != launches["date"])
        refit = set(launches.loc[moved, "launch_id"])
    kept = [i for i in launch_ids if i not in refit]
    frames = []
    if kept:
        frames.append(_kept_mean_ar(params, kept, tickers, tau_range, group, path))
    others = [i for i in launch_ids if i in refit]
    if others:
        frames.append(read_query("adoption_car", {**bound, "launch_ids": others}, path=path))
    found = [f for f in frames if not f.empty]
    if len(found) < 2:
        return found[0] if found else frames[0]
    return pd.concat(found, ignore_index=True).sort_values(["launch_id", "tau"], ignore_index=True)


def _kept_mean_ar(
    params: StudyParams, launch_ids: list[str], tickers: list[str], tau_range: tuple[int, int], group: str | None,
    path: Path | None,
) -> pd.DataFrame:
    """mean_ar_kept.sql's rows of launch_ids: the group's kept days when tickers are every security of the group
    (each kept row's count of members) and tau_range is within the kept τ, else from the members' kept fits."""
    from pipelines import study_cache

    asked = {"benchmark": params.benchmark, "tau_min": tau_range[0], "tau_max": tau_range[1],
             "tickers": list(tickers), "launch_ids": launch_ids}  # the fit's settings are the kept ones
    if group is not None and tau_range[0] >= 0 and tau_range[1] <= study_cache.CAR_TAU_MAX:
        named = ("tau_min", "tau_max", "tickers", "launch_ids")
        rows = read_query("group_car_kept", {**{k: asked[k] for k in named}, "group": group}, path=path)
        whole = len(set(tickers))
        if not rows.empty and rows["members"].eq(whole).all() and rows["listed"].eq(whole).all():
            return rows.drop(columns=["members", "listed"])
    # the optimizer's own sides here: many launches × a large group outgrow the returns table (230 launches ×
    # 1,000 members × 43 days at K=100 hashed as written: 1.9 s and 1.4 GB)
    return read_query("mean_ar_kept", asked, path=path)


GROUP_COLUMNS = ["launch_id", "group", "n_members", "n_est", "n_event", "car", "sigma_p", "t_stat", "df"]


def _empty(columns: list[str]) -> pd.DataFrame:
    """No rows, but ids as text and numbers as numbers, so merges and filters downstream still work."""
    return pd.DataFrame(
        {c: pd.Series(dtype=object if c in ("launch_id", "ticker", "group") else float) for c in columns}
    )


def member_ar_paths(params: StudyParams, ok: pd.DataFrame, *, path: Path | None = None) -> pd.DataFrame:
    """AR_τ (launch_id, ticker, tau, ar) of the 'ok' results rows over the estimation and event windows:
    the daily series of each group portfolio and of the robust tests' units."""
    if ok.empty:
        return _empty(["launch_id", "ticker", "tau", "ar"])
    return paths(
        params,
        launch_ids=sorted(ok["launch_id"].unique()),
        tickers=sorted(ok["ticker"].unique()),
        tau_range=params.span,
        path=path,
        cumulative=False,
    )


def portfolio_days(
    params: StudyParams, ok: pd.DataFrame, *, path: Path | None = None, ar_paths: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each group portfolio's day: launch_id, group, tau, mean (its 'ok' members' mean AR that day) and count
    (members with an AR), over the estimation and event windows. From ar_paths (member_ar_paths of ok) when
    they are at hand for the robust tests; from the days the last publish kept when ok is whole groups at the
    kept settings; otherwise inside DuckDB (sql/queries/group_ar.sql), so a row per portfolio and day leaves
    the database, not a row per member and day (a 1,000-member group × 1,000 launches is 250 M member-days)."""
    if ok.empty or (ar_paths is not None and ar_paths.empty):
        return _empty(["launch_id", "group", "tau", "mean", "count"])
    if ar_paths is not None:
        keyed = ar_paths.merge(ok[["launch_id", "ticker", "group"]], on=["launch_id", "ticker"], how="inner")
        return keyed.groupby(["launch_id", "group", "tau"], sort=True)["ar"].agg(["mean", "count"]).reset_index()
    if portfolios_kept(params, path):
        kept = _kept_portfolio_days(params, ok, path)
        if kept is not None:
            return kept
    from pipelines import study_cache

    members = portfolio_members(params, ok)
    if study_cache.fits(params, path or db_path()):  # the kept fits: the members' rows, not their fits again
        return read_query("group_ar_kept", {"benchmark": params.benchmark, **members}, path=path, as_written=True)
    return read_query("group_ar", {**params.bind(), **members}, path=path, as_written=True)


def portfolio_members(params: StudyParams, ok: pd.DataFrame) -> dict[str, object]:
    """group_ar.sql's members for these 'ok' results rows: their launches, securities and groups as parallel
    lists, the launches and securities to start from, and the τ of the estimation and event windows."""
    return {
        "tau_min": params.span[0],
        "tau_max": params.span[1],
        "launch_ids": sorted(ok["launch_id"].unique()),
        "tickers": sorted(ok["ticker"].unique()),
        "member_launches": ok["launch_id"].tolist(),
        "member_tickers": ok["ticker"].tolist(),
        "member_groups": ok["group"].tolist(),
    }


def portfolios_kept(params: StudyParams, path: Path | None = None) -> bool:
    """True if the last publish kept the group portfolios' days of these settings (whole groups, every
    launch): a cross-section of any size reads them instead of studying its members' days."""
    from pipelines import study_cache

    return study_cache.serves(params, [params.window], path or db_path())


def kept_group_results(
    params: StudyParams, *, launch_ids: list[str], groups: list[str], path: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(group_results with flags, portfolio_days) of whole groups at launch_ids, from what the last publish
    kept (portfolios_kept(params) must hold): no member's row is read, so a cross-section of every launch
    costs a row per portfolio and day."""
    asked = _kept_portfolios(params, launch_ids, groups)
    days, flags = read_queries([("group_days_kept", asked), ("group_flags_kept", asked)], path=path)
    days = days.drop(columns="members")
    frame = add_p_values(portfolio_car(params, days)).merge(flags, on=["launch_id", "group"], how="left")
    return frame, days


def _kept_portfolios(params: StudyParams, launch_ids: list[str], groups: list[str]) -> dict[str, object]:
    """The bound parameters of group_days_kept.sql and group_flags_kept.sql: these portfolios at the window."""
    return {"launch_ids": launch_ids, "groups": groups, "win_start": params.window[0], "win_end": params.window[1]}


def _kept_portfolio_days(params: StudyParams, ok: pd.DataFrame, path: Path | None) -> pd.DataFrame | None:
    """portfolio_days from the days the last publish kept, when ok holds every 'ok' member of each of its
    portfolios (a whole group at each launch; the same count is the same set: ok comes from the same
    study); None when it holds only some (a page that asked for a few securities)."""
    asked = _kept_portfolios(params, sorted(ok["launch_id"].unique()), sorted(ok["group"].unique()))
    kept = read_query("group_days_kept", asked, path=path)
    wanted = ok.groupby(["launch_id", "group"]).size()
    held = kept.groupby(["launch_id", "group"])["members"].first()
    if not wanted.equals(held.reindex(wanted.index)):
        return None
    rows = pd.MultiIndex.from_frame(kept[["launch_id", "group"]]).isin(wanted.index)
    return kept.loc[rows, ["launch_id", "group", "tau", "mean", "count"]].reset_index(drop=True)


def portfolio_car(params: StudyParams, daily: pd.DataFrame) -> pd.DataFrame:
    """Per launch × group, from its portfolio_days: σ_p over the estimation window, CAR over the event
    window and t = CAR / (σ_p·√n_event) with n_est − 1 degrees of freedom (Brown–Warner's crude
    dependence adjustment: the portfolio's own volatility, not independent members)."""
    if daily.empty:
        return _empty(GROUP_COLUMNS)
    tau, ar = daily["tau"], daily["mean"].astype(float)
    est = ar.where(tau.between(*params.estimation))
    event = ar.where(tau.between(*params.window))
    keys = [daily["launch_id"], daily["group"]]
    stats = pd.DataFrame(
        {
            "n_members": daily["count"].astype("int64").groupby(keys).max(),
            "n_est": est.groupby(keys).count(),
            "n_event": event.groupby(keys).count(),
            "car": event.groupby(keys).sum(min_count=1),
            "sigma_p": est.groupby(keys).std(ddof=1),
        }
    )
    spread = stats["sigma_p"] * np.sqrt(stats["n_event"])
    stats["t_stat"] = stats["car"] / spread.where(spread != 0)
    stats["df"] = stats["n_est"] - 1
    stats.index.names = ["launch_id", "group"]
    return stats.reset_index()[GROUP_COLUMNS]


def paths(
    params: StudyParams,
    *,
    launch_ids: list[str],
    tickers: list[str] | None = None,
    tau_range: tuple[int, int] = PATH_RANGE,
    path: Path | None = None,
    cumulative: bool = True,
) -> pd.DataFrame:
    """AR_τ and cumulative AR from the start of tau_range, for the path charts (cumulative=False:
    launch_id, ticker, tau and ar only, for the robust tests over hundreds of days per security), from
    the fits the last publish kept where they serve these settings."""
    from pipelines import study_cache

    if study_cache.fits(params, path or db_path()):
        bound = {"benchmark": params.benchmark, "tau_min": tau_range[0], "tau_max": tau_range[1]}
        return read_query(
            "abnormal_returns_paths_kept" if cumulative else "abnormal_returns_kept",
            {**bound, "launch_ids": launch_ids, "tickers": tickers}, path=path, as_written=True,
        )
    return read_query(
        "abnormal_returns" if cumulative else "abnormal_returns_tau",
        {
            **params.bind(),
            "tau_min": tau_range[0],
            "tau_max": tau_range[1],
            "launch_ids": launch_ids,
            "tickers": tickers,
        },
        path=path,
        as_written=True,
    )
