"""The categorical palette reads on both themes and stays distinguishable with colour-vision deficiency.

The colour science is written out here (numpy only) so the test depends on nothing it checks:
- contrast: WCAG 2.x relative luminance and contrast ratio;
- colour-vision deficiency: Machado, Oliveira & Fernandes (2009) matrices at severity 1.0, applied to
  linear RGB, the result clipped to the gamut;
- difference: CIEDE2000 (Sharma, Wu & Dalal 2005) on CIELAB (D65), checked on their published pairs.
ΔE2000 ≥ 10 is the bar: about five times a just-noticeable difference (≈ 2), and the range where two
flat colours in a legend and on thin lines are told apart at a glance, not only side by side.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from views import palette

PROTANOPIA = np.array(
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
)
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
D65 = np.array([0.95047, 1.0, 1.08883])
MIN_CONTRAST = 3.0  # WCAG 2.1 SC 1.4.11, non-text contrast of graphical objects
MIN_DELTA_E = 10.0  # CIEDE2000, every pair of the first eight, under each vision


def linear(hex_colour: str) -> np.ndarray:
    channels = np.array([int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def contrast(a: str, b: str) -> float:
    lum = sorted(float(linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (lum[1] + 0.05) / (lum[0] + 0.05)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = (SRGB_TO_XYZ @ np.clip(rgb_linear, 0, 1)) / D65
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dh = h2p - h1p
    dh = 0.0 if c1p * c2p == 0 else dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = -2 * np.sqrt(cp_bar**7 / (cp_bar**7 + 25**7)) * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2))))
    return float(np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)))


def seen(hex_colour: str, vision: np.ndarray | None) -> np.ndarray:
    rgb = linear(hex_colour)
    return lab(rgb if vision is None else vision @ rgb)


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17 and 25
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_delta_e2000_matches_the_published_pairs(lab1: tuple, lab2: tuple, expected: float) -> None:
    assert delta_e2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_merges_red_green() -> None:
    grey = linear("#808080")
    for vision in (PROTANOPIA, DEUTERANOPIA):
        assert np.allclose(vision @ grey, grey, atol=2e-3)  # rows sum to one: neutrals stay neutral
        # a pure red and a green of the same luminance look alike to a dichromat, not to normal vision
        assert delta_e2000(seen("#FF0000", vision), seen("#8A7000", vision)) < 0.5 * delta_e2000(
            seen("#FF0000", None), seen("#8A7000", None)
        )


@pytest.mark.parametrize("background", [palette.LIGHT_BACKGROUND, *palette.DARK_BACKGROUNDS])
def test_every_colour_stands_out_on_both_backgrounds(background: str) -> None:
    colours = [*palette.PALETTE, palette.NEUTRAL]
    ratios = {c: round(contrast(c, background), 2) for c in colours}
    assert min(ratios.values()) >= MIN_CONTRAST, ratios
    assert contrast("#E69F00", "#FFFFFF") < MIN_CONTRAST  # the check can fail: Okabe–Ito orange on white


@pytest.mark.parametrize(
    ("vision", "name"), [(None, "normal"), (DEUTERANOPIA, "deuteranopia"), (PROTANOPIA, "protanopia")]
)
def test_the_first_eight_colours_stay_apart(vision: np.ndarray | None, name: str) -> None:
    first = palette.PALETTE[:8]
    assert len(set(first)) == 8
    pairs = {(a, b): delta_e2000(seen(a, vision), seen(b, vision)) for a, b in combinations(first, 2)}
    closest = min(pairs, key=pairs.__getitem__)
    assert pairs[closest] >= MIN_DELTA_E, f"{name}: {closest} ΔE2000 {pairs[closest]:.1f}"


def test_okabe_ito_with_its_orange_and_sky_blue_would_fail() -> None:
    """The bar excludes something: the original set's vermillion and dark yellow merge for protanopes."""
    assert delta_e2000(seen("#D55E00", PROTANOPIA), seen("#7F5F00", PROTANOPIA)) < MIN_DELTA_E


def test_keys_past_the_palette_get_a_second_channel() -> None:
    keys = [f"K{i}" for i in range(len(palette.PALETTE) + 2)]
    colours = palette.colour_map(keys)
    ninth, first = keys[len(palette.PALETTE)], keys[0]
    assert colours[ninth] == colours[first]
    assert palette.dash_of(ninth, colours) != palette.dash_of(first, colours) == "solid"
    assert palette.pattern_of(ninth, colours) != palette.pattern_of(first, colours) == ""
    assert palette.symbol_of(ninth, colours) != palette.symbol_of(first, colours) == "circle"
