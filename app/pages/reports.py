"""Reports: the kept report snapshots (the scheduler writes one a week), newest first, for download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.widgets import publish_params
from reporting import archive
from views.text import md

publish_params({}, uses=())  # this page has no filters of its own; the shared ones stay in the URL

st.title("Reports")
st.caption(
    "Report snapshots kept in data/reports/: the scheduler's weekly job writes one "
    "(`python -m reporting --snapshot`) and keeps the newest ones. Every page can also download "
    "a report of what it shows (sidebar, Download report)."
)

scan = archive.scan()
snapshots = scan.snapshots
if scan.skipped:
    st.caption(
        md(
            f"{len(scan.skipped)} file(s) in the reports folder are not readable snapshots and were left alone: "
            + "; ".join(scan.skipped[:5])
            + (f" and {len(scan.skipped) - 5} more" if len(scan.skipped) > 5 else ""),
            limit=1000,
        )
    )
if not snapshots:
    st.info(
        "No snapshot kept yet. The weekly scheduled job writes one; `python -m reporting --snapshot` "
        "writes one now."
    )
    st.stop()

st.dataframe(
    pd.DataFrame(
        [
            {
                "date": s.day,
                "page": s.page,
                "scope": s.scope or "-",
                "formats": ", ".join(s.formats),
                "size (MB)": round(s.size / 2**20, 2),
                "file": s.path.name,
            }
            for s in snapshots
        ]
    ),
    hide_index=True,
    width="stretch",
)
for snapshot in snapshots:
    left, right = st.columns([4, 1])
    left.write(
        f"**{snapshot.day}** · {md(snapshot.page)} {md(snapshot.scope)} · {md(', '.join(snapshot.formats))} · "
        f"{snapshot.size / 2**20:.1f} MB"
    )
    right.download_button(
        "Download",
        data=lambda path=snapshot.path: path.read_bytes(),
        file_name=snapshot.path.name,
        mime="application/zip",
        on_click="ignore",
        key=f"snapshot_{snapshot.path.name}",
    )
