"""Errors a source raises when its data cannot be used, and how a retried failure is told."""

import difflib
from collections.abc import Callable, Sequence

import tenacity


class SourceError(Exception):
    """A payload that fails validation: names the item and the reason."""


class UserError(Exception):
    """Input that cannot be used (a file, an argument, the warehouse file): the message says what and why.

    The CLI prints it as one line and exits 2; the dashboard shows it as it is. Messages never
    carry a traceback and never the server's file paths unless the user gave them.
    """


class WarehouseUnreadable(UserError):
    """The warehouse file exists but is not a DuckDB database this version can read."""


def describe_retry(exc: BaseException, describe: Callable[[BaseException], str]) -> str | None:
    """For a retry that gave up: the last failure in describe's words and the attempts; else None."""
    if not isinstance(exc, tenacity.RetryError):
        return None
    last = exc.last_attempt.exception()
    return f"{describe(last)} (gave up after {exc.last_attempt.attempt_number} attempts)" if last else str(exc)


def did_you_mean(kind: str, names: Sequence[str], known: Sequence[str]) -> str:
    """"unknown ticker 'NVDX' (did you mean NVDA?)" for each name, joined by '; '."""
    lines = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        lines.append(f"unknown {kind} {name!r}{hint}")
    return "; ".join(lines)
