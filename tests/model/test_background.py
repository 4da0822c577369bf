"""The start design sized on a helper thread (simulator.model.background), quiet HiGHS runs, and the
heap frozen for a run (simulator.model.direct.heap_frozen)."""
from __future__ import annotations

import gc
import importlib
import threading
import weakref

import pytest
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs

from simulator.model import build_model
from simulator.model.background import PendingDesign, begin_start_design
from simulator.errors import SolverError
from simulator.model.direct import DirectModel, free_heap, heap_frozen, run_logged
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


def test_run_with_the_start_on_a_helper_thread_reaches_the_cold_optimum(monkeypatch):
    # off grid: a single sizing, so on the helper thread
    from simulator import run

    threads = []
    original = DirectModel.solve

    def spy(self, *args, **kwargs):
        threads.append((threading.current_thread().name, kwargs.get("quiet", False)))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DirectModel, "solve", spy)
    warm = run(_scenario(**{"solver.warm_start": "typical_periods"}))
    assert threads == [("zcpark-start-design", True)]  # the sizing, quiet, on the helper thread; nothing else
    cold = run(_scenario(**{"solver.warm_start": "none"}))
    assert warm.status == cold.status == "optimal"
    assert warm.summary["solver"]["warm_start"]["used"]
    assert warm.summary["solver"]["warm_start"]["design_sizing_options"]["solver"] == "ipx"  # off grid: as set
    assert ("zcpark-start-design", True) not in threads[1:]  # the cold run has no start design

    def lp_optimum(result):  # the reported objective less the one-dispatch second solve's allowance (eq. 33)
        one = result.summary["solver"].get("one_dispatch") or {}
        return result.summary["objective_cny_per_yr"] - one.get("objective_change_cny_per_yr", 0.0)

    assert lp_optimum(warm) == pytest.approx(lp_optimum(cold), rel=1e-9)


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


def test_the_typical_period_model_is_let_go_once_the_design_is_read():
    sc = _scenario()
    index, inp = scenario_inputs(sc)
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    model = weakref.ref(pending._sizing.model)
    assert pending.result() is not None
    free_heap()  # a Pyomo model is a reference cycle: freed by a collection, if nothing holds it
    assert model() is None


def test_a_failure_on_the_helper_thread_reaches_the_caller_a_solver_failure_means_no_start(monkeypatch):
    sc = _scenario()
    index, inp = scenario_inputs(sc)

    def broken(*_args, **_kwargs):
        raise ValueError("HiGHS exploded")

    monkeypatch.setattr(DirectModel, "solve", broken)
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    for _ in range(2):  # raised at every call, not only the first
        with pytest.raises(ValueError, match="exploded"):
            pending.result()

    def refused(*_args, **_kwargs):
        raise SolverError("HiGHS failed")

    monkeypatch.setattr(DirectModel, "solve", refused)
    assert begin_start_design(inp, index, sc.solver, SolverSettings()).result() is None

    monkeypatch.undo()
    original = DirectModel.solve

    def infeasible(self, *args, **kwargs):
        info = original(self, *args, **kwargs)
        info.status = "infeasible"
        return info

    monkeypatch.setattr(DirectModel, "solve", infeasible)
    assert begin_start_design(inp, index, sc.solver, SolverSettings()).result() is None  # as start_design


def test_a_block_in_another_thread_freezes_nothing_and_its_collections_freeze_nothing():
    inside, leave = threading.Event(), threading.Event()

    def first_run():
        with heap_frozen():
            inside.set()
            leave.wait(30)

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert inside.wait(30)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with heap_frozen():  # a second run, on this thread: no freeze of its own
            garbage = [object() for _ in range(1000)]
            free_heap()  # its collection freezes nothing while the other run is in its block
            assert gc.get_freeze_count() == frozen
            del garbage
    finally:
        leave.set()
        thread.join()
    assert gc.get_freeze_count() == 0


def test_a_stream_that_fails_is_dropped_and_the_run_and_its_log_go_on():
    _, inp = scenario_inputs(_scenario())
    direct = DirectModel(build_model(inp))
    kept = []

    class Broken:
        def write(self, _text):
            raise BrokenPipeError("reader gone")

    class Kept:
        def write(self, text):
            kept.append(text)

        def flush(self):
            pass

    info = run_logged(direct.highs, SolverSettings(), [Broken(), Kept()], solver="simplex")
    assert info.status == "optimal" and "Model status" in info.log and "".join(kept) == info.log


def test_pdlp_prints_past_the_logging_callback_and_is_captured_into_the_log(capfd):
    _, inp = scenario_inputs(make_scenario(SMALL_PARK, **{"park.days": 2}))
    direct = DirectModel(build_model(inp))
    info = run_logged(direct.highs, SolverSettings(), solver="pdlp")
    assert info.status == "optimal"
    assert "Number of iterations" in info.log  # PDLP's own summary, printed to stdout
    assert "Number of iterations" not in capfd.readouterr().out  # and not left on the console


def test_a_grid_connected_single_sizing_is_priced_as_start_design_prices_it(monkeypatch):
    """Grid-connected without a capacity or demand charge the start design is one sizing, on the helper
    thread: by dual simplex priced by Devex (settings.sizing_settings) as start_design sizes it, to the
    same design."""
    direct_module = importlib.import_module("simulator.model.direct")
    seen = []
    original = direct_module._set_options

    def spy(highs, settings, **extra):
        original(highs, settings, **extra)
        seen.append((threading.current_thread().name, highs.getOptionValue("solver")[1],
                     highs.getOptionValue("simplex_dual_edge_weight_strategy")[1]))

    monkeypatch.setattr(direct_module, "_set_options", spy)
    sc = make_scenario(SMALL_PARK, **{"park.days": 14, "solver.typical_periods": 3, "solver.period_hours": 24,
                                      "grid.capacity_charge_cny_per_kw_month": 0.0, "grid.td_basis": "energy",
                                      "grid.demand_charge_cny_per_kw_month": 0.0})
    index, inp = scenario_inputs(sc)
    assert inp.grid.connected and len(inp.stores) == 1
    pending = begin_start_design(inp, index, sc.solver, SolverSettings())
    assert pending._thread is not None  # a single sizing: on the helper thread
    design = pending.result()
    same = start_design(inp, index, sc.solver, SolverSettings())
    assert seen == [("zcpark-start-design", "simplex", 1), (threading.current_thread().name, "simplex", 1)]
    assert design is not None and same is not None
    assert design.objective_cny_per_yr == pytest.approx(same.objective_cny_per_yr, rel=1e-9)
    peak_kw = float(inp.load_kw.max())
    for key, value in design.capacities.items():
        assert value == pytest.approx(same.capacities[key], abs=1e-9 * peak_kw * 24), key
