"""Solving the model with HiGHS (in-process, through Pyomo's highspy interface)."""
from __future__ import annotations

import time
import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

from simulator.errors import SolverError
import numpy as np

from simulator.model.direct import DirectModel, release_rows
from simulator.model.settings import (SolveInfo, SolvedLP, SolverSettings, dispatch_settings, sizing_settings,
                                      solver_settings)


_STATUS = {
    TerminationCondition.convergenceCriteriaSatisfied: "optimal",
    TerminationCondition.provenInfeasible: "infeasible",
    TerminationCondition.locallyInfeasible: "infeasible",
    TerminationCondition.infeasibleOrUnbounded: "infeasible_or_unbounded",
    TerminationCondition.unbounded: "unbounded",
    TerminationCondition.maxTimeLimit: "time_limit",
    TerminationCondition.iterationLimit: "iteration_limit",
}


def solve_model(m: pyo.ConcreteModel, settings: SolverSettings | None = None,
                log_streams: list | None = None, solver: Highs | None = None,
                keep_instance: bool = False, release: bool = False) -> SolveInfo:
    """Solve a built model and load the solution into its variables.

    Parameters
    ----------
    m : ConcreteModel
        From :func:`simulator.model.build.build_model`.
    settings : SolverSettings, optional
    log_streams : list of writable streams, optional
        Where to echo the solver log as it runs (the CLI passes stdout); it is always kept in
        ``SolveInfo.log``.
    solver : Highs, optional
        A persistent Pyomo solver instance to reuse: only changed numbers (mutable parameters) are
        handed over again. Without it the model is compiled to a sparse matrix and handed to a fresh
        HiGHS in one call (:func:`simulator.model.direct.solve_direct`), several times faster than
        Pyomo's row-by-row hand-over for a full-year model.
    keep_instance : bool
        Keep the solved HiGHS instance in ``SolveInfo.solved`` (direct hand-over only), for the
        one-dispatch second solve; the caller drops it when done (it holds the whole LP).
    release : bool
        Delete the model's rows once compiled (direct hand-over only;
        :func:`simulator.model.direct.release_rows`): less memory during the solve, and the model cannot
        be compiled again.

    Returns
    -------
    SolveInfo
        ``status`` is ``optimal`` only when HiGHS proved optimality.
    """
    settings = settings or SolverSettings()
    if solver is None:  # as simulator.model.direct.solve_direct, keeping the solved instance
        direct = DirectModel(m, settings)
        if release:
            release_rows(m)
        info = direct.solve(log_streams=log_streams)
        info.solve_s += direct.handover_s
        info.handover_s = direct.handover_s
        if info.status == "optimal" and keep_instance:
            none = np.zeros(0, dtype=np.int32)
            info.solved = SolvedLP(direct.highs, direct.columns, direct.col_cost, direct.offset_cny_per_yr,
                                   none, np.zeros(0))
        return info
    if not solver.available():
        raise SolverError("HiGHS (highspy) is not installed; install the package's dependencies")
    kwargs = {"load_solutions": False, "raise_exception_on_nonoptimal_result": False,
              "solver_options": settings.highs_options(), "tee": list(log_streams or [])}
    if settings.time_limit_s is not None:
        kwargs["time_limit"] = settings.time_limit_s
    if settings.threads is not None:
        kwargs["threads"] = settings.threads
    start = time.perf_counter()
    try:
        results = solver.solve(m, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the solver's own errors become one typed error
        raise SolverError(f"HiGHS failed: {exc}") from exc
    elapsed = time.perf_counter() - start
    status = _STATUS.get(results.termination_condition, "error")
    if status == "optimal":
        results.solution_loader.load_vars()
    highs = getattr(solver, "_solver_model", None)
    info = highs.getInfo() if highs is not None else None
    extra = results.extra_info
    obj = results.incumbent_objective
    bound = results.objective_bound
    gap = abs(obj - bound) / max(1.0, abs(obj)) if obj is not None and bound is not None else None
    return SolveInfo(
        status=status, termination=str(results.termination_condition.name),
        objective_cny_per_yr=obj, objective_bound_cny_per_yr=bound, gap_fraction=gap,
        simplex_iterations=int(getattr(extra, "simplex_iteration_count", 0) or 0),
        ipm_iterations=int(getattr(extra, "ipm_iteration_count", 0) or 0),
        max_primal_infeasibility=getattr(info, "max_primal_infeasibility", None),
        max_dual_infeasibility=getattr(info, "max_dual_infeasibility", None),
        solve_s=elapsed, highs_run_s=getattr(results.timing_info, "highs_time", None),
        log=results.solver_log or "")


def write_lp(m: pyo.ConcreteModel, path) -> None:
    """Write the model as an LP file with readable names (for debugging)."""
    m.write(str(path), format="lp", io_options={"symbolic_solver_labels": True})


__all__ = ["SolverSettings", "SolveInfo", "dispatch_settings", "sizing_settings", "solve_model", "solver_settings",
           "write_lp"]
