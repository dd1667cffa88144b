"""A command run in its own process while the page stays usable: Refresh now (Data page) and Make a
snapshot now (Reports page). The page only watches the process's log, through a fragment."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from pipelines.warehouse import REPO_ROOT

LOG_LINES = 12


def state(name: str) -> dict | None:
    return st.session_state.get(f"background_{name}")


def running(name: str) -> bool:
    current = state(name)
    return current is not None and current["process"].poll() is None


def start(name: str, arguments: list[str]) -> None:
    """`python ARGUMENTS` from the repository, its output into a temporary log that the panel reads."""
    handle_no, log_name = tempfile.mkstemp(prefix=f"aftershock-{name}-", suffix=".log")
    os.close(handle_no)
    log = Path(log_name)
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [sys.executable, *arguments],
            cwd=REPO_ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "160"},
            start_new_session=True,
        )
    st.session_state[f"background_{name}"] = {"process": process, "log": log, "started": datetime.now(UTC)}


@st.fragment(run_every=1.0)
def panel(name: str, title: str) -> None:
    """The run's progress while it runs; then its outcome, the log read once and the file removed."""
    current = state(name)
    if current is None:
        return
    process: subprocess.Popen = current["process"]
    code = process.poll()
    if code is None:
        tail = Path(current["log"]).read_text(errors="replace").strip().splitlines()[-LOG_LINES:]
        with st.status(f"{title}: running…", state="running", expanded=True):
            st.code("\n".join(tail) or "starting…", language=None)
        return
    label = {0: "finished", 3: "already running elsewhere"}.get(code, f"failed (exit code {code})")
    if "lines" not in current:  # read once, then the temporary log is removed
        log = Path(current["log"])
        current["lines"] = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
    lines = current["lines"]
    shown = lines[-LOG_LINES:] if code == 0 else lines[:LOG_LINES]  # a failure's reasons come first
    with st.status(f"{title}: {label}", state="complete" if code == 0 else "error", expanded=code != 0):
        st.code("\n".join(shown) or "(no output)", language=None)
    if not current.get("reported"):
        current["reported"] = True
        st.rerun(scope="app")  # what the page lists above should show the new run
