"""One colour per ticker and per organisation, the same on every chart of the dashboard and its reports.

Colours come from the Okabe–Ito colour-blind-safe set (yellow left out: too light on white), given
to the securities of a view in the order the user chose them: every chart of that view, on the page
and in its report, draws NVDA in the same colour, and the first eight securities never share one.
Past the palette's length a line style is the second channel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#7F5F00", "#666666")
DASHES = ("solid", "dash", "dot", "dashdot")


def colour_map(keys: Sequence[str]) -> dict[str, str]:
    """key → colour, by position in keys (the universe's order), cycling through the palette."""
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(dict.fromkeys(keys))}


def dash_map(keys: Sequence[str]) -> dict[str, str]:
    """key → line style: solid for the first round of colours, then dashed, dotted …"""
    return {key: DASHES[(i // len(PALETTE)) % len(DASHES)] for i, key in enumerate(dict.fromkeys(keys))}


def colour_of(key: str, colours: Mapping[str, str] | None, fallback_index: int) -> str:
    """key's colour from the map, or the palette by position for a key the map does not know."""
    if colours and key in colours:
        return colours[key]
    return PALETTE[fallback_index % len(PALETTE)]


def dash_of(key: str, colours: Mapping[str, str] | None) -> str:
    """The line style that tells apart two series of one colour: solid for the first eight keys."""
    order = list(colours or {})
    position = order.index(key) if key in order else 0
    return DASHES[(position // len(PALETTE)) % len(DASHES)]
