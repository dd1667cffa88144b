"""One view model per page: the page, its report and the CLI show the same thing, and filters follow the user."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.cli import main
from pipelines.event_study import StudyParams
from pipelines.warehouse import REPO_ROOT
from reporting.cli import build_impact, build_timeline
from views import impact
from views.filters import ImpactFilters, load_universe, parse_market_filters
from views.source import Warehouse

CHOSEN = {"tickers": "AMD,INTC,TSM", "orgs": "Meta"}


def app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)


def impact_page(query: dict[str, str]) -> AppTest:
    at = app()
    at.switch_page("app/pages/impact.py")
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.error
    return at


def table(at: AppTest, first_column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if first_column in d.value.columns)


def test_page_report_and_cli_give_the_same_study(warehouse: Path, capsys) -> None:
    query = {"launch": "deepseek-r1", "tickers": "NVDA,AMD,SOXX", "window": "0:1", "benchmark": "SPY"}
    page = table(impact_page(query), "ticker").set_index("ticker")
    built, problems = build_impact(query, Warehouse())
    assert not problems
    reported = dict(built.tables)["Event study results"].set_index("ticker")
    assert main(["event-study", "--launch", "deepseek-r1", "--tickers", "NVDA,AMD,SOXX", "--window", "0:1",
                 "--benchmark", "SPY", "--format", "csv"]) == 0
    cli = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("ticker")
    assert list(page.index) == list(reported.index) == ["NVDA", "AMD", "SOXX"]
    assert sorted(cli.index) == sorted(page.index)
    for ticker in page.index:
        assert page.loc[ticker, "car"] == pytest.approx(reported.loc[ticker, "car"], abs=1e-12)
        assert page.loc[ticker, "car"] == pytest.approx(cli.loc[ticker, "car"], abs=1e-9)
    assert "Window [0, +1]" in built.parameters["event window"] or built.parameters["event window"] == "[0, +1]"


def test_timeline_page_and_report_show_the_same_moves(warehouse: Path) -> None:
    query = {"tickers": "NVDA,AMD", "orgs": "DeepSeek", "start": "2024-12-01", "end": "2025-02-28"}
    at = app()
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    shown = at.dataframe[0].value.set_index("Launch · t0")
    built, _ = build_timeline(query, Warehouse())
    moves = dict(built.tables)["Launch-day moves"]
    r1 = moves["launch_id"].str.split(" + ", regex=False).map(lambda ids: "deepseek-r1" in ids)  # shares its day
    nvda = moves[(moves["ticker"] == "NVDA") & r1]["price_return"].iloc[0]
    values = pd.to_numeric(pd.Series(shown.to_numpy().ravel()), errors="coerce").dropna()
    assert (values - nvda).abs().min() < 1e-12  # the page's number is the report's (written as −16.97 %)


def test_the_company_filter_reaches_every_output_of_launch_impact(warehouse: Path) -> None:
    at = impact_page({"tickers": "AMD,INTC"})
    results = table(at, "ticker")
    assert list(results["ticker"]) == ["AMD", "INTC"]
    assert {m.label.split(" ")[0] for m in at.metric} <= {"AMD", "INTC"}
    ranking = table(at, "launch")
    assert set(ranking["ticker"]) <= {"AMD", "INTC"}
    groups = table(at, "n_members")
    assert list(groups["group"]) == ["Chipmakers"]  # the group's label, not its internal name
    everything = impact_page({"tickers": "AMD,INTC", "scope": "all"})
    assert len(table(everything, "ticker")) == 34


def test_the_path_ends_at_the_cards_car(warehouse: Path) -> None:
    source = Warehouse()
    universe = load_universe(source)
    market = parse_market_filters({"tickers": "NVDA,AVGO"}, universe)
    view = impact.collect(ImpactFilters("deepseek-r1", StudyParams(window=(-1, 1))), market, universe, source)
    for ticker in ("NVDA", "AVGO"):
        path = view.paths[view.paths["ticker"] == ticker].set_index("tau")
        car = view.results.set_index("ticker").loc[ticker, "car"]
        assert path.loc[1, "car"] == pytest.approx(car, abs=1e-12)
        assert pd.isna(path.loc[-2, "car"]) and path.loc[-1, "car"] == pytest.approx(path.loc[-1, "ar"])


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ({"tickers": "NVDA,ASML"}, StudyParams(window=(-1, 1), benchmark="SOXX")),
        ({"groups": "china_ai"}, StudyParams()),
    ],
)
@pytest.mark.parametrize("merged_rows", [impact.MERGED_MEMBER_ROWS, 0])
def test_launch_impact_reads_its_rows_and_portfolios_from_one_study(
    warehouse: Path, query, params, merged_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view studies every launch × the securities in scope and, when they add few rows, their groups'
    members once (0: never, as for large groups): its rows, its ranking and its group portfolios with their
    tests are those of separate studies of each."""
    from pipelines import robust_tests
    from pipelines.event_study import results

    monkeypatch.setattr(impact, "MERGED_MEMBER_ROWS", merged_rows)
    source = Warehouse()
    universe = load_universe(source)
    market = parse_market_filters(query, universe)
    view = impact.collect(ImpactFilters("qwen3", params), market, universe, source)
    scope = market.selected_tickers(universe)
    alone = results(params, tickers=scope)
    mine = alone[alone["launch_id"] == "qwen3"].set_index("ticker").loc[list(view.results["ticker"])]
    assert list(view.results["ticker"]) == scope
    assert set(view.ranking["ticker"]) <= set(scope) and set(view.heat["ticker"]) <= set(scope)
    pd.testing.assert_series_equal(view.results["car"], mine["car"].reset_index(drop=True), rtol=1e-12)
    members = sorted({t for g in view.groups["group"] for t in universe.groups[g]})
    assert set(members) > set(scope)  # the portfolios have members outside the scope
    groups, tests = robust_tests.groups_with_tests(params, launch_ids=["qwen3"], tickers=members)
    own = impact.with_robust_tests(groups[groups["group"].isin(view.groups["group"])].reset_index(drop=True), tests)
    pd.testing.assert_frame_equal(view.groups, own, rtol=1e-12, check_dtype=False)


def test_filters_follow_the_user_from_page_to_page(warehouse: Path) -> None:
    at = app()
    for key, value in CHOSEN.items():
        at.query_params[key] = value
    at.run()
    assert at.multiselect(key="f_tickers").value == ["AMD", "INTC", "TSM"]
    for page in ("impact", "adoption", "benchmarks", "reports", "data", "timeline", "impact"):
        at.query_params.clear()  # as a click on another page's link leaves the URL
        at.switch_page(f"app/pages/{page}.py")
        at.run()
        assert not at.exception and not at.error, page
        if page in ("timeline", "impact"):
            assert at.multiselect(key="f_tickers").value == ["AMD", "INTC", "TSM"], page
            assert at.multiselect(key="f_orgs").value == ["Meta"], page
        if page == "adoption":
            assert at.multiselect(key="a_orgs").value == ["Meta"]
    assert list(table(at, "ticker")["ticker"]) == ["AMD", "INTC", "TSM"]


def test_benchmarks_source_caption_links_only_web_urls_and_escapes_the_name() -> None:
    import pandas as pd

    from views.benchmarks import for_people, source_caption

    name = "Vendor [click](https://evil.example) table"
    table = pd.DataFrame({"source": [name], "source_url": ["javascript:alert(1)"], "score": [1.0]})
    caption = source_caption(name, table)
    assert "javascript" not in caption and "](" not in caption and caption.startswith("Source: Vendor \\[click\\]")
    table["source_url"] = ["https://example.org/a table (v2)"]
    assert source_caption(name, table).endswith("](https://example.org/a%20table%20%28v2%29)")
    assert source_caption(None, table) == "Scores from every source (1 in this table; each row names its own)."
    row = {"model": ["M"], "variant": [None], "score": [79.8], "reported_date": [pd.NaT], "scale": ["rating"]}
    shown = for_people(pd.DataFrame(row), list(row))
    assert list(shown.columns) == ["Model", "Score", "Scale"] and shown["Scale"].tolist() == ["Rating (Elo)"]


def test_data_page_writes_what_each_close_is_in_words(warehouse: Path) -> None:
    from views import data_status, labels

    files = data_status.seed_files()
    assert "split-adjusted only" in set(files["close_adjustment"]) and "index level" in set(files["close_adjustment"])
    assert not any("_" in value for value in files["close_adjustment"])
    coverage = data_status.collect(Warehouse()).coverage
    assert not any("_" in str(value) for value in coverage["newest_close_is"].dropna())
    assert labels.security_choice("group:chipmaker") == "Chipmakers (group)"
    assert labels.security_choice("NVDA") == "NVDA"
