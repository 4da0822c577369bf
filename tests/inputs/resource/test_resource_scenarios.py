"""Resource inside a scenario: PV types sized side by side, weather files, summaries."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from resource_files import pvgis_frame, write_pvgis_csv

from simulator.inputs.assemble import model_inputs
from simulator.errors import InputError
from simulator.inputs.resource import build_resource
from simulator.inputs.load import scenario_load
from simulator.results.run import run
from simulator.scenario import scenario_from_dict
from simulator.inputs.timegrid import scenario_index

PARK = {
    "park": {"name": "resource_park", "latitude": 25.0, "longitude": 102.65, "altitude_m": 1889,
             "year": 2026, "start": "2026-03-02", "days": 7},
    "weather": {"station": 56778},
    "load": {"enterprises": [{"name": "smelter", "archetype": "electrolytic_aluminium", "annual_kwh": 8.76e7}]},
    "pv": {"max_kw": 60_000},
    "wind": {"max_kw": 20_000},
    "storage": {"max_duration_h": 8},
}
TYPES = [{"name": "rooftop", "area_m2": 100_000, "kw_per_m2": 0.2, "max_kw": 30_000, "capex_cny_per_kw": 3000},
         {"name": "ground", "max_kw": 25_000},
         {"name": "tracker", "mounting": "single_axis", "bifacial_gain_fraction": 0.05, "capex_cny_per_kw": 3400,
          "max_kw": 15_000}]


def _scenario(**changes):
    raw = copy.deepcopy(PARK)
    for section, values in changes.items():
        raw[section] = values
    return scenario_from_dict(raw)


def test_pv_types_become_separate_generators_with_their_own_bounds_and_costs():
    scenario = _scenario(pv={"capex_cny_per_kw": 3300, "types": TYPES})
    index = scenario_index(scenario)
    resource = build_resource(scenario, index)
    assert list(resource.availability.columns) == ["pv_rooftop", "pv_ground", "pv_tracker", "wind"]
    load, _ = scenario_load(scenario, index)
    gens = {g.name: g for g in model_inputs(scenario, load, resource.availability).generators}
    assert {g.kind for g in gens.values()} == {"pv", "wind"}
    assert gens["pv_rooftop"].max_kw == 20_000.0               # 100,000 m2 x 0.2 kW/m2 < max_kw 30,000
    assert gens["pv_ground"].max_kw == 25_000.0 and gens["pv_ground"].capex_cny_per_kw == 3300
    assert gens["pv_tracker"].capex_cny_per_kw == 3400
    # same plane for rooftop and ground; the tracker collects more in the dry season
    np.testing.assert_array_equal(gens["pv_rooftop"].availability, gens["pv_ground"].availability)
    yearly = resource.summary
    assert yearly["pv_tracker"]["specific_yield_kwh_per_kw"] > 1.1 * yearly["pv_ground"]["specific_yield_kwh_per_kw"]


def test_pv_types_solve_and_report_per_type_capacity():
    # cheap rooftop: the cheapest PV fills its area first; totals are the sum of the types
    scenario = _scenario(pv={"types": TYPES}, wind={"enabled": False})
    result = run(scenario)
    assert result.status == "optimal"
    cap = result.capacity
    parts = cap["pv_rooftop_kw"] + cap["pv_ground_kw"] + cap["pv_tracker_kw"]
    assert cap["pv_kw"] == pytest.approx(parts, rel=1e-9)
    assert cap["pv_rooftop_kw"] <= 20_000 + 1e-6 and cap["pv_tracker_kw"] <= 15_000 + 1e-6
    if cap["pv_ground_kw"] > 1.0:       # ground (dearer, same yield) only once the rooftop area is full
        assert cap["pv_rooftop_kw"] == pytest.approx(20_000, rel=1e-6)
    hourly = result.hourly
    total = hourly[["pv_rooftop_available_kw", "pv_ground_available_kw", "pv_tracker_available_kw"]].sum(axis=1)
    np.testing.assert_allclose(hourly["pv_available_kw"], total, rtol=1e-9, atol=1e-6)
    assert set(result.summary["resource"]) >= {"pv_rooftop", "pv_ground", "pv_tracker", "weather"}


@pytest.mark.parametrize("bad, message", [
    ({"name": "pv"}, "other than 'pv'"),
    ({"name": "roof", "area_m2": 1000}, "area_m2 and kw_per_m2 together"),
    ({"name": "roof", "max_kw": 10, "existing_kw": 20}, "below existing_kw"),
])
def test_bad_pv_types_are_rejected(bad, message):
    with pytest.raises(InputError, match=message):
        _scenario(pv={"types": [bad]})
    with pytest.raises(InputError, match="unique"):
        _scenario(pv={"types": [{"name": "a"}, {"name": "a"}]})


def test_weather_file_scenario_uses_file_wind_with_shear_and_reports_conversions(tmp_path, caplog):
    path = write_pvgis_csv(tmp_path / "kunming_tmy.csv", pvgis_frame())
    scenario = _scenario(weather={"source": "pvgis", "file": str(path)},
                         wind={"hub_height_m": 100.0, "shear_exponent": 0.2})
    with caplog.at_level("WARNING", logger="simulator"):
        resource = build_resource(scenario, scenario_index(scenario))
    assert any("mapped onto 2026" in r.getMessage() for r in caplog.records)
    weather = resource.summary["weather"]
    assert weather["source"] == "pvgis" and weather["conversions"]
    assert weather["ghi_kwh_per_m2_yr"] == pytest.approx(pvgis_frame()["G(h)"].sum() / 1000)
    assert "extrapolated to 100 m" in resource.summary["wind"]["source"]
    # the file's 10 m wind is 2-3 m/s; x (100/10)^0.2 = 1.58 -> 3.2-4.7 m/s at hub: little energy
    assert 0 < resource.summary["wind"]["full_load_hours"] < 800
    with pytest.raises(InputError, match="needs weather.file"):
        _scenario(weather={"source": "tmy3"})


def test_resource_summary_has_year_monthly_and_dry_season_values():
    scenario = _scenario()
    resource = build_resource(scenario, scenario_index(scenario))
    pv, wind = resource.summary["pv"], resource.summary["wind"]
    assert sum(pv["monthly_kwh_per_kw"].values()) == pytest.approx(pv["specific_yield_kwh_per_kw"], rel=1e-9)
    assert pv["full_load_hours_ac"] == pytest.approx(1.2 * pv["full_load_hours"])
    assert 0.55 < pv["dry_season_share"] < 0.7 and wind["dry_season_share"] > 0.65
    assert pv["horizon_kwh_per_kw"] == pytest.approx(resource.availability["pv"].sum())
    assert resource.availability_year.shape == (8760, 2)
    assert resource.summary["weather"]["station"] == 56778
