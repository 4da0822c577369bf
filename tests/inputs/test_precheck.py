"""The pre-solve checks of ``zcpark validate`` (and of ``run`` before any work): the same export-price
check as the model, on the tariff of the horizon; no library scenario is refused by them."""
from __future__ import annotations

import math

import numpy as np
import pytest

from park_fixtures import REPO, make_scenario
from simulator.errors import InputError
from simulator.inputs import tariff as tariff_module
from simulator.inputs.precheck import check_scenario
from simulator.inputs.tariff import check_export_below_import, energy_prices
from simulator.inputs.timegrid import scenario_index
from simulator.scenario import load_scenario

LIBRARY = sorted((REPO / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_library_scenarios_pass(path):
    check_scenario(load_scenario(path))


def test_band_below_export_only_in_months_outside_the_horizon_passes(small_raw):
    """The check follows the horizon, as the model's: a low July band does not matter to a March week."""
    scenario = make_scenario(small_raw, **{
        "grid.tou_prices_cny_per_kwh": {"peak": 0.675, "flat": 0.45, "valley": 0.225, "low": 0.1},
        "grid.tou_month_hours": {"7": {"peak": [9, 10, 11, 18, 19, 20, 21], "flat": [7, 8, 12, 13, 14, 15, 16, 17, 22],
                                       "valley": [0, 1, 2, 6, 23], "low": [3, 4, 5]}}})
    check_scenario(scenario)
    scenario.park.start, scenario.park.days = "2026-07-06", 7
    # import price = energy 0.1 + funds 0.03 + system operation 0.02 (docs/tariffs.md)
    with pytest.raises(InputError, match=r"grid\.export_price_cny_per_kwh = 0\.2: expected a price below the "
                                         r"import price 0\.1500 CNY/kWh.*2026-07-06 03:00"):
        check_scenario(scenario)


def test_off_grid_has_no_price_check(small_raw):
    check_scenario(make_scenario(small_raw, **{"grid.connected": False, "grid.export_price_cny_per_kwh": 5.0}))


def test_same_check_as_the_model():
    with pytest.raises(InputError, match=r"at step 1, b;"):
        check_export_below_import(np.array([0.2, 0.3]), np.array([0.25, 0.3]), ["a", "b"], "s.toml")
    check_export_below_import(np.array([0.2, 0.2]), np.array([0.25, 0.3]), None, "s.toml")


def test_unknown_names_are_collected_at_once(small_raw):
    scenario = make_scenario(small_raw, **{"grid.emission_factor": "mars", "wind.turbine": "windmill"})
    scenario.load.enterprises[0].archetype = "steel_mill"
    with pytest.raises(InputError) as info:
        check_scenario(scenario)
    assert [i.field for i in info.value.issues] == ["grid.emission_factor", "wind.turbine",
                                                    "load.enterprises[0].archetype"]


def test_nan_price_in_a_tariff_table_is_refused(small_scenario, monkeypatch):
    table = {"name": "t", "prices_cny_per_kwh": {"peak": math.nan, "flat": 0.45, "valley": 0.225},
             "hours": {"peak": list(range(0, 8)), "flat": list(range(8, 16)), "valley": list(range(16, 24))}}
    monkeypatch.setattr(tariff_module, "shipped_tariff", lambda name: table)
    with pytest.raises(InputError, match=r"grid\.tou_prices_cny_per_kwh\.peak = nan: expected a finite price"):
        energy_prices(small_scenario.grid, scenario_index(small_scenario))
