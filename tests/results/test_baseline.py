"""Business-as-usual twin: its cost is the grid bill computed directly from the load and the tariff."""
from __future__ import annotations

import copy
import tomllib

import numpy as np
import pytest

from simulator.results.baseline import baseline_inputs, baseline_summary, grid_bill, solve_baseline
from simulator.studies.frontier import prepare_inputs
from simulator.data import data_path
from simulator.model import GeneratorInput, GridInput, ModelInputs, PolicyInput
from simulator.results.run import run
from simulator.inputs.timegrid import scenario_index
from park_fixtures import SMALL_PARK, make_scenario


@pytest.fixture(scope="module")
def small_inputs():
    scenario = make_scenario(copy.deepcopy(SMALL_PARK))
    return scenario, prepare_inputs(scenario)


def test_baseline_equals_grid_bill_from_load_and_tariff(small_inputs):
    scenario, inp = small_inputs
    # The bill written out from the shipped tariff table: hour of day -> band -> energy price, plus the
    # per-kWh parts (funds, system operation), times the load; T&D is paid by capacity (td_basis default
    # "capacity", 1192号): T&D price x load rate x 730 h per kW-month on top of the capacity price.
    with data_path("tariffs/yunnan_placeholder.toml").open("rb") as handle:
        table = tomllib.load(handle)
    assert scenario.grid.td_basis == "capacity"
    part = {key: entry["value"] for key, entry in table["parts"].items()}
    band_of_hour = {h: band for band, hours in table["hours"].items() for h in hours}
    index = scenario_index(scenario)
    price = np.array([table["prices_cny_per_kwh"][band_of_hour[t.hour]] for t in index])
    price = price + part["funds_cny_per_kwh"] + part["system_operation_cny_per_kwh"]
    load = inp.load_kw
    hours = len(index)  # hourly steps, one week = 168
    assert hours == 168
    energy_bill = 8760.0 / hours * float(np.sum(price * load))
    per_kw_month = (scenario.grid.capacity_charge_cny_per_kw_month
                    + part["td_cny_per_kwh"] * part["td_load_rate_fraction"] * 730.0)
    capacity_bill = 12 * per_kw_month * float(load.max())
    expected = energy_bill + capacity_bill

    direct = baseline_summary(inp)
    assert direct["method"] == "direct"
    assert direct["cost_cny_per_yr"] == pytest.approx(expected, rel=1e-9)
    # the LP twin (no new capacity, no rules) finds the same bill
    solved = solve_baseline(inp)
    assert solved["total"] == pytest.approx(expected, rel=1e-7)
    assert solved["grid_connection_kw"] == pytest.approx(load.max(), rel=1e-7)
    assert direct["co2_t_per_yr"] == pytest.approx(
        8760.0 / hours * load.sum() * inp.grid.emission_kg_per_kwh / 1000, rel=1e-9)


def test_twin_keeps_existing_assets_and_builds_nothing_new():
    # Two 1-h steps, load 100 kW, existing PV 50 kW available only in step 0, PV so cheap that the
    # project would build more; the twin may not. Grid 1 CNY/kWh, k = 4380:
    # import = 50 + 100 = 150 kWh per horizon -> 657,000 CNY/yr, PV fixed O&M 10 CNY/kW/yr * 50 = 500.
    pv = GeneratorInput("pv", "pv", np.array([1.0, 0.0]), 1.0, 10.0, 10, existing_kw=50.0)
    grid = GridInput(True, np.full(2, 1.0), np.zeros(2), max_connection_kw=10.0)
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv], None, grid, PolicyInput(), 0.0)
    twin = baseline_inputs(inp)
    assert twin.generators[0].max_kw == 50.0
    assert twin.policy.direct_supply_rules == ()
    assert twin.grid.max_connection_kw is None  # the present connection serves the peak
    out = baseline_summary(inp, optimum_cny_per_yr=600_000.0, optimum_co2_t_per_yr=0.0)
    assert out["method"] == "solved"
    assert out["cost_cny_per_yr"] == pytest.approx(657_500.0, rel=1e-9)
    assert out["import_kwh_per_yr"] == pytest.approx(150 * 4380, rel=1e-9)
    assert out["savings_cny_per_yr"] == pytest.approx(57_500.0, rel=1e-9)
    assert out["extra_cost_of_compliance_cny_per_yr"] == 0.0


def test_off_grid_project_is_compared_with_grid_supply():
    grid = GridInput(False, np.full(2, 1.0), np.zeros(2), capacity_charge_cny_per_kw_month=2.0)
    inp = ModelInputs(1.0, np.array([100.0, 50.0]), [], None, grid, PolicyInput(), 0.0)
    bill = grid_bill(inp)
    # 4380 * 150 kWh + 12 * 2 * 100 kW
    assert bill["total"] == pytest.approx(657_000.0 + 2_400.0)
    out = baseline_summary(inp, optimum_cny_per_yr=700_000.0)
    assert out["extra_cost_of_compliance_cny_per_yr"] == pytest.approx(700_000.0 - 659_400.0)
    assert out["savings_cny_per_yr"] == pytest.approx(659_400.0 - 700_000.0)


def test_run_summary_has_baseline_block(small_inputs):
    scenario, inp = small_inputs
    result = run(scenario)
    s = result.summary
    base = s["baseline"]
    assert base["cost_cny_per_yr"] == pytest.approx(grid_bill(inp)["total"], rel=1e-9)
    assert base["savings_cny_per_yr"] == pytest.approx(base["cost_cny_per_yr"] - s["cost_cny_per_yr"]["total"])
    assert base["co2_avoided_t_per_yr"] == pytest.approx(base["co2_t_per_yr"] - s["co2_t_per_yr"])
    assert base["extra_cost_of_compliance_cny_per_yr"] == pytest.approx(
        max(0.0, s["cost_cny_per_yr"]["total"] - base["cost_cny_per_yr"]))
