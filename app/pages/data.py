"""Data & pipelines: freshness per source against its schedule, run history, universe, provenance,
and "Refresh now", which runs a pipeline in a background process while every page keeps working."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from app import background, data, tables
from app.freshness import COLOURS, FAILING, NEVER, age_text, judge
from app.widgets import publish_params, report_download
from pipelines import runner, schedule, sources
from pipelines.seed import SEED_AS_OF, SEED_DIR
from reporting import content
from views import data_status, labels
from views.text import md

publish_params({}, uses=())  # this page has no filters of its own; the shared ones stay in the URL

st.title("Data & pipelines")
st.caption(data.data_status())

try:
    jobs = {job.name: job for job in schedule.load()}
except schedule.ScheduleError as exc:
    jobs = {}
    st.error(f"The schedule could not be read: {md(exc)}")
status = data.query("pipeline_status").set_index("source")
now = datetime.now(UTC).replace(tzinfo=None)


def start_refresh(source: str) -> None:
    """Run `python -m pipelines run SOURCE` in the background. Refused while a run of that source holds its
    lock, whoever started it (another visitor's session, the scheduler, a shell): one run at a time."""
    busy = runner.running(source)
    if busy:
        st.warning(md(f"Not started: {busy}. Its result will appear here when it has finished."))
        return
    background.start(f"refresh_{source}", ["-m", "pipelines", "run", source], with_outcomes=True)


st.subheader("Freshness")
for source in sources.SOURCES:
    job = jobs.get(source)
    row = status.loc[source] if source in status.index else None
    last_success = row["last_success"] if row is not None else None
    verdict = judge(last_success, job.interval(), now) if job else NEVER
    if verdict == NEVER and row is not None:
        verdict = FAILING
    with st.container(border=True):
        left, middle, right = st.columns([3, 5, 2])
        left.markdown(f"**{source}** :{COLOURS[verdict]}-badge[{verdict}]")
        if job:
            left.caption(f"{sources.SOURCES[source].description}; cron `{job.cron}` UTC")
        if row is None:
            middle.write(f"Never run here: the data is the embedded snapshot (as of {SEED_AS_OF}).")
        else:
            success = (
                f"last success {pd.Timestamp(last_success):%Y-%m-%d %H:%M} UTC "
                f"({age_text(now - pd.Timestamp(last_success))} ago), {int(row['rows_last_success'] or 0):,} rows"
                if pd.notna(last_success)
                else "no successful run yet"
            )
            middle.write(
                f"Last run {pd.Timestamp(row['last_run']):%Y-%m-%d %H:%M} UTC: **{md(row['last_status'])}**; {success}."
            )
            if isinstance(row["last_error"], str):
                when = pd.Timestamp(row["last_error_at"])
                middle.caption(f"Last error ({when:%Y-%m-%d %H:%M}): {md(row['last_error'], limit=400)}")
        if right.button(
            "Refresh now", key=f"refresh_button_{source}", disabled=background.running(f"refresh_{source}")
        ):
            start_refresh(source)
        background.panel(f"refresh_{source}", source)

st.subheader("Run history")
history = data.query("run_history", limit=100)
if history.empty:
    st.info("No pipeline has run yet.")
else:
    tables.show(history, helps={"source": "the pipeline", "status": "how the run ended"})

st.subheader("Universe")
left, right = st.columns([3, 2])
left.caption("Securities (data/universe/securities.csv; add one with `python -m pipelines add-ticker`)")
securities = data.query("securities")
tables.show(securities.assign(group=securities["group"].map(labels.group)), where=left)
right.caption("Hugging Face organisations (data/universe/hf_orgs.csv)")
tables.show(data.query("hf_orgs"), where=right)

st.subheader("Model names that reach no launch")
UNRESOLVED_COLUMNS = {
    "raw": "Name as the source writes it",
    "base": "After the rules",
    "model": "Canonical model",
    "rule": "Rules applied",
    "reason": "Why it reaches no launch",
    "suggestion": "Rule that would catch it",
    "scores": "Scores",
    "sources": "Sources",
}
unresolved = data.query("unresolved_model_names").rename(columns=UNRESOLVED_COLUMNS)
st.caption(
    "Benchmark sources name models their own way (Epoch AI: `openai/gpt-oss-120b_high`). Each name is resolved "
    "(pipelines/model_names.py): an inference-provider prefix is dropped, a reasoning effort or budget suffix "
    "becomes the score's variant, a quantisation suffix is dropped, a date stamp must fit the version, then the "
    "alias table (data/universe/model_aliases.csv), the launches' names and Hub repos are matched, case and "
    "punctuation ignored. These names' scores are kept, but appear next to no launch."
)
if unresolved.empty:
    st.caption("Every stored model name reaches a launch.")
else:
    tables.show(unresolved)

st.subheader("Prices per security")
coverage = data_status.in_words(data.query("price_coverage"))
newest = data.query("price_sources_newest")
st.caption(
    "Each security's first and newest price, where its newest rows come from and the basis of its newest "
    "return: `close+dividends` (a total return), `adj_close`, `close (adjusted)` (the source adjusted it), "
    "or `price return (dividends unknown)` where the source gave neither an adjusted close nor dividends "
    "(an ex-dividend day then shows as a price drop). Splits are applied to the whole series; no return is "
    "computed across a gap of missing sessions."
)
tables.show(coverage)
st.caption("Newest price per source")
tables.show(newest, helps={"last_date": "the newest trading day this source gave"})

st.subheader("Sources and provenance")
files = data_status.seed_files()
st.caption(
    "The embedded snapshot's price files, one row per source segment: which public repository and commit each "
    "came from and what its close means. A `base` file starts a series; a later part extends it, joined only "
    "after its overlap rows matched the stored ones (prices to the cent)."
)
tables.show(files, helps={"note": "remarks on the file"})
with st.expander("data/seed/market/SOURCES.md"):
    st.markdown((SEED_DIR / "market" / "SOURCES.md").read_text(encoding="utf-8"))
with st.expander("data/seed/README.md"):
    st.markdown((SEED_DIR / "README.md").read_text(encoding="utf-8"))

report_download("data", None, lambda: content.data_report(data_status.collect(data.source)))
