"""serve.py's parts: the warm-up of a new server process and the header that preloads the chart module."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from app import data, preload, warm
from pipelines import study_cache
from pipelines.warehouse import REPO_ROOT

HTML = [(b"content-type", b"text/html; charset=utf-8")]
SCRIPT = [(b"content-type", b"application/javascript")]


PAGE = [b"<html><head><title>t</title>", b"</head><body>x</body></html>"]  # an HTML page sent in two parts


def served(
    headers: list[tuple[bytes, bytes]], path: str = "/", module: str | None = "static/js/Chart.abc.js",
    body: list[bytes] | None = None, method: str = "GET",
) -> tuple[dict, bytes]:
    """The response headers and body the browser gets through PreloadCharts, for an app answering with headers
    and body (its parts)."""
    parts = body if body is not None else [b""]

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    middleware = preload.PreloadCharts(app, module=module)
    asyncio.run(middleware({"type": "http", "method": method, "path": path, "root_path": ""}, None, send))
    assert [m["type"] for m in sent][:1] == ["http.response.start"]
    return dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_pages_tell_the_browser_to_preload_the_chart_module() -> None:
    assert served(HTML)[0][b"link"] == b"</static/js/Chart.abc.js>; rel=modulepreload"
    assert b"link" not in served(SCRIPT)[0]  # only pages, not the scripts and data they load
    assert b"link" not in served(HTML, module="")[0]  # an installation without the module: nothing to preload


def test_pages_import_the_chart_module_as_soon_as_they_are_parsed() -> None:
    length = str(len(b"".join(PAGE))).encode()
    headers, body = served([*HTML, (b"content-length", length)], body=PAGE)
    script = b'<script type="module">import("/static/js/Chart.abc.js").catch(() => {});</script></head>'
    assert body == PAGE[0] + script + PAGE[1].removeprefix(b"</head>")
    assert headers[b"content-length"] == str(len(body)).encode()  # the length of what is sent
    assert served(SCRIPT, body=PAGE)[1] == b"".join(PAGE)  # a script is sent as it is
    compressed = [*HTML, (b"content-encoding", b"gzip")]
    assert served(compressed, body=[b"\x1f\x8b</head>"])[1] == b"\x1f\x8b</head>"  # not rewritten: only the header


def test_a_head_request_keeps_the_pages_length() -> None:
    """A HEAD answer has no body: its Content-Length is the page's, which the middleware must not replace by 0."""
    headers, body = served([*HTML, (b"content-length", b"1234")], body=[b""], method="HEAD")
    assert body == b"" and headers[b"content-length"] == b"1234"
    assert headers[b"link"] == b"</static/js/Chart.abc.js>; rel=modulepreload"


def test_the_chart_module_is_the_installed_streamlits() -> None:
    module = preload.plotly_module()
    assert module is not None and module.startswith("static/js/PlotlyChart.")
    import streamlit

    assert (Path(streamlit.__file__).parent / "static" / module).is_file()


def test_warm_up_builds_a_first_warehouse_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "aftershock.duckdb"
    monkeypatch.setenv("AFTERSHOCK_DB", str(db))
    warm.start().join(timeout=120)  # its own thread, as the server runs it (the studies at low priority)
    assert db.exists()
    assert study_cache.kept_in(db)  # the first build left the kept studies out; the warm-up kept them after
    stamp = db.stat().st_mtime_ns
    assert data.build_if_missing() is False  # a first visitor after the warm-up finds its file
    assert db.stat().st_mtime_ns == stamp


def test_warm_up_keeps_the_studies_a_stopped_first_start_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines import seed

    db = tmp_path / "aftershock.duckdb"
    seed.build(db, keep_studies=False)  # as a first start stopped before its second publish leaves it
    monkeypatch.setenv("AFTERSHOCK_DB", str(db))
    assert not study_cache.kept_in(db)
    warm.start().join(timeout=120)
    assert study_cache.kept_in(db)


def test_warm_up_reads_an_existing_warehouse_without_writing_it(
    seed_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "aftershock.duckdb"
    shutil.copyfile(seed_warehouse, db)
    monkeypatch.setenv("AFTERSHOCK_DB", str(db))
    before = db.read_bytes()
    warm.start().join(timeout=120)
    assert db.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name != db.name and not p.name.startswith(".")]


def test_a_warm_up_that_fails_logs_and_leaves_the_server_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "aftershock.duckdb"
    db.write_text("not a warehouse")
    monkeypatch.setenv("AFTERSHOCK_DB", str(db))
    with caplog.at_level(logging.WARNING, logger="aftershock"):
        warm.warm()  # no exception
    assert "warm-up skipped" in caplog.text
    assert db.read_text() == "not a warehouse"


def test_serve_py_runs_the_dashboard_script() -> None:
    text = (REPO_ROOT / "serve.py").read_text(encoding="utf-8")
    assert 'st.App("dashboard.py"' in text and "PreloadCharts" in text


def test_warm_up_prepares_the_first_page_a_visitor_opens(
    seed_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the warm-up, the Market timeline's first run finds its view model and its chart ready: it
    neither collects the view nor builds the chart."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from app import charts
    from views import timeline

    db = tmp_path / "aftershock.duckdb"
    shutil.copyfile(seed_warehouse, db)
    monkeypatch.setenv("AFTERSHOCK_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    warm.warm()
    prepared = list(charts._kept())
    assert any(token[0] == "timeline_chart" for token in prepared)
    collected: list[object] = []
    real = timeline.collect

    def counted(*args):
        collected.append(args)
        return real(*args)

    counted.__module__, counted.__qualname__ = real.__module__, real.__qualname__  # the same key as the real one
    monkeypatch.setattr(timeline, "collect", counted)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception and at.title[0].value == "Market timeline"
    assert collected == [] and list(charts._kept()) == prepared
