"""Aftershock pipelines: sources → DuckDB warehouse. Never imports Streamlit."""
