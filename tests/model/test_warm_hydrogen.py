"""Typical periods and the warm start with the hydrogen chain (eq. Y3a-Y3b; docs/speed.md "Binchuan with the
hydrogen chain").

The tank carries hydrogen across the real sequence of typical periods (as storage in eq. 26-29), so the
typical-day design of an off-grid hydrogen park is near its optimum; the warm start fixes the design's
electrolyser in the design's dispatch (with the shortfall column h open) and leaves the tank and the fuel
cell free. The optimum must be the cold solve's, to 1e-9 relative.
"""
from __future__ import annotations

import numpy as np
import pytest

from simulator.model import build_model, solve_model
from simulator.model.reduction import reduce_inputs
from simulator.model.screening import capacity_vars, size_on_typical_periods
from simulator.model.settings import SolverSettings
from simulator.model.warm import solve_from_design
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs

H2_CAPACITIES = ("h2_electrolyser_kw", "h2_tank_kg", "h2_fuel_cell_kw")


def _offgrid_hydrogen(days: int, **overrides):
    """The small park off grid, nothing unserved, with 12 t/day of hydrogen and a fuel cell (as Binchuan);
    ``overrides`` as dotted scenario keys."""
    raw = {**SMALL_PARK, "hydrogen": {"demand_kg_per_day": 12_000.0, "electrolyser": {"efficiency_kwh_per_kg": 55.0},
                                      "fuel_cell": {}}}
    sc = make_scenario(raw, **{"park.days": days, "grid.connected": False, "policy.direct_supply": False,
                               "policy.unserved_max_fraction": 0.0, "pv.max_kw": 600_000, "wind.max_kw": 200_000,
                               **overrides})
    index, inp = scenario_inputs(sc)
    return inp, index


def test_one_period_per_day_carries_the_tank_across_days():
    # With K = number of days every typical period is a real day of weight 1; linked across the days
    # (eq. Y3a) the tank is the full model's (no leak): same optimum. The full optimum moves hydrogen from
    # one day to another, which a tank cyclic within each day could not.
    inp, index = _offgrid_hydrogen(7, **{"storage.self_discharge_per_h": 0.0})
    m = build_model(inp)
    full = solve_model(m)
    assert full.status == "optimal"
    level = np.array([m.h2_level_kg[t].value for t in m.T])
    day_end = level[23::24]
    assert np.ptp(day_end) > 1e-3 * m.h2_tank_kg.value  # hydrogen carried between days
    reduced = reduce_inputs(inp, index, n_periods=7, period_hours=24, representation="medoid")
    assert sorted(reduced.periods.sequence.tolist()) == list(range(7))
    r = build_model(reduced)
    red = solve_model(r)
    assert red.status == "optimal"
    assert red.objective_cny_per_yr == pytest.approx(full.objective_cny_per_yr, rel=1e-9)
    assert r.h2_tank_kg.value == pytest.approx(m.h2_tank_kg.value, rel=1e-6)


def test_warm_start_from_typical_days_reaches_the_cold_optimum():
    inp, index = _offgrid_hydrogen(28)
    cold = solve_model(build_model(inp))
    assert cold.status == "optimal"
    design = size_on_typical_periods(inp, index, SolverSettings(), 7, 24)
    assert set(H2_CAPACITIES) <= set(design.capacities)
    m = build_model(inp)
    start = capacity_vars(m, design.capacities)
    # the electrolyser is a start column; the tank and the fuel cell are left to the design's dispatch
    assert m.h2_electrolyser_kw in start and m.h2_fuel_cell_kw not in start and m.h2_tank_kg not in start
    info = solve_from_design(m, start)
    assert info.status == "optimal" and info.warm_start["used"] and info.warm_start["n_start_columns"] == 5
    assert info.warm_start["design_method"] == "simplex"  # off grid: dual simplex for the design's dispatch
    # the design's electrolyser is short for the real four weeks: its dispatch paid for hydrogen from outside
    # (eq. Y3b, at 10^4 CNY per kWh it stands for), and primal simplex drove that out
    assert info.warm_start["design_objective_cny_per_yr"] > 2 * cold.objective_cny_per_yr
    assert m.h2_shortfall_kwh.value == 0.0
    assert info.objective_cny_per_yr == pytest.approx(cold.objective_cny_per_yr, rel=1e-9)
    assert all(m.rule_slack_kwh[r].value == 0.0 for r in m.RULES)


def test_grid_connected_hydrogen_park_warm_start_reaches_the_cold_optimum():
    # with a grid and the 650号 rules the design's dispatch runs IPX first (not elastic from the start)
    inp, index = _offgrid_hydrogen(28, **{"grid.connected": True, "policy.direct_supply": True})
    cold = solve_model(build_model(inp))
    assert cold.status == "optimal"
    m = build_model(inp)
    design = size_on_typical_periods(inp, index, SolverSettings(), 7, 24)
    info = solve_from_design(m, capacity_vars(m, design.capacities))
    assert info.status == "optimal" and info.warm_start["used"] and info.warm_start["design_method"] == "ipx"
    assert info.objective_cny_per_yr == pytest.approx(cold.objective_cny_per_yr, rel=1e-9)
    assert m.h2_shortfall_kwh.value == 0.0


def test_screening_run_of_an_offgrid_hydrogen_park_meets_the_demand():
    # time_reduction = "typical_periods": sized on 7 typical days with the linked tank, PV, wind and storage
    # fixed, the hydrogen chain re-sized over the four weeks; off grid the dispatch runs dual simplex
    from simulator import run

    raw = {**SMALL_PARK, "hydrogen": {"demand_kg_per_day": 12_000.0, "electrolyser": {"efficiency_kwh_per_kg": 55.0},
                                      "fuel_cell": {}}}
    result = run(make_scenario(raw, **{"park.days": 28, "grid.connected": False, "policy.direct_supply": False,
                                       "policy.unserved_max_fraction": 0.05, "pv.max_kw": 600_000,
                                       "wind.max_kw": 200_000, "solver.time_reduction": "typical_periods",
                                       "solver.typical_periods": 7}))
    assert result.status == "optimal"
    s = result.summary
    assert s["solver"]["options"]["solver"] == "simplex"
    assert s["hydrogen"]["tank_ok"]  # the tank balance recomputed from hourly.csv: the demand met in every step
    assert s["capacity"]["pv_kw"] == pytest.approx(s["time_reduction"]["reduced_capacities"]["gen:pv"])
