"""A page's view model is collected once per filters and published file (app/data.view): a rerun that
changes nothing reads it back, a publish or other filters collect again, and every caller gets its own
frames."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st

from app import data
from views import timeline
from views.filters import MarketFilters


def test_a_rerun_reads_the_view_back_and_a_publish_collects_it_again(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    st.cache_resource.clear()
    calls: list[MarketFilters] = []
    real = timeline.collect

    def counted(filters, universe, source):
        calls.append(filters)
        return real(filters, universe, source)

    counted.__qualname__ = "collect"  # the key names the collector by module and name, like the page's
    counted.__module__ = timeline.__name__
    universe = data.universe()
    filters = MarketFilters()
    first = data.view(counted, filters, universe)
    again = data.view(counted, filters, universe)
    assert len(calls) == 1 and again.headline == first.headline
    assert again.launches is not first.launches and again.launches.equals(first.launches)  # copies
    again.launches.iloc[0, 0] = "changed"  # a page that changes its frame in place …
    again.launches["added"] = 1
    assert first.launches.iloc[0, 0] != "changed" and "added" not in first.launches
    again.launches.drop(again.launches.index, inplace=True)
    assert len(data.view(counted, filters, universe).launches) == len(first.launches) > 0  # … changes no other
    other = MarketFilters(tickers=("NVDA",))
    data.view(counted, other, universe)
    assert calls == [filters, other]
    stat = warehouse.stat()
    os.utime(warehouse, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a publish
    data.view(counted, filters, universe)
    assert calls == [filters, other, filters]


def test_a_view_too_large_to_hold_is_collected_every_time(warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_resource.clear()
    monkeypatch.setattr(data, "VIEW_ROWS_KEPT", 1)
    calls: list[MarketFilters] = []
    real = timeline.collect

    def counted(filters, universe, source):
        calls.append(filters)
        return real(filters, universe, source)

    universe = data.universe()
    data.view(counted, MarketFilters(), universe)
    data.view(counted, MarketFilters(), universe)
    assert len(calls) == 2 and not data._views()
