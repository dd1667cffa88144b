"""What a pipeline run did, item by item: the summary the CLI prints and the run row records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ItemOutcome:
    """One ticker's (or organisation's …) line of the summary."""

    item: str
    start: date | None = None
    new: int = 0
    updated: int = 0
    other: int = 0
    status: str = "ok"
    reason: str = ""
    local: bool = False  # reloaded from the repository's files, not fetched: does not make a source fresh


@dataclass
class RunResult:
    source: str
    run_id: str = ""
    outcomes: list[ItemOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fatal: str | None = None  # why nothing of this run was published (quality gate, storage error)

    @property
    def status(self) -> str:
        if self.fatal:
            return "failed"
        fetched = [o for o in self.outcomes if not o.local]
        failed = sum(o.status == "failed" for o in fetched)
        if not fetched or failed == len(fetched):
            return "failed"  # every network item failed: a reload of local files alone is no update
        return "partial" if failed else "success"

    @property
    def rows_written(self) -> int:
        return 0 if self.fatal else sum(o.new + o.updated + o.other for o in self.outcomes)

    @property
    def rows_fetched(self) -> int:
        """Rows that came from the network: only these mean the data was updated by the pipelines."""
        return 0 if self.fatal else sum(o.new + o.updated + o.other for o in self.outcomes if not o.local)

    @property
    def error(self) -> str | None:
        reasons = [
            f"{o.item}: {o.reason}" for o in self.outcomes if o.status == "failed" or o.reason.startswith("skipped")
        ]
        if self.fatal:
            reasons.insert(0, f"nothing published: {self.fatal}")
        return "; ".join(reasons) if reasons else None
