"""Every HTML page of the dashboard has the browser fetch and run Streamlit's plotly module at once.

Streamlit's frontend loads its plotly chart module (4.7 MB of JavaScript) only when the first chart
arrives from the script, and then spends seconds fetching, compiling and running it before drawing (1.6 s
of the browser's main thread on the reference machine, measured). A `Link: <…>; rel=modulepreload`
header on the page lets the browser fetch and compile it while it is still loading the rest, and a
module script in the page's head imports it as soon as the page is parsed, while the browser waits for
the script's first elements: the chart then draws from a module already run (the import resolves to the
same module the frontend asks for later).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit

Scope = dict[str, Any]


def plotly_module() -> str | None:
    """The path of Streamlit's plotly chart module in this installation (its name carries a content hash)."""
    found = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return f"static/js/{found[0].name}" if found else None


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((v for k, v in headers if k.lower() == name), None)


class PreloadCharts:
    """ASGI middleware: on every text/html response, a modulepreload Link header and, in an uncompressed
    page sent with its body (not to a HEAD request, whose Content-Length is the page's), an import of the
    module before the end of its head."""

    def __init__(self, app: Any, module: str | None = None) -> None:
        self.app = app
        self.module = module if module is not None else plotly_module()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self.module:
            await self.app(scope, receive, send)
            return
        url = f"{scope.get('root_path', '')}/{self.module}"
        link = f"<{url}>; rel=modulepreload".encode()
        script = f'<script type="module">import({json.dumps(url)}).catch(() => {{}});</script></head>'.encode()
        held: dict[str, Any] = {}  # an HTML page's start message and body, until the body is whole
        body: list[bytes] = []

        async def with_link(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if (_header(headers, b"content-type") or b"").startswith(b"text/html"):
                    message = {**message, "headers": [*headers, (b"link", link)]}
                    if _header(headers, b"content-encoding") is None and scope.get("method") != "HEAD":
                        held["start"] = message
                        return
            elif message["type"] == "http.response.body" and "start" in held:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body).replace(b"</head>", script, 1)
                start = held.pop("start")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
                message = {"type": "http.response.body", "body": page}
            await send(message)

        await self.app(scope, receive, with_link)
