"""The start design sized on a helper thread (simulator.model.background), quiet HiGHS runs, and the
heap frozen for a run (simulator.model.direct.heap_frozen)."""
from __future__ import annotations

import gc
import importlib
import threading

import pytest
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs

from simulator.model import build_model
from simulator.model.background import PendingDesign, begin_start_design
from simulator.model.direct import DirectModel, heap_frozen, run_logged
from simulator.model.screening import start_design
from simulator.model.settings import SolverSettings

OFF_GRID = {"park.days": 14, "grid.connected": False, "policy.direct_supply": False,
            "policy.unserved_max_fraction": 0.01, "solver.typical_periods": 3, "solver.period_hours": 24}


def _scenario(**extra):
    return make_scenario(SMALL_PARK, **{**OFF_GRID, **extra})


def test_a_single_sizing_runs_on_a_helper_thread_and_gives_the_design_start_design_gives():
    sc = _scenario()
    index, inp = scenario_inputs(sc)
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    assert pending._thread is not None and pending._thread.name == "zcpark-start-design"
    design = pending.result()
    assert pending._thread is None and not any(t.name == "zcpark-start-design" for t in threading.enumerate())
    same = start_design(inp, index, sc.solver, SolverSettings())
    assert design is not None and same is not None
    # the same LP with the same options: the same optimum, and the same vertex (capacities to 1e-9 of the peak)
    assert design.objective_cny_per_yr == pytest.approx(same.objective_cny_per_yr, rel=1e-9)
    peak_kw = float(inp.load_kw.max())
    assert set(design.capacities) == set(same.capacities)
    for key, value in design.capacities.items():
        assert value == pytest.approx(same.capacities[key], abs=1e-9 * peak_kw * 24), key
    assert design.medoids == same.medoids and design.solve_s > 0.0
    assert pending.result() is design  # asked again: the same design, no second run


def test_several_sizings_and_no_start_are_made_before_the_call_returns():
    # grid-connected with a capacity charge and room for the peak periods: each round needs the last design
    sc = make_scenario(SMALL_PARK, **{"park.days": 28, "policy.direct_supply": True, "solver.typical_periods": 7,
                                      "solver.period_hours": 24, "solver.warm_start": "typical_periods"})
    index, inp = scenario_inputs(sc)
    assert inp.grid.capacity_charge_cny_per_kw_month > 0 or inp.grid.demand_charge_cny_per_kw_month > 0
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    assert pending._thread is None and pending.result() is not None and pending.result().peak_periods
    # no warm start wanted: nothing sized, no thread
    sc = _scenario(**{"solver.warm_start": "none"})
    index, inp = scenario_inputs(sc)
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    assert pending._thread is None and pending.result() is None
    # a thread can be declined (run does for horizons longer than a year of hours)
    sc = _scenario()
    index, inp = scenario_inputs(sc)
    pending = begin_start_design(inp, index, sc.solver, SolverSettings(), background=False)
    assert pending._thread is None and pending.result() is not None


def test_cancel_waits_for_the_run_and_drops_the_design():
    sc = _scenario()
    index, inp = scenario_inputs(sc)
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    thread = pending._thread
    pending.cancel()
    assert not thread.is_alive() and pending.result() is None


def test_a_failed_full_build_leaves_no_thread_and_no_freeze(monkeypatch):
    run_module = importlib.import_module("simulator.results.run")  # the module (the package exports run)

    def broken(*_args, **_kwargs):
        raise RuntimeError("build failed")

    monkeypatch.setattr(run_module, "build_model", broken)
    with pytest.raises(RuntimeError, match="build failed"):
        run_module.run(_scenario())
    assert not any(t.name == "zcpark-start-design" for t in threading.enumerate())
    assert gc.get_freeze_count() == 0  # the run's freeze is undone on the way out


def test_run_with_the_start_on_a_helper_thread_reaches_the_cold_optimum():
    # grid-connected without a capacity or demand charge: a single sizing, so on the helper thread
    from simulator import run

    no_charge = {"park.days": 14, "grid.capacity_charge_cny_per_kw_month": 0.0,
                 "grid.demand_charge_cny_per_kw_month": 0.0, "policy.direct_supply": True,
                 "solver.typical_periods": 3, "solver.period_hours": 24}
    warm = run(make_scenario(SMALL_PARK, **no_charge, **{"solver.warm_start": "typical_periods"}))
    cold = run(make_scenario(SMALL_PARK, **no_charge, **{"solver.warm_start": "none"}))
    assert warm.status == cold.status == "optimal"
    assert warm.summary["solver"]["warm_start"]["used"]
    assert warm.summary["objective_cny_per_yr"] == pytest.approx(cold.summary["objective_cny_per_yr"], rel=1e-9)


def test_a_quiet_run_has_no_log_and_no_callback_a_logged_run_has_both_in_turn():
    sc = _scenario()
    _, inp = scenario_inputs(sc)
    direct = DirectModel(build_model(inp))
    quiet = run_logged(direct.highs, SolverSettings(), quiet=True, solver="simplex")
    assert quiet.status == "optimal" and quiet.log == ""
    direct = DirectModel(build_model(inp))
    echoed = []

    class Stream:
        def write(self, text):
            echoed.append(text)

    logged = run_logged(direct.highs, SolverSettings(), [Stream()], solver="simplex")
    assert logged.status == "optimal"
    assert logged.objective_cny_per_yr == pytest.approx(quiet.objective_cny_per_yr, rel=1e-9)
    assert "Model status" in logged.log and "".join(echoed) == logged.log  # the callback's lines, echoed as kept
    assert not direct.highs.cbLogging.callbacks and not direct.highs.cbSimplexInterrupt.callbacks


def test_heap_frozen_freezes_for_the_block_and_leaves_an_earlier_freeze_alone():
    assert gc.get_freeze_count() == 0
    with heap_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a study worker's (simulator.studies.batch.preload)
    try:
        before = gc.get_freeze_count()
        with heap_frozen():
            pass
        assert gc.get_freeze_count() == before  # not undone by the block
    finally:
        gc.unfreeze()


def test_pending_design_without_a_run_gives_what_it_was_given():
    assert PendingDesign().result() is None
