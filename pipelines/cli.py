"""`python -m pipelines …`: build the warehouse and run the analytics from a shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
from rich.console import Console
from rich.table import Table

from pipelines import event_study, outcomes, quality, runner, schedule, seed, sources
from pipelines.console import ErrorLines, describe_os_error, join_window_values
from pipelines.console import console as plain
from pipelines.errors import UserError, did_you_mean
from pipelines.outcomes import RunResult
from pipelines.warehouse import WarehouseBusy, db_path, read_query

EXIT_USAGE = 2
EXIT_BUSY = 3
LISTED_ITEMS = 8  # a failure line names this many items, then counts the rest
GROUPS = ("chipmaker", "semicap", "hyperscaler", "china_ai", "asia_semis", "index")

EVENT_STUDY_COLUMNS = [
    "launch_id",
    "ticker",
    "event_date",
    "t0",
    "benchmark",
    "alpha",
    "beta",
    "sigma",
    "r2",
    "n_est",
    "raw_return",
    "car",
    "t_stat",
    "p_value",
    "value_change",
    "currency",
    "shares_date",
    "status",
    "reason",
    "flags",
]

err = ErrorLines()


def _ensure_warehouse() -> None:
    if not db_path().exists():
        err.print(f"No warehouse at {db_path()}: building it from the embedded snapshot…")
        seed.build()


def cmd_seed(args: argparse.Namespace) -> int:
    try:
        counts = seed.build(allow_shrink=args.allow_shrink, on_wait=lambda message: err.print(message))
    except quality.QualityGateError as exc:
        shrink = " (pass --allow-shrink to publish a smaller warehouse on purpose)" if "fell from" in str(exc) else ""
        err.print(f"error: {exc}{shrink}; the warehouse is unchanged")
        return EXIT_USAGE
    table = Table(title=f"Warehouse built from the seed: {db_path()}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    plain().print(table)
    return 0


def _study_params(args: argparse.Namespace) -> event_study.StudyParams:
    """The event-study options shared by `event-study` and `report`; raises ParameterError."""
    return event_study.StudyParams(
        benchmark=args.benchmark,
        use_market_date=args.event_date == "market",
        estimation=event_study.parse_window(args.estimation, name="--estimation"),
        window=event_study.parse_window(args.window, name="--window"),
        model=getattr(args, "model", "market"),
    )


def cmd_event_study(args: argparse.Namespace) -> int:
    try:
        params = _study_params(args)
    except event_study.ParameterError as exc:
        err.print(f"error: {exc}")
        return EXIT_USAGE
    _ensure_warehouse()
    known_launches = read_query("launches")["launch_id"].tolist()
    known_tickers = read_query("securities")["ticker"].tolist()
    if args.launch not in known_launches:
        err.print(f"error: {did_you_mean('launch', [args.launch], known_launches)}")
        return EXIT_USAGE
    tickers = [t.strip().upper() for t in args.tickers.split(",") if t.strip()] if args.tickers is not None else None
    if tickers == []:  # `--tickers ,,,` or `--tickers ''`: a list that names nothing is not "all of them"
        err.print("error: --tickers names no ticker; leave it out to study the whole universe")
        return EXIT_USAGE
    bad = [t for t in tickers or [] if t not in known_tickers]
    if bad:
        err.print(f"error: {did_you_mean('ticker', bad, known_tickers)}")
        return EXIT_USAGE
    frame = event_study.results(params, launch_ids=[args.launch], tickers=tickers)[EVENT_STUDY_COLUMNS]
    _print_frame(
        frame, args.format, title=f"{args.launch}: window {args.window}, {params.model} model vs {params.benchmark}"
    )
    return 0


def _print_frame(frame: pd.DataFrame, fmt: str, *, title: str) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False, float_format="%.10g"))
        return
    table = Table(title=title)
    for col in frame.columns:
        table.add_column(col, justify="right" if pd.api.types.is_numeric_dtype(frame[col]) else "left")
    for row in frame.itertuples(index=False):
        table.add_row(
            *[_cell(v, limit=None if col == "flags" else 60) for col, v in zip(frame.columns, row, strict=True)]
        )
    plain(width=250).print(table)


def _cell(value: object, limit: int | None = 60) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)[:limit]


def cmd_run(args: argparse.Namespace) -> int:
    source = sources.SOURCES[args.source]
    console = plain(stderr=True)
    result = source.run(**source.options(args), console=console)  # a bad option is a UserError: exit 2
    if args.outcomes:  # for the Data page's Refresh now, which runs this command in the background
        Path(args.outcomes).write_text(outcomes.to_json(result, source.item_label), encoding="utf-8")
    return _report(result, console, item_label=source.item_label)


def cmd_confirm_launch(args: argparse.Namespace) -> int:
    try:
        launch_id = runner.confirm_launch(args.repo_id)
    except LookupError:
        candidates = read_query("launch_candidates")["hf_repo_id"].tolist()
        hint = did_you_mean("candidate", [args.repo_id], candidates) if candidates else "there are no candidates"
        err.print(f"error: {args.repo_id!r} is not an unconfirmed candidate launch ({hint})")
        return EXIT_USAGE
    plain().print(f"{args.repo_id} confirmed as launch {launch_id}")
    return 0


def _report(result: RunResult, console: Console, *, item_label: str = "ticker") -> int:
    """One line per distinct failure reason with its items (34 tickers failing alike are one line), the
    per-item table, the notes, then the run in one sentence (pipelines/outcomes.py summarise)."""
    by_reason: dict[str, list[str]] = {}
    for outcome in result.outcomes:
        if outcome.status == "failed":
            by_reason.setdefault(outcome.reason, []).append(outcome.item)
    for reason, items in by_reason.items():
        shown = ", ".join(items[:LISTED_ITEMS]) + (
            f" and {len(items) - LISTED_ITEMS} more" if len(items) > LISTED_ITEMS else ""
        )
        noun = item_label if len(items) == 1 else outcomes.plural(item_label)
        console.print(
            f"{result.source}: {reason} ({len(items)} {noun}: {shown})", markup=False, highlight=False, soft_wrap=True
        )
    plain(width=max(plain().width, 140)).print(runner.summary_table(result, item_label=item_label))
    for note in result.notes:
        console.print(note, markup=False)
    plain().print(outcomes.summarise(result, item_label).sentence, markup=False, highlight=False, soft_wrap=True)
    return 0 if result.status == "success" else 1


def cmd_add_ticker(args: argparse.Namespace) -> int:
    from pipelines import prices  # yfinance: imported by the commands that fetch (runner.py says why)

    symbol = args.symbol.strip().upper()
    if not prices.valid_symbol(symbol):
        err.print(
            f"error: {args.symbol!r} is not a Yahoo Finance symbol (letters, digits, '.', '-', '=', "
            "a leading '^' for an index; e.g. SMCI, 0700.HK, ^GSPC)"
        )
        return EXIT_USAGE
    if symbol in runner.known_tickers():
        err.print(f"{symbol} is already tracked; `run prices --tickers {symbol}` refreshes it")
        return EXIT_USAGE
    result = runner.add_ticker(symbol, args.group, name=args.name, country=args.country)
    code = _report(result, plain(stderr=True))
    if code == 0:
        plain().print(f"{symbol} added to {runner.UNIVERSE_FILE.relative_to(runner.UNIVERSE_FILE.parents[2])}")
    else:
        err.print(f"{symbol} was not added; nothing changed")
    return code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipelines", description="Aftershock pipelines and analytics.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("seed", help="build the warehouse from the embedded snapshot in data/seed")
    s.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even if a table loses more than 5 %% of the rows the current warehouse has",
    )
    s.set_defaults(func=cmd_seed)

    e = sub.add_parser("event-study", help="abnormal returns of every security around one launch")
    e.add_argument("--launch", required=True, help="launch_id, e.g. deepseek-r1")
    e.add_argument(
        "--event-date",
        choices=["market", "release"],
        default="market",
        help="market date where one exists (default) or the release date",
    )
    e.add_argument("--benchmark", default="^GSPC", help=f"one of {', '.join(event_study.BENCHMARKS)}")
    e.add_argument("--model", default="market", choices=event_study.MODELS)
    e.add_argument("--estimation", default="-250:-11", help="estimation window in trading days (default -250:-11)")
    e.add_argument("--window", default="0:0", help="event window in trading days, e.g. -1:1 (default 0:0)")
    e.add_argument("--tickers", help="comma-separated tickers (default: the whole universe)")
    e.add_argument("--format", choices=["table", "csv"], default="table")
    e.set_defaults(func=cmd_event_study)

    r = sub.add_parser("run", help="run a pipeline: fetch from the network and publish into the warehouse")
    r.add_argument("source", choices=list(sources.SOURCES))
    r.add_argument("--tickers", help="prices: comma-separated tickers (default: the whole universe)")
    r.add_argument("--orgs", help="hub: comma-separated Hugging Face organisations (default: all tracked)")
    r.add_argument("--since", help="fetch from this date (default: last stored date minus a few days)")
    r.add_argument("--outcomes", metavar="FILE", help="also write the run's outcomes to FILE as JSON")
    r.set_defaults(func=cmd_run)

    a = sub.add_parser("add-ticker", help="fetch a new security and add it to the universe if that works")
    a.add_argument("symbol", help="Yahoo Finance symbol, e.g. SMCI or 0700.HK")
    a.add_argument("--group", required=True, choices=GROUPS)
    a.add_argument("--name", help="display name (default: Yahoo's)")
    a.add_argument("--country", help="country of the company")
    a.set_defaults(func=cmd_add_ticker)

    sc = sub.add_parser("schedule", help="run the pipelines on their cron rules until stopped (SIGTERM)")
    sc.add_argument("--config", default=str(schedule.CONFIG), help="schedule file (default: config/schedule.toml)")
    sc.set_defaults(func=lambda args: schedule.serve(Path(args.config)))

    c = sub.add_parser("confirm-launch", help="promote a candidate launch found by the hub pipeline")
    c.add_argument("repo_id", help="Hugging Face repo id, e.g. deepseek-ai/DeepSeek-V3.2")
    c.set_defaults(func=cmd_confirm_launch)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(join_window_values(sys.argv[1:] if argv is None else argv))
    try:
        return args.func(args)
    except WarehouseBusy as exc:
        err.print(f"error: {exc}; try again when it has finished")
        return EXIT_BUSY
    except UserError as exc:
        err.print(f"error: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        err.print(f"error: {describe_os_error(exc)}; nothing was changed")
        return EXIT_USAGE
    except duckdb.Error as exc:
        err.print(f"error: the warehouse could not be used: {' '.join(str(exc).split())[:300]}")
        return 1
