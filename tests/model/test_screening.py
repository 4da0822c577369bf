"""Typical-period screening: exact when every day is its own period; full-year dispatch afterwards."""
from __future__ import annotations

import logging

import pytest

from simulator import run
from simulator.cli.summary import solve_line
from simulator.inputs.assemble import model_inputs
from simulator.model import build_model, solve_model
from simulator.model.reduction import reduce_inputs
from simulator.model.screening import TYPICAL_STORAGE_FACTOR
from simulator.model.settings import DUAL_EDGE_WEIGHT
from simulator.results.summary import SCREENING_SELF_CHECK_FRACTION, self_check
from simulator.inputs.resource import build_resource
from simulator.inputs.load import scenario_load
from simulator.inputs.timegrid import scenario_index
from park_fixtures import make_scenario


def _inputs(scenario):
    index = scenario_index(scenario)
    load, park = scenario_load(scenario, index)
    return model_inputs(scenario, load, build_resource(scenario, index).availability, park), index


def test_one_period_per_day_reproduces_the_full_optimum(small_raw):
    # With K = number of days, every typical period is a real day of weight 1 and the inter-period
    # storage linking (eq. 26-29) is exact when there is no self-discharge: same optimum.
    scenario = make_scenario(small_raw, **{"storage.self_discharge_per_h": 0.0})
    inp, index = _inputs(scenario)
    full = solve_model(build_model(inp))
    reduced = reduce_inputs(inp, index, n_periods=7, period_hours=24, representation="medoid")
    assert reduced.weights.sum() == pytest.approx(inp.n_steps)
    assert reduced.year_weight == pytest.approx(inp.year_weight)
    red = solve_model(build_model(reduced))
    assert red.objective_cny_per_yr == pytest.approx(full.objective_cny_per_yr, rel=1e-6)


def test_weights_keep_yearly_sums(small_raw):
    scenario = make_scenario(small_raw)
    inp, index = _inputs(scenario)
    reduced = reduce_inputs(inp, index, n_periods=3, period_hours=24, representation="medoid")
    assert reduced.n_steps == 3 * 24
    assert reduced.weights.sum() == pytest.approx(7 * 24)
    assert sorted(set(reduced.periods.sequence.tolist())) == [0, 1, 2]
    assert len(reduced.periods.sequence) == 7
    # medoids are real days: the reduced load is made of the full load's own values
    assert set(reduced.load_kw.round(6)) <= set(inp.load_kw.round(6))


def test_screening_run_reports_exact_full_horizon_dispatch(small_raw):
    exact = run(make_scenario(small_raw))
    screened = run(make_scenario(small_raw, **{"solver.time_reduction": "typical_periods",
                                               "solver.typical_periods": 4}))
    assert screened.status == "optimal"
    block = screened.summary["time_reduction"]
    # 4 periods in all: at most a quarter of them real peak days (the week's grid-connected park pays for
    # its connection), the rest typical ones, each with its medoid
    assert block["n_periods"] == 4
    assert block["typical_periods"] == 4 - len(block["peak_periods"]) == len(block["medoids"])
    peaks = len(block["peak_periods"])
    assert peaks == 1, "the week's grid-connected park pays for its connection: a peak day is kept"
    assert "sizes from 3 typical and 1 real peak periods" in solve_line(screened.summary, "en")
    assert "3 个典型时段与 1 个实际高峰时段定容" in solve_line(screened.summary, "zh")
    assert screened.summary["horizon"]["steps"] == exact.summary["horizon"]["steps"]
    assert screened.summary["checks"]["balance_residual_kw"] <= screened.summary["checks"]["balance_tolerance_kw"]
    # sizes come from the reduced model and are fixed in the full-horizon dispatch
    assert screened.summary["capacity"]["pv_kw"] == pytest.approx(block["reduced_capacities"]["gen:pv"])
    # the battery as sized times TYPICAL_STORAGE_FACTOR (grid-connected: typical periods understate it)
    assert block["storage_factor"] == TYPICAL_STORAGE_FACTOR
    for key in ("storage_kwh", "storage_kw"):
        assert block["screened_capacities"][key] == pytest.approx(
            TYPICAL_STORAGE_FACTOR * block["reduced_capacities"][key], rel=1e-12)
        assert screened.summary["capacity"][key] == pytest.approx(block["screened_capacities"][key], rel=1e-9)
    missed = [row["rule"] for row in screened.summary["compliance"] if not row["ok"]]
    if not missed:  # a design meeting every rule cannot beat the exact optimum over the real horizon
        assert screened.summary["objective_cny_per_yr"] >= exact.summary["objective_cny_per_yr"] * (1 - 1e-7)
    assert (screened.summary["message"] == "") == (not missed)
    for rule in missed:
        assert rule in screened.summary["message"]
    # the self-check, recomputed from the year's cost and the typical-period optimum
    gap = screened.summary["cost_cny_per_yr"]["total"] / block["reduced_objective_cny_per_yr"] - 1.0
    assert block["year_cost_over_reduced_fraction"] == pytest.approx(gap, rel=1e-12, abs=1e-15)
    assert ("warning" in block) == (gap > SCREENING_SELF_CHECK_FRACTION)
    # how the typical periods were solved: grid-connected with one battery, dual simplex priced by Devex
    assert block["sizing_options"]["solver"] == "simplex"
    assert block["sizing_options"]["simplex_dual_edge_weight_strategy"] == DUAL_EDGE_WEIGHT


def test_the_self_check_warns_above_its_limit_and_not_below(caplog):
    # hand numbers: a design costing 105 over the year against 100 on its typical periods is 5 % over
    def summary(cost):
        return {"time_reduction": {"n_periods": 24}, "cost_cny_per_yr": {"total": cost}}

    over = summary(105.0)
    with caplog.at_level(logging.WARNING, logger="simulator.results.summary"):
        self_check(over, 100.0)
    assert over["time_reduction"]["year_cost_over_reduced_fraction"] == pytest.approx(0.05, rel=1e-12)
    assert "5.0% more" in over["time_reduction"]["warning"] and "typical-period model (24 periods" in caplog.text
    within = summary(100.0 * (1.0 + SCREENING_SELF_CHECK_FRACTION) - 1e-6)
    caplog.clear()
    self_check(within, 100.0)
    assert "warning" not in within["time_reduction"] and not caplog.text
    below = summary(99.0)  # cheaper over the year than on typical periods: no warning either
    self_check(below, 100.0)
    assert below["time_reduction"]["year_cost_over_reduced_fraction"] == pytest.approx(-0.01, rel=1e-12)
    assert "warning" not in below["time_reduction"]


def test_distribution_representation_stays_in_range_and_keeps_weights(small_raw):
    scenario = make_scenario(small_raw)
    inp, index = _inputs(scenario)
    reduced = reduce_inputs(inp, index, n_periods=3, period_hours=24, representation="distribution")
    for g in reduced.generators:
        assert 0.0 <= g.availability.min() and g.availability.max() <= 1.0
    assert reduced.weights.sum() == pytest.approx(7 * 24)
    assert solve_model(build_model(reduced)).status == "optimal"
