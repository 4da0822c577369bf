"""Studies that do not model process heat yet (deal, newcomer) refuse a scenario with [heat]."""
from __future__ import annotations

import copy

import pytest

from park_fixtures import SMALL_PARK
from simulator.errors import InputError
from simulator.scenario import scenario_from_dict


def test_deal_and_newcomer_refuse_heat(tmp_path):
    from simulator.studies.deal import check_deal, refuse_heat
    from simulator.studies.newcomer import newcomer_report

    raw = copy.deepcopy(SMALL_PARK)
    raw["heat"] = {"demands": [{"name": "d", "carrier": "steam", "enterprise": "factory", "annual_mwh": 10.0}],
                   "technologies": [{"name": "boiler", "kind": "fuel_boiler", "carrier": "steam", "fuel": "gas"}]}
    scenario = scenario_from_dict(raw)
    for check in (refuse_heat, check_deal):
        with pytest.raises(InputError, match="does not carry process heat"):
            check(scenario)
    path = tmp_path / "park.toml"
    path.write_text(
        '[park]\nname = "p"\nlatitude = 25.0\nlongitude = 102.65\naltitude_m = 1889\nyear = 2026\n'
        '[[load.enterprises]]\nname = "factory"\narchetype = "electronics_assembly"\nannual_kwh = 2.0e7\n'
        '[[heat.demands]]\nname = "d"\ncarrier = "steam"\nenterprise = "factory"\nannual_mwh = 10.0\n'
        '[[heat.technologies]]\nname = "boiler"\nkind = "fuel_boiler"\ncarrier = "steam"\nfuel = "gas"\n',
        encoding="utf-8")
    with pytest.raises(InputError, match="does not carry process heat"):
        newcomer_report(path, [{"name": "new", "archetype": "park_offices", "annual_kwh": 1e6}])
