"""`python -m pipelines …`: build the warehouse and run the analytics from a shell."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence

import pandas as pd
from rich.console import Console
from rich.table import Table

from pipelines import event_study, seed
from pipelines.warehouse import db_path, read_query

EXIT_USAGE = 2
WINDOW_OPTIONS = ("--window", "--estimation")
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
]

err = Console(stderr=True)


def _ensure_warehouse() -> None:
    if not db_path().exists():
        err.print(f"No warehouse at {db_path()}: building it from the embedded snapshot…")
        seed.build()


def _unknown(kind: str, names: Sequence[str], known: Sequence[str]) -> str:
    lines = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        lines.append(f"unknown {kind} {name!r}{hint}")
    return "; ".join(lines)


def cmd_seed(args: argparse.Namespace) -> int:
    counts = seed.build()
    table = Table(title=f"Warehouse built from the seed: {db_path()}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    Console().print(table)
    return 0


def cmd_event_study(args: argparse.Namespace) -> int:
    try:
        params = event_study.StudyParams(
            benchmark=args.benchmark,
            use_market_date=args.event_date == "market",
            estimation=event_study.parse_window(args.estimation, name="--estimation"),
            window=event_study.parse_window(args.window, name="--window"),
            model=args.model,
        )
    except event_study.ParameterError as exc:
        err.print(f"error: {exc}")
        return EXIT_USAGE
    _ensure_warehouse()
    known_launches = read_query("launches")["launch_id"].tolist()
    known_tickers = read_query("securities")["ticker"].tolist()
    if args.launch not in known_launches:
        err.print(f"error: {_unknown('launch', [args.launch], known_launches)}")
        return EXIT_USAGE
    tickers = [t.strip().upper() for t in args.tickers.split(",") if t.strip()] if args.tickers else None
    bad = [t for t in tickers or [] if t not in known_tickers]
    if bad:
        err.print(f"error: {_unknown('ticker', bad, known_tickers)}")
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
        table.add_row(*[_cell(v) for v in row])
    Console(width=250).print(table)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)[:60]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipelines", description="Aftershock pipelines and analytics.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("seed", help="build the warehouse from the embedded snapshot in data/seed")
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
    return p


def _join_window_values(argv: Sequence[str]) -> list[str]:
    """Let `--window -1:1` work: argparse would read '-1:1' as an option, not a value."""
    out: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in WINDOW_OPTIONS and args:
            arg = f"{arg}={args.pop(0)}"
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(_join_window_values(sys.argv[1:] if argv is None else argv))
    return args.func(args)
