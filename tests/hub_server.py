"""A local fake of the Hugging Face Hub API, for huggingface_hub's own client (HfApi(endpoint=…)).

It serves /api/models?author=… in pages linked by `Link: <…>; rel="next"` and
/api/models/{repo_id}, in the Hub's JSON format, and can answer 429 (with the RateLimit
headers the Hub sends) or 500 a set number of times first. Every request is recorded with
its headers so a test can check what the client sent.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit


def model(
    repo_id: str,
    *,
    downloads: Any = 1000,
    total: Any = 50_000,
    likes: Any = 10,
    created: str = "2025-01-20T12:00:00.000Z",
    trending: Any = 5,
    tags: list[str] | None = None,
) -> dict:
    """One entry as /api/models?expand=… returns it."""
    return {
        "_id": "0" * 24,
        "id": repo_id,
        "author": repo_id.split("/")[0],
        "downloads": downloads,
        "downloadsAllTime": total,
        "likes": likes,
        "trendingScore": trending,
        "createdAt": created,
        "lastModified": "2025-02-01T08:00:00.000Z",
        "pipeline_tag": "text-generation",
        "library_name": "transformers",
        "tags": tags or ["transformers", "license:mit"],
        "safetensors": {"parameters": {"BF16": 7_000_000_000}, "total": 7_000_000_000},
    }


@dataclass
class Hub:
    """The fake's state: models per organisation, page size, and failures to serve first."""

    orgs: dict[str, list[dict]] = field(default_factory=dict)
    repos: dict[str, dict] = field(default_factory=dict)
    page_size: int = 2
    fail_first: dict[str, list[int]] = field(default_factory=dict)  # path prefix → statuses to answer first
    leaderboards: dict[str, list[dict]] = field(default_factory=dict)  # dataset id → leaderboard entries
    files: dict[str, bytes] = field(default_factory=dict)  # any other path → raw bytes (an archive, …)
    requests: list[dict] = field(default_factory=list)
    served: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class _Handler(BaseHTTPRequestHandler):
    hub: Hub
    base: str

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.hub.requests.append({"path": parts.path, "query": query, "headers": dict(self.headers)})
        for prefix, statuses in self.hub.fail_first.items():
            if parts.path.startswith(prefix) and statuses:
                status = statuses.pop(0)
                headers = (
                    {"RateLimit": '"api";r=0;t=7', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'}
                    if status == 429
                    else {}
                )
                return self._json(status, {"error": f"fake {status}"}, headers)
        if parts.path in self.hub.files:
            return self._bytes(self.hub.files[parts.path])
        if parts.path.startswith("/api/datasets/") and parts.path.endswith("/leaderboard"):
            dataset = parts.path.removeprefix("/api/datasets/").removesuffix("/leaderboard")
            if dataset not in self.hub.leaderboards:
                return self._json(404, {"error": "This dataset has no leaderboard"})
            return self._json(200, self.hub.leaderboards[dataset])
        if parts.path == "/api/models":
            return self._list(query)
        if parts.path.startswith("/api/models/"):
            repo_id = parts.path.removeprefix("/api/models/")
            entry = self.hub.repos.get(repo_id) or next(
                (m for ms in self.hub.orgs.values() for m in ms if m.get("id") == repo_id), None
            )
            if entry is None:
                return self._json(404, {"error": "Repository not found"}, {"X-Error-Code": "RepoNotFound"})
            return self._json(200, entry)
        return self._json(404, {"error": "not faked"})

    def _list(self, query: dict[str, list[str]]) -> None:
        author = query.get("author", [""])[0]
        models = self.hub.orgs.get(author, [])
        start = int(query.get("cursor", ["0"])[0])
        page = models[start : start + self.hub.page_size]
        headers = {}
        if start + self.hub.page_size < len(models):
            nxt = {k: v for k, v in query.items() if k != "cursor"}
            nxt["cursor"] = [str(start + self.hub.page_size)]
            headers["Link"] = f'<{self.base}/api/models?{urlencode(nxt, doseq=True)}>; rel="next"'
        self.hub.served[author] += 1
        self._json(200, page, headers)

    def _bytes(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def eval_result(dataset: str, task: str, value: Any, *, date: str = "2025-02-01", notes: str | None = None) -> dict:
    """One `.eval_results/*.yaml` entry as the Hub's API returns it under expand=evalResults."""
    return {
        "filename": f".eval_results/{task}.yaml",
        "data": {
            "dataset": {"id": dataset, "task_id": task},
            "value": value,
            "date": date,
            "notes": notes,
            "source": {"url": f"https://example.org/evals/{task}", "name": "vendor eval run"},
        },
    }


def leaderboard_entry(rank: int, model_id: str, value: Any, *, verified: bool = False) -> dict:
    """One entry of /api/datasets/{id}/leaderboard."""
    return {
        "rank": rank,
        "modelId": model_id,
        "value": value,
        "filename": ".eval_results/x.yaml",
        "verified": verified,
        "source": None,
        "author": {"name": model_id.split("/")[0], "type": "org"},
    }


class FakeHubServer:
    """Start with `with FakeHubServer(hub) as url:`; serves on a free loopback port."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        handler = type("Handler", (_Handler,), {"hub": hub, "base": self.url})
        self.server.RequestHandlerClass = handler
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        _HUBS[self.url] = self.hub
        self.thread.start()
        return self.url

    def __exit__(self, *exc: Any) -> None:
        _HUBS.pop(self.url, None)
        self.server.shutdown()
        self.server.server_close()


DAY1 = datetime(2026, 11, 1, 6, 0)


def build_daily_series(url: str, hub: Hub | None = None) -> None:
    """Three hub runs against the fake at `url` (day 1, day 2, day 5) into the live warehouse.

    DeepSeek-R1 and -V3 gain 24,000 and 6,000 downloads over the first day, then 69,000 and
    9,000 over the next three: a daily series with one gap.
    """
    from pipelines import runner

    hub = hub or _HUBS[url]
    for day, (r1, v3) in ((0, (11_000_000, 9_000_000)), (1, (11_024_000, 9_006_000)), (4, (11_093_000, 9_015_000))):
        hub.orgs["deepseek-ai"] = [
            model("deepseek-ai/DeepSeek-R1", total=r1, downloads=700_000 + day * 5000),
            model("deepseek-ai/DeepSeek-V3", total=v3, downloads=300_000 + day * 1000),
        ]
        runner.run_hub(["deepseek-ai"], endpoint=url, as_of=DAY1 + timedelta(days=day))


_HUBS: dict[str, Hub] = {}
