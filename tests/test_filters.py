"""URL parameters: shareable, validated, never a traceback."""

from __future__ import annotations

from datetime import date

from views.filters import (
    DEFAULT_TICKERS,
    MarketFilters,
    Universe,
    impact_query_params,
    market_query_params,
    parse_impact_filters,
    parse_market_filters,
)

UNIVERSE = Universe(
    tickers=("NVDA", "AMD", "AVGO", "TSM", "SOXX", "SPY", "^GSPC"),
    groups={"chipmaker": ("NVDA", "AMD", "AVGO", "TSM"), "index": ("SOXX", "SPY", "^GSPC")},
    orgs=("Alibaba (Qwen)", "DeepSeek", "Meta", "OpenAI"),
    countries=("China", "US"),
    launch_ids=("deepseek-r1", "deepseek-v3", "qwen3"),
)


def test_empty_url_gives_the_defaults() -> None:
    filters = parse_market_filters({}, UNIVERSE)
    assert filters == MarketFilters()
    assert filters.tickers == DEFAULT_TICKERS
    assert market_query_params(filters) == {}


def test_url_round_trip() -> None:
    url = {"tickers": "NVDA,AMD", "orgs": "DeepSeek", "start": "2024-12-01", "end": "2025-02-28", "view": "price"}
    filters = parse_market_filters(url, UNIVERSE)
    assert filters.tickers == ("NVDA", "AMD")
    assert filters.orgs == ("DeepSeek",)
    assert (filters.start, filters.end) == (date(2024, 12, 1), date(2025, 2, 28))
    assert filters.warnings == ()
    assert market_query_params(filters) == url


def test_unknown_values_warn_and_fall_back() -> None:
    filters = parse_market_filters({"tickers": "ZZZZ9", "orgs": "Nobody,DeepSeek", "start": "yesterday"}, UNIVERSE)
    assert filters.tickers == DEFAULT_TICKERS
    assert filters.orgs == ("DeepSeek",)
    assert filters.start == date(2024, 10, 1)
    text = " ".join(filters.warnings)
    assert "ZZZZ9" in text and "Nobody" in text and "yesterday" in text


def test_lowercase_tickers_and_groups() -> None:
    filters = parse_market_filters({"tickers": "nvda", "groups": "index"}, UNIVERSE)
    assert filters.selected_tickers(UNIVERSE) == ["NVDA", "SOXX", "SPY", "^GSPC"]


def test_reversed_dates_fall_back() -> None:
    filters = parse_market_filters({"start": "2025-03-01", "end": "2025-01-01"}, UNIVERSE)
    assert (filters.start, filters.end) == (date(2024, 10, 1), date(2025, 3, 31))
    assert filters.warnings


def test_repeated_keys_take_the_last() -> None:
    filters = parse_market_filters({"tickers": ["AMD", "TSM"]}, UNIVERSE)
    assert filters.tickers == ("TSM",)


def test_impact_url_round_trip_and_garbage() -> None:
    url = {
        "launch": "qwen3",
        "event": "release",
        "benchmark": "SOXX",
        "model": "market_adjusted",
        "window": "-1:1",
        "est": "-120:-6",
    }
    filters = parse_impact_filters(url, UNIVERSE.launch_ids)
    assert filters.warnings == ()
    assert filters.params.window == (-1, 1) and not filters.params.use_market_date
    assert impact_query_params(filters) == url
    bad = parse_impact_filters(
        {"launch": "deepseek-r", "window": "a:b", "benchmark": "ZZZ", "est": "-5:10"}, UNIVERSE.launch_ids
    )
    assert bad.launch_id == "deepseek-r1"
    assert bad.params.window == (0, 0) and bad.params.benchmark == "^GSPC"
    assert bad.params.estimation == (-250, -11)
    assert len(bad.warnings) == 4
    assert "did you mean deepseek-r1" in bad.warnings[0]


def test_an_event_window_before_day_minus_11_is_kept_with_an_estimation_window_that_ends_before_it() -> None:
    wide = parse_impact_filters({"window": "-20:20", "est": "-300:-21"}, UNIVERSE.launch_ids)
    assert wide.warnings == ()  # each fits the other; neither is checked against the default of the other kind
    assert (wide.params.window, wide.params.estimation) == ((-20, 20), (-300, -21))
    assert impact_query_params(wide) == {"window": "-20:20", "est": "-300:-21"}
    clash = parse_impact_filters({"window": "-20:20", "est": "-300:-5"}, UNIVERSE.launch_ids)
    assert (clash.params.window, clash.params.estimation) == ((0, 0), (-300, -5))
    assert clash.warnings == (  # names the user's own two windows, not the default estimation window
        "Estimation window -300:-5 must end before the event window -20:20 and before day 0; using 0:0.",
    )
    alone = parse_impact_filters({"window": "-20:20"}, UNIVERSE.launch_ids)  # the default estimation window
    assert alone.params.window == (0, 0) and "-250:-11" in alone.warnings[0]
