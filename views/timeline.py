"""Market timeline: one collector for the page, its report and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from views import figures, palette
from views.filters import MarketFilters, Universe
from views.source import Source
from views.status import data_as_of

NOTES = [
    "Closes are the source's close in local currency; 'indexed' divides by the first close in range.",
    "Launch-day move: close-to-close change on t0, the first trading day on or after the launch's market date "
    "(else its release date).",
]


@dataclass(frozen=True)
class TimelineView:
    """What the Market timeline shows for its filters."""

    filters: MarketFilters
    tickers: tuple[str, ...]
    prices: pd.DataFrame
    launches: pd.DataFrame
    moves: pd.DataFrame  # one row per launch × security: the close-to-close move on t0
    price_sources: pd.DataFrame
    colours: dict[str, str]
    as_of: str

    @property
    def missing(self) -> list[str]:
        """Chosen securities with no price in the date range."""
        return sorted(set(self.tickers) - set(self.prices["ticker"]))

    def moves_table(self) -> pd.DataFrame:
        """Launch-day moves as the page shows them: a row per launch, a column per ticker, in %."""
        if self.moves.empty:
            return pd.DataFrame()
        day = self.moves["event_date"].dt.strftime("%Y-%m-%d")
        moves = self.moves.assign(launch=self.moves["model"].map(figures.short_model) + " · " + day)
        table = moves.pivot_table(index="launch", columns="ticker", values="price_return", aggfunc="first", sort=False)
        return table[[t for t in self.tickers if t in table.columns]]


def collect(filters: MarketFilters, universe: Universe, source: Source) -> TimelineView:
    tickers = filters.selected_tickers(universe)
    prices = source.query("timeline_prices", tickers=tickers, start=filters.start, end=filters.end)
    prices = prices.sort_values("ticker", key=lambda col: col.map(tickers.index), kind="stable")
    launches = source.query("timeline_launches", **filters.launch_query())
    moves = (
        source.query("launch_day_moves", launch_ids=launches["launch_id"].tolist(), tickers=tickers)
        if not launches.empty and tickers
        else pd.DataFrame(columns=["launch_id", "model", "event_date", "ticker", "t0", "price_return"])
    )
    return TimelineView(
        filters=filters,
        tickers=tuple(tickers),
        prices=prices.reset_index(drop=True),
        launches=launches,
        moves=moves,
        price_sources=source.query("price_sources", tickers=tickers),
        colours=palette.colour_map(tickers),
        as_of=data_as_of(source),
    )
