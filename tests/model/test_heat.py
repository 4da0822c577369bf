"""Process heat (eq. H1-H9, docs/formulation.md "Heat"): tiny cases whose optimum is worked out by hand.

Conventions as in test_hand_solvable.py: discount rate 0 so CRF(0, n) = 1/n; T steps of 1 h give the
year weight k = 8760 / T.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.inputs.model_inputs import (KWH_PER_GJ, GeneratorInput, GridInput, HeatInput, HeatStorageInput,
                                           HeatTechInput, ModelInputs, PolicyInput)
from simulator.model import build_model, solve_model
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_hourly
from simulator.results.heat import fuel_co2_t, heat_balance
from hand_solve import solve_hand

GAS_PRICE_CNY_PER_GJ = 100.0
GAS_T_CO2_PER_GJ = 0.0561


def gas_boiler(existing_kw=100.0, eta=0.9):
    return HeatTechInput("gas", "fuel_boiler", "hot_water", eta, "gas", GAS_PRICE_CNY_PER_GJ / KWH_PER_GJ,
                         GAS_T_CO2_PER_GJ * 1000.0 / KWH_PER_GJ, 0.0, 0.0, 20, existing_kw, existing_kw)


def heat_pump(cop, capex=8760.0):
    return HeatTechInput("hp", "heat_pump", "hot_water", cop, "electricity", 0.0, 0.0, capex, 0.0, 10)


def electric_boiler(capex=10.0):
    return HeatTechInput("eboiler", "electric_boiler", "hot_water", 1.0, "electricity", 0.0, 0.0, capex, 0.0, 10)


def tank(capex=100.0):
    return HeatStorageInput("tank", "hot_water", capex, 0.0, 10, 0.0, 1.0, 1.0, 10.0)


def grid(T, imp):
    return GridInput(True, np.full(T, imp), np.zeros(T))


def solve_checked(inp):
    """Solve, then check both balances per step and that the recomputed costs equal the objective."""
    m, info, hourly, cap, cost = solve_hand(inp)
    heat = heat_balance(inp, hourly)
    assert heat["balance_ok"], heat
    return m, info, hourly, cap, cost


def heat_pump_case(cop, carbon_price=0.0):
    # Two steps, hot water 100 kW in each, k = 4380. Gas boiler (existing 100 kW, no capital cost):
    # 100 CNY/GJ = 0.36 CNY/kWh of gas at η = 0.9 -> 0.40 CNY/kWh_th. Heat pump: 8,760 CNY/kW over 10 yr =
    # 876 CNY/kW/yr = 0.10 CNY/kWh_th when it runs all 8,760 h (the demand is flat, so it would), plus
    # electricity 0.5 / COP CNY/kWh_th. It beats the boiler iff 0.5 / COP + 0.10 < 0.40, i.e. COP > 5/3.
    inp = ModelInputs(1.0, np.zeros(2), [], None, grid(2, 0.5), PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"hot_water": np.full(2, 100.0)}, [gas_boiler(), heat_pump(cop)],
                                     carbon_price_cny_per_t=carbon_price))
    return inp, *solve_checked(inp)


def test_heat_pump_beats_the_gas_boiler_above_the_cop_threshold():
    # COP 2: heat pump 100 kW; cost = 876*100 + 0.5/2*100 kWh*8760 = 87,600 + 219,000 = 306,600 < 350,400.
    inp, m, info, hourly, cap, cost = heat_pump_case(2.0)
    assert cap["heat_hp_kw"] == pytest.approx(100.0)
    assert info.objective_cny_per_yr == pytest.approx(306_600.0)
    assert hourly["heat_gas_kw"].to_numpy() == pytest.approx([0.0, 0.0], abs=1e-6)
    # its electricity (50 kW) is park load: in load_kw, imported
    assert hourly["heat_electric_kw"].to_numpy() == pytest.approx([50.0, 50.0])
    assert hourly["load_kw"].to_numpy() == pytest.approx([50.0, 50.0])
    assert cost["grid_energy"] == pytest.approx(219_000.0)


def test_heat_pump_loses_below_the_cop_threshold():
    # COP 1.5: 0.5/1.5 + 0.1 = 0.433 > 0.40: the boiler serves all; cost = 0.40*100*8760 = 350,400;
    # fuel = 100/0.9 kWh/h -> 973,333 kWh/yr = 3,504 GJ/yr -> 196.6 t CO2/yr at 0.0561 t/GJ.
    inp, m, info, hourly, cap, cost = heat_pump_case(1.5)
    assert cap["heat_hp_kw"] == pytest.approx(0.0, abs=1e-6)
    assert info.objective_cny_per_yr == pytest.approx(350_400.0)
    assert cost["heat_fuel"] == pytest.approx(350_400.0)
    co2_per_yr = sum(fuel_co2_t(inp, hourly).values()) * inp.year_weight
    gas_gj_per_yr = (hourly["heat_gas_kw"] / 0.9).sum() * inp.year_weight / KWH_PER_GJ
    assert gas_gj_per_yr == pytest.approx(3504.0)
    assert co2_per_yr == pytest.approx(3504.0 * GAS_T_CO2_PER_GJ)


@pytest.mark.parametrize("cop", [1.5, 1.63, 1.70, 2.0])
def test_cop_threshold_is_five_thirds(cop):
    # Annual cost = min(boiler 350,400; heat pump 87,600 + 0.5/COP * 876,000): the pump wins iff COP > 5/3.
    inp, m, info, hourly, cap, cost = heat_pump_case(cop)
    assert info.objective_cny_per_yr == pytest.approx(min(350_400.0, 87_600.0 + 438_000.0 / cop))
    assert cap["heat_hp_kw"] == pytest.approx(100.0 if cop > 5 / 3 else 0.0, abs=1e-6)


def test_carbon_price_on_fuel_co2_moves_the_threshold():
    # 100 CNY/t on gas CO2: 0.0561 t/GJ * 0.0036 GJ/kWh / 0.9 = 2.244e-4 t per kWh of heat -> +0.02244 CNY/kWh_th,
    # so the threshold falls to 0.5 / (0.42244 - 0.10) = 1.5507. At COP 1.6 the pump now wins:
    # 87,600 + 438,000 / 1.6 = 361,350 < 350,400 + 0.02244 * 876,000 = 370,057.
    inp, m, info, hourly, cap, cost = heat_pump_case(1.6, carbon_price=100.0)
    assert cap["heat_hp_kw"] == pytest.approx(100.0)
    assert info.objective_cny_per_yr == pytest.approx(361_350.0)
    assert "heat_carbon" not in cost or cost["heat_carbon"] == pytest.approx(0.0, abs=1e-6)
    inp, m, info, hourly, cap, cost = heat_pump_case(1.5, carbon_price=100.0)  # below 1.5507: the boiler
    assert cap["heat_hp_kw"] == pytest.approx(0.0, abs=1e-6)
    assert cost["heat_carbon"] == pytest.approx(100.0 * 3504.0 * GAS_T_CO2_PER_GJ)
    assert info.objective_cny_per_yr == pytest.approx(350_400.0 + 100.0 * 3504.0 * GAS_T_CO2_PER_GJ)


def test_heat_storage_shifts_heat_into_the_pv_hours():
    # Four steps (k = 2190), no electric load, hot water 100 kW in every step, PV only in steps 1 and 2,
    # grid at 1 CNY/kWh (2,190 CNY per kWh of the horizon: never worth it). Electric boiler η = 1 at
    # 10 CNY/kW over 10 yr (1 CNY/kW/yr), lossless tank 100 CNY/kWh over 10 yr (10 CNY/kWh/yr), PV
    # 1000/10 = 100 CNY/kW/yr. All 400 kWh of heat come from PV through the boiler in steps 1-2: PV 200 kW,
    # boiler 200 kW (100 to the demand, 100 into the tank), tank 200 kWh (steps 3 and 0 draw 100 each).
    # Objective = 200*100 + 200*1 + 200*10 = 22,200.
    pv = GeneratorInput("pv", "pv", np.array([0.0, 1.0, 1.0, 0.0]), 1000.0, 0.0, 10)
    inp = ModelInputs(1.0, np.zeros(4), [pv], None, grid(4, 1.0), PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"hot_water": np.full(4, 100.0)}, [electric_boiler()], [tank()]))
    m, info, hourly, cap, cost = solve_checked(inp)
    assert info.objective_cny_per_yr == pytest.approx(22_200.0)
    assert cap["pv_kw"] == pytest.approx(200.0)
    assert cap["heat_eboiler_kw"] == pytest.approx(200.0)
    assert cap["heat_storage_tank_kwh"] == pytest.approx(200.0)
    assert hourly["heat_eboiler_kw"].to_numpy() == pytest.approx([0.0, 200.0, 200.0, 0.0], abs=1e-6)
    assert hourly["heat_storage_tank_charge_kw"].sum() == pytest.approx(200.0)
    assert hourly["heat_storage_tank_discharge_kw"].to_numpy() == pytest.approx([100.0, 0.0, 0.0, 100.0], abs=1e-6)
    assert hourly["import_kw"].sum() == pytest.approx(0.0, abs=1e-6)


def test_green_share_counts_the_electricity_for_heat():
    # Two steps (k = 4380), electric load 100 kW, hot water 100 kW served only by an electric boiler
    # (η = 1, no capital cost) -> the park's electric load is 200 kW in each step, 400 kWh in all.
    # 650号 green share 0.5 alone: S >= 0.5 * (ΣL + ΣE) = 200 kWh. PV (available only in step 0) costs
    # 100 CNY/kW/yr, more than the grid (0.01 * 4380 = 43.8 CNY per kWh of the horizon), so only the
    # rule builds it: PV = 200 kW (it would be 100 kW if the heat's electricity were left out).
    pv = GeneratorInput("pv", "pv", np.array([1.0, 0.0]), 1000.0, 0.0, 10)
    policy = PolicyInput(direct_supply_rules=("green_share",), green_share_min_fraction=0.5)
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv], None, grid(2, 0.01), policy, 0.0,
                      heat=HeatInput({"hot_water": np.full(2, 100.0)}, [electric_boiler(capex=0.0)]))
    m, info, hourly, cap, cost = solve_checked(inp)
    assert cap["pv_kw"] == pytest.approx(200.0)
    energy = kpi.energy_totals(hourly, 1.0)
    assert energy["load_kwh"] == pytest.approx(400.0)
    rows = {r["rule"]: r for r in kpi.compliance(inp, energy, 0.0)}
    assert rows["650_green_share"]["value"] == pytest.approx(0.5)
    assert rows["650_green_share"]["ok"]


def test_infeasible_heat_names_the_carrier_short_of_capacity():
    # the only hot-water technology is the existing 100 kW gas boiler (max = existing) against a 150 kW peak
    from simulator.model import SolverSettings
    from simulator.results.run import _diagnose_infeasible

    inp = ModelInputs(1.0, np.zeros(2), [], None, grid(2, 0.5), PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"hot_water": np.array([100.0, 150.0])}, [gas_boiler()]))
    assert solve_model(build_model(inp)).status in ("infeasible", "infeasible_or_unbounded")
    message = _diagnose_infeasible(inp, SolverSettings())
    assert "hot_water technologies deliver at most 100 kW" in message and "150 kW" in message


def test_business_as_usual_twin_burns_gas_for_the_heat():
    # The twin of the COP-2 case keeps the heat pump at its existing 0 kW: the gas boiler serves all heat,
    # 350,400 CNY/yr and 3,504 GJ * 0.0561 = 196.6 t CO2/yr (the grid factor is 0 here); the project saves
    # 350,400 - 306,600 = 43,800 CNY/yr and avoids all of that CO2.
    from simulator.results.baseline import baseline_summary

    inp, m, info, hourly, cap, cost = heat_pump_case(2.0)
    base = baseline_summary(inp, info.objective_cny_per_yr, 0.0)
    assert base["cost_cny_per_yr"] == pytest.approx(350_400.0)
    assert base["cost_breakdown_cny_per_yr"]["heat_fuel"] == pytest.approx(350_400.0)
    assert base["co2_t_per_yr"] == pytest.approx(3504.0 * GAS_T_CO2_PER_GJ)
    assert base["savings_cny_per_yr"] == pytest.approx(43_800.0)
    assert base["co2_avoided_t_per_yr"] == pytest.approx(3504.0 * GAS_T_CO2_PER_GJ)


@pytest.mark.parametrize("dt_h", [0.25, 0.5])
def test_sub_hourly_steps_give_the_same_annual_costs(dt_h):
    # The COP-2 case on steps of 15 or 30 min (same 2 h horizon): k = 8760 / 2 h as before, so the same
    # 306,600 CNY/yr; fuel and tank energy use Δt (eq. H4, H7).
    T = int(round(2 / dt_h))
    inp = ModelInputs(dt_h, np.zeros(T), [], None, grid(T, 0.5), PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"hot_water": np.full(T, 100.0)}, [gas_boiler(), heat_pump(2.0)], [tank()]))
    m = build_model(inp)
    info = solve_model(m)
    assert info.objective_cny_per_yr == pytest.approx(306_600.0)
    index = pd.date_range("2026-01-01", periods=T, freq=f"{int(dt_h * 60)}min", tz="Asia/Shanghai")
    hourly = extract_hourly(m, inp, index)
    assert heat_balance(inp, hourly)["balance_ok"]
    assert kpi.costs(inp, extract_capacities(m, inp), hourly, 0.0)["total"] == pytest.approx(306_600.0)


@pytest.mark.parametrize("kgce_per_kwh", [0.1229, 0.3])
def test_boiler_fuel_counts_in_the_910_clean_share(kgce_per_kwh):
    # Two steps, electric load 100 kW, hot water 100 kW from the gas boiler only (η = 0.9): 200 kWh of
    # electricity and 200 / 0.9 = 222.2 kWh of gas. No PV: the clean share comes from certificates B alone,
    # B >= 0.4 (ΣL + fuel · 0.1229 / c) (eq. 17, H7); priced, so B is exactly that: 0.4 * 422.2 = 168.9 kWh
    # on the 当量值 basis c = 0.1229, 0.4 * (200 + 222.2 * 0.1229 / 0.3) = 116.4 kWh with c = 0.3.
    policy = PolicyInput(direct_supply_rules=(), zero_carbon=True, zero_carbon_direct_green_min_fraction=0.0,
                         zero_carbon_clean_share_min_fraction=0.4, green_certificate_price_cny_per_kwh=0.01,
                         electricity_kgce_per_kwh=kgce_per_kwh)
    inp = ModelInputs(1.0, np.full(2, 100.0), [], None, grid(2, 0.5), policy, 0.0,
                      heat=HeatInput({"hot_water": np.full(2, 100.0)}, [gas_boiler()]))
    m, info, hourly, cap, cost = solve_checked(inp)
    fuel_kwh = 200.0 / 0.9
    expected = 0.4 * (200.0 + fuel_kwh * 0.1229 / kgce_per_kwh)
    assert m.green_purchase_kwh.value == pytest.approx(expected)
    energy = kpi.energy_totals(hourly, 1.0)
    assert energy["heat_fuel_kwh"] == pytest.approx(fuel_kwh)
    row = {r["rule"]: r for r in kpi.compliance(inp, energy, m.green_purchase_kwh.value)}["910_clean_share"]
    assert row["value"] == pytest.approx(0.4) and row["ok"]
