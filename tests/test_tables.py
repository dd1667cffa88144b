"""Every table on every page, as a reader sees it: human headers, numbers written as the reports write
them (true minus, p '< 0.001', '48 M', money with its currency), empty cells for missing values."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from app import tables
from pipelines.warehouse import REPO_ROOT

PAGES = ["timeline", "impact", "compare", "kinds", "adoption", "data", "reports", "benchmarks"]
SNAKE = re.compile(r"[a-z0-9]_[a-z0-9]")
LONG_DECIMALS = re.compile(r"\d\.\d{5,}")
HYPHEN_NUMBER = re.compile(r"(^|[\s(])-\d")
NOT_A_VALUE = {"None", "none", "nan", "NaN", "NaT", "<NA>", "null"}


def run(page: str) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=300)
    if page != "timeline":
        at.switch_page(f"app/pages/{page}.py")
    at.run()
    assert not at.exception, page
    return at


def seen(element: object) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """A displayed table's values, the text the browser writes in its cells (the Styler's display values
    where a numeric column has no format of its own) and its column configuration."""
    proto = element.proto  # type: ignore[attr-defined]
    values = element.value  # type: ignore[attr-defined]
    config = json.loads(proto.columns) if getattr(proto, "columns", "") else {}
    shown = proto.arrow_data.styler.display_values if proto.arrow_data.HasField("styler") else b""
    text = dataframe_util.convert_arrow_bytes_to_pandas_df(shown) if shown else values.astype(str)
    text.columns = values.columns
    return values, text.reset_index(drop=True), config


def displayed(frame: pd.DataFrame, styler: object) -> pd.DataFrame:
    """The text of each cell as Streamlit hands it to the browser for this Styler (marshall_styler)."""
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    if not hasattr(styler, "data"):
        return frame.astype(str)
    proto = ArrowData()
    marshall_styler(proto, styler, "table")
    text = dataframe_util.convert_arrow_bytes_to_pandas_df(proto.styler.display_values)
    text.columns = frame.columns
    return text


def pandas_styled(frame: pd.DataFrame, kinds: dict | None = None) -> object:
    """The written texts through pandas' own Styler, a formatter per column (and per currency): what the
    dashboard handed Streamlit before tables.written_styler, the reference it must equal."""
    from views import columns

    styler = frame.style
    for name, kind in tables.column_kinds(frame, kinds).items():
        numeric = tables._numeric(frame[name]) and kind in columns.NUMERIC_KINDS
        if not numeric or tables._plain_count(frame[name], kind):
            continue
        for currency in frame["currency"].dropna().unique() if kind == "money" else [None]:
            rows = (frame["currency"] == currency).to_numpy() if currency else slice(None)
            styler.format(lambda v, k=kind, c=currency: columns.formatted_as(v, k, {"currency": c}),
                          subset=pd.IndexSlice[rows, [name]], na_rep="")
    return styler


def test_the_written_texts_are_pandas_styler_ones(seed_warehouse: Path) -> None:
    """tables.written_styler writes a column at a time what pandas' Styler wrote cell by cell: on the seed's
    own tables (every security's study of DeepSeek-R1 with money in USD, HKD, KRW…; every launch of Launch
    kinds), Streamlit hands the browser the same text in every cell a browser shows it in."""
    from pipelines.event_study import StudyParams
    from views import kinds
    from views.filters import KindsFilters
    from views.source import Warehouse

    study = Warehouse(seed_warehouse).study("results", StudyParams(), launch_ids=["deepseek-r1"])
    launches = kinds.collect(KindsFilters(), Warehouse(seed_warehouse)).launches_table(text=False)
    assert study["currency"].nunique() > 2 and study["value_change"].isna().any()
    for frame, kind_of in ((study, None), (launches, {c: kinds.TABLE_KINDS.get(c, "text") for c in launches})):
        frame = frame.reset_index(drop=True)
        ours = displayed(frame, tables.styled(frame, kind_of))
        reference = displayed(frame, pandas_styled(frame, kind_of))
        config = tables.column_config(frame, kinds=kind_of)
        settings = {c: config[c]["type_config"] for c in frame.columns}
        # the browser shows a display value in a text column and a number column without a format of its own
        shown = [c for c, t in settings.items() if t["type"] == "text" or (t["type"] == "number" and not t["format"])]
        assert len(shown) > 5
        for column in shown:  # a missing cell shows the placeholder, whatever its display value
            present = frame[column].notna()
            assert ours.loc[present, column].tolist() == reference.loc[present, column].tolist(), column


def problems(element: object, name: str) -> list[str]:
    """What a reader would stumble over in one table."""
    values, text, config = seen(element)
    found = []
    placeholder = getattr(element.proto, "placeholder", None)  # type: ignore[attr-defined]
    for column in values.columns:
        settings = config.get(str(column), {})
        header = settings.get("label") or str(column)
        if SNAKE.search(header):
            found.append(f"{name}: header {header!r} is a code name")
        fmt = (settings.get("type_config") or {}).get("format")
        for row, value in enumerate(values[column].reset_index(drop=True)):
            if isinstance(value, str) and value.strip() in NOT_A_VALUE:
                found.append(f"{name}: {header!r} holds the text {value!r}")
            if pd.isna(value) if not isinstance(value, list | tuple) else False:
                if placeholder != "":
                    found.append(f"{name}: {header!r} shows a missing value as 'None'")
                continue
            if pd.api.types.is_float_dtype(values[column]) and not fmt:
                cell = str(text[column].iloc[row])
                if LONG_DECIMALS.search(cell) or "e-" in cell or "e+" in cell:
                    found.append(f"{name}: {header!r} writes {cell!r}")
                if HYPHEN_NUMBER.search(cell):
                    found.append(f"{name}: {header!r} writes {cell!r} with a hyphen for a minus")
    return found


def tables_of(at: AppTest) -> list:
    return [*at.dataframe, *at.table]


@pytest.fixture
def kept_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reports folder with one small snapshot, so the Reports page has its table."""
    folder = tmp_path / "reports"
    folder.mkdir()
    with zipfile.ZipFile(folder / "aftershock_2026-10-12_impact_deepseek-r1.zip", "w") as archive:
        archive.writestr("report.html", "<html></html>")
        archive.writestr("SUMMARY.txt", "Launch impact\n\nsummary\nDeepSeek-R1 moved chipmakers.")
    monkeypatch.setenv("AFTERSHOCK_REPORTS", str(folder))
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_every_table_reads_as_people_write_numbers(warehouse: Path, kept_report: Path, page: str) -> None:
    at = run(page)
    shown = tables_of(at)
    assert shown, f"{page} shows no table with the default filters"
    found = [p for i, element in enumerate(shown) for p in problems(element, f"{page} table {i}")]
    assert not found, "\n".join(found)


def test_impact_results_write_money_in_the_rows_currency_and_sort_by_value(warehouse: Path) -> None:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=300)
    at.switch_page("app/pages/impact.py")
    at.query_params["tickers"] = "NVDA,9988.HK,0700.HK"
    at.run()
    assert not at.exception
    values, text, config = seen(at.dataframe[0])
    assert pd.api.types.is_float_dtype(values["car"]) and pd.api.types.is_float_dtype(values["value_change"])
    assert config["value_change"]["label"] == "Value moved"
    assert not config["value_change"].get("type_config", {}).get("format")  # the text comes from views/numbers
    rows = text.set_index(values["ticker"])
    assert rows.loc["NVDA", "value_change"] == "−586 bn USD"
    for ticker in ("9988.HK", "0700.HK"):
        moved = rows.loc[ticker, "value_change"]
        assert moved == "" or moved.endswith(" HKD"), moved  # never 'None', never USD
    assert rows.loc["NVDA", "car"].startswith("−") and rows.loc["NVDA", "car"].endswith(" %")
    assert rows.loc["NVDA", "p_value"] == "< 0.001"
    assert config["car"].get("help")  # the registry's meaning as the header's tooltip


def test_the_launch_day_table_writes_a_true_minus(warehouse: Path) -> None:
    at = run("timeline")
    values, text, _ = seen(at.dataframe[0])
    row = values.index[values["Launch · t0"].str.startswith("DeepSeek-R1")][0]
    assert round(values.loc[row, "NVDA"], 4) == -0.1697  # a number, so the column sorts by value
    assert text.loc[row, "NVDA"] == "−16.97 %"


def test_column_config_turns_the_registry_into_headers_and_types() -> None:
    frame = pd.DataFrame(
        {
            "ticker": ["NVDA"],
            "t0": pd.to_datetime(["2025-01-27"]),
            "car": [-0.132],
            "p_value": [0.0004],
            "shares": [48e6],
            "unknown_ratio": [0.123456789],
        }
    )
    config = tables.column_config(frame)
    assert config["ticker"]["label"] == "Ticker"
    assert config["t0"]["type_config"]["format"] == "YYYY-MM-DD"
    assert config["car"]["type_config"]["type"] == "number" and config["car"]["type_config"]["format"] is None
    assert config["unknown_ratio"]["label"] == "Unknown ratio"
    shown = displayed(frame, tables.styled(frame)).iloc[0].to_dict()
    assert shown["car"] == "−13.20 %" and shown["p_value"] == "< 0.001" and shown["shares"] == "48 M"
    assert shown["unknown_ratio"] == "0.123"  # t0 is written by its column's YYYY-MM-DD format (above)
    text_only = frame[["ticker", "t0"]].assign(days=[1234])
    assert tables.styled(text_only) is text_only  # nothing to write: no Styler over every cell
    assert tables.column_config(text_only)["days"]["type_config"]["format"] == "localized"  # 1,234


def test_money_is_written_in_each_rows_currency() -> None:
    frame = pd.DataFrame(
        {
            "ticker": ["NVDA", "9988.HK", "TSM"],
            "value_change": [-5.861e11, 1.234e9, None],
            "currency": ["USD", "HKD", "USD"],
        }
    )
    assert displayed(frame, tables.styled(frame))["value_change"].tolist() == ["−586 bn USD", "+1.2 bn HKD", ""]


def test_text_columns_leave_room_for_the_numbers_on_a_phone(warehouse: Path) -> None:
    """Compare's security names are narrow so the numbers beside them show at 390 px; on Launch impact the
    flags are the last column of each table, and wide."""
    at = run("compare")
    values, _, config = seen(at.dataframe[-1])
    assert values.columns[0] == "Security" and config["Security"].get("width") == "small"
    assert all(config[c].get("width") == "medium" for c in values.columns if c.endswith(" · flags"))
    impact = run("impact")
    for element in impact.dataframe:
        values, _, config = seen(element)
        if "flags" in values.columns:
            assert values.columns[-1] == "flags" and config["flags"].get("width") == "large"
