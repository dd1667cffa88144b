"""A command run in its own process while the page stays usable: Refresh now (Data page) and Make a
snapshot now (Reports page). The page only watches the process's log, through a fragment; a pipeline run
also writes its outcomes (`--outcomes FILE`), from which the panel says the run in one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines import outcomes
from pipelines.warehouse import REPO_ROOT
from views.text import md

LOG_LINES = 12
DETAIL_LINES = 400
ALERTS = {"success": st.success, "partial": st.warning, "failed": st.error}
ICONS = {"success": ":material/check_circle:", "partial": ":material/warning:", "failed": ":material/error:"}
BUSY_EXIT = 3  # pipelines/cli.py: another run of the source holds its lock


def state(name: str) -> dict | None:
    return st.session_state.get(f"background_{name}")


def running(name: str) -> bool:
    current = state(name)
    return current is not None and current["process"].poll() is None


def _temporary(name: str, suffix: str) -> Path:
    handle_no, path = tempfile.mkstemp(prefix=f"aftershock-{name}-", suffix=suffix)
    os.close(handle_no)
    return Path(path)


def start(name: str, arguments: list[str], *, with_outcomes: bool = False) -> None:
    """`python ARGUMENTS` from the repository, its output into a temporary log that the panel reads; with
    with_outcomes, `--outcomes FILE` is added so the panel can summarise the run (pipelines run only)."""
    log = _temporary(name, ".log")
    result_file = _temporary(name, ".json") if with_outcomes else None
    if result_file:
        result_file.unlink()  # the command writes it when the run has finished
        arguments = [*arguments, "--outcomes", str(result_file)]
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, *arguments],
            cwd=REPO_ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "160"},
            start_new_session=True,
        )
    st.session_state[f"background_{name}"] = {
        "process": process,
        "log": log,
        "outcomes": result_file,
        "started": datetime.now(UTC),
    }


def verdict(code: int, result: outcomes.RunSummary | None, lines: list[str]) -> tuple[str, str]:
    """(state, sentence) of a finished command: the run's own summary when it wrote one, else its exit code."""
    if result is not None:
        return result.state, result.sentence
    if code == 0:
        return "success", "finished."
    if code == BUSY_EXIT:
        return "partial", "not run: another run of it is in progress elsewhere; nothing changed."
    first = next((line for line in lines if line.strip()), "")
    return "failed", f"failed (exit code {code})" + (f": {first.strip()}" if first else ".")


def _finish(current: dict) -> None:
    """Read the log and the outcomes once, then remove the temporary files."""
    log = Path(current["log"])
    current["lines"] = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    current["summary"] = None
    result_file: Path | None = current.get("outcomes")
    if result_file and result_file.exists():
        result, item_label = outcomes.from_json(result_file.read_text(encoding="utf-8"))
        current["summary"] = outcomes.summarise(result, item_label)
        result_file.unlink(missing_ok=True)


@st.fragment(run_every=1.0)
def panel(name: str, title: str) -> None:
    """While it runs: a running status with the log's last lines. Then one sentence in a box whose colour and
    icon say success, partial or failure, with the failures by reason and the log folded away below it."""
    current = state(name)
    if current is None:
        return
    process: subprocess.Popen = current["process"]
    code = process.poll()
    if code is None:
        tail = Path(current["log"]).read_text(errors="replace").strip().splitlines()[-LOG_LINES:]
        # not a `with` block: leaving one marks the status complete, a check mark while the run still runs
        status = st.status(f"{title}: running…", state="running", expanded=True)
        status.code("\n".join(tail) or "starting…", language=None)
        return
    if "lines" not in current:
        _finish(current)
    summary: outcomes.RunSummary | None = current["summary"]
    kind, sentence = verdict(code, summary, current["lines"])
    ALERTS[kind](f"**{md(title)}:** {md(sentence, limit=600)}", icon=ICONS[kind])
    failures = summary.failures if summary else []
    label = f"Details: {sum(len(items) for _, items in failures)} failed" if failures else "Details: the log"
    with st.expander(label, expanded=False):
        if failures:
            st.dataframe(
                pd.DataFrame(
                    [(reason, len(items), ", ".join(items)) for reason, items in failures],
                    columns=["Reason", "Items", "Which"],
                ),
                hide_index=True,
                width="stretch",
            )
        st.code("\n".join(current["lines"][:DETAIL_LINES]) or "(no output)", language=None)
    if not current.get("reported"):
        current["reported"] = True
        st.rerun(scope="app")  # what the page lists above should show the new run
