"""Direct lines of generation sites (eq. L1-L4, docs/sites.md): tiny models solved by hand.

Conventions as in test_hand_solvable.py: discount rate 0, so CRF(0, n) = 1/n; two steps of 1 h give the
year weight k = 8760 / 2 = 4380. Site wind costs 1000/10 = 100 CNY/kW/yr, the line 500/10 = 50 CNY/kW/yr,
storage 100/10 = 10 CNY/kWh/yr; grid power at 1 CNY/kWh costs 4380 CNY/yr per kW held over both steps,
so the park takes all it can from the site.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.inputs.model_inputs import LineInput
from simulator.model import (GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput, build_model,
                             solve_model)
from simulator.results import kpi
from simulator.results.sites import site_balance_residual_kw, sites_summary
from tolerance import solver_atol
from hand_solve import solve_hand

LOAD_KW = 100.0
LOSS = 0.2


def site_wind(avail, name="site_ridge_wind", site="ridge"):
    return GeneratorInput(name, "wind", np.asarray(avail, float), 1000.0, 0.0, 10, site=site)


def line(site="ridge", loss=LOSS, max_kw=None, existing_kw=0.0):
    return LineInput(site, 40.0, 500.0, 10, 0.0, loss, existing_kw, max_kw)


def store(site="park"):
    return StorageInput(100.0, 0.0, 0.0, 0.0, 10, 1.0, 1.0, 0.0, 0.0, 1.0, site=site, name="battery")


def inputs(gens, lines, stores=()):
    T = len(gens[0].availability)
    return ModelInputs(1.0, np.full(T, LOAD_KW), gens, None,
                       GridInput(True, np.full(T, 1.0), np.zeros(T), export_allowed=False, export_max_kw=0.0),
                       PolicyInput(direct_supply_rules=()), 0.0, storage_types=list(stores), lines=lines)


def solve(inp):
    m, info, hourly, cap, cost = solve_hand(inp)  # park and sites together, losses as a demand
    assert site_balance_residual_kw(inp, hourly) <= kpi.balance_tolerance_kw(hourly)  # each site's own (eq. L2)
    return m, info, hourly, cap, cost


def test_line_is_sized_for_the_sent_power_including_losses():
    # 100 kW at the park needs 100 / (1 - 0.2) = 125 kW sent in each step: wind 125 kW, line 125 kW.
    # Objective = 125 x 100 + 125 x 50 = 18,750 CNY/yr; 25 kW lost in each step.
    inp = inputs([site_wind([1.0, 1.0])], [line()])
    m, info, hourly, cap, cost = solve(inp)
    assert cap["line_ridge_kw"] == pytest.approx(125.0, rel=1e-9)
    assert cap["wind_kw"] == pytest.approx(125.0, rel=1e-9)
    assert info.objective_cny_per_yr == pytest.approx(18_750.0, rel=1e-9)
    assert cost["line_capex"] == pytest.approx(125.0 * 50.0, rel=1e-9)
    np.testing.assert_allclose(hourly["line_ridge_loss_kw"], 25.0, rtol=1e-9)
    np.testing.assert_allclose(hourly["line_delivered_kw"], LOAD_KW, rtol=1e-9)
    assert hourly["import_kw"].max() <= solver_atol(LOAD_KW)


def test_line_limit_binds_and_the_grid_supplies_the_rest():
    # line_max 80 kW: the park receives 0.8 x 80 = 64 kW and imports 36 kW in each step.
    # Objective = 80 x 100 + 80 x 50 + 4380 x 36 x 2 = 12,000 + 315,360 = 327,360 CNY/yr.
    inp = inputs([site_wind([1.0, 1.0])], [line(max_kw=80.0)])
    m, info, hourly, cap, cost = solve(inp)
    assert cap["line_ridge_kw"] == pytest.approx(80.0, rel=1e-9)
    np.testing.assert_allclose(hourly["import_kw"], 36.0, rtol=1e-9)
    assert info.objective_cny_per_yr == pytest.approx(327_360.0, rel=1e-9)


@pytest.mark.parametrize("where, objective, line_kw, energy_kwh", [
    # at the site: wind 250 kW in step 0 (none in step 1), 125 kWh stored there, the line sends 125 kW in
    # both steps: 250 x 100 + 125 x 50 + 125 x 10 = 32,500
    ("ridge", 32_500.0, 125.0, 125.0),
    # at the park: the line carries all 250 kW in step 0, the park stores 100 of the 200 kWh delivered:
    # 250 x 100 + 250 x 50 + 100 x 10 = 38,500
    ("park", 38_500.0, 250.0, 100.0),
])
def test_storage_at_the_site_or_at_the_park(where, objective, line_kw, energy_kwh):
    inp = inputs([site_wind([1.0, 0.0])], [line()], [store(where)])
    m, info, hourly, cap, cost = solve(inp)
    assert info.objective_cny_per_yr == pytest.approx(objective, rel=1e-9)
    assert cap["line_ridge_kw"] == pytest.approx(line_kw, rel=1e-9)
    assert cap["storage_battery_kwh"] == pytest.approx(energy_kwh, rel=1e-9)
    block = sites_summary(inp, cap, hourly)
    assert block[where]["storage_kwh"] == pytest.approx(energy_kwh, rel=1e-9)


def test_two_sites_delivered_green_is_generation_minus_curtailment_and_losses():
    # Two sites with different losses; the park also has its own PV. Whatever the optimum, per step and
    # summed: delivered = Σ sites (available − curtailed) − line losses, and losses = λ_l × sent.
    gens = [site_wind([1.0, 0.3, 0.8, 0.0]),
            GeneratorInput("site_valley_pv", "pv", np.array([0.0, 1.0, 0.6, 0.2]), 600.0, 0.0, 10, site="valley"),
            GeneratorInput("park_pv", "pv", np.array([0.0, 0.9, 0.5, 0.1]), 900.0, 0.0, 10, max_kw=30.0)]
    lines = [line(loss=0.05), LineInput("valley", 10.0, 200.0, 10, 0.0, 0.01, 0.0, None)]
    inp = inputs(gens, lines)
    m, info, hourly, cap, cost = solve(inp)
    scale = hourly[["load_kw", "line_send_kw", "wind_available_kw", "pv_available_kw"]].abs().to_numpy().max()
    generated = hourly["site_ridge_wind_kw"] + hourly["site_valley_pv_kw"]
    np.testing.assert_allclose(hourly["line_delivered_kw"], generated - hourly["line_loss_kw"], atol=solver_atol(scale))
    for site, loss in (("ridge", 0.05), ("valley", 0.01)):
        np.testing.assert_allclose(hourly[f"line_{site}_loss_kw"], loss * hourly[f"line_{site}_send_kw"],
                                   rtol=1e-12, atol=0.0)
    energy = kpi.energy_totals(hourly, inp.dt_h)
    summary = sites_summary(inp, cap, hourly)
    site_generation = summary["ridge"]["generation_kwh"] + summary["valley"]["generation_kwh"]
    site_available = summary["ridge"]["available_kwh"] + summary["valley"]["available_kwh"]
    site_curtailed = summary["ridge"]["curtailed_kwh"] + summary["valley"]["curtailed_kwh"]
    assert site_generation == pytest.approx(site_available - site_curtailed, rel=1e-12)
    assert energy["line_delivered_kwh"] == pytest.approx(site_generation - energy["line_loss_kwh"],
                                                         abs=solver_atol(scale) * inp.n_steps)
    # the park's self-consumed green (eq. 11) counts what arrives, after the losses
    green_at_park = hourly["park_pv_kw"].sum() + energy["line_delivered_kwh"] - energy["export_kwh"]
    assert energy["re_self_consumed_kwh"] == pytest.approx(green_at_park, abs=solver_atol(scale) * inp.n_steps)
    # the 60 % rule's "available" counts generation at the sites (before curtailment, before the line)
    assert energy["re_available_kwh"] == pytest.approx(site_available + summary["park"]["available_kwh"], rel=1e-12)


def test_typical_periods_carry_lines_and_certificate_prices():
    # With one typical period per real day the reduced model is the full one (eq. 26-29 exact without
    # self-discharge): lines, a site's store and per-step certificate prices must survive the reduction.
    from simulator.model.reduction import reduce_inputs

    T = 48
    rng = np.random.default_rng(7)
    gens = [site_wind(rng.uniform(0.0, 1.0, T)),
            GeneratorInput("park_pv", "pv", np.clip(np.sin(np.arange(T) / 24 * 2 * np.pi - 1.6), 0, 1), 900.0, 0.0, 10)]
    policy = PolicyInput(direct_supply_rules=(), zero_carbon=True, zero_carbon_direct_green_min_fraction=0.3,
                         zero_carbon_clean_share_min_fraction=0.9,
                         green_certificate_price_series_cny_per_kwh=rng.uniform(0.001, 0.05, T))
    inp = ModelInputs(1.0, np.full(T, LOAD_KW), gens, None,
                      GridInput(True, np.full(T, 1.0), np.zeros(T), export_allowed=False, export_max_kw=0.0),
                      policy, 0.0, storage_types=[store("ridge")], lines=[line()])
    index = pd.date_range("2026-03-02", periods=T, freq="h", tz="Asia/Shanghai")
    full = solve_model(build_model(inp))
    reduced = reduce_inputs(inp, index, n_periods=2, period_hours=24, representation="medoid")
    red = solve_model(build_model(reduced))
    assert red.objective_cny_per_yr == pytest.approx(full.objective_cny_per_yr, rel=1e-6)
    # fewer periods than days: each kept step keeps its own certificate price (the medoid's, eq. 17a)
    fewer = reduce_inputs(inp, index, n_periods=1, period_hours=24, representation="medoid")
    position = {str(t): i for i, t in enumerate(index)}
    kept = [position[t] for t in fewer.labels["timestamps"]]
    assert fewer.n_steps == 24 and fewer.lines == inp.lines
    np.testing.assert_array_equal(fewer.policy.green_certificate_price_series_cny_per_kwh,
                                  policy.green_certificate_price_series_cny_per_kwh[kept])


def test_existing_line_costs_only_its_extension():
    # 100 kW of line exists: the model extends it to 125 kW and pays the annuity on 25 kW only.
    # Objective = 125 x 100 (wind) + 25 x 50 (line) = 13,750 CNY/yr. Business as usual keeps the line at
    # its existing 100 kW and builds nothing at the site.
    from simulator.results.baseline import baseline_inputs

    inp = inputs([site_wind([1.0, 1.0])], [line(existing_kw=100.0)])
    m, info, hourly, cap, cost = solve(inp)
    assert cap["line_ridge_kw"] == pytest.approx(125.0, rel=1e-9)
    assert info.objective_cny_per_yr == pytest.approx(13_750.0, rel=1e-9)
    twin = baseline_inputs(inp)
    assert [(t.existing_kw, t.max_kw) for t in twin.lines] == [(100.0, 100.0)]
    assert [g.max_kw for g in twin.generators] == [0.0]
