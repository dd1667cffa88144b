"""The report as one self-contained HTML document: on screen, in the browser's "Save as PDF", and as
the source of the PDF format (Chromium prints it). Every value is escaped; only http(s) URLs link."""

from __future__ import annotations

import html

import pandas as pd
import plotly.offline

from reporting.document import EMPTY_TABLE, Report, document_columns, for_print, plain
from views import columns
from views.text import web_url

SCREEN_WIDTH = 960  # px: readable on screen and at A4/Letter width
PRINT_WIDTH = 680  # px: the printable width of an A4 page at 96 dpi with 15 mm margins

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: %(width)dpx; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
p, li, dd, dt { font-size: 14px; line-height: 1.5; }
.scope { font-size: 15px; color: #333; margin: 4px 0; }
.meta { font-size: 12px; color: #57606a; margin: 2px 0 12px; }
.summary p { font-size: 15px; margin: 6px 0; }
table { border-collapse: collapse; width: 100%%; margin: 8px 0 4px; font-size: 12px; table-layout: auto; }
th, td { border-bottom: 1px solid #d8dee4; padding: 4px 6px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #f6f8fa; font-weight: 600; overflow-wrap: normal; }
td.short { white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.params td:first-child { color: #57606a; width: 30%%; }
.tablenote, .empty { font-size: 12px; color: #57606a; margin: 2px 0 8px; }
figure { margin: 12px 0 20px; break-inside: avoid; }
dl dt { font-weight: 600; margin-top: 8px; }
dl dd { margin: 2px 0 0 16px; }
a { color: #0969da; }
.plotly-graph-div { max-width: 100%%; }
@page { size: A4; margin: 15mm 15mm 18mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; color: #57606a; }
        @bottom-left { content: "Aftershock report"; font-size: 9pt; color: #57606a; } }
@media print {
  main { max-width: none; padding: 0; }
  .first { break-after: page; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def cell(value: object, name: str, row: dict) -> str:
    shown = columns.formatted(value, name, row)
    style = "num" if columns.kind(name) in columns.NUMERIC_KINDS else "short" if len(shown) <= 12 else ""
    return f"<td class='{style}'>{html.escape(shown)}</td>" if style else f"<td>{html.escape(shown)}</td>"


def table_html(frame: pd.DataFrame) -> str:
    """A table with human headers and formatted, escaped cells; an empty one says so in words."""
    if frame.empty:
        return f"<p class='empty'>{html.escape(EMPTY_TABLE)}</p>"
    frame = plain(frame)
    shown = document_columns(frame)
    head = "".join(
        f"<th{' class=num' if columns.kind(c) in columns.NUMERIC_KINDS else ''}>{html.escape(columns.header(c))}</th>"
        for c in shown
    )
    rows = []
    for record in frame.to_dict("records"):
        rows.append("<tr>" + "".join(cell(record.get(c), c, record) for c in shown) + "</tr>")
    note = (
        f"<p class='tablenote'>{len(frame):,} rows; {len(shown)} of {len(frame.columns)} columns shown here, "
        "all of them in the XLSX and CSV files.</p>"
        if len(shown) < len(frame.columns)
        else f"<p class='tablenote'>{len(frame):,} rows.</p>"
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"


def link(url: object, text: object | None = None) -> str:
    """Escaped HTML: an <a> only for an http(s) URL, otherwise the text alone."""
    label = html.escape(str(text if text is not None else url or ""))
    href = web_url(url)
    if href:
        return f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer">{label}</a>'
    return label


def sources_html(sources: pd.DataFrame) -> str:
    """The Sources list: each source's name, linked only when its URL is http(s); all of it escaped."""
    if sources.empty:
        return f"<p class='empty'>{html.escape('No sources listed.')}</p>"
    items = (f"<li>{link(row.source_url, row.source)}</li>" for row in sources.itertuples())
    return "<ul class='sources'>" + "".join(items) + "</ul>"


def to_html(report: Report, *, width: int = SCREEN_WIDTH) -> bytes:
    """One self-contained file that opens offline: plotly.js is embedded once, not once per chart."""
    e = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{e(report.title)}</title>",
        f"<style>{STYLE % {'width': width}}</style>",
        f"<script type='text/javascript'>{plotly.offline.get_plotlyjs()}</script>",
        "</head><body><main>",
        "<section class='first'>",
        f"<h1>{e(report.title)}</h1>",
    ]
    if report.scope:
        parts.append(f"<p class='scope'>{e(report.scope)}</p>")
    parts.append(
        f"<p class='meta'>Data: {e(report.data_as_of)} · generated {report.generated_at:%Y-%m-%d %H:%M} UTC</p>"
    )
    if report.summary:
        parts.append("<div class='summary'><h2>Summary</h2>")
        parts.extend(f"<p>{e(sentence)}</p>" for sentence in report.summary)
        parts.append("</div>")
    if report.parameters:
        parts.append("<h2>Parameters</h2><table class='params'><tbody>")
        parts.extend(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in report.parameters.items())
        parts.append("</tbody></table>")
    parts.append("</section>")
    for title, figure in report.figures:
        height = int(figure.layout.height or 480)
        chart = for_print(figure, title).to_html(
            full_html=False,
            include_plotlyjs=False,
            default_width=f"{width - 32}px",
            default_height=f"{height}px",
            config={"displaylogo": False, "responsive": width == SCREEN_WIDTH, "displayModeBar": width == SCREEN_WIDTH},
        )
        parts.append(f"<figure aria-label='{e(title, quote=True)}'>{chart}</figure>")
    for title, table in report.tables:
        parts.append(f"<h2>{e(title)}</h2>")
        parts.append(table_html(table))
    if report.glossary:
        parts.append("<h2>Glossary</h2><dl>")
        parts.extend(f"<dt>{e(term)}</dt><dd>{e(meaning)}</dd>" for term, meaning in report.glossary)
        parts.append("</dl>")
    if report.notes:
        parts.append("<h2>Method and notes</h2><ul>")
        parts.extend(f"<li>{e(note)}</li>" for note in report.notes)
        parts.append("</ul>")
    parts.append("<h2>Sources</h2>")
    parts.append(sources_html(report.sources))
    parts.append("<p class='meta'>Aftershock report</p></main></body></html>")
    return "\n".join(parts).encode("utf-8")
