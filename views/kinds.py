"""What kinds of launches move a group of stocks? One collector for the page, its report and the CLI.

The cross-section of a group's portfolio CARs over every launch (pipelines/cross_section.py): by an
attribute of the launches, with the robust tests, and the HC3 regression; launches with confounder
flags left out unless asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from pipelines.cross_section import MAX_MEMBER_STUDIES, TooManyStudies
from pipelines.errors import UserError
from pipelines.event_study import method_notes, window_label
from views import labels, numbers
from views.filters import KindsFilters
from views.source import Source
from views.status import data_status

TEST_COLUMNS = ["bmp_z", "bmp_p", "sign_z", "sign_p", "rank_z", "rank_p"]
TABLE_KINDS = {  # how the numbers of the tables below are written (views/columns.py kinds), by header
    "Mean CAR": "percent", "CAR": "percent", "t": "t", "p": "p", "BMP z": "t", "BMP p": "p", "Sign z": "t",
    "Sign p": "p", "Rank z": "t", "Rank p": "p", "Launches": "count", "Positive": "count",
}


@dataclass(frozen=True)
class KindsView:
    filters: KindsFilters
    by_kind: pd.DataFrame  # the chosen attribute's values: n, mean_car, ci, tests, launches
    regression: pd.DataFrame  # term, coef, se_hc3, t, p, n
    launches: pd.DataFrame  # every launch with a portfolio CAR: attributes, car, t, p, flags, used
    n_excluded: int
    n_total: int
    as_of: str
    notes: list[str] = field(default_factory=list)

    @property
    def window(self) -> str:
        return window_label(self.filters.params.window)

    @property
    def group_label(self) -> str:
        return labels.group(self.filters.group)

    @property
    def attribute_label(self) -> str:
        return labels.ATTRIBUTES[self.filters.attribute]

    @property
    def exclusion(self) -> str:
        """'48 of 101 launches excluded for confounder flags' (or that they are included)."""
        if self.filters.exclude_confounded:
            return f"{self.n_excluded:,} of {self.n_total:,} launches excluded for confounder flags."
        flagged = int(self.launches["confounded"].fillna(False).astype(bool).sum())
        return f"All {self.n_total:,} launches included, {flagged:,} of them with confounder flags."

    def kinds_table(self, *, text: bool = True) -> pd.DataFrame:
        """The grouped averages as the page shows them: human labels, true minus signs, p as '< 0.001'.
        text=False keeps the numbers numeric (a page table writes them itself and sorts by value)."""
        frame = self.by_kind

        def column(name: str, write: Callable[[object], str]) -> pd.Series:
            return frame[name].map(write) if text else frame[name]

        return pd.DataFrame(
            {
                self.attribute_label: frame["label"],
                "Launches": frame["n"].astype(int),
                f"Mean CAR {self.window}": column("mean_car", numbers.percent),
                "95 % interval": [
                    f"{numbers.percent(m - c)} … {numbers.percent(m + c)}" if pd.notna(c) else numbers.BLANK
                    for m, c in zip(frame["mean_car"], frame["ci"], strict=True)
                ],
                "BMP z": column("bmp_z", numbers.stat),
                "BMP p": column("bmp_p", numbers.p_value),
                "Sign z": column("sign_z", numbers.stat),
                "Sign p": column("sign_p", numbers.p_value),
                "Rank z": column("rank_z", numbers.stat),
                "Rank p": column("rank_p", numbers.p_value),
                "Positive": frame["n_positive"].astype(int),
            }
        )

    def regression_table(self) -> pd.DataFrame:
        frame = self.regression
        return pd.DataFrame(
            {
                "Term": frame["term"].map(lambda t: labels.TERMS.get(t, t)),
                "Coefficient": frame["coef"].map(lambda v: numbers.percent(v)),
                "SE (HC3)": frame["se_hc3"].map(lambda v: numbers.percent(v, sign=False)),
                "t": frame["t"].map(numbers.stat),
                "p": frame["p"].map(numbers.p_value),
            }
        )

    def launches_table(self, *, text: bool = True) -> pd.DataFrame:
        """Every launch with its portfolio CAR, whether it was used and its flags (text=False: CAR, t and p
        stay numbers)."""
        frame = self.launches.sort_values("date", ascending=False)
        return pd.DataFrame(
            {
                "Launch": frame["model"],
                "Date": pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d"),
                "Organisation": frame["organization"],
                "Country": frame["country"],
                "Open weights": frame["open_weights"].map(labels.attribute_value),
                "Reasoning model": frame["reasoning"].map(labels.attribute_value),
                "CAR": frame["car"].map(numbers.percent) if text else frame["car"],
                "t": frame["t_stat"].map(numbers.stat) if text else frame["t_stat"],
                "p": frame["p_value"].map(numbers.p_value) if text else frame["p_value"],
                "Used": frame["used"].map(labels.attribute_value),
                "Flags": frame["flags"].fillna(""),
            }
        )


def collect(filters: KindsFilters, source: Source) -> KindsView:
    params = filters.params
    try:
        found = source.study(
            "cross_section", params, group=filters.group, exclude_confounded=filters.exclude_confounded
        )
    except TooManyStudies as error:  # said in the page's words: the group's name, what to change
        raise UserError(
            f"the {labels.group_plural_lower(filters.group)} are {error.members:,} securities: with "
            f"{error.launches:,} launches that is {error.members * error.launches:,} member studies, more than "
            f"this view computes at once ({MAX_MEMBER_STUDIES:,}); choose a smaller group or the default settings"
        ) from None
    by_kind = found.by_attribute[found.by_attribute["attribute"] == filters.attribute].copy()
    sd = _spread(found.launches, filters.attribute, by_kind["value"])
    by_kind["sd"] = by_kind["value"].map(sd)
    by_kind["ci"] = [
        1.96 * s / math.sqrt(n) if n > 1 and pd.notna(s) else float("nan")
        for s, n in zip(by_kind["sd"], by_kind["n"], strict=True)
    ]
    by_kind["label"] = by_kind["value"].map(labels.attribute_value)
    by_kind["bmp_p_text"] = by_kind["bmp_p"].map(numbers.p_value)
    launches = found.launches.copy()
    return KindsView(
        filters=filters,
        by_kind=by_kind.sort_values("n", ascending=False, kind="stable").reset_index(drop=True),
        regression=found.regression,
        launches=launches,
        n_excluded=found.n_excluded,
        n_total=len(launches),
        as_of=data_status(source),
        notes=[
            *method_notes(params.model),
            "Kinds of launches: each launch contributes its group's equal-weighted portfolio CAR; a kind's mean "
            "CAR is tested across its launches with BMP, the generalised sign test and Corrado's rank test "
            "(launches on different dates, so no Kolari–Pynnönen adjustment). 95 % interval: mean ± 1.96·sd/√n.",
            "Regression: OLS of CAR on open weights, reasoning model and China with HC3 standard errors; a term "
            "that does not vary among the launches used is left out.",
            *found.notes,
        ],
    )


def _spread(launches: pd.DataFrame, attribute: str, values: pd.Series) -> dict:
    used = launches[launches["used"]]
    return {v: float(used[used[attribute] == v]["car"].std(ddof=1)) for v in values}

