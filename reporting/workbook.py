"""The report as an Excel workbook: a Summary sheet first, then one formatted sheet per table.

Cells keep their values (numbers sort as numbers) and carry number formats: percent 0.00%, dates
yyyy-mm-dd, money in bn, counts with thousands separators. Headers are the human ones, bold and
frozen, with an autofilter; every used column gets a width. Text from data is written as text,
never as a formula.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporting.document import EMPTY_TABLE, Report, plain
from views import columns

NUMBER_FORMATS = {
    "percent": "0.00%",
    "t": "0.00",
    "p": "0.0000",
    "money": '#,##0.0,,," bn"',
    "money_usd": '#,##0.0,,," bn USD"',
    "date": "yyyy-mm-dd",
    "moment": "yyyy-mm-dd hh:mm",
    "count": "#,##0",
    "compact": "#,##0",
    "number": "#,##0.000",
}
BOLD = Font(bold=True)
MAX_WIDTH = 60


def _value(value: object) -> object:
    """A cell value openpyxl stores as it is: no NaN, no pandas types, no time on a plain date."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Table"
    while name in used:
        name = f"{name[:28]}~{len(used)}"
    used.add(name)
    return name


def _write_table(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Headers, typed cells with their formats, frozen bold header, autofilter, fitted widths."""
    frame = plain(frame)
    if frame.empty:
        sheet.append(["Note"])
        sheet.append([EMPTY_TABLE])
        frame_columns: list[str] = ["note"]
    else:
        frame_columns = [str(c) for c in frame.columns]
        sheet.append([columns.header(c) for c in frame_columns])
        for record in frame.itertuples(index=False, name=None):
            sheet.append([_value(v) for v in record])
        for index, name in enumerate(frame_columns, start=1):
            fmt = NUMBER_FORMATS.get(columns.kind(name))
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if isinstance(cell.value, int | float | date):
                        cell.number_format = fmt
        sheet.auto_filter.ref = sheet.dimensions
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    _fit_widths(sheet, frame_columns)


def _fit_widths(sheet: Worksheet, names: list[str]) -> None:
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        kind = columns.kind(name)
        longest = max(
            (len(columns.formatted(c.value, name, {})) if kind != "text" else len(str(c.value or ""))
             for (c,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index, max_row=200)),
            default=0,
        )
        header = len(str(sheet.cell(row=1, column=index).value or ""))
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(10, header + 2, longest + 2))


def _text_not_formulas(sheet: Worksheet) -> None:
    """openpyxl stores any string starting with '=' as a formula; no cell of ours is one, so each
    such cell is typed back to text: a name like =cmd|' /C calc'!A0 stays a name."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


SUMMARY_WIDTH = 95  # characters of the Summary sheet's text column


def _line(sheet: Worksheet, label: str, text: object, *, bold: bool = False) -> None:
    """A label in column A and its text in B, wrapped, with a row height that shows every line."""
    sheet.append([label, text])
    row = sheet.max_row
    sheet.cell(row=row, column=1).font = BOLD
    sheet.cell(row=row, column=1).alignment = Alignment(vertical="top")
    cell = sheet.cell(row=row, column=2)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = BOLD
    lines = max(1, math.ceil(len(str(text or "")) / SUMMARY_WIDTH))
    sheet.row_dimensions[row].height = 15 * lines + 2


def _summary(sheet: Worksheet, report: Report) -> None:
    """The report on one sheet: title, scope, as-of, the summary sentences, the parameters."""
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height = 22
    if report.scope:
        _line(sheet, "Scope", report.scope)
    _line(sheet, "Data", report.data_as_of)
    _line(sheet, "Generated", f"{report.generated_at:%Y-%m-%d %H:%M} UTC")
    for number, sentence in enumerate(report.summary):
        _line(sheet, "Summary" if number == 0 else "", sentence)
    sheet.append([])
    _line(sheet, "Parameter", "Value", bold=True)
    for key, value in report.parameters.items():
        _line(sheet, key, value)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = SUMMARY_WIDTH + 5
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0


def to_xlsx(report: Report) -> bytes:
    """Summary, one sheet per table, the charts' data, Parameters and Sources."""
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    _summary(summary, report)
    used = {"Summary", "Parameters", "Sources", "Glossary"}
    for title, table in [*report.tables, *report.data_tables]:
        _write_table(book.create_sheet(_sheet_name(title, used)), table)
    for title, figure in report.figures:
        data = chart_data(figure)
        if not data.empty:
            _write_table(book.create_sheet(_sheet_name(f"Chart {title}", used)), data)
    params = pd.DataFrame(
        [
            ("report", report.title),
            ("generated (UTC)", f"{report.generated_at:%Y-%m-%d %H:%M}"),
            ("data", report.data_as_of),
            *report.parameters.items(),
        ],
        columns=["parameter", "value"],
    )
    _write_table(book.create_sheet("Parameters"), params)
    if report.glossary:
        _write_table(book.create_sheet("Glossary"), pd.DataFrame(report.glossary, columns=["term", "meaning"]))
    _write_table(book.create_sheet("Sources"), report.sources)
    for sheet in book.worksheets:
        _text_not_formulas(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def chart_data(figure) -> pd.DataFrame:
    """The numbers a chart draws, one row per point: series, x, y (z for a heatmap)."""
    rows = []
    for trace in figure.data:
        name = getattr(trace, "name", None) or trace.type
        if trace.type == "heatmap" and trace.z is not None:
            for y, line in zip(trace.y or [], trace.z, strict=False):
                for x, z in zip(trace.x or [], line, strict=False):
                    rows.append({"series": str(y), "x": x, "y": z})
            continue
        xs, ys = getattr(trace, "x", None), getattr(trace, "y", None)
        if xs is None or ys is None or name == "Launches":
            continue
        rows.extend({"series": name, "x": x, "y": y} for x, y in zip(xs, ys, strict=False))
    return pd.DataFrame(rows)
