"""Fresh, late or stale: a source's last success against its schedule. Pure, for the Data page and tests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

FRESH, LATE, STALE, NEVER, FAILING = "fresh", "late", "stale", "never run", "no success yet"
COLOURS = {FRESH: "green", LATE: "orange", STALE: "red", NEVER: "gray", FAILING: "red"}


def judge(last_success: datetime | None, interval: timedelta, now: datetime) -> str:
    """Fresh within 1.5 schedule intervals of the last success, late within 3, stale after."""
    if last_success is None or pd.isna(last_success):
        return NEVER
    age = now - last_success
    if age <= interval * 1.5:
        return FRESH
    return LATE if age <= interval * 3 else STALE


def age_text(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"
