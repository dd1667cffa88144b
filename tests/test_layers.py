"""Imports go one way: app/ and reporting/ (and their CLIs) → views/ → pipelines/. Editing a page can
never break the pipelines, and views stay free of Streamlit so reports and the CLI can use them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipelines.warehouse import REPO_ROOT
from tests.new_interpreter import modules_after

LAYER = {"pipelines": 0, "views": 1, "reporting": 2, "app": 3, "dashboard": 3, "serve": 3}
PACKAGES = ("pipelines", "views", "reporting", "app")


def modules() -> list[Path]:
    return [p for package in PACKAGES for p in sorted((REPO_ROOT / package).rglob("*.py"))] + [
        REPO_ROOT / "dashboard.py",
        REPO_ROOT / "serve.py",
    ]


def imported(path: Path) -> set[str]:
    """Top-level names of everything a module imports (also inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    own = path.relative_to(REPO_ROOT).parts[0].removesuffix(".py")
    above = {name for name in imported(path) if name in LAYER and LAYER[name] > LAYER[own]}
    assert not above, f"{path.relative_to(REPO_ROOT)} imports {sorted(above)}, a layer above {own}"
    if own == "reporting":
        assert "app" not in imported(path)


@pytest.mark.parametrize("package", ["pipelines", "views"])
def test_the_lower_layers_never_import_streamlit(package: str) -> None:
    users = [p.name for p in (REPO_ROOT / package).rglob("*.py") if "streamlit" in imported(p)]
    assert not users, f"{package} imports streamlit in {users}"


def test_only_the_runs_that_fetch_import_the_network_clients() -> None:
    """yfinance, huggingface_hub and httpx2 cost a fresh process 0.5 s to import: every CLI command (an event
    study, a seed build) and the Data page's first run paid it. The CLI, the sources' registry and the
    scheduler import them only when a run fetches."""
    imported = modules_after("import pipelines.cli, pipelines.sources, pipelines.schedule, pipelines.runner")
    assert "pipelines.runner" in imported
    assert not {m.split(".")[0] for m in imported} & {"yfinance", "huggingface_hub", "httpx2", "curl_cffi"}
    from pipelines import runner, sources

    assert sources.SOURCES["prices"].run is runner.run_prices  # the registry still names the runs
