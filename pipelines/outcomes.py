"""What a pipeline run did, item by item: the summary the CLI prints and the run row records, and the one
sentence that says it to a person (the CLI's last line and the Data page's Refresh now)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

NO_INTERNET = "no internet"
# how the sources word a failure to reach the network at all (DNS or connection): pipelines/prices.py, hub.py
_NO_NETWORK_MARKS = ("network unreachable", "could not resolve", "offline mode is enabled", "name or service not known")


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
    data_as_of: str | None = None  # the newest date of this source's data in the warehouse after the run

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
        """Each distinct reason once, with the items it hit: 34 tickers offline are one reason, not 34."""
        by_reason: dict[str, list[str]] = {}
        for o in self.outcomes:
            if o.status == "failed" or o.reason.startswith("skipped"):
                by_reason.setdefault(o.reason, []).append(o.item)
        reasons = [f"{', '.join(items)}: {reason}" for reason, items in by_reason.items()]
        if self.fatal:
            reasons.insert(0, f"nothing published: {self.fatal}")
        return "; ".join(reasons) if reasons else None


def no_network(reason: str) -> bool:
    """True for a failure to reach the network at all (a DNS or connection error), whichever host."""
    text = reason.lower()
    return any(mark in text for mark in _NO_NETWORK_MARKS)


def plural(label: str) -> str:
    """'ticker' → 'tickers', 'organisation / repo' → 'organisations / repos'."""
    return " / ".join(part if part.endswith("s") else part + "s" for part in label.split(" / "))


@dataclass(frozen=True)
class RunSummary:
    state: str  # success, partial or failed (RunResult.status)
    sentence: str  # one line for a person: what was fetched, what failed and why, what the data is now
    failures: list[tuple[str, list[str]]]  # each distinct reason ("no internet" for any network failure), its items


def failure_groups(result: RunResult) -> list[tuple[str, list[str]]]:
    """The failed items grouped by reason, the most frequent first; every network failure is 'no internet'."""
    groups: dict[str, list[str]] = {}
    for o in result.outcomes:
        if o.status == "failed":
            groups.setdefault(NO_INTERNET if no_network(o.reason) else o.reason or "no reason given", []).append(o.item)
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))


def summarise(result: RunResult, item_label: str = "item") -> RunSummary:
    """'No internet: 0/34 tickers updated; your data of 2026-08-21 is unchanged.' and its like: one sentence."""
    fetched = [o for o in result.outcomes if not o.local]
    updated = sum(o.status != "failed" for o in fetched)
    groups = failure_groups(result)
    as_of = f" of {result.data_as_of}" if result.data_as_of else ""
    unchanged = f"your data{as_of} is unchanged"
    if result.fatal:
        return RunSummary("failed", f"Nothing published ({result.fatal}); {unchanged}.", groups)
    count = f"{updated}/{len(fetched)} {plural(item_label)} updated"
    if groups and [reason for reason, _ in groups] == [NO_INTERNET] and updated == 0:
        head = f"No internet: {count}"
    else:
        rows = result.rows_fetched
        head = count[0].upper() + count[1:] + (f" ({rows:,} rows written)" if rows else "")
        if groups:
            failed = sum(len(items) for _, items in groups)
            reasons = [reason if len(groups) == 1 else f"{len(items)} × {reason}" for reason, items in groups]
            head += f"; {failed} failed: " + ", ".join(reasons)
    if result.rows_fetched:
        tail = f"data now to {result.data_as_of}" if result.data_as_of else "the data was updated"
    else:
        tail = unchanged
    return RunSummary(result.status, f"{head}; {tail}.", groups)


def to_json(result: RunResult, item_label: str) -> str:
    """The run's outcomes for another process (the Data page reads what the CLI's run wrote)."""
    return json.dumps({"item_label": item_label, "result": asdict(result)}, default=str)


def from_json(text: str) -> tuple[RunResult, str]:
    data = json.loads(text)
    raw = data["result"]
    outcomes = [
        ItemOutcome(**{**o, "start": date.fromisoformat(o["start"]) if o.get("start") else None})
        for o in raw.pop("outcomes", [])
    ]
    return RunResult(**raw, outcomes=outcomes), data.get("item_label", "item")
