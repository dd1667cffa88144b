"""A chart on a page: the figure, drawn in the page's theme, and its text alternative under it."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from views.chart_text import summary
from views.text import md

# The mode bar shows on hover only, above the title strip the figures leave free for it; the logo goes.
CONFIG = {"displayModeBar": "hover", "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart(fig: go.Figure, *, key: str, where: Any = st) -> None:
    """st.plotly_chart with the Streamlit theme (backgrounds and text follow light or dark) and a caption
    that says in words what the chart shows, for screen readers and for anyone who cannot tell its
    colours apart. where: st, a column or a container."""
    where.plotly_chart(fig, width="stretch", key=key, config=CONFIG, theme="streamlit")
    where.caption(md(summary(fig), limit=1200))
