"""Benchmark at scale: a labelled synthetic warehouse at K× securities and L× launches, against the seed.

The synthetic warehouse is built in a temporary folder (never the user's warehouse) from the seed:
each non-index security is copied K-1 times (ticker `NVDA~S07`, name "… (synthetic copy 7)",
source `synthetic`), every price multiplied by its own lognormal noise factor (σ = 0.2 %) so the
returns differ; each launch is copied L-1 times with its dates shifted by 3·j days; Hub snapshots
are copied to about 2.9 M rows. It is published through the ordinary staged build, so the returns
are materialised as in a real run.

For the seed and for the synthetic warehouse it prints first the targets of issue #14 (measured /
target, their ratio, met or missed), then: each page's server-side script time
(Streamlit's AppTest, cold cache and warm), the event study for one launch × all securities and
one launch × 2 securities (in process, and as the CLI in a fresh process), the matrix (all
launches × all securities × the windows asked for, in one query with the confounder flags; at scale
all launches × the Launch impact page's default securities), the publish of a run that changes one close,
of one that adds a trading day for every security (the daily prices run) and of one that changes no price,
and peak memory; ratios against the seed and against the per-event
statsmodels loop of tests/reference_event_study.py, timed in the same run on a sample of studies.

    python benchmarks/scale.py [--k 100] [--l 10] [--matrix-windows 0:0,-1:1,0:1,0:5,-5:5]
                               [--scale-matrix-windows 0:0,...] [--scale-matrix-tickers NVDA,...|all]
                               [--page-timeout 120] [--loop-sample 400] [--seed-only] [--keep-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines import event_study, seed  # noqa: E402
from pipelines.warehouse import staged_build  # noqa: E402
from views.filters import DEFAULT_TICKERS  # noqa: E402

# Pages in the order of the sidebar; a path that no longer exists is skipped (pages may move).
PAGES = [
    "app/pages/timeline.py",
    "app/pages/impact.py",
    "app/pages/compare.py",
    "app/pages/kinds.py",
    "app/pages/adoption.py",
    "app/pages/benchmarks.py",
    "app/pages/reports.py",
    "app/pages/data.py",
]
HUB_ROWS = 2_900_000
LAUNCH = "deepseek-r1"
TWO = ["NVDA", "AMD"]


def synthesise(path: Path, k: int, l_copies: int) -> None:
    """Grow the seed warehouse at path to K× securities, L× launches and ~2.9 M Hub snapshots."""
    with staged_build(from_live=True, target=path, holder="synthetic build") as con:
        con.execute("CREATE TEMP TABLE copies AS SELECT range AS c FROM range(1, ?)", [k])
        con.execute("CREATE TEMP TABLE base AS SELECT * FROM securities WHERE \"group\" <> 'index'")
        con.execute(
            """INSERT INTO securities BY NAME
               SELECT base.* REPLACE (ticker || '~S' || lpad(c::VARCHAR, 2, '0') AS ticker,
                                      name || ' (synthetic copy ' || c || ')' AS name)
               FROM base CROSS JOIN copies"""
        )
        con.execute(
            """INSERT INTO prices BY NAME
               SELECT * EXCLUDE (c, f) REPLACE (ticker || '~S' || lpad(c::VARCHAR, 2, '0') AS ticker,
                                 open * f AS open, high * f AS high, low * f AS low, close * f AS close,
                                 adj_close * f AS adj_close, 'synthetic' AS source)
               FROM (SELECT p.*, c.c, exp(0.002 * sqrt(-2 * ln(random())) * cos(2 * pi() * random())) AS f
                     FROM prices AS p JOIN base USING (ticker) CROSS JOIN copies AS c)"""
        )
        for table in ("dividends", "shares_outstanding"):
            con.execute(
                f"""INSERT INTO {table} BY NAME
                    SELECT {table}.* REPLACE (ticker || '~S' || lpad(c::VARCHAR, 2, '0') AS ticker)
                    FROM {table} JOIN base USING (ticker) CROSS JOIN copies"""  # noqa: S608 (fixed names)
            )
        con.execute(
            """INSERT INTO launches BY NAME
               SELECT launches.* REPLACE (launch_id || '~L' || j AS launch_id, date + CAST(3 * j AS INTEGER) AS date,
                                 market_date + CAST(3 * j AS INTEGER) AS market_date,
                                 model || ' (synthetic ' || j || ')' AS model)
               FROM launches CROSS JOIN range(1, ?) AS t(j)""",
            [l_copies],
        )
        n = con.execute("SELECT count(*) FROM model_stats").fetchall()[0][0]
        con.execute(
            """INSERT INTO model_stats BY NAME
               SELECT model_stats.* REPLACE (repo_id || '~H' || (c % 1000) AS repo_id,
                                             as_of + INTERVAL (c // 1000) HOUR AS as_of, 'synthetic' AS source)
               FROM model_stats CROSS JOIN range(1, ?) AS t(c)""",
            [max(2, HUB_ROWS // max(n, 1))],
        )
        con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('origin', 'synthetic benchmark (K×, L×)')")


def timed(fn, *args, **kw):
    start = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - start, out


def best_of(n: int, fn, *args, **kw) -> float:
    return min(timed(fn, *args, **kw)[0] for _ in range(n))


def cli_seconds(path: Path, *args: str) -> float:
    env = {**os.environ, "AFTERSHOCK_DB": str(path)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipelines", "event-study", *args, "--format", "csv"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return time.perf_counter() - start


def page_times(path: Path, timeout: float, colds: int = 3) -> dict[str, tuple[float, float, str]]:
    """Per page: cold and warm server-side script time (best of `colds` and of 3), and any error shown.

    Each page is timed in its own process (killed after `timeout` seconds, so a page that does not
    finish cannot slow the next one down). Cold: Streamlit's caches cleared (query results, studies,
    built charts) in a process that has already imported the pages' modules and run the page once;
    warm: the same run again, a rerun with nothing changed. The first line is what a fresh process
    spends on its first page (imports, the reader's first open)."""
    out: dict[str, tuple[float, float, str]] = {}
    for page in [p for p in PAGES if (ROOT / p).exists()]:
        command = [sys.executable, str(Path(__file__).resolve()), "--page-child", str(path), page, str(colds)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
            lines = [line for line in done.stdout.splitlines() if line.count("\t") == 3]
            if lines:
                first, cold, warm, note = lines[-1].split("\t")
            else:
                why = done.stderr.strip().splitlines()[-1][:60] if done.stderr.strip() else f"exit {done.returncode}"
                first, cold, warm, note = "nan", "nan", "nan", f"failed: {why}"
        except subprocess.TimeoutExpired:
            first, cold, warm, note = "nan", "nan", "nan", f"did not finish in {timeout:.0f} s"
        if FIRST not in out:
            out[FIRST] = (float(first), float("nan"), "")
        out[page] = (float(cold), float(warm), note)
    return out


FIRST = "first page of a new process"


def page_child(path: Path, page: str, colds: int) -> None:
    """One page's timings (page_times runs this in a child process); prints first, cold, warm, note."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["AFTERSHOCK_DB"] = str(path)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=24 * 3600)
    first, _ = timed(at.run)
    if page != PAGES[0]:  # the default page is where a session starts
        at.switch_page(page)
    at.run()  # this page's own imports
    cold = float("inf")
    for _ in range(colds):
        st.cache_data.clear()
        st.cache_resource.clear()
        cold = min(cold, timed(at.run)[0])
    warm = min(timed(at.run)[0] for _ in range(3))
    note = "; ".join(e.value.replace("\\", "")[:60].replace("\t", " ") for e in at.error) if at.error else ""
    print(f"{first}\t{cold}\t{warm}\t{note}")


# What a run changes before its publish: one close of one security; a new trading day for every security
# that traded on the last one (the daily prices run); nothing that the returns or studies read (a Hub run).
RUN_CHANGES = {
    "close": "UPDATE prices SET close = close * 1.0001 WHERE ticker = 'NVDA' "
             "AND date = (SELECT max(date) FROM prices WHERE ticker = 'NVDA')",
    "day": "INSERT INTO prices SELECT * REPLACE ((SELECT max(date) + CASE dayofweek(max(date)) WHEN 5 THEN 3 "
           "WHEN 6 THEN 2 ELSE 1 END FROM prices) AS date, close * 1.001 AS close) FROM prices "
           "WHERE date = (SELECT max(date) FROM prices)",
    "none": "",
}


def child_publish(path: Path, change: str) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one run's publish (RUN_CHANGES[change]), in a fresh process."""
    code = (
        "import sys, time, resource\n"
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, sys.argv[1])\n"
        # this process's own peak: ru_maxrss would start from the RSS of the benchmark that forked it
        "def peak_mib():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "from pipelines import runner\n"
        "path = Path(sys.argv[2]); change = sys.argv[3]\n"
        "def apply(con):\n"
        "    if change:\n"
        "        con.execute(change)\n"
        "start = time.perf_counter()\n"
        "runner._publish(runner.RunResult('prices' if change else 'hub'), path, datetime.now(), apply)\n"
        "print(time.perf_counter() - start, peak_mib())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(path), RUN_CHANGES[change]],
        check=True, capture_output=True, text=True,
    )
    seconds, mib = done.stdout.strip().splitlines()[-1].split()  # DuckDB's progress bar may come before
    return float(seconds), float(mib)


def loop_rate(path: Path, sample: int) -> float:
    """Seconds per study of the per-event statsmodels loop (tests/reference_event_study.py), sampled."""
    from tests import reference_event_study as ref

    returns = ref.load_returns()
    with duckdb.connect(str(path), read_only=True) as con:
        launches = con.execute("SELECT coalesce(market_date, date) FROM launches ORDER BY launch_id").fetchall()
    pairs = [(d[0], t) for d in launches for t in returns][:sample]
    start = time.perf_counter()
    for day, ticker in pairs:
        ref.study(returns[ticker], returns["^GSPC"], day, window=(0, 0))
    return (time.perf_counter() - start) / len(pairs)


def measure(
    path: Path, label: str, windows: list[tuple[int, int]], page_timeout: float, matrix_tickers: list[str] | None
) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]  # noqa: S608 (fixed names)
            for t in ("securities", "prices", "launches", "model_stats")
        }
    size_mib = path.stat().st_size / 2**20
    params = event_study.StudyParams()
    # computed, as for any settings; then read from the default studies the publish kept
    one_all = best_of(3, event_study.results, params, launch_ids=[LAUNCH], path=path, kept=False)
    one_two = best_of(3, event_study.results, params, launch_ids=[LAUNCH], tickers=TWO, path=path, kept=False)
    kept_all = best_of(3, event_study.results, params, launch_ids=[LAUNCH], path=path)
    cli_all = cli_seconds(path, "--launch", LAUNCH, "--window", "0:0")
    cli_two = cli_seconds(path, "--launch", LAUNCH, "--window", "0:0", "--tickers", ",".join(TWO))
    def matrix(with_flags: bool):
        return event_study.results_for_windows(
            params, windows, tickers=matrix_tickers, path=path, with_flags=with_flags
        )

    studies = len(matrix(False))
    matrix_seconds = best_of(3, matrix, False)  # what the statsmodels loop computes: the studies
    matrix_flagged = best_of(3, matrix, True)  # and what results() returns: with the confounder flags
    pages = page_times(path, page_timeout)
    publish_prices = child_publish(path, "close")
    publish_day = child_publish(path, "day")
    publish_hub = child_publish(path, "none")
    return {
        "label": label, "counts": counts, "size_mib": size_mib, "one_all": one_all, "one_two": one_two,
        "kept_all": kept_all,
        "cli_all": cli_all, "cli_two": cli_two, "matrix": matrix_seconds, "studies": studies,
        "windows": windows, "pages": pages, "publish_prices": publish_prices, "publish_day": publish_day,
        "publish_hub": publish_hub,
        "matrix_tickers": matrix_tickers, "matrix_flagged": matrix_flagged,
    }


def _verdict(value: float, limit: float, *, at_least: bool = False) -> str:
    if value != value:  # NaN: did not finish
        return "MISSED (did not finish)"
    met = value >= limit if at_least else value <= limit
    return "met" if met else "MISSED"


def report(m: dict, base: dict | None, per_study_loop: float) -> None:
    """Ratios against the targets of issue #14 first, then the measurements they come from."""
    c = m["counts"]
    scaled = base is not None
    print(f"\n== {m['label']}: {c['securities']:,} securities, {c['prices']:,} price rows, "
          f"{c['launches']:,} launches, {c['model_stats']:,} Hub snapshots, file {m['size_mib']:,.0f} MiB")
    loop = m["studies"] * per_study_loop
    speedup = loop / m["matrix"]
    pages = {p: v for p, v in m["pages"].items() if p != FIRST}
    cold_page, (cold, _, _) = max(pages.items(), key=lambda kv: (kv[1][0] != kv[1][0], kv[1][0]))
    warm_page, (_, warm, _) = max(pages.items(), key=lambda kv: (kv[1][1] != kv[1][1], kv[1][1]))
    cold_limit = 1.5 if scaled else 0.5
    p_seconds = max(m["publish_prices"][0], m["publish_day"][0])  # the slower of the two prices runs
    p_mib = max(m["publish_prices"][1], m["publish_day"][1])
    rows = [
        ("1 launch × all securities", m["one_all"], 2.0, f"{m['one_all']:.3f} s / ≤ 2 s", False),
        ("1 launch × 2 securities", m["one_two"], 0.3, f"{m['one_two']:.3f} s / ≤ 0.3 s", False),
        ("slowest page, cold", cold, cold_limit, f"{cold:.2f} s / ≤ {cold_limit} s ({cold_page})", False),
        ("slowest page, warm", warm, 0.2, f"{warm:.2f} s / ≤ 0.2 s ({warm_page})", False),
        ("publish of a prices run (slower)", p_seconds, 10.0, f"{p_seconds:.2f} s / ≤ 10 s", False),
        ("  its peak memory (higher)", p_mib, 2048.0, f"{p_mib:,.0f} MiB / ≤ 2,048 MiB", False),
    ]
    answered = sum(1 for _, _, note in pages.values() if not note)
    rows.insert(2, ("pages that answer (no error shown)", answered, len(pages),
                    f"{answered} / {len(pages)}", True))
    if not scaled:
        rows.insert(2, ("full matrix vs statsmodels loop", speedup, 300.0, f"{speedup:,.0f}× / ≥ 300×", True))
        flagged = loop / m["matrix_flagged"]
        rows.insert(3, ("  the same with flags", flagged, 300.0, f"{flagged:,.0f}× / ≥ 300×", True))
    print("against the targets (measured / target, ratio):")
    for name, value, limit, text, at_least in rows:
        ratio = value / limit if value == value else float("nan")
        print(f"  {name:<32} {text:<48} {ratio:5.2f}  {_verdict(value, limit, at_least=at_least)}")

    def ratio(key: str) -> str:
        return f"  ({m[key] / base[key]:.1f}× seed)" if base else ""

    print(f"event study 1 launch × all {c['securities']:,} securities: {m['one_all']:.3f} s{ratio('one_all')}; "
          f"CLI in a fresh process {m['cli_all']:.2f} s")
    print(f"event study 1 launch × 2 securities:     {m['one_two']:.3f} s{ratio('one_two')}; "
          f"CLI in a fresh process {m['cli_two']:.2f} s")
    print(f"  (both computed; at the default settings the pages and the CLI read the studies the publish kept: "
          f"1 launch × all {m['kept_all']:.3f} s)")
    wins = ",".join(event_study.format_window(w) for w in m["windows"])
    scope = f"{len(m['matrix_tickers'])} securities" if m["matrix_tickers"] else f"{c['securities']:,} securities"
    print(f"matrix ({c['launches']:,} launches × {scope} × windows {wins}, {m['studies']:,} studies, one query, "
          f"best of 3): {m['matrix']:.2f} s; with the confounder flags {m['matrix_flagged']:.2f} s; "
          f"statsmodels loop (sampled rate) ≈ {loop:,.0f} s; ratio {speedup:,.0f}× "
          f"({loop / m['matrix_flagged']:,.0f}× with the flags)")
    runs = (("changes one close", m["publish_prices"]), ("adds a trading day", m["publish_day"]),
            ("changes no prices", m["publish_hub"]))
    for name, (seconds, mib) in runs:
        print(f"publish of a run that {name}: {seconds:.2f} s, peak RSS {mib:,.0f} MiB")
    print("pages (AppTest server-side script time): cold / warm")
    for page, (cold, warm, note) in m["pages"].items():
        if page == FIRST:
            print(f"  {page}: {cold:.2f} s (imports and the reader's first open, then the default page)")
            continue
        extra = ""
        if base and page in base["pages"] and base["pages"][page][0] == base["pages"][page][0]:
            extra = f"  (cold {cold / base['pages'][page][0]:.1f}× seed)"
        print(f"  {page:<24} {cold:6.2f} s / {warm:5.2f} s{extra}{('  ' + note) if note else ''}")


@contextmanager
def _workdir(keep: Path | None) -> Iterator[str]:
    """A temporary folder, or the folder asked for with --keep-dir (created, never removed)."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="aftershock-scale-") as tmp:
            yield tmp
    else:
        keep.mkdir(parents=True, exist_ok=True)
        yield str(keep)


def _build_once(path: Path, build) -> str:
    """Build path, or, when a kept folder already holds it, publish it once unchanged so it has this
    version's views and macros (an ordinary publish re-applies them). Says which."""
    if not path.exists():
        build(path)
        return "build"
    with staged_build(from_live=True, target=path, holder="scale benchmark"):
        pass
    return "kept file published again"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=100, help="securities multiplier (copies of each non-index one)")
    parser.add_argument("--l", type=int, default=10, help="launches multiplier")
    parser.add_argument("--matrix-windows", default="0:0,-1:1,0:1,0:5,-5:5", help="windows of the seed's matrix")
    parser.add_argument("--scale-matrix-windows", default="0:0,-1:1,0:1,0:5,-5:5",
                        help="windows of the synthetic matrix")
    parser.add_argument("--scale-matrix-tickers", default=",".join(DEFAULT_TICKERS),
                        help="securities of the synthetic matrix (all launches × these; 'all' for every one): "
                        "by default the Launch impact page's, whose ranking studies all launches × them")
    parser.add_argument("--page-timeout", type=float, default=240.0,
                        help="seconds a page's process may take (its first run, a cold run per --colds, warm runs)")
    parser.add_argument("--loop-sample", type=int, default=400, help="studies of the statsmodels loop to time")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--keep-dir", type=Path, help="build in this folder and keep the files (reused if present)")
    parser.add_argument("--page-child", nargs=3, metavar=("DB", "PAGE", "COLDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.page_child:
        page_child(Path(args.page_child[0]), args.page_child[1], int(args.page_child[2]))
        return
    windows = [event_study.parse_window(w) for w in args.matrix_windows.split(",")]
    scale_windows = [event_study.parse_window(w) for w in args.scale_matrix_windows.split(",")]
    with _workdir(args.keep_dir) as tmp:
        seed_path = Path(tmp) / "seed.duckdb"
        build_seed, how_seed = timed(_build_once, seed_path, seed.build)
        per_study = loop_rate(seed_path, args.loop_sample)
        print(f"seed {how_seed} {build_seed:.1f} s; statsmodels loop {per_study * 1000:.2f} ms per study "
              f"(timed on {args.loop_sample} studies of the seed)")
        base = measure(seed_path, "seed", windows, args.page_timeout, None)
        report(base, None, per_study)
        if args.seed_only:
            return
        big = Path(tmp) / f"synthetic-k{args.k}-l{args.l}.duckdb"

        def build_big(path: Path) -> None:
            path.write_bytes(seed_path.read_bytes())
            synthesise(path, args.k, args.l)

        built, how = timed(_build_once, big, build_big)
        kept = "kept" if args.keep_dir else "removed afterwards"
        print(f"\nsynthetic K={args.k}, L={args.l} {how}: {built:.1f} s (in {tmp}, {kept})")
        tickers = None if args.scale_matrix_tickers == "all" else args.scale_matrix_tickers.split(",")
        scaled = measure(big, f"K={args.k}, L={args.l} (synthetic)", scale_windows, args.page_timeout, tickers)
        report(scaled, base, per_study)
    print(f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
