"""The pipeline sources, registered once: the CLI's `run` choices, the Data page's list and the
scheduler's jobs all read this table. A new source is a module with fetch/validate/load, a run
function in runner.py, and one entry here."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipelines import runner
from pipelines.errors import UserError, did_you_mean
from pipelines.outcomes import RunResult
from pipelines.warehouse import read_query


@dataclass(frozen=True)
class PipelineSource:
    """One source: how to run it, what the Data page says of it, how its summary is printed."""

    name: str
    description: str
    run: Callable[..., RunResult]
    options: Callable[[argparse.Namespace], dict[str, Any]]  # CLI arguments → run's keyword arguments
    item_label: str = "ticker"


RUN_OPTIONS = ("tickers", "orgs", "since")  # the options of `run` that select what a source fetches


def _list(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def _applies(args: argparse.Namespace, source: str, *accepted: str) -> None:
    """An option this source does not read is an error, not silently ignored."""
    given = [f"--{name}" for name in RUN_OPTIONS if getattr(args, name, None) is not None and name not in accepted]
    if given:
        raise UserError(f"{', '.join(given)} does not apply to `run {source}`")


def price_options(args: argparse.Namespace) -> dict[str, Any]:
    """--tickers must be tracked (add new ones with add-ticker); --since must be a date, not in the future."""
    _applies(args, "prices", "tickers", "since")
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise UserError(f"--since must be a date like 2025-01-01 (got {args.since!r})") from None
        if since > date.today():
            raise UserError(f"--since {since} is in the future; there is nothing to fetch from it")
    tickers = [t.upper() for t in _list(args.tickers) or []] or None
    if tickers:
        known = runner.known_tickers()
        bad = [t for t in tickers if t not in known]
        if bad:
            raise UserError(f"{did_you_mean('ticker', bad, known)}; add new ones with `add-ticker`")
    return {"tickers": tickers, "since": since}


def hub_options(args: argparse.Namespace) -> dict[str, Any]:
    """--orgs must be tracked Hugging Face organisations (data/universe/hf_orgs.csv)."""
    _applies(args, "hub", "orgs")
    orgs = _list(args.orgs)
    if orgs:
        known = read_query("hub_targets", path=runner.ensure_warehouse()).query("kind == 'org'")["item"].tolist()
        bad = [o for o in orgs if o not in known]
        if bad:
            raise UserError(did_you_mean("organisation", bad, known))
    return {"orgs": orgs}


def benchmark_options(args: argparse.Namespace) -> dict[str, Any]:
    """The benchmarks run reads every source it knows: no option selects among them."""
    _applies(args, "benchmarks")
    return {}


SOURCES: dict[str, PipelineSource] = {
    source.name: source
    for source in (
        PipelineSource(
            "prices",
            "daily bars, dividends, splits and share counts from Yahoo Finance",
            runner.run_prices,
            price_options,
        ),
        PipelineSource(
            "hub",
            "downloads, likes and new repos from the Hugging Face Hub",
            runner.run_hub,
            hub_options,
            item_label="organisation / repo",
        ),
        PipelineSource(
            "benchmarks",
            "curated tables, Hub evaluation results and Epoch AI's archive",
            runner.run_benchmarks,
            benchmark_options,
            item_label="source",
        ),
    )
}
