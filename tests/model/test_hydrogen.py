"""Hydrogen chain (eq. Y1-Y9, docs/formulation.md "Hydrogen"): tiny cases whose optimum is worked out by hand.

Conventions as in test_hand_solvable.py: discount rate 0 so CRF(0, n) = 1/n; T = 24 steps of 1 h give the
year weight k = 365. PV is available (a = 1) in the 12 hours 06:00-17:00 and not at all at night.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.inputs.hydrogen import HydrogenInput
from simulator.inputs.model_inputs import GeneratorInput, GridInput, ModelInputs, PolicyInput
from simulator.model import build_model, solve_model
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_hourly
from simulator.results.hydrogen import hydrogen_summary, tank_check
from hand_solve import solve_hand

T = 24
DAY = np.array([0.0] * 6 + [1.0] * 12 + [0.0] * 6)
PV_CAPEX, ELY_CAPEX, TANK_CAPEX, FC_CAPEX = 1000.0, 2000.0, 500.0, 3000.0  # CNY/kW, /kW, /kg, /kW over 10 yr
E_Y, E_F = 50.0, 20.0  # kWh/kg in, kWh/kg out


def pv():
    return GeneratorInput("pv", "pv", DAY.copy(), PV_CAPEX, 0.0, 10)


def chain(demand_kg_per_h, **kw):
    return HydrogenInput(np.asarray(demand_kg_per_h, float), E_Y, kw.pop("min_load", 0.0), ELY_CAPEX, 0.0, 10,
                         TANK_CAPEX, 0.0, 10, 0.1, 0.9, **kw)


def off_grid(load_kw, h2):
    return ModelInputs(1.0, np.asarray(load_kw, float), [pv()], None,
                       GridInput(False, np.full(T, 1.0), np.zeros(T)), PolicyInput(), 0.0, hydrogen=h2)


def solve_checked(inp):
    """Solve; check the electricity balance, the tank balance and that the recomputed costs equal the objective."""
    m, _, hourly, cap, cost = solve_hand(inp)
    tank = tank_check(inp, hourly, cap["h2_tank_kg"])
    assert tank["tank_ok"], tank
    return m, hourly, cap, cost


def test_electrolyser_and_tank_sized_for_the_night():
    # Demand 10 kg/h all day = 240 kg/day, made in the 12 PV hours: 20 kg/h x 50 kWh/kg = 1,000 kW of
    # electrolyser and of PV. The tank carries the 12 night hours, 120 kg, within a 10-90 % window:
    # S = 120 / 0.8 = 150 kg. Cost = 1,000 x 1,000/10 + 1,000 x 2,000/10 + 150 x 500/10 = 307,500 CNY/yr.
    inp = off_grid(np.zeros(T), chain(np.full(T, 10.0)))
    m, hourly, cap, cost = solve_checked(inp)
    assert cap["h2_electrolyser_kw"] == pytest.approx(1000.0, rel=1e-6)
    assert cap["pv_kw"] == pytest.approx(1000.0, rel=1e-6)
    assert cap["h2_tank_kg"] == pytest.approx(150.0, rel=1e-6)
    assert m.objective() == pytest.approx(307_500.0, rel=1e-9)
    assert cost["h2_capex"] == pytest.approx(207_500.0, rel=1e-9)
    # production only by day, 20 kg/h; the tank swings exactly its window (15 kg to 135 kg)
    assert hourly["h2_production_kg_per_h"].to_numpy() == pytest.approx(20.0 * DAY, abs=1e-6)
    assert hourly["h2_tank_kg"].min() == pytest.approx(15.0, abs=1e-6)
    assert hourly["h2_tank_kg"].max() == pytest.approx(135.0, abs=1e-6)
    # electricity into hydrogen is the park's whole load here
    assert hourly["load_kw"].to_numpy() == pytest.approx(hourly["h2_electrolyser_kw"].to_numpy(), abs=1e-6)


def test_summary_block_per_year():
    inp = off_grid(np.zeros(T), chain(np.full(T, 10.0)))
    m, hourly, cap, cost = solve_checked(inp)
    block = hydrogen_summary(inp, cap, hourly, cost)
    # 240 kg/day x k = 365 -> 87.6 t/yr made and demanded; 12,000 kWh/day x 365 = 4.38 GWh/yr; 4,380 full-load h
    assert block["production_t_per_yr"] == pytest.approx(87.6, rel=1e-6)
    assert block["demand_t_per_yr"] == pytest.approx(87.6, rel=1e-9)
    assert block["electrolyser_kwh_per_yr"] == pytest.approx(4.38e6, rel=1e-6)
    assert block["electrolyser_full_load_hours"] == pytest.approx(4380.0, rel=1e-6)
    assert block["tank_hours_of_mean_demand"] == pytest.approx(15.0, rel=1e-6)  # 150 kg / 10 kg/h
    assert block["equipment_cny_per_kg"] == pytest.approx(207_500.0 / 87_600.0, rel=1e-6)
    assert block["tank_ok"]


def test_fuel_cell_carries_the_night_load():
    # No hydrogen demand; a 100 kW load at night only. The fuel cell delivers 100 kW for 12 h = 1,200 kWh
    # = 60 kg at 20 kWh/kg; the tank holds 60 / 0.8 = 75 kg; the electrolyser makes 60 kg in 12 h, 5 kg/h
    # = 250 kW, all from PV. Cost = 250 x 100 + 250 x 200 + 75 x 50 + 100 x 300 = 108,750 CNY/yr.
    load = 100.0 * (1.0 - DAY)
    inp = off_grid(load, chain(np.zeros(T), fuel_cell=True, fuel_cell_kwh_per_kg=E_F,
                               fuel_cell_capex_cny_per_kw=FC_CAPEX, fuel_cell_lifetime_yr=10))
    m, hourly, cap, cost = solve_checked(inp)
    assert cap["h2_fuel_cell_kw"] == pytest.approx(100.0, rel=1e-6)
    assert cap["h2_tank_kg"] == pytest.approx(75.0, rel=1e-6)
    assert cap["h2_electrolyser_kw"] == pytest.approx(250.0, rel=1e-6)
    assert cap["pv_kw"] == pytest.approx(250.0, rel=1e-6)
    assert m.objective() == pytest.approx(108_750.0, rel=1e-9)
    # park load in the rule sums = L + P − Q: 1,200 + 3,000 − 1,200 kWh (the round trip is not counted twice)
    assert hourly["load_kw"].sum() == pytest.approx(3000.0, rel=1e-6)


def test_sale_at_a_price_above_cost_fills_the_cap():
    # Selling up to 1 kg/h at 200 CNY/kg x 365 d is worth more than the 1 kg/h of equipment it needs
    # (per kg: PV 50 kWh x 100 CNY/kW/yr / 4,380 h + electrolyser 2 x 50 x 200 / 8,760 + tank), so the cap binds:
    # 24 kg/day sold, revenue 24 x 365 x 200 = 1,752,000 CNY/yr under h2_sale (negative).
    h2 = chain(np.full(T, 10.0), sale_price_cny_per_kg=200.0, sale_max_kg_per_h=1.0)
    m, hourly, cap, cost = solve_checked(off_grid(np.zeros(T), h2))
    assert hourly["h2_sale_kg_per_h"].sum() == pytest.approx(24.0, rel=1e-6)
    assert cost["h2_sale"] == pytest.approx(-1_752_000.0, rel=1e-6)
    assert cap["h2_electrolyser_kw"] == pytest.approx(1100.0, rel=1e-6)  # 22 kg/h by day x 50 kWh/kg


def test_minimum_load_holds_in_every_step():
    # With a grid to run on at night, a 40 % minimum load keeps P_t >= 0.4 C_Y in every step (no off state).
    h2 = chain(np.full(T, 10.0), min_load=0.4)
    inp = ModelInputs(1.0, np.zeros(T), [pv()], None, GridInput(True, np.full(T, 0.5), np.zeros(T)),
                      PolicyInput(direct_supply_rules=()), 0.0, hydrogen=h2)
    m, hourly, cap, cost = solve_checked(inp)
    floor = 0.4 * cap["h2_electrolyser_kw"]
    assert cap["h2_electrolyser_kw"] > 0
    assert (hourly["h2_electrolyser_kw"] >= floor - 1e-7 * cap["h2_electrolyser_kw"]).all()


def test_electrolysis_counts_in_the_green_share():
    # Grid-connected, PV dearer per kWh than the grid: the 650号 green share (50 %) binds on the electricity
    # into hydrogen, self-consumed green = 0.5 x Σ P_t exactly.
    h2 = chain(np.full(T, 10.0))
    inp = ModelInputs(1.0, np.zeros(T), [pv()], None, GridInput(True, np.full(T, 0.01), np.zeros(T)),
                      PolicyInput(direct_supply_rules=("green_share",), green_share_min_fraction=0.5), 0.0,
                      hydrogen=h2)
    m, hourly, cap, cost = solve_checked(inp)
    energy = kpi.energy_totals(hourly, 1.0)
    assert energy["load_kwh"] == pytest.approx(hourly["h2_electrolyser_kw"].sum(), rel=1e-9)
    assert energy["load_kwh"] == pytest.approx(240.0 * E_Y, rel=1e-6)  # 240 kg made for 240 kg demanded
    assert kpi.ratios(energy)["green_share"] == pytest.approx(0.5, abs=1e-6)


def test_without_hydrogen_nothing_is_added():
    inp = ModelInputs(1.0, np.full(T, 100.0), [pv()], None, GridInput(True, np.full(T, 0.5), np.zeros(T)),
                      PolicyInput(direct_supply_rules=()), 0.0)
    m, hourly, cap, cost = solve_checked_plain(inp)
    assert not [c for c in hourly.columns if c.startswith("h2_")]
    assert not [c for c in cap if c.startswith("h2_")] and not [c for c in cost if c.startswith("h2_")]
    assert not [c.name for c in m.component_objects() if c.name.startswith("h2_")]


def solve_checked_plain(inp):
    m = build_model(inp)
    assert solve_model(m).status == "optimal"
    index = pd.date_range("2026-01-01", periods=inp.n_steps, freq="h", tz="Asia/Shanghai")
    hourly, cap = extract_hourly(m, inp, index), extract_capacities(m, inp)
    return m, hourly, cap, kpi.costs(inp, cap, hourly, 0.0)


def test_typical_period_of_two_equal_days_gives_the_hand_sizes():
    # two identical days reduce to one typical day of weight 2 (eq. 26-29, Y3a): linked across the two real
    # days, the tank ends each day where it began, and the sizes are those of the one-day hand case
    # (electrolyser 1,000 kW, tank 150 kg, 307,500 CNY/yr)
    from simulator.model.reduction import reduce_inputs

    two = 2 * T
    inp = ModelInputs(1.0, np.zeros(two), [GeneratorInput("pv", "pv", np.tile(DAY, 2), PV_CAPEX, 0.0, 10)], None,
                      GridInput(False, np.full(two, 1.0), np.zeros(two)), PolicyInput(), 0.0,
                      hydrogen=chain(np.full(two, 10.0)))
    index = pd.date_range("2026-01-01", periods=two, freq="h", tz="Asia/Shanghai")
    reduced = reduce_inputs(inp, index, 1, 24, "medoid")
    assert reduced.n_steps == T and reduced.weights.sum() == two
    m = build_model(reduced)
    assert solve_model(m).status == "optimal"
    cap = extract_capacities(m, reduced)
    assert cap["h2_electrolyser_kw"] == pytest.approx(1000.0, rel=1e-6)
    assert cap["h2_tank_kg"] == pytest.approx(150.0, rel=1e-6)
    assert m.objective() == pytest.approx(307_500.0, rel=1e-9)
    # the level is relative to the period's start (eq. Y3a): start + level stays in the 10-90 % window
    start = m.h2_period_start_kg[0].value
    level = np.array([start + m.h2_level_kg[t].value for t in range(T)])
    assert level.min() == pytest.approx(0.1 * 150.0, rel=1e-6) and level.max() == pytest.approx(0.9 * 150.0, rel=1e-6)


def test_green_share_frontier_reused_equals_rebuilt_and_hand():
    # The threshold multiplies Σ(L + P − Q) (eq. 13, Y7): a matrix coefficient the reused model must update.
    # PV (8.33 CNY per daily kWh) is dearer than the grid (0.01 x 365 = 3.65), so PV = φ x 12,000 kWh / 12 h
    # = 1,000 φ kW; the electrolyser runs flat at 500 kW with no tank (φ <= 0.5 needs none):
    # cost = 100 x 1,000 φ + 200 x 500 + 3.65 x 12,000 (1 − φ).
    from simulator.studies.frontier import sweep

    inp = ModelInputs(1.0, np.zeros(T), [pv()], None, GridInput(True, np.full(T, 0.01), np.zeros(T)),
                      PolicyInput(direct_supply_rules=("green_share",)), 0.0, hydrogen=chain(np.full(T, 10.0)))
    thresholds = [0.2, 0.4]
    reused = sweep(inp, "green_share", thresholds, reuse=True).table
    rebuilt = sweep(inp, "green_share", thresholds, reuse=False).table
    for phi, a, b in zip(thresholds, reused.itertuples(), rebuilt.itertuples()):
        hand = 100.0 * 1000.0 * phi + 200.0 * 500.0 + 3.65 * 12_000.0 * (1.0 - phi)
        assert a.cost_cny_per_yr == pytest.approx(hand, rel=1e-9)
        assert b.cost_cny_per_yr == pytest.approx(hand, rel=1e-9)
        assert a.pv_kw == pytest.approx(1000.0 * phi, rel=1e-6)
