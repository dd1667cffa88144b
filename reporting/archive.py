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


def snapshots(folder: Path | None = None) -> list[Snapshot]:
    """Kept snapshots, newest first (by date in the name, then by modification time)."""
    folder = folder or reports_dir()
    found = []
    for path in folder.glob("aftershock_*.zip") if folder.exists() else []:
        match = NAME.match(path.name)
        if not match:
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                kinds = {name.rsplit(".", 1)[-1] for name in archive.namelist()}
        except zipfile.BadZipFile:
            continue
        found.append(
            Snapshot(
                path,
                date.fromisoformat(match.group(1)),
                match.group(2),
                match.group(3) or "",
                path.stat().st_size,
                tuple(sorted(kinds)),
            )
        )
    return sorted(found, key=lambda s: (s.day, s.path.stat().st_mtime), reverse=True)


def prune(keep: int, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` snapshots; returns what was removed."""
    removed = [s.path for s in snapshots(folder)[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
