"""Benchmark scores from three kinds of source, each kept apart (origin) and never merged:

1. the curated vendor-reported tables in data/seed/benchmark_scores.csv (offline);
2. Hugging Face evaluation results: model_info(expand=["evalResults"]) for the launches'
   repos, and get_dataset_leaderboard() for the official benchmark datasets listed in
   data/universe/benchmark_sources.csv (kept: entries of repos Aftershock tracks);
3. Epoch AI's Benchmarking Hub archive (benchmark_data.zip over HTTPS, CC BY 4.0), whose
   scores are dated by each model version's release date.

Names are kept as each source writes them; pipelines/model_names.py resolves them to canonical
models and launches after every load (model_names table), and the alias tables map benchmarks
(sql/analytics/benchmarks.sql).

Epoch AI's archive, as it really is: `Model version` is the provider's API name, whose effort or
budget suffix (`_high`, `_16K`) becomes the score's variant; the score column depends on the
archive's version (`mean_score` in newer ones, `Best score (across scorers)` in older ones, both
in April 2026): each is stored as its own metric under its own name, never one for the other;
every run is kept with its `id` and `Started at`.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb
import httpx2
import pandas as pd
import tenacity
from huggingface_hub import HfApi

from pipelines import hub, model_names, seed
from pipelines.errors import SourceError, describe_retry
from pipelines.outcomes import ItemOutcome, RunResult
from pipelines.warehouse import DATA_DIR, execute_sql, incoming

EPOCH_URL = "https://epoch.ai/data/benchmark_data.zip"
EPOCH_PAGE = "https://epoch.ai/benchmarks/use-this-data"
SOURCES_FILE = DATA_DIR / "universe" / "benchmark_sources.csv"
COLUMNS = [
    "model",
    "repo_id",
    "benchmark",
    "variant",
    "score",
    "metric",
    "source",
    "source_url",
    "reported_date",
    "as_of",
    "run_id",
    "started_at",
]
# Every one present is stored, each as its own metric named by its column.
EPOCH_SCORE_COLUMNS = ("mean_score", "Best score (across scorers)", "Accuracy", "accuracy", "EM", "Score", "score")
EPOCH_MODEL_COLUMNS = ("Model version", "model", "Model")
EPOCH_DATE_COLUMNS = ("Version release date", "Release date", "release_date", "Date")
EPOCH_RUN_COLUMN = "id"
EPOCH_STARTED_COLUMN = "Started at"
MAX_ZIP_BYTES = 200 * 1024 * 1024


@dataclass
class ScoreBatch:
    """One item of a benchmarks run: its origin key, the rows, and what went wrong."""

    origin: str
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    skipped: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class SourceSpec:
    origin: str  # hf-leaderboard or epoch
    key: str  # dataset id or file name in the archive
    task_id: str | None
    benchmark: str
    variant: str | None


def source_specs() -> list[SourceSpec]:
    with open(SOURCES_FILE, newline="", encoding="utf-8-sig") as fh:
        return [
            SourceSpec(r["origin"], r["key"], r["task_id"] or None, r["benchmark"], r["variant"] or None)
            for r in csv.DictReader(fh)
        ]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _score(value: Any) -> float:
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"score {value!r} is not a number")
    return number


def hf_eval_results(api: HfApi, repo_id: str, as_of: datetime) -> ScoreBatch:
    """Network only: the evaluation results a Hub repo publishes (.eval_results/*.yaml)."""
    batch = ScoreBatch(origin=f"hf-eval:{repo_id}")
    try:
        info = hub.with_retry(api.model_info, repo_id, expand=["evalResults"])
    except Exception as exc:
        batch.error = hub.describe(exc)
        return batch
    rows = []
    for entry in getattr(info, "eval_results", None) or []:
        try:
            rows.append(
                {
                    "model": repo_id,
                    "repo_id": repo_id,
                    "benchmark": entry.dataset_id + (f"/{entry.task_id}" if entry.task_id else ""),
                    "variant": entry.notes or None,
                    "score": _score(entry.value),
                    "metric": "hub eval result",
                    "source": entry.source_name or f"Hugging Face eval results of {repo_id}",
                    "source_url": entry.source_url or f"https://huggingface.co/{repo_id}",
                    "reported_date": _day(entry.date),
                    "as_of": as_of,
                }
            )
        except (ValueError, TypeError, AttributeError) as exc:
            batch.skipped.append(f"{getattr(entry, 'dataset_id', '?')}: {exc}")
    batch.rows = _frame(rows)
    return batch


def hf_leaderboard(api: HfApi, spec: SourceSpec, tracked: set[str], as_of: datetime) -> ScoreBatch:
    """Network only: an official benchmark dataset's leaderboard, kept to the repos we track."""
    batch = ScoreBatch(origin=f"hf-leaderboard:{spec.key}")
    try:
        entries = hub.with_retry(api.get_dataset_leaderboard, spec.key)
    except Exception as exc:
        batch.error = hub.describe(exc)
        return batch
    rows = []
    for entry in entries:
        model_id = getattr(entry, "model_id", None)
        if model_id not in tracked:
            continue
        try:
            rows.append(
                {
                    "model": model_id,
                    "repo_id": model_id,
                    "benchmark": spec.benchmark,
                    "variant": spec.variant,
                    "score": _score(entry.value),
                    "metric": "hub leaderboard" + (" (verified)" if getattr(entry, "verified", False) else ""),
                    "source": f"Hugging Face leaderboard of {spec.key}",
                    "source_url": f"https://huggingface.co/datasets/{spec.key}",
                    "reported_date": None,
                    "as_of": as_of,
                }
            )
        except (ValueError, TypeError) as exc:
            batch.skipped.append(f"{model_id}: {exc}")
    batch.rows = _frame(rows)
    return batch


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(str(value)).date()


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _timestamp(value: Any) -> datetime | None:
    """Epoch's `Started at` (ISO 8601, usually UTC with Z) as a naive UTC timestamp."""
    if _text(value) is None:
        return None
    stamp = pd.Timestamp(str(value))
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.to_pydatetime()


def epoch_url() -> str:
    return os.environ.get("AFTERSHOCK_EPOCH_URL", EPOCH_URL)


def _download(url: str) -> bytes:
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(
            lambda e: (
                isinstance(e, httpx2.TimeoutException)
                or (isinstance(e, httpx2.HTTPStatusError) and e.response.status_code in (429, 500, 502, 503, 504))
            )
        ),
        wait=hub.RETRY_BACKOFF,
        stop=tenacity.stop_after_attempt(hub.MAX_ATTEMPTS),
        sleep=lambda s: hub.SLEEP(s),
    )
    for attempt in retrying:
        with attempt:
            response = httpx2.get(url, timeout=60, follow_redirects=True)
            response.raise_for_status()
            if len(response.content) > MAX_ZIP_BYTES:
                raise SourceError(f"the archive at {url} is larger than {MAX_ZIP_BYTES // 2**20} MB")
            return response.content
    raise AssertionError("unreachable")


def fetch_epoch_archive(url: str | None = None) -> tuple[zipfile.ZipFile | None, str | None]:
    """Network only: Epoch AI's benchmark archive, or the one-line reason it could not be had."""
    url = url or epoch_url()
    offline = hub.reachable(url)
    if offline:
        return None, offline
    try:
        return zipfile.ZipFile(io.BytesIO(_download(url))), None
    except zipfile.BadZipFile:
        return None, f"{url} did not return a zip archive"
    except Exception as exc:
        return None, _describe_http(exc)


def _describe_http(exc: BaseException) -> str:
    retried = describe_retry(exc, _describe_http)
    if retried is not None:
        return retried
    if isinstance(exc, httpx2.HTTPStatusError):
        return f"HTTP {exc.response.status_code} from {exc.request.url}"
    return hub.describe(exc)


def _pick(columns: list[str], names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in columns), None)


def epoch_scores(archive: zipfile.ZipFile, spec: SourceSpec, as_of: datetime, url: str) -> ScoreBatch:
    """One benchmark table of the archive → rows dated by each model version's release date."""
    batch = ScoreBatch(origin=f"epoch:{spec.key}")
    member = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1] == spec.key), None)
    if member is None:
        batch.error = f"{spec.key} is not in the archive (its layout may have changed)"
        return batch
    try:
        table = pd.read_csv(io.BytesIO(archive.read(member)))
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        batch.error = f"{spec.key} could not be read as CSV: {exc}"
        return batch
    columns = list(table.columns)
    model_col = _pick(columns, EPOCH_MODEL_COLUMNS)
    score_cols = [name for name in EPOCH_SCORE_COLUMNS if name in columns]
    date_col = _pick(columns, EPOCH_DATE_COLUMNS)
    if model_col is None or not score_cols:
        batch.error = f"{spec.key} has no model or score column (columns: {', '.join(columns[:12])})"
        return batch
    rows = []
    for record in table.to_dict("records"):
        name = record.get(model_col)
        try:
            if not isinstance(name, str) or not name.strip():
                raise ValueError("no model name")
            scores = {col: record[col] for col in score_cols if pd.notna(record[col])}
            if not scores:
                raise ValueError(f"no score in {' or '.join(score_cols)}")
            effort = model_names.split_name(name).effort
            variant = " · ".join(v for v in (spec.variant, effort) if v) or None
            run_id = _text(record.get(EPOCH_RUN_COLUMN))
            started = _timestamp(record.get(EPOCH_STARTED_COLUMN))
            day = _day(record.get(date_col)) if date_col and pd.notna(record.get(date_col)) else None
            rows.extend(
                {
                    "model": name.strip(),
                    "repo_id": None,
                    "benchmark": spec.benchmark,
                    "variant": variant,
                    "score": _score(value),
                    "metric": metric,
                    "source": "Epoch AI Benchmarking Hub",
                    "source_url": f"{url}#{spec.key}",
                    "reported_date": day,
                    "as_of": as_of,
                    "run_id": run_id,
                    "started_at": started,
                }
                for metric, value in scores.items()
            )
        except (ValueError, TypeError) as exc:
            batch.skipped.append(f"{name}: {exc}")
    batch.rows = _frame(rows)
    return batch


def apply(con: duckdb.DuckDBPyConnection, result: RunResult, batches: list[ScoreBatch]) -> None:
    """The curated tables reloaded (local), then each fetched batch replacing its origin's scores."""
    seed.define_schema(con)  # a warehouse built by an older version gains the new columns and tables
    seed.load_aliases(con)
    result.outcomes.append(ItemOutcome("seed (curated tables)", new=seed.load_seed_benchmarks(con), local=True))
    for batch in batches:
        outcome = ItemOutcome(batch.origin)
        if not batch.ok:
            outcome.status, outcome.reason = "failed", batch.error or "unknown error"
        else:
            with incoming(con, batch.rows):
                execute_sql(con, "load/replace_benchmark_scores", {"origin": batch.origin})
            outcome.new = len(batch.rows)
            if batch.skipped:
                outcome.reason = f"skipped {len(batch.skipped)} malformed: " + "; ".join(batch.skipped[:3])
        result.outcomes.append(outcome)
    model_names.store_resolutions(con)
