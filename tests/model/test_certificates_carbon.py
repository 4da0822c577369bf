"""Carbon price and green-certificate prices (issue 19 point 5): hand-solved optima and the baseline.

Conventions as in test_hand_solvable.py: two steps of 1 h, so k = 8760 / 2 = 4380; discount rate 0, so
CRF(0, n) = 1/n.
"""
from __future__ import annotations

import numpy as np
import pytest

from simulator.model import GeneratorInput, GridInput, ModelInputs, PolicyInput
from simulator.results.baseline import baseline_summary
from hand_solve import solve_hand

K = 4380.0
PRICE = 0.30          # grid import [CNY/kWh]
EF = 0.5              # grid emission factor [kg CO2/kWh]
PV_CNY_PER_KW_YR = 8760 * 0.35   # PV annuity: 1 kW of flat PV replaces 8760 kWh/yr at 0.35 CNY/kWh


def carbon_inputs(carbon_cny_per_t: float) -> ModelInputs:
    # PV with availability 1 in both steps at 3066 CNY/kW/yr (capex 30,660, life 10) against grid power
    # at 0.30 CNY/kWh + carbon price × 0.5 kg/kWh: break-even where 8760 (0.30 + p × 0.0005) = 3066,
    # i.e. p* = (0.35 − 0.30) / 0.0005 = 100 CNY/t.
    pv = GeneratorInput("pv", "pv", np.ones(2), PV_CNY_PER_KW_YR * 10, 0.0, 10, max_kw=1000.0)
    grid = GridInput(True, np.full(2, PRICE), np.zeros(2), emission_kg_per_kwh=EF,
                     carbon_price_cny_per_t=carbon_cny_per_t, export_allowed=False, export_max_kw=0.0)
    return ModelInputs(1.0, np.full(2, 100.0), [pv], None, grid, PolicyInput(direct_supply_rules=()), 0.0)


def solved(inp):
    m, info, hourly, _, cost = solve_hand(inp)
    return m, info, hourly, cost


@pytest.mark.parametrize("carbon, pv_kw", [(0.0, 0.0), (90.0, 0.0), (110.0, 100.0)])
def test_carbon_price_tips_the_optimum_from_grid_to_pv_at_the_break_even(carbon, pv_kw):
    m, info, hourly, cost = solved(carbon_inputs(carbon))
    assert m.gen_capacity_kw["pv"].value == pytest.approx(pv_kw, abs=1e-6 * 100)
    imported_kwh_per_yr = K * hourly["import_kw"].sum()
    expected = (pv_kw * PV_CNY_PER_KW_YR + imported_kwh_per_yr * PRICE
                + imported_kwh_per_yr * EF / 1000 * carbon)
    assert info.objective_cny_per_yr == pytest.approx(expected, rel=1e-9)
    # the carbon part of the breakdown = price × CO2 of the imports
    assert cost.get("carbon", 0.0) == pytest.approx(carbon * imported_kwh_per_yr * EF / 1000, rel=1e-9, abs=1e-9)


def test_at_the_break_even_both_cost_the_same():
    grid_only = K * 200 * (PRICE + 100.0 * EF / 1000)
    _, info, _, _ = solved(carbon_inputs(100.0))
    assert info.objective_cny_per_yr == pytest.approx(grid_only, rel=1e-9)
    assert grid_only == pytest.approx(100 * PV_CNY_PER_KW_YR, rel=1e-12)


def test_baseline_carries_the_carbon_cost():
    # business as usual: all 200 kWh of the horizon imported, CO2 = 4380 × 200 × 0.5 / 1000 = 438 t/yr
    base = baseline_summary(carbon_inputs(80.0))
    assert base["co2_t_per_yr"] == pytest.approx(438.0, rel=1e-12)
    assert base["cost_breakdown_cny_per_yr"]["carbon"] == pytest.approx(80.0 * 438.0, rel=1e-12)
    assert base["cost_cny_per_yr"] == pytest.approx(K * 200 * PRICE + 80.0 * 438.0, rel=1e-12)


def certificate_inputs(series=None, flat=0.0) -> ModelInputs:
    # no generation, 100 kW imported in each step; clean share ≥ 0.9 of 200 kWh needs 180 kWh of certificates
    policy = PolicyInput(direct_supply_rules=(), zero_carbon=True, zero_carbon_direct_green_min_fraction=0.0,
                         zero_carbon_clean_share_min_fraction=0.9, green_certificate_price_cny_per_kwh=flat,
                         green_certificate_price_series_cny_per_kwh=None if series is None else np.asarray(series))
    pv = GeneratorInput("pv", "pv", np.zeros(2), 1000.0, 0.0, 10, max_kw=0.0)
    grid = GridInput(True, np.full(2, PRICE), np.zeros(2), export_allowed=False, export_max_kw=0.0)
    return ModelInputs(1.0, np.full(2, 100.0), [pv], None, grid, policy, 0.0)


def test_certificates_priced_per_step_are_bought_where_cheap():
    # prices 0.01 and 0.05 CNY/kWh: 100 kWh (all the step's imports) at 0.01, the other 80 at 0.05:
    # certificates = 4380 × (100 × 0.01 + 80 × 0.05) = 21,900 CNY/yr
    m, info, hourly, cost = solved(certificate_inputs([0.01, 0.05]))
    np.testing.assert_allclose(hourly["green_purchase_kw"], [100.0, 80.0], rtol=1e-9)
    assert cost["green_certificates"] == pytest.approx(21_900.0, rel=1e-9)
    assert info.objective_cny_per_yr == pytest.approx(K * 200 * PRICE + 21_900.0, rel=1e-9)


def test_a_flat_series_gives_the_flat_price_optimum():
    _, flat, _, _ = solved(certificate_inputs(flat=0.005))
    _, series, _, _ = solved(certificate_inputs([0.005, 0.005]))
    assert series.objective_cny_per_yr == pytest.approx(flat.objective_cny_per_yr, rel=1e-9)
