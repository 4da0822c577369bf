"""The electrification frontier (studies.heat_frontier, eq. H10): a hand-worked case and the 玉溪 park."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from simulator.inputs.model_inputs import KWH_PER_GJ, GridInput, HeatInput, HeatTechInput, ModelInputs, PolicyInput
from simulator.studies.heat_frontier import default_shares, electrification_sweep

SCENARIO = Path(__file__).parents[2] / "scenarios" / "yuxi_tobacco_steam.toml"
WEEK = {"park.start": "2026-04-06", "park.days": 7}


def test_hand_case_cost_rises_by_the_heat_pump_annuity():
    # Two steps of 1 h (k = 4380), hot water 100 kW in each. Gas boiler (existing 100 kW, free to keep):
    # 100 CNY/GJ / 0.9 = 0.40 CNY/kWh_th. Heat pump at COP 1.25 on grid power at 0.5 CNY/kWh: 0.40 CNY/kWh_th
    # too, plus 8,760 CNY/kW over 10 yr = 876 CNY/kW/yr. Free: all gas, share 0, cost 4380 × 200 × 0.40 =
    # 350,400 CNY/yr. With share ≥ φ the pump must give 200 φ kWh over the two steps: C = 100 φ kW running
    # flat, so the cost rises by exactly 876 × 100 φ = 87,600 φ CNY/yr (fuel saved = electricity bought).
    gas = HeatTechInput("gas", "fuel_boiler", "hot_water", 0.9, "gas", 100.0 / KWH_PER_GJ,
                        0.0561 * 1000.0 / KWH_PER_GJ, 0.0, 0.0, 20, 100.0, 100.0)
    pump = HeatTechInput("hp", "heat_pump", "hot_water", 1.25, "electricity", 0.0, 0.0, 8760.0, 0.0, 10)
    inp = ModelInputs(1.0, np.zeros(2), [], None, GridInput(True, np.full(2, 0.5), np.zeros(2)),
                      PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"hot_water": np.full(2, 100.0)}, [gas, pump]))
    front = electrification_sweep(inp, [0.0, 0.25, 0.5, 1.0])
    assert front.free["electrified_fraction"] == pytest.approx(0.0, abs=1e-9)
    assert front.free["cost_cny_per_yr"] == pytest.approx(350_400.0, rel=1e-9)
    t = front.table
    assert (t["status"] == "optimal").all()
    np.testing.assert_allclose(t["cost_above_free_cny_per_yr"], 87_600.0 * t["electrified_min_fraction"],
                               rtol=1e-7, atol=1e-7 * 350_400.0)
    np.testing.assert_allclose(t["heat_hp_kw"], 100.0 * t["electrified_min_fraction"], atol=1e-6 * 100.0)
    np.testing.assert_allclose(t["electrified_fraction"], t["electrified_min_fraction"], atol=1e-9)
    # fuel CO2 falls with the share: 4380 × 200 (1 − φ) / 0.9 kWh of gas at 0.0561 t/GJ
    co2 = 4380 * 200 * (1 - t["electrified_min_fraction"]) / 0.9 / KWH_PER_GJ * 0.0561
    np.testing.assert_allclose(t["fuel_co2_t_per_yr"], co2, rtol=1e-7, atol=1e-9)


def test_default_shares_run_from_the_free_share_to_one():
    assert default_shares(0.25, 4) == pytest.approx([0.25, 0.5, 0.75, 1.0])


def test_yuxi_frontier_is_monotone_and_starts_at_the_plain_optimum(tmp_path):
    from simulator.results.run import run
    from simulator.scenario.loader import load_scenario
    from simulator.studies.frontier import prepare_inputs

    scenario = load_scenario(SCENARIO, overrides=WEEK)
    plain = run(scenario).summary
    front = electrification_sweep(prepare_inputs(scenario), n_points=4, park=scenario.park.name)
    total = plain["cost_cny_per_yr"]["total"]
    assert front.free["cost_cny_per_yr"] == pytest.approx(total, rel=1e-6)
    assert front.free["electrified_fraction"] == pytest.approx(plain["heat"]["electrified_fraction"], abs=1e-6)
    t = front.table
    assert (t["status"] == "optimal").all()
    assert t["electrified_min_fraction"].iloc[0] == pytest.approx(front.free["electrified_fraction"])
    assert t["cost_cny_per_yr"].iloc[0] == pytest.approx(total, rel=1e-6)  # slack at the free share
    assert (np.diff(t["cost_cny_per_yr"]) >= -1e-6 * total).all()  # non-decreasing above the free share
    assert (t["electrified_fraction"] >= t["electrified_min_fraction"] - 1e-6).all()
    assert t["fuel_co2_t_per_yr"].iloc[-1] <= 1e-6 * t["fuel_co2_t_per_yr"].iloc[0]  # 100 %: no fuel burnt
    paths = front.write(tmp_path)
    csv = (tmp_path / "heat_frontier.csv").read_text()
    assert not re.search(r"\de[+-]\d", csv)  # no exponent notation
    zh = (tmp_path / "heat_frontier_zh.html").read_text(encoding="utf-8")
    en = (tmp_path / "heat_frontier_en.html").read_text(encoding="utf-8")
    assert "供热电气化前沿" in zh and "Electrification frontier" in en and "<svg" in en
    assert re.findall(r'data-value="([^"]*)"', zh) == re.findall(r'data-value="([^"]*)"', en)
    assert len(paths) == 5
