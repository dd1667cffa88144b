"""Shared fixtures: a real warehouse file built from the seed, once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines import seed


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from data/seed (read-only use: copy it before writing)."""
    path = tmp_path_factory.mktemp("warehouse") / "aftershock.duckdb"
    seed.build(path)
    return path


@pytest.fixture
def warehouse(seed_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the seed warehouse, made the live one through AFTERSHOCK_DB."""
    path = tmp_path / "aftershock.duckdb"
    shutil.copyfile(seed_warehouse, path)
    monkeypatch.setenv("AFTERSHOCK_DB", str(path))
    return path


@pytest.fixture(scope="session")
def hub_series_warehouse(seed_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plus three runs of the hub pipeline against the fake Hub: a daily-downloads series."""
    from tests.hub_server import FakeHubServer, Hub, build_daily_series

    path = tmp_path_factory.mktemp("hub-series") / "aftershock.duckdb"
    shutil.copyfile(seed_warehouse, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AFTERSHOCK_DB", str(path))
        patch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        patch.setenv("HF_HOME", str(path.parent / "hf-home"))
        patch.delenv("HF_TOKEN", raising=False)
        with FakeHubServer(Hub()) as url:
            build_daily_series(url)
    return path
