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
