"""Fresh, late or stale against the schedule."""

from datetime import datetime, timedelta

from app.freshness import FRESH, LATE, NEVER, STALE, age_text, judge

NOW = datetime(2026, 11, 28, 12, 0)
SIX_HOURS = timedelta(hours=6)


def test_judge_against_the_schedule_interval() -> None:
    assert judge(None, SIX_HOURS, NOW) == NEVER
    assert judge(NOW - timedelta(hours=8), SIX_HOURS, NOW) == FRESH
    assert judge(NOW - timedelta(hours=10), SIX_HOURS, NOW) == LATE
    assert judge(NOW - timedelta(hours=19), SIX_HOURS, NOW) == STALE


def test_age_text() -> None:
    assert age_text(timedelta(seconds=42)) == "42 s"
    assert age_text(timedelta(minutes=90)) == "90 min"
    assert age_text(timedelta(hours=30)) == "30 h"
    assert age_text(timedelta(days=9)) == "9 days"
