"""Storage fade across milestones (docs/storage.md): the fleet's state of health without augmentation and
the augmentation that keeps the rating, recomputed by hand from the plan's capacities and fade rates."""
from __future__ import annotations

import pytest

from simulator.model.milestones import discount_sums
from simulator.results.milestones import plan_milestones

from robust_inputs import index, inputs

YEARS, END, RATE = [2026, 2028, 2030], 2034, 0.08


def test_constant_load_builds_first_and_ages_through_the_milestones():
    ins = [inputs(1.0, load_kw=1000.0, pv_capex=9000.0, storage_capex=500.0, green_share=0.30) for _ in YEARS]
    plan = plan_milestones(ins, YEARS, END, RATE, indexes=[index()] * 3)
    assert plan.status == "optimal"
    energy = plan.capacity[0]["storage_kwh"]
    assert energy > 0
    f = [period["fades"][0]["fade_per_yr"] for period in plan.periods]
    cycles = [period["fades"][0]["cycles_per_yr"] for period in plan.periods]
    # f = 1 %/yr calendar + 0.0000333 per cycle (LFP defaults), cycles >= 0
    assert all(c >= 0 for c in cycles)
    assert f == pytest.approx([0.01 + 0.0000333 * c for c in cycles], rel=1e-12)
    # everything is built at 2026: SOH 1 at 2026, 1 − 2 f_0 at 2028, 1 − 2 f_0 − 2 f_1 at 2030
    soh = [period["storage_soh_fraction"] for period in plan.periods]
    assert soh == pytest.approx([1.0, 1 - 2 * f[0], 1 - 2 * f[0] - 2 * f[1]], rel=1e-6)
    # augmentation keeps the rating: f_p E_p kWh/yr at 0.6 x 500 CNY/kWh
    for p, period in enumerate(plan.periods):
        e = plan.capacity[p]["storage_kwh"]
        assert period["augmentation_kwh_per_yr"] == pytest.approx(f[p] * e, rel=1e-9)
        assert period["augmentation_cny_per_yr"] == pytest.approx(f[p] * e * 0.6 * 500.0, rel=1e-9)
    operating, _ = discount_sums(YEARS, END, RATE)
    assert plan.discount["augmentation_pv_cny"] == pytest.approx(
        sum(d * period["augmentation_cny_per_yr"] for d, period in zip(operating, plan.periods)), rel=1e-12)
    assert plan.as_dict()["periods"][2]["storage_soh_fraction"] == soh[2]
