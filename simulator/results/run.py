"""The end-to-end run: scenario -> load and resource -> model -> solve -> results.

``run(scenario)`` returns a :class:`Result`; ``Result.write(folder)`` writes the output contract
(``summary.json``, ``hourly.csv``, ``hourly.parquet``) atomically.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from simulator.inputs.assemble import model_inputs

from simulator.model.solve import solver_settings
from simulator.errors import SolverError
from simulator.inputs.load import ParkLoad, scenario_load
from simulator.inputs.precheck import check_scenario
from simulator.model import active_rules, build_model, solve_model, write_lp
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.solve import dispatch_settings, sizing_settings
from simulator.model.dispatch import single_dispatch
from simulator.model.direct import OVERLAP_MAX_STEPS, free_heap, heap_frozen, trim_heap
from simulator.model.values import ModelValues
from simulator.inputs.resource import Resource, build_resource
from simulator.results.summary import base_summary, screening_report, summarise
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from simulator.results.write import (RUN_FILES, FolderCommit, check_output_folder, clean_legacy_leftovers, file_table,
                                     write_hourly, write_json, write_table, write_text)
from simulator.scenario import Scenario
from simulator.inputs.timegrid import scenario_index


@dataclass
class Result:
    """Outcome of one scenario run.

    Attributes
    ----------
    scenario : Scenario
    summary : dict
        The ``summary.json`` content (the output contract in docs/architecture.md).
    hourly : pandas.DataFrame or None
        Per-step results (None when not optimal).
    load : ParkLoad or None
        Per-enterprise profiles (None when the load came from a CSV).
    load_kw : pandas.Series or None
        Park load on the model index [kW].
    resource : Resource or None
    inputs : ModelInputs or None
    solver_log : str
    enterprises : pandas.DataFrame or None
        Per-enterprise green power, bill and CO2 (``results.allocation``; None without enterprises).
    """

    scenario: Scenario
    summary: dict
    hourly: pd.DataFrame | None = None
    load: ParkLoad | None = None
    load_kw: pd.Series | None = None
    resource: Resource | None = None
    inputs: ModelInputs | None = None
    solver_log: str = ""
    extra_files: dict = field(default_factory=dict)
    enterprises: pd.DataFrame | None = None

    @property
    def status(self) -> str:
        """``optimal``, ``infeasible`` or ``error``."""
        return self.summary["status"]

    @property
    def capacity(self) -> dict:
        """Installed capacities [kW, kWh]."""
        return self.summary.get("capacity", {})

    @property
    def compliance(self) -> pd.DataFrame:
        """The compliance table as a DataFrame."""
        return pd.DataFrame(self.summary.get("compliance", []))

    def write(self, folder: str | Path, add_files: Callable[[Path], object] | None = None) -> list[Path]:
        """Write the run's files into ``folder`` as one consistent set; return their paths.

        Files: ``summary.json``, ``scenario.json`` and, when optimal, ``hourly.csv``/``.parquet``,
        ``load_enterprises.csv``, ``enterprises.csv``/``.parquet``, ``solver.log``. They are staged inside ``folder`` and moved in with
        :class:`simulator.results.write.FolderCommit`: only files an earlier zcpark run wrote there are
        replaced or removed (an earlier run's ``hourly.csv`` when this one is infeasible), any other file
        is kept, and a killed write leaves the earlier run complete or this one (docs/results_folders.md).
        ``summary.json`` is moved in last and holds, under ``output``, the run id and the size and
        SHA-256 of every other data file of the run.

        Parameters
        ----------
        folder : path
            Result folder (created with its parents if needed).
        add_files : callable, optional
            Called with the stage folder once ``summary.json`` is staged, to add derived files (the
            report) that are committed together with the run.

        Raises
        ------
        InputError
            If ``folder`` cannot be written to, or holds a file of the run's names that zcpark did not
            write (see :func:`simulator.results.write.check_output_folder`).
        """
        folder = check_output_folder(folder, RUN_FILES)
        clean_legacy_leftovers(folder)  # hidden folders a killed write of an earlier version left beside it
        with FolderCommit(folder, producer="run", last="summary.json") as commit:
            stage = commit.stage
            if self.hourly is not None:
                write_hourly(self.hourly, stage)
            if self.load is not None:
                frame = self.load.enterprises_kw.copy()
                frame.index = frame.index.map(lambda t: t.isoformat())
                write_text(frame.to_csv(float_format="%.4f"), stage / "load_enterprises.csv")
            if self.enterprises is not None:
                write_table(self.enterprises, stage, "enterprises")
            if self.solver_log:
                write_text(self.solver_log, stage / "solver.log")
            write_json(self.scenario.model_dump(mode="json"), stage / "scenario.json")
            data = sorted(p.name for p in stage.iterdir() if p.is_file())
            summary = {**self.summary, "output": {"run_id": commit.run_id, "files": file_table(stage, data)}}
            write_json(summary, stage / "summary.json")
            if add_files is not None:
                add_files(stage)
            return commit.commit()


#: why a park with [heat] has no per-enterprise table
HEAT_ALLOCATION_NOTE = ("no per-enterprise allocation: the heat demand(s) {} belong to no enterprise of the "
                        "[load] section; give them billed_to = an enterprise name")


#: why a park with [hydrogen] has no per-enterprise table yet
HYDROGEN_ALLOCATION_NOTE = ("no per-enterprise allocation with [hydrogen] yet: the park's electric load includes "
                            "the electrolyser's electricity net of the fuel cell (h2_electrolyser_kw − "
                            "h2_fuel_cell_kw), which no enterprise row carries; see the park totals")


def _diagnose_infeasible(inp: ModelInputs, settings) -> str:
    """Re-solve with elastic rules; name the rules that cannot be met and by how much."""
    rules = active_rules(inp)
    m = build_model(inp, elastic=True)
    info = solve_model(m, settings)
    if info.status != "optimal":
        heat = ""
        if inp.heat is not None:
            from simulator.results.heat import heat_capacity_hints

            hints = heat_capacity_hints(inp)
            heat = (f"; {'; '.join(hints)}" if hints else
                    "; with [heat]: also its technologies' max_kw and the stores' max_kwh")
        if getattr(inp, "hydrogen", None) is not None:
            heat += ("; with [hydrogen]: the electrolyser's and fuel cell's max_kw, the tank's max_kg and fill "
                     "window, and the electrolyser's min_load_fraction (held in every step)")
        return ("infeasible even with every policy rule relaxed: check capacity bounds (max_kw, max_kwh, "
                "max_connection_kw, existing capacities) and the storage duration bounds" + heat)
    missed = [(r, float(m.rule_slack_kwh[r].value or 0.0)) for r in rules]
    missed = [(r, v) for r, v in missed if v > 1e-6]
    load = float(inp.load_kw.sum() * inp.dt_h)
    if not missed:
        return "the solver reported infeasibility, but relaxing the rules finds no violation (numerical trouble)"
    parts = [f"{r} (short by {v:,.0f} kWh, {v / load:.1%} of the load)" for r, v in missed]
    return ("the rule set cannot be met with the allowed capacities; rules involved: " + "; ".join(parts)
            + ". Raise max_kw/max_kwh or the connection limit, or relax these rules.")


def _screening_retry(m, settings, log_streams, info):
    """The screening re-run again by dual simplex where IPX called it infeasible.

    Its rules are elastic, yet IPX can call it infeasible when the slack penalty spreads the costs over
    many decades (docs/speed.md, Qujing); dual simplex decides.
    """
    if info.status != "infeasible" or settings.method == "simplex":
        return info
    return solve_model(m, replace(settings, method="simplex"), log_streams, keep_instance=True)


def run(scenario: Scenario, solver_log_streams: list | None = None, save_lp: str | Path | None = None,
        progress: Callable[[str], None] | None = None) -> Result:
    """Run one scenario end to end.

    Parameters
    ----------
    scenario : Scenario
        From :func:`simulator.load_scenario`.
    solver_log_streams : list of streams, optional
        Streams that receive the HiGHS log while it runs.
    save_lp : path, optional
        Write the model as an LP file before solving.
    progress : callable, optional
        Called with the name of each phase as it starts (the CLI shows it).

    Returns
    -------
    Result
        ``status`` is ``optimal`` or ``infeasible``; input errors raise :class:`InputError`,
        solver failures raise :class:`SolverError`.
    """
    with heap_frozen():  # the collections of the run walk only what it makes
        return _run(scenario, solver_log_streams, save_lp, progress)


def _run(scenario: Scenario, solver_log_streams: list | None, save_lp: str | Path | None,
         progress: Callable[[str], None] | None) -> Result:
    """:func:`run`'s body."""
    note = progress or (lambda _phase: None)
    timings = {}
    index = scenario_index(scenario)
    check_scenario(scenario)  # the checks `zcpark validate` makes, before any expensive work
    note("load")
    t0 = time.perf_counter()
    load_kw, park_load = scenario_load(scenario, index)
    timings["load"] = time.perf_counter() - t0
    note("resource")
    t0 = time.perf_counter()
    resource = build_resource(scenario, index)
    timings["resource"] = time.perf_counter() - t0
    note("build")
    t0 = time.perf_counter()
    inp = model_inputs(scenario, load_kw, resource.availability, park_load)
    settings = solver_settings(scenario)
    # the scenario's own, for the sizing LPs (the business-as-usual twin, milestones, re-sizings, a diagnosis):
    # ``settings`` becomes the dispatch settings of a screening run's full horizon below
    scenario_settings = settings
    timings["build"] = time.perf_counter() - t0
    screening = start = pending = None
    overlap = inp.n_steps <= OVERLAP_MAX_STEPS  # up to a year of hours: time first, else memory (direct)
    if scenario.solver.time_reduction != "typical_periods" and scenario.solver.warm_start != "none":
        note("start design")
        t0 = time.perf_counter()
        from simulator.model.background import begin_start_design  # typical-period design to start from

        # with ``overlap`` a single sizing's HiGHS run goes on while the full model is built and compiled
        pending = begin_start_design(inp, index, scenario.solver, scenario_settings,
                                     str(scenario.source_path or "scenario"),
                                     background=overlap)
        if not pending.running:  # made here: its typical-period model(s) freed before the full model's peak
            free_heap()
        timings["start_design"] = time.perf_counter() - t0
    compile_s = 0.0
    try:
        t0 = time.perf_counter()
        if scenario.solver.time_reduction == "typical_periods":
            from simulator.model.screening import fix_capacities, size_with_peak_periods, with_storage_factor

            screening = size_with_peak_periods(inp, index, scenario_settings, scenario.solver)  # peak days added
            screening = with_storage_factor(screening, inp)  # typical periods understate the year's storage
            m = build_model(inp, elastic=True)
            fix_capacities(m, screening.screened_capacities)
            settings = dispatch_settings(settings, off_grid=not inp.grid.connected,  # the screened sizes' full year
                                         heat=inp.heat is not None)
        else:
            m = build_model(inp)
        timings["build"] += time.perf_counter() - t0
        if save_lp is not None:
            write_lp(m, save_lp)
        note("solve")
        if screening is None:  # only the values are read after the solve: the Pyomo model is dropped
            t0 = time.perf_counter()
            m = ModelValues.compile(m)
            compile_s = time.perf_counter() - t0
    except BaseException:
        if pending is not None:
            pending.cancel()  # its HiGHS run waited for, not left running on its thread
        raise
    if pending is not None:
        t0 = time.perf_counter()
        start = pending.result()
        pending = None  # with it the typical-period model, freed by the collection below
        timings["start_design"] += time.perf_counter() - t0
    if screening is None:  # the dropped Pyomo models (reference cycles), before HiGHS allocates
        t0 = time.perf_counter()
        free_heap()
        compile_s += time.perf_counter() - t0
    if start is None:
        # the rows' memory is freed once compiled, except for the screening re-run, which may solve again
        info = solve_model(m, settings, solver_log_streams, keep_instance=True, release=screening is None)
        if screening is not None:
            from simulator.model.screening import screen_with_margins

            info = _screening_retry(m, settings, solver_log_streams, info)
            screening, info = screen_with_margins(
                m, inp, index, scenario.solver, scenario_settings, screening, info,  # re-sizings: sizing LPs
                lambda model: _screening_retry(model, settings, solver_log_streams,
                                               solve_model(model, settings, solver_log_streams, keep_instance=True)))
    else:
        from simulator.model.warm import solve_from_design
        from simulator.model.screening import capacity_vars, redesigner, scaled_capacities

        begin, storage_factor = scaled_capacities(start, inp)
        info = solve_from_design(m, capacity_vars(m, begin), settings, solver_log_streams,
                                 keep_instance=True,
                                 redesign=redesigner(inp, index, scenario.solver, scenario_settings, m,
                                                     start.peak_periods),
                                 release=True)
    info.solve_s += compile_s  # the compilation is part of the hand-over, as when the solve compiles
    info.handover_s = (info.handover_s or 0.0) + compile_s
    timings["solve"] = info.solve_s
    timings["highs_run"] = info.highs_run_s
    result = Result(scenario, {}, load=park_load, load_kw=load_kw, resource=resource, inputs=inp,
                    solver_log=info.log)
    solver_block = {"name": "highs", "status": info.status, "termination": info.termination,
                    "simplex_iterations": info.simplex_iterations, "ipm_iterations": info.ipm_iterations,
                    "gap_fraction": info.gap_fraction, "objective_bound_cny_per_yr": info.objective_bound_cny_per_yr,
                    "max_primal_infeasibility": info.max_primal_infeasibility,
                    "max_dual_infeasibility": info.max_dual_infeasibility, "options": settings.highs_options()}
    if info.status in ("infeasible", "infeasible_or_unbounded"):
        message = _diagnose_infeasible(inp, scenario_settings)
        result.summary = base_summary(scenario, "infeasible", message, timings)
        result.summary["solver"] = solver_block
        result.summary["rules"] = active_rules(inp)
        return result
    if info.status == "unbounded":
        raise SolverError("the model is unbounded: exporting is profitable without limit; set grid.export_max_kw, "
                          "pv.max_kw / wind.max_kw or enable the 650号 feed_in rule")
    if info.status != "optimal":
        raise SolverError(f"HiGHS stopped without a proven optimum ({info.termination}); "
                          f"raise solver.time_limit_s or try solver.method = 'ipm'")
    note("one dispatch")
    t0 = time.perf_counter()
    one = single_dispatch(m, inp, info.objective_cny_per_yr, settings, info.solved)  # eq. 32-34: no charge + discharge at once
    info.solved = None  # the HiGHS instance is consumed
    trim_heap()  # and its pages given back (a dropped instance is freed at once: direct.free_heap)
    objective = one["objective_cny_per_yr"] if one is not None else info.objective_cny_per_yr
    timings["one_dispatch"] = time.perf_counter() - t0
    note("extract")
    t0 = time.perf_counter()
    capacity = extract_capacities(m, inp)
    hourly = extract_hourly(m, inp, index)
    purchase = extract_green_purchase_kwh(m)
    result.hourly = hourly
    result.summary = summarise(scenario, inp, capacity, hourly, purchase, objective, timings)
    timings["extract"] = time.perf_counter() - t0
    result.summary["solver"] = solver_block
    if one is not None:
        solver_block["one_dispatch"] = one
        result.summary["checks"]["storage_simultaneous_steps"] = one["simultaneous_steps"]
        result.summary["checks"]["storage_transfer_steps"] = one["transfer_steps"]
    result.summary["resource"] = resource.summary
    sizing_options = sizing_settings(scenario_settings, inp).highs_options()  # how the typical periods were solved
    if screening is not None:
        screening_report(result.summary, m, screening)
        result.summary["time_reduction"]["sizing_options"] = sizing_options
    if info.warm_start is not None:
        solver_block["warm_start"] = {**info.warm_start, "typical_periods": start.typical_periods,
                                      "period_hours": start.period_hours,
                                      "design_capacities": start.capacities, "design_sizing_s": start.solve_s,
                                      "design_sizing_options": sizing_options,
                                      "start_capacities": begin, "start_storage_factor": storage_factor,
                                      "design_peak_periods": start.peak_periods}
    from simulator.results.baseline import baseline_summary  # business-as-usual twin (grid only)

    t0 = time.perf_counter()
    result.summary["baseline"] = baseline_summary(inp, result.summary["cost_cny_per_yr"]["total"],
                                                  result.summary["co2_t_per_yr"], scenario_settings)
    timings["baseline"] = time.perf_counter() - t0  # a solve of the twin where existing assets need one
    from simulator.results.finance import finance_block  # NPV / IRR / payback with default parameters

    block = finance_block(result)
    if block is not None:
        result.summary["finance"] = block
    if getattr(scenario, "planning", None) is not None:  # staged growth: multi-period sizing (#10)
        from simulator.results.milestones import scenario_milestones

        note("milestones")
        result.summary["milestones"] = scenario_milestones(scenario, scenario_settings).as_dict()
    if park_load is not None:
        result.summary["load"] = park_load.summary.reset_index().to_dict(orient="records")
        result.summary["load_park"] = park_load.park
        if park_load.metered:
            result.summary["load_metered"] = park_load.metered
        from simulator.results.allocation import enterprise_results  # who gets the green power (#18)

        heat_rows = None
        if inp.heat is not None:  # each enterprise's heat: its electricity for heat, fuel, CO2 and cost
            from simulator.results.heat_allocation import heat_by_enterprise, unbilled_heat_demands

            names = list(park_load.enterprises_kw.columns)
            unbilled = unbilled_heat_demands(inp, names)
            if not unbilled:
                heat_rows = heat_by_enterprise(inp, capacity, hourly, names)
        if inp.heat is not None and heat_rows is None:
            result.summary["enterprises"] = {"rows": [], "note": HEAT_ALLOCATION_NOTE.format(", ".join(unbilled))}
        elif getattr(inp, "hydrogen", None) is not None:  # nor electricity into hydrogen
            result.summary["enterprises"] = {"rows": [], "note": HYDROGEN_ALLOCATION_NOTE}
        else:
            result.enterprises, result.summary["enterprises"] = enterprise_results(
                hourly, park_load, scenario.load, inp, result.summary["cost_cny_per_yr"], purchase, heat_rows)
    return result
