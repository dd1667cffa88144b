"""Terminal output: rich consoles that print text as it is.

Ticker symbols, launch ids, file paths and error messages from remote services reach the
terminal; with rich's markup on, "[/x]" in any of them would raise and "[bold]…" would be
swallowed. Every console of the CLI and the pipelines comes from here, with markup off.
"""

from __future__ import annotations

from rich.console import Console


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console that prints strings literally (no markup, no highlighting)."""
    return Console(stderr=stderr, width=width, markup=False, highlight=False)
