"""Invariants on solved one-week parks for each rule set, recomputed from the written hourly.csv."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from tolerance import solver_atol

from simulator import run
from park_fixtures import make_scenario

RULE_SETS = {
    "direct_supply_650": {},
    "direct_supply_650_2030": {"park.year": 2026, "policy.green_share_min_fraction": 0.35},
    "off_grid": {"grid.connected": False, "policy.unserved_max_fraction": 0.02},
    "zero_carbon": {"policy.direct_supply": False, "policy.zero_carbon": True},
    "zero_carbon_and_650": {"policy.zero_carbon": True},
    "no_rules_with_demand_charge": {"policy.direct_supply": False, "grid.demand_charge_cny_per_kw_month": 40.0},
}


def recompute_ratios(hourly: pd.DataFrame, dt_h: float) -> dict:
    """Ratios written out independently of simulator.results.kpi."""
    e = lambda c: hourly[c].sum() * dt_h  # noqa: E731
    available = e("pv_available_kw") + e("wind_available_kw")
    self_consumed = e("load_kw") - e("import_kw") - e("unserved_kw")
    return {"self_consumption": self_consumed / available if available else 0.0,
            "green_share": self_consumed / e("load_kw"),
            "feed_in": e("export_kw") / available if available else 0.0,
            "unserved": e("unserved_kw") / e("load_kw")}


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_invariants_of_each_rule_set(name, small_raw, tmp_path):
    scenario = make_scenario(small_raw, **RULE_SETS[name])
    result = run(scenario)
    assert result.status == "optimal", result.summary["message"]
    result.write(tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    hourly = pd.read_csv(tmp_path / "hourly.csv", index_col="timestamp")
    dt = summary["horizon"]["dt_h"]
    # contract columns and keys
    for col in ("load_kw", "pv_available_kw", "wind_available_kw", "pv_kw", "wind_kw", "storage_charge_kw",
                "storage_discharge_kw", "storage_soc_kwh", "import_kw", "export_kw", "curtailed_kw", "unserved_kw"):
        assert col in hourly.columns
    for key in ("scenario", "status", "message", "objective_cny_per_yr", "capacity", "energy", "ratios",
                "cost_cny_per_yr", "lcoe_cny_per_kwh", "co2_t_per_yr", "compliance", "timings_s", "versions"):
        assert key in summary
    assert set(summary["timings_s"]) >= {"load", "resource", "build", "solve", "extract"}
    # energy balance per step (eq. 1)
    supply = hourly[["pv_kw", "wind_kw", "storage_discharge_kw", "import_kw", "unserved_kw"]].sum(axis=1)
    demand = hourly[["load_kw", "storage_charge_kw", "export_kw"]].sum(axis=1)
    flows = hourly[["load_kw", "pv_available_kw", "wind_available_kw", "import_kw", "export_kw",
                    "storage_charge_kw", "storage_discharge_kw"]]
    atol_kw = solver_atol(flows)  # 1e-6 relative to the largest flow (tests/tolerance.py)
    assert (supply - demand).abs().max() <= atol_kw
    # delivered <= available, export only green (eq. 2, 9)
    assert (hourly["pv_kw"] <= hourly["pv_available_kw"] + atol_kw).all()
    assert (hourly["export_kw"] <= hourly["pv_kw"] + hourly["wind_kw"] + atol_kw).all()
    # SOC window and cyclic storage (eq. 3, 4)
    cap = summary["capacity"]
    st = scenario.storage
    soc = hourly["storage_soc_kwh"].to_numpy()
    atol_kwh = solver_atol(cap["storage_kwh"], flows)
    assert soc.min() >= st.soc_min_fraction * cap["storage_kwh"] - atol_kwh
    assert soc.max() <= st.soc_max_fraction * cap["storage_kwh"] + atol_kwh
    keep = (1 - st.self_discharge_per_h) ** dt
    nxt = keep * soc[-1] + dt * (st.charge_efficiency * hourly["storage_charge_kw"].iloc[0]
                                 - hourly["storage_discharge_kw"].iloc[0] / st.discharge_efficiency)
    assert soc[0] == pytest.approx(nxt, abs=atol_kwh)
    assert (hourly["storage_charge_kw"] <= cap["storage_kw"] + atol_kw).all()
    assert (hourly["import_kw"] <= cap["grid_connection_kw"] + atol_kw).all()
    # ratios recomputed from hourly.csv meet each enforced threshold
    r = recompute_ratios(hourly, dt)
    for key in ("self_consumption", "green_share", "feed_in"):
        assert summary["ratios"][key] == pytest.approx(r[key], abs=1e-9)
    limits = {row["rule"]: row for row in summary["compliance"]}
    checks = {"650_self_consumption": r["self_consumption"], "650_green_share": r["green_share"],
              "650_feed_in": r["feed_in"], "off_grid_unserved": r["unserved"],
              "910_direct_green_share": r["green_share"]}
    for rule, value in checks.items():
        if rule in limits:
            row = limits[rule]
            assert row["value"] == pytest.approx(value, abs=1e-9)
            ok = value >= row["limit"] - 1e-6 if row["sense"] == ">=" else value <= row["limit"] + 1e-6
            assert ok and row["ok"], (rule, value, row)
    if not scenario.grid.connected:
        assert hourly["import_kw"].abs().max() == 0 and hourly["export_kw"].abs().max() == 0
    # the cost breakdown recomputed from hourly results equals the solver's objective
    assert summary["cost_cny_per_yr"]["total"] == pytest.approx(summary["objective_cny_per_yr"], rel=1e-7)


def test_2030_threshold_is_used_from_2030(small_raw):
    scenario = make_scenario(small_raw, **{"park.year": 2030, "park.start": "2030-03-04"})
    assert scenario.green_share_min_fraction == pytest.approx(0.35)
    scenario = make_scenario(small_raw)
    assert scenario.green_share_min_fraction == pytest.approx(0.30)


def test_shorter_horizon_sees_the_same_hours_as_the_full_year(small_raw):
    """Resource and load of a one-week horizon are the same numbers as that week of the full year."""
    from simulator.inputs.resource import build_resource
    from simulator.inputs.load import scenario_load
    from simulator.inputs.timegrid import model_index, scenario_index

    week = make_scenario(small_raw)
    index = scenario_index(week)
    full = model_index(2026)
    res_week = build_resource(week, index).availability
    res_full = build_resource(week, full).availability.loc[index]
    np.testing.assert_allclose(res_week.to_numpy(), res_full.to_numpy())
    load_week, _ = scenario_load(week, index)
    load_full, _ = scenario_load(week, full)
    np.testing.assert_allclose(load_week.to_numpy(), load_full.loc[index].to_numpy())
