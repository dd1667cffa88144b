"""The robust tests (BMP, Kolari–Pynnönen, generalised sign, Corrado rank) against plain loops."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines import event_study
from pipelines import robust_tests as rt
from pipelines.event_study import StudyParams
from tests import reference_robust_tests as ref
from tests.new_interpreter import modules_after

TOL = 1e-9


def as_ref(units: list[rt.Unit]) -> list[ref.Unit]:
    return [
        ({int(k): float(v) for k, v in u.est.items()}, {int(k): float(v) for k, v in u.event.items()}, u.car_se)
        for u in units
    ]


def check(units: list[rt.Unit], *, kp: bool) -> None:
    got = rt.all_tests(units, kolari_pynnonen=kp)
    plain = as_ref(units)
    z, p = ref.bmp(plain)
    assert got["bmp_z"] == pytest.approx(z, abs=TOL, rel=TOL) and got["bmp_p"] == pytest.approx(p, abs=TOL)
    if kp:
        z, p, r = ref.kolari_pynnonen(plain)
        assert got["kp_z"] == pytest.approx(z, abs=TOL, rel=TOL) and got["kp_p"] == pytest.approx(p, abs=TOL)
        assert got["r_bar"] == pytest.approx(r, abs=TOL)
    z, p = ref.generalized_sign(plain)
    assert got["sign_z"] == pytest.approx(z, abs=TOL, rel=TOL) and got["sign_p"] == pytest.approx(p, abs=TOL)
    z, p = ref.corrado(plain)
    assert got["rank_z"] == pytest.approx(z, abs=TOL, rel=TOL) and got["rank_p"] == pytest.approx(p, abs=TOL)


@pytest.mark.parametrize(("launch_id", "window"), [("deepseek-r1", (0, 0)), ("llama-4", (-1, 1)), ("qwen3", (0, 5))])
def test_group_member_tests_match_plain_loops(seed_warehouse: Path, launch_id: str, window: tuple[int, int]) -> None:
    params = StudyParams(window=window)
    members = event_study.results(params, launch_ids=[launch_id], path=seed_warehouse, with_flags=False)
    units = rt.member_units(params, members, path=seed_warehouse)
    assert {g for _, g in units} == {"chipmaker", "semicap", "hyperscaler", "china_ai", "asia_semis", "index"}
    by_ticker = members.set_index("ticker")
    for (_, _group), group_units in units.items():
        for unit in group_units:  # each SCAR is the security's own parametric t
            assert unit.car / unit.car_se == pytest.approx(by_ticker.loc[unit.info["ticker"], "t_stat"], rel=1e-9)
        check(group_units, kp=True)
    table = rt.group_tests(params, launch_ids=[launch_id], members=members, path=seed_warehouse)
    assert len(table) == 6 and table["n"].sum() == (members["status"] == "ok").sum()


def test_all_reasoning_launches_for_chipmakers_match_plain_loops(seed_warehouse: Path) -> None:
    params = StudyParams(window=(0, 1))
    launches = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "seed" / "launches.csv")
    ids = launches.loc[launches["kind"] == "reasoning_llm", "launch_id"].tolist()
    units = rt.portfolio_units(params, "chipmaker", launch_ids=ids, path=seed_warehouse)
    assert len(units) == len(ids)
    groups = event_study.group_results(params, launch_ids=ids, path=seed_warehouse, with_flags=False)
    chips = groups[groups["group"] == "chipmaker"].set_index("launch_id")
    for unit in units:  # a portfolio unit is the SQL group portfolio: same CAR, same t
        assert unit.car == pytest.approx(chips.loc[unit.key, "car"], abs=TOL)
        assert unit.car / unit.car_se == pytest.approx(chips.loc[unit.key, "t_stat"], rel=1e-9)
    check(units, kp=False)


def test_corrado_ties_and_uneven_lengths() -> None:
    """Ties get average ranks; units with different numbers of days use their own L_i."""
    rng = np.random.default_rng(7)
    units = []
    for i, length in enumerate((40, 55, 61)):
        est = pd.Series(np.round(rng.normal(0, 0.01, length), 3), index=range(-length - 10, -10))
        event = pd.Series([0.02, 0.0, -0.01][: 1 + i % 3], index=range(0, 1 + i % 3))
        units.append(rt.Unit(str(i), est, event, 0.01 * math.sqrt(len(event))))
    assert any(u.est.duplicated().any() for u in units)
    check(units, kp=True)


def test_the_tests_run_without_importing_scipy_stats() -> None:
    """scipy.stats costs a fresh process about 0.5 s to import: a server's first Launch impact or Launch kinds run
    paid it for Corrado's ranks alone."""
    code = (
        "import numpy as np, pandas as pd\n"
        "from pipelines import robust_tests as rt\n"
        "units = [rt.Unit(str(i), pd.Series([0.01, -0.02, 0.0, 0.03]), pd.Series([0.02, 0.01], index=[4, 5]), 0.01)"
        " for i in range(3)]\n"
        "out = rt.all_tests(units, kolari_pynnonen=True)\n"
        "assert np.isfinite(out['rank_z']), out\n"
    )
    imported = modules_after(code)
    assert "pipelines.robust_tests" in imported
    assert not {m for m in imported if m == "scipy.stats" or m.startswith("scipy.stats.")}
