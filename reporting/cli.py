"""`python -m reporting …`: write the report of a page's view from a shell or the scheduler.

The options are the page's URL parameters (`--tickers NVDA,AMD` is `?tickers=NVDA,AMD`), read by
the same parsers and collected by the same collector as the page, so a report from here holds
what the page shows for that URL. A value the page would warn about is an error here (exit 2).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pipelines.console import ErrorLines, describe_os_error, join_window_values
from pipelines.console import console as plain
from pipelines.errors import UserError
from pipelines.event_study import BENCHMARKS, MODELS
from pipelines.runner import ensure_warehouse
from pipelines.warehouse import WarehouseBusy
from reporting import archive, content, report
from views import adoption, benchmarks, compare, data_status, impact, kinds, timeline
from views.filters import (
    KIND_ATTRIBUTES,
    load_universe,
    parse_adoption_filters,
    parse_benchmark_filters,
    parse_compare_filters,
    parse_impact_filters,
    parse_kinds_filters,
    parse_market_filters,
)
from views.source import Warehouse

EXIT_USAGE = 2
err = ErrorLines()
URL_OPTIONS = (  # option → the page's URL parameter
    ("tickers", "tickers"),
    ("groups", "groups"),
    ("orgs", "orgs"),
    ("countries", "countries"),
    ("launches", "launches"),
    ("start", "start"),
    ("end", "end"),
    ("view", "view"),
    ("launch", "launch"),
    ("event_date", "event"),
    ("benchmark", "benchmark"),
    ("model", "model"),
    ("window", "window"),
    ("estimation", "est"),
    ("scope", "scope"),
    ("models", "models"),
    ("count", "count"),
    ("ranking_date", "date"),
    ("top", "top"),
    ("sec", "sec"),
    ("compare", "compare"),
    ("group", "group"),
    ("attr", "attr"),
    ("confounded", "confounded"),
)


def build_timeline(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    universe = load_universe(source)
    market = parse_market_filters(query, universe)
    if market.warnings:
        return None, list(market.warnings)
    return content.timeline_report(timeline.collect(market, universe, source)), []


def build_impact(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    universe = load_universe(source)
    market = parse_market_filters(query, universe)
    chosen = parse_impact_filters(query, universe.launch_ids)
    problems = [*market.warnings, *chosen.warnings]
    if problems:
        return None, problems
    return content.impact_report(impact.collect(chosen, market, universe, source)), []


def build_data(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    return content.data_report(data_status.collect(source)), []


def build_adoption(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    universe = load_universe(source)
    repos = source.query("adoption_repos")
    securities = [*universe.tickers, *(f"group:{g}" for g in universe.groups)]
    chosen = parse_adoption_filters(query, universe.orgs, repos["repo_id"].tolist(), securities)
    if chosen.warnings:
        return None, list(chosen.warnings)
    return content.adoption_report(adoption.collect(chosen, universe, source)), []


def build_benchmarks(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    universe = load_universe(source)
    names = benchmarks.catalog_names(source)
    chosen = parse_benchmark_filters(
        query, names.get("benchmark", []), names.get("model", []), names.get("source", []), universe
    )
    if chosen.warnings:
        return None, list(chosen.warnings)
    return content.benchmarks_report(benchmarks.collect(chosen, source)), []


def build_compare(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    universe = load_universe(source)
    market = parse_market_filters(query, universe)
    chosen = parse_compare_filters(query, universe.launch_ids)
    problems = [*market.warnings, *chosen.warnings]
    if problems:
        return None, problems
    return content.compare_report(compare.collect(chosen, market, universe, source)), []


def build_kinds(query: dict[str, str], source: Warehouse) -> tuple[report.Report | None, list[str]]:
    universe = load_universe(source)
    chosen = parse_kinds_filters(query, list(universe.groups))
    if chosen.warnings:
        return None, list(chosen.warnings)
    return content.kinds_report(kinds.collect(chosen, source)), []


PAGES: dict[str, Callable[[dict[str, str], Warehouse], tuple[report.Report | None, list[str]]]] = {
    "timeline": build_timeline,
    "impact": build_impact,
    "data": build_data,
    "adoption": build_adoption,
    "benchmarks": build_benchmarks,
    "compare": build_compare,
    "kinds": build_kinds,
}


def run(args: argparse.Namespace) -> int:
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in report.FORMATS]
    if bad or not formats:
        err.print(f"error: unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(report.FORMATS)}")
        return EXIT_USAGE
    if args.keep is not None and args.keep < 1:
        err.print(f"error: --keep must be at least 1 (got {args.keep}): the snapshot just written is one of those kept")
        return EXIT_USAGE
    query = {param: getattr(args, option) for option, param in URL_OPTIONS if getattr(args, option) is not None}
    ensure_warehouse()
    built, problems = PAGES[args.page](query, Warehouse())
    if built is None:
        for problem in problems:
            err.print(f"error: {as_option_error(problem)}")
        return EXIT_USAGE
    if args.snapshot:
        formats, keep, out = ["zip"], args.keep if args.keep is not None else archive.KEEP, archive.reports_dir()
    else:
        keep, out = args.keep, Path(args.out)
    if out.exists() and not out.is_dir():
        err.print(f"error: --out {str(out)!r} is a file, not a folder")
        return EXIT_USAGE
    out.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        target = out / report.file_name(built.slug, fmt)
        if args.snapshot:
            target = archive.free_name(target)  # two snapshots on one day are both kept
        write_atomically(target, report.render(built, fmt))
        plain().print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    if keep is not None:
        for removed in archive.prune(keep, out):
            plain().print(f"removed old snapshot {removed.name}")
        for skipped in archive.scan(out).skipped:
            err.print(f"left alone, not a readable snapshot: {skipped}")
    return 0


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside target, then rename: a full disk or a kill leaves no half-written report."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m reporting",
        description="Write a report snapshot (HTML, XLSX, CSV, PNG, PDF, ZIP) of a page's view. "
        "Options are the page's URL parameters.",
    )
    p.add_argument("--page", choices=list(PAGES), default="impact")
    p.add_argument("--tickers", help="comma-separated tickers (default: the page's)")
    p.add_argument("--groups", help="comma-separated security groups, e.g. chipmaker")
    p.add_argument("--orgs", help="launch organisations, comma-separated")
    p.add_argument("--countries", help="launch countries, comma-separated")
    p.add_argument("--launches", help="timeline: only these launch ids")
    p.add_argument("--start", help="first date, YYYY-MM-DD")
    p.add_argument("--end", help="last date, YYYY-MM-DD")
    p.add_argument("--view", choices=["indexed", "price"], help="timeline: indexed (default) or price")
    p.add_argument("--launch", help="impact: the launch id (default deepseek-r1)")
    p.add_argument("--event-date", choices=["market", "release"])
    p.add_argument("--benchmark", choices=list(BENCHMARKS))
    p.add_argument("--model", choices=list(MODELS))
    p.add_argument("--window", help="impact: event window in trading days, e.g. -1:1 (default 0:0)")
    p.add_argument("--estimation", help="impact: estimation window (default -250:-11)")
    p.add_argument("--scope", choices=["chosen", "all"], help="impact: the chosen securities, or all tracked ones")
    p.add_argument("--models", help="adoption: Hugging Face repo ids, comma-separated")
    p.add_argument("--count", choices=["30d", "all"], help="adoption: the count drawn over time (default 30d)")
    p.add_argument("--ranking-date", help="adoption: the ranking's date, YYYY-MM-DD (default: the newest snapshot)")
    p.add_argument("--top", help="adoption: models in the ranking (default 15)")
    p.add_argument("--sec", help="adoption: the security or group:NAME whose CAR sits beside the launch curves")
    p.add_argument("--compare", help="compare: 2–6 launch ids, comma-separated (default deepseek-v3,deepseek-r1,…)")
    p.add_argument("--group", help="kinds: the security group (default chipmaker)")
    p.add_argument("--attr", choices=list(KIND_ATTRIBUTES), help="kinds: compare launches by this attribute")
    p.add_argument("--confounded", choices=["exclude", "include"], help="kinds: launches with confounder flags")
    p.add_argument("--format", default="html,xlsx,zip", help=f"comma-separated: {', '.join(report.FORMATS)}")
    p.add_argument("--out", default="reports", help="folder to write into (default: reports/)")
    p.add_argument("--keep", type=int, help="afterwards keep only the newest N snapshots in --out")
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="a kept snapshot: one ZIP into data/reports/ (AFTERSHOCK_REPORTS), the last --keep kept",
    )
    return p


def as_option_error(warning: str) -> str:
    """A page's URL warning as this command's error: its options are the URL's parameters, and nothing is shown
    or written after one ("Unknown launch 'x' in the URL; showing deepseek-r1." → "unknown launch 'x'")."""
    text = warning.replace(" in the URL", "").replace(" ignored:", ":")
    text = re.sub(r"; (showing|using) .*$", "", text).rstrip(".")
    return text[:1].lower() + text[1:]


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(join_window_values(sys.argv[1:] if argv is None else argv))
    try:
        return run(args)
    except WarehouseBusy as exc:
        err.print(f"error: {exc}; try again when it has finished")
        return 3
    except UserError as exc:
        err.print(f"error: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        err.print(f"error: {describe_os_error(exc)}; nothing was changed")
        return EXIT_USAGE
