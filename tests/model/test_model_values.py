"""Results read from the solution arrays by column index (ModelValues: the Pyomo model dropped before HiGHS
runs, docs/speed.md) are those of the Pyomo path: same capacities, optimum, one dispatch and hourly table."""
from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
import pyomo.environ as pyo

from simulator.errors import SolverError
from simulator.model import build_model, dispatch, solve_model
from simulator.model.direct import DirectModel, compile_lp, free_heap, fresh_instance, run_logged
from simulator.model.dispatch import single_dispatch
from simulator.model.screening import capacity_vars
from simulator.model.settings import SolverSettings
from simulator.model.values import ModelValues
from simulator.model.warm import solve_from_design
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs


def _inputs(**overrides):
    sc = make_scenario(SMALL_PARK, **overrides)
    index, inp = scenario_inputs(sc)
    return inp, index


def _same_results(pyomo_model, values, inp, index, a, b):
    """Capacities, objective (1e-9 relative) and the hourly table (1e-6 of the peak load) agree."""
    assert a.status == b.status == "optimal"
    assert b.objective_cny_per_yr == pytest.approx(a.objective_cny_per_yr, rel=1e-9)
    one_a = single_dispatch(pyomo_model, inp, a.objective_cny_per_yr, solved=a.solved)
    one_b = single_dispatch(values, inp, b.objective_cny_per_yr, solved=b.solved)
    assert one_b["objective_cny_per_yr"] == pytest.approx(one_a["objective_cny_per_yr"], rel=1e-9)
    for key in ("simultaneous_steps_before", "simultaneous_steps", "transfer_steps", "second_solve"):
        assert one_b[key] == one_a[key], key
    peak_kw = float(inp.load_kw.max())
    cap_a, cap_b = extract_capacities(pyomo_model, inp), extract_capacities(values, inp)
    assert cap_a.keys() == cap_b.keys()
    for key in cap_a:
        assert cap_b[key] == pytest.approx(cap_a[key], rel=1e-9, abs=1e-9 * peak_kw), key
    ha, hb = extract_hourly(pyomo_model, inp, index), extract_hourly(values, inp, index)
    assert list(ha.columns) == list(hb.columns)
    numeric = ha.select_dtypes("number").columns
    assert float((ha[numeric] - hb[numeric]).abs().max().max()) <= 1e-6 * peak_kw
    assert extract_green_purchase_kwh(values) == pytest.approx(extract_green_purchase_kwh(pyomo_model), rel=1e-9)
    # the objective ModelValues recomputes from the column costs is the Pyomo objective at the same values
    assert values.objective == pytest.approx(float(pyo.value(pyomo_model.objective)), rel=1e-9)
    return one_a, one_b


def test_values_of_a_warm_started_solve_match_the_pyomo_model_and_the_model_is_freed():
    inp, index = _inputs()
    kept = build_model(inp)
    a = solve_model(kept, keep_instance=True)  # the optimum to start from, moved off it: a real warm start
    caps = {f"gen:{g.name}": 0.8 * float(kept.gen_capacity_kw[g.name].value) for g in inp.generators}
    caps.update({"storage_kwh": 0.8 * float(kept.storage_energy_kwh["storage"].value),
                 "storage_kw": 0.8 * float(kept.storage_power_kw["storage"].value)})
    pyomo_model = build_model(inp)
    a = solve_from_design(pyomo_model, capacity_vars(pyomo_model, caps), keep_instance=True)
    dropped = build_model(inp)
    alive = weakref.ref(dropped)
    values = ModelValues.compile(dropped)
    del dropped
    gc.collect()
    assert alive() is None  # nothing of the Pyomo model is held by the values
    b = solve_from_design(values, capacity_vars(values, caps), keep_instance=True, release=True)
    assert b.warm_start["used"] is True and (b.warm_start["n_start_columns"] == a.warm_start["n_start_columns"]
            == len(inp.generators) + 2)
    _same_results(pyomo_model, values, inp, index, a, b)
    with pytest.raises(SolverError, match="dropped"):
        compile_lp(values)


def test_values_of_a_cold_solve_with_netting_match_the_pyomo_model():
    # an export allowance makes burning surplus in the store worth nothing: the one dispatch nets steps
    inp, index = _inputs(**{"grid.export_max_kw": 5_000})
    pyomo_model = build_model(inp)
    a = solve_model(pyomo_model, keep_instance=True)
    values = ModelValues.compile(build_model(inp))
    b = solve_model(values, keep_instance=True, release=True)
    one_a, one_b = _same_results(pyomo_model, values, inp, index, a, b)
    assert one_a["netted_steps"] == one_b["netted_steps"] > 0  # the netting read the kept rows of the values
    assert one_b["netting_max_residual"] <= 1e-9 * float(inp.load_kw.max())


def test_values_of_a_lexicographic_second_solve_match_the_pyomo_model(monkeypatch):
    # off grid, storage throughput free, netting off: every simultaneous step goes to the second solve (eq. 33-34)
    inp, index = _inputs(**{"grid.connected": False, "policy.unserved_max_fraction": 0.05,
                            "policy.value_of_lost_load_cny_per_kwh": 0.8, "pv.max_kw": 300_000,
                            "storage.throughput_cost_cny_per_kwh": 0.0})
    monkeypatch.setattr(dispatch, "net_flows", lambda m, inp: (0, 0.0))
    cold = build_model(inp)
    solve_model(cold)
    caps = {"gen:pv": 1.2 * float(cold.gen_capacity_kw["pv"].value)}  # a design 20 % above the optimum
    pyomo_model = build_model(inp)
    a = solve_from_design(pyomo_model, capacity_vars(pyomo_model, caps), keep_instance=True)
    values = ModelValues.compile(build_model(inp))
    b = solve_from_design(values, capacity_vars(values, caps), keep_instance=True)
    assert a.warm_start["used"] and b.warm_start["used"] and b.solved.shift_idx.size == 1
    one_a, one_b = _same_results(pyomo_model, values, inp, index, a, b)
    assert one_a["second_solve"] is True and one_a["status"] == one_b["status"] == "optimal"


def test_values_answer_reads_by_key_like_the_model():
    inp, _ = _inputs()
    m = build_model(inp)
    values = ModelValues.compile(m)
    n = inp.n_steps
    assert tuple(values.T) == tuple(m.T) and tuple(values.G) == tuple(m.G)
    g = inp.generators[0].name
    # a column knows its position; the same variable read through the model and the values
    lp, columns, _ = compile_lp(values)
    assert len(columns) == lp.num_col_
    x = np.arange(lp.num_col_, dtype=float)
    values.load(x)
    j = values.gen_kw[g, n - 1].column
    assert j >= 0 and values.gen_kw[g, n - 1].value == float(j)
    assert columns[j].name == m.gen_kw[g, n - 1].name
    assert values.import_kw[3].value == float(values.import_kw[3].column)
    with pytest.raises(KeyError):
        values.gen_kw[g, n]  # noqa: B018 - past the horizon
    with pytest.raises(AttributeError):
        values.no_such_variable  # noqa: B018


def test_a_fresh_instance_restarts_from_the_optimal_basis():
    inp, _ = _inputs()
    direct = DirectModel(build_model(inp))
    first = direct.solve()
    new = fresh_instance(direct.highs)
    assert new is not direct.highs and new.getBasis().valid
    again = run_logged(new, SolverSettings(), solver="simplex")
    assert again.status == first.status == "optimal"
    assert again.objective_cny_per_yr == pytest.approx(first.objective_cny_per_yr, rel=1e-9)
    assert again.simplex_iterations == 0  # the basis came along: nothing left to pivot


def test_a_dropped_instance_that_ran_is_freed_without_a_collection():
    """run_logged leaves no reference cycle behind: the instance is freed when dropped (no gc.collect)."""
    inp, _ = _inputs()
    direct = DirectModel(build_model(inp))
    highs = direct.highs
    first = run_logged(highs, SolverSettings(), solver="simplex")
    second = run_logged(highs, SolverSettings(), solver="simplex")  # a second run subscribes no second handler
    assert first.status == second.status == "optimal"
    assert highs.HandleKeyboardInterrupt is False  # unsubscribed after each run: no handler left behind
    assert not highs.cbSimplexInterrupt.callbacks and not highs.cbIpmInterrupt.callbacks
    alive = weakref.ref(highs)
    gc.disable()
    try:
        del highs, direct
        assert alive() is None
    finally:
        gc.enable()


def test_free_heap_frees_a_dropped_pyomo_model():
    """A Pyomo model is a reference cycle (scalar components hold themselves; rules close over the model)."""
    inp, _ = _inputs()
    m = build_model(inp)
    alive = weakref.ref(m)
    gc.disable()
    try:
        del m
        assert alive() is not None  # not freed by reference counting alone
        free_heap()
        assert alive() is None
    finally:
        gc.enable()