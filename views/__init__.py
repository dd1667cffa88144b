"""The Streamlit-free view layer: what the pages, the reports and the CLI share about presenting data."""
