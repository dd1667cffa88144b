"""A report snapshot and its formats: HTML, PDF, XLSX, CSV, PNG and a ZIP of them all.

A Report (reporting/document.py) holds what a page shows, the filters that produced it, its
summary, sources and notes. Writers are pure functions of a Report, registered once in FORMATS:
the dashboard's Download report, `python -m reporting` and the scheduled snapshot use the same ones.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

from reporting.document import EMPTY_TABLE, Report, slug_for
from reporting.html import to_html
from reporting.images import chromium_available, to_images
from reporting.pdf import PdfError, to_pdf
from reporting.tables import defuse, to_csvs

__all__ = [
    "EMPTY_TABLE",
    "FORMATS",
    "ExportFormat",
    "Report",
    "chromium_available",
    "defuse",
    "file_name",
    "render",
    "slug_for",
    "to_csvs",
    "to_html",
    "to_images",
    "to_pdf",
    "to_xlsx",
    "to_zip",
]


def to_xlsx(report: Report) -> bytes:
    """The Excel workbook (reporting/workbook.py). openpyxl is imported when a workbook is asked for, not
    with the dashboard's first page (0.13 s of it)."""
    from reporting import workbook

    return workbook.to_xlsx(report)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _pngs(report: Report) -> bytes:
    files, skipped = to_images(report, "png")
    return _zip(files or {"SKIPPED.txt": f"PNG skipped: {skipped}\n".encode()})


def to_zip(report: Report) -> bytes:
    """Every format in one archive; what could not be made is named in the report's notes."""
    files: dict[str, bytes] = {}
    notes = list(report.notes)
    images, skipped = to_images(report, "png")
    files.update({f"charts/{name}": data for name, data in images.items()})
    if skipped:
        notes.append(f"PNG files were skipped: {skipped}.")
    try:
        files[f"{report.slug}.pdf"] = to_pdf(report)
    except PdfError as exc:
        notes.append(f"The PDF was skipped: {exc}.")
    report = replace(report, notes=notes)
    files[f"{report.slug}.html"] = to_html(report)
    files[f"{report.slug}.xlsx"] = to_xlsx(report)
    files.update({f"csv/{name}": data for name, data in to_csvs(report).items()})
    files["SUMMARY.txt"] = summary_text(report).encode("utf-8")
    return _zip(files)


def summary_text(report: Report) -> str:
    """The report's title, scope and summary as plain text: what the Reports page previews."""
    lines = [report.title, report.scope, f"Data: {report.data_as_of}", "", *report.summary]
    return "\n".join(line for line in lines if line is not None) + "\n"


@dataclass(frozen=True)
class ExportFormat:
    """One way to export a report: its label in the dashboard, file extension and MIME type."""

    label: str
    extension: str
    mime: str
    write: Callable[[Report], bytes]


ZIP_MIME = "application/zip"
LABEL_CHARS = 24  # the sidebar's Format box shows about this many characters before it cuts a label
FORMATS: dict[str, ExportFormat] = {  # labels short enough for the sidebar; the box's help says the rest
    "html": ExportFormat("HTML report", "html", "text/html", to_html),
    "pdf": ExportFormat("PDF", "pdf", "application/pdf", to_pdf),
    "xlsx": ExportFormat(
        "Excel workbook", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx
    ),
    "csv": ExportFormat("CSV files (ZIP)", "csv.zip", ZIP_MIME, lambda r: _zip(to_csvs(r))),
    "png": ExportFormat("Chart images (PNG)", "png.zip", ZIP_MIME, _pngs),
    "zip": ExportFormat("Everything (ZIP)", "zip", ZIP_MIME, to_zip),
}


def render(report: Report, fmt: str) -> bytes:
    """The report in one format of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return FORMATS[fmt].write(report)


def file_name(slug: str, fmt: str) -> str:
    """aftershock_DATE_PAGE[_SCOPE].EXT; csv and png come zipped (one file per table or chart)."""
    return f"aftershock_{slug}.{FORMATS[fmt].extension}"
