"""Runs a source end to end: fetch (network, nothing written), then load into a staging copy,
record the run in pipeline_runs, and publish by atomic rename.

Every outcome is published with its run row, a failed run included, so the Data page can
say what went wrong; the data a failed item would have changed is left as it was. A crash or
a kill before the rename leaves the live warehouse untouched.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipelines import quality, runs, seed
from pipelines.console import console as plain_console
from pipelines.errors import SourceError
from pipelines.outcomes import ItemOutcome, RunResult
from pipelines.warehouse import (
    DATA_DIR,
    WarehouseBusy,
    db_path,
    file_lock,
    lock_path,
    read_query,
    sql_text,
    staged_build,
)

if TYPE_CHECKING:
    from pipelines import benchmarks, hub, prices

UNIVERSE_FILE = DATA_DIR / "universe" / "securities.csv"
# The sources' modules (yfinance, huggingface_hub, httpx2) are imported by the runs that fetch: every CLI
# command and the Data page import this module, and importing them cost each fresh process 0.5 s.


@contextmanager
def source_lock(source: str, path: Path) -> Iterator[None]:
    """One run of a source at a time, across processes (scheduler, CLI, the Data page)."""
    try:
        with file_lock(lock_path(path, source), wait_seconds=0, holder=f"{source} run"):
            yield
    except WarehouseBusy:
        raise WarehouseBusy(f"a {source} run is already in progress") from None


def running(source: str, target: Path | None = None) -> str | None:
    """Why a new run of source would be refused now ("a prices run is already in progress"), or None."""
    try:
        with source_lock(source, target or db_path()):
            return None
    except WarehouseBusy as exc:
        return str(exc)


def _publish(
    result: RunResult,
    path: Path,
    started: datetime,
    apply: Callable[[duckdb.DuckDBPyConnection], None],
    *,
    allow_shrink: bool = False,
) -> RunResult:
    """Load into a staging copy, pass the quality gate, record the run, publish. On any failure the
    loaded changes are discarded and only the failed run row is published, with its reason."""
    try:
        with staged_build(from_live=True, target=path) as con:
            quality.snapshot(con)
            apply(con)
            quality.check(con, allow_shrink=allow_shrink)
            result.data_as_of = data_as_of(con, result.source)
            result.run_id = runs.record(
                con, result.source, started, result.status, rows_written=result.rows_written, error=result.error
            )
            if result.rows_fetched:
                runs.mark_updated(con, result.source)
    except WarehouseBusy:
        raise
    except Exception as exc:
        result.fatal = " ".join(str(exc).split())[:500] or type(exc).__name__
        with staged_build(from_live=True, target=path) as con:
            result.data_as_of = data_as_of(con, result.source)
            result.run_id = runs.record(con, result.source, started, "failed", rows_written=0, error=result.error)
    return result


def data_as_of(con: duckdb.DuckDBPyConnection, source: str) -> str | None:
    """The newest date of the source's data (sql/queries/source_as_of.sql), for the run's summary sentence."""
    rows = con.execute(sql_text("queries/source_as_of"), {"source": source}).fetchall()
    return rows[0][0] if rows else None


def ensure_warehouse(target: Path | None = None) -> Path:
    path = target or db_path()
    if not path.exists():
        seed.build(path)
    return path


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def fetch_all(
    items: Iterable[Any], fetch: Callable[[Any], Any], label: Callable[[Any], str], console: Console, title: str
) -> list[Any]:
    """Run fetch over items with a progress bar; returns the results in order."""
    items = list(items)
    out = []
    with _progress(console) as bar:
        task = bar.add_task(title, total=len(items))
        for item in items:
            bar.update(task, description=f"{title} {label(item)}")
            out.append(fetch(item))
            bar.advance(task)
    return out


def run_prices(
    tickers: list[str] | None = None,
    since: date | None = None,
    *,
    session: Any = None,
    target: Path | None = None,
    console: Console | None = None,
) -> RunResult:
    """Fetch prices for the tickers (default: the whole universe) and publish them."""
    from pipelines import prices

    console = console or plain_console(stderr=True)
    started = runs.now()
    path = ensure_warehouse(target)
    with duckdb.connect(str(path), read_only=True) as con:
        wanted = tickers or [row[0] for row in con.execute(sql_text("queries/tickers")).fetchall()]
        plan = prices.plan(con, wanted, since)

    def fetch(ticker: str) -> prices.TickerData:
        start, replace = plan[ticker]
        data = prices.fetch_ticker(ticker, start, session=session)
        data.replace_history = replace
        return data

    with source_lock("prices", path):
        fetched = fetch_all(wanted, fetch, str, console, "prices")
        result = RunResult("prices")

        def apply(con: duckdb.DuckDBPyConnection) -> None:
            result.outcomes = [prices.apply(con, data) for data in fetched]

        return _publish(result, path, started, apply)


def run_hub(
    orgs: list[str] | None = None,
    *,
    endpoint: str | None = None,
    target: Path | None = None,
    console: Console | None = None,
    threshold: int | None = None,
    as_of: datetime | None = None,
) -> RunResult:
    """Snapshot the tracked organisations (default: all) and repos tracked by name, then publish
    (threshold: hub.DISCOVERY_THRESHOLD unless given)."""
    from pipelines import hub

    threshold = hub.DISCOVERY_THRESHOLD if threshold is None else threshold
    console = console or plain_console(stderr=True)
    started = runs.now()
    path = ensure_warehouse(target)
    targets = read_query("hub_targets", path=path)
    if orgs:
        targets = targets[(targets["kind"] == "org") & targets["item"].isin(orgs)]
    api = hub.make_api(endpoint)
    offline = hub.reachable(api.endpoint)
    as_of = as_of or runs.now()

    def fetch(row: tuple) -> hub.HubBatch:
        kind, item, organization = row
        if offline:
            return hub.HubBatch(item=item, organization=organization, error=offline)
        if kind == "org":
            return hub.fetch_org(api, item, organization, as_of)
        return hub.fetch_repo(api, item, organization, as_of)

    with source_lock("hub", path):
        batches = fetch_all(list(targets.itertuples(index=False, name=None)), fetch, lambda r: r[1], console, "hub")
        result = RunResult("hub")
        return _publish(result, path, started, lambda con: hub.apply(con, result, batches, as_of, threshold))


def run_benchmarks(
    *,
    endpoint: str | None = None,
    epoch_url: str | None = None,
    target: Path | None = None,
    console: Console | None = None,
    as_of: datetime | None = None,
) -> RunResult:
    """Reload the curated tables, then fetch Hub evaluation results and Epoch AI's archive; publish."""
    from pipelines import benchmarks, hub

    console = console or plain_console(stderr=True)
    started = runs.now()
    as_of = as_of or started
    path = ensure_warehouse(target)
    repos = read_query("benchmark_repos", path=path)["hf_repo_id"].tolist()
    specs = benchmarks.source_specs()
    api = hub.make_api(endpoint)
    offline = hub.reachable(api.endpoint)
    url = epoch_url or benchmarks.epoch_url()

    def fetch(item: tuple[str, Any]) -> benchmarks.ScoreBatch:
        kind, value = item
        if kind == "hf-eval":
            return (
                benchmarks.ScoreBatch(f"hf-eval:{value}", error=offline)
                if offline
                else benchmarks.hf_eval_results(api, value, as_of)
            )
        return (
            benchmarks.ScoreBatch(f"hf-leaderboard:{value.key}", error=offline)
            if offline
            else benchmarks.hf_leaderboard(api, value, set(repos), as_of)
        )

    with source_lock("benchmarks", path):
        items = [("hf-eval", r) for r in repos] + [("hf-leaderboard", s) for s in specs if s.origin == "hf-leaderboard"]
        batches = _fetch_benchmarks(items, fetch, specs, url, as_of, console)
        result = RunResult("benchmarks")
        return _publish(result, path, started, lambda con: benchmarks.apply(con, result, batches))


def _fetch_benchmarks(
    items: list, fetch: Callable, specs: list, url: str, as_of: datetime, console: Console
) -> list[benchmarks.ScoreBatch]:
    from pipelines import benchmarks

    batches = fetch_all(items, fetch, lambda i: i[1] if isinstance(i[1], str) else i[1].key, console, "benchmarks")
    archive, archive_error = benchmarks.fetch_epoch_archive(url)
    for spec in (s for s in specs if s.origin == "epoch"):
        batches.append(
            benchmarks.epoch_scores(archive, spec, as_of, url)
            if archive is not None
            else benchmarks.ScoreBatch(f"epoch:{spec.key}", error=archive_error)
        )
    return batches


def confirm_launch(repo_id: str, *, target: Path | None = None) -> str | None:
    """Mark a candidate launch as confirmed; returns its launch_id, or None if there is no such candidate."""
    path = ensure_warehouse(target)
    with staged_build(from_live=True, target=path) as con:
        confirmed = con.execute(sql_text("load/confirm_launch"), {"repo_id": repo_id}).fetchall()
        if not confirmed:
            raise LookupError(repo_id)
    return confirmed[0][0]


def summary_table(result: RunResult, *, item_label: str = "ticker") -> Table:
    table = Table(
        title=f"{result.source}: {result.status} · {result.rows_written:,} rows written · run {result.run_id}"
    )
    for name, justify in (
        (item_label, "left"),
        ("from", "left"),
        ("new", "right"),
        ("updated", "right"),
        ("other", "right"),
        ("status", "left"),
        ("reason", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for o in result.outcomes:
        style = "red" if o.status == "failed" else None
        table.add_row(
            o.item,
            o.start.isoformat() if o.start else "",
            f"{o.new:,}",
            f"{o.updated:,}",
            f"{o.other:,}",
            o.status,
            o.reason,
            style=style,
        )
    return table


def add_ticker(
    ticker: str,
    group: str,
    *,
    name: str | None = None,
    country: str | None = None,
    session: Any = None,
    target: Path | None = None,
    universe_file: Path = UNIVERSE_FILE,
) -> RunResult:
    """Fetch a new ticker; only if that succeeds add it to the universe file and the warehouse."""
    from pipelines import prices

    started = runs.now()
    path = ensure_warehouse(target)
    data = prices.fetch_ticker(ticker, prices.DEFAULT_SINCE, session=session)
    result = RunResult("prices")
    if not data.ok:
        result.outcomes.append(ItemOutcome(ticker, prices.DEFAULT_SINCE, status="failed", reason=data.error or ""))
        return result
    row = {
        "ticker": ticker,
        "name": name or data.meta.get("longName") or data.meta.get("shortName") or ticker,
        "group": group,
        "exchange": data.meta.get("fullExchangeName") or data.meta.get("exchangeName") or "",
        "currency": data.meta.get("currency") or "",
        "country": country or "",
    }
    if not row["currency"]:
        result.outcomes.append(
            ItemOutcome(
                ticker, prices.DEFAULT_SINCE, status="failed", reason="Yahoo Finance gave no currency for this symbol"
            )
        )
        return result
    try:
        with staged_build(from_live=True, target=path) as con:
            con.execute(sql_text("load/add_security"), row)
            outcome = prices.apply(con, data)
            if outcome.status != "ok":
                raise SourceError(outcome.reason)  # publish nothing: the universe stays as it was
            result.outcomes.append(outcome)
            result.run_id = runs.record(con, "prices", started, result.status, rows_written=result.rows_written)
    except SourceError as exc:
        result.outcomes.append(ItemOutcome(ticker, prices.DEFAULT_SINCE, status="failed", reason=str(exc)))
        return result
    _append_universe(universe_file, row)
    return result


def _append_universe(universe_file: Path, row: dict[str, str]) -> None:
    with open(universe_file, newline="", encoding="utf-8-sig") as fh:
        fields = next(csv.reader(fh))
    with open(universe_file, "a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)


def known_tickers(target: Path | None = None) -> list[str]:
    return read_query("tickers", path=ensure_warehouse(target))["ticker"].tolist()
