"""Data & pipelines: one collector for the page, its report and `python -m reporting --page data`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.seed import MARKET_DIR
from views import labels
from views.source import Source
from views.status import data_status


@dataclass(frozen=True)
class DataView:
    """Where every number comes from and how fresh it is."""

    status: pd.DataFrame  # one row per pipeline source
    history: pd.DataFrame
    coverage: pd.DataFrame  # prices per security: first/newest date, basis, splits, gaps
    newest: pd.DataFrame  # newest price per source
    securities: pd.DataFrame
    hf_orgs: pd.DataFrame
    unresolved: pd.DataFrame  # model names that reach no launch
    files: pd.DataFrame  # the seed's price files and their provenance
    as_of: str

    @property
    def sources(self) -> pd.DataFrame:
        """Each seed price segment's repository at its commit."""
        return pd.DataFrame(
            {
                "source": self.files["source_repo"] + " @ " + self.files["source_commit"],
                "source_url": "https://github.com/" + self.files["source_repo"] + "/tree/"
                + self.files["source_commit"],
            }
        ).drop_duplicates()


def in_words(frame: pd.DataFrame) -> pd.DataFrame:
    """frame with its close-adjustment codes ('split_adjusted_only') written for people ('split-adjusted only')."""
    named = [c for c in ("close_adjustment", "newest_close_is") if c in frame.columns]
    return frame.assign(**{c: frame[c].map(labels.close_adjustment) for c in named}) if named else frame


def seed_files() -> pd.DataFrame:
    """The seed's price files, their provenance and what each close is (in words)."""
    return in_words(pd.read_csv(MARKET_DIR / "files.csv", keep_default_na=False))


def collect(source: Source) -> DataView:
    return DataView(
        status=source.query("pipeline_status"),
        history=source.query("run_history", limit=100),
        coverage=in_words(source.query("price_coverage")),
        newest=source.query("price_sources_newest"),
        securities=source.query("securities"),
        hf_orgs=source.query("hf_orgs"),
        unresolved=source.query("unresolved_model_names"),
        files=seed_files(),
        as_of=data_status(source),
    )
