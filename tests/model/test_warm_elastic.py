"""Warm start from a design that cannot serve the horizon (off grid, unserved cap): the design's dispatch is
solved with elastic rules and primal simplex drives the slack out; the optimum is the cold solve's."""
from __future__ import annotations

import pytest
from pyomo.common.collections import ComponentMap

from simulator.model import build_model, solve_model
from simulator.model.warm import solve_from_design
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs


def _offgrid_week(cap: float):
    sc = make_scenario(SMALL_PARK, **{"grid.connected": False, "policy.unserved_max_fraction": cap,
                                      "policy.value_of_lost_load_cny_per_kwh": 0.8, "pv.max_kw": 300_000})
    return scenario_inputs(sc)[1]


@pytest.mark.parametrize("cap", [0.01, 0.05])
@pytest.mark.parametrize("scale", [0.3, 0.7])
def test_undersized_offgrid_design_reaches_the_cold_optimum(cap, scale):
    inp = _offgrid_week(cap)
    m = build_model(inp)
    cold = solve_model(m)
    assert cold.status == "optimal"
    optimum = {name: [(key, var.value) for key, var in getattr(m, name).items()]
               for name in ("gen_capacity_kw", "storage_energy_kwh", "storage_power_kw")}
    m = build_model(inp)
    design = ComponentMap((getattr(m, name)[key], scale * value) for name, pairs in optimum.items()
                          for key, value in pairs)
    info = solve_from_design(m, design)
    report = info.warm_start
    # the undersized design misses the unserved cap over the week, yet the start is used (elastic rules)
    assert report["used"] and report["elastic_rules"] and info.status == "optimal"
    assert report["design_objective_cny_per_yr"] > cold.objective_cny_per_yr  # it paid rule slack
    assert info.objective_cny_per_yr == pytest.approx(cold.objective_cny_per_yr, rel=1e-9)
    assert all(m.rule_slack_kwh[r].value == 0.0 for r in m.RULES)
    # the rule itself holds at the optimum (within the LP tolerance, relative to the week's load energy)
    unserved = sum(float(inp.weights[t]) * inp.dt_h * m.unserved_kw[t].value for t in m.T)
    total = float((inp.load_kw * inp.weights).sum() * inp.dt_h)
    assert unserved <= cap * total * (1 + 1e-7)
