"""A report snapshot and its formats: HTML, XLSX, CSV, PNG, PDF and a ZIP of them all.

A Report holds what a page shows (figures and tables), the filters that produced it, the
sources of every number and the method notes. Writers are pure functions of a Report: the
dashboard's download button and `python -m pipelines report` call the same ones.
"""

from __future__ import annotations

import html
import io
import logging
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from views.text import web_url

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "chrome")
log = logging.getLogger("aftershock.reports")


@dataclass
class Report:
    """Everything one exported view contains."""

    title: str
    page: str
    parameters: dict[str, str]
    data_as_of: str
    figures: list[tuple[str, go.Figure]] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["source", "source_url"]))
    notes: list[str] = field(default_factory=list)
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def slug(self) -> str:
        return slug_for(self.page, self.parameters.get("launch"), self.generated_at)


def _name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or "table"


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Timezone-free, list-free copy for spreadsheets and CSV (an empty frame stays an empty frame)."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].dtype == object and bool(out[column].map(lambda v: isinstance(v, list | tuple)).any()):
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what a spreadsheet may read as a formula


def defuse(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _defused(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell (and column name) of frame made inert for CSV."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(defuse)
    out.columns = [defuse(str(c)) for c in out.columns]
    return out


EMPTY_TABLE = "No rows: nothing matches these filters."


def link(url: object, text: object | None = None) -> str:
    """Escaped HTML: an <a> only for an http(s) URL, otherwise the text alone."""
    label = html.escape(str(text if text is not None else url or ""))
    href = web_url(url)
    if href:
        return f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer">{label}</a>'
    return label


def html_table(frame: pd.DataFrame) -> str:
    """A table with every cell escaped (pandas' escape=True); an empty one says so in words."""
    if frame.empty:
        return f"<p class='empty'>{html.escape(EMPTY_TABLE)}</p>"
    return _plain(frame).to_html(index=False, na_rep="", escape=True, float_format=lambda v: f"{v:.6g}")


def sources_html(sources: pd.DataFrame) -> str:
    """The Sources list: each source's name, linked only when its URL is http(s); all of it escaped."""
    if sources.empty:
        return f"<p class='empty'>{html.escape('No sources listed.')}</p>"
    items = (f"<li>{link(row.source_url, row.source)}</li>" for row in sources.itertuples())
    return "<ul class='sources'>" + "".join(items) + "</ul>"


def to_html(report: Report) -> bytes:
    """One self-contained file that opens offline: plotly.js is embedded once, not once per chart."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(report.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px}"
        "th{background:#f3f3f3}.meta td{border:none;padding:1px 8px}</style>",
        f"<script type='text/javascript'>{plotly.offline.get_plotlyjs()}</script>",
        "</head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
        "<table class='meta'>",
        f"<tr><td>Generated</td><td>{report.generated_at:%Y-%m-%d %H:%M} UTC</td></tr>",
        f"<tr><td>Data as of</td><td>{html.escape(report.data_as_of)}</td></tr>",
        *(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in report.parameters.items()),
        "</table>",
    ]
    for title, figure in report.figures:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(figure.to_html(full_html=False, include_plotlyjs=False))
    for title, table in report.tables:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(html_table(table))
    parts.append("<h2>Sources</h2>")
    parts.append(sources_html(report.sources))
    if report.notes:
        parts.append("<h2>Method and notes</h2><ul>")
        parts.extend(f"<li>{html.escape(note)}</li>" for note in report.notes)
        parts.append("</ul>")
    parts.append("<p><small>Aftershock report</small></p></body></html>")
    return "\n".join(parts).encode("utf-8")


def to_xlsx(report: Report) -> bytes:
    """A sheet per table, plus the parameters and the sources."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        params = pd.DataFrame(
            [
                ("report", report.title),
                ("generated (UTC)", f"{report.generated_at:%Y-%m-%d %H:%M}"),
                ("data as of", report.data_as_of),
                *report.parameters.items(),
            ],
            columns=["parameter", "value"],
        )
        params.to_excel(writer, sheet_name="Parameters", index=False)
        for title, table in report.tables:
            sheet = re.sub(r"[\[\]:*?/\\]", "", title)[:31]  # characters Excel refuses in a sheet name
            while sheet in used or sheet in ("Parameters", "Sources"):
                sheet = sheet[:28] + f"~{len(used)}"
            used.add(sheet)
            frame = _plain(table)
            if frame.empty:
                frame = pd.DataFrame({"note": [EMPTY_TABLE]})
            frame.to_excel(writer, sheet_name=sheet, index=False)
        report.sources.to_excel(writer, sheet_name="Sources", index=False)
        for worksheet in writer.book.worksheets:
            _text_not_formulas(worksheet)
    return buffer.getvalue()


def _text_not_formulas(worksheet: Any) -> None:
    """openpyxl stores any string starting with '=' as a formula; no cell of ours is one, so each
    such cell is typed back to text: a name like =cmd|' /C calc'!A0 stays a name."""
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def to_csvs(report: Report) -> dict[str, bytes]:
    """One file per table; text that a spreadsheet would run as a formula is defused (OWASP)."""
    return {
        f"{_name(title)}.csv": _defused(_plain(table)).to_csv(index=False).encode("utf-8")
        for title, table in report.tables
    }


def chromium_available() -> str | None:
    """None if a Chromium kaleido can drive is on PATH; otherwise why images will be skipped."""
    if any(shutil.which(name) for name in CHROMIUM):
        return None
    return "no Chromium on this machine (kaleido renders PNG and PDF with it); install Debian's chromium"


def to_images(report: Report, fmt: str) -> tuple[dict[str, bytes], str | None]:
    """Each chart as PNG or PDF through one kaleido server; (files, reason they were skipped)."""
    missing = chromium_available()
    if missing:
        return {}, missing
    import kaleido

    files: dict[str, bytes] = {}
    try:
        kaleido.start_sync_server(silence_warnings=True)
    except TypeError:
        kaleido.start_sync_server()
    except RuntimeError:
        pass  # already running in this process
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # plotly: "kopts ignored when using a server"
            for title, figure in report.figures:
                height = figure.layout.height or 500
                files[f"{_name(title)}.{fmt}"] = figure.to_image(format=fmt, width=1200, height=height)
    except Exception as exc:  # a renderer failure must not cost the other formats
        log.warning("report images skipped: %s", exc)
        return {}, f"{fmt.upper()} rendering failed: {' '.join(str(exc).split())[:200]}"
    return files, None


def to_zip(report: Report) -> bytes:
    """Every format in one archive; where images could not be made, the report says why."""
    files: dict[str, bytes] = {}
    notes = list(report.notes)
    for fmt in ("png", "pdf"):
        images, skipped = to_images(report, fmt)
        files.update({f"charts/{name}": data for name, data in images.items()})
        if skipped:
            notes.append(f"{fmt.upper()} files were skipped: {skipped}.")
    report = replace(report, notes=notes)
    for spec in FORMATS.values():
        if spec.in_zip == "file":
            files[f"{report.slug}.{spec.extension}"] = spec.write(report)
    files.update({f"csv/{name}": data for name, data in to_csvs(report).items()})
    return _zip(files)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _images_zip(fmt: str) -> Callable[[Report], bytes]:
    def write(report: Report) -> bytes:
        files, skipped = to_images(report, fmt)
        return _zip(files or {"SKIPPED.txt": f"{fmt.upper()} skipped: {skipped}\n".encode()})

    return write


@dataclass(frozen=True)
class ExportFormat:
    """One way to export a report. in_zip: "file" (its own file in the everything-ZIP), "parts" (its
    pieces are added by to_zip: CSV tables, chart images) or "" (the ZIP itself)."""

    label: str
    extension: str
    mime: str
    write: Callable[[Report], bytes]
    in_zip: str


ZIP_MIME = "application/zip"
FORMATS: dict[str, ExportFormat] = {
    "html": ExportFormat("HTML (interactive, offline)", "html", "text/html", to_html, "file"),
    "xlsx": ExportFormat(
        "Excel workbook",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        to_xlsx,
        "file",
    ),
    "csv": ExportFormat("CSV tables (zip)", "csv.zip", ZIP_MIME, lambda r: _zip(to_csvs(r)), "parts"),
    "png": ExportFormat("PNG charts (zip)", "png.zip", ZIP_MIME, _images_zip("png"), "parts"),
    "pdf": ExportFormat("PDF charts (zip)", "pdf.zip", ZIP_MIME, _images_zip("pdf"), "parts"),
    "zip": ExportFormat("Everything (zip)", "zip", ZIP_MIME, to_zip, ""),
}


def render(report: Report, fmt: str) -> bytes:
    """The report in one format of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return FORMATS[fmt].write(report)


def file_name(slug: str, fmt: str) -> str:
    """aftershock_DATE_PAGE[_SCOPE].EXT; csv, png and pdf come zipped (one file per table or chart)."""
    return f"aftershock_{slug}.{FORMATS[fmt].extension}"


def slug_for(page: str, scope: str | None = None, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    safe = re.sub(r"[^A-Za-z0-9.^-]+", "-", scope) if scope else ""
    return f"{when:%Y-%m-%d}_{page}" + (f"_{safe}" if safe else "")
