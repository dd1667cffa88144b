"""How old the data is, said the same way in the sidebar, the Data page and every report."""

from __future__ import annotations

from views.source import Source


def data_status(source: Source) -> str:
    """'Prices to …': the newest price, the newest date most securities have, the newest Hub download
    snapshot (the Hub's history runs on after the prices, so one "as of" date would contradict the Adoption
    page), and whether this is the embedded snapshot or data the pipelines updated."""
    info = dict(source.query("warehouse_info").itertuples(index=False, name=None))
    latest, most = info.get("latest_price") or "?", info.get("latest_price_most")
    downloads = info.get("latest_downloads")
    dates = f"Prices to {latest}" + (f" (most securities to {most})" if most and most != latest else "")
    if downloads:
        dates += f" · Hub downloads to {downloads}"
    built = str(info.get("built_at") or "?")[:16].replace("T", " ")  # to the minute; breaks at the space
    if info.get("origin") == "seed":
        return f"{dates} · embedded snapshot (built {built} UTC)"
    return f"{dates} · updated by the pipelines, last {built} UTC"
