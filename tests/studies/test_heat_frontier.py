"""A frontier over the 650号 green share with electric heat: the threshold multiplies Σ(L + E) (eq. 13, H3),
so it is a matrix coefficient, not only a bound; the reused model (ParametricModel) must give the rebuilt
model's and the hand-worked optimum at every point."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.inputs.model_inputs import GeneratorInput, GridInput, HeatInput, HeatTechInput, ModelInputs, PolicyInput
from simulator.studies.frontier import sweep


def test_reused_frontier_matches_rebuilt_and_hand_optimum_with_electric_heat():
    # Two steps (k = 4380): electric load 100 kW, hot water 100 kW from an electric boiler (η = 1, free):
    # 400 kWh of electric load. PV (only step 0) at 100 CNY/kW/yr is dearer than the grid (0.01 * 4380 =
    # 43.8 CNY per kWh of the horizon), so PV = φ * 400 kW exactly (up to the 200 kWh step 0 can use);
    # cost = 100 PV + 43.8 (400 − PV).
    pv = GeneratorInput("pv", "pv", np.array([1.0, 0.0]), 1000.0, 0.0, 10)
    boiler = HeatTechInput("eboiler", "electric_boiler", "hot_water", 1.0, "electricity", 0.0, 0.0, 0.0, 0.0, 10)
    inp = ModelInputs(1.0, np.full(2, 100.0), [pv], None, GridInput(True, np.full(2, 0.01), np.zeros(2)),
                      PolicyInput(direct_supply_rules=("green_share",)), 0.0,
                      heat=HeatInput({"hot_water": np.full(2, 100.0)}, [boiler]))
    thresholds = [0.2, 0.4, 0.5]
    reused = sweep(inp, "green_share", thresholds, reuse=True).table
    rebuilt = sweep(inp, "green_share", thresholds, reuse=False).table
    for phi, a, b in zip(thresholds, reused.itertuples(), rebuilt.itertuples()):
        pv_kw = 400.0 * phi
        assert a.pv_kw == pytest.approx(pv_kw) and b.pv_kw == pytest.approx(pv_kw)
        assert a.cost_cny_per_yr == pytest.approx(100.0 * pv_kw + 43.8 * (400.0 - pv_kw))
        assert b.cost_cny_per_yr == pytest.approx(a.cost_cny_per_yr, rel=1e-9)


def test_batch_rows_carry_the_heat_numbers():
    from simulator.studies.batch.summary import summary_row

    summary = {"status": "optimal", "heat": {"electrified_fraction": 0.25, "fuel_tce_per_yr": 10.0,
                                             "fuel_gj_per_yr": {"coal_boiler": 293.0}}}
    row = summary_row(summary, {})
    assert row["heat_electrified_fraction"] == 0.25 and row["heat_fuel_tce_per_yr"] == 10.0
    assert "heat_fuel_gj_per_yr" not in row  # per-technology tables stay in summary.json
