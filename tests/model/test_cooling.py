"""Cooling (docs/formulation.md, "Cooling", eq. C1-C2): chillers, free cooling by outdoor temperature, data-centre
IT heat, and the refusal of double-counted cooling electricity."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from park_fixtures import SMALL_PARK
from simulator.errors import InputError
from simulator.inputs.model_inputs import GridInput, HeatInput, HeatTechInput, ModelInputs, PolicyInput
from simulator.model import build_model, solve_model
from simulator.results.extract import extract_capacities, extract_hourly
from simulator.results.heat import heat_balance
from simulator.scenario import scenario_from_dict

PRICE = 0.5  # CNY/kWh


def cooling_case(temperature_c, limit_c=10.0):
    # Four steps of 1 h (k = 2190), cooling 100 kW flat. Chiller: COP 5, capex 8,760 CNY/kW over 10 yr
    # (876 CNY/kW/yr). Free cooling: COP 20, capex 876 CNY/kW over 10 yr (87.6 CNY/kW/yr), runs only where
    # the outdoor temperature is <= limit. Free cooling costs 0.5/20 = 0.025 CNY/kWh_th against the
    # chiller's 0.1, so in its hours it carries everything (100 kW free cooling pays 87.6/yr against a saving
    # of 0.075 x 2190 x 100 x (its hours) / 100 per kW); the chiller, 100 kW, takes the warm hours.
    T = len(temperature_c)
    temperature_c = np.asarray(temperature_c, dtype=float)
    chiller = HeatTechInput("chiller", "chiller", "cooling", 5.0, "electricity", 0.0, 0.0, 8760.0, 0.0, 10)
    free = HeatTechInput("free", "free_cooling", "cooling", 20.0, "electricity", 0.0, 0.0, 876.0, 0.0, 10,
                         availability=(temperature_c <= limit_c).astype(float))
    inp = ModelInputs(1.0, np.zeros(T), [], None, GridInput(True, np.full(T, PRICE), np.zeros(T)),
                      PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"cooling": np.full(T, 100.0)}, [chiller, free]))
    m = build_model(inp)
    assert solve_model(m).status == "optimal"
    index = pd.date_range("2026-07-01", periods=T, freq="h", tz="Asia/Shanghai")
    hourly = extract_hourly(m, inp, index)
    assert heat_balance(inp, hourly)["balance_ok"]
    return inp, hourly, extract_capacities(m, inp)


def test_free_cooling_covers_the_hours_below_the_threshold():
    temperature = [5.0, 8.0, 10.0, 12.0, 15.0, 9.0]
    inp, h, cap = cooling_case(temperature)
    cold = np.array(temperature) <= 10.0
    np.testing.assert_allclose(h["heat_free_kw"][cold], 100.0, rtol=1e-9)
    np.testing.assert_allclose(h["heat_free_kw"][~cold], 0.0, atol=1e-9)
    np.testing.assert_allclose(h["heat_chiller_kw"][~cold], 100.0, rtol=1e-9)
    np.testing.assert_allclose(h["heat_chiller_kw"][cold], 0.0, atol=1e-9)
    # electricity for cooling: 100 / 20 in the cold hours, 100 / 5 in the warm ones (part of the park load)
    np.testing.assert_allclose(h["heat_electric_kw"], np.where(cold, 5.0, 20.0), rtol=1e-9)
    np.testing.assert_allclose(h["load_kw"], h["heat_electric_kw"], rtol=1e-12)
    assert cap["heat_chiller_kw"] == pytest.approx(100.0) and cap["heat_free_kw"] == pytest.approx(100.0)


def test_without_cold_hours_the_chiller_does_everything():
    _, h, cap = cooling_case([20.0, 25.0, 30.0])
    np.testing.assert_allclose(h["heat_chiller_kw"], 100.0, rtol=1e-9)
    assert cap["heat_free_kw"] == pytest.approx(0.0, abs=1e-9)


def _dc_park(**demand):
    raw = copy.deepcopy(SMALL_PARK)
    raw["load"]["enterprises"].append({"name": "dc", "archetype": "data_centre", "annual_kwh": 8.76e6})
    raw["heat"] = {"demands": [{"name": "dc_cooling", "carrier": "cooling", "enterprise": "dc", "it_load": True,
                                **demand}],
                   "technologies": [{"name": "chiller", "kind": "chiller", "carrier": "cooling"},
                                    {"name": "free", "kind": "free_cooling", "carrier": "cooling"}]}
    return raw


def test_cooling_schema_rules():
    scenario_from_dict(_dc_park())
    with pytest.raises(InputError, match="it_load"):
        scenario_from_dict(_dc_park(annual_mwh=100.0))
    bad = _dc_park()
    bad["heat"]["technologies"][0]["carrier"] = "hot_water"
    with pytest.raises(InputError, match="chillers and free cooling serve carrier"):
        scenario_from_dict(bad)


def test_data_centre_sized_by_its_archetype_intensity_is_refused():
    from simulator.inputs.precheck import check_scenario

    raw = _dc_park()
    raw["load"]["enterprises"][-1] = {"name": "dc", "archetype": "data_centre", "output_per_yr": 1.0,
                                         "intensity_kwh_per_unit": 10.95e6}
    with pytest.raises(InputError, match="includes cooling at PUE 1.25"):
        check_scenario(scenario_from_dict(raw))
    raw["load"]["enterprises"][-1]["intensity_kwh_per_unit"] = 8.76e6  # IT only: accepted
    check_scenario(scenario_from_dict(raw))


def test_it_heat_and_free_cooling_hours_from_the_weather():
    from simulator.inputs.heat import heat_input, outdoor_temperature_c
    from simulator.inputs.load.builder import scenario_load
    from simulator.inputs.timegrid import scenario_index

    scenario = scenario_from_dict(_dc_park())
    index = scenario_index(scenario)
    heat, record = heat_input(scenario, index)
    _, park_load = scenario_load(scenario, index)
    # the cooling demand is the data centre's electricity (taken as IT only), step by step
    np.testing.assert_allclose(heat.demand_kw["cooling"], park_load.enterprises_kw["dc"].to_numpy(), rtol=1e-12)
    free = next(j for j in heat.technologies if j.kind == "free_cooling")
    limit = record["technologies"]["free"]["free_cooling_max_c"]
    np.testing.assert_array_equal(free.availability, (outdoor_temperature_c(scenario, index) <= limit).astype(float))
    assert 0.0 < free.availability.mean() < 1.0  # March in Kunming: some nights below 10 °C, days above


def test_typical_periods_keep_each_medoid_days_free_cooling_hours():
    from simulator.model.reduction import reduce_inputs

    T = 24 * 6
    index = pd.date_range("2026-03-02", periods=T, freq="h", tz="Asia/Shanghai")
    temperature = 8.0 + 6.0 * np.sin(2 * np.pi * (np.arange(T) % 24 - 9) / 24) + np.repeat([0, 1, 3, 0, 2, 4], 24)
    chiller = HeatTechInput("chiller", "chiller", "cooling", 5.0, "electricity", 0.0, 0.0, 8760.0, 0.0, 10)
    free = HeatTechInput("free", "free_cooling", "cooling", 20.0, "electricity", 0.0, 0.0, 876.0, 0.0, 10,
                         availability=(temperature <= 10.0).astype(float))
    inp = ModelInputs(1.0, np.full(T, 50.0), [], None, GridInput(True, np.full(T, PRICE), np.zeros(T)),
                      PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"cooling": np.full(T, 100.0)}, [chiller, free]))
    reduced = reduce_inputs(inp, index, n_periods=2, period_hours=24)
    days = [pd.Timestamp(d).dayofyear - index[0].dayofyear for d in reduced.labels["typical_period_medoids"]]
    expected = np.concatenate([free.availability[24 * d:24 * (d + 1)] for d in days])
    got = next(j for j in reduced.heat.technologies if j.name == "free").availability
    np.testing.assert_array_equal(got, expected)
    assert len(got) == reduced.n_steps


def test_weather_shaped_cooling_keeps_the_annual_energy():
    from simulator.inputs.heat import weather_shaped_kw

    hours = pd.date_range("2026-01-01", periods=4, freq="h", tz="Asia/Shanghai")
    base = pd.Series([10.0, 10.0, 10.0, 10.0], index=hours)
    # g = max(0, T − 18) = [0, 2, 6, 0]: the shaped half (20 kWh) goes 1/4 to hour 1, 3/4 to hour 2
    shaped = weather_shaped_kw(base, np.array([15.0, 20.0, 24.0, 18.0]), 0.5, 18.0)
    np.testing.assert_allclose(shaped.to_numpy(), [5.0, 10.0, 20.0, 5.0])
    assert shaped.sum() == pytest.approx(base.sum())
    with pytest.raises(InputError, match="balance temperature"):
        weather_shaped_kw(base, np.array([10.0, 12.0, 11.0, 9.0]), 0.5, 18.0)


def test_clean_room_cooling_follows_the_weather_on_the_horizon():
    from simulator.inputs.heat import demand_profiles_kw, hourly_temperature
    from simulator.inputs.timegrid import scenario_index

    raw = copy.deepcopy(SMALL_PARK)
    raw["park"].update(start="2026-07-06", days=3)
    raw["heat"] = {"demands": [{"name": "clean_room", "carrier": "cooling", "archetype": "electronics_assembly",
                                "annual_mwh": 5000.0, "outdoor_share_fraction": 1.0, "balance_temperature_c": 15.0}],
                   "technologies": [{"name": "chiller", "kind": "chiller", "carrier": "cooling"}]}
    scenario = scenario_from_dict(raw)
    index = scenario_index(scenario)
    profiles, _ = demand_profiles_kw(scenario, index)
    hours = pd.date_range("2026-01-01", "2027-01-01", freq="h", inclusive="left", tz=str(index.tz))
    g = pd.Series(np.maximum(hourly_temperature(scenario, hours) - 15.0, 0.0), index=hours)
    expected = 5000.0 * 1000.0 * g / g.sum()  # all of it by cooling degree-hours (full production: no ramp)
    np.testing.assert_allclose(profiles["clean_room"].to_numpy(), expected.loc[index].to_numpy(), rtol=1e-9)
