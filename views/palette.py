"""One colour per ticker and per organisation, the same on every chart of the dashboard and its reports.

The dashboard follows the browser's light or dark theme, and a chart is drawn before the page knows
which one the reader sees (and a switch does not redraw it), so one set of colours must read on both:
every colour has a contrast of at least 3:1 (WCAG, graphical objects) against white and against
Streamlit's dark backgrounds (#171614, and #0E1117 of earlier versions). The hues follow Okabe–Ito
(blue, orange, bluish green, reddish purple, vermillion, then violet, olive and grey), shifted into
that band of lightness and chosen so that every pair of the first eight stays apart under deuteranopia and protanopia
(tests/test_palette.py measures both). Keys get colours in the order the user chose them: every chart
of a view, on the page and in its report, draws NVDA in the same colour. Past the palette's length a
second channel tells apart two keys of one colour: a line style, a bar pattern or a marker symbol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Ordered so neighbours in a short list differ most: the 2nd and 4th (AVGO and AMD by default) are
# orange and reddish purple, not orange and vermillion, which look alike on a line.
PALETTE = ("#246C9C", "#D87E00", "#18A266", "#CC72A2", "#BA5A12", "#8A5AE4", "#706848", "#787878")
RISE = PALETTE[0]  # blue: a mean that rose
FALL = PALETTE[4]  # vermillion: a mean that fell
NEUTRAL = "#808080"  # launch markers, zero lines, 'other': 3.9:1 on white, 4.6:1 on #171614
NEUTRAL_LINE = "rgba(128, 128, 128, 0.6)"  # launch and reference lines, faint on either background
LIGHT_BACKGROUND = "#FFFFFF"
DARK_BACKGROUND = "#171614"  # Streamlit 1.67's dark page, as Chromium draws it
DARK_BACKGROUNDS = (DARK_BACKGROUND, "#0E1117")  # and the dark background of earlier Streamlit versions
DASHES = ("solid", "dash", "dot", "dashdot")
PATTERNS = ("", "/", ".", "x")
SYMBOLS = ("circle", "square", "diamond", "triangle-up")


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


def round_of(key: str, colours: Mapping[str, str] | None) -> int:
    """How many times the palette had been used up before key got its colour: 0 for the first eight."""
    order = list(colours or {})
    position = order.index(key) if key in order else 0
    return position // len(PALETTE)


def dash_of(key: str, colours: Mapping[str, str] | None) -> str:
    """The line style that tells apart two series of one colour: solid for the first eight keys."""
    return DASHES[round_of(key, colours) % len(DASHES)]


def pattern_of(key: str, colours: Mapping[str, str] | None) -> str:
    """The bar fill pattern that tells apart two bars of one colour: none for the first eight keys."""
    return PATTERNS[round_of(key, colours) % len(PATTERNS)]


def symbol_of(key: str, colours: Mapping[str, str] | None) -> str:
    """The marker symbol that tells apart two point series of one colour: circles for the first eight."""
    return SYMBOLS[round_of(key, colours) % len(SYMBOLS)]
