"""Aftershock: AI model launches against market moves. Run: streamlit run dashboard.py"""

from __future__ import annotations

import logging

import streamlit as st

from app import data
from app.widgets import enter_page
from views.text import md, public_message

st.set_page_config(page_title="Aftershock", page_icon=":material/trending_down:", layout="wide")

PAGES = [
    st.Page(
        "app/pages/timeline.py",
        title="Market timeline",
        icon=":material/show_chart:",
        url_path="timeline",
        default=True,
    ),
    st.Page("app/pages/impact.py", title="Launch impact", icon=":material/target:", url_path="impact"),
    st.Page("app/pages/compare.py", title="Compare launches", icon=":material/compare:", url_path="compare"),
    st.Page("app/pages/kinds.py", title="Launch kinds", icon=":material/category:", url_path="kinds"),
    st.Page("app/pages/adoption.py", title="Adoption", icon=":material/download:", url_path="adoption"),
    st.Page("app/pages/benchmarks.py", title="Benchmarks", icon=":material/leaderboard:", url_path="benchmarks"),
    st.Page("app/pages/reports.py", title="Reports", icon=":material/description:", url_path="reports"),
    st.Page("app/pages/data.py", title="Data & pipelines", icon=":material/database:", url_path="data"),
]

try:
    data.ensure_warehouse()
except Exception as exc:  # a page must explain, never show a traceback
    logging.getLogger("aftershock").exception("warehouse build failed")
    st.error(f"The warehouse could not be built from the embedded data: {md(public_message(exc))}")
    st.stop()

page = st.navigation(PAGES)
try:
    facts = data.data_facts()  # a fact a line: a date is not broken at its hyphens
    st.sidebar.caption("  \n".join(md(fact[:1].upper() + fact[1:]) for fact in facts))
    enter_page(page.url_path)
    page.run()
except Exception as exc:
    logging.getLogger("aftershock").exception("page %s failed", page.title)
    st.error(
        f"This view could not be shown: {md(public_message(exc))}. "
        "Try other filters, or reset them with the page link."
    )
