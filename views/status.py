"""How old the data is, said the same way in the sidebar, the Data page and every report."""

from __future__ import annotations

from views.source import Source


def data_status(source: Source) -> str:
    """'Data as of …': the newest price, the newest date most securities have, and whether this is the
    embedded snapshot or data the pipelines updated."""
    info = dict(source.query("warehouse_info").itertuples(index=False, name=None))
    latest, most = info.get("latest_price", "?"), info.get("latest_price_most")
    as_of = f"Data as of {latest}" + (f" (most securities to {most})" if most and most != latest else "")
    if info.get("origin") == "seed":
        return f"{as_of} · embedded snapshot (built {info.get('built_at', '?')} UTC)"
    return f"{as_of} · updated by the pipelines, last {info.get('built_at', '?')} UTC"


def data_as_of(source: Source) -> str:
    """The same facts for a report's header, without the 'Data as of' prefix."""
    return data_status(source).removeprefix("Data as of ")
