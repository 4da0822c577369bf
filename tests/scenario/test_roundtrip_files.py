"""Scenario files and their JSON echo: a UTF-8 byte-order mark is fine, other encodings are a clear error,
and ``scenario.json`` (``model_dump(mode="json")``) gives back the same scenario for every library file."""
from __future__ import annotations

import json

import pytest

from park_fixtures import REPO, SMALL_PARK_TOML
from simulator.errors import InputError
from simulator.scenario import load_scenario, scenario_from_dict

LIBRARY = sorted((REPO / "scenarios").glob("*.toml"))


def test_library_is_found():
    assert len(LIBRARY) >= 7


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_scenario_json_round_trips(path):
    scenario = load_scenario(path)
    text = json.dumps(scenario.model_dump(mode="json"), allow_nan=False)  # strict JSON: no NaN/Infinity
    again = scenario_from_dict(json.loads(text), source=str(path), base_dir=path.parent)
    assert again == scenario
    assert again.model_dump(mode="json") == scenario.model_dump(mode="json")


def test_finite_export_limit_round_trips(small_raw):
    small_raw["grid"] = {"export_max_kw": 5000.0, "max_connection_kw": 30000.0}
    scenario = scenario_from_dict(small_raw)
    again = scenario_from_dict(json.loads(scenario.model_dump_json()))
    assert again.grid.export_max_kw == 5000.0 and again == scenario


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SMALL_PARK_TOML.replace('name = "small_park"', 'name = "small_park"\n'
                                                             'name_zh = "小园区"').encode("utf-8"))
    scenario = load_scenario(path)
    assert scenario.park.name == "small_park" and scenario.park.name_zh == "小园区"


def test_gbk_toml_is_a_clear_error(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(SMALL_PARK_TOML.replace('name = "small_park"', 'name = "small_park"\nname_zh = "小园区"')
                     .encode("gbk"))
    with pytest.raises(InputError, match=r"gbk.toml: <encoding> = .*expected a UTF-8 text file"):
        load_scenario(path)
