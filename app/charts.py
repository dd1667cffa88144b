"""A chart on a page: the figure, drawn in the page's theme, and its text alternative under it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from app import data
from views.chart_text import summary
from views.text import md

# The mode bar shows on hover only, above the title strip the figures leave free for it; the logo goes.
CONFIG = {"displayModeBar": "hover", "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
SPECS_KEPT = 256  # built figures (plotly spec and caption) kept for reruns

_specs_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _kept() -> OrderedDict[Hashable, tuple[dict, str]]:
    """The built specs of this process (st.cache_resource: cleared with the other caches)."""
    return OrderedDict()


def chart(
    fig: go.Figure | Callable[[], go.Figure], *, key: str, where: Any = st, memo: Hashable | None = None
) -> None:
    """st.plotly_chart with the Streamlit theme (backgrounds and text follow light or dark) and a caption
    that says in words what the chart shows, for screen readers and for anyone who cannot tell its
    colours apart. where: st, a column or a container.

    fig may be a function that builds the figure; with memo (everything besides the warehouse that the
    figure depends on, e.g. the page's filters) its spec and caption are kept until the warehouse is
    published again, so a rerun that changes nothing the chart shows does not build it again: plotly
    checks every property as a figure is built, most of a warm rerun's time."""
    if memo is None or not callable(fig):
        built = fig() if callable(fig) else fig
        spec, caption = built, summary(built)
    else:
        spec, caption = _spec(key, memo, fig)
    figure = _Built(spec) if isinstance(spec, dict) else spec
    where.plotly_chart(figure, width="stretch", key=key, config=CONFIG, theme="streamlit")
    where.caption(md(caption, limit=1200))


class _Built(go.Figure):
    """A spec built (and checked) once, handed to st.plotly_chart as a figure: Streamlit takes a figure's
    to_dict() as it is, where it would check a plain dict property by property again."""

    def __init__(self, spec: dict) -> None:  # no super().__init__(): that is the check this skips
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict:
        return self._spec


def prepare(key: str, memo: Hashable, build: Callable[[], go.Figure]) -> None:
    """Build and keep the spec chart(build, key=key, memo=memo) will ask for, before a page does (app/warm.py)."""
    _spec(key, memo, build)


def _spec(key: str, memo: Hashable, build: Callable[[], go.Figure]) -> tuple[dict, str]:
    def built() -> tuple[dict, str]:
        fig = build()
        return fig.to_dict(), summary(fig)

    return data.kept_until_publish(_kept(), _specs_lock, (key, memo), built, SPECS_KEPT)
