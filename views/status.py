"""How old the data is, said the same way in the sidebar, the Data page and every report."""

from __future__ import annotations

from views.source import Source


def data_facts(source: Source) -> list[str]:
    """The newest price and the newest date most securities have, the newest Hub download snapshot (the Hub's
    history runs on after the prices, so one "as of" date would contradict the Adoption page), and whether this
    is the embedded snapshot or data the pipelines updated: a fact each, as the sidebar shows them a line each."""
    info = dict(source.query("warehouse_info").itertuples(index=False, name=None))
    latest, most = info.get("latest_price") or "?", info.get("latest_price_most")
    downloads = info.get("latest_downloads")
    facts = [f"Prices to {latest}" + (f" (most securities to {most})" if most and most != latest else "")]
    if downloads:
        facts.append(f"Hub downloads to {downloads}")
    built = str(info.get("built_at") or "?")[:16].replace("T", " ")  # to the minute; breaks at the space
    if info.get("origin") == "seed":
        facts.append(f"embedded snapshot (built {built} UTC)")
    else:
        facts.append(f"updated by the pipelines, last {built} UTC")
    return facts


def data_status(source: Source) -> str:
    """The same facts in one line, for the Data page and a report's header: 'Prices to … · … · …'."""
    return " · ".join(data_facts(source))
