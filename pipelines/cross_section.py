"""What kinds of launches move a group of stocks? The cross-section of group-portfolio CARs.

For one group (e.g. chipmakers) and one window (e.g. [0, +1]), each launch contributes its
equal-weighted group portfolio CAR (event_study.group_results). Launches whose portfolio
carries a confounder flag (pipelines/confounders.py: a market-wide day, another launch or an
earnings reaction in the window) are left out by default, and the result says how many.

- by_attribute: for each launch attribute (open weights, country, organisation, reasoning
  model) and each of its values, the number of launches, the mean CAR and the robust tests across
  them (pipelines/robust_tests.py: BMP, generalised sign, Corrado rank; launches on different
  dates, so no Kolari–Pynnönen adjustment).
- regression: OLS of CAR on a constant, open_weights, reasoning and china (country = China),
  with heteroskedasticity-robust HC3 standard errors (MacKinnon & White 1985), computed with
  numpy: Cov = (X'X)⁻¹ X' diag(e_i² / (1 − h_ii)²) X (X'X)⁻¹; t = b / se, two-sided p from
  Student's t with n − k degrees of freedom (as statsmodels reports for HC3).

"reasoning" is derived from launches.kind: TRUE where kind = 'reasoning_llm' (the curated
list's label for models released as reasoning models: o1, DeepSeek-R1, QwQ, …), FALSE otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines import event_study, robust_tests
from pipelines.errors import UserError
from pipelines.event_study import StudyParams
from pipelines.p_values import two_sided_t
from pipelines.warehouse import read_query

# Member studies (launches × the group's securities) computed at once: a 1,000-member group of a 100×
# warehouse at 1,010 launches is a million, minutes and gigabytes of memory. The default settings read the
# portfolios the last publish kept (pipelines/study_cache.py), whatever their size.
MAX_MEMBER_STUDIES = 100_000


class TooManyStudies(UserError):
    """A cross-section that would compute more member studies than MAX_MEMBER_STUDIES at once."""

    def __init__(self, members: int, launches: int) -> None:
        self.members, self.launches = members, launches
        super().__init__(
            f"{members:,} securities × {launches:,} launches is {members * launches:,} member studies, more than "
            f"are computed at once ({MAX_MEMBER_STUDIES:,}); choose a smaller group or the default settings"
        )


ATTRIBUTES = ("open_weights", "country", "organization", "reasoning")
REGRESSORS = ("open_weights", "reasoning", "china")
REASONING_KINDS = ("reasoning_llm",)


@dataclass
class CrossSection:
    group: str
    params: StudyParams
    launches: pd.DataFrame  # one row per launch: attributes, car, t_stat, p_value, flags, confounded, used
    by_attribute: pd.DataFrame  # attribute, value, n, mean_car, robust tests
    regression: pd.DataFrame  # term, coef, se_hc3, t, p
    n_excluded: int
    n_used: int
    exclude_confounded: bool
    notes: list[str] = field(default_factory=list)


def launch_attributes(path: Path | None = None) -> pd.DataFrame:
    """The launches with the attributes the cross-section uses (reasoning derived from kind)."""
    launches = read_query("launches", path=path)
    out = launches[["launch_id", "date", "model", "organization", "country", "open_weights", "kind"]].copy()
    out["open_weights"] = out["open_weights"].fillna(False).astype(bool)
    out["reasoning"] = out["kind"].isin(REASONING_KINDS)
    out["country"] = out["country"].fillna("unknown")
    return out


def hc3(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """OLS coefficients, HC3 standard errors and residuals."""
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = xtx_inv @ x.T @ y
    resid = y - x @ beta
    leverage = np.einsum("ij,jk,ik->i", x, xtx_inv, x)
    meat = x.T @ (x * (resid**2 / (1 - leverage) ** 2)[:, None])
    cov = xtx_inv @ meat @ xtx_inv
    return beta, np.sqrt(np.diag(cov)), resid


def regression(frame: pd.DataFrame, y: str = "car", regressors: tuple[str, ...] = REGRESSORS) -> pd.DataFrame:
    """CAR on a constant and the regressors that vary in frame, HC3 standard errors."""
    used = [r for r in regressors if frame[r].astype(float).nunique() > 1]
    n, k = len(frame), len(used) + 1
    if n <= k:
        return pd.DataFrame(columns=["term", "coef", "se_hc3", "t", "p", "n"])
    x = np.column_stack([np.ones(n)] + [frame[r].astype(float).to_numpy() for r in used])
    beta, se, _ = hc3(x, frame[y].astype(float).to_numpy())
    t = beta / se
    p = two_sided_t(t, n - k)
    return pd.DataFrame({"term": ["const", *used], "coef": beta, "se_hc3": se, "t": t, "p": p, "n": n})


def cross_section(
    params: StudyParams,
    group: str = "chipmaker",
    *,
    exclude_confounded: bool = True,
    launch_ids: list[str] | None = None,
    path: Path | None = None,
) -> CrossSection:
    """Group-portfolio CARs of every launch (or launch_ids) by attribute, with tests and a regression."""
    attributes = launch_attributes(path)
    if launch_ids is not None:
        attributes = attributes[attributes["launch_id"].isin(launch_ids)]
    ids = attributes["launch_id"].tolist()
    if event_study.portfolios_kept(params, path):  # the portfolios as the last publish kept them
        groups, days = event_study.kept_group_results(params, launch_ids=ids, groups=[group], path=path)
    else:
        # the group's own securities only: every launch × every security would be studied otherwise
        securities = read_query("securities", path=path)
        tickers = securities.loc[securities["group"] == group, "ticker"].tolist()
        if len(ids) * len(tickers) > MAX_MEMBER_STUDIES:
            raise TooManyStudies(len(tickers), len(ids))
        members = event_study.results(params, launch_ids=ids, tickers=tickers, path=path)
        days = event_study.portfolio_days(params, members[members["status"] == "ok"], path=path)  # in DuckDB
        groups = event_study.group_results(params, members=members, days=days, path=path)
    chosen = groups[groups["group"] == group][
        ["launch_id", "n_members", "car", "t_stat", "p_value", "flags", "confounded"]
    ]
    table = attributes.merge(chosen, on="launch_id", how="inner")
    table = table[table["car"].notna()].copy()
    table["china"] = table["country"] == "China"
    table["used"] = ~table["confounded"].astype(bool) if exclude_confounded else True
    used = table[table["used"]]
    units = {
        u.key: u
        for u in robust_tests.portfolio_units(
            params, group, launch_ids=used["launch_id"].tolist(), path=path, days=days
        )
    }
    rows = []
    for attribute in ATTRIBUTES:
        for value, part in used.groupby(attribute, sort=True):
            tests = robust_tests.kind_tests([units[i] for i in part["launch_id"] if i in units])
            rows.append({"attribute": attribute, "value": value, "launches": ", ".join(part["launch_id"]), **tests})
    notes = [
        f"{len(table) - len(used)} of {len(table)} launches excluded for confounders (market-wide day, another "
        "launch or an earnings reaction inside the window)"
        if exclude_confounded
        else "confounded launches included; launches sharing an event day count once each"
    ]
    return CrossSection(
        group=group,
        params=params,
        launches=table.reset_index(drop=True),
        by_attribute=pd.DataFrame(rows),
        regression=regression(used),
        n_excluded=int(len(table) - len(used)),
        n_used=int(len(used)),
        exclude_confounded=exclude_confounded,
        notes=notes,
    )
