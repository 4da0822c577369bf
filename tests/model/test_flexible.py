"""Shiftable-load block (eq. 23-25): hand-solvable cases where shifting must change the storage size."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.model import GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput, build_model
from simulator.inputs.model_inputs import FlexibleInput
from simulator.results import kpi
from hand_solve import solve_hand


def _inputs(flexible, days=1):
    # Per day 4 steps of 1 h, load 100 kW, PV only in steps 1 and 2 (as in test_hand_solvable's storage case);
    # grid import at 1 CNY/kWh weighs k = 8760/(4 days) per kWh, far above PV (100 CNY/kW/yr) + storage
    # (10 CNY/kWh/yr), so all load is met from PV and storage.
    T = 4 * days
    pv = GeneratorInput("pv", "pv", np.tile([0.0, 1.0, 1.0, 0.0], days), 1000.0, 0.0, 10)
    st = StorageInput(100.0, 0.0, 0.0, 0.0, 10, 1.0, 1.0, 0.0, 0.0, 1.0)
    grid = GridInput(True, np.full(T, 1.0), np.full(T, 0.0))
    return ModelInputs(1.0, np.full(T, 100.0), [pv], st, grid, PolicyInput(direct_supply_rules=()), 0.0,
                       flexible=flexible)


def _solve(inp):
    return solve_hand(inp)[:4]


def test_without_flexibility_storage_carries_the_night():
    # Night steps 0 and 3 need 200 kWh from storage -> E = 200 kWh, PV 200 kW; objective 200*100 + 200*10.
    _, info, hourly, cap = _solve(_inputs(None))
    assert cap["storage_kwh"] == pytest.approx(200.0)
    assert info.objective_cny_per_yr == pytest.approx(22_000.0)
    assert "load_original_kw" not in hourly


def test_half_the_load_shiftable_halves_the_storage():
    # Half the load may shift (D_t = 50 kW) and rise by as much (U_t = 50 kW). Optimal: night steps lowered by
    # 50 (served 50 kW), day steps raised by 50 (served 150 kW); the day keeps 400 kWh. Storage carries
    # 2 x 50 = 100 kWh; PV: 2C = 400 kWh -> C = 200 kW. Objective 200*100 + 100*10 = 21,000.
    flex = FlexibleInput(np.full(4, 50.0), np.full(4, 50.0), np.zeros(4, dtype=int))
    inp = _inputs(flex)
    _, info, hourly, cap = _solve(inp)
    assert cap["storage_kwh"] == pytest.approx(100.0)
    assert cap["pv_kw"] == pytest.approx(200.0)
    assert info.objective_cny_per_yr == pytest.approx(21_000.0)
    np.testing.assert_allclose(hourly["load_kw"], [50.0, 150.0, 150.0, 50.0], atol=1e-6)
    np.testing.assert_allclose(hourly["load_original_kw"], 100.0)
    np.testing.assert_allclose(hourly["load_shifted_kw"], [-50.0, 50.0, 50.0, -50.0], atol=1e-6)
    energy = kpi.energy_totals(hourly, 1.0)
    assert energy["load_kwh"] == pytest.approx(400.0)  # the day's energy is preserved
    assert energy["re_self_consumed_kwh"] == pytest.approx(400.0)


def test_energy_is_kept_per_day_not_across_days():
    # Two days; day 0 may shift, day 1 may not (bounds zero). Day 1 still needs 200 kWh from storage, so E
    # stays 200 kWh although day 0 could do with 100: the shift never moves energy between days.
    down = np.array([50.0] * 4 + [0.0] * 4)
    flex = FlexibleInput(down, down.copy(), np.repeat([0, 1], 4))
    _, _, hourly, cap = _solve(_inputs(flex, days=2))
    assert cap["storage_kwh"] == pytest.approx(200.0)
    per_day = hourly["load_kw"].to_numpy().reshape(2, 4).sum(axis=1)
    np.testing.assert_allclose(per_day, [400.0, 400.0], atol=1e-6)
    np.testing.assert_allclose(hourly["load_kw"].to_numpy()[4:], 100.0, atol=1e-6)


def test_bad_flexible_bounds_are_refused():
    flex = FlexibleInput(np.full(4, 150.0), np.full(4, 50.0), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="exceeds the load"):
        build_model(_inputs(flex))
