"""Robustness with process heat: the heat technologies and stores are part of the design, fixed in every
weather year's dispatch and shared by the robust sizing (simulator.model.heat.link_heat_capacities)."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.results.heat import heat_balance
from simulator.results.run import run
from simulator.scenario.loader import load_scenario
from simulator.studies.robustness.evaluate import design_keys, evaluate_design
from simulator.studies.robustness.robust import size_robust
from simulator.studies.robustness.years import seeded_years, year_set

SCENARIO = Path(__file__).parents[3] / "scenarios" / "yuxi_tobacco_steam.toml"


def test_heat_design_is_fixed_and_shared_across_weather_years():
    scenario = load_scenario(SCENARIO, overrides={"park.start": "2026-04-06", "park.days": 4})
    result = run(scenario)
    ys = year_set(scenario, seeded_years(scenario, 2))
    design = design_keys(result.summary["capacity"], ys.inputs[0])
    heat_keys = [k for k in design if k.startswith(("heat:", "heat_store:"))]
    assert sorted(heat_keys) == sorted(["heat:coal_boiler", "heat:steam_eboiler", "heat:gas_boiler",
                                        "heat:water_heat_pump", "heat_store:water_tank"])
    evaluation = evaluate_design(ys.inputs, ys.labels, ys.index, design, keep_hourly=True)
    for year, inp in zip(evaluation.years, ys.inputs):
        for key in heat_keys:
            name = key.split(":", 1)[1]
            column = f"heat_{name}_kw" if key.startswith("heat:") else f"heat_storage_{name}_kwh"
            assert year.capacity[column] == pytest.approx(design[key], rel=1e-9, abs=1e-9)
        assert heat_balance(inp, year.hourly)["balance_ok"]
    robust = size_robust(ys.inputs)
    assert robust.status == "optimal"
    robust_eval = evaluate_design(ys.inputs, ys.labels, ys.index, robust.design)
    for year in robust_eval.years:
        assert year.capacity["heat_steam_eboiler_kw"] == pytest.approx(robust.design["heat:steam_eboiler"],
                                                                       rel=1e-9, abs=1e-9)
        # the robust design meets the rules in every year it was sized on (elastic slack ~ 0)
        assert max(year.rule_shortfall_kwh.values()) <= 1e-6 * year.energy["load_kwh"]
