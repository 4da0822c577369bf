"""Several storage technologies, wear and one dispatch (issue 20; eq. 30-33 of docs/formulation.md).

Hand-solvable cases use discount rate 0 and lifetime 1 yr, so CRF = 1 and capex is paid once a year.
"""
from __future__ import annotations

import typing

import numpy as np
import pandas as pd
import pytest

from simulator.model import GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput, build_model, solve_model
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_hourly
from simulator.scenario.storage_schema import TECHNOLOGIES, technology_defaults
from simulator.data import default_entry

from park_fixtures import SMALL_PARK, make_scenario


def _two_technology_case():
    """Ten days: five charge days, five dark days; each day one day step and one night step, load 10 kW.

    PV is fixed at 22.5 kW. Charge days: PV 22.5 kW by day, 0 at night. Dark days: PV 20 kW by day, 0 at
    night, and the night load is 12 kW. Every night needs 10 kWh from the day before (the daily shift);
    each dark night needs 2 kWh more (the long shift, 5 x 2 = 10 kWh in all), which can only come from
    the 2.5 kW of PV left over on the charge days.

    LFP: 100 CNY/kWh, 10 CNY/kW, η = 1. Long-duration store: 1 CNY/kWh, 100 CNY/kW, η_c = 1, η_d = 0.8.
    By hand: LFP cycles 10 kWh every day, E = 10 kWh, P = 10 kW. The long store delivers 2 kW on each of
    the 5 dark nights, drawing 2 / 0.8 = 2.5 kWh each, 12.5 kWh in all, charged at 2.5 kW on the 5
    charge days: E = 12.5 kWh, P = 2.5 kW. Cost 100·10 + 10·10 + 1·12.5 + 100·2.5 = 1,362.5 CNY/yr.
    Why not otherwise: LFP carrying the long shift costs 100 CNY per kWh of its energy (1,000 for the
    10 kWh) against 26.25 per kWh via the long store; the long store taking δ kW of the daily shift
    raises its power by 1.25 δ (125 δ CNY) and saves at most (100 + 10) δ of LFP; LFP relaying energy into
    the long store at night to halve its charging power saves 100 · 0.625 x and costs 110 · 0.625 x.
    """
    n, extra = 5, 2.0
    T = 4 * n
    load = np.full(T, 10.0)
    pv = np.zeros(T)
    pv[0:2 * n:2] = 22.5
    pv[2 * n::2] = 20.0
    load[2 * n + 1::2] = 10.0 + extra
    gen = GeneratorInput("pv", "pv", pv / 22.5, 0.0, 0.0, 1, existing_kw=22.5, max_kw=22.5)
    lfp = StorageInput(100.0, 10.0, 0.0, 0.0, 1, 1.0, 1.0, 0.0, 0.0, 1.0, name="lfp")
    long = StorageInput(1.0, 100.0, 0.0, 0.0, 1, 1.0, 0.8, 0.0, 0.0, 1.0, name="long")
    return ModelInputs(1.0, load, [gen], None, GridInput(False, np.zeros(T), np.zeros(T)),
                       PolicyInput(direct_supply_rules=()), 0.0, storage_types=[lfp, long])


def _index(inp):
    return pd.date_range("2026-01-01", periods=inp.n_steps, freq="h", tz="Asia/Shanghai")


def test_long_store_takes_the_long_shift_and_lfp_the_daily_one():
    inp = _two_technology_case()
    m = build_model(inp)
    info = solve_model(m)
    assert info.status == "optimal"
    assert info.objective_cny_per_yr == pytest.approx(1362.5, rel=1e-9)
    cap = extract_capacities(m, inp)
    assert cap["storage_lfp_kwh"] == pytest.approx(10.0, rel=1e-9)
    assert cap["storage_lfp_kw"] == pytest.approx(10.0, rel=1e-9)
    assert cap["storage_long_kwh"] == pytest.approx(12.5, rel=1e-9)
    assert cap["storage_long_kw"] == pytest.approx(2.5, rel=1e-9)
    assert cap["storage_kwh"] == pytest.approx(22.5, rel=1e-9)  # contract totals
    assert cap["storage_kw"] == pytest.approx(12.5, rel=1e-9)
    hourly = extract_hourly(m, inp, _index(inp))
    for flow in ("charge_kw", "discharge_kw", "soc_kwh"):  # totals = sum of the technologies' columns
        np.testing.assert_allclose(hourly[f"storage_{flow}"],
                                   hourly[f"storage_lfp_{flow}"] + hourly[f"storage_long_{flow}"], atol=1e-9)
    assert kpi.balance_residual_kw(hourly) <= kpi.balance_tolerance_kw(hourly)
    assert kpi.costs(inp, cap, hourly, 0.0)["total"] == pytest.approx(1362.5, rel=1e-9)


def _night_shift(**storage_kw):
    # load 100 kW in 4 steps, PV only in steps 1 and 2 (test_hand_solvable.test_storage_shifts_pv_to_the_night):
    # PV 200 kW, E = 200 kWh, cost 200·100 + 200·10 = 22,000 CNY/yr; 200 kWh discharged per horizon
    st = StorageInput(100.0, 0.0, 0.0, 0.0, 10, 1.0, 1.0, 0.0, 0.0, 1.0, **storage_kw)
    gen = GeneratorInput("pv", "pv", np.array([0, 1, 1, 0.0]), 1000.0, 0.0, 10)
    return ModelInputs(1.0, np.full(4, 100.0), [gen], st, GridInput(True, np.full(4, 1.0), np.zeros(4)),
                       PolicyInput(direct_supply_rules=()), 0.0)


def test_throughput_cost_is_in_the_objective_and_the_breakdown():
    # k = 8760 / 4 = 2190; wear = 0.01 CNY/kWh x 200 kWh x 2190 = 4,380 CNY/yr; the sizes do not change
    # (grid power costs 2190 CNY per kWh of the horizon)
    inp = _night_shift(throughput_cost_cny_per_kwh=0.01)
    m = build_model(inp)
    info = solve_model(m)
    assert info.objective_cny_per_yr == pytest.approx(22_000.0 + 4_380.0, rel=1e-9)
    hourly = extract_hourly(m, inp, _index(inp))
    cost = kpi.costs(inp, extract_capacities(m, inp), hourly, 0.0)
    assert cost["storage_wear"] == pytest.approx(4_380.0, rel=1e-9)
    assert cost["total"] == pytest.approx(info.objective_cny_per_yr, rel=1e-9)


def test_cycle_cap_sizes_the_energy():
    # 200 kWh discharged per horizon = 438,000 kWh/yr; at most 1,000 full cycles/yr needs E >= 438 kWh:
    # cost 200·100 + 438·10 = 24,380 CNY/yr
    inp = _night_shift(max_cycles_per_yr=1000.0)
    m = build_model(inp)
    info = solve_model(m)
    assert m.storage_energy_kwh["storage"].value == pytest.approx(438.0, rel=1e-9)
    assert info.objective_cny_per_yr == pytest.approx(24_380.0, rel=1e-9)


@pytest.mark.parametrize("wear", [0.0, 0.05])
def test_offgrid_week_has_one_dispatch(wear):
    """Off-grid PV + storage week with curtailment: no step charges and discharges at once, with or
    without wear; balance, SOC window and the objective hold (eq. 32-33)."""
    from simulator.results.run import run

    sc = make_scenario(SMALL_PARK, **{"grid.connected": False, "policy.unserved_max_fraction": 0.05,
                                      "policy.value_of_lost_load_cny_per_kwh": 0.8, "wind.enabled": False,
                                      "pv.max_kw": 300_000, "storage.throughput_cost_cny_per_kwh": wear})
    result = run(sc)
    assert result.status == "optimal"
    h, cap, summary = result.hourly, result.capacity, result.summary
    one = summary["solver"]["one_dispatch"]
    assert one["simultaneous_steps"] == 0 and summary["checks"]["storage_simultaneous_steps"] == 0
    # netted exactly where curtailment takes the surplus (eq. 32); a second solve only for what is left
    assert (one["simultaneous_steps_before"] == 0) == (one["status"] == "not_needed")
    if one["simultaneous_steps_before"]:
        assert one["netted_steps"] > 0 and one["netting_max_residual"] <= 1e-9 * cap["storage_kw"]
    tol = 1e-6 * cap["storage_kw"]
    assert int(((h["storage_charge_kw"] > tol) & (h["storage_discharge_kw"] > tol)).sum()) == 0
    assert h["curtailed_kw"].sum() > 0  # the case has a surplus to curtail
    assert kpi.balance_residual_kw(h) <= kpi.balance_tolerance_kw(h)
    st = sc.storage
    assert (h["storage_soc_kwh"] >= st.soc_min_fraction * cap["storage_kwh"] - tol).all()
    assert (h["storage_soc_kwh"] <= st.soc_max_fraction * cap["storage_kwh"] + tol).all()
    first = one["objective_cny_per_yr"] - one["objective_change_cny_per_yr"]
    assert abs(one["objective_change_cny_per_yr"]) <= 1e-7 * abs(first)
    assert summary["objective_cny_per_yr"] == pytest.approx(first, rel=1e-7)
    assert abs(summary["checks"]["objective_minus_cost_total_cny_per_yr"]) <= 1e-7 * abs(first)
    assert ("storage_wear" in summary["cost_cny_per_yr"]) == (wear > 0)
    if wear > 0:
        k = 8760.0 / len(h)
        assert summary["cost_cny_per_yr"]["storage_wear"] == pytest.approx(
            wear * k * h["storage_discharge_kw"].sum(), rel=1e-9)


def test_storage_types_from_a_scenario_take_technology_defaults():
    sc = make_scenario(SMALL_PARK, **{"storage.types": [
        {"name": "lfp2", "technology": "lfp_2h"},
        {"name": "hydro", "technology": "pumped_hydro", "max_kw": 5000.0, "lifetime_yr": 50}]})
    from simulator.inputs.assemble import model_inputs

    index = pd.date_range("2026-03-02", periods=24, freq="h", tz="Asia/Shanghai")
    inp = model_inputs(sc, pd.Series(1000.0, index=index), pd.DataFrame({"pv": 0.5, "wind": 0.3}, index=index))
    assert inp.storage is None and [s.name for s in inp.stores] == ["lfp2", "hydro"]
    lfp, hydro = inp.stores
    assert lfp.energy_capex_cny_per_kwh == technology_defaults("lfp_2h")["energy_capex_cny_per_kwh"]
    assert lfp.min_duration_h == lfp.max_duration_h == 2.0
    assert hydro.lifetime_yr == 50 and hydro.max_kw == 5000.0
    # the technology's value comes before the [storage] section's (max_duration_h = 8 in SMALL_PARK)
    assert hydro.max_duration_h == technology_defaults("pumped_hydro")["max_duration_h"] == 24.0


def test_shipped_technologies_are_complete_and_tagged():
    for tech in TECHNOLOGIES:
        values = technology_defaults(tech)
        assert {"energy_capex_cny_per_kwh", "power_capex_cny_per_kw", "charge_efficiency",
                "discharge_efficiency", "lifetime_yr", "throughput_cost_cny_per_kwh"} <= set(values)
        for key in values:
            assert default_entry(f"storage_{tech}.{key}").tag in ("C1", "C2", "D", "U")
    # the LFP wear cost is the arithmetic its source text shows: 0.6 x capex / (6,000 x 0.90)
    for tech in ("lfp_2h", "lfp_4h"):
        v = technology_defaults(tech)
        assert v["throughput_cost_cny_per_kwh"] == pytest.approx(0.6 * v["energy_capex_cny_per_kwh"] / 5400, abs=5e-5)


#: LFP 4 h and a flow battery both made cheap per kWh (illustrative, so that both are built on the small park
#: under the placeholder tariff: about 13 MWh LFP and 53 MWh flow)
TWO_TYPES = {"storage.types": [{"name": "lfp", "technology": "lfp_4h", "energy_capex_cny_per_kwh": 300.0},
                               {"name": "flow", "technology": "vanadium_flow", "energy_capex_cny_per_kwh": 250.0,
                                "power_capex_cny_per_kw": 1500.0}]}


def test_several_types_keep_the_optimum_with_warm_start_and_screening():
    """The typical-period start (model/warm.py) and screening (model/screening.py) work with two
    technologies: the warm-started exact solve has the cold optimum; screening reports every type."""
    from simulator.results.run import run

    cold = run(make_scenario(SMALL_PARK, **TWO_TYPES, **{"solver.warm_start": "none"}))
    warm = run(make_scenario(SMALL_PARK, **TWO_TYPES, **{"solver.warm_start": "typical_periods",
                                                         "solver.typical_periods": 3}))
    assert cold.status == warm.status == "optimal"
    assert warm.summary["solver"]["warm_start"]["used"]
    assert set(warm.summary["solver"]["warm_start"]["design_capacities"]) >= {
        "storage_lfp_kwh", "storage_lfp_kw", "storage_flow_kwh", "storage_flow_kw"}
    assert warm.summary["objective_cny_per_yr"] == pytest.approx(cold.summary["objective_cny_per_yr"], rel=1e-7)
    for res in (cold, warm):
        cap, h = res.capacity, res.hourly
        # no technology charges and discharges at once; transfers between them are counted, not hidden
        for name in ("lfp", "flow"):
            tol = 1e-6 * cap[f"storage_{name}_kw"]
            assert not ((h[f"storage_{name}_charge_kw"] > tol) & (h[f"storage_{name}_discharge_kw"] > tol)).any()
        tol = 1e-6 * cap["storage_kw"]
        both = int(((h["storage_charge_kw"] > tol) & (h["storage_discharge_kw"] > tol)).sum())
        assert res.summary["checks"]["storage_simultaneous_steps"] == 0
        assert res.summary["checks"]["storage_transfer_steps"] == both
        assert cap["storage_lfp_kwh"] > 0.01 * cap["storage_kwh"] and cap["storage_flow_kwh"] > 0.01 * cap["storage_kwh"]
        assert cap["storage_kwh"] == pytest.approx(cap["storage_lfp_kwh"] + cap["storage_flow_kwh"], rel=1e-12)
        # LFP 4 h: E = 4 P (duration bounds of the technology)
        assert cap["storage_lfp_kwh"] == pytest.approx(4.0 * cap["storage_lfp_kw"], rel=1e-7, abs=1e-6 * cap["storage_kw"] + 1e-9)
        assert abs(res.summary["checks"]["objective_minus_cost_total_cny_per_yr"]) <= 1e-7 * res.summary["objective_cny_per_yr"]
        assert "storage_wear" in res.summary["cost_cny_per_yr"]
        kp, k = res.summary["kpi"], 8760.0 / len(h)
        for name in ("lfp", "flow"):  # per-technology cycles recomputed from the hourly columns
            cycles = h[f"storage_{name}_discharge_kw"].sum() * k / cap[f"storage_{name}_kwh"]
            assert kp[f"storage_{name}_cycles_per_yr"] == pytest.approx(cycles, rel=1e-9)
        np.testing.assert_allclose(h["storage_discharge_kw"], h["storage_lfp_discharge_kw"] + h["storage_flow_discharge_kw"],
                                   atol=1e-9 * max(1.0, cap["storage_kw"]))
    screened = run(make_scenario(SMALL_PARK, **TWO_TYPES, **{"solver.time_reduction": "typical_periods",
                                                             "solver.typical_periods": 3}))
    assert screened.status == "optimal"
    block = screened.summary["time_reduction"]
    design, fixed = block["reduced_capacities"], block["screened_capacities"]
    for key in ("storage_lfp_kwh", "storage_lfp_kw", "storage_flow_kwh", "storage_flow_kw"):
        # each type's sized storage times the factor (grid-connected), fixed in the year's dispatch
        assert fixed[key] == pytest.approx(design[key] * block["storage_factor"], rel=1e-12)
        assert screened.capacity[key] == pytest.approx(fixed[key], rel=1e-9, abs=1e-6)
    assert block["storage_factor"] > 1.0


@pytest.mark.parametrize("types, fragment", [
    ([{"name": "a", "technology": "lead_acid"}], "technology"),
    ([{"name": "storage"}], "name"),
    ([{"name": "a"}, {"name": "a"}], "unique"),
    ([{"name": "a", "soc_min_fraction": 0.99}], "soc_min_fraction"),
])
def test_bad_storage_types_are_one_line_input_errors(types, fragment):
    from simulator.errors import InputError

    with pytest.raises(InputError) as err:
        make_scenario(SMALL_PARK, **{"storage.types": types})
    assert fragment in str(err.value) and "\n" not in str(err.value).strip()


def _numeric_type_fields():
    from simulator.scenario.storage_schema import StorageType

    out = []
    for name, info in StorageType.model_fields.items():
        args = [a for a in typing.get_args(info.annotation) if a is not type(None)] or [info.annotation]
        base = args[0]
        while typing.get_origin(base) is typing.Annotated:
            base = typing.get_args(base)[0]
        if base in (int, float):
            out.append(name)
    return out


@pytest.mark.parametrize("field", _numeric_type_fields())
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 1e30])
def test_every_number_of_a_storage_type_is_range_checked_with_its_key(field, value):
    from simulator.errors import InputError

    with pytest.raises(InputError) as err:
        make_scenario(SMALL_PARK, **{"storage.types": [{"name": "a", field: value}]})
    assert f"storage.types[0].{field}" in str(err.value)
