"""The embedded prices' 2026-06…08 extension: the checked join, the KLAC split, the MRVL gap."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import event_study, seed, seed_market
from pipelines.event_study import StudyParams
from pipelines.warehouse import REPO_ROOT

MARKET = REPO_ROOT / "data" / "seed" / "market"
US_CHIPMAKERS = ["NVDA", "AMD", "AVGO", "TSM", "MU", "INTC", "QCOM", "MRVL", "SMCI"]


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def altered_market(tmp_path: Path, *changes: tuple[str, str, str, str]) -> Path:
    """A copy of data/seed/market with values of extension files changed: (ticker, date, column, value)."""
    market = tmp_path / "market"
    shutil.copytree(MARKET, market)
    for ticker, day, column, value in changes:
        path = market / "update_2026_08" / f"{ticker}.csv"
        frame = list(csv.DictReader(path.open(newline="")))
        for row in frame:
            if row["date"] == day:
                row[column] = value
        with path.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(frame[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(frame)
    return market


def test_every_extension_overlaps_the_seed_except_asml() -> None:
    files = list(csv.DictReader((MARKET / "files.csv").open(newline="")))
    last: dict[str, str] = {}
    overlaps = {}
    for row in files:
        dates = [r["date"] for r in csv.DictReader((MARKET / row["file"]).open(newline=""))]
        if seed_market.is_extension(row):
            overlaps[row["ticker"]] = sum(d <= last[row["ticker"]] for d in dates)
            assert row["source_repo"] and row["source_commit"] and row["note"], row["file"]
        last[row["ticker"]] = max(dates)
    assert len(overlaps) == 23
    # ASML's overlap rows exist only dividend-adjusted in the source: left out, not compared
    assert overlaps.pop("ASML") == 0
    assert min(overlaps.values()) >= 2 and overlaps["NVDA"] == 5


def test_altered_overlap_row_is_refused_and_nothing_published(tmp_path, monkeypatch) -> None:
    target = tmp_path / "aftershock.duckdb"
    seed.build(target)
    before = target.stat().st_mtime_ns
    monkeypatch.setattr(seed, "MARKET_DIR", altered_market(tmp_path, ("NVDA", "2026-05-28", "close", "214.27")))
    with pytest.raises(seed_market.SeedJoinError) as info:
        seed.build(target)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("NVDA 2026-05-28: close stored 214.25, new 214.27")
    assert target.stat().st_mtime_ns == before, "a refused join publishes nothing"


def test_cli_seed_exits_2_on_a_refused_join(tmp_path, monkeypatch, capsys) -> None:
    from pipelines.cli import main

    monkeypatch.setenv("AFTERSHOCK_DB", str(tmp_path / "cli.duckdb"))
    monkeypatch.setattr(seed, "MARKET_DIR", altered_market(tmp_path, ("KLAC", "2026-05-27", "open", "2046.7")))
    assert main(["seed"]) == 2
    err = capsys.readouterr().err
    assert "KLAC 2026-05-27: open stored 2046.63, new 2046.7" in err
    assert not (tmp_path / "cli.duckdb").exists()


def test_a_second_segment_extends_the_first_and_its_overlap_is_checked(tmp_path, monkeypatch) -> None:
    """Segments load in rounds (every ticker's first extension in one read, then the second): a later
    segment of NVDA overlaps the rows its first extension added and adds the days after them."""
    market = altered_market(tmp_path)
    later = market / "update_later"
    later.mkdir()
    (later / "NVDA.csv").write_text(
        "date,open,high,low,close,adj_close,volume\n"
        "2026-08-19,221.67,222.87,216.76,217.56,,96797300\n"  # the first extension's last two rows
        "2026-08-20,218.36,219.86,215.66,216.85,,92280600\n"
        "2026-08-21,217.00,218.00,214.00,215.00,,90000000\n",
        encoding="utf-8",
    )
    with (market / "files.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write("NVDA,update_later/NVDA.csv,actual_no_dividends,example/repo,data/NVDA.csv,abc1234,later,test\n")
    monkeypatch.setattr(seed, "MARKET_DIR", market)
    target = tmp_path / "chained.duckdb"
    seed.build(target)
    with duckdb.connect(str(target), read_only=True) as con:
        closes = rows(con, "SELECT date::VARCHAR, close FROM prices WHERE ticker = 'NVDA' AND date >= '2026-08-19'")
        assert sorted(closes) == [("2026-08-19", 217.56), ("2026-08-20", 216.85), ("2026-08-21", 215.0)]
    (later / "NVDA.csv").write_text(
        "date,open,high,low,close,adj_close,volume\n2026-08-20,218.36,219.86,215.66,216.95,,92280600\n",
        encoding="utf-8",
    )
    with pytest.raises(seed_market.SeedJoinError, match=r"^NVDA 2026-08-20: close stored 216.85, new 216.95"):
        seed.build(tmp_path / "refused.duckdb")


def test_revised_volumes_and_a_third_decimal_are_accepted(tmp_path, monkeypatch) -> None:
    # 0.3 % more volume (early figures get revised) and 214.254 (the same to the cent)
    market = altered_market(
        tmp_path, ("NVDA", "2026-05-29", "volume", "290278832"), ("NVDA", "2026-05-28", "close", "214.254")
    )
    monkeypatch.setattr(seed, "MARKET_DIR", market)
    seed.build(tmp_path / "ok.duckdb")


def test_klac_split_is_stored_and_shows_no_cliff(seed_warehouse) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        assert rows(con, "SELECT date::VARCHAR, ratio FROM splits WHERE ticker = 'KLAC'") == [("2026-06-12", 10.0)]
        moves = dict(
            rows(
                con,
                "SELECT date::VARCHAR, ret FROM daily_returns WHERE ticker = 'KLAC' "
                "AND date BETWEEN DATE '2026-06-10' AND DATE '2026-06-16'",
            )
        )
        assert moves.keys() >= {"2026-06-11", "2026-06-12"}
        assert all(abs(r) < 0.5 for r in moves.values()), moves
        worst = rows(con, "SELECT max(abs(ret)) FROM daily_returns WHERE ticker = 'KLAC'")[0][0]
        assert worst < 0.5
        # pre-split closes are on the post-split basis, so the indexed chart compares like with like
        closes = dict(
            rows(
                con,
                "SELECT date::VARCHAR, close FROM prices WHERE ticker = 'KLAC' AND date IN (?, ?, ?)",
                ["2025-01-27", "2026-06-10", "2026-06-12"],
            )
        )
        assert closes["2026-06-10"] == pytest.approx(2135.6399 / 10, rel=1e-12)
        assert closes["2026-06-12"] == 254.54
        shares = rows(con, "SELECT shares FROM shares_outstanding WHERE ticker = 'KLAC'")[0][0]
        assert shares == pytest.approx(130627522 * 10)


def test_klac_value_moved_is_the_same_before_and_after_the_split(seed_warehouse) -> None:
    # DeepSeek-R1, 2025-01-27: the seed's prints 2025-01-24 and 01-27 with the pre-split share count
    files = pd.read_csv(MARKET / "KLAC.csv").set_index("date")["close"]
    expected = 130627522 * (files["2025-01-27"] - files["2025-01-24"])
    row = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], tickers=["KLAC"], path=seed_warehouse).iloc[0]
    assert row["value_change"] == pytest.approx(expected, rel=1e-12)
    after = event_study.results(
        StudyParams(window=(0, 1)), launch_ids=["kimi-k2-7-code"], tickers=["KLAC"], path=seed_warehouse
    ).iloc[0]
    assert after["status"] == "ok" and abs(after["raw_return"]) < 0.5
    # 1.306 bn post-split shares × a post-split price change
    assert after["value_change"] == pytest.approx(1306275220 * (after["close_end"] - after["close_before"]))


def test_mrvl_gap_has_no_return_across_it(seed_warehouse) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        dates = [
            r[0]
            for r in rows(
                con,
                "SELECT date::VARCHAR FROM prices WHERE ticker = 'MRVL' AND "
                "date BETWEEN DATE '2026-06-01' AND DATE '2026-06-15' ORDER BY date",
            )
        ]
        assert dates == ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-12", "2026-06-15"]
        after_gap = rows(
            con,
            "SELECT ret, price_return, missing_before, return_basis FROM daily_returns "
            "WHERE ticker = 'MRVL' AND date = DATE '2026-06-12'",
        )[0]
        assert after_gap[0] is None and after_gap[1] is None and after_gap[2] == 6
        assert "6 session(s) missing since 2026-06-03" in after_gap[3]
        # the only gaps in the whole snapshot are MRVL's and ASML's left-out dividend-adjusted rows
        gaps = rows(
            con,
            "SELECT ticker, prev_date::VARCHAR, date::VARCHAR FROM daily_returns "
            "WHERE missing_before > 0 ORDER BY ticker",
        )
        assert gaps == [("ASML", "2026-04-10", "2026-04-27"), ("MRVL", "2026-06-03", "2026-06-12")]
        # Korea's own holidays are no gap (the US traded 2025-01-27..30, Korea did not)
        kr = rows(
            con,
            "SELECT missing_before, ret IS NOT NULL FROM daily_returns "
            "WHERE ticker = '005930.KS' AND date = DATE '2025-01-31'",
        )
        assert kr == [(0, True)]


def test_event_window_that_needs_a_missing_day_says_so(seed_warehouse) -> None:
    # Kimi K2.7 Code, 2026-06-12: MRVL's first bar after the gap; its return would span 6 sessions
    row = event_study.results(
        StudyParams(window=(0, 1)), launch_ids=["kimi-k2-7-code"], tickers=["MRVL"], path=seed_warehouse
    ).iloc[0]
    assert row["status"] == "missing"
    assert "no return spans a gap" in row["reason"] and "2026-06-03" in row["reason"]
    assert pd.isna(row["car"]) and pd.isna(row["raw_return"]) and pd.isna(row["value_change"])
    # MiniMax-M3 (2026-06-01), window 0:5 runs into the gap
    wide = event_study.results(
        StudyParams(window=(0, 5)), launch_ids=["minimax-m3"], tickers=["MRVL", "NVDA"], path=seed_warehouse
    ).set_index("ticker")
    assert wide.loc["MRVL", "status"] == "missing" and wide.loc["NVDA", "status"] == "ok"


def test_glm_5_2_is_computed_for_the_us_chipmakers(seed_warehouse) -> None:
    sql = event_study.results(
        StudyParams(window=(0, 1)), launch_ids=["glm-5-2"], tickers=US_CHIPMAKERS, path=seed_warehouse
    ).set_index("ticker")
    assert (sql["status"] == "ok").all(), sql[["status", "reason"]]
    assert (pd.to_datetime(sql["t0"]) == pd.Timestamp("2026-06-15")).all()  # released on a Saturday
    assert sql["car"].notna().all() and sql["value_change"].notna().sum() >= 7


def test_published_nvda_figures_still_hold(seed_warehouse) -> None:
    row = event_study.results(StudyParams(), launch_ids=["deepseek-r1"], tickers=["NVDA"], path=seed_warehouse).iloc[0]
    assert round(row["raw_return"] * 100, 2) == -16.97
    assert round(row["car"] * 100, 2) == -13.21
    assert round(row["t_stat"], 2) == -5.05


def test_newest_rows_state_their_return_basis(seed_warehouse) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        basis = dict(
            rows(
                con,
                "SELECT date::VARCHAR, return_basis FROM daily_returns WHERE ticker = 'NVDA' "
                "AND date IN (DATE '2026-05-29', DATE '2026-06-01')",
            )
        )
    assert basis == {"2026-05-29": "close+dividends", "2026-06-01": "price return (dividends unknown)"}


def test_data_page_and_sidebar_show_the_newest_dates_and_bases(warehouse: Path) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app/pages/data.py")
    at.run()
    assert not at.exception and not at.error
    captions = " ".join(c.value for c in at.caption)
    assert "Prices to 2026-08-21 (most securities to 2026-08-20) · Hub downloads to 2026-10-10" in captions
    frames = [d.value for d in at.dataframe]
    coverage = next(f for f in frames if "newest_return_basis" in f.columns).set_index("ticker")
    assert str(coverage.loc["NVDA", "last_date"])[:10] == "2026-08-20"
    assert coverage.loc["NVDA", "newest_return_basis"] == "price return (dividends unknown)"
    assert coverage.loc["ARM", "newest_return_basis"] == "close+dividends"
    assert coverage.loc["KLAC", "splits"] == "2026-06-12 ×10"
    assert "2026-06-03…2026-06-12 (6 sessions)" in coverage.loc["MRVL", "gaps_without_return"]
    newest = next(f for f in frames if "securities" in f.columns and "source" in f.columns)
    assert "seed:wudn9922/my-stock-screener@b32ec9f" in set(newest["source"])


def test_price_coverage_against_the_prices_and_returns_themselves(warehouse: Path) -> None:
    from pipelines.warehouse import read_query, staged_build

    with staged_build(from_live=True, target=warehouse) as con:  # two more gaps in AMD's prices
        con.execute("DELETE FROM prices WHERE ticker = 'AMD' AND (date BETWEEN DATE '2024-03-04' AND DATE '2024-03-08' "
                    "OR date BETWEEN DATE '2023-05-08' AND DATE '2023-05-09')")
    coverage = read_query("price_coverage", path=warehouse).set_index("ticker")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        prices = con.execute("SELECT * FROM prices ORDER BY ticker, date").df()
        returns = con.execute("SELECT * FROM daily_returns ORDER BY ticker, date").df()
    for ticker, rows in prices.groupby("ticker"):
        got = coverage.loc[ticker]
        assert (str(got["first_date"])[:10], str(got["last_date"])[:10], got["days"]) == (
            str(rows["date"].min())[:10], str(rows["date"].max())[:10], len(rows)), ticker
        assert got["newest_source"] == rows["source"].iloc[-1], ticker
        mine = returns[returns["ticker"] == ticker]
        gaps = mine[mine["missing_before"] > 0]
        expected = "; ".join(f"{str(r.prev_date)[:10]}…{str(r.date)[:10]} ({r.missing_before} sessions)"
                             for r in gaps.itertuples())
        assert (got["gaps_without_return"] if pd.notna(got["gaps_without_return"]) else "") == expected, ticker
        counted = mine[(mine["missing_before"] > 0) | mine["ret"].notna()]
        assert got["newest_return_basis"] == counted["return_basis"].iloc[-1], ticker
    assert coverage.loc["AMD", "gaps_without_return"].count(";") == 1  # both gaps, in date order
    assert coverage.loc["AMD", "gaps_without_return"].startswith("2023-05-05…2023-05-10")


def test_timeline_breaks_mrvl_at_its_gap_and_klac_has_no_cliff(seed_warehouse) -> None:
    from datetime import date

    from pipelines.warehouse import read_query
    from views import figures

    prices = read_query(
        "timeline_prices",
        {"tickers": ["KLAC", "MRVL"], "start": date(2026, 5, 1), "end": date(2026, 8, 21)},
        path=seed_warehouse,
    )
    fig = figures.timeline(prices, pd.DataFrame(columns=["event_date"]), indexed=True)
    traces = {t.name: t for t in fig.data}
    mrvl = pd.Series(traces["MRVL (USD)"].y, index=pd.to_datetime(traces["MRVL (USD)"].x))
    assert pd.isna(mrvl.loc["2026-06-04"]), "the line stops after 2026-06-03 instead of bridging the gap"
    klac = pd.Series(traces["KLAC (USD)"].y, dtype=float)
    assert klac.notna().all() and (klac.pct_change().abs().dropna() < 0.5).all()
