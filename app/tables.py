"""Every table on the pages: human headers, the column registry's meaning as each header's tooltip,
and cells written exactly as the reports write them (views/columns.py, views/numbers.py).

Numbers stay numbers, so clicking a header sorts by value: the written text (true minus "−16.97 %",
"< 0.001", "−586 bn USD", "48 M") travels as a pandas Styler's display values, which Streamlit shows in
a NumberColumn that has no `format` of its own (a printf format such as "%.2f%%" cannot write a true
minus, nor a currency that changes by row). Dates use a DateColumn; missing cells are empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from views import columns

WIDE_TEXT = {"flags", "reason", "note", "error", "gaps_without_return"}  # long sentences: a wider column


def column_kinds(frame: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each column's kind: the caller's, else the registry's; a numeric column the registry does not
    know is a plain number (never left to a default that prints six decimals)."""
    out = {}
    for name in frame.columns:
        kind = (kinds or {}).get(name) or columns.kind(str(name))
        if kind == "text" and _numeric(frame[name]):
            kind = "count" if pd.api.types.is_integer_dtype(frame[name]) else "number"
        out[name] = kind
    return out


def column_config(
    frame: pd.DataFrame,
    *,
    kinds: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    helps: Mapping[str, str] | None = None,
    widths: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The `column_config` of st.dataframe for frame: a human header (the registry's, or headers'), the
    registry's meaning as help, and a column type per kind. Numeric columns get no printf format on
    purpose: their text comes from styled()."""
    config: dict[str, Any] = {}
    for name, kind in column_kinds(frame, kinds).items():
        label = (headers or {}).get(name) or _header(str(name))
        help_text = (helps or {}).get(name) or _meaning(str(name))
        series = frame[name]
        if kind in ("date", "moment") and pd.api.types.is_datetime64_any_dtype(series):
            config[name] = st.column_config.DatetimeColumn(
                label, help=help_text, format="YYYY-MM-DD" if kind == "date" else "YYYY-MM-DD HH:mm"
            )
        elif _plain_count(series, kind):
            config[name] = st.column_config.NumberColumn(label, help=help_text, format="localized")  # 1,234
        elif kind in columns.NUMERIC_KINDS and _numeric(series):
            config[name] = st.column_config.NumberColumn(label, help=help_text)
        else:
            width = (widths or {}).get(name) or ("large" if str(name).lower().rsplit(" ", 1)[-1] in WIDE_TEXT else None)
            config[name] = st.column_config.TextColumn(label, help=help_text, width=width)
    return config


def written_styler(frame: pd.DataFrame, texts: Mapping[int, list[str]]) -> Styler:
    """A Styler that hands Streamlit the written text of each number, and nothing else.

    Streamlit reads a Styler through its _compute() and _translate() (marshall_styler), and pandas' own
    renders every cell of the table in Python, with ids, classes and formatters: a third of a page's
    rerun with Launch kinds' 1,010 launches. This one lists only the written columns' cells, their texts
    written a column at a time (texts: column position → each row's text); every other cell keeps its own
    text (Streamlit starts the display values from the table as text), which a text column shows as it is
    and a formatted column ignores. Streamlit knows a Styler by its exact type, so the two are replaced on
    the instance. tests/test_tables.py checks that Streamlit gets the display values pandas' Styler gives."""
    styler = Styler(frame)
    body = [
        [{"id": f"row{row}_col{col}", "display_value": column[row]} for col, column in texts.items()]
        for row in range(len(frame))
    ]
    styler._compute = lambda: styler  # type: ignore[method-assign]  # no styles to compute
    styler._translate = lambda *_, **__: {"body": body, "cellstyle": [], "table_styles": []}  # type: ignore[method-assign]
    return styler


def styled(frame: pd.DataFrame, kinds: Mapping[str, str] | None = None) -> Styler | pd.DataFrame:
    """frame with every number's display text written by its column's kind; the values stay numbers.

    Only numbers need a written text: missing cells are empty through st.dataframe's placeholder,
    dates take their column's format and counts Streamlit's own "1,234". A table without such numbers
    is handed over as it is."""
    written = {
        name: kind
        for name, kind in column_kinds(frame, kinds).items()
        if _numeric(frame[name]) and kind in columns.NUMERIC_KINDS and not _plain_count(frame[name], kind)
    }
    if not written:
        return frame
    currencies = frame["currency"].tolist() if "currency" in frame.columns else [None] * len(frame)
    texts = {}
    for position, name in enumerate(frame.columns):
        kind = written.get(name)
        if kind == "money":  # in each row's currency
            rows = zip(frame.iloc[:, position].tolist(), currencies, strict=True)
            texts[position] = [columns.formatted_as(v, kind, {"currency": c}) for v, c in rows]
        elif kind is not None:
            texts[position] = [columns.formatted_as(v, kind, {}) for v in frame.iloc[:, position].tolist()]
    return written_styler(frame, texts)


def show(
    frame: pd.DataFrame,
    *,
    kinds: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    helps: Mapping[str, str] | None = None,
    widths: Mapping[str, str] | None = None,
    config: Mapping[str, Any] | None = None,
    where: Any = None,
    **options: Any,
) -> Any:
    """st.dataframe(frame) as every page shows a table: styled(), column_config() (overridden by config),
    no index, empty cells for missing values, the container's width. widths: a text column's width ("large").
    where: st, a column or a sidebar."""
    frame = frame.reset_index(drop=True)
    settings = {**column_config(frame, kinds=kinds, headers=headers, helps=helps, widths=widths), **(config or {})}
    return (where or st).dataframe(
        styled(frame, kinds),
        column_config=settings,
        hide_index=True,
        placeholder="",
        width=options.pop("width", "stretch"),
        **options,
    )


def _header(name: str) -> str:
    """The registry's header; a snake_case name in words; a name already written for people ("Mean CAR [0, +1]",
    "NVDA", "t") is kept."""
    if name in columns.COLUMNS or "_" in name or (name.isalpha() and name.islower() and len(name) > 2):
        return columns.header(name)
    return name


def _meaning(name: str) -> str | None:
    """The registry's meaning of a column, found by its name or by its header ("CAR", "p")."""
    found = columns.meaning(name)
    if found is None:
        found = next((c.meaning for c in columns.COLUMNS.values() if c.header == name), None)
    return found


def _plain_count(series: pd.Series, kind: str) -> bool:
    """A count with no negative value: Streamlit's localized format writes it as the reports do (1,234)."""
    return kind == "count" and _numeric(series) and not (series < 0).any()


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
