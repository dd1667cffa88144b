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


def _list(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def price_options(args: argparse.Namespace) -> dict[str, Any]:
    """--tickers must be tracked (add new ones with add-ticker); --since must be a date."""
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise UserError(f"--since must be a date like 2025-01-01 (got {args.since!r})") from None
    tickers = [t.upper() for t in _list(args.tickers) or []] or None
    if tickers:
        known = runner.known_tickers()
        bad = [t for t in tickers if t not in known]
        if bad:
            raise UserError(f"{did_you_mean('ticker', bad, known)}; add new ones with `add-ticker`")
    return {"tickers": tickers, "since": since}


def hub_options(args: argparse.Namespace) -> dict[str, Any]:
    """--orgs must be tracked Hugging Face organisations (data/universe/hf_orgs.csv)."""
    orgs = _list(args.orgs)
    if orgs:
        known = read_query("hub_targets", path=runner.ensure_warehouse()).query("kind == 'org'")["item"].tolist()
        bad = [o for o in orgs if o not in known]
        if bad:
            raise UserError(did_you_mean("organisation", bad, known))
    return {"orgs": orgs}


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
            lambda args: {},
            item_label="source",
        ),
    )
}
