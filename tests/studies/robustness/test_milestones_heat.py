"""Milestones with process heat (eq. M1, M3 with the heat block): heat capacities only grow and each build
pays its annuity once, from its milestone to the end of the horizon (worked out by hand)."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.inputs.model_inputs import GridInput, HeatInput, HeatTechInput, ModelInputs, PolicyInput
from simulator.results.milestones import plan_milestones


def _inputs(hot_water_kw: float) -> ModelInputs:
    # two steps of 1 h (k = 4380); hot water only from a heat pump at COP 2 on grid power at 0.5 CNY/kWh;
    # heat pump 8,760 CNY/kW over 10 yr at r = 0: 876 CNY/kW/yr
    pump = HeatTechInput("hp", "heat_pump", "hot_water", 2.0, "electricity", 0.0, 0.0, 8760.0, 0.0, 10)
    return ModelInputs(1.0, np.zeros(2), [], None, GridInput(True, np.full(2, 0.5), np.zeros(2)),
                       PolicyInput(direct_supply_rules=()), 0.0,
                       heat=HeatInput({"hot_water": np.full(2, hot_water_kw)}, [pump]))


def test_heat_pump_grows_with_the_demand_and_pays_each_build_once():
    # milestones 2026 (100 kW of hot water) and 2030 (200 kW), horizon to 2034, r = 0: the 2026 build
    # (100 kW) pays 9 years of annuity, the 2030 build (+100 kW) 5 years; electricity 8,760 h x Q / 2 x 0.5
    # per year, 4 years at 100 kW and 5 at 200 kW.
    plan = plan_milestones([_inputs(100.0), _inputs(200.0)], [2026, 2030], 2034, 0.0)
    assert plan.status == "optimal"
    assert [c["heat_hp_kw"] for c in plan.capacity] == pytest.approx([100.0, 200.0])
    assert [b["heat_hp_kw"] for b in plan.build] == pytest.approx([100.0, 100.0])
    investment = 876.0 * (9 * 100.0 + 5 * 100.0)
    operation = 4 * 8760 * 100.0 / 2 * 0.5 + 5 * 8760 * 200.0 / 2 * 0.5
    assert plan.investment_pv_cny == pytest.approx(investment, rel=1e-9)
    assert plan.operation_pv_cny == pytest.approx(operation, rel=1e-9)
    assert plan.periods[1]["design"]["heat:hp"] == pytest.approx(200.0)


def test_heat_capacity_is_kept_when_the_demand_falls():
    plan = plan_milestones([_inputs(200.0), _inputs(100.0)], [2026, 2030], 2034, 0.0)
    assert [c["heat_hp_kw"] for c in plan.capacity] == pytest.approx([200.0, 200.0])  # M1: never smaller
    assert plan.build[1]["heat_hp_kw"] == pytest.approx(0.0, abs=1e-9)
