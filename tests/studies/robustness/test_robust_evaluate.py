"""Robust sizing and evaluation of a fixed design on hand-made one-week inputs (robust_inputs.py)."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.model import build_model, solve_model
from simulator.studies.robustness.evaluate import evaluate_design
from simulator.studies.robustness.robust import size_robust
from simulator.model.screening import read_capacities

from robust_inputs import index, inputs, pv_shape

# PV expensive enough that the 650号 green-share rule matters; years sunny / average / cloudy
SCALES = {"sunny": 1.3, "average": 1.0, "cloudy": 0.7}


def year(scale: float):
    return inputs(scale, pv_capex=9000.0)


@pytest.fixture(scope="module")
def average_design():
    m = build_model(year(1.0))
    info = solve_model(m)
    assert info.status == "optimal"
    return read_capacities(m), float(info.objective_cny_per_yr)


def test_identical_years_give_the_single_year_optimum(average_design):
    design, objective = average_design
    robust = size_robust([year(1.0) for _ in range(3)])
    assert robust.status == "optimal"
    assert robust.objective_cny_per_yr == pytest.approx(objective, rel=1e-7)
    for key in ("gen:pv", "storage_kwh", "storage_kw"):
        assert robust.design[key] == pytest.approx(design[key], rel=1e-5, abs=1e-3)
    assert robust.year_cost_cny_per_yr == pytest.approx([objective] * 3, rel=1e-7)


def test_average_design_misses_the_rule_in_the_cloudy_year_robust_design_does_not(average_design):
    design, objective = average_design
    years = [year(s) for s in SCALES.values()]
    labels = list(SCALES)
    ev = evaluate_design(years, labels, index(), design)
    table = ev.table().set_index("year")
    assert table.loc["cloudy", "green_share"] < table.loc["average", "green_share"]
    assert table.loc["cloudy", "green_share"] < 0.30 - 1e-4
    assert not table.loc["cloudy", "ok:650_green_share"]
    assert ev.probability_met()["650_green_share"] == pytest.approx(2 / 3)
    # the measured shortfall is the energy the cloudy year lacks for 30 %: 0.30 ΣL − S
    cloudy = ev.years[labels.index("cloudy")]
    lack = 0.30 * cloudy.energy["load_kwh"] - cloudy.energy["re_self_consumed_kwh"]
    assert cloudy.rule_shortfall_kwh["650_green_share"] == pytest.approx(lack, rel=1e-6)
    # the evaluation of the average design in its own year reproduces the single-year optimum's cost
    assert table.loc["average", "cost_total_cny_per_yr"] == pytest.approx(objective, rel=1e-6)

    robust = size_robust(years)
    assert robust.status == "optimal"
    assert robust.objective_cny_per_yr > objective
    assert robust.design["gen:pv"] > design["gen:pv"]
    ev_robust = evaluate_design(years, labels, index(), robust.design)
    assert (ev_robust.table()["green_share"] >= 0.30 - 1e-6).all()
    assert all(p == 1.0 for p in ev_robust.probability_met().values())
    # the robust objective is the mean over the years of each year's cost with the shared design
    assert robust.objective_cny_per_yr == pytest.approx(np.mean(robust.year_cost_cny_per_yr), rel=1e-9)
    assert ev_robust.statistics()["cost_total_cny_per_yr"]["mean"] == pytest.approx(
        robust.objective_cny_per_yr, rel=1e-6)


def test_statistics_by_hand(average_design):
    design, _ = average_design
    years = [year(s) for s in SCALES.values()]
    ev = evaluate_design(years, list(SCALES), index(), design)
    shares = sorted(ev.table()["green_share"])
    costs = sorted(ev.table()["cost_total_cny_per_yr"])
    stats = ev.statistics()
    assert stats["green_share"]["p50"] == pytest.approx(shares[1])
    # P90 of a ratio that should be high: 10th percentile, 20 % of the way from the lowest to the middle year
    assert stats["green_share"]["p90"] == pytest.approx(shares[0] + 0.2 * (shares[1] - shares[0]))
    # P90 of a cost: 90th percentile, 80 % of the way from the middle to the highest year
    assert stats["cost_total_cny_per_yr"]["p90"] == pytest.approx(costs[1] + 0.8 * (costs[2] - costs[1]))
    worst = ev.worst_month()
    assert worst["year"] == "cloudy" and worst["month"] == 3
    assert worst["green_share"] == pytest.approx(shares[0])
    week = ev.worst_week()
    assert week["year"] == "cloudy" and week["days"] == 7 and week["green_share"] == pytest.approx(shares[0])


def test_typical_periods_with_every_day_its_own_period_equal_full_years():
    years = [year(s) for s in SCALES.values()]
    full = size_robust(years)
    reduced = size_robust(years, index=index(), typical_periods=7)
    assert reduced.method == "typical_periods"
    assert reduced.objective_cny_per_yr == pytest.approx(full.objective_cny_per_yr, rel=1e-6)


def test_a_start_design_gives_the_same_robust_optimum(average_design):
    # three years started from the average year's design (dispatchable in every year: grid-connected,
    # elastic-free rules met by the grid share) and from a design at the capacity lower bounds
    years = [year(s) for s in SCALES.values()]
    cold = size_robust(years)
    design, _ = average_design
    for start in (design, {key: 0.0 for key in design}):
        warm = size_robust(years, start=start)
        assert warm.status == "optimal"
        assert warm.objective_cny_per_yr == pytest.approx(cold.objective_cny_per_yr, rel=1e-7)
        assert any(note.startswith("solved from a given start design") for note in warm.notes)


def test_year_weights_enter_the_objective():
    years = [year(1.3), year(0.7)]
    robust = size_robust(years, weights=[3.0, 1.0])
    assert robust.objective_cny_per_yr == pytest.approx(
        0.75 * robust.year_cost_cny_per_yr[0] + 0.25 * robust.year_cost_cny_per_yr[1], rel=1e-9)


def test_tiny_pv_shape_is_within_availability_bounds():
    assert pv_shape().max() * max(SCALES.values()) <= 1.0
