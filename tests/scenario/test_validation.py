"""Bad scenario input: each error names the file, the key path, the value and what was expected."""
from __future__ import annotations

import pytest

from simulator.errors import InputError
from simulator.scenario import load_scenario, scenario_from_dict
from park_fixtures import make_scenario

TOML = """
[park]
name = "t"
latitude = 25.0
longitude = 102.6
altitude_m = 1900
year = 2026

[[load.enterprises]]
name = "a"
archetype = "data_centre"
annual_kwh = 1e6
"""


def _errors(raw, **overrides) -> InputError:
    with pytest.raises(InputError) as info:
        make_scenario(raw, **overrides)
    return info.value


def test_valid_file_loads(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(TOML, encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.park.name == "t"
    assert scenario.pv.capex_cny_per_kw == pytest.approx(3300.0)  # shipped default


def test_unknown_key_is_an_error_naming_the_key_path(small_raw):
    err = _errors(small_raw, **{"storage.energy_capex_cny_per_kw": 500})
    assert "storage.energy_capex_cny_per_kw" in str(err) and "unknown" in str(err)


def test_all_errors_are_reported_at_once(small_raw):
    small_raw["pv"]["tilt_deg"] = 120
    small_raw["storage"]["charge_efficiency"] = 1.5
    small_raw["grid"] = {"export_price_cny_per_kwh": "cheap"}
    err = _errors(small_raw)
    text = str(err)
    assert len(err.issues) == 3
    assert "pv.tilt_deg = 120" in text and "storage.charge_efficiency = 1.5" in text
    assert "grid.export_price_cny_per_kwh = 'cheap'" in text


def test_missing_required_key(small_raw):
    del small_raw["park"]["latitude"]
    err = _errors(small_raw)
    assert err.issues[0].field == "park.latitude" and "required" in err.issues[0].expected


def test_enterprise_errors_name_the_list_position(small_raw):
    small_raw["load"]["enterprises"][1]["annual_kwh"] = -5
    err = _errors(small_raw)
    assert "load.enterprises[1].annual_kwh = -5" in str(err)


def test_enterprise_needs_exactly_one_sizing(small_raw):
    small_raw["load"]["enterprises"][0]["peak_kw"] = 1000
    err = _errors(small_raw)
    assert "load.enterprises[0]" in str(err) and "exactly one of" in str(err)


def test_unknown_archetype_lists_the_known_ones(small_raw):
    from simulator import run

    small_raw["load"]["enterprises"][0]["archetype"] = "steel_mill"
    scenario = make_scenario(small_raw)
    with pytest.raises(InputError, match=r"load\.enterprises\[0\]\.archetype = 'steel_mill'.*electrolytic_aluminium"):
        run(scenario)


def test_soc_window_and_capacity_bounds(small_raw):
    err = _errors(small_raw, **{"storage.soc_min_fraction": 0.9, "storage.soc_max_fraction": 0.5,
                                "pv.existing_kw": 100, "pv.max_kw": 50})
    text = str(err)
    assert "soc_min_fraction" in text and "max_kw" in text


def test_toml_syntax_error_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[park\nname = 1", encoding="utf-8")
    with pytest.raises(InputError, match="broken.toml.*valid TOML"):
        load_scenario(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="nope.toml"):
        load_scenario(tmp_path / "nope.toml")


def test_missing_profile_csv_names_the_key(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(TOML.replace("[[load.enterprises]]\nname = \"a\"\narchetype = \"data_centre\"\nannual_kwh = 1e6",
                                 "[load]\nprofile_csv = \"metered.csv\""), encoding="utf-8")
    with pytest.raises(InputError, match=r"load\.profile_csv = 'metered.csv'.*existing CSV"):
        load_scenario(path)


def test_export_price_not_below_import_price_is_refused(small_raw):
    from simulator import run

    scenario = make_scenario(small_raw, **{"grid.export_price_cny_per_kwh": 0.5})
    # first step: valley energy 0.16 + funds 0.03 + system operation 0.02 (T&D by capacity, not per kWh)
    with pytest.raises(InputError, match=r"grid\.export_price_cny_per_kwh = 0\.5.*below the import price 0\.2100"):
        run(scenario)


def test_bad_tariff_table(small_raw):
    from simulator import run

    scenario = make_scenario(small_raw, **{"grid.tou_hours": {"peak": list(range(0, 12)), "valley": list(range(11, 24))}})
    with pytest.raises(InputError, match=r"grid\.tou_hours\.valley = 11.*one band only"):
        run(scenario)


def test_horizon_outside_year_is_refused_at_validation(small_raw):
    err = _errors(small_raw, **{"park.start": "2026-12-30", "park.days": 5})
    assert "park.days = 5: expected a horizon (from 2026-12-30) that ends within park.year 2026" in str(err)


def test_scenario_from_dict_rejects_unknown_section():
    with pytest.raises(InputError, match="battery"):
        scenario_from_dict({"park": {}, "battery": {}})
