"""The report as one multi-page PDF: the HTML document printed by headless Chromium.

Chromium (already needed for the chart images) runs the charts' JavaScript, honours the print
stylesheet (A4, page numbers from @page margin boxes, the title page) and takes the document's
<title> as the PDF's title, so the PDF holds exactly the HTML report's content.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from reporting.document import Report
from reporting.html import PRINT_WIDTH, to_html
from reporting.images import chromium, chromium_available

TIMEOUT = 120  # seconds


class PdfError(RuntimeError):
    """Chromium could not print the report; the message says why."""


def to_pdf(report: Report) -> bytes:
    missing = chromium_available()
    if missing:
        raise PdfError(missing)
    with tempfile.TemporaryDirectory(prefix="aftershock-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_bytes(to_html(report, width=PRINT_WIDTH))
        command = [
            str(chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer",
            "--virtual-time-budget=20000",  # let plotly draw every chart before printing
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not finish printing within {TIMEOUT} s") from None
        if not target.exists() or target.stat().st_size == 0:
            detail = " ".join(done.stderr.decode(errors="replace").split())[-200:]
            raise PdfError(f"Chromium printed nothing (exit {done.returncode}): {detail}")
        return target.read_bytes()
