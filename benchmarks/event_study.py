"""Benchmark: the SQL event study against a per-event statsmodels loop, on the real seed.

Runs every launch × every security × the standard windows both ways, then prints the
wall time of each, their ratio (measured in the same run, so machine noise largely
cancels), and the largest absolute difference of CAR, t and p.

    python benchmarks/event_study.py [--windows 0:0,-1:1,0:1,0:5,-5:5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines import event_study, seed  # noqa: E402
from tests import reference_event_study as ref  # noqa: E402


def sql_run(
    path: Path, windows: list[tuple[int, int]], with_flags: bool = False
) -> dict[tuple[int, int], pd.DataFrame]:
    """All windows in one query (the market model fitted once per launch × security)."""
    frame = event_study.results_for_windows(event_study.StudyParams(), windows, path=path, with_flags=with_flags)
    return {w: frame[(frame["win_start"] == w[0]) & (frame["win_end"] == w[1])] for w in windows}


def loop_run(path: Path, windows: list[tuple[int, int]]) -> dict[tuple[int, int], pd.DataFrame]:
    returns = ref.load_returns()
    with duckdb.connect(str(path), read_only=True) as con:
        launches = con.execute("SELECT launch_id, coalesce(market_date, date) AS d FROM launches").fetchall()
    out = {}
    for w in windows:
        rows = []
        for launch_id, day in launches:
            for ticker, frame in returns.items():
                r = ref.study(frame, returns["^GSPC"], day, window=w)
                rows.append((launch_id, ticker, r.status, r.car, r.t_stat, r.p_value))
        out[w] = pd.DataFrame(rows, columns=["launch_id", "ticker", "status", "car", "t_stat", "p_value"])
    return out


def max_difference(a: dict, b: dict) -> dict[str, float]:
    worst = {"car": 0.0, "t_stat": 0.0, "p_value": 0.0}
    for w in a:
        joined = a[w].merge(b[w], on=["launch_id", "ticker"], suffixes=("_sql", "_loop"))
        assert (joined["status_sql"] == joined["status_loop"]).all(), f"status differs in window {w}"
        ok = joined[joined["status_sql"] == "ok"]
        for col in worst:
            diff = np.abs(ok[f"{col}_sql"].astype(float) - ok[f"{col}_loop"].astype(float))
            worst[col] = max(worst[col], float(diff.max()))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", default="0:0,-1:1,0:1,0:5,-5:5")
    parser.add_argument("--repeat", type=int, default=3, help="SQL runs to time (best is reported)")
    args = parser.parse_args()
    windows = [event_study.parse_window(w) for w in args.windows.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        seed.build(path)
        sql_times, flagged_times = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            sql = sql_run(path, windows)
            sql_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            sql_run(path, windows, with_flags=True)
            flagged_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        loop = loop_run(path, windows)
        loop_time = time.perf_counter() - start
    events = sum(len(frame) for frame in sql.values())
    ok = sum(int((frame["status"] == "ok").sum()) for frame in sql.values())
    worst = max_difference(sql, loop)
    best = min(sql_times)
    print(f"event studies: {events:,} (launch × security × window), {ok:,} computed, windows {args.windows}")
    flagged = min(flagged_times)
    print(f"speed ratio loop / SQL:    {loop_time / best:.1f}x ({loop_time / flagged:.1f}x with the confounder flags)")
    print(f"SQL (one query for all windows): best of {args.repeat} {best:.2f} s ({events / best:,.0f} per s); "
          f"with the confounder flags (results_for_windows' default) {flagged:.2f} s")
    print(f"statsmodels loop:          {loop_time:.2f} s ({events / loop_time:,.0f} per s)")
    print("largest absolute difference: " + ", ".join(f"{k} {v:.2e}" for k, v in worst.items()))


if __name__ == "__main__":
    main()
