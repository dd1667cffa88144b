"""Model-name resolution: a source's model name → canonical model, launch and variant.

Sources name model versions the way each provider's API does (Epoch AI's archive:
`openai/gpt-oss-120b_high`, `claude-3-7-sonnet-20250219_16K`, `fireworks/kimi-k2p5`,
`Llama-4-Maverick-17B-128E-Instruct-FP8`). `resolve()` is a pure function; it tries, in order:

1. the whole name against the alias table (data/universe/model_aliases.csv);
2. the name's parts, split by `split_name()`:
   - an inference-provider or org prefix before the last `/` is dropped (`openai/`, `chutes/`,
     `fireworks/`, `together/`, `zai-org/`, …);
   - a reasoning-effort or token-budget suffix after `_` (`_high`, `_medium`, `_low`, `_unknown`,
     `_16K`, `_thinking`, …) becomes the score's variant: never merged with another effort;
   - a quantisation suffix (`-FP8`, `-INT4`, `-AWQ`, …) is dropped: same weights, fewer bits;
   - a date stamp (`-2024-12-17`, `-20250219`) is split off: tried with the date first, then
     without it, where the model the rest names was launched within DATE_TOLERANCE of the
     stamp (so `claude-3-5-sonnet-20241022` never becomes the June model);
   - Fireworks' `p` for a decimal point between digits (`k2p5` = `k2.5`);
   then the rest against the alias table, the launches' own model names, and Hub repo names.

Case and punctuation are ignored everywhere (`alias_key`, the same as SQL's alias_key macro).
A name that reaches no launch gets a reason and the rule that would catch it (the Data page
lists them). `store_resolutions()` is the warehouse glue: it resolves every stored name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pandas as pd

from pipelines.warehouse import execute_sql, incoming, sql_text

DATE_TOLERANCE = timedelta(days=45)
EFFORTS = r"high|medium|low|minimal|max|xhigh|none|unknown|thinking|non-?thinking|no-?thinking|\d+(?:\.\d+)?[kKmM]"
EFFORT = re.compile(rf"_({EFFORTS})$", re.IGNORECASE)
QUANTISATION = re.compile(r"-(fp8|fp4|nvfp4|mxfp4|int4|int8|w4a16|w8a8|bf16|fp16|awq|gptq)$", re.IGNORECASE)
DATE_DASHED = re.compile(r"-(20\d\d)-(\d\d)-(\d\d)$")
DATE_COMPACT = re.compile(r"-(20\d\d)(\d\d)(\d\d)$")
DECIMAL_P = re.compile(r"(?<=\d)p(?=\d)")
LAUNCH_NAME_SPLIT = re.compile(r"\s*(?:/|\+|,)\s*")


def alias_key(name: str) -> str:
    """Case and punctuation ignored: 'DeepSeek V3' = 'deepseek-v3' = 'DeepSeek_V3'."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Alias:
    model: str
    hf_repo_id: str | None
    launch_id: str | None
    is_primary: bool


@dataclass(frozen=True)
class Launch:
    launch_id: str
    date: date
    model: str  # the launch's own name, e.g. "GLM-4.5 / GLM-4.5-Air"
    hf_repo_id: str | None


@dataclass(frozen=True)
class NameParts:
    """What split_name() found in a raw name; `base` is what is left to match."""

    raw: str
    base: str
    provider: str | None = None
    effort: str | None = None
    quantisation: str | None = None
    stamp: date | None = None
    decimal_p: bool = False

    def rules(self) -> list[str]:
        out = []
        if self.provider:
            out.append(f"provider prefix {self.provider}/")
        if self.effort:
            out.append(f"effort suffix _{self.effort} → variant")
        if self.quantisation:
            out.append(f"quantisation -{self.quantisation}")
        if self.stamp:
            out.append(f"date stamp {self.stamp.isoformat()}")
        if self.decimal_p:
            out.append("p as decimal point")
        return out


@dataclass(frozen=True)
class Resolution:
    raw: str
    base: str  # the name after the rules
    model: str | None = None
    hf_repo_id: str | None = None
    launch_id: str | None = None
    is_primary: bool = False
    variant: str | None = None  # the effort or budget split off the name
    rule: str = ""  # the steps that led to the match, or that were applied before it failed
    reason: str | None = None  # why it reaches no launch (None when it does)
    suggestion: str | None = None  # the rule that would catch it

    @property
    def reaches_launch(self) -> bool:
        return self.launch_id is not None


def split_name(raw: str) -> NameParts:
    """The parts of a provider's model name (pure string rules, no tables)."""
    name = raw.strip()
    provider = None
    if "/" in name:
        provider, name = name.rsplit("/", 1)
    effort = None
    if match := EFFORT.search(name):
        effort, name = match.group(1), name[: match.start()]
    quantisation = None
    if match := QUANTISATION.search(name):
        quantisation, name = match.group(1), name[: match.start()]
    stamp = None
    for pattern in (DATE_DASHED, DATE_COMPACT):
        if match := pattern.search(name):
            try:
                stamp = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            name = name[: match.start()]
            break
    decimal_p = bool(DECIMAL_P.search(name))
    name = DECIMAL_P.sub(".", name)
    return NameParts(raw, name, provider, effort, quantisation, stamp, decimal_p)


@dataclass
class Tables:
    """The lookups resolve() matches against, built once from the alias table and the launches."""

    aliases: dict[str, Alias] = field(default_factory=dict)  # alias_key(alias) → alias
    repos: dict[str, Alias] = field(default_factory=dict)  # alias_key(repo id or its name part) → alias
    launch_names: dict[str, Alias] = field(default_factory=dict)  # alias_key(a launch's model name) → alias
    launch_dates: dict[str, date] = field(default_factory=dict)

    @classmethod
    def build(cls, aliases: Iterable[tuple[str, Alias]], launches: Iterable[Launch]) -> Tables:
        tables = cls()
        for name, alias in aliases:
            current = tables.aliases.get(alias_key(name))
            if current is None or (alias.is_primary and not current.is_primary):
                tables.aliases[alias_key(name)] = alias
            if alias.hf_repo_id:
                for key in (alias_key(alias.hf_repo_id), alias_key(alias.hf_repo_id.rsplit("/", 1)[-1])):
                    if key not in tables.repos or alias.is_primary:
                        tables.repos[key] = alias
        for launch in launches:
            tables.launch_dates[launch.launch_id] = launch.date
            if launch.hf_repo_id:
                alias = Alias(launch.hf_repo_id, launch.hf_repo_id, launch.launch_id, True)
                for key in (alias_key(launch.hf_repo_id), alias_key(launch.hf_repo_id.rsplit("/", 1)[-1])):
                    tables.repos.setdefault(key, alias)
            # "GLM-4.5 / GLM-4.5-Air" names two models; "(…)" holds notes, not names.
            names = LAUNCH_NAME_SPLIT.split(re.sub(r"\([^)]*\)", "", launch.model))
            for number, piece in enumerate(p.strip() for p in names):
                if piece and alias_key(piece):
                    tables.launch_names.setdefault(
                        alias_key(piece), Alias(piece, launch.hf_repo_id, launch.launch_id, number == 0)
                    )
        return tables

    def candidates(self) -> dict[str, str]:
        """Every name a rule can reach (for suggestions): key → how it reads."""
        out = {k: f"{a.model}" for k, a in self.launch_names.items()}
        out.update({k: a.model for k, a in self.aliases.items()})
        return out


def _lookup(tables: Tables, name: str) -> tuple[Alias, str] | None:
    key = alias_key(name)
    if not key:
        return None
    for where, index in (("alias", tables.aliases), ("launch name", tables.launch_names), ("Hub repo", tables.repos)):
        if key in index:
            return index[key], where
    return None


def _date_fits(tables: Tables, alias: Alias, stamp: date) -> bool:
    """A date-stamped version belongs to what its undated name maps to only near that model's launch."""
    dated = re.search(r"(20\d\d)-(\d\d)-(\d\d)", alias.model)
    if dated:
        return dated.group(0) == stamp.isoformat()
    if alias.launch_id is None:  # a model without a launch: nothing to misattribute
        return True
    launched = tables.launch_dates.get(alias.launch_id or "")
    return launched is not None and abs(launched - stamp) <= DATE_TOLERANCE


def resolve(raw: str, tables: Tables) -> Resolution:
    """Resolve one raw model name (pure: the same name and tables always give the same answer)."""
    whole = tables.aliases.get(alias_key(raw)) if alias_key(raw) else None
    if whole is not None:
        return _resolved(raw, raw, whole, None, [], "alias (whole name)")
    parts = split_name(raw)
    rules = parts.rules()
    tried = [parts.base]
    if parts.stamp is not None:  # the dated name first: a dated alias is an exact version
        base, stamp = parts.base, parts.stamp
        for dated in (f"{base}-{stamp.isoformat()}", f"{base}-{stamp:%Y%m%d}", f"{base}-{stamp:%m%d}"):
            found = _lookup(tables, dated)
            if found is not None and found[1] == "alias":
                return _resolved(raw, dated, found[0], parts.effort, rules, found[1])
    found = _lookup(tables, parts.base)
    if found is not None:
        alias, where = found
        if parts.stamp is None or _date_fits(tables, alias, parts.stamp):
            return _resolved(raw, parts.base, alias, parts.effort, rules, where)
        reason = f"`{parts.base}` maps to {alias.model}, but the stamp {parts.stamp.isoformat()} is not that version"
        return Resolution(
            raw,
            parts.base,
            variant=parts.effort,
            rule=" · ".join(rules),
            reason=reason,
            suggestion=f"alias: add `{raw}` (or `{parts.base}-{parts.stamp.isoformat()}`) to model_aliases.csv "
            "with the version's own model and launch",
        )
    return Resolution(
        raw,
        parts.base,
        variant=parts.effort,
        rule=" · ".join(rules),
        reason=f"no alias, Hub repo or launch is named `{parts.base}`",
        suggestion=_suggest(tables, parts.base, tried),
    )


def _resolved(raw: str, base: str, alias: Alias, effort: str | None, rules: list[str], where: str) -> Resolution:
    rule = " · ".join([*rules, f"matched {where}"])
    if alias.launch_id is None:
        return Resolution(
            raw,
            base,
            alias.model,
            alias.hf_repo_id,
            None,
            alias.is_primary,
            effort,
            rule,
            reason=f"maps to {alias.model}, which no launch in launches.csv stands for",
            suggestion="launch: add its launch to data/seed/launches.csv and its launch_id to model_aliases.csv",
        )
    return Resolution(raw, base, alias.model, alias.hf_repo_id, alias.launch_id, alias.is_primary, effort, rule)


def _suggest(tables: Tables, base: str, tried: list[str]) -> str:
    names = tables.candidates()
    close = difflib.get_close_matches(alias_key(base), list(names), n=1, cutoff=0.6)
    hint = f" (closest known name: {names[close[0]]})" if close else ""
    return f"alias: add `{base}` to model_aliases.csv with its model and launch{hint}"


def tables_from_frames(aliases: pd.DataFrame, launches: pd.DataFrame) -> Tables:
    """Tables from the warehouse's model_aliases and launches rows."""

    def text(value: object) -> str | None:
        return value if isinstance(value, str) and value else None

    alias_rows = [
        (r.alias, Alias(r.model, text(r.hf_repo_id), text(r.launch_id), bool(r.is_primary)))
        for r in aliases.itertuples()
    ]
    launch_rows = [
        Launch(r.launch_id, pd.Timestamp(r.date).date(), r.model, text(r.hf_repo_id)) for r in launches.itertuples()
    ]
    return Tables.build(alias_rows, launch_rows)


RESOLUTION_COLUMNS = [
    "raw",
    "base",
    "model",
    "hf_repo_id",
    "launch_id",
    "is_primary",
    "variant",
    "rule",
    "reason",
    "suggestion",
]


def resolve_all(names: Iterable[str], tables: Tables) -> pd.DataFrame:
    rows = [resolve(name, tables) for name in sorted(set(names))]
    return pd.DataFrame([[getattr(r, c) for c in RESOLUTION_COLUMNS] for r in rows], columns=RESOLUTION_COLUMNS)


def store_resolutions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Resolve every model name stored in benchmark_scores against the current aliases and
    launches, and replace the model_names table with the answers (run after every load)."""
    aliases = con.execute(sql_text("queries/resolution_aliases")).df()
    launches = con.execute(sql_text("queries/resolution_launches")).df()
    names = [row[0] for row in con.execute(sql_text("queries/stored_model_names")).fetchall()]
    frame = resolve_all(names, tables_from_frames(aliases, launches))
    with incoming(con, frame):
        execute_sql(con, "load/replace_model_names")
    return frame


def counts(resolutions: pd.DataFrame | Mapping[str, Resolution]) -> dict[str, int]:
    """How many names reach a launch, a model only, or nothing."""
    frame = resolutions if isinstance(resolutions, pd.DataFrame) else pd.DataFrame(resolutions.values())
    return {
        "names": len(frame),
        "launch": int(frame["launch_id"].notna().sum()),
        "model_only": int((frame["model"].notna() & frame["launch_id"].isna()).sum()),
        "unresolved": int(frame["model"].isna().sum()),
    }
