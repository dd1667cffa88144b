"""Launches compared: one collector for the Compare page, its report and `python -m reporting --page compare`.

2–6 launches side by side for the securities of the shared filters (and their groups' portfolios):
CAR, t, p and flags per launch, and the CAR paths as small multiples (pipelines/compare.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipelines.event_study import method_notes, window_label
from views import figures, labels, numbers, palette
from views.filters import CompareFilters, MarketFilters, Universe
from views.source import Source
from views.status import data_status

VALUES = ("car", "t_stat", "p_value", "flags")


@dataclass(frozen=True)
class CompareView:
    filters: CompareFilters
    market: MarketFilters
    launches: pd.DataFrame  # the chosen launches, in the order chosen: launch_id, label, event_date, …
    tickers: tuple[str, ...]
    groups: tuple[str, ...]
    securities: pd.DataFrame  # long: launch_id, key, name, kind (security / group), car, t_stat, p_value, flags
    paths: pd.DataFrame  # launch_id, key, kind, tau, ar, car
    colours: dict[str, str]
    as_of: str
    notes: list[str] = field(default_factory=list)

    @property
    def window(self) -> str:
        return window_label(self.filters.params.window)

    @property
    def launch_labels(self) -> dict[str, str]:
        return dict(zip(self.launches["launch_id"], self.launches["label"], strict=True))

    def table(self, *, text: bool = True) -> pd.DataFrame:
        """The side-by-side table: a row per security (then group portfolio), per launch CAR, t, p and flags.
        text: numbers formatted as the page shows them (true minus, p as '< 0.001')."""
        rows = []
        for _key, part in self.securities.groupby("key", sort=False):
            first = part.iloc[0]
            row: dict[str, object] = {"Security": first["name"], "Kind": first["kind"]}
            by_launch = part.set_index("launch_id")
            for launch_id, label in self.launch_labels.items():
                found = by_launch.loc[launch_id] if launch_id in by_launch.index else None
                get = (lambda c, f=found: f[c] if f is not None else float("nan"))  # noqa: E731
                row[f"{label} · CAR"] = numbers.percent(get("car")) if text else get("car")
                row[f"{label} · t"] = numbers.stat(get("t_stat")) if text else get("t_stat")
                row[f"{label} · p"] = numbers.p_value(get("p_value")) if text else get("p_value")
                flags = get("flags")
                row[f"{label} · flags"] = flags if isinstance(flags, str) else ""
            rows.append(row)
        return pd.DataFrame(rows)


def collect(filters: CompareFilters, market: MarketFilters, universe: Universe, source: Source) -> CompareView:
    """The chosen launches × the shared filters' securities, and the portfolios of the chosen groups (or,
    when no group is chosen, of the chosen securities' groups)."""
    params = filters.params
    ids = list(filters.launch_ids)
    tickers = market.selected_tickers(universe)
    every = source.query("launches").set_index("launch_id", drop=False)
    launches = every.loc[ids].reset_index(drop=True)
    launches["label"] = [
        f"{figures.short_model(m)} ({pd.Timestamp(d):%Y-%m-%d})"
        for m, d in zip(launches["model"], launches["event_date"], strict=True)
    ]
    wanted_groups = list(market.groups) or list(
        dict.fromkeys(g for t in tickers for g, members in universe.groups.items() if t in members)
    )
    found = source.study("compare", params, launch_ids=ids, tickers=tickers or None, groups=wanted_groups)
    security_rows = _long(found.securities, ids, "ticker", "security")
    security_rows["name"] = [f"{t} · {n}" for t, n in zip(security_rows["key"], security_rows["name"], strict=True)]
    group_table = found.groups[found.groups["group"].isin(wanted_groups)]
    group_rows = _long(group_table.assign(name=group_table["group"].map(labels.group)), ids, "group", "group")
    group_rows["name"] = group_rows["name"] + " (portfolio)"
    rows = pd.concat([security_rows, group_rows], ignore_index=True)
    order = {t: i for i, t in enumerate([*tickers, *wanted_groups])}
    rows = rows.sort_values("key", key=lambda col: col.map(order), kind="stable").reset_index(drop=True)
    paths = found.paths[
        ((found.paths["kind"] == "security") & found.paths["key"].isin(tickers))
        | ((found.paths["kind"] == "group") & found.paths["key"].isin(wanted_groups))
    ]
    paths = paths.sort_values(["launch_id", "kind", "key", "tau"]).copy()
    inside = paths["tau"] >= params.window[0]  # CAR from the window's start: at its end it is the table's CAR
    paths["car"] = paths["ar"].where(inside).groupby([paths["launch_id"], paths["key"]]).cumsum().where(inside)
    return CompareView(
        filters=filters,
        market=market,
        launches=launches,
        tickers=tuple(tickers),
        groups=tuple(wanted_groups),
        securities=rows,
        paths=paths.reset_index(drop=True),
        colours=palette.colour_map([*tickers, *wanted_groups]),
        as_of=data_status(source),
        notes=[
            *method_notes(params.model),
            "Paths: AR from τ = −10, CAR accumulated from the window's start; the shaded band is the event "
            "window, at whose end the path equals the table's CAR.",
        ],
    )


def _long(wide: pd.DataFrame, ids: list[str], key: str, kind: str) -> pd.DataFrame:
    """pipelines.compare's wide table (`<launch_id> car` …) as one row per key × launch."""
    rows = []
    for record in wide.to_dict("records"):
        for launch_id in ids:
            rows.append(
                {
                    "launch_id": launch_id,
                    "key": record[key],
                    "name": record.get("name", record[key]),
                    "kind": kind,
                    **{v: record.get(f"{launch_id} {v}") for v in VALUES},
                }
            )
    return pd.DataFrame(rows, columns=["launch_id", "key", "name", "kind", *VALUES])
