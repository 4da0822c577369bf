"""Studies that do not model process heat yet refuse a scenario with [heat] instead of re-sizing its boilers
in every weather year (simulator.studies.robustness.years.refuse_heat)."""
from __future__ import annotations

import copy

import pytest

from park_fixtures import SMALL_PARK
from simulator.errors import InputError
from simulator.scenario import scenario_from_dict
from simulator.studies.robustness.years import refuse_heat, seeded_years, year_set


def test_robustness_refuses_heat():
    raw = copy.deepcopy(SMALL_PARK)
    raw["heat"] = {"demands": [{"name": "d", "carrier": "steam", "enterprise": "factory", "annual_mwh": 10.0}],
                   "technologies": [{"name": "boiler", "kind": "fuel_boiler", "carrier": "steam", "fuel": "gas"}]}
    scenario = scenario_from_dict(raw)
    with pytest.raises(InputError, match="robustness studies do not model heat"):
        refuse_heat(scenario)
    with pytest.raises(InputError, match="robustness studies do not model heat"):
        year_set(scenario, seeded_years(scenario, 2))
    refuse_heat(scenario_from_dict(SMALL_PARK))  # without [heat]: nothing to refuse
