"""Process heat on typical periods (eq. 26-29 with H1-H9): exact with one period per real day and no heat
store; with a heat store cyclic within each period the reduced model is a restriction (never cheaper);
a screened run dispatches the whole horizon with the heat balance closed."""
from __future__ import annotations

import copy

import pytest

from park_fixtures import SMALL_PARK, make_scenario
from simulator import run
from simulator.inputs.assemble import model_inputs
from simulator.inputs.load import scenario_load
from simulator.inputs.resource import build_resource
from simulator.inputs.timegrid import scenario_index
from simulator.model import build_model, solve_model
from simulator.model.reduction import reduce_inputs

HEAT = {"demands": [{"name": "wash", "carrier": "hot_water", "enterprise": "factory", "annual_mwh": 8000.0},
                    {"name": "dry", "carrier": "steam", "archetype": "tobacco_food", "annual_steam_t": 20000.0}],
        "technologies": [{"name": "gas", "kind": "fuel_boiler", "carrier": "hot_water", "fuel": "gas",
                          "existing_kw": 500.0},
                         {"name": "hp", "kind": "heat_pump", "carrier": "hot_water"},
                         {"name": "coal", "kind": "fuel_boiler", "carrier": "steam", "fuel": "coal"},
                         {"name": "eboiler", "kind": "electric_boiler", "carrier": "steam"}]}


def _inputs(raw, **overrides):
    scenario = make_scenario(raw, **overrides)
    index = scenario_index(scenario)
    load, park = scenario_load(scenario, index)
    return scenario, model_inputs(scenario, load, build_resource(scenario, index).availability, park), index


def _raw(storage: bool):
    raw = copy.deepcopy(SMALL_PARK)
    raw["heat"] = copy.deepcopy(HEAT)
    if storage:
        raw["heat"]["storage"] = [{"name": "tank", "carrier": "hot_water"}]
    return raw


def test_one_period_per_day_reproduces_the_full_heat_optimum():
    _, inp, index = _inputs(_raw(storage=False), **{"storage.self_discharge_per_h": 0.0})
    full = solve_model(build_model(inp))
    reduced = reduce_inputs(inp, index, n_periods=7, period_hours=24, representation="medoid")
    for c in inp.heat.carriers:  # every day its own period: the heat demand is the real one
        assert sorted(reduced.heat.demand_kw[c]) == pytest.approx(sorted(inp.heat.demand_kw[c]))
    red = solve_model(build_model(reduced))
    assert red.objective_cny_per_yr == pytest.approx(full.objective_cny_per_yr, rel=1e-6)


def test_a_heat_store_within_periods_is_a_restriction():
    _, inp, index = _inputs(_raw(storage=True), **{"storage.self_discharge_per_h": 0.0})
    full = solve_model(build_model(inp))
    reduced = reduce_inputs(inp, index, n_periods=7, period_hours=24, representation="medoid")
    red = solve_model(build_model(reduced))
    assert red.objective_cny_per_yr >= full.objective_cny_per_yr * (1 - 1e-7)


def test_screened_heat_run_dispatches_the_whole_horizon():
    raw = _raw(storage=True)
    screened = run(make_scenario(raw, **{"solver.time_reduction": "typical_periods", "solver.typical_periods": 3}))
    assert screened.status == "optimal"
    s = screened.summary
    assert s["heat"]["balance_ok"] and s["checks"]["balance_ok"]
    assert len(screened.hourly) == 7 * 24


def test_warm_start_of_a_heat_park_dispatches_by_dual_simplex_and_reaches_the_cold_optimum():
    # the design's dispatch of a park with heat runs dual simplex (IPX with crossover was 3x slower on Yuxi
    # tobacco steam, docs/speed.md); only the start differs from a cold solve: same optimum to 1e-9
    from simulator.model.screening import capacity_vars, size_on_typical_periods
    from simulator.model.settings import SolverSettings
    from simulator.model.warm import solve_from_design

    _, inp, index = _inputs(_raw(storage=True), **{"park.days": 28})
    cold = solve_model(build_model(inp))
    assert cold.status == "optimal"
    design = size_on_typical_periods(inp, index, SolverSettings(), 7, 24)
    m = build_model(inp)
    info = solve_from_design(m, capacity_vars(m, design.capacities))
    assert info.status == "optimal" and info.warm_start["used"]
    assert info.warm_start["design_method"] == "simplex"
    assert info.objective_cny_per_yr == pytest.approx(cold.objective_cny_per_yr, rel=1e-9)
