"""One carbon price (``[policy] carbon_price_cny_per_t``) on grid and fuel CO2, in the objective and the costs."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import InputError
from simulator.results.run import run
from simulator.scenario.carbon import carbon_prices_cny_per_t
from simulator.scenario.loader import load_scenario

SCENARIO = Path(__file__).parents[2] / "scenarios" / "yuxi_tobacco_steam.toml"
WEEK = {"park.start": "2026-04-06", "park.days": 7}


def test_policy_price_applies_to_grid_and_fuel_and_is_given_once():
    assert carbon_prices_cny_per_t(load_scenario(SCENARIO, overrides=WEEK)) == {"grid": 0.0, "fuel": 0.0}
    one = load_scenario(SCENARIO, overrides={**WEEK, "policy.carbon_price_cny_per_t": 80.0})
    assert carbon_prices_cny_per_t(one) == {"grid": 80.0, "fuel": 80.0}
    for key in ("grid.carbon_price_cny_per_t", "heat.carbon_price_cny_per_t"):
        twice = load_scenario(SCENARIO, overrides={**WEEK, "policy.carbon_price_cny_per_t": 80.0, key: 80.0})
        with pytest.raises(InputError, match="give the carbon price once"):
            carbon_prices_cny_per_t(twice)


def test_carbon_price_cost_terms_recomputed_from_the_hourly_results():
    price = 80.0
    result = run(load_scenario(SCENARIO, overrides={**WEEK, "policy.carbon_price_cny_per_t": price}))
    s, h = result.summary, result.hourly
    cost, dt = s["cost_cny_per_yr"], s["horizon"]["dt_h"]
    k = s["heat"]["electricity_kwh_per_yr"] / (h["heat_electric_kw"].sum() * dt)  # year weight 365 / 7
    assert k == pytest.approx(365.0 / 7.0, rel=1e-9)
    ef = result.inputs.grid.emission_kg_per_kwh / 1000.0
    assert cost["carbon"] == pytest.approx(price * k * dt * h["import_kw"].sum() * ef, rel=1e-9)
    assert cost["heat_carbon"] == pytest.approx(price * s["heat"]["fuel_co2_t_per_yr"], rel=1e-9)
    assert s["heat"]["carbon_price_cny_per_t"] == price
