"""Hugging Face Hub snapshots: downloads, likes and new repos of the tracked organisations.

The Hub only reports a rolling 30-day download count and an all-time total, so every run
stores one snapshot row per repo (model_stats, as_of = fetch time in UTC); daily downloads
are derived later from consecutive all-time totals (sql/analytics/adoption.sql).

One list_models(author=org, expand=[…]) call per organisation (paginated, and retried by
huggingface_hub itself on 429/5xx, honouring the RateLimit reset) instead of one
model_info per repo; model_info only for repos tracked by name outside those
organisations, with our own retry since huggingface_hub does not retry it.

HF_TOKEN is read from the environment and handed to the client; it is never logged,
stored or put in an error message.
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import duckdb
import httpx2
import pandas as pd
import tenacity
from huggingface_hub import HfApi, constants
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled, RepositoryNotFoundError
from huggingface_hub.utils import parse_ratelimit_headers

from pipelines import model_names
from pipelines.errors import describe_retry
from pipelines.outcomes import ItemOutcome, RunResult
from pipelines.warehouse import incoming, sql_text

SOURCE = "hub-api"
EXPAND = [
    "downloads",
    "downloadsAllTime",
    "likes",
    "trendingScore",
    "createdAt",
    "lastModified",
    "pipeline_tag",
    "library_name",
    "safetensors",
    "tags",
    "author",
]
MAX_MODELS_PER_ORG = 2000
MAX_ATTEMPTS = 4
MAX_RATE_LIMIT_WAIT = 300.0  # seconds; a longer announced reset fails the item instead of stalling the run
DISCOVERY_THRESHOLD = 10_000  # 30-day downloads that make a new repo a candidate launch
DISCOVERY_WINDOW = timedelta(days=60)  # "new": created at most this long before the snapshot
SLUG = re.compile(r"[^a-z0-9]+")


def token() -> str | None:
    """HF_TOKEN from the environment only (None: anonymous, 500 API calls per 5 minutes)."""
    value = os.environ.get("HF_TOKEN", "").strip()
    return value or None


def make_api(endpoint: str | None = None) -> HfApi:
    return HfApi(endpoint=endpoint or constants.ENDPOINT, token=token() or False)


def redact(text: str) -> str:
    """Remove the token from any text that may be shown or stored."""
    secret = token()
    return text.replace(secret, "***") if secret else text


def describe(exc: BaseException) -> str:
    retried = describe_retry(exc, describe)
    if retried is not None:
        return retried
    if isinstance(exc, OfflineModeIsEnabled):
        return "offline mode is enabled (HF_HUB_OFFLINE)"
    if isinstance(exc, httpx2.ConnectError | httpx2.ConnectTimeout | ConnectionError):
        return "network unreachable: could not connect to the Hugging Face Hub"
    if isinstance(exc, httpx2.TimeoutException):
        return "network timeout talking to the Hugging Face Hub"
    if isinstance(exc, RepositoryNotFoundError):
        return "repository not found (or private)"
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else "?"
        first = str(exc).splitlines()[0] if str(exc) else ""
        return redact(f"HTTP {status} from the Hub: {first[:160]}")
    return redact(f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}")


def reachable(endpoint: str) -> str | None:
    """None if the Hub's host resolves; otherwise the one-line reason (offline fails fast)."""
    host = urlsplit(endpoint).hostname or ""
    try:
        socket.getaddrinfo(host, None)
    except OSError:
        return f"network unreachable: could not resolve {host}"
    return None


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _retryable(exc: BaseException) -> bool:
    status = _status(exc)
    return status in (408, 429, 500, 502, 503, 504) or isinstance(exc, httpx2.TimeoutException)


def _wait(state: tenacity.RetryCallState) -> float:
    """On 429 wait until the reset the RateLimit header announces; otherwise back off exponentially."""
    exc = state.outcome.exception() if state.outcome else None
    response = getattr(exc, "response", None)
    if _status(exc) == 429 and response is not None:
        info = parse_ratelimit_headers(response.headers)
        if info is not None:
            return min(float(info.reset_in_seconds) + 1.0, MAX_RATE_LIMIT_WAIT)
        retry_after = response.headers.get("Retry-After")
        if retry_after and retry_after.isdigit():
            return min(float(retry_after), MAX_RATE_LIMIT_WAIT)
    return RETRY_BACKOFF(state)


RETRY_BACKOFF: tenacity.wait.wait_base = tenacity.wait_random_exponential(multiplier=1, max=30)
SLEEP = tenacity.nap.sleep


def with_retry(fn: Any, *args: Any, **kwargs: Any) -> Any:
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(_retryable),
        wait=_wait,
        stop=tenacity.stop_after_attempt(MAX_ATTEMPTS),
        sleep=lambda s: SLEEP(s),
    )
    return retrying(fn, *args, **kwargs)


@dataclass
class HubBatch:
    """What one organisation's listing or one tracked repo's lookup produced."""

    item: str
    organization: str | None
    models: pd.DataFrame = field(default_factory=pd.DataFrame)
    stats: pd.DataFrame = field(default_factory=pd.DataFrame)
    skipped: list[str] = field(default_factory=list)  # "repo: reason" for malformed entries
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _count(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != int(value):
        raise ValueError(f"{name} is {value!r}, not a count")
    return int(value)


def _naive(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValueError(f"date {value!r} is not a date")
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def tidy(infos: list[Any], organization: str | None, hf_org: str | None, as_of: datetime) -> HubBatch:
    """ModelInfo objects → models and model_stats rows; malformed entries are skipped with a reason."""
    batch = HubBatch(item=hf_org or "", organization=organization)
    models, stats = [], []
    seen: set[str] = set()
    for info in infos:
        repo_id = getattr(info, "id", None)
        try:
            if not isinstance(repo_id, str) or "/" not in repo_id:
                raise ValueError(f"repo id {repo_id!r} is not owner/name")
            if repo_id in seen:
                raise ValueError("listed twice in one answer; the first entry was kept")
            seen.add(repo_id)
            downloads = _count(info.downloads, "downloads")
            total = _count(info.downloads_all_time, "downloadsAllTime")
            likes = _count(info.likes, "likes")
            trending = info.trending_score
            if trending is not None and not isinstance(trending, int | float):
                raise ValueError(f"trendingScore is {trending!r}")
            safetensors = getattr(info, "safetensors", None)
            params = getattr(safetensors, "total", None) if safetensors is not None else None
            models.append(
                {
                    "repo_id": repo_id,
                    "organization": organization,
                    "created_at": _naive(info.created_at),
                    "pipeline_tag": info.pipeline_tag,
                    "library": info.library_name,
                    "license": _license(info.tags),
                    "params": params,
                    "last_modified": _naive(info.last_modified),
                    "tags": list(info.tags or []),
                    "hf_org": repo_id.split("/", 1)[0],
                }
            )
            stats.append(
                {
                    "repo_id": repo_id,
                    "as_of": as_of,
                    "downloads_30d": downloads,
                    "downloads_all_time": total,
                    "likes": likes,
                    "trending_score": trending,
                    "source": SOURCE,
                    "source_url": f"https://huggingface.co/{repo_id}",
                }
            )
        except (ValueError, TypeError, AttributeError) as exc:
            batch.skipped.append(f"{repo_id}: {exc}")
    batch.models = pd.DataFrame(models, columns=MODEL_COLUMNS)
    batch.stats = pd.DataFrame(stats, columns=STAT_COLUMNS)
    return batch


MODEL_COLUMNS = [
    "repo_id",
    "organization",
    "created_at",
    "pipeline_tag",
    "library",
    "license",
    "params",
    "last_modified",
    "tags",
    "hf_org",
]
STAT_COLUMNS = [
    "repo_id",
    "as_of",
    "downloads_30d",
    "downloads_all_time",
    "likes",
    "trending_score",
    "source",
    "source_url",
]


def _license(tags: list[str] | None) -> str | None:
    for tag in tags or []:
        if isinstance(tag, str) and tag.startswith("license:"):
            return tag.split(":", 1)[1]
    return None


def fetch_org(api: HfApi, hf_org: str, organization: str, as_of: datetime) -> HubBatch:
    """Network only: every model of one organisation with the stats we store."""
    try:
        infos = list(api.list_models(author=hf_org, expand=EXPAND, limit=MAX_MODELS_PER_ORG))
    except Exception as exc:
        return HubBatch(item=hf_org, organization=organization, error=describe(exc))
    return tidy(infos, organization, hf_org, as_of)


def fetch_repo(api: HfApi, repo_id: str, organization: str | None, as_of: datetime) -> HubBatch:
    """Network only: one repo tracked by name (not covered by an organisation listing)."""
    try:
        info = with_retry(api.model_info, repo_id, expand=EXPAND)
    except Exception as exc:
        return HubBatch(item=repo_id, organization=organization, error=describe(exc))
    batch = tidy([info], organization, None, as_of)
    batch.item = repo_id
    return batch


def load(con: duckdb.DuckDBPyConnection, batch: HubBatch) -> tuple[int, int]:
    """Upsert models and append the snapshot rows; returns (models written, stats written)."""
    if not batch.ok:
        return 0, 0
    written = []
    for name, frame in (("upsert_models", batch.models), ("insert_model_stats", batch.stats)):
        if frame.empty:
            written.append(0)
            continue
        with incoming(con, frame):
            written.append(con.execute(sql_text(f"load/{name}")).fetchall()[0][0])
    return written[0], written[1]


def launch_slug(repo_id: str) -> str:
    return "hf-" + SLUG.sub("-", repo_id.lower()).strip("-")


def discover(con: duckdb.DuckDBPyConnection, as_of: datetime, threshold: int = DISCOVERY_THRESHOLD) -> int:
    """New repos of tracked organisations past the download threshold become unconfirmed launches."""
    return con.execute(
        sql_text("load/discover_launches"),
        {
            "as_of": as_of,
            "since": as_of - DISCOVERY_WINDOW,
            "threshold": threshold,
        },
    ).fetchall()[0][0]


def apply(
    con: duckdb.DuckDBPyConnection, result: RunResult, batches: list[HubBatch], as_of: datetime, threshold: int
) -> None:
    """Load each organisation's batch into the staging warehouse, with its line of the summary."""
    for batch in batches:
        outcome = ItemOutcome(batch.item)
        if not batch.ok:
            outcome.status, outcome.reason = "failed", batch.error or "unknown error"
        else:
            outcome.updated, outcome.new = load(con, batch)
            if batch.models.empty and not batch.skipped:
                outcome.reason = "the Hub lists no models here"
            if batch.skipped:
                outcome.reason = f"skipped {len(batch.skipped)} malformed: " + "; ".join(batch.skipped[:3])
        result.outcomes.append(outcome)
    model_names.store_resolutions(con)
    found = discover(con, as_of, threshold) if any(b.ok for b in batches) else 0
    if found:
        result.notes.append(f"{found} candidate launch(es) found; confirm with `confirm-launch REPO_ID`")
