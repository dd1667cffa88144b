"""Every HTML page of the dashboard tells the browser to fetch Streamlit's plotly module at once.

Streamlit's frontend loads its plotly chart module (4.7 MB of JavaScript) only when the first chart
arrives from the script, and then spends seconds fetching and compiling it before drawing. A
`Link: <…>; rel=modulepreload` header on the page lets the browser do that while it is still waiting
for the script's first elements, on the core the server is not using.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit

Scope = dict[str, Any]


def plotly_module() -> str | None:
    """The path of Streamlit's plotly chart module in this installation (its name carries a content hash)."""
    found = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return f"static/js/{found[0].name}" if found else None


class PreloadCharts:
    """ASGI middleware: a modulepreload Link header on every text/html response."""

    def __init__(self, app: Any, module: str | None = None) -> None:
        self.app = app
        self.module = module if module is not None else plotly_module()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self.module:
            await self.app(scope, receive, send)
            return
        link = f"<{scope.get('root_path', '')}/{self.module}>; rel=modulepreload".encode()

        async def with_link(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    message = {**message, "headers": [*headers, (b"link", link)]}
            await send(message)

        await self.app(scope, receive, with_link)
