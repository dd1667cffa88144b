"""A report: what one exported view contains, independent of the file format it is written in."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
import plotly.graph_objects as go

from views import columns

EMPTY_TABLE = "No rows: nothing matches these filters."
PRINT_WIDTH, PRINT_HEIGHT = 1600, 900  # a chart's size as an image: fits a 16:9 slide
TITLE_CHARS = 60  # characters of a printed chart's title line (18 px) that fit its narrowest width, a PDF's 648 px
TITLE_LINE = 24  # px of a title line
MAX_DOCUMENT_COLUMNS = 11  # a printed table with more columns does not fit an A4 page


@dataclass
class Report:
    """Everything one exported view contains: its words, figures, tables, sources and notes."""

    title: str
    page: str
    parameters: dict[str, str]
    data_as_of: str
    figures: list[tuple[str, go.Figure]] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    data_tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)  # workbook and CSV only
    sources: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["source", "source_url"]))
    notes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # 3–6 sentences with the view's numbers
    glossary: list[tuple[str, str]] = field(default_factory=list)
    scope: str = ""  # the view's scope in words
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def slug(self) -> str:
        return slug_for(self.page, self.parameters.get("launch"), self.generated_at)


def slug_for(page: str, scope: str | None = None, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    safe = re.sub(r"[^A-Za-z0-9.^-]+", "-", scope) if scope else ""
    return f"{when:%Y-%m-%d}_{page}" + (f"_{safe}" if safe else "")


def file_stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or "table"


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Timezone-free, list-free copy for spreadsheets and CSV (an empty frame stays an empty frame)."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_localize(None)
        elif out[column].dtype == object and bool(out[column].map(lambda v: isinstance(v, list | tuple)).any()):
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return out


def document_columns(frame: pd.DataFrame) -> list[str]:
    """The columns a printed table shows: all but the technical ones the column registry marks as such
    (all of them stay in the workbook and the CSV), at most MAX_DOCUMENT_COLUMNS."""
    shown = [c for c in frame.columns if c not in columns.COLUMNS or columns.COLUMNS[c].in_document]
    label = next((c for c in ("launch", "ticker", "group") if c in frame.columns), None)
    if label and label not in shown:
        shown.insert(0, label)  # what a row is about is always shown
    return (shown or list(frame.columns))[:MAX_DOCUMENT_COLUMNS]


def for_print(figure: go.Figure, title: str) -> go.Figure:
    """A copy of a dashboard figure for a document: light template, its title, and margins that grow
    to fit every tick label (automargin), so no label is clipped at any number of securities."""
    out = go.Figure(figure)
    subtitle = out.layout.title.text if out.layout.title and out.layout.title.text else ""
    note = subtitle.split("<br>")[-1].removeprefix("<sup>").removesuffix("</sup>")
    lines = textwrap.wrap(title, TITLE_CHARS, break_long_words=False, break_on_hyphens=False) or [title]
    heading = "<br>".join(lines)  # a long title in lines, not cut at the chart's edge
    repeated = subtitle.startswith(title) or note.rstrip(" …") in title  # a note the title already says
    text = heading if not subtitle or repeated else f"{heading}<br><sup>{note}</sup>"
    out.update_layout(
        template="plotly_white",
        title={"text": text, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        margin={"l": 70, "r": 30, "t": 90 + TITLE_LINE * (len(lines) - 1), "b": 70},
        font={"size": 13},
    )
    out.update_xaxes(automargin=True)
    out.update_yaxes(automargin=True)
    return out
