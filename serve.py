"""Aftershock's server: the dashboard (dashboard.py) with a warm-up when the process starts, so the first
visitor's page does not also pay for the imports. Run: streamlit run serve.py"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from app import warm
from app.preload import PreloadCharts


@asynccontextmanager
async def _lifespan(_app: st.App) -> AsyncIterator[None]:
    warm.start()
    yield


app = st.App("dashboard.py", lifespan=_lifespan, middleware=[Middleware(PreloadCharts)])
