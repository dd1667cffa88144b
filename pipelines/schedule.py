"""The pipelines' schedule (config/schedule.toml) and the long-running scheduler.

Each job runs its pipeline as a child process (`python -m pipelines run SOURCE`), so a crash
in a pipeline never takes the scheduler down and SIGTERM can stop everything cleanly. One run
of a source at a time: APScheduler keeps one instance per job, and the pipeline itself takes
a per-source file lock (released by the kernel if the process dies), which also keeps a
scheduled run and a run from the CLI or the Data page apart. Missed runs are coalesced.
Logs are plain `key=value` lines on stdout, easy to grep.
"""

from __future__ import annotations

import logging
import signal
import stat
import subprocess
import sys
import threading
import time
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from pipelines.console import ErrorLines
from pipelines.warehouse import REPO_ROOT

CONFIG = REPO_ROOT / "config" / "schedule.toml"
MAX_CONFIG_BYTES = 64 * 1024  # a schedule is a few lines; this bounds what a wrong path can make us read
CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
EXIT_BUSY = 3
MISFIRE_GRACE = 3600  # seconds: a run missed by less than this (machine asleep, restart) still runs once
STOP_GRACE = 30.0  # seconds a running pipeline gets to finish after SIGTERM before it is terminated

log = logging.getLogger("aftershock.schedule")


class ScheduleError(ValueError):
    """The schedule file cannot be used; the message names the job and the problem."""


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    second: str | None
    description: str
    enabled: bool
    command: tuple[str, ...]

    def trigger(self) -> CronTrigger:
        fields = self.cron.split()
        if len(fields) != len(CRON_FIELDS):
            raise ScheduleError(f"job {self.name}: cron {self.cron!r} needs 5 fields (minute hour day month weekday)")
        try:
            return CronTrigger(timezone=UTC, second=self.second or "0", **dict(zip(CRON_FIELDS, fields, strict=True)))
        except ValueError as exc:
            raise ScheduleError(f"job {self.name}: cron {self.cron!r}: {exc}") from None

    def interval(self, now: datetime | None = None) -> timedelta:
        """The usual gap between two runs, to judge whether data is fresh, late or stale."""
        trigger = self.trigger()
        first = trigger.get_next_fire_time(None, now or datetime.now(UTC))
        gaps = []
        previous = first
        for _ in range(8):
            following = trigger.get_next_fire_time(previous, previous + timedelta(seconds=1))
            gaps.append(following - previous)
            previous = following
        return max(gaps)  # the weekend gap counts for a weekday job


def load(path: Path = CONFIG) -> list[Job]:
    """Read and check the schedule; raises ScheduleError with a readable reason."""
    try:
        config = tomllib.loads(_read_config(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScheduleError(f"cannot read {str(path)!r}: {exc}") from None
    jobs = []
    for name, spec in (config.get("jobs") or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("cron"), str):
            raise ScheduleError(f"job {name}: needs a cron string")
        command = spec.get("command") or [sys.executable, "-m", "pipelines", "run", name]
        job = Job(
            name,
            spec["cron"],
            spec.get("second"),
            spec.get("description", ""),
            bool(spec.get("enabled", True)),
            tuple(str(part).replace("{python}", sys.executable) for part in command),  # {python}: this interpreter
        )
        job.trigger()  # fail now, not at 3 a.m.
        jobs.append(job)
    if not jobs:
        raise ScheduleError(f"{path} defines no [jobs.NAME] section")
    return jobs


def _read_config(path: Path) -> str:
    """The schedule file's text. Only a regular file of at most MAX_CONFIG_BYTES: /dev/zero, a pipe or a huge
    file would otherwise be read into memory until the machine runs out of it."""
    if not stat.S_ISREG(path.stat().st_mode):  # checked before opening: opening a named pipe would wait
        raise ScheduleError(f"{str(path)!r} is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ScheduleError(f"{str(path)!r} is larger than {MAX_CONFIG_BYTES // 1024} KiB; a schedule is a few lines")
    return data.decode("utf-8")


class Runner:
    """Runs jobs as child processes and stops them on shutdown."""

    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def run(self, job: Job) -> None:
        if self.stopping.is_set():
            return
        started = time.monotonic()
        log.info("job=%s event=start", job.name)
        child = subprocess.Popen(
            job.command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        with self.lock:
            self.children[job.name] = child
        output, _ = child.communicate()
        with self.lock:
            self.children.pop(job.name, None)
        seconds = time.monotonic() - started
        last = " | ".join(line.strip() for line in output.strip().splitlines()[-3:] if line.strip())
        if child.returncode == EXIT_BUSY:
            log.info("job=%s event=skipped reason=already-running seconds=%.1f", job.name, seconds)
        elif child.returncode == 0:
            log.info("job=%s event=end status=success seconds=%.1f", job.name, seconds)
        else:
            log.warning(
                "job=%s event=end status=failed exit=%s seconds=%.1f last=%r",
                job.name,
                child.returncode,
                seconds,
                last[:300],
            )

    def stop(self, grace: float = STOP_GRACE) -> None:
        self.stopping.set()
        with self.lock:
            children = list(self.children.items())
        for name, child in children:
            try:
                child.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                log.info("job=%s event=terminate", name)
                child.terminate()


def serve(path: Path = CONFIG, *, stop_grace: float = STOP_GRACE) -> int:
    """Run the scheduler until SIGTERM or SIGINT; returns the exit code."""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, force=True, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    logging.Formatter.converter = time.gmtime
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        jobs = load(path)
    except ScheduleError as exc:
        log.error("event=config-error reason=%r", str(exc))
        ErrorLines().print(f"error: {exc}")
        return 2
    runner = Runner()
    scheduler = BlockingScheduler(
        timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE}
    )
    for job in jobs:
        if not job.enabled:
            log.info("job=%s event=disabled", job.name)
            continue
        scheduler.add_job(runner.run, job.trigger(), args=[job], id=job.name, name=job.name)
        log.info("job=%s event=scheduled cron=%r", job.name, job.cron)

    def stop(signum: int, frame: Any) -> None:
        if runner.stopping.is_set():
            return
        log.info("event=stopping signal=%s", signal.Signals(signum).name)
        runner.stopping.set()
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("event=started jobs=%d config=%s", len(scheduler.get_jobs()), path)
    scheduler.start()
    runner.stop(stop_grace)
    log.info("event=stopped")
    return 0
