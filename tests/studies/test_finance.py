"""Investment indicators checked against cash flows written out by hand and independent formulas."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from simulator.studies.finance import (Asset, InvestmentCase, case_from_result, cash_flows,
                                        indicators, investment_summary)
from simulator.errors import InputError
from simulator.results.run import run
from park_fixtures import SMALL_PARK, make_scenario, smelter_week_toml
from finance_params import plain


def independent_npv(rate, flows):
    return sum(cf / (1 + rate) ** year for year, cf in enumerate(flows))


def independent_irr(flows):
    # Σ CF_y x^(N-y) = 0 with x = 1 + r: the real root x > 0 of the polynomial with coefficients CF_0..CF_N
    roots = np.roots(flows)
    real = [r.real for r in roots if abs(r.imag) < 1e-9 and r.real > 0]
    assert len(real) == 1
    return real[0] - 1


def independent_payback(flows):
    cumulative = 0.0
    for year, cf in enumerate(flows):
        if cumulative + cf >= 0:
            return year - 1 + (-cumulative) / cf
        cumulative += cf
    return None


def test_level_annuity():
    # 1000 now, 200 a year for 10 years: payback exactly 5 yr; NPV = -1000 + 200 * annuity factor.
    case = InvestmentCase([Asset("pv", "pv", 1000.0, 25)], 0.0, 200.0, 0.0, 0.0, 100.0)
    p = plain()
    flows = cash_flows(case, p)
    assert list(flows["cash_flow"]) == [-1000.0] + [200.0] * 10
    out = indicators(flows, p)
    annuity = (1 - 1.08 ** -10) / 0.08
    assert out["npv_cny"] == pytest.approx(-1000 + 200 * annuity, rel=1e-12)
    assert out["irr_fraction"] == pytest.approx(independent_irr([-1000.0] + [200.0] * 10), abs=1e-9)
    assert out["irr_fraction"] == pytest.approx(0.15098, abs=1e-5)  # the annuity-table value
    assert out["payback_yr"] == pytest.approx(5.0)
    # LCOE: 1000 / (100 kWh * annuity factor)
    assert out["lcoe_cny_per_kwh"] == pytest.approx(1000 / (100 * annuity), rel=1e-12)


def test_taxes_vat_depreciation_by_hand():
    # Investment 1130 incl. 13 % VAT (base 1000, input VAT 130); benefit 565 incl. VAT (output VAT 65)
    # and O&M 50 every year; 4 years, depreciation 4 yr with 5 % residual: 1000 * 0.95 / 4 = 237.5.
    # y1: VAT credit 130 covers the 65 due -> paid 0; taxable 565-65-50-237.5 = 212.5; tax 53.125;
    #     CF = 565 - 50 - 53.125 = 461.875
    # y2: the remaining credit 65 covers it again -> same 461.875
    # y3: VAT paid 65, surcharges 7.8; taxable 212.5 - 7.8 = 204.7; tax 51.175;
    #     CF = 565 - 65 - 7.8 - 50 - 51.175 = 391.025
    # y4: as y3 plus the residual value 50 -> 441.025
    case = InvestmentCase([Asset("pv", "pv", 1130.0, 25)], 0.0, 565.0, 50.0, 0.0, 1000.0)
    p = plain(horizon_yr=4, depreciation_yr=4, residual_value_fraction=0.05, vat_fraction=0.13,
              vat_surcharge_fraction=0.12, income_tax_fraction=0.25)
    flows = cash_flows(case, p)
    expected = [-1130.0, 461.875, 461.875, 391.025, 441.025]
    assert np.allclose(flows["cash_flow"], expected, rtol=0, atol=1e-9)
    assert np.allclose(flows["income_tax"], [0, 53.125, 53.125, 51.175, 51.175], atol=1e-9)
    pre_tax = [-1130.0, 515.0, 515.0, 442.2, 492.2]
    assert np.allclose(flows["cash_flow_pre_tax"], pre_tax, atol=1e-9)
    out = indicators(flows, p)
    assert out["npv_cny"] == pytest.approx(independent_npv(0.08, expected), rel=1e-12)
    assert out["irr_fraction"] == pytest.approx(independent_irr(expected), abs=1e-9)
    assert out["payback_yr"] == pytest.approx(2 + 206.25 / 391.025, rel=1e-12)
    assert out["payback_yr"] == pytest.approx(independent_payback(expected), rel=1e-12)
    assert out["npv_pre_tax_cny"] == pytest.approx(independent_npv(0.08, pre_tax), rel=1e-12)
    assert out["irr_pre_tax_fraction"] == pytest.approx(independent_irr(pre_tax), abs=1e-9)
    disc = [x / 1.08 ** y for y, x in enumerate(expected)]
    assert out["discounted_payback_yr"] == pytest.approx(independent_payback(disc), rel=1e-12)


def test_replacements_escalation_degradation():
    # Storage 1000 CNY, life 4, replaced at half price in years 4 and 8; the one of year 8 has 2 of its
    # 4 years left at N = 10 -> 250 back. PV inverters: 10 kW * 100 CNY/kW in year 6 (life 6), 2 of 6 years
    # left -> 333.33 back. Benefit 100 escalating 2 %/yr, minus degradation 1 %/yr of 1000 kWh PV worth
    # 0.05 CNY/kWh (escalating too).
    case = InvestmentCase([Asset("storage", "storage", 1000.0, 4), Asset("pv", "pv", 0.0, 25)], 10.0, 100.0, 0.0,
                          1000.0, 3000.0, 0.05)
    p = plain(battery_replacement_cost_fraction=0.5, inverter_lifetime_yr=6, inverter_replacement_cny_per_kw=100.0,
              grid_price_escalation_per_yr=0.02, pv_degradation_per_yr=0.01)
    flows = cash_flows(case, p)
    expected = [-1000.0]
    for y in range(1, 11):
        esc = 1.02 ** (y - 1)
        cf = 100 * esc - 1000 * (1 - 0.99 ** (y - 1)) * 0.05 * esc
        cf -= {4: 500.0, 6: 1000.0, 8: 500.0}.get(y, 0.0)
        if y == 10:
            cf += 250.0 + 1000.0 * 2 / 6
        expected.append(cf)
    assert np.allclose(flows["cash_flow"], expected, rtol=0, atol=1e-9)
    assert np.allclose(flows["green_kwh"][1:], [3000 - 1000 * (1 - 0.99 ** (y - 1)) for y in range(1, 11)])
    out = indicators(flows, p)
    assert out["npv_cny"] == pytest.approx(independent_npv(0.08, expected), rel=1e-12)
    assert out["payback_yr"] is None  # never paid back: the cumulative flow stays negative
    assert sum(expected) < 0


def test_bad_parameters_are_all_reported():
    with pytest.raises(InputError) as err:
        cash_flows(InvestmentCase([], 0.0, 0.0, 0.0, 0.0, 0.0), plain(horizon_yr=0, vat_fraction=1.5))
    assert len(err.value.issues) == 2


def test_case_from_a_run(caplog):
    scenario = make_scenario(copy.deepcopy(SMALL_PARK))
    result = run(scenario)
    s = result.summary
    caplog.set_level("WARNING", logger="simulator")
    case = case_from_result(result)
    assert "less than a year" in caplog.text
    cap = s["capacity"]
    investment = (scenario.pv.capex_cny_per_kw * cap["pv_kw"] + scenario.wind.capex_cny_per_kw * cap["wind_kw"]
                  + scenario.storage.energy_capex_cny_per_kwh * cap["storage_kwh"]
                  + scenario.storage.power_capex_cny_per_kw * cap["storage_kw"])
    assert case.investment_cny == pytest.approx(investment, rel=1e-9)
    cost, base = s["cost_cny_per_yr"], s["baseline"]["cost_breakdown_cny_per_yr"]
    # year-1 benefit = operating cost of grid supply - operating cost of the project
    assert case.benefit_cny_per_yr == pytest.approx(base["total"] - (cost["total"] - cost["capex"] - cost["fixed_om"]))
    assert case.om_cny_per_yr == pytest.approx(cost["fixed_om"])
    caplog.clear()
    out, flows = investment_summary(result)
    assert "less than a year" in caplog.text
    assert out["npv_cny"] == pytest.approx(independent_npv(0.08, list(flows["cash_flow"])), rel=1e-9)
    assert out["investment_cny"] == pytest.approx(investment, rel=1e-9)
    # storage fade (docs/storage.md), recomputed from the hourly results: cycles = discharge per year /
    # (window x rating), fade = 1 %/yr + 0.0000333 per cycle (LFP defaults), augmentation = fade x rating
    # x 0.6 x energy capex in years 1..N-1 except the replacement year (lifetime 12 of 25)
    assert cap["storage_kwh"] > 0
    k, st = s["horizon"]["year_weight"], scenario.storage
    cycles = result.hourly["storage_discharge_kw"].sum() * s["horizon"]["dt_h"] * k / (
        (st.soc_max_fraction - st.soc_min_fraction) * cap["storage_kwh"])
    yearly = (0.01 + 0.0000333 * cycles) * cap["storage_kwh"] * 0.6 * st.energy_capex_cny_per_kwh
    years = [y for y in range(1, 25) if y % st.lifetime_yr]
    assert flows["augmentation"].to_numpy()[years] == pytest.approx([yearly] * len(years), rel=1e-9)
    assert flows["augmentation"].sum() == pytest.approx(yearly * len(years), rel=1e-9)


def test_cli_finance_writes_indicators_matching_its_cash_flows(tmp_path):
    import json

    import pandas as pd

    from simulator.cli import main

    scenario = tmp_path / "week.toml"
    scenario.write_text(smelter_week_toml("finance_week"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["finance", str(scenario), "--out", str(out), "--set", "horizon_yr=15"]) == 0
    summary = json.loads((out / "finance.json").read_text(encoding="utf-8"))
    flows = pd.read_csv(out / "cash_flows.csv")
    assert len(flows) == 16 and summary["horizon_yr"] == 15
    # two-decimal CSV: NPV agrees to a cent per year
    assert summary["npv_cny"] == pytest.approx(independent_npv(0.08, list(flows["cash_flow"])), abs=0.1)
    assert main(["finance", str(scenario), "--set", "horizon=15"]) == 1
