"""Exact solve warm-started from a design: same optimum as a cold solve, from any start."""
from __future__ import annotations

import pyomo.environ as pyo
import pytest
from pyomo.common.collections import ComponentMap

from simulator import run
from simulator.errors import InputError, SolverError
from simulator.model import solve_model
from simulator.model.direct import compile_lp
from simulator.model.warm import solve_from_design, solve_from_design_basis
from park_fixtures import make_scenario

AVAIL = (1.0, 0.5, 0.25)  # output per kW of capacity in each of three hours
DEMAND_KW = 4.0
CAPEX = 1.2  # per kW; grid energy costs 1 per kWh


def _sizing_lp() -> pyo.ConcreteModel:
    """min 1.2 x + Σ y_t  s.t.  y_t + a_t x ≥ 4,  0 ≤ y_t ≤ 3.5,  0 ≤ x ≤ 10.

    By hand: one more kW saves Σ a_t over the hours whose grid use y_t is still positive: 1.75 until the
    first hour is covered at x = 4, then 0.75 < 1.2. So x* = 4, y* = (0, 2, 3), objective 4.8 + 5 = 9.8.
    The grid cap y_t ≤ 3.5 makes any x < 2 infeasible (hour three needs 0.25 x ≥ 0.5).
    """
    m = pyo.ConcreteModel()
    m.T = pyo.RangeSet(0, 2)
    m.x = pyo.Var(bounds=(0, 10))
    m.y = pyo.Var(m.T, bounds=(0, 3.5))
    m.cover = pyo.Constraint(m.T, rule=lambda m, t: m.y[t] + AVAIL[t] * m.x >= DEMAND_KW)
    m.cost = pyo.Objective(expr=CAPEX * m.x + sum(m.y[t] for t in m.T))
    return m


@pytest.mark.parametrize("start", [3.0, 4.0, 7.5, 10.0])
def test_any_dispatchable_start_reaches_the_hand_optimum(start):
    m = _sizing_lp()
    info = solve_from_design(m, ComponentMap([(m.x, start)]))
    assert info.status == "optimal"
    assert info.warm_start["used"] is True and info.warm_start["design_status"] == "optimal"
    # the fixed design's own cost, by hand: 1.2 v + Σ max(0, 4 − a_t v)
    by_hand = CAPEX * start + sum(max(0.0, DEMAND_KW - a * start) for a in AVAIL)
    assert info.warm_start["design_objective_cny_per_yr"] == pytest.approx(by_hand, rel=1e-9)
    assert info.objective_cny_per_yr == pytest.approx(9.8, rel=1e-9)
    assert m.x.value == pytest.approx(4.0, abs=1e-9)
    assert [m.y[t].value for t in m.T] == pytest.approx([0.0, 2.0, 3.0], abs=1e-9)


def test_a_design_that_cannot_be_dispatched_falls_back_to_a_cold_solve():
    m = _sizing_lp()
    info = solve_from_design(m, ComponentMap([(m.x, 1.0)]))  # hour three would need 3.75 > 3.5 from the grid
    assert info.warm_start["used"] is False and info.warm_start["design_status"] == "infeasible"
    assert info.status == "optimal"
    assert info.objective_cny_per_yr == pytest.approx(9.8, rel=1e-9)
    assert m.x.value == pytest.approx(4.0, abs=1e-9)


def test_a_start_outside_the_bounds_is_named():
    m = _sizing_lp()
    with pytest.raises(SolverError, match=r"x = 12\.0 is outside its bounds \[0\.0, 10\.0\]"):
        solve_from_design(m, ComponentMap([(m.x, 12.0)]))


def test_warm_started_run_has_the_cold_optimum(small_raw):
    # four weeks, four typical days: 'auto' applies (28 ≥ 4 × 4 days)
    warm = run(make_scenario(small_raw, **{"park.days": 28, "solver.typical_periods": 4}))
    cold = run(make_scenario(small_raw, **{"park.days": 28, "solver.typical_periods": 4,
                                           "solver.warm_start": "none"}))
    assert warm.status == cold.status == "optimal"
    block = warm.summary["solver"]["warm_start"]
    assert block["used"] is True and block["typical_periods"] == 4
    assert "warm_start" not in cold.summary["solver"]
    assert warm.summary["objective_cny_per_yr"] == pytest.approx(cold.summary["objective_cny_per_yr"], rel=1e-7)
    # the started design costs at least the optimum over the same four weeks
    assert block["design_objective_cny_per_yr"] >= warm.summary["objective_cny_per_yr"] * (1 - 1e-9)
    assert warm.summary["checks"]["balance_residual_kw"] <= warm.summary["checks"]["balance_tolerance_kw"]
    for row in warm.summary["compliance"]:
        assert row["ok"], row


def test_auto_skips_short_horizons_and_an_explicit_request_is_checked(small_raw):
    week = run(make_scenario(small_raw))  # 7 days < 4 × 24 typical days
    assert "warm_start" not in week.summary["solver"]
    with pytest.raises(InputError, match=r"solver\.warm_start.*typical_periods = 24"):
        run(make_scenario(small_raw, **{"solver.warm_start": "typical_periods"}))


def test_the_plain_solve_is_untouched_by_the_option():
    m = _sizing_lp()
    info = solve_model(m)
    assert info.warm_start is None and info.objective_cny_per_yr == pytest.approx(9.8, rel=1e-9)


def test_a_start_off_a_bound_by_solver_tolerance_is_moved_onto_it():
    m = _sizing_lp()
    info = solve_from_design(m, ComponentMap([(m.x, 10.0 + 1e-7)]))
    assert info.warm_start["used"] is True
    assert info.objective_cny_per_yr == pytest.approx(9.8, rel=1e-9)


@pytest.mark.parametrize("start", [3.0, 10.0])
def test_the_returned_basis_is_optimal_for_the_unshifted_lp(start):
    import highspy

    m = _sizing_lp()
    info, basis = solve_from_design_basis(m, ComponentMap([(m.x, start)]))
    assert info.status == "optimal" and basis is not None
    lp, _, _ = compile_lp(m)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    assert h.setBasis(basis) == highspy.HighsStatus.kOk
    h.setOptionValue("solver", "simplex")
    h.run()
    assert h.getInfo().simplex_iteration_count == 0  # already optimal: nothing to pivot
    assert h.getInfo().objective_function_value == pytest.approx(9.8, rel=1e-12)


def test_the_default_full_year_warm_start_has_the_cold_optimum(default_full_year_dir):
    # the shipped default scenario as `make run` solves it (warm-started), against a cold solve of the
    # same full-year LP with the scenario's settings
    import json

    from simulator import load_scenario
    from simulator.inputs.assemble import model_inputs
    from simulator.model.solve import solver_settings
    from simulator.model import build_model
    from simulator.inputs.resource import build_resource
    from simulator.inputs.load import scenario_load
    from simulator.inputs.timegrid import scenario_index
    from park_fixtures import REPO

    summary = json.loads((default_full_year_dir / "summary.json").read_text(encoding="utf-8"))
    scenario = load_scenario(REPO / "scenarios" / "anning_battery_park.toml")
    index = scenario_index(scenario)
    load, park = scenario_load(scenario, index)
    inp = model_inputs(scenario, load, build_resource(scenario, index).availability, park)
    cold = solve_model(build_model(inp), solver_settings(scenario))
    assert summary["solver"]["warm_start"]["used"] is True
    assert summary["objective_cny_per_yr"] == pytest.approx(cold.objective_cny_per_yr, rel=1e-6)


def test_a_shift_left_at_zero_maps_to_the_bound_its_start_lies_on():
    import highspy
    import numpy as np

    from simulator.model.warm import _unshifted_basis

    B, Z, L, U = (highspy.HighsBasisStatus.kBasic, highspy.HighsBasisStatus.kZero,
                  highspy.HighsBasisStatus.kLower, highspy.HighsBasisStatus.kUpper)
    # one model row, five columns; x0..x3 designed (bound rows b0..b3 appended), x4 not.
    # x0, x1: shift non-basic at zero, start on the lower / upper bound; x2: basic, bound row basic;
    # x3: basic shift, its bound row at the upper bound (x3 at its upper bound); x4 non-basic at lower.
    shifted = highspy.HighsBasis()
    shifted.col_status = [Z, Z, B, B, L]
    shifted.row_status = [L, B, B, B, U]  # 5 basic of 5 rows
    idx = np.array([0, 1, 2, 3], dtype=np.int32)
    lower, upper = np.zeros(5), np.array([9.0, 5.0, 9.0, 4.0, 9.0])
    out = _unshifted_basis(shifted, idx, 1, np.array([0.0, 5.0, 2.0, 1.0]), lower, upper)
    assert list(out.col_status) == [L, U, B, U, L] and list(out.row_status) == [L]  # 1 basic of 1 row
    # x0's shift at zero with its start inside its bounds: no basis of the unshifted LP says that
    assert _unshifted_basis(shifted, idx, 1, np.array([1.0, 5.0, 2.0, 1.0]), lower, upper) is None


def test_when_a_typical_period_start_applies(small_raw):
    from types import SimpleNamespace

    from simulator.model.screening import warm_start_applies

    def applies(days, mode, k=4):
        solver = make_scenario(small_raw, **{"solver.warm_start": mode, "solver.typical_periods": k}).solver
        return warm_start_applies(SimpleNamespace(dt_h=1.0, n_steps=24 * days), solver)

    assert applies(16, "auto") and not applies(15, "auto")  # auto: at least 4 x 4 whole days
    assert applies(4, "typical_periods") and not applies(3, "typical_periods")
    assert not applies(28, "none")
