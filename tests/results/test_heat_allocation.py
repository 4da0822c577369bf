"""Per-enterprise heat (results.heat_allocation): the enterprises' heat columns add up to the park's totals.

yuxi_tobacco_steam on one week: the cigarette factory owns the steam, the food plant the hot water, the
park services no heat. Every sum is checked against a park figure computed elsewhere (results.heat from the
hourly table, the objective's cost breakdown), with tolerances relative to the figure.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.errors import InputError
from simulator.results.run import run
from simulator.scenario.loader import load_scenario

SCENARIO = Path(__file__).parents[2] / "scenarios" / "yuxi_tobacco_steam.toml"
WEEK = {"park.start": "2026-04-06", "park.days": 7}


@pytest.fixture(scope="module")
def week():
    return run(load_scenario(SCENARIO, overrides=WEEK))


def test_heat_columns_add_up_to_the_park(week):
    s, table = week.summary, week.enterprises
    assert s["status"] == "optimal"
    heat, cost, h = s["heat"], s["cost_cny_per_yr"], week.hourly
    dt = s["horizon"]["dt_h"]
    rel = 1e-9
    assert table["heat_demand_kwh"].sum() == pytest.approx(h["heat_demand_kw"].sum() * dt, rel=rel)
    assert table["heat_electricity_kwh"].sum() == pytest.approx(h["heat_electric_kw"].sum() * dt, rel=rel)
    assert table["heat_fuel_co2_t_per_yr"].sum() == pytest.approx(heat["fuel_co2_t_per_yr"], rel=rel)
    assert table["heat_fuel_gj_per_yr"].sum() == pytest.approx(sum(heat["fuel_gj_per_yr"].values()), rel=rel)
    assert table["heat_fuel_cny_per_yr"].sum() == pytest.approx(cost["heat_fuel"], rel=rel)
    assert table["heat_equipment_cny_per_yr"].sum() == pytest.approx(cost["heat_capex"] + cost["heat_fixed_om"],
                                                                     rel=rel)
    # the bills, now with heat and the electricity for heat, add up to the park's whole cost
    assert table["bill_cny_per_yr"].sum() == pytest.approx(cost["total"] - cost.get("unserved_penalty", 0.0),
                                                           rel=1e-9)
    # enterprise electric loads (with their electricity for heat) add up to the park load
    assert table["load_kwh"].sum() == pytest.approx(h["load_kw"].sum() * dt, rel=1e-9)
    # who owns what: the factory the steam, the food plant the hot water, the offices nothing
    steam = h["heat_demand_steam_kw"].sum() * dt
    water = h["heat_demand_hot_water_kw"].sum() * dt
    assert table.loc["cigarette_factory", "heat_demand_kwh"] == pytest.approx(steam, rel=rel)
    assert table.loc["food_plant", "heat_demand_kwh"] == pytest.approx(water, rel=rel)
    assert table.loc["park_services", "heat_cny_per_yr"] == 0.0
    # the steam's electricity is the factory's: recomputed from the hourly electric-boiler column
    eboiler = h["heat_steam_eboiler_kw"].sum() * dt / heat["technologies"]["steam_eboiler"]["efficiency_fraction"]
    assert table.loc["cigarette_factory", "heat_electricity_kwh"] == pytest.approx(eboiler, rel=1e-9, abs=1e-9 * steam)
    with_fuel = table["co2_t_per_yr_with_fuel_location_based"] - table["co2_t_per_yr_location_based"]
    assert np.allclose(with_fuel, table["heat_fuel_co2_t_per_yr"], rtol=1e-12)


def test_billed_to_must_name_an_enterprise():
    scenario = load_scenario(SCENARIO, overrides={**WEEK, "heat.demands": [
        {"name": "x", "carrier": "steam", "archetype": "tobacco_food", "annual_mwh": 100, "billed_to": "nobody"}]})
    with pytest.raises(InputError, match="billed_to"):
        run(scenario)
