"""Tariff seasons, price series, the export switch and the 910号 accounting in the LP (docs/tariffs.md).

Hand-solvable cases follow tests/model/test_hand_solvable.py: discount rate 0, CRF = 1/n, 1-h steps,
year weight k = 8760 / T.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from park_fixtures import make_scenario
from simulator import run
from simulator.errors import InputError
from simulator.inputs.assemble import grid_input, policy_input
from simulator.inputs.tariff import grid_prices
from simulator.model import GeneratorInput, GridInput, ModelInputs, PolicyInput, build_model, solve_model
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly

NO_PARTS = {"grid.td_cny_per_kwh": 0.0, "grid.funds_cny_per_kwh": 0.0, "grid.system_operation_cny_per_kwh": 0.0,
            "grid.capacity_charge_cny_per_kw_month": 0.0, "grid.export_price_cny_per_kwh": 0.0}


def _solve(inp, index):
    m = build_model(inp)
    info = solve_model(m)
    assert info.status == "optimal"
    hourly = extract_hourly(m, inp, index)
    cap = extract_capacities(m, inp)
    cost = kpi.costs(inp, cap, hourly, extract_green_purchase_kwh(m))
    assert cost["total"] == pytest.approx(info.objective_cny_per_yr, rel=1e-9)
    return m, info, hourly, cost


def test_two_seasons_by_hand(small_raw):
    # Two days, 15 January (dry season) and 15 July (wet season); hours 0-11 "low", 12-23 "high".
    # Energy prices [CNY/kWh]: dry low 0.3 / high 0.6, wet low 0.1 / high 0.2; no other tariff parts.
    # Load 10 kW. A green generator (300 CNY/kW/yr: 3000 CNY/kW over 10 years at r = 0) is available at
    # 1 in the dry high hours and at 0.5 in the wet high hours. k = 8760 / 48 = 182.5.
    # Each kW up to 10 kW saves k (12 x 0.6 + 12 x 0.5 x 0.2) = 182.5 x 8.4 = 1533 > 300: build.
    # From 10 to 20 kW only the wet high hours gain: k x 12 x 0.5 x 0.2 = 219 < 300: stop at C = 10 kW.
    # (With the dry prices all year that gain would be k x 12 x 0.5 x 0.6 = 657 > 300 and C = 20 kW.)
    # Cost = 300 x 10 + k (dry low 12 x 10 x 0.3 + wet low 12 x 10 x 0.1 + wet high 12 x 5 x 0.2)
    #      = 3000 + 182.5 x (36 + 12 + 12) = 13,950 CNY/yr.
    high, low = list(range(12, 24)), list(range(12))
    seasons = {"dry": {"months": [1, 2, 3, 4, 5, 11, 12], "prices_cny_per_kwh": {"low": 0.3, "high": 0.6},
                       "hours": {"low": low, "high": high}},
               "wet": {"months": [6, 7, 8, 9, 10], "prices_cny_per_kwh": {"low": 0.1, "high": 0.2},
                       "hours": {"low": low, "high": high}}}
    scenario = make_scenario(small_raw, **NO_PARTS, **{"grid.tou_seasons": seasons, "grid.td_basis": "energy"})
    index = pd.DatetimeIndex(list(pd.date_range("2026-01-15", periods=24, freq="h", tz="Asia/Shanghai"))
                             + list(pd.date_range("2026-07-15", periods=24, freq="h", tz="Asia/Shanghai")))
    grid = grid_input(scenario, index, grid_prices(scenario, index))
    np.testing.assert_array_equal(grid.import_price_cny_per_kwh, [0.3] * 12 + [0.6] * 12 + [0.1] * 12 + [0.2] * 12)
    avail = np.array([0.0] * 12 + [1.0] * 12 + [0.0] * 12 + [0.5] * 12)
    gen = GeneratorInput("pv", "pv", avail, 3000.0, 0.0, 10)
    inp = ModelInputs(1.0, np.full(48, 10.0), [gen], None, grid, PolicyInput(direct_supply_rules=()), 0.0)
    assert inp.year_weight == pytest.approx(182.5)
    m, info, hourly, cost = _solve(inp, pd.date_range("2026-01-15", periods=48, freq="h", tz="Asia/Shanghai"))
    assert m.gen_capacity_kw["pv"].value == pytest.approx(10.0, rel=1e-8)
    assert info.objective_cny_per_yr == pytest.approx(13_950.0, rel=1e-8)
    assert cost["grid_energy"] == pytest.approx(10_950.0, rel=1e-8)


@pytest.fixture(scope="module")
def default_week():
    from park_fixtures import SMALL_PARK

    return run(make_scenario(dict(SMALL_PARK)))


def test_price_series_equal_to_the_table_gives_the_same_optimum(default_week, small_raw, tmp_path):
    base = default_week
    assert base.status == "optimal"
    index = base.hourly.index
    energy = grid_prices(base.scenario, index).energy_cny_per_kwh
    path = tmp_path / "import_prices.csv"
    pd.DataFrame({"timestamp": [t.isoformat() for t in index], "price_cny_per_kwh": energy}).to_csv(path, index=False)
    series = run(make_scenario(small_raw, **{"grid.import_price_csv": str(path)}))
    assert series.status == "optimal"
    np.testing.assert_array_equal(series.inputs.grid.import_price_cny_per_kwh, base.inputs.grid.import_price_cny_per_kwh)
    assert series.summary["objective_cny_per_yr"] == pytest.approx(base.summary["objective_cny_per_yr"], rel=1e-9)
    # the cost breakdown shows the tariff's parts, and they add up to the objective
    cost = series.summary["cost_cny_per_yr"]
    assert {"grid_energy", "grid_funds", "grid_system_operation", "capacity_charge", "grid_td_capacity"} <= set(cost)
    assert "grid_td" not in cost  # T&D by capacity (1192号), not per kWh as well
    k, dt = series.inputs.year_weight, series.inputs.dt_h
    imported = series.hourly["import_kw"].to_numpy()
    assert cost["grid_energy"] == pytest.approx(k * dt * float(np.dot(energy, imported)), rel=1e-9)
    assert cost["grid_funds"] == pytest.approx(k * dt * 0.03 * imported.sum(), rel=1e-9)


def test_no_export_when_export_is_not_allowed(default_week, small_raw):
    assert default_week.hourly["export_kw"].max() > 0  # the default park does export
    assert "650_no_reverse_flow" not in set(default_week.compliance["rule"])
    closed = run(make_scenario(small_raw, **{"grid.export_allowed": False}))
    assert closed.status == "optimal"
    assert closed.hourly["export_kw"].abs().max() == 0.0
    assert closed.inputs.grid.export_max_kw == 0.0
    row = closed.compliance.set_index("rule").loc["650_no_reverse_flow"]
    assert "export_allowed = false" in row["basis"] and "650号" in row["basis"]
    assert row["value"] == 0.0 and row["limit"] == 0.0 and bool(row["ok"])
    with pytest.raises(InputError, match="contradicts export_max_kw"):
        make_scenario(small_raw, **{"grid.export_allowed": False, "grid.export_max_kw": 100.0})


def test_clean_share_counts_fuels_and_a_grid_clean_fraction_by_hand():
    # Load 100 kW in 2 steps, PV only in step 0 at 10,000 CNY/kW/yr, grid 1 CNY/kWh, certificates
    # 0.01 CNY/kWh; k = 4380. Other energy O chosen as 100 kWh of electricity in the horizon at 当量值:
    # O = 100 kWh x k x 0.1229 / 1000 tce = 53.83 tce/yr, 80 % of it clean; grid clean fraction f = 0.2.
    # Direct green share >= 0.5: S = p_0 >= 100 -> C = 100; imports 100 kWh (step 1).
    # Clean share >= 0.9 of total energy: S + B + 0.8 x 100 + 0.2 (100 - B) >= 0.9 (200 + 100)
    #   -> 200 + 0.8 B >= 270 -> B = 87.5 kWh (<= imports 100).
    # Objective = 100 x 10,000 + 4380 x 100 + 4380 x 0.01 x 87.5 = 1,441,832.5.
    # (Electricity only, as before: S + B >= 180 -> B = 80.)
    k = 4380.0
    other = 100.0 * k * 0.1229 / 1000
    policy = PolicyInput(direct_supply_rules=(), zero_carbon=True, green_certificate_price_cny_per_kwh=0.01,
                         grid_clean_fraction=0.2, electricity_kgce_per_kwh=0.1229, other_energy_tce_per_yr=other,
                         other_energy_clean_tce_per_yr=0.8 * other)
    pv = GeneratorInput("pv", "pv", np.array([1.0, 0.0]), 100_000.0, 0.0, 10)
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv], None, GridInput(True, np.full(2, 1.0), np.zeros(2)), policy, 0.0)
    index = pd.date_range("2026-01-01", periods=2, freq="h", tz="Asia/Shanghai")
    m, info, hourly, _ = _solve(inp, index)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(100.0, rel=1e-8)
    assert m.green_purchase_kwh.value == pytest.approx(87.5, rel=1e-8)
    assert info.objective_cny_per_yr == pytest.approx(1_441_832.5, rel=1e-8)
    energy = kpi.energy_totals(hourly, 1.0)
    share = kpi.clean_share(inp, energy, 87.5)
    # recomputed from the energy totals: clean 270 of 300 kWh-equivalent
    S, imported = energy["re_self_consumed_kwh"], energy["import_kwh"]
    assert (S, imported) == (pytest.approx(100.0), pytest.approx(100.0))
    by_hand = (S + 87.5 + 80.0 + 0.2 * (imported - 87.5)) / (energy["load_kwh"] + 100.0)
    assert share["clean_share"] == pytest.approx(by_hand, rel=1e-9) and by_hand == pytest.approx(0.9, rel=1e-9)
    row = {r["rule"]: r for r in kpi.compliance(inp, energy, 87.5)}["910_clean_share"]
    assert row["value"] == pytest.approx(0.9, rel=1e-9) and row["ok"]
    # CO2 per tce is shown under the chosen factor and under the national one
    kp = kpi.planning_kpis(hourly, extract_capacities(m, inp), energy, 1.0, k, "yunnan_2022", 87.5,
                           other, 10.0, share, policy.electricity_kgce_per_kwh)
    tce = 200 * k * 0.1229 / 1000 + other
    assert kp["clean_share"] == pytest.approx(0.9, rel=1e-9)
    assert kp["co2_t_per_tce_by_factor"]["national_2023"] == pytest.approx((100 * k * 0.5306 / 1000 + 10) / tce)
    assert kp["co2_t_per_tce"] == pytest.approx((100 * k * 0.1073 / 1000 + 10) / tce)
    basis = {r["rule"]: r for r in kpi.indicator_rows(kp)}["910_co2_per_tce"]["basis"]
    assert "yunnan_2022" in basis and "national_2023" in basis


def test_accounting_options_of_the_scenario(small_raw):
    base = policy_input(make_scenario(small_raw, **{"park.other_energy_tce_per_yr": 1000.0,
                                                    "park.other_energy_co2_t_per_yr": 2000.0}))
    assert base.electricity_kgce_per_kwh == 0.1229 and base.grid_clean_fraction == 0.0
    assert base.other_energy_tce_per_yr == 1000.0 and base.other_energy_clean_tce_per_yr == 0.0
    options = policy_input(make_scenario(small_raw, **{
        "park.other_energy_tce_per_yr": 1000.0, "park.other_energy_co2_t_per_yr": 2000.0,
        "policy.electricity_tce_basis": "primary", "policy.grid_clean_fraction": "yunnan",
        "policy.other_energy_clean_fraction": 0.25}))
    assert options.electricity_kgce_per_kwh == 0.300 and options.grid_clean_fraction == 0.80
    assert options.other_energy_clean_tce_per_yr == 250.0


@pytest.mark.parametrize("park_year, start_year, expected", [
    (2026, None, 0.30), (2026, 2030, 0.35), (2030, None, 0.35), (2030, 2028, 0.30)])
def test_35_percent_step_keyed_to_the_commissioning_year(small_raw, park_year, start_year, expected):
    overrides = {"park.year": park_year, "park.start": f"{park_year}-03-02"}
    if start_year is not None:
        overrides["policy.project_start_year"] = start_year
    scenario = make_scenario(small_raw, **overrides)
    assert scenario.green_share_min_fraction == expected
    assert policy_input(scenario).green_share_min_fraction == expected


def test_typical_periods_keep_export_below_import_with_an_export_series():
    # 28 days of random import prices and an export series 0.01 CNY/kWh below them. The typical-period
    # screening (warm start of every full-year run) must keep each step's own price pair: a clustered
    # import price next to a medoid's export price could break export < import and stop the run.
    from simulator.model.reduction import reduce_inputs

    rng = np.random.default_rng(19)
    T = 28 * 24
    index = pd.date_range("2026-03-02", periods=T, freq="h", tz="Asia/Shanghai")
    imported = rng.uniform(0.3, 0.6, T)
    grid = GridInput(True, imported, imported - 0.01, month_of_step=index.month.to_numpy())
    pv = GeneratorInput("pv", "pv", np.clip(np.sin(np.arange(T) * np.pi / 24), 0, 1), 3000.0, 0.0, 25)
    inp = ModelInputs(1.0, rng.uniform(50, 100, T), [pv], None, grid, PolicyInput(direct_supply_rules=()), 0.0)
    reduced = reduce_inputs(inp, index, 4, 24, "distribution")
    assert (reduced.grid.export_price_cny_per_kwh < reduced.grid.import_price_cny_per_kwh).all()
    np.testing.assert_allclose(reduced.grid.import_price_cny_per_kwh - reduced.grid.export_price_cny_per_kwh, 0.01,
                               rtol=1e-9)
    build_model(reduced)  # the model's own price check passes
