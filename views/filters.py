"""URL ⇄ filter state. Pure functions: no Streamlit, so tests call them directly.

Every view is a shareable URL. Lists are comma-separated (`tickers=NVDA,AMD`), dates are
ISO (`start=2024-12-01`). A value that is not understood produces a warning and falls
back to the default; it never raises.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pipelines.event_study import (
    BENCHMARKS,
    MODELS,
    ParameterError,
    StudyParams,
    format_window,
    parse_window,
)
from views.text import quote, quote_list

DEFAULT_TICKERS = ("NVDA", "AVGO", "TSM", "AMD", "SOXX", "SPY")
DEFAULT_ORGS = ("DeepSeek", "Alibaba (Qwen)", "Meta", "OpenAI")
DEFAULT_START = date(2024, 10, 1)
DEFAULT_END = date(2025, 3, 31)
FIRST_DATE = date(2022, 1, 1)  # the embedded prices start here; earlier dates have nothing to show
VIEWS = ("indexed", "price")


@dataclass(frozen=True)
class Universe:
    """What the warehouse knows, to validate URL values against."""

    tickers: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]]
    orgs: tuple[str, ...]
    countries: tuple[str, ...]
    launch_ids: tuple[str, ...]
    first_date: date = FIRST_DATE
    last_date: date | None = None  # the newest stored price; None: no upper bound known


def load_universe(source: Any) -> Universe:
    """What the warehouse knows (securities, groups, organisations, countries, launches, the newest price)."""
    securities = source.query("securities")
    launches = source.query("launches")
    info = dict(source.query("warehouse_info").itertuples(index=False, name=None))
    latest = info.get("latest_price")
    return Universe(
        tickers=tuple(securities["ticker"]),
        groups={g: tuple(frame["ticker"]) for g, frame in securities.groupby("group", sort=False)},
        orgs=tuple(sorted(launches["organization"].unique())),
        countries=tuple(sorted(launches["country"].dropna().unique())),
        launch_ids=tuple(launches["launch_id"]),
        last_date=date.fromisoformat(latest) if latest else None,
    )


@dataclass(frozen=True)
class MarketFilters:
    """The shared filters: securities, launches and the date range."""

    tickers: tuple[str, ...] = DEFAULT_TICKERS
    groups: tuple[str, ...] = ()
    orgs: tuple[str, ...] = DEFAULT_ORGS
    countries: tuple[str, ...] = ()
    launches: tuple[str, ...] = ()
    start: date = DEFAULT_START
    end: date = DEFAULT_END
    view: str = "indexed"
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def launch_query(self) -> dict[str, object]:
        """Parameters of sql/queries/timeline_launches.sql for these filters."""
        return {
            "launch_ids": list(self.launches),
            "orgs": list(self.orgs),
            "countries": list(self.countries),
            "start": self.start,
            "end": self.end,
        }

    def selected_tickers(self, universe: Universe) -> list[str]:
        """Tickers in the order chosen, then the members of the chosen groups."""
        chosen = list(self.tickers)
        for group in self.groups:
            chosen += universe.groups.get(group, ())
        return list(dict.fromkeys(chosen))


def _first(params: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    value = params.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value[-1] if value else None


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _pick(
    params: Mapping[str, str | Sequence[str]],
    key: str,
    known: Iterable[str],
    default: tuple[str, ...],
    label: str,
    warnings: list[str],
    *,
    fold_case: bool = False,
) -> tuple[str, ...]:
    raw = _first(params, key)
    if raw is None:
        return default
    lookup = {(k.upper() if fold_case else k): k for k in known}
    wanted = _split(raw)
    good = [lookup[w.upper() if fold_case else w] for w in wanted if (w.upper() if fold_case else w) in lookup]
    bad = [w for w in wanted if (w.upper() if fold_case else w) not in lookup]
    if bad:
        warnings.append(f"Unknown {label} in the URL ignored: {quote_list(bad)}.")
    if wanted and not good:
        warnings.append(f"No valid {label} left; showing the default.")
        return default
    return tuple(dict.fromkeys(good))


def _one_of(
    params: Mapping[str, str | Sequence[str]],
    key: str,
    allowed: Iterable[str],
    default: str,
    label: str,
    warnings: list[str],
) -> str:
    """A single value from a known set; anything else warns and gives the default."""
    raw = _first(params, key)
    if raw is None or raw == "":
        return default
    if raw in set(allowed):
        return raw
    warnings.append(f"Unknown {label} {key}={quote(raw)} in the URL; using {default}.")
    return default


def _date(
    params: Mapping[str, str | Sequence[str]], key: str, default: date | None, warnings: list[str]
) -> date | None:
    raw = _first(params, key)
    if raw is None or raw == "":
        return default
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        fallback = default.isoformat() if default else "all dates"
        warnings.append(f"Bad date {key}={quote(raw)} in the URL (use YYYY-MM-DD); using {fallback}.")
        return default


def parse_market_filters(params: Mapping[str, str | Sequence[str]], universe: Universe) -> MarketFilters:
    """Read the URL's query parameters; unknown values become warnings and defaults."""
    warnings: list[str] = []
    tickers = _pick(params, "tickers", universe.tickers, DEFAULT_TICKERS, "tickers", warnings, fold_case=True)
    groups = _pick(params, "groups", universe.groups, (), "security groups", warnings)
    orgs = _pick(params, "orgs", universe.orgs, DEFAULT_ORGS, "organisations", warnings)
    countries = _pick(params, "countries", universe.countries, (), "countries", warnings)
    launches = _pick(params, "launches", universe.launch_ids, (), "launches", warnings)
    start = _date(params, "start", DEFAULT_START, warnings)
    end = _date(params, "end", DEFAULT_END, warnings)
    if start > end:
        warnings.append(f"Start {start} is after end {end} in the URL; using the default range.")
        start, end = DEFAULT_START, DEFAULT_END
    start, end = clamp_dates(start, end, universe.first_date, universe.last_date, warnings)
    view = _one_of(params, "view", VIEWS, "indexed", "view", warnings)
    return MarketFilters(tickers, groups, orgs, countries, launches, start, end, view, tuple(warnings))


def clamp_dates(
    start: date, end: date, first: date, last: date | None, warnings: list[str]
) -> tuple[date, date]:
    """Dates outside the stored data are moved to its edges, with a warning saying so."""
    last = last or max(end, first)
    if end < first or start > last:
        warnings.append(
            f"No data between {start} and {end} (stored prices run {first} to {last}); using the default range."
        )
        return max(DEFAULT_START, first), min(DEFAULT_END, last)
    if start < first:
        warnings.append(f"Start {start} is before the first stored price; using {first}.")
        start = first
    if end > last:
        warnings.append(f"End {end} is after the newest stored price; using {last}.")
        end = last
    return start, end


def market_query_params(filters: MarketFilters) -> dict[str, str]:
    """The URL for these filters, leaving out what equals the default."""
    default = MarketFilters()
    out: dict[str, str] = {}
    for key in ("tickers", "groups", "orgs", "countries", "launches"):
        value = getattr(filters, key)
        if value != getattr(default, key):
            out[key] = ",".join(value)
    if filters.start != default.start:
        out["start"] = filters.start.isoformat()
    if filters.end != default.end:
        out["end"] = filters.end.isoformat()
    if filters.view != default.view:
        out["view"] = filters.view
    return out


def with_changes(filters: MarketFilters, **changes: object) -> MarketFilters:
    """A copy with the given fields replaced and no warnings (the state the widgets produced)."""
    return replace(filters, warnings=(), **changes)


DEFAULT_LAUNCH = "deepseek-r1"
SCOPES = ("chosen", "all")  # Launch impact: the sidebar's securities, or every tracked security


@dataclass(frozen=True)
class ImpactFilters:
    """The Launch impact page's own state: which launch and how the event study is run."""

    launch_id: str = DEFAULT_LAUNCH
    params: StudyParams = field(default_factory=StudyParams)
    all_securities: bool = False  # True: every tracked security, whatever the company filter says
    warnings: tuple[str, ...] = field(default=(), compare=False)


def parse_impact_filters(params: Mapping[str, str | Sequence[str]], launch_ids: Sequence[str]) -> ImpactFilters:
    """Launch, event-date choice, benchmark, model and windows from the URL, with warnings."""
    warnings: list[str] = []
    launch = _first(params, "launch") or DEFAULT_LAUNCH
    if launch not in launch_ids:
        close = difflib.get_close_matches(launch, list(launch_ids), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"Unknown launch {quote(launch)} in the URL{hint}; showing {DEFAULT_LAUNCH}.")
        launch = DEFAULT_LAUNCH
    study = _study_choices(params, StudyParams(), warnings)
    scope = _one_of(params, "scope", SCOPES, "chosen", "securities", warnings)
    return ImpactFilters(launch, study, scope == "all", tuple(warnings))


def with_windows(base: StudyParams, choices: Mapping[str, object], warnings: list[str]) -> StudyParams:
    """base with the chosen settings. The two windows are checked together first: an event window that starts
    before day -11 can be used only with an estimation window that ends before it, so a pair that fits is
    never split by a check against base's other window. A pair that does not fit keeps what can be used, the
    estimation window tried first, so the warning about the event window names the user's own estimation
    window; what cannot be used is replaced by base's, with a warning naming it."""
    study = replace(base, **{k: v for k, v in choices.items() if k not in ("window", "estimation")})
    wanted = {attr: choices[attr] for attr in ("estimation", "window") if attr in choices}
    try:
        return replace(study, **wanted)
    except ParameterError:
        pass
    for attr, value in wanted.items():
        try:
            study = replace(study, **{attr: value})
        except ParameterError as exc:  # study keeps base's window of this kind
            warnings.append(f"{str(exc)[:1].upper()}{str(exc)[1:]}; using {format_window(getattr(study, attr))}.")
    return study


def impact_query_params(filters: ImpactFilters) -> dict[str, str]:
    """The URL for this event study, leaving out defaults."""
    default = ImpactFilters()
    out: dict[str, str] = {}
    if filters.launch_id != default.launch_id:
        out["launch"] = filters.launch_id
    out.update(_study_query(filters.params, default.params))
    if filters.all_securities:
        out["scope"] = "all"
    return out


COUNTS = ("30d", "all")  # Adoption: the Hub's rolling 30-day count, or all-time totals
DEFAULT_TOP = 15
TOP_RANGE = (3, 50)
DEFAULT_CAR_SECURITY = "group:chipmaker"


@dataclass(frozen=True)
class AdoptionFilters:
    """The Adoption page: organisations (empty: every one with data), models (repo ids; empty: a default
    set), an optional date range, the count shown over time, the ranking's date and size, and the
    security (or group:NAME) whose CAR sits beside the days-since-launch curves."""

    orgs: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    count: str = "30d"
    ranking_date: date | None = None  # None: the newest snapshot
    top: int = DEFAULT_TOP
    security: str = DEFAULT_CAR_SECURITY
    warnings: tuple[str, ...] = field(default=(), compare=False)


def parse_adoption_filters(
    params: Mapping[str, str | Sequence[str]],
    orgs: Sequence[str],
    repo_ids: Sequence[str],
    securities: Sequence[str] = (DEFAULT_CAR_SECURITY,),
) -> AdoptionFilters:
    """Organisations, models, dates, count, ranking date and size, CAR security from the URL; unknown
    values warn and fall back."""
    warnings: list[str] = []
    chosen_orgs = _pick(params, "orgs", orgs, (), "organisations", warnings)
    models = _pick(params, "models", repo_ids, (), "models", warnings)
    start = _date(params, "start", None, warnings) if _first(params, "start") else None
    end = _date(params, "end", None, warnings) if _first(params, "end") else None
    if start and end and start > end:
        warnings.append(f"Start {start} is after end {end} in the URL; showing all dates.")
        start = end = None
    count = _one_of(params, "count", COUNTS, "30d", "count", warnings)
    when = _date(params, "date", None, warnings) if _first(params, "date") else None
    top = DEFAULT_TOP
    raw_top = _first(params, "top")
    if raw_top:
        try:
            top = int(raw_top)
            if not TOP_RANGE[0] <= top <= TOP_RANGE[1]:
                raise ValueError
        except ValueError:
            warnings.append(
                f"Bad top={quote(raw_top)} in the URL (a whole number {TOP_RANGE[0]}–{TOP_RANGE[1]}); "
                f"using {DEFAULT_TOP}."
            )
            top = DEFAULT_TOP
    security = _one_of(params, "sec", securities, DEFAULT_CAR_SECURITY, "security", warnings)
    return AdoptionFilters(chosen_orgs, models, start, end, count, when, top, security, tuple(warnings))


def adoption_query_params(filters: AdoptionFilters) -> dict[str, str]:
    """The URL of the Adoption page's state, leaving out defaults."""
    default = AdoptionFilters()
    out: dict[str, str] = {}
    if filters.orgs:
        out["orgs"] = ",".join(filters.orgs)
    if filters.models:
        out["models"] = ",".join(filters.models)
    if filters.start:
        out["start"] = filters.start.isoformat()
    if filters.end:
        out["end"] = filters.end.isoformat()
    if filters.count != default.count:
        out["count"] = filters.count
    if filters.ranking_date:
        out["date"] = filters.ranking_date.isoformat()
    if filters.top != default.top:
        out["top"] = str(filters.top)
    if filters.security != default.security:
        out["sec"] = filters.security
    return out


R1_TABLE = "DeepSeek-R1 README / paper table (DeepSeek-R1 evaluation)"
DEFAULT_BENCHMARKS = (
    "AIME 2024",
    "MATH-500",
    "GPQA Diamond",
    "LiveCodeBench",
    "Codeforces",
    "SWE-bench Verified",
    "MMLU",
)
DEFAULT_MODELS = (
    "DeepSeek-R1",
    "OpenAI o1 (2024-12-17)",
    "OpenAI o1-mini",
    "DeepSeek-V3",
    "Claude 3.5 Sonnet (2024-10-22)",
    "GPT-4o (2024-05-13)",
)
OUTCOMES = ("car", "downloads_30d", "downloads_all_time")
COLOURS = ("organization", "country")


@dataclass(frozen=True)
class BenchmarkFilters:
    """The Benchmarks page: the bar chart's benchmarks, models and source; the scatter's axes."""

    benchmarks: tuple[str, ...] = DEFAULT_BENCHMARKS
    models: tuple[str, ...] = DEFAULT_MODELS
    source: str | None = R1_TABLE
    x: str = "GPQA Diamond"
    y: str = "car"
    security: str = "NVDA"  # a ticker, or group:NAME for a group's portfolio
    colour: str = "organization"
    downloads_date: date | None = None  # downloads outcome: the newest snapshot at or before it; None: newest
    warnings: tuple[str, ...] = field(default=(), compare=False)
    over_time: tuple[str, ...] = ()  # benchmarks charted over time; empty: the first chosen one with a history


def parse_benchmark_filters(
    params: Mapping[str, str | Sequence[str]],
    benchmarks: Sequence[str],
    models: Sequence[str],
    sources: Sequence[str],
    universe: Universe,
) -> BenchmarkFilters:
    """The URL's choices for the Benchmarks page; unknown values warn and fall back."""
    warnings: list[str] = []
    default = BenchmarkFilters()
    chosen_benchmarks = _pick(params, "benchmarks", benchmarks, default.benchmarks, "benchmarks", warnings)
    chosen_models = _pick(params, "models", models, default.models, "models", warnings)
    source: str | None = default.source
    raw_source = _first(params, "source")
    if raw_source is not None:
        if raw_source == "all":
            source = None
        elif raw_source in sources:
            source = raw_source
        else:
            warnings.append(f"Unknown source {quote(raw_source)} in the URL; showing {default.source}.")
    x = _one_of(params, "x", benchmarks, default.x, "benchmark", warnings)
    y = _one_of(params, "y", OUTCOMES, default.y, "outcome", warnings)
    securities = [*universe.tickers, *(f"group:{g}" for g in universe.groups)]
    security = _one_of(params, "sec", securities, default.security, "security", warnings)
    colour = _one_of(params, "color", COLOURS, default.colour, "colour", warnings)
    downloads_date = _date(params, "dl_date", None, warnings) if _first(params, "dl_date") else None
    over_time = _pick(params, "over_time", benchmarks, (), "benchmarks over time", warnings)
    return BenchmarkFilters(
        chosen_benchmarks, chosen_models, source, x, y, security, colour, downloads_date, tuple(warnings), over_time
    )


def benchmark_query_params(filters: BenchmarkFilters) -> dict[str, str]:
    default = BenchmarkFilters()
    out: dict[str, str] = {}
    if filters.benchmarks != default.benchmarks:
        out["benchmarks"] = ",".join(filters.benchmarks)
    if filters.models != default.models:
        out["models"] = ",".join(filters.models)
    if filters.source != default.source:
        out["source"] = filters.source or "all"
    for key, attr in (("x", "x"), ("y", "y"), ("sec", "security"), ("color", "colour")):
        if getattr(filters, attr) != getattr(default, attr):
            out[key] = getattr(filters, attr)
    if filters.downloads_date:
        out["dl_date"] = filters.downloads_date.isoformat()
    if filters.over_time:
        out["over_time"] = ",".join(filters.over_time)
    return out


def _study_choices(
    params: Mapping[str, str | Sequence[str]], default: StudyParams, warnings: list[str]
) -> StudyParams:
    """Event date, benchmark, model and windows from the URL (as on Launch impact), from the page's default."""
    event = _one_of(params, "event", ("market", "release"), "market", "event date", warnings)
    choices: dict[str, object] = {
        "use_market_date": event == "market",
        "benchmark": _one_of(params, "benchmark", BENCHMARKS, default.benchmark, "benchmark", warnings),
        "model": _one_of(params, "model", MODELS, default.model, "model", warnings),
    }
    for key, attr in (("window", "window"), ("est", "estimation")):
        raw = _first(params, key)
        if raw is None:
            continue
        try:
            choices[attr] = parse_window(raw, name=key)
        except ParameterError as exc:
            warnings.append(f"{exc}; using {format_window(getattr(default, attr))}.")
    return with_windows(default, choices, warnings)


def _study_query(params: StudyParams, default: StudyParams) -> dict[str, str]:
    out: dict[str, str] = {}
    if params.use_market_date != default.use_market_date:
        out["event"] = "market" if params.use_market_date else "release"
    if params.benchmark != default.benchmark:
        out["benchmark"] = params.benchmark
    if params.model != default.model:
        out["model"] = params.model
    if params.window != default.window:
        out["window"] = format_window(params.window)
    if params.estimation != default.estimation:
        out["est"] = format_window(params.estimation)
    return out


DEFAULT_COMPARE = ("deepseek-v3", "deepseek-r1", "qwen2-5-max", "llama-4")
COMPARE_RANGE = (2, 6)


@dataclass(frozen=True)
class CompareFilters:
    """Launches compared: 2–6 launches and the event study's settings (securities: the shared filters)."""

    launch_ids: tuple[str, ...] = DEFAULT_COMPARE
    params: StudyParams = field(default_factory=StudyParams)
    warnings: tuple[str, ...] = field(default=(), compare=False)


def parse_compare_filters(params: Mapping[str, str | Sequence[str]], launch_ids: Sequence[str]) -> CompareFilters:
    """`compare=ID,ID,…` (2–6 known launch ids) and the study settings; anything else warns."""
    warnings: list[str] = []
    chosen = _pick(params, "compare", launch_ids, DEFAULT_COMPARE, "launches to compare", warnings)
    low, high = COMPARE_RANGE
    if len(chosen) > high:
        warnings.append(f"At most {high} launches can be compared; showing the first {high}.")
        chosen = chosen[:high]
    elif len(chosen) < low:
        warnings.append(f"Choose at least {low} launches to compare; showing the default.")
        chosen = DEFAULT_COMPARE
    study = _study_choices(params, StudyParams(), warnings)
    return CompareFilters(tuple(chosen), study, tuple(warnings))


def compare_query_params(filters: CompareFilters) -> dict[str, str]:
    out = {} if filters.launch_ids == DEFAULT_COMPARE else {"compare": ",".join(filters.launch_ids)}
    return {**out, **_study_query(filters.params, StudyParams())}


KIND_ATTRIBUTES = ("open_weights", "country", "organization", "reasoning")
KINDS_WINDOW = (0, 1)


@dataclass(frozen=True)
class KindsFilters:
    """What kinds of launches move a group: the group, the attribute, the study and the confounder rule."""

    group: str = "chipmaker"
    attribute: str = "open_weights"
    exclude_confounded: bool = True
    params: StudyParams = field(default_factory=lambda: StudyParams(window=KINDS_WINDOW))
    warnings: tuple[str, ...] = field(default=(), compare=False)


def parse_kinds_filters(params: Mapping[str, str | Sequence[str]], groups: Sequence[str]) -> KindsFilters:
    """`group`, `attr`, `confounded` (`exclude` or `include`) and the study settings (window default 0:1)."""
    warnings: list[str] = []
    default = KindsFilters()
    group = _one_of(params, "group", groups, default.group, "security group", warnings)
    attribute = _one_of(params, "attr", KIND_ATTRIBUTES, default.attribute, "attribute", warnings)
    confounded = _one_of(params, "confounded", ("exclude", "include"), "exclude", "confounder rule", warnings)
    study = _study_choices(params, default.params, warnings)
    return KindsFilters(group, attribute, confounded == "exclude", study, tuple(warnings))


def kinds_query_params(filters: KindsFilters) -> dict[str, str]:
    default = KindsFilters()
    out: dict[str, str] = {}
    if filters.group != default.group:
        out["group"] = filters.group
    if filters.attribute != default.attribute:
        out["attr"] = filters.attribute
    if not filters.exclude_confounded:
        out["confounded"] = "include"
    return {**out, **_study_query(filters.params, default.params)}
