"""Kept report snapshots in data/reports/ (AFTERSHOCK_REPORTS overrides): list them, keep the last N."""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.warehouse import DATA_DIR

KEEP = 8  # snapshots kept by default
NAME = re.compile(r"^aftershock_(\d{4}-\d{2}-\d{2})_([a-z]+)(?:_(.+))?\.zip$")


def reports_dir() -> Path:
    override = os.environ.get("AFTERSHOCK_REPORTS", "").strip()
    return Path(override) if override else DATA_DIR / "reports"


@dataclass(frozen=True)
class Snapshot:
    path: Path
    day: date
    page: str
    scope: str
    size: int
    formats: tuple[str, ...]
    modified: float


@dataclass(frozen=True)
class Scan:
    """What a reports folder holds: readable snapshots, newest first, and what was passed over and why."""

    snapshots: list[Snapshot]
    skipped: list[str]


def _read(path: Path, match: re.Match[str]) -> Snapshot:
    """One snapshot's facts; raises ValueError or OSError for anything that is not a readable snapshot."""
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError("impossible date in the name") from None
    if not path.is_file():
        raise ValueError("not a file")
    info = path.stat()
    with zipfile.ZipFile(path) as archive:
        kinds = {name.rsplit(".", 1)[-1] for name in archive.namelist()}
    return Snapshot(path, day, match.group(2), match.group(3) or "", info.st_size, tuple(sorted(kinds)), info.st_mtime)


def contents(snapshot: Snapshot) -> tuple[list[str], str]:
    """What a kept snapshot holds (its files) and its summary text ('' for older snapshots without one)."""
    try:
        with zipfile.ZipFile(snapshot.path) as archive:
            names = archive.namelist()
            summary = archive.read("SUMMARY.txt").decode("utf-8", "replace") if "SUMMARY.txt" in names else ""
    except (OSError, zipfile.BadZipFile):
        return [], ""
    return names, summary


def scan(folder: Path | None = None) -> Scan:
    """Kept snapshots (by date in the name, then modification time, newest first) and skipped entries."""
    folder = folder or reports_dir()
    found: list[Snapshot] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("aftershock_*.zip")) if folder.is_dir() else []:
        match = NAME.match(path.name)
        if not match:
            continue
        try:
            found.append(_read(path, match))
        except zipfile.BadZipFile:
            skipped.append(f"{path.name} (not a ZIP archive)")
        except ValueError as exc:
            skipped.append(f"{path.name} ({exc})")
        except OSError as exc:
            skipped.append(f"{path.name} ({exc.strerror or 'unreadable'})")
    return Scan(sorted(found, key=lambda s: (s.day, s.modified), reverse=True), skipped)


def snapshots(folder: Path | None = None) -> list[Snapshot]:
    """Kept snapshots, newest first."""
    return scan(folder).snapshots


def prune(keep: int, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` readable snapshots (anything else is left alone); returns what was removed."""
    if keep < 1:
        raise ValueError("keep must be at least 1: the snapshot just written is one of them")
    removed = [s.path for s in snapshots(folder)[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def free_name(path: Path) -> Path:
    """path, or path with ~2, ~3 … before the extension if a file of that name is already kept."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.stem}~{n}{path.suffix}")
    return candidate
