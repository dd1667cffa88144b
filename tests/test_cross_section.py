"""The cross-section of launches (HC3 regression against statsmodels) and launches compared."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm

from pipelines import compare, cross_section, event_study
from pipelines.event_study import ParameterError, StudyParams

TOL = 1e-9


def test_hc3_matches_statsmodels() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(40), rng.integers(0, 2, 40), rng.integers(0, 2, 40), rng.normal(size=40)])
    y = x @ [0.01, -0.02, 0.005, 0.003] + rng.normal(scale=0.02, size=40) * (1 + x[:, 1])
    beta, se, _ = cross_section.hc3(x, y)
    fit = sm.OLS(y, x).fit(cov_type="HC3")
    np.testing.assert_allclose(beta, fit.params, rtol=0, atol=TOL)
    np.testing.assert_allclose(se, fit.bse, rtol=1e-9, atol=0)


@pytest.fixture(scope="module")
def chips(seed_warehouse: Path) -> cross_section.CrossSection:
    return cross_section.cross_section(StudyParams(window=(0, 1)), "chipmaker", path=seed_warehouse)


def test_chipmakers_by_launch_attribute(chips: cross_section.CrossSection) -> None:
    table = chips.launches
    assert len(table) == 101 and chips.n_excluded + chips.n_used == 101
    assert chips.n_excluded == int(table["confounded"].sum()) > 0
    assert str(chips.n_excluded) in chips.notes[0]
    assert not table.loc[table["launch_id"] == "deepseek-r1", "used"].iloc[0]  # the App Store milestone, same day
    used = table[table["used"]]
    rows = chips.by_attribute.set_index(["attribute", "value"])
    for attribute in cross_section.ATTRIBUTES:
        for value, part in used.groupby(attribute):
            row = rows.loc[(attribute, value)]
            assert row["n"] == len(part)
            assert row["mean_car"] == pytest.approx(part["car"].mean(), abs=TOL)
    reasoning = table.set_index("launch_id")["reasoning"]
    assert reasoning["deepseek-r1"] and not reasoning["llama-4"]


def test_regression_matches_statsmodels_hc3(chips: cross_section.CrossSection) -> None:
    used = chips.launches[chips.launches["used"]]
    x = sm.add_constant(used[["open_weights", "reasoning", "china"]].astype(float).to_numpy())
    fit = sm.OLS(used["car"].to_numpy(float), x).fit(cov_type="HC3", use_t=True)
    reg = chips.regression.set_index("term")
    np.testing.assert_allclose(reg["coef"], fit.params, atol=TOL)
    np.testing.assert_allclose(reg["se_hc3"], fit.bse, rtol=1e-9)
    np.testing.assert_allclose(reg["p"], fit.pvalues, atol=TOL)


def test_switch_includes_the_confounded_launches(seed_warehouse: Path) -> None:
    everything = cross_section.cross_section(
        StudyParams(window=(0, 1)), "chipmaker", exclude_confounded=False, path=seed_warehouse
    )
    assert everything.n_excluded == 0 and everything.n_used == 101


def test_launches_compared_side_by_side(seed_warehouse: Path) -> None:
    params = StudyParams(window=(0, 0))
    result = compare.compare(
        params, ["deepseek-r1", "llama-4", "qwen3"], tickers=["NVDA", "AMD", "TSM"], path=seed_warehouse
    )
    table = result.securities.set_index("ticker")
    single = event_study.results(params, launch_ids=["llama-4"], tickers=["NVDA"], path=seed_warehouse).iloc[0]
    assert table.loc["NVDA", "llama-4 car"] == pytest.approx(single["car"], abs=TOL)
    assert "same-day launch" in table.loc["NVDA", "deepseek-r1 flags"]
    paths = result.paths
    nvda = paths[(paths["launch_id"] == "deepseek-r1") & (paths["key"] == "NVDA")].set_index("tau")
    assert nvda.loc[0, "ar"] == pytest.approx(single_ar(seed_warehouse), abs=TOL)
    assert set(paths["kind"]) == {"security", "group"}
    with pytest.raises(ParameterError):
        compare.compare(params, ["deepseek-r1"], path=seed_warehouse)


def single_ar(path: Path) -> float:
    row = event_study.results(StudyParams(window=(0, 0)), launch_ids=["deepseek-r1"], tickers=["NVDA"], path=path)
    return float(row.iloc[0]["car"])
