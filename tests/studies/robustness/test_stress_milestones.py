"""Dry-season stress on a hand-made week, and the multi-period milestone sizing."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.studies.robustness.evaluate import dispatch_fixed
from simulator.model.milestones import build_milestone_model, discount_sums
from simulator.results.milestones import plan_milestones
from simulator.studies.robustness.stress import dry_stress, longest_run

from robust_inputs import index, inputs, pv_shape

DAY_SCALES = [1.0, 1.0, 0.1, 0.15, 0.1, 1.0, 0.4]


def test_longest_run():
    assert longest_run(np.array([False, True, True, False, True, True, True, False])) == (4, 3)
    assert longest_run(np.array([True, True, False, True, True])) == (0, 2)
    assert longest_run(np.zeros(4, dtype=bool)) == (0, 0)


def test_stress_run_and_bridging_energy_by_hand():
    pv_kw, storage_kwh = 3000.0, 4000.0
    inp = inputs(1.0, day_scales=DAY_SCALES)
    out = dispatch_fixed(inp, {"gen:pv": pv_kw, "storage_kwh": storage_kwh, "storage_kw": 1000.0}, index(),
                         keep_hourly=True)
    stress = out.stress
    day_kwh = pv_kw * pv_shape(1).sum()  # a clear day's available energy
    daily = day_kwh * np.array(DAY_SCALES)
    median = float(np.median(daily))     # the 0.4 day is the median of the seven
    assert stress["median_day_available_kwh"] == pytest.approx(median)
    # low-green days: below 0.5 x median = 0.2 clear days -> days 3, 4, 5 (0.1, 0.15, 0.1); 0.4 is not
    assert stress["low_green_days"] == 3 and stress["run_days"] == 3
    assert (stress["start"], stress["end"]) == ("2026-03-03", "2026-03-05")
    run = daily[2:5]
    assert stress["bridge_to_median_kwh"] == pytest.approx(float((median - run).sum()))
    load_day = 1000.0 * 24
    assert stress["bridge_to_rule_kwh"] == pytest.approx(float(np.maximum(0.30 * load_day - run, 0).sum() / 0.95))
    hourly = out.hourly.loc["2026-03-03":"2026-03-05"]
    sc = (hourly["load_kw"] - hourly["import_kw"] - hourly["unserved_kw"]).sum()
    assert stress["run_green_share"] == pytest.approx(sc / hourly["load_kw"].sum())
    assert stress["soc_min_kwh"] >= 0.05 * storage_kwh - 1e-6
    assert stress["soc_start_kwh"] == pytest.approx(out.hourly["storage_soc_kwh"].iloc[2 * 24 - 1])


def test_stress_without_low_days():
    idx = pd.date_range("2026-03-01", periods=48, freq="h", tz="Asia/Shanghai")
    hourly = pd.DataFrame({"pv_available_kw": np.tile(pv_shape(1), 2) * 100, "wind_available_kw": 0.0,
                           "load_kw": 50.0, "import_kw": 10.0, "unserved_kw": 0.0, "curtailed_kw": 0.0,
                           "storage_discharge_kw": 0.0, "storage_soc_kwh": 0.0}, index=idx)
    stress = dry_stress(hourly, 1.0, 0.3)
    assert stress["run_days"] == 0 and stress["bridge_to_median_kwh"] == 0.0


def test_discount_sums_by_hand():
    operating, remaining = discount_sums([2026, 2028, 2030], 2032, 0.10)
    df = [1.1 ** -k for k in range(7)]
    assert operating == pytest.approx([df[0] + df[1], df[2] + df[3], df[4] + df[5] + df[6]])
    assert remaining == pytest.approx([sum(df), sum(df[2:]), sum(df[4:])])


def _milestone_inputs(loads, pv_capex=(9000.0, 9000.0, 9000.0), storage_capex=(500.0, 500.0, 500.0),
                      shares=(0.30, 0.30, 0.35)):
    return [inputs(1.0, load_kw=load, pv_capex=pc, storage_capex=sc, green_share=share)
            for load, pc, sc, share in zip(loads, pv_capex, storage_capex, shares)]


def test_no_growth_constant_costs_builds_everything_first():
    ins = _milestone_inputs([1000.0] * 3, shares=(0.30, 0.30, 0.30))
    plan = plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08, indexes=[index()] * 3)
    assert plan.status == "optimal"
    first = plan.capacity[0]
    assert first["pv_kw"] > 0 and first["storage_kwh"] > 0
    for later in plan.build[1:]:
        for key in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw"):
            assert abs(later[key]) <= 1e-6 * max(1.0, first[key])
    # each period meets its own rules
    for period in plan.periods:
        assert all(row["ok"] for row in period["compliance"])


def test_growing_load_capacities_never_decrease_and_2030_threshold_holds():
    ins = _milestone_inputs([1000.0, 1400.0, 1800.0], pv_capex=(9000.0, 8500.0, 8000.0),
                            storage_capex=(500.0, 450.0, 400.0))
    plan = plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08, indexes=[index()] * 3)
    assert plan.status == "optimal"
    for before, after in zip(plan.capacity, plan.capacity[1:]):
        for key in ("pv_kw", "storage_kwh", "storage_kw"):
            assert after[key] >= before[key] - 1e-6
    assert all(b["pv_kw"] >= -1e-6 for b in plan.build)
    assert plan.capacity[-1]["pv_kw"] > plan.capacity[0]["pv_kw"]
    last = plan.periods[-1]
    assert last["green_share_min_fraction"] == 0.35
    assert last["ratios"]["green_share"] >= 0.35 - 1e-6
    assert plan.present_value_cny == pytest.approx(plan.investment_pv_cny + plan.operation_pv_cny, rel=1e-9)


def test_a_start_design_per_milestone_gives_the_same_plan():
    ins = _milestone_inputs([1000.0, 1400.0, 1800.0], pv_capex=(9000.0, 8500.0, 8000.0),
                            storage_capex=(500.0, 450.0, 400.0))
    cold = plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08, indexes=[index()] * 3)
    # start from the typical-period plan (3 medoid days a week), as scenario_milestones does for full years
    pre = plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08, indexes=[index()] * 3, typical_periods=3)
    warm = plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08, indexes=[index()] * 3,
                           start=[period["design"] for period in pre.periods])
    assert warm.status == cold.status == "optimal"
    assert warm.warm_start["used"] is True and cold.warm_start is None
    assert warm.present_value_cny == pytest.approx(cold.present_value_cny, rel=1e-7)
    with pytest.raises(ValueError, match="2 start designs for 3 milestones"):
        plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08, start=[pre.periods[0]["design"]] * 2)


def test_milestone_investment_term_by_hand():
    """Investment (eq. M3) recomputed from the builds, prices, CRF and the remaining discounted years."""
    from simulator.inputs.model_inputs import crf

    ins = _milestone_inputs([1000.0, 1400.0, 1800.0], pv_capex=(9000.0, 8500.0, 8000.0),
                            storage_capex=(500.0, 450.0, 400.0))
    plan = plan_milestones(ins, [2026, 2028, 2030], 2034, 0.08)
    _, remaining = discount_sums([2026, 2028, 2030], 2034, 0.08)
    total = 0.0
    for p, (inp, build) in enumerate(zip(ins, plan.build)):
        st = inp.storage
        total += remaining[p] * (inp.generators[0].capex_cny_per_kw * crf(0.08, 25) * build["pv_kw"]
                                 + crf(0.08, st.lifetime_yr) * (st.energy_capex_cny_per_kwh * build["storage_kwh"]
                                                                + st.power_capex_cny_per_kw * build["storage_kw"]))
    assert plan.investment_pv_cny == pytest.approx(total, rel=1e-7)


def test_milestones_refuse_unordered_years():
    with pytest.raises(ValueError):
        build_milestone_model(_milestone_inputs([1000.0] * 2), [2028, 2026], 2030, 0.08)
