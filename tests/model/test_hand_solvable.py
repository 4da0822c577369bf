"""Tiny models whose optimum is worked out by hand in the comments (eq. numbers: docs/formulation.md).

Common conventions: discount rate 0 so CRF(0, n) = 1/n; with T steps of 1 h the year weight is
k = 8760 / T (eq. 19): 4380 for two steps, 2190 for four.
"""
from __future__ import annotations

import numpy as np
import pytest

from simulator.model import (GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput, build_model,
                             solve_model)
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from simulator.results import kpi
from simulator.results.run import _diagnose_infeasible
from simulator.model import SolverSettings
import pandas as pd


def pv(avail, capex_per_kw, life=10, **kw):
    return GeneratorInput("pv", "pv", np.asarray(avail, float), capex_per_kw, 0.0, life, **kw)


def storage(energy_capex=100.0, power_capex=0.0, eff=1.0, **kw):
    return StorageInput(energy_capex, power_capex, 0.0, 0.0, 10, eff, eff, 0.0, 0.0, 1.0, **kw)


def grid(T, imp=1.0, exp=0.0, cap_charge=0.0, connected=True, **kw):
    return GridInput(connected, np.full(T, imp), np.full(T, exp), cap_charge, **kw)


def solve(inp):
    m = build_model(inp)
    info = solve_model(m)
    return m, info


def check_invariants(m, inp):
    index = pd.date_range("2026-01-01", periods=inp.n_steps, freq=f"{int(inp.dt_h * 60)}min", tz="Asia/Shanghai")
    hourly = extract_hourly(m, inp, index)
    assert kpi.balance_residual_kw(hourly) <= kpi.balance_tolerance_kw(hourly)
    cap = extract_capacities(m, inp)
    cost = kpi.costs(inp, cap, hourly, extract_green_purchase_kwh(m))
    assert cost["total"] == pytest.approx(m.objective(), rel=1e-9, abs=1e-6)
    return hourly, cap


def test_storage_shifts_pv_to_the_night():
    # Load 100 kW in 4 steps; PV only in steps 1 and 2; grid at 1 CNY/kWh costs k = 2190 per kWh of the
    # horizon, far more than PV (1000/10 = 100 CNY/kW/yr) plus storage (100/10 = 10 CNY/kWh/yr).
    # So all 400 kWh come from PV: 2 kWh per kW -> C = 200 kW; steps 3 and 0 need 200 kWh from storage,
    # charged 100 kWh in each PV step -> E = 200 kWh. Objective = 200*100 + 200*10 = 22,000.
    inp = ModelInputs(1.0, np.full(4, 100.0), [pv([0, 1, 1, 0], 1000.0)], storage(100.0),
                      grid(4), PolicyInput(direct_supply_rules=()), 0.0)
    m, info = solve(inp)
    assert info.status == "optimal"
    assert m.gen_capacity_kw["pv"].value == pytest.approx(200.0)
    assert m.storage_energy_kwh["storage"].value == pytest.approx(200.0)
    assert info.objective_cny_per_yr == pytest.approx(22_000.0)
    hourly, _ = check_invariants(m, inp)
    assert hourly["import_kw"].sum() == pytest.approx(0.0, abs=1e-6)


def test_capacity_charge_and_peak_shaving_by_storage():
    # Load [100, 300]; grid energy 1 CNY/kWh (k = 4380), capacity charge 10 CNY/kW/month.
    # Without storage: M = 300, cost = 4380*400 + 12*10*300 = 1,752,000 + 36,000 = 1,788,000.
    inp = ModelInputs(1.0, np.array([100.0, 300.0]), [], None, grid(2, cap_charge=10.0),
                      PolicyInput(direct_supply_rules=()), 0.0)
    m, info = solve(inp)
    assert m.connection_kw.value == pytest.approx(300.0)
    assert info.objective_cny_per_yr == pytest.approx(1_788_000.0)
    check_invariants(m, inp)
    # With lossless storage at 10 CNY/kWh/yr: shaving 1 kW of M saves 120 CNY/yr and needs 1 kWh (10 CNY/yr),
    # so import is levelled at 200 kW: E = P = 100, M = 200.
    # Cost = 1,752,000 + 12*10*200 + 100*10 = 1,777,000.
    inp.storage = storage(100.0)
    m, info = solve(inp)
    assert m.connection_kw.value == pytest.approx(200.0)
    assert m.storage_energy_kwh["storage"].value == pytest.approx(100.0)
    assert info.objective_cny_per_yr == pytest.approx(1_777_000.0)
    check_invariants(m, inp)


def test_650_green_share_binds():
    # Load 100 kW in 2 steps, PV only in step 0 and expensive (100,000/10 = 10,000 CNY/kW/yr) against
    # grid savings of 4380 CNY per kW: without the rule no PV is built.
    # With green share >= 0.30: S = p_0 >= 0.3 * 200 = 60 kWh -> C = 60; self-consumption S/A = 60/60 = 1.
    # Objective = 60*10,000 + 4380*(40 + 100) = 600,000 + 613,200 = 1,213,200.
    free = ModelInputs(1.0, np.full(2, 100.0), [pv([1, 0], 100_000.0)], None, grid(2),
                       PolicyInput(direct_supply_rules=()), 0.0)
    m, info = solve(free)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(0.0, abs=1e-6)
    ruled = ModelInputs(1.0, np.full(2, 100.0), [pv([1, 0], 100_000.0)], None, grid(2),
                        PolicyInput(green_share_min_fraction=0.30), 0.0)
    m, info = solve(ruled)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(60.0)
    assert info.objective_cny_per_yr == pytest.approx(1_213_200.0)
    hourly, cap = check_invariants(m, ruled)
    energy = kpi.energy_totals(hourly, 1.0)
    assert kpi.ratios(energy)["green_share"] == pytest.approx(0.30)
    assert all(row["ok"] for row in kpi.compliance(ruled, energy, 0.0))


def test_650_feed_in_cap_binds_on_both_bases():
    # Load 100 kW in 2 steps, PV only in step 0 at 100 CNY/kW/yr; export at 0.5 CNY/kWh earns 2190 CNY/yr per
    # exported kWh of the horizon, so PV grows until a rule stops it.
    # Basis "after curtailment" (A = delivered PV): X <= 0.2 (100 + X) -> X = 25, C = 125, nothing curtailed;
    # S/A = 100/125 = 0.8 >= 0.6. Objective = 125*100 + 4380*100 - 4380*25*0.5 = 395,750.
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv([1, 0], 1000.0)], None, grid(2, exp=0.5),
                      PolicyInput(available_basis="after_curtailment"), 0.0)
    m, info = solve(inp)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(125.0)
    assert info.objective_cny_per_yr == pytest.approx(395_750.0)
    hourly, _ = check_invariants(m, inp)
    r = kpi.ratios(kpi.energy_totals(hourly, 1.0), "after_curtailment")
    assert r["feed_in"] == pytest.approx(0.20)
    # Basis "before curtailment" (A = C, potential): building PV that is then curtailed raises A and so
    # the export allowance; S = 100 >= 0.6 C caps C at 166.67, export 0.2 C = 33.33, curtailed 33.33.
    # Objective = 166.67*100 + 438,000 - 4380*33.33*0.5 = 16,666.67 + 438,000 - 73,000 = 381,666.67.
    inp.policy = PolicyInput(available_basis="before_curtailment")
    m, info = solve(inp)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(500 / 3)
    assert info.objective_cny_per_yr == pytest.approx(16_666.0 + 2 / 3 + 438_000 - 73_000)
    hourly, _ = check_invariants(m, inp)
    r = kpi.ratios(kpi.energy_totals(hourly, 1.0))
    assert r["feed_in"] == pytest.approx(0.20)
    assert r["self_consumption"] == pytest.approx(0.60)
    assert r["curtailment"] == pytest.approx(0.20)


def test_650_rules_infeasible_names_the_rules():
    # Load only in step 0, PV available in both steps, no storage: S <= C while A = 2C, so
    # S >= 0.6 A forces C = 0, but S >= 0.3 * 100 needs C >= 30: no feasible design.
    inp = ModelInputs(1.0, np.array([100.0, 0.0]), [pv([1, 1], 1000.0)], None, grid(2),
                      PolicyInput(), 0.0)
    m, info = solve(inp)
    assert info.status in ("infeasible", "infeasible_or_unbounded")
    message = _diagnose_infeasible(inp, SolverSettings())
    assert "650_" in message and "rules involved" in message
    # a lossless storage makes it feasible: charge in step 1, discharge in step 0 (cyclic)
    inp.storage = storage(1.0)
    m, info = solve(inp)
    assert info.status == "optimal"
    check_invariants(m, inp)


def test_off_grid_with_unserved_energy_cap():
    # Off-grid, load 100 kW in 2 steps, PV only in step 0 (100 CNY/kW/yr), lossless storage 10 CNY/kWh/yr.
    # Serving 1 kWh in step 1 costs 110 CNY/yr; unserved energy costs VoLL*k = 0.01*4380 = 43.8 CNY/yr per kWh,
    # so the cap binds: u = 0.1*200 = 20 kWh in step 1; PV = 100 + 80 = 180 kW, E = 80 kWh.
    # Objective = 180*100 + 80*10 + 20*43.8 = 18,000 + 800 + 876 = 19,676.
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv([1, 0], 1000.0)], storage(100.0),
                      grid(2, connected=False),
                      PolicyInput(unserved_max_fraction=0.10, value_of_lost_load_cny_per_kwh=0.01), 0.0)
    m, info = solve(inp)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(180.0)
    assert m.storage_energy_kwh["storage"].value == pytest.approx(80.0)
    assert info.objective_cny_per_yr == pytest.approx(19_676.0)
    hourly, _ = check_invariants(m, inp)
    assert hourly["import_kw"].abs().max() == 0.0 and hourly["export_kw"].abs().max() == 0.0
    assert hourly["unserved_kw"].sum() == pytest.approx(20.0)


def test_zero_carbon_park_with_green_certificates():
    # Load 100 kW in 2 steps, PV only in step 0 at 10,000 CNY/kW/yr (dearer than grid), grid 1 CNY/kWh,
    # certificates 0.01 CNY/kWh. Direct green share >= 0.5: S = p_0 >= 100 -> C = 100.
    # Clean share >= 0.9: S + B >= 180 -> B = 80 kWh (<= imports of 100).
    # Objective = 100*10,000 + 4380*100 + 4380*0.01*80 = 1,000,000 + 438,000 + 3,504 = 1,441,504.
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv([1, 0], 100_000.0)], None, grid(2),
                      PolicyInput(direct_supply_rules=(), zero_carbon=True,
                                  green_certificate_price_cny_per_kwh=0.01), 0.0)
    m, info = solve(inp)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(100.0)
    assert m.green_purchase_kwh.value == pytest.approx(80.0)
    assert info.objective_cny_per_yr == pytest.approx(1_441_504.0)
    hourly, _ = check_invariants(m, inp)
    rows = kpi.compliance(inp, kpi.energy_totals(hourly, 1.0), 80.0)
    assert {r["rule"] for r in rows} == {"910_direct_green_share", "910_clean_share"}
    assert all(r["ok"] for r in rows)


def test_storage_efficiency_and_self_discharge():
    # Lossy storage: eta_c = eta_d = 0.9, sigma = 0. Night load 100 kWh (step 1) must come from storage:
    # discharge 100 needs 100/0.9 stored, charged from 100/0.81 = 123.457 kWh of PV. PV (step 0 only)
    # = 100 + 123.457 = 223.457 kW; off-grid so no alternative. E = 100/0.9 = 111.111 kWh (SOC window 0..1).
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv([1, 0], 1000.0)], storage(100.0, eff=0.9),
                      grid(2, connected=False), PolicyInput(), 0.0)
    m, info = solve(inp)
    assert m.gen_capacity_kw["pv"].value == pytest.approx(100 + 100 / 0.81, rel=1e-7)
    assert m.storage_energy_kwh["storage"].value == pytest.approx(100 / 0.9, rel=1e-7)
    hourly, _ = check_invariants(m, inp)
    energy = kpi.energy_totals(hourly, 1.0)
    assert energy["storage_loss_kwh"] == pytest.approx(100 / 0.81 - 100, rel=1e-7)


def test_duration_and_capacity_bounds_are_respected():
    # Same as the first test but storage power must be >= E / 2 (max duration 2 h) and PV <= 150 kW:
    # PV limited -> grid covers the rest; check bounds rather than the optimum's value.
    inp = ModelInputs(1.0, np.full(4, 100.0), [pv([0, 1, 1, 0], 1000.0, max_kw=150.0)],
                      storage(100.0, power_capex=1.0, max_duration_h=2.0), grid(4),
                      PolicyInput(direct_supply_rules=()), 0.0)
    m, info = solve(inp)
    assert m.gen_capacity_kw["pv"].value <= 150.0 + 1e-9
    assert m.storage_energy_kwh["storage"].value <= 2.0 * m.storage_power_kw["storage"].value + 1e-6
    check_invariants(m, inp)
