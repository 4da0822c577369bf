"""Heat inputs (simulator/inputs/heat.py) and the [heat] schema: shapes, sizes, units, COP, refusals."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from park_fixtures import SMALL_PARK
from simulator.data import default
from simulator.errors import InputError
from simulator.inputs.heat import demand_profiles_kw, heat_input, heat_pump_cop
from simulator.inputs.load import build_park_load
from simulator.inputs.model_inputs import KWH_PER_GJ
from simulator.inputs.precheck import check_scenario
from simulator.inputs.timegrid import scenario_index
from simulator.scenario import scenario_from_dict

STEAM_KWH_PER_T = default("heat.steam_enthalpy_kj_per_kg") / 3.6


def with_heat(heat: dict, **park) -> dict:
    raw = copy.deepcopy(SMALL_PARK)
    raw["park"].update(park)
    raw["heat"] = heat
    return raw


BASE_TECHS = [{"name": "boiler", "kind": "fuel_boiler", "carrier": "steam", "fuel": "coal", "existing_kw": 1000.0},
              {"name": "hp", "kind": "heat_pump", "carrier": "hot_water"}]


def test_enterprise_shape_is_its_electricity_rescaled_to_the_annual_heat():
    # The factory's heat follows its electricity step by step (same shifts, calendar and day-to-day noise):
    # heat / electricity = 5,000 MWh / 20 GWh = 0.25 in every step; over the calendar year the heat is 5,000 MWh.
    heat = {"demands": [{"name": "wash", "carrier": "hot_water", "enterprise": "factory", "annual_mwh": 5000.0},
                        {"name": "dry", "carrier": "steam", "archetype": "tobacco_food", "shifts": "2x8",
                         "annual_steam_t": 1000.0}],
            "technologies": BASE_TECHS}
    scenario = scenario_from_dict(with_heat(heat, start=None, days=None))
    index = scenario_index(scenario)
    profiles, carriers = demand_profiles_kw(scenario, index)
    electricity = build_park_load(scenario.load, index).enterprises_kw["factory"]
    assert carriers == {"wash": "hot_water", "dry": "steam"}
    assert profiles["wash"].to_numpy() == pytest.approx(0.25 * electricity.to_numpy(), rel=1e-12)
    assert profiles["wash"].sum() == pytest.approx(5000.0 * 1000.0, rel=1e-12)  # hourly: kWh = Σ kW
    assert profiles["dry"].sum() == pytest.approx(1000.0 * STEAM_KWH_PER_T, rel=1e-12)  # 1 t = 2,680 / 3.6 kWh


def test_metered_steam_profile_in_t_per_h(tmp_path):
    raw = with_heat({"demands": [{"name": "dry", "carrier": "steam", "profile_csv": "steam.csv",
                                  "profile_unit": "t_per_h"}], "technologies": BASE_TECHS[:1]}, days=2)
    index = scenario_index(scenario_from_dict({k: v for k, v in raw.items() if k != "heat"}))
    t_per_h = np.linspace(1.0, 5.0, len(index))
    pd.DataFrame({"timestamp": [t.isoformat() for t in index], "steam_t_per_h": t_per_h}).to_csv(
        tmp_path / "steam.csv", index=False)
    scenario = scenario_from_dict(raw, base_dir=tmp_path)
    inp, record = heat_input(scenario, index)
    assert inp.demand_kw["steam"] == pytest.approx(t_per_h * STEAM_KWH_PER_T, rel=1e-12)
    assert record["demands"]["dry"]["peak_kw"] == pytest.approx(5.0 * STEAM_KWH_PER_T)


def test_technology_numbers_resolved_from_defaults_and_units():
    techs = [{"name": "boiler", "kind": "fuel_boiler", "carrier": "steam", "fuel": "coal",
              "fuel_price_cny_per_t": 920.0},
             {"name": "hp", "kind": "heat_pump", "carrier": "hot_water"}]
    heat = {"demands": [{"name": "d", "carrier": "steam", "enterprise": "factory", "annual_mwh": 100.0},
                        {"name": "w", "carrier": "hot_water", "enterprise": "factory", "annual_mwh": 10.0}],
            "technologies": techs}
    scenario = scenario_from_dict(with_heat(heat, days=1))
    inp, record = heat_input(scenario, scenario_index(scenario))
    boiler, hp = inp.technologies
    lhv = default("heat.coal_lhv_gj_per_t")
    assert boiler.fuel_price_cny_per_kwh * KWH_PER_GJ == pytest.approx(920.0 / lhv)
    assert boiler.emission_kg_per_kwh == pytest.approx(default("heat.coal_emission_t_co2_per_gj") * 1000 / KWH_PER_GJ)
    assert boiler.heat_per_input == default("heat.coal_boiler_efficiency_fraction")
    # 90 °C hot water lies between the table's 80 °C (3.2) and 100 °C (2.5): 2.85
    assert hp.heat_per_input == pytest.approx(2.85)
    assert record["technologies"]["hp"]["cop_source"] == "table at 90 °C"


def test_cop_table_is_not_extrapolated():
    assert heat_pump_cop(80.0) == pytest.approx(3.2)
    with pytest.raises(InputError, match="supply temperature"):
        heat_pump_cop(200.0)


@pytest.mark.parametrize("change, message", [
    (lambda h: h["technologies"][0].update(cop=3.0), "cop only"),
    (lambda h: h["technologies"].pop(1), "no technology of that carrier"),
    (lambda h: h["demands"][0].update(annual_steam_t=5.0, annual_mwh=None), "annual_steam_t only for"),
    (lambda h: h["technologies"][1].update(name="demand_x"), "must not start with"),
    (lambda h: h["technologies"][0].update(fuel_lhv_gj_per_t=23.0), "give that price too"),
    (lambda h: h["demands"][0].update(profile_column="kw"), "go with profile_csv"),
])
def test_schema_refuses_inconsistent_heat(change, message):
    heat = {"demands": [{"name": "w", "carrier": "hot_water", "enterprise": "factory", "annual_mwh": 10.0},
                        {"name": "d", "carrier": "steam", "enterprise": "factory", "annual_mwh": 10.0}],
            "technologies": copy.deepcopy(BASE_TECHS)}
    change(heat)
    with pytest.raises(InputError, match=message):
        scenario_from_dict(with_heat(heat))


def test_heat_with_milestones_and_typical_periods_passes_the_precheck():
    heat = {"demands": [{"name": "d", "carrier": "steam", "enterprise": "factory", "annual_mwh": 10.0}],
            "technologies": BASE_TECHS[:1]}
    raw = with_heat(heat, days=None)
    raw["planning"] = {"milestones": [2026, 2028]}
    check_scenario(scenario_from_dict(raw))  # milestones carry the heat block (model.heat.grow_heat_capacities)
    raw["solver"] = {"time_reduction": "typical_periods", "warm_start": "typical_periods"}
    del raw["planning"]
    check_scenario(scenario_from_dict(raw))  # typical periods carry the heat block


def test_precheck_names_unknown_enterprise_archetype_and_cop_range():
    heat = {"demands": [{"name": "d", "carrier": "hot_water", "enterprise": "nobody", "annual_mwh": 10.0},
                        {"name": "e", "carrier": "hot_water", "archetype": "no_such_trade", "annual_mwh": 10.0}],
            "technologies": [BASE_TECHS[1]], "hot_water_supply_temperature_c": 50.0}
    with pytest.raises(InputError) as caught:
        check_scenario(scenario_from_dict(with_heat(heat)))
    keys = {issue.field for issue in caught.value.issues}
    assert keys == {"heat.demands[0].enterprise", "heat.demands[1].archetype", "heat.hot_water_supply_temperature_c"}
