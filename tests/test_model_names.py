"""Model-name resolution (pure): provider API names as Epoch AI's archive writes them → launches."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipelines import model_names
from pipelines.model_names import resolve, split_name
from pipelines.warehouse import DATA_DIR
from tests.epoch_archive import MODELS


@pytest.fixture(scope="module")
def tables() -> model_names.Tables:
    """The real alias table and launches of data/universe and data/seed."""
    aliases = pd.read_csv(DATA_DIR / "universe" / "model_aliases.csv", dtype=str, keep_default_na=False)
    aliases["is_primary"] = aliases["primary"].str.lower() == "true"
    launches = pd.read_csv(DATA_DIR / "seed" / "launches.csv", dtype=str, keep_default_na=False)
    return model_names.tables_from_frames(aliases, launches)


@pytest.mark.parametrize(
    ("raw", "launch", "variant"),
    [
        ("openai/gpt-oss-120b_high", "gpt-oss-120b", "high"),
        ("gpt-oss-120b_medium", "gpt-oss-120b", "medium"),
        ("chutes/gpt-oss-120b", "gpt-oss-120b", None),
        ("kimi-k2-thinking-turbo", "kimi-k2-thinking", None),
        ("moonshotai/Kimi-K2-Thinking", "kimi-k2-thinking", None),
        ("Llama-4-Maverick-17B-128E-Instruct-FP8", "llama-4", None),
        ("together/Llama-4-Scout-17B-16E-Instruct", "llama-4", None),
        ("o1-2024-12-17_high", "o1", "high"),
        ("o3-2025-04-16_high", "o3", "high"),
        ("claude-3-7-sonnet-20250219_16K", "claude-3-7-sonnet", "16K"),
        ("claude-3-5-sonnet-20241022", "claude-3-5-sonnet-new", None),
        ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet", None),
        ("claude-sonnet-4-5-20250929_32K", "claude-sonnet-4-5", "32K"),
        ("zai-org/GLM-4.7", "glm-4-7", None),
        ("glm-4.5_thinking", "glm-4-5", "thinking"),
        ("gpt-5-2025-08-07_medium", "gpt-5", "medium"),
        ("minimax/minimax-m2", "minimax-m2", None),
        ("deepseek-ai/DeepSeek-V3.1", "deepseek-v3-1", None),
        ("grok-3-mini-beta_high", "grok-3", "high"),
        ("qwen3-235b-a22b", "qwen3", None),
    ],
)
def test_provider_names_reach_their_launch(tables, raw: str, launch: str, variant: str | None) -> None:
    resolution = resolve(raw, tables)
    assert (resolution.launch_id, resolution.variant) == (launch, variant), resolution
    assert resolution.reason is None and resolution.rule


def test_the_parts_of_a_name() -> None:
    parts = split_name("openai/gpt-oss-120b_high")
    assert (parts.provider, parts.base, parts.effort) == ("openai", "gpt-oss-120b", "high")
    parts = split_name("claude-3-7-sonnet-20250219_16K")
    assert (parts.base, parts.effort, parts.stamp) == ("claude-3-7-sonnet", "16K", date(2025, 2, 19))
    parts = split_name("o1-2024-12-17_unknown")
    assert (parts.base, parts.effort, parts.stamp) == ("o1", "unknown", date(2024, 12, 17))
    parts = split_name("Llama-4-Maverick-17B-128E-Instruct-FP8")
    assert (parts.base, parts.quantisation) == ("Llama-4-Maverick-17B-128E-Instruct", "FP8")
    assert split_name("fireworks/kimi-k2p5").base == "kimi-k2.5"
    assert split_name("qwen3-235b-a22b-instruct-2507").base == "qwen3-235b-a22b-instruct-2507"  # 2507 is no date
    assert split_name("glm-4.5_thinking").rules() == ["effort suffix _thinking → variant"]


def test_efforts_stay_apart(tables) -> None:
    variants = {resolve(f"gpt-oss-120b_{e}", tables).variant for e in ("high", "medium", "low", "unknown")}
    assert variants == {"high", "medium", "low", "unknown"}
    assert {resolve(n, tables).model for n in ("gpt-oss-120b_high", "openai/gpt-oss-120b_low")} == {"gpt-oss-120b"}


def test_a_date_stamp_never_borrows_another_versions_launch(tables) -> None:
    """claude-3-5-sonnet maps to the June model: a stamp of another date must not inherit it."""
    resolution = resolve("claude-3-5-sonnet-20250101", tables)
    assert resolution.launch_id is None and resolution.model is None
    assert "not that version" in resolution.reason and "model_aliases.csv" in resolution.suggestion
    far = resolve("gpt-5-2026-01-20", tables)  # five months after GPT-5's launch: another snapshot
    assert far.launch_id is None and far.reason


def test_what_fails_says_why_and_what_would_catch_it(tables) -> None:
    kimi = resolve("fireworks/kimi-k2p5", tables)
    assert kimi.model is None and kimi.base == "kimi-k2.5"
    assert kimi.rule == "provider prefix fireworks/ · p as decimal point"
    assert kimi.reason == "no alias, Hub repo or launch is named `kimi-k2.5`"
    assert kimi.suggestion.startswith("alias: add `kimi-k2.5` to model_aliases.csv")
    mini = resolve("o3-mini-2025-01-31_medium", tables)
    assert (mini.model, mini.launch_id, mini.variant) == ("OpenAI o3-mini", None, "medium")
    assert "no launch" in mini.reason and mini.suggestion.startswith("launch:")


def test_resolution_is_pure_and_case_and_punctuation_blind(tables) -> None:
    assert resolve("ZAI-ORG/glm_4.7", tables).launch_id == "glm-4-7"
    assert resolve("DeepSeek R1", tables) == resolve("DeepSeek R1", tables)


def test_counts_on_the_archive_names(tables) -> None:
    frame = model_names.resolve_all([m[0] for m in MODELS], tables)
    assert model_names.counts(frame) == {"names": 41, "launch": 36, "model_only": 2, "unresolved": 3}
