"""Frontier: monotone in the threshold, equal to the rule-free optimum where slack, same with and
without model reuse, and a hand-solvable case."""
from __future__ import annotations

import copy
import json
import math

import numpy as np
import pytest

from simulator.studies.frontier import parse_range, prepare_inputs, rule_name, sweep
from simulator.cli import main
from simulator.errors import InputError
from simulator.model import GeneratorInput, GridInput, ModelInputs, PolicyInput
from park_fixtures import SMALL_PARK, make_scenario, smelter_week_toml

REL = 1e-6


@pytest.fixture(scope="module")
def small_inputs():
    return prepare_inputs(make_scenario(copy.deepcopy(SMALL_PARK)))


def test_parse_range():
    values = parse_range("0.3:1.0:0.05")
    assert len(values) == 15 and values[0] == 0.3 and values[-1] == 1.0
    assert values[1] == pytest.approx(0.35)
    assert parse_range("0.3,0.35") == [0.3, 0.35]
    for bad in ("0.3:1.0:0", "a:b:c", "0.5:1.5:0.5", "1:0:0.1"):
        with pytest.raises(InputError):
            parse_range(bad)
    assert rule_name("green_share") == "650_green_share"
    with pytest.raises(InputError):
        rule_name("green")


def tiny(rules=("green_share",)):
    # Two 1-h steps, load 100 kW; PV (1,000,000 CNY/kW over 10 yr = 100,000 CNY/kW/yr) delivers 1 kWh
    # per kW in step 0 only; grid 1 CNY/kWh with k = 8760 / 2 = 4380. No storage.
    pv = GeneratorInput("pv", "pv", np.array([1.0, 0.0]), 1.0e6, 0.0, 10, max_kw=1000.0)
    grid = GridInput(True, np.full(2, 1.0), np.zeros(2))
    return ModelInputs(1.0, np.full(2, 100.0), [pv], None, grid, PolicyInput(direct_supply_rules=rules), 0.0)


def test_hand_solvable_frontier():
    # Green share θ of the 200 kWh load needs 200 θ kWh of PV in step 0, i.e. C = 200 θ kW (at most 100 kW,
    # the load of step 0, so θ <= 0.5). Cost = 100,000 * 200 θ + 4380 * (200 - 200 θ).
    # The rule switched off: PV is dearer than the grid, C = 0, cost 876,000. θ = 0.6 is infeasible.
    front = sweep(tiny(), "green_share", [0.0, 0.1, 0.25, 0.5, 0.6])
    t = front.table
    for theta, cost, pv in zip(t["threshold_fraction"][:4], t["cost_cny_per_yr"][:4], t["pv_kw"][:4]):
        assert pv == pytest.approx(200 * theta, abs=1e-6)
        assert cost == pytest.approx(100_000 * 200 * theta + 4380 * (200 - 200 * theta), rel=1e-9)
    assert t["status"].iloc[4] == "infeasible"
    assert math.isnan(t["cost_cny_per_yr"].iloc[4])
    assert front.unconstrained["cost_cny_per_yr"] == pytest.approx(876_000.0)
    assert front.baseline["cost_cny_per_yr"] == pytest.approx(876_000.0)
    assert t["cost_above_unconstrained_cny_per_yr"].iloc[2] == pytest.approx((100_000 - 4380) * 50)


@pytest.fixture(scope="module")
def green_front(small_inputs):
    return sweep(small_inputs, "green_share", parse_range("0.3:1.0:0.1"), off_grid=True)


def test_frontier_non_decreasing_and_slack_equals_unconstrained(green_front):
    t = green_front.table
    assert (t["status"] == "optimal").all()
    cost = t["cost_cny_per_yr"].to_numpy()
    assert np.all(np.diff(cost) >= -REL * cost[:-1])
    # every point meets its threshold (ratios recomputed from the hourly flows)
    assert np.all(t["green_share_fraction"] >= t["threshold_fraction"] - 1e-6)
    free = green_front.unconstrained
    slack = t["threshold_fraction"] <= free["ratio_fraction"]
    assert slack.any() and (~slack).any()  # the range covers both regimes
    assert np.allclose(t.loc[slack, "cost_cny_per_yr"], free["cost_cny_per_yr"], rtol=REL)
    assert np.all(t.loc[~slack, "cost_cny_per_yr"] >= free["cost_cny_per_yr"] * (1 - REL))
    # the rule binds above the free optimum's share: the share sits on the threshold there
    binding = t.loc[~slack]
    assert np.allclose(binding["green_share_fraction"], binding["threshold_fraction"], atol=1e-6)
    assert green_front.marks["650 (2025)"] == 0.30 and green_front.marks["650 from 2030"] == 0.35


def test_off_grid_mark_is_consistent(green_front):
    og = green_front.off_grid
    assert og["status"] == "optimal"
    t = green_front.table
    cheaper = t["cost_cny_per_yr"] > og["cost_cny_per_yr"]
    assert list(t["off_grid_cheaper"]) == list(cheaper)
    first = green_front.off_grid_cheaper_from
    assert first == (float(t.loc[cheaper, "threshold_fraction"].iloc[0]) if cheaper.any() else None)
    # at a 100 % share the off-grid optimum (no import, no export, M = 0, curtailment well below 40 %
    # so that S = ΣL >= 0.60 A) is a feasible point of the grid-connected model: it cannot cost less
    assert t["cost_cny_per_yr"].iloc[-1] <= og["cost_cny_per_yr"] * (1 + REL)


def test_reuse_gives_the_same_frontier_as_rebuilding(small_inputs, green_front):
    thresholds = [0.3, 0.8, 0.9]
    rebuilt = sweep(small_inputs, "green_share", thresholds, reuse=False)
    reused = green_front.table.set_index("threshold_fraction")
    for _, row in rebuilt.table.iterrows():
        assert row["cost_cny_per_yr"] == pytest.approx(reused.loc[row["threshold_fraction"], "cost_cny_per_yr"],
                                                      rel=REL)


def test_feed_in_frontier_non_increasing(small_inputs):
    front = sweep(small_inputs, "feed_in", [0.0, 0.1, 0.2])
    cost = front.table["cost_cny_per_yr"].to_numpy()
    assert np.all(np.diff(cost) <= REL * cost[:-1])
    assert np.all(front.table["feed_in_fraction"] <= front.table["threshold_fraction"] + 1e-6)
    assert front.unconstrained["cost_cny_per_yr"] <= cost.min() * (1 + REL)


def test_cli_frontier_writes_table_and_plot(tmp_path):
    scenario = tmp_path / "week.toml"
    scenario.write_text(smelter_week_toml("frontier_week"), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["frontier", str(scenario), "--green-share", "0.3:0.9:0.3", "--out", str(out)])
    assert code == 0
    meta = json.loads((out / "frontier.json").read_text(encoding="utf-8"))
    assert meta["rule"] == "650_green_share" and meta["timings_s"]["reuse"] is True
    assert meta["off_grid"]["status"] in ("optimal", "infeasible")  # solved by default
    lines = (out / "frontier.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 3 and lines[0].startswith("threshold_fraction,status,cost_cny_per_yr")
    assert (out / "frontier.png").stat().st_size > 10_000
    assert main(["frontier", str(scenario), "--green-share", "0.3", "--feed-in", "0.1"]) == 1


def test_reuse_updates_coefficients_of_the_self_consumption_rule(small_inputs):
    # S >= θ A puts θ on the capacity coefficients (A = Σ_g potential_g C_g): the persistent solver
    # must pass the changed coefficients on, giving what a fresh build gives.
    thresholds = [0.6, 0.9, 1.0]
    reused = sweep(small_inputs, "self_consumption", thresholds)
    rebuilt = sweep(small_inputs, "self_consumption", thresholds, reuse=False)
    assert list(reused.table["status"]) == list(rebuilt.table["status"])
    ok = reused.table["status"] == "optimal"
    assert ok.sum() >= 2
    assert np.allclose(reused.table.loc[ok, "cost_cny_per_yr"], rebuilt.table.loc[ok, "cost_cny_per_yr"], rtol=REL)
    assert np.all(reused.table.loc[ok, "self_consumption_fraction"] >= reused.table.loc[ok, "threshold_fraction"] - 1e-6)
    cost = reused.table.loc[ok, "cost_cny_per_yr"].to_numpy()
    assert np.all(np.diff(cost) >= -REL * cost[:-1])


def test_a_frontier_started_from_a_design_has_the_same_costs(small_inputs, green_front):
    # the green-share frontier again, its first point (and the rule-free optimum) started from a design
    # 30 % above the rule-free optimum's capacities (within their limits)
    from simulator.model import build_model, solve_model

    base = build_model(small_inputs)
    solve_model(base)
    above = {"gen:pv": base.gen_capacity_kw["pv"], "gen:wind": base.gen_capacity_kw["wind"],
             "storage_kwh": base.storage_energy_kwh["storage"], "storage_kw": base.storage_power_kw["storage"]}
    design = {key: min(1.3 * var.value, var.ub if var.ub is not None else float("inf")) for key, var in above.items()}
    thresholds = list(green_front.table["threshold_fraction"])
    started = sweep(small_inputs, "green_share", thresholds, start=design)
    assert started.timings_s["started_from_design"] and not green_front.timings_s["started_from_design"]
    assert list(started.table["status"]) == list(green_front.table["status"])
    ok = started.table["status"] == "optimal"
    assert np.allclose(started.table.loc[ok, "cost_cny_per_yr"], green_front.table.loc[ok, "cost_cny_per_yr"], rtol=REL)
    assert started.unconstrained["cost_cny_per_yr"] == pytest.approx(green_front.unconstrained["cost_cny_per_yr"], rel=REL)
