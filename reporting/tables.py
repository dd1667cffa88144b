"""The report's tables as CSV: machine-readable (raw decimals, ISO dates, the columns' own names),
one file per table, with a README.txt saying what each column means and its unit."""

from __future__ import annotations

import pandas as pd

from reporting.document import Report, file_stem, plain
from views import columns

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what a spreadsheet may read as a formula
UNITS = {
    "percent": "decimal fraction (0.0123 = 1.23 %)",
    "t": "t-statistic",
    "p": "probability, 0 to 1",
    "money": "amount in the row's currency",
    "money_usd": "US dollars",
    "date": "ISO date YYYY-MM-DD",
    "moment": "timestamp, UTC",
    "count": "count",
    "compact": "count",
    "number": "number",
    "text": "text",
}


def defuse(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell (and column name) of frame made inert for CSV."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(defuse)
    out.columns = [defuse(str(c)) for c in out.columns]
    return out


def to_csvs(report: Report) -> dict[str, bytes]:
    """One file per table, and README.txt describing every column."""
    files = {
        f"{file_stem(title)}.csv": defused(plain(table)).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
        for title, table in [*report.tables, *report.data_tables]
    }
    files["README.txt"] = readme(report).encode("utf-8")
    return files


def readme(report: Report) -> str:
    lines = [
        report.title,
        f"Data: {report.data_as_of}; generated {report.generated_at:%Y-%m-%d %H:%M} UTC.",
        "",
        "One CSV file per table: UTF-8, comma-separated, a header row of column names, raw decimals",
        "(returns as fractions, not percent), ISO dates. Text cells that start with = + - @ are prefixed",
        "with ' so that a spreadsheet shows them as text.",
        "",
    ]
    for title, table in [*report.tables, *report.data_tables]:
        lines.append(f"{file_stem(title)}.csv: {title} ({len(table):,} rows)")
        for name in table.columns:
            column = columns.COLUMNS.get(str(name))
            kind = columns.kind(str(name))
            meaning = column.meaning if column else columns.header(str(name))
            lines.append(f"  {name}: {meaning} [{UNITS[kind]}]")
        lines.append("")
    if report.parameters:
        lines.append("Parameters:")
        lines.extend(f"  {key}: {value}" for key, value in report.parameters.items())
    return "\n".join(lines) + "\n"
