"""``[[sites]]`` input checks: each bad entry is refused with its file, key and value before any solve."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from park_fixtures import SMALL_PARK
from simulator.errors import InputError
from simulator.inputs.precheck import check_scenario
from simulator.scenario import scenario_from_dict

RIDGE = {"name": "ridge", "latitude": 25.2, "longitude": 102.9, "altitude_m": 2500, "distance_km": 40,
         "wind": {"max_kw": 80_000}}


def raw_with(*sites, **storage):
    raw = copy.deepcopy(SMALL_PARK)
    raw["sites"] = [copy.deepcopy(s) for s in sites]
    raw["storage"].update(storage)
    return raw


def refused(raw, check=False) -> list:
    with pytest.raises(InputError) as exc:
        scenario = scenario_from_dict(raw, source="park.toml")
        scenario.source_path = Path("park.toml")  # as load_scenario sets it
        if check:
            check_scenario(scenario)
    return [(i.source, i.field, i.value) for i in exc.value.issues]


def test_negative_distance_is_refused_with_its_key():
    issues = refused(raw_with(dict(RIDGE, distance_km=-5)))
    assert ("park.toml", "sites[0].distance_km", -5) in issues


def test_duplicate_site_names_are_refused():
    issues = refused(raw_with(RIDGE, dict(RIDGE, distance_km=10)), check=True)
    assert ("park.toml", "sites[1].name", "ridge") in issues


def test_storage_at_an_unknown_site_is_refused():
    assert ("park.toml", "storage.site", "valley") in refused(raw_with(RIDGE, site="valley"), check=True)
    raw = raw_with(RIDGE)
    raw["storage"] = {"types": [{"name": "lfp", "technology": "lfp_2h", "site": "hill"}]}
    assert ("park.toml", "storage.types[0].site", "hill") in refused(raw, check=True)


@pytest.mark.parametrize("change, key", [
    ({"loss_fraction": 0.02, "loss_fraction_per_100km": 0.03}, "sites[0].loss_fraction"),
    ({"loss_fraction_per_100km": 0.5, "distance_km": 300}, "sites[0].loss_fraction_per_100km"),
    ({"existing_line_mw": 50, "line_max_mw": 20}, "sites[0].line_max_mw"),
    ({"name": "park"}, "sites[0].name"),
    ({"wind": {"max_kw": 10, "existing_kw": 20}}, "sites[0].wind.max_kw"),
])
def test_inconsistent_line_keys_are_refused(change, key):
    assert key in [field for _, field, _ in refused(raw_with(dict(RIDGE, **change)))]


def test_a_site_without_generation_is_refused():
    site = {k: v for k, v in RIDGE.items() if k != "wind"}
    assert "sites[0]" in [field for _, field, _ in refused(raw_with(site))]


def test_unknown_turbine_at_a_site_is_refused_by_validate():
    issues = refused(raw_with(dict(RIDGE, wind={"turbine": "no_such_turbine"})), check=True)
    assert ("park.toml", "sites[0].wind.turbine", "no_such_turbine") in issues


def test_line_numbers_from_the_defaults():
    # 110 kV by default: 3 % per 100 km and 8,000 CNY/(MW km) (data/defaults.toml [line], U placeholders)
    site = scenario_from_dict(raw_with(RIDGE)).sites[0]
    assert site.line_loss_fraction == pytest.approx(0.03 * 40 / 100)
    assert site.line_capex_cny_per_kw == pytest.approx(8000.0 * 40 / 1000)
    fixed = scenario_from_dict(raw_with(dict(RIDGE, loss_fraction=0.025, voltage_kv=220))).sites[0]
    assert fixed.line_loss_fraction == 0.025
    assert fixed.line_capex_cny_per_kw == pytest.approx(4500.0 * 40 / 1000)


def test_studies_without_lines_refuse_sites_before_any_work():
    from simulator.studies.robustness.years import year_set

    raw = raw_with(RIDGE)
    raw["planning"] = {"milestones": [2026, 2028]}
    assert ("park.toml", "planning", "[planning]") in refused(raw, check=True)
    with pytest.raises(InputError) as exc:
        year_set(scenario_from_dict(raw_with(RIDGE)), [])
    assert exc.value.issues[0].field == "sites"


def test_missing_site_weather_file_is_refused_by_validate():
    site = dict(RIDGE, weather={"source": "epw", "file": "no_such_ridge.epw"})
    issues = refused(raw_with(site), check=True)
    assert ("park.toml", "sites[0].weather.file", "no_such_ridge.epw") in issues
