"""Market timeline: one collector for the page, its report and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from pipelines.event_study import StudyParams, window_label
from views import figures, labels, numbers, palette
from views.filters import MarketFilters, Universe
from views.source import Source
from views.status import data_status

NOTES = [
    "Closes are the source's close in local currency; 'indexed' divides by the first close in range.",
    "Launch-day move: close-to-close change on t0, the first trading day on or after the launch's market date "
    "(else its release date). Launches that share a security's t0 share its move and are listed together.",
    "Headline: the launch in view with the largest launch-day move, its security's raw move, its abnormal return "
    "and value moved, and its group's portfolio CAR, from the event study with the default parameters "
    "(market model vs ^GSPC, window [0, 0], estimation [−250, −11]).",
]
SECONDARY_KINDS = ("app_event",)  # listed after the model launches that share their day
ANNOTATED_MOVES = 3  # the chart labels this many of the largest launch-day moves
MOVE_COLUMNS = [
    "launch_id", "model", "event_date", "ticker", "t0", "launch_ids", "models", "n_launches", "prev_close", "close",
    "price_return",
]


@dataclass(frozen=True)
class Headline:
    """The answer up front: the launch in view whose event day moved a chosen security most."""

    launch_id: str
    launch: str  # short model name
    shared_with: tuple[str, ...]  # short names of the launches sharing its event day
    t0: pd.Timestamp
    ticker: str
    security: str
    raw_return: float
    car: float
    value_change: float
    currency: str
    group: str
    group_car: float
    window: str

    @property
    def text(self) -> str:
        """'DeepSeek-R1 · 2025-01-27 · NVIDIA −16.97 % (abnormal −13.21 %, −586 bn USD) · chipmakers −7.5 %'."""
        parts = [f"abnormal {numbers.percent(self.car, sign=False)}"]
        if pd.notna(self.value_change):
            parts.append(numbers.money(self.value_change, self.currency))
        text = (
            f"{self.launch} · {self.t0:%Y-%m-%d} · {self.security} {numbers.percent(self.raw_return, sign=False)} "
            f"({', '.join(parts)})"
        )
        if pd.notna(self.group_car):
            text += f" · {labels.group_plural_lower(self.group)} {numbers.percent(self.group_car, 1, sign=False)}"
        return text


@dataclass(frozen=True)
class TimelineView:
    """What the Market timeline shows for its filters."""

    filters: MarketFilters
    tickers: tuple[str, ...]
    prices: pd.DataFrame
    launches: pd.DataFrame
    moves: pd.DataFrame  # one row per security × t0: the close-to-close move, launches sharing the day together
    price_sources: pd.DataFrame
    colours: dict[str, str]
    as_of: str
    headline: Headline | None = None

    @property
    def missing(self) -> list[str]:
        """Chosen securities with no price in the date range."""
        return sorted(set(self.tickers) - set(self.prices["ticker"]))

    def moves_table(self) -> pd.DataFrame:
        """Launch-day moves as the page shows them: a row per launch (launches sharing a day in one row),
        a column per ticker, in %."""
        if self.moves.empty:
            return pd.DataFrame()
        day = pd.to_datetime(self.moves["t0"]).dt.strftime("%Y-%m-%d")
        moves = self.moves.assign(launch=self.moves["model"] + " · " + day)
        table = moves.pivot_table(index="launch", columns="ticker", values="price_return", aggfunc="first", sort=False)
        table = table[[t for t in self.tickers if t in table.columns]]
        table.index.name, table.columns.name = "Launch · t0", None
        return table

    def figure(self) -> go.Figure:
        """The timeline chart, the same on the page and in its report."""
        return figures.timeline(
            self.prices,
            self.launches,
            indexed=self.filters.view == "indexed",
            colours=self.colours,
            moves=self.annotations(),
        )

    def annotations(self, n: int = ANNOTATED_MOVES) -> pd.DataFrame:
        """The n largest launch-day moves in view (one per launch day), where the chart labels them; the
        headline's launch day names the headline's security."""
        if self.moves.empty:
            return pd.DataFrame(columns=MOVE_COLUMNS)
        moves = self.moves.reindex(self.moves["price_return"].abs().sort_values(ascending=False).index)
        if self.headline is not None:
            own = (moves["ticker"] == self.headline.ticker) & moves["launch_id"].str.split(" + ", regex=False).map(
                lambda ids: self.headline.launch_id in ids
            )
            moves = pd.concat([moves[own], moves[~own]])
        return moves.drop_duplicates("launch_id").head(n).reset_index(drop=True)


def grouped_moves(moves: pd.DataFrame, kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows of sql/queries/launch_day_moves_grouped.sql with plain text columns: launch_id and model name every
    launch sharing the security's t0 (ids and short names joined with ' + '), model launches before events
    such as an app-store milestone (kinds: launch_id → launches.kind)."""
    if moves.empty:
        return pd.DataFrame(columns=MOVE_COLUMNS)
    kinds = kinds or {}
    out = moves.copy()
    ordered = [
        sorted(zip(ids, models, strict=True), key=lambda pair: kinds.get(pair[0]) in SECONDARY_KINDS)
        for ids, models in zip(out["launch_ids"], out["models"], strict=True)
    ]
    out["launch_id"] = [" + ".join(i for i, _ in pairs) for pairs in ordered]
    out["model"] = [" + ".join(figures.short_model(m) for _, m in pairs) for pairs in ordered]
    out["event_date"] = pd.to_datetime(out["first_event_date"])
    out["launch_ids"] = [", ".join(i for i, _ in pairs) for pairs in ordered]
    out["models"] = [", ".join(m for _, m in pairs) for pairs in ordered]
    return out[MOVE_COLUMNS].sort_values(["t0", "event_date", "launch_id"], kind="stable").reset_index(drop=True)


def headline(moves: pd.DataFrame, source: Source, names: pd.Series) -> Headline | None:
    """The launch day in view with the largest move; of its securities the one whose market value moved most
    (else whose price moved most, as the Launch impact cards), with the event study at the default parameters."""
    if moves.empty or moves["price_return"].isna().all():
        return None
    top = moves.loc[moves["price_return"].abs().idxmax()]
    launch_id = top["launch_id"].split(" + ")[0]  # launches sharing the day share the numbers
    same_day = moves[moves["launch_id"] == top["launch_id"]]
    params = StudyParams()
    # every security of the launch in one study: the same-day rows for the headline, all of them for the groups
    study, groups = source.study("results_with_groups", params, launch_ids=[launch_id])
    study = study[(study["status"] == "ok") & study["ticker"].isin(same_day["ticker"])]
    if study.empty:
        return None
    valued = study.dropna(subset=["value_change_usd"])
    pool, column = (valued, "value_change_usd") if not valued.empty else (study, "raw_return")
    row = pool.loc[pool[column].abs().idxmax()]
    group = groups[groups["group"] == row["group"]]
    t0 = same_day[same_day["ticker"] == row["ticker"]]["t0"]
    return Headline(
        launch_id=launch_id,
        launch=top["model"].split(" + ")[0],
        shared_with=tuple(top["model"].split(" + ")[1:]),
        t0=pd.Timestamp(t0.iloc[0] if len(t0) else row["t0"]),
        ticker=row["ticker"],
        security=str(names.get(row["ticker"], row["ticker"])),
        raw_return=float(row["raw_return"]),
        car=float(row["car"]),
        value_change=float(row["value_change_usd"]) if pd.notna(row["value_change_usd"]) else float("nan"),
        currency="USD" if pd.notna(row["value_change_usd"]) else str(row["currency"]),
        group=str(row["group"]),
        group_car=float(group["car"].iloc[0]) if not group.empty else float("nan"),
        window=window_label(params.window),
    )


def collect(filters: MarketFilters, universe: Universe, source: Source) -> TimelineView:
    tickers = filters.selected_tickers(universe)
    prices = source.query("timeline_prices", tickers=tickers, start=filters.start, end=filters.end)
    prices = prices.sort_values("ticker", key=lambda col: col.map(tickers.index), kind="stable")
    launches = source.query("timeline_launches", **filters.launch_query())
    moves = grouped_moves(
        source.query("launch_day_moves_grouped", launch_ids=launches["launch_id"].tolist(), tickers=tickers)
        if not launches.empty and tickers
        else pd.DataFrame(),
        dict(zip(launches["launch_id"], launches["kind"], strict=True)),
    )
    names = source.query("securities").set_index("ticker")["name"]
    return TimelineView(
        filters=filters,
        tickers=tuple(tickers),
        prices=prices.reset_index(drop=True),
        launches=launches,
        moves=moves,
        price_sources=source.query("price_sources", tickers=tickers),
        colours=palette.colour_map(tickers),
        as_of=data_status(source),
        headline=headline(moves, source, names),
    )
