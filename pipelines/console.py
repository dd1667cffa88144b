"""Terminal output: rich consoles that print text as it is.

Ticker symbols, launch ids, file paths and error messages from remote services reach the
terminal; with rich's markup on, "[/x]" in any of them would raise and "[bold]…" would be
swallowed. Every console of the CLI and the pipelines comes from here, with markup off.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence

from rich.console import Console

WINDOW_OPTIONS = ("--window", "--estimation")  # values may start with '-'
LINE_LIMIT = 400  # characters of one error line; a longer one keeps its start and its end


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console that prints strings literally (no markup, no highlighting)."""
    return Console(stderr=stderr, width=width, markup=False, highlight=False)


class ErrorLines:
    """stderr for a CLI's messages: each one line, whatever it quotes. A value from the command line or a
    service may hold line breaks, terminal escapes or 100,000 characters; rich would also wrap a long line
    at 80 columns when stderr is not a terminal."""

    def __init__(self) -> None:
        self._console = Console(stderr=True, markup=False, highlight=False, soft_wrap=True)

    def print(self, message: str) -> None:
        self._console.print(one_line(message))


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """text on one line: whitespace runs as one space, characters that are not printable (escapes, direction
    marks) written as their escape, and the middle of a long one cut."""
    flat = " ".join(text.split())
    safe = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in flat)
    if len(safe) <= limit:
        return safe
    head = limit * 3 // 4
    return f"{safe[:head]} … {safe[-(limit - head - 3):]}"


def join_window_values(argv: Sequence[str]) -> list[str]:
    """Let `--window -1:1` work: argparse would read '-1:1' as an option, not a value."""
    out: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in WINDOW_OPTIONS and args:
            arg = f"{arg}={args.pop(0)}"
        out.append(arg)
    return out


def describe_os_error(exc: OSError) -> str:
    """'Permission denied: /path' (no traceback); a full disk says so."""
    reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    where = exc.filename or ""
    return f"{reason}: {where}" if where else reason
