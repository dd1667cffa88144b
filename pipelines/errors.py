"""Errors a source raises when its data cannot be used, and how a retried failure is told."""

from collections.abc import Callable

import tenacity


class SourceError(Exception):
    """A payload that fails validation: names the item and the reason."""


def describe_retry(exc: BaseException, describe: Callable[[BaseException], str]) -> str | None:
    """For a retry that gave up: the last failure in describe's words and the attempts; else None."""
    if not isinstance(exc, tenacity.RetryError):
        return None
    last = exc.last_attempt.exception()
    return f"{describe(last)} (gave up after {exc.last_attempt.attempt_number} attempts)" if last else str(exc)
