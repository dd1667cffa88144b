"""What each page's report contains: a page's view model (views/), formatted as a Report.

The dashboard passes the view model it just drew; `python -m reporting` collects the same view
model with the same collector, so page, download and CLI give one report.
"""

from __future__ import annotations

import pandas as pd

from pipelines.event_study import RETURN_MODELS, StudyParams, window_label
from reporting.report import Report
from views import adoption_figures, figures, glossary, labels, numbers
from views.adoption import HORIZON_DAYS as ADOPTION_HORIZON
from views.adoption import AdoptionView
from views.benchmarks import CAR_WINDOW as BENCHMARK_CAR_WINDOW
from views.benchmarks import RUNS_NOTE as BENCHMARK_RUNS_NOTE
from views.benchmarks import BenchmarksView, scale_in_words
from views.compare import CompareView
from views.data_status import DataView
from views.filters import adoption_query_params, market_query_params
from views.impact import ImpactView
from views.kinds import KindsView
from views.timeline import NOTES as TIMELINE_NOTES
from views.timeline import TimelineView

GROUP_NAMES = {
    "chipmaker": "chipmakers",
    "semicap": "chip-equipment makers",
    "asia_semis": "Asian semiconductors",
    "index": "indices and ETFs",
    "hyperscaler": "hyperscalers",
    "china_ai": "Chinese AI companies",
}
RESULT_COLUMNS = [
    "launch_id",
    "ticker",
    "name",
    "group",
    "currency",
    "event_date",
    "t0",
    "benchmark",
    "model",
    "window_first",
    "window_last",
    "n_est",
    "alpha",
    "beta",
    "sigma",
    "r2",
    "close_before",
    "close_end",
    "raw_return",
    "car",
    "car_se",
    "t_stat",
    "p_value",
    "df",
    "shares",
    "shares_date",
    "value_change",
    "value_change_usd",
    "status",
    "flags",
    "confounded",
    "reason",
]


def _results(frame: pd.DataFrame, launch_names: dict[str, str] | None = None) -> pd.DataFrame:
    """Result rows with the columns of RESULT_COLUMNS, the return model named as such, and, for rows of
    several launches, the launch's name first."""
    out = frame[[c for c in RESULT_COLUMNS if c in frame.columns]].rename(
        columns={"model": "return_model"}
    )
    if "launch" in frame.columns:  # launches sharing a stock-day, named together
        out.insert(0, "launch", frame["launch"])
    elif launch_names is not None:
        out.insert(0, "launch", out["launch_id"].map(launch_names))
    return out


def _moved(value: float) -> str:
    return "fell" if value < 0 else "rose"


def impact_summary(view: ImpactView) -> list[str]:
    """3–6 sentences with the view's own numbers: the biggest mover, the groups, how many moved."""
    sentences = []
    ok = view.ok[view.ok["ticker"] != view.params.benchmark]
    if ok.empty:
        return [f"No security in scope has a computed result for {view.launch['model']} in the window {view.window}."]
    movers = view.movers if not view.movers.empty else ok
    top = movers.iloc[0]
    value = f", about {numbers.money(top['value_change'], top['currency'])} of market value" if pd.notna(
        top["value_change"]) else ""
    sentences.append(
        f"On {numbers.day(top['t0'])} {top['name']} {_moved(top['raw_return'])} "
        f"{numbers.percent(abs(top['raw_return']), sign=False)} (abnormal {numbers.percent(top['car'])}, "
        f"t = {numbers.stat(top['t_stat'])}, p {_p_phrase(top['p_value'])}){value}."
    )
    for group in view.groups.itertuples():
        if pd.notna(group.car):
            name = GROUP_NAMES.get(group.group, group.group)
            sentences.append(
                f"{name[:1].upper()}{name[1:]} as a group: {numbers.percent(group.car)} (p {_p_phrase(group.p_value)}, "
                f"{int(group.n_members)} securities)."
            )
            if len(sentences) >= 3:
                break
    significant = ok[ok["p_value"] < 0.05]
    sentences.append(
        f"{len(significant)} of {len(ok)} securities moved significantly (p < 0.05) over the window {view.window}"
        + (f": {', '.join(significant['ticker'].head(6))}" + (" …" if len(significant) > 6 else "") + "."
           if len(significant) else ".")
    )
    flags = ok["flags"].fillna("").astype(str) if "flags" in ok else pd.Series("", index=ok.index)
    flagged = ok[flags.str.len() > 0]
    if len(flagged):
        sentences.append(
            f"{len(flagged)} of these results carry confounder flags (other launches, market-wide days or earnings "
            "in the window); read them as more than a launch effect."
        )
    sentences.append(
        f"Abnormal returns use the {RETURN_MODELS[view.params.model].label} against {view.params.benchmark}, "
        f"estimated over {window_label(view.params.estimation)} trading days before the event."
    )
    return sentences[:6]


def _p_phrase(p: object) -> str:
    text = numbers.p_value(p)
    return text if text.startswith("<") else f"= {text}"


def _sources(prices: pd.DataFrame, extra: list[tuple[str, str]]) -> pd.DataFrame:
    rows = [
        (
            f"prices of {r.ticker} ({r.close_adjustment}, {r.first_date:%Y-%m-%d}…{r.last_date:%Y-%m-%d}): {r.source}",
            r.source_url,
        )
        for r in prices.itertuples()
    ]
    return pd.DataFrame(rows + extra, columns=["source", "source_url"])


def impact_report(view: ImpactView) -> Report:
    """The Launch impact view: its results, movers, groups, paths, the cross-launch heatmap and ranking."""
    params, window = view.params, view.window
    table = _results(view.results).merge(
        view.price_sources.groupby("ticker")["source"].agg("; ".join).rename("price_source"), on="ticker", how="left"
    )
    report = Report(
        title=f"Aftershock · Launch impact of {figures.short_model(view.launch['model'])}",
        page="impact",
        parameters={
            "launch": view.launch["launch_id"],
            "model": view.launch["model"],
            "event date": f"{view.event_day} ({'market' if params.use_market_date else 'release'} date)",
            "benchmark": params.benchmark,
            "return model": RETURN_MODELS[params.model].label,
            "event window": window,
            "estimation window": window_label(params.estimation),
            "securities": view.scope_label,
        },
        data_as_of=view.as_of,
        notes=list(view.notes),
        summary=impact_summary(view),
        glossary=list(glossary.TERMS),
        scope=(
            f"{view.launch['model']} ({view.launch['organization']}), event date {view.event_day} "
            f"({'market' if params.use_market_date else 'release'} date); window {window} trading days; "
            f"{RETURN_MODELS[params.model].label} against {params.benchmark}; securities: {view.scope_label}."
        ),
    )
    ok = view.ok
    report.figures.append(
        (f"CAR {window} by security", figures.car_bars(ok[ok["ticker"] != params.benchmark], colours=view.colours,
                                                      window=window))
    )
    if not view.paths.empty:
        report.figures.append(
            ("Abnormal returns by trading day", figures.car_paths(view.paths, column="ar", colours=view.colours))
        )
        report.figures.append(
            (f"CAR from the start of the window {window}",
             figures.car_paths(view.paths, column="car", colours=view.colours))
        )
    if not view.heat.empty:
        report.figures.append(
            (f"CAR {window} across launches", figures.car_heatmap(view.heat, view.heat_launches))
        )
    names = view.heat_launches.set_index("launch_id")["model"].map(figures.short_model).to_dict()
    names.update(view.ranking.set_index("launch_id")["launch"].map(figures.short_model).to_dict())
    report.tables += [
        ("Event study results", table),
        ("Biggest movers", _results(view.movers)),
        ("Portfolio CAR by group", view.groups.assign(group=view.groups["group"].map(labels.group))),
        (f"CAR {window} across launches", _results(view.heat, names)),
        (f"Largest abnormal moves, all launches (CAR {window})", _results(view.ranking, names)),
    ]
    report.data_tables.append(("Abnormal return paths", view.paths))
    report.sources = _sources(view.price_sources, [(f"launch: {view.launch['model']}", view.launch["source_url"])])
    return report


def timeline_summary(view: TimelineView) -> list[str]:
    """The largest launch-day move in view, and how the securities ended the range."""
    sentences = [f"{len(view.launches)} launches of the chosen organisations fall between {view.filters.start} and "
                 f"{view.filters.end}."]
    moves = view.moves.dropna(subset=["price_return"]) if not view.moves.empty else view.moves
    if not moves.empty:
        top = moves.loc[moves["price_return"].abs().idxmax()]
        sentences.append(
            f"The largest launch-day move: {top['ticker']} {numbers.percent(top['price_return'])} on "
            f"{numbers.day(top['t0'])}, the day markets could first react to {figures.short_model(top['model'])}."
        )
    if not view.prices.empty:
        ends = view.prices.groupby("ticker", sort=False)["indexed"].last() - 100
        best, worst = ends.idxmax(), ends.idxmin()
        sentences.append(
            f"Over the range {best} did best ({numbers.percent(ends[best] / 100)}) and {worst} worst "
            f"({numbers.percent(ends[worst] / 100)})."
        )
    return sentences


def timeline_report(view: TimelineView) -> Report:
    """The Market timeline view: the chart, the prices behind it and the launch-day moves."""
    market = view.filters
    report = Report(
        title="Aftershock · Market timeline",
        page="timeline",
        parameters={
            "tickers": ", ".join(view.tickers),
            "organisations": ", ".join(market.orgs) or "all",
            "countries": ", ".join(market.countries) or "all",
            "from": str(market.start),
            "to": str(market.end),
            "view": market.view,
            **{f"url {k}": v for k, v in market_query_params(market).items()},
        },
        data_as_of=view.as_of,
        notes=list(TIMELINE_NOTES) + ([f"Headline: {view.headline.text}."] if view.headline else []),
        summary=timeline_summary(view),
        scope=(
            f"{', '.join(view.tickers)} from {market.start} to {market.end}; launches of "
            f"{', '.join(market.orgs) or 'every organisation'}"
            + (f" in {', '.join(market.countries)}" if market.countries else "")
            + "."
        ),
    )
    report.figures.append(("Market timeline", view.figure()))
    report.tables += [("Launch-day moves", view.moves), ("Launches", view.launches)]
    report.data_tables.append(("Prices", view.prices))
    report.sources = _sources(
        view.price_sources, [(f"launch: {r.model}", r.source_url) for r in view.launches.itertuples()]
    )
    return report


def data_report(view: DataView) -> Report:
    """The Data & pipelines view: freshness, runs, price coverage, the universe and the seed's provenance."""
    failed = view.status[view.status["last_status"] == "failed"]["source"].tolist() if not view.status.empty else []
    summary = [
        f"{len(view.securities)} securities and {len(view.hf_orgs)} Hugging Face organisations are tracked; "
        f"the newest price is of {view.newest['last_date'].max():%Y-%m-%d}." if not view.newest.empty else
        f"{len(view.securities)} securities are tracked.",
        "No pipeline has run here: the data is the embedded snapshot." if view.status.empty else
        f"Pipeline sources that have run here: {len(view.status)}"
        + (f"; the last run of {', '.join(failed)} failed." if failed else "; none failed on its last run."),
        f"{len(view.unresolved)} model names from benchmark sources reach no launch.",
    ]
    return Report(
        title="Aftershock · Data & pipelines",
        page="data",
        parameters={},
        data_as_of=view.as_of,
        summary=summary,
        scope="Where every number comes from, and how fresh it is.",
        tables=[
            ("Pipeline status", view.status),
            ("Run history", view.history),
            ("Prices per security", view.coverage),
            ("Newest price per source", view.newest),
            ("Securities", view.securities),
            ("Hugging Face organisations", view.hf_orgs),
            ("Model names that reach no launch", view.unresolved),
            ("Seed price files", view.files),
        ],
        sources=view.sources,
    )


def adoption_summary(view: AdoptionView) -> list[str]:
    """How much history is drawn, the leader at the ranking date, and the launch curves."""
    sentences = [
        f"{len(view.models)} models of {len(view.orgs)} organisations drawn from {len(view.snapshots):,} snapshots "
        f"of the Hub's 30-day download count, {view.start} to {view.end}."
    ]
    if not view.ranking.empty and "downloads_30d" in view.ranking:
        top = view.ranking.sort_values("downloads_30d", ascending=False).iloc[0]
        name = top.get("repo_id", top.get("model", ""))
        count = numbers.count(top["downloads_30d"])
        sentences.append(f"On {view.ranking_date} the most downloaded was {name}: {count} in 30 days.")
    if not view.curves.empty:
        sentences.append(
            f"{view.curves['launch_id'].nunique()} launches have a series from their release, drawn by days since "
            f"release next to the CAR of {view.car_label}."
        )
    return sentences


def adoption_report(view: AdoptionView) -> Report:
    """The Adoption view: its charts, the snapshots behind them, the ranking, shares, launch curves and CAR."""
    f = view.filters
    report = Report(
        title="Aftershock · Adoption",
        page="adoption",
        parameters={
            "organisations": ", ".join(view.orgs) or "none with data",
            "models": ", ".join(view.models) or "none",
            "from": str(view.start),
            "to": str(view.end),
            "count over time": view.value_label,
            "ranking date": str(view.ranking_date),
            "ranking size": str(f.top),
            "CAR of": view.car_label,
            **{f"url {k}": v for k, v in adoption_query_params(f).items()},
        },
        data_as_of=view.as_of,
        notes=[*view.notes, *(f"Not in this data yet: {m}." for m in view.missing)],
        summary=adoption_summary(view),
    )
    if not view.snapshots.empty and view.snapshots[view.value_column].notna().any():
        report.figures.append(
            (
                f"{view.value_label} over time",
                adoption_figures.downloads_over_time(
                    view.snapshots,
                    view.launches,
                    column=view.value_column,
                    org_colours=view.org_colours,
                    label=view.value_label,
                ),
            )
        )
    if not view.ranking.empty:
        report.figures.append(
            (
                f"30-day downloads on {view.ranking_date}",
                adoption_figures.ranking_bars(
                    view.ranking, value="downloads_30d", label="30-day downloads", org_colours=view.org_colours
                ),
            )
        )
    if not view.likes.empty:
        report.figures.append(
            (
                f"Likes on {view.ranking_date}",
                adoption_figures.ranking_bars(view.likes, value="likes", label="Likes", org_colours=view.org_colours),
            )
        )
    if not view.shares.empty:
        report.figures.append(
            ("Share of tracked downloads", adoption_figures.org_shares(view.shares, view.orgs, view.org_colours))
        )
    if not view.curves.empty:
        report.figures.append(
            (
                "30-day downloads by days since release",
                adoption_figures.launch_curves(view.curves, view.launch_colours, horizon=ADOPTION_HORIZON),
            )
        )
    if not view.car.empty:
        report.figures.append(
            (
                f"CAR of {view.car_label} by days since release",
                adoption_figures.launch_car(
                    view.car, view.launch_colours, horizon=ADOPTION_HORIZON, label=view.car_label
                ),
            )
        )
    report.tables += [
        ("Models drawn", view.summary),
        ("Snapshots", view.snapshots),
        (f"Ranking on {view.ranking_date}", view.ranking),
        (f"Likes on {view.ranking_date}", view.likes),
        ("Organisation shares by week", view.shares),
        ("Launch curves", view.curves),
        ("Launches without a series from their release", view.late),
        ("CAR by days since release", view.car),
        ("Daily downloads", view.daily),
    ]
    report.sources = view.sources[["source", "source_url"]] if not view.sources.empty else report.sources
    return report


def _study_parameters(params) -> dict[str, str]:  # noqa: ANN001 - a StudyParams
    return {
        "event date": "market date" if params.use_market_date else "release date",
        "benchmark": params.benchmark,
        "return model": RETURN_MODELS[params.model].label,
        "event window": window_label(params.window),
        "estimation window": window_label(params.estimation),
    }


def compare_report(view: CompareView) -> Report:
    """Launches compared: the small multiples of CAR paths and the side-by-side table (CAR, t, p, flags)."""
    report = Report(
        title="Aftershock · Launches compared: " + ", ".join(view.launches["label"]),
        page="compare",
        parameters={
            "launches": ", ".join(view.filters.launch_ids),
            **_study_parameters(view.filters.params),
            "securities": ", ".join(view.tickers),
            "group portfolios": ", ".join(labels.group(g) for g in view.groups) or "none",
        },
        data_as_of=view.as_of,
        notes=list(view.notes),
        glossary=list(glossary.TERMS),
        summary=compare_summary(view),
        scope=f"{', '.join(view.launches['label'])}: CAR {view.window} of {', '.join(view.tickers)}"
        + (f" and the {', '.join(labels.group(g) for g in view.groups)} portfolios" if view.groups else "") + ".",
    )
    if not view.paths.empty:
        report.figures.append(
            (
                "CAR paths, one panel per launch",
                figures.compare_paths(
                    view.paths, view.launch_labels, colours=view.colours, window=view.filters.params.window
                ),
            )
        )
    numbers_table = view.securities.assign(
        launch=view.securities["launch_id"].map(view.launch_labels),
        p=view.securities["p_value"].map(numbers.p_value),
    )[["launch", "launch_id", "key", "name", "kind", "car", "t_stat", "p_value", "p", "flags"]]
    report.tables += [
        (f"Side by side: CAR {view.window}, t, p and flags", view.table()),
        ("Numbers per launch and security", numbers_table),
    ]
    report.data_tables.append(("CAR paths", view.paths))
    report.sources = pd.DataFrame(
        [(f"launch: {r.model}", r.source_url) for r in view.launches.itertuples()], columns=["source", "source_url"]
    )
    return report


def compare_summary(view: CompareView) -> list[str]:
    """For each launch, the security or portfolio that moved most, with its test."""
    sentences = []
    for launch_id, label in view.launch_labels.items():
        rows = view.securities[(view.securities["launch_id"] == launch_id)].dropna(subset=["car"])
        if rows.empty:
            sentences.append(f"{label}: no computed result for the chosen securities.")
            continue
        top = rows.loc[rows["car"].abs().idxmax()]
        sentences.append(
            f"{label}: largest abnormal move {top['name']} {numbers.percent(top['car'])} over {view.window} "
            f"(t = {numbers.stat(top['t_stat'])}, p {_p_phrase(top['p_value'])})"
            + ("; flagged" if isinstance(top.get("flags"), str) and top["flags"] else "") + "."
        )
    return sentences[:6]


def kinds_summary(view: KindsView) -> list[str]:
    """How many launches were used, and the kinds with the largest and smallest mean CAR."""
    sentences = [f"{view.exclusion[:1].upper()}{view.exclusion[1:].rstrip('.')}."]
    if not view.by_kind.empty and "mean_car" in view.by_kind:
        ranked = view.by_kind.dropna(subset=["mean_car"]).sort_values("mean_car")
        if len(ranked):
            low, high = ranked.iloc[0], ranked.iloc[-1]
            sentences.append(
                f"Highest mean CAR {view.window} of {view.group_label.lower()}: {high['label']} "
                f"{numbers.percent(high['mean_car'])} (n = {int(high['n'])}); lowest: {low['label']} "
                f"{numbers.percent(low['mean_car'])} (n = {int(low['n'])})."
            )
    return sentences


def kinds_report(view: KindsView) -> Report:
    """What kinds of launches move a group: the averages with their tests, the chart, the regression."""
    report = Report(
        title=f"Aftershock · What kinds of launches move {labels.group_plural_lower(view.filters.group)}?",
        page="kinds",
        parameters={
            "group": view.group_label,
            "launches compared by": view.attribute_label,
            "confounded launches": "excluded" if view.filters.exclude_confounded else "included",
            **_study_parameters(view.filters.params),
            "launches used": view.exclusion,
        },
        data_as_of=view.as_of,
        notes=list(view.notes),
        glossary=list(glossary.TERMS),
        summary=kinds_summary(view),
        scope=f"{view.group_label}: mean CAR {view.window} by {view.attribute_label.lower()}; {view.exclusion}.",
    )
    if not view.by_kind.empty:
        report.figures.append(
            (
                f"Mean CAR {view.window} by {view.attribute_label.lower()}",
                figures.kind_bars(view.by_kind, label="label", window=view.window),
            )
        )
    report.tables += [
        (f"Mean CAR {view.window} by {view.attribute_label.lower()}", view.kinds_table()),
        ("Regression with HC3 standard errors", view.regression_table()),
        ("Launches", view.launches_table()),
    ]
    launches = view.launches
    report.sources = pd.DataFrame(
        [("launches: data/seed/launches.csv (a source URL per launch)", "")], columns=["source", "source_url"]
    ) if "source_url" not in launches.columns else pd.DataFrame(
        [(f"launch: {r.model}", r.source_url) for r in launches.itertuples()], columns=["source", "source_url"]
    )
    return report


def benchmarks_report(view: BenchmarksView) -> Report:
    """The Benchmarks view: scores side by side, their history, and capability against market or adoption."""
    f = view.filters
    shown = view.shown_points
    summary = [
        f"{len(view.table)} scores of {len(f.models)} models on {len(f.benchmarks)} benchmarks "
        f"({f.source or 'every source'}).",
        f"{len(shown)} launches have both a {f.x} score and an outcome ({view.y_label})"
        + (f"; without an outcome: {', '.join(view.without_outcome)}." if view.without_outcome else "."),
    ]
    if len(shown) >= 3:
        correlation = shown["score"].corr(shown["outcome"], method="spearman")
        if pd.notna(correlation):
            summary.append(
                f"Across them, the rank correlation of the {f.x} score with the outcome is {numbers.stat(correlation)}."
            )
    report = Report(
        title="Aftershock · Benchmarks",
        page="benchmarks",
        parameters={
            "benchmarks": ", ".join(f.benchmarks),
            "models": ", ".join(f.models),
            "source": f.source or "all",
            "scatter x": f.x,
            "scatter y": view.y_label,
            "security": f.security,
        },
        data_as_of=view.as_of,
        summary=summary,
        scope=f"{', '.join(f.benchmarks)} for {', '.join(f.models)}; {f.x} against {view.y_label}.",
        figures=view.figures(),
        tables=[
            ("Scores", scale_in_words(view.table)),  # 'Rating (Elo)', as the page writes it
            ("Score history", scale_in_words(view.history)),
            ("Capability and outcome", view.points),
        ],
        sources=view.sources,
        notes=[
            "Scores as each source reports them; a series is benchmark × variant × metric.",
            BENCHMARK_RUNS_NOTE,
            f"CAR {window_label(BENCHMARK_CAR_WINDOW)}: market model vs ^GSPC, estimation "
            f"{window_label(StudyParams().estimation)} (see the Launch impact page).",
        ],
    )
    return report
