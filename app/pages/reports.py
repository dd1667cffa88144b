"""Reports: the kept report snapshots (the scheduler writes one a week), newest first, with their
contents and summary, for download; and a snapshot made now, in the background."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import background, tables
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

if st.button(
    "Make a snapshot now",
    icon=":material/add_photo_alternate:",
    disabled=background.running("snapshot"),
    help="The weekly job's report (Launch impact of DeepSeek-R1, every format in one ZIP), made now in the background",
):
    background.start("snapshot", ["-m", "reporting", "--snapshot", "--page", "impact", "--launch", "deepseek-r1"])
background.panel("snapshot", "Snapshot")

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
    st.info("No snapshot kept yet: make one now, or wait for the weekly scheduled job.")
    st.stop()

tables.show(
    pd.DataFrame(
        [
            {
                "Date": pd.Timestamp(s.day),
                "Page": s.page,
                "Scope": s.scope or "",
                "Formats": ", ".join(s.formats),
                "Size": s.size / 2**20,
                "File": s.path.name,
            }
            for s in snapshots
        ]
    ),
    kinds={"Date": "date", "Size": "megabytes"},
    helps={"Date": "when the snapshot was made", "Scope": "the launch or group the report covers"},
)
for snapshot in snapshots:
    names, summary = archive.contents(snapshot)
    with st.container(border=True):
        left, right = st.columns([4, 1])
        left.markdown(
            f"**{snapshot.day}** · {md(snapshot.page)} {md(snapshot.scope)} · {snapshot.size / 2**20:.1f} MB"
        )
        right.download_button(
            "Download",
            data=lambda path=snapshot.path: path.read_bytes(),
            file_name=snapshot.path.name,
            mime="application/zip",
            on_click="ignore",
            key=f"snapshot_{snapshot.path.name}",
        )
        if summary:
            left.caption(md(" ".join(summary.split("\n", 3)[-1].split()), limit=900))
        with left.expander(f"Contents: {len(names)} files"):
            st.text("\n".join(names[:60]) + (f"\n… and {len(names) - 60} more" if len(names) > 60 else ""))
