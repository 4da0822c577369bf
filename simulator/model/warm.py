"""Exact solve warm-started from a design: dispatch it, then let primal simplex move the capacities.

The full-year sizing LP is hard because the few capacity variables appear in every hour. With the
capacities fixed, the rest is a dispatch LP that HiGHS solves several times faster, and whose optimal
basis is a primal-feasible basis of the sizing LP once the capacities are freed — if the capacities
stay where they were. A basis cannot hold a bounded non-basic variable between its bounds, so each
capacity ``x`` given a start value ``v`` is written ``x = v + d``: the shift ``d`` is a free column
(non-basic at zero, HiGHS status ``kZero``) and its bounds ``lb − v ≤ d ≤ ub − v`` become a row whose
slack is basic. Primal simplex then walks from the dispatch optimum to the sizing optimum; from a
typical-day design that takes a few thousand iterations (docs/speed.md).

The optimum is the same LP optimum as a cold solve: only the starting point differs. A design that
misses a rule over the full horizon (e.g. an off-grid park whose typical days understate the worst week)
is dispatched with elastic rules (slack s_r ≥ 0 at a penalty, off grid from the start, otherwise once the
plain dispatch proved infeasible; :mod:`simulator.model.elastic`); primal simplex then drives the slack
out. Where it pays slack, primal simplex first gets a small budget (a start just short of a rule needs
only a few iterations); beyond it the typical periods are sized again with the shortfall to spare (a
re-design) and dispatched from the last dispatch's basis. If the design cannot be dispatched even so,
the model is solved from scratch and ``warm_start`` says so.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable

import highspy
import numpy as np
import pyomo.environ as pyo

from simulator.errors import SolverError
from simulator.model.direct import (DirectModel, column_positions, compile_lp, fresh_instance, load_values,
                                    release_rows, run_logged, trim_heap)
from simulator.model.elastic import (H2_SHORTFALL, close_slack, dispatch_design, energy_scale, redispatch_design,
                                     rule_slack_columns, rules_of)
from simulator.model.settings import SolvedLP
from simulator.model.solve import SolveInfo, SolverSettings, dispatch_settings


def _start_columns(columns: list, design: dict) -> tuple[np.ndarray, np.ndarray]:
    """Column positions and start values of the designed variables that are columns of the LP."""
    pairs = sorted((j, float(value)) for j, value in zip(column_positions(columns, list(design)), design.values())
                   if j is not None)
    idx = np.array([j for j, _ in pairs], dtype=np.int32)
    return idx, np.array([v for _, v in pairs], dtype=float)


def _check_design(columns: list, idx: np.ndarray, start: np.ndarray, lower: np.ndarray,
                  upper: np.ndarray) -> np.ndarray:
    """The start values, each within its column's bounds.

    A design solved by another LP may sit outside a bound by the solver's feasibility tolerance; such
    values (within 1e-6 relative) are moved onto the bound. Anything further out is an error.
    """
    lo, up = lower[idx], upper[idx]
    slack = 1e-6 * np.maximum(1.0, np.abs(start))
    bad = ~np.isfinite(start) | (start < lo - slack) | (start > up + slack)
    for j, v in zip(idx[bad].tolist(), start[bad].tolist()):
        raise SolverError(f"warm start: {columns[j].name} = {v!r} is outside its bounds "
                          f"[{lower[j]}, {upper[j]}]")
    return np.clip(start, lo, up)


def solve_from_design(m: pyo.ConcreteModel, design: dict, settings: SolverSettings | None = None,
                      log_streams: list | None = None, keep_instance: bool = False,
                      redesign: Callable[[dict], dict | None] | None = None, release: bool = False) -> SolveInfo:
    """Solve a built LP exactly, starting from a design (capacity values), and load the optimum.

    As :func:`solve_from_design_basis` without the basis; with ``keep_instance`` the solved HiGHS
    instance is kept in ``SolveInfo.solved`` (for the one-dispatch second solve); with ``release`` the
    model's rows are deleted once compiled (:func:`~simulator.model.direct.release_rows`: less memory, the
    model cannot be compiled again).
    """
    info = solve_from_design_basis(m, design, settings, log_streams, redesign, release)[0]
    if not keep_instance:
        info.solved = None
    return info


def solve_from_design_basis(m: pyo.ConcreteModel, design: dict, settings: SolverSettings | None = None,
                            log_streams: list | None = None, redesign: Callable[[dict], dict | None] | None = None,
                            release: bool = False) -> tuple[SolveInfo, highspy.HighsBasis | None]:
    """Solve a built LP exactly, starting from a design (capacity values), and load the optimum.

    Parameters
    ----------
    m : ConcreteModel
        A linear model with one objective (:func:`simulator.model.build.build_model`).
    design : mapping of VarData to float (a ``pyomo.common.collections.ComponentMap``)
        Start values of some variables, typically the capacities of a typical-period sizing [kW, kWh].
        Each must lie within its variable's bounds.
    settings : SolverSettings, optional
        Used as :func:`~simulator.model.solve.dispatch_settings` (crossover on) for the fixed-design
        LP, and unchanged for a cold solve when the design cannot be dispatched. The final run is
        primal simplex from the dispatch basis; the time limit covers both runs.
    log_streams : list of writable streams, optional
        Where to echo the solver logs as they run; both are kept in ``SolveInfo.log``.
    redesign : callable, optional
        Called when the design misses rules over the full horizon (its elastic dispatch pays slack),
        with the energy to spare per rule (compliance-table name -> kWh per horizon: the shortfall
        times ``REDESIGN_MARGIN``); returns a new design (same variables) or None. At most
        ``REDESIGN_ROUNDS`` times (:func:`simulator.model.screening.redesigner`).

    Returns
    -------
    SolveInfo
        As :func:`simulator.model.solve.solve_model`: iterations, run times and logs of both runs
        added up; ``warm_start`` reports the fixed-design run (status, objective, seconds) and whether
        the start was used.
        ``solved`` holds the solved HiGHS instance (:class:`~simulator.model.settings.SolvedLP`).
    HighsBasis or None
        An optimal basis of the model's compiled LP (:func:`~simulator.model.direct.compile_lp`, no
        shift), to restart another HiGHS instance holding that LP from; None if the solve did not end
        optimal or the optimum has a capacity strictly inside its bounds and non-basic (no basis of the
        unshifted LP expresses that point).
    """
    settings = settings or SolverSettings()
    begin = time.perf_counter()
    lp, columns, offset = compiled = compile_lp(m)
    if release:
        release_rows(m)
    idx, start = _start_columns(columns, design)
    lower = np.array(lp.col_lower_, dtype=float)  # copies: the LP's arrays are replaced below
    upper = np.array(lp.col_upper_, dtype=float)
    start = _check_design(columns, idx, start, lower, upper)
    if idx.size == 0:  # nothing to start from (no designed variable is a column)
        direct = DirectModel(m, settings, compiled=compiled)  # the compilation above, not a second one
        info = direct.solve(log_streams=log_streams)
        info.handover_s = direct.handover_s
        info.solve_s += direct.handover_s
        info.warm_start = {"used": False, "design_status": None, "n_start_columns": 0}
        if info.status == "optimal":
            info.solved = SolvedLP(direct.highs, columns, direct.col_cost, direct.offset_cny_per_yr,
                                   idx, start)
        return info, (direct.highs.getBasis() if info.status == "optimal" else None)
    row_lower = np.array(lp.row_lower_, dtype=float)
    row_upper = np.array(lp.row_upper_, dtype=float)
    lp.col_lower_, lp.col_upper_ = lower.copy(), upper.copy()
    _shift(lp, idx, start, row_lower, row_upper, offset)
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    if highs.passModel(lp) == highspy.HighsStatus.kError:
        raise SolverError("HiGHS refused the compiled model")
    handover = time.perf_counter() - begin
    slack, slack_rules = rule_slack_columns(m, columns, lower, upper)
    runs, basis, shifted, margins = [], None, True, []
    off_grid = "off_grid_unserved" in rules_of(m)  # off grid: typical days often fall short: elastic from the start
    design_settings = dispatch_settings(settings, off_grid=off_grid, heat=hasattr(m, "HEAT_TECH"))
    first, elastic, penalty = dispatch_design(highs, slack, design_settings, log_streams, runs, off_grid)
    design_status = runs[0].status
    warm, trial, refused = None, None, False
    while redesign is not None and elastic and first.status == "optimal" and len(margins) < REDESIGN_ROUNDS:
        # The design misses rules over the real horizon: size the typical periods again with the
        # shortfall (times REDESIGN_MARGIN) to spare, and dispatch that design instead.
        missed = np.asarray(highs.getSolution().col_value, dtype=float)[slack]
        tol = 1e-9 * energy_scale(row_lower, row_upper)  # kWh per horizon: a solver tolerance on yearly sums
        shortfall = {r: REDESIGN_MARGIN * float(v) for r, v in zip(slack_rules, missed.tolist())
                     if v > tol and r != H2_SHORTFALL}  # a rule's shortfall; the electrolyser's is not a rule
        if not shortfall:
            break
        if trial is None:  # first, primal simplex on a budget: a start just short of a rule needs no re-design
            highs = fresh_instance(highs)  # the dispatch's interior point memory freed, as before primal below
            trim_heap()
            dispatch_basis = highs.getBasis()
            trial = _primal_trial(highs, idx, start, lower, upper, _remaining(settings, runs), log_streams)
            if trial is None:  # no basis from the dispatch, or HiGHS refused it: solved cold below
                refused = True
                break
            if trial.status != "iteration_limit":  # optimal, or out of time: no re-design either way
                warm = trial
                break
            runs.append(trial)
            if not _undo_trial(highs, idx, int(lp.num_row_), dispatch_basis):
                refused = True  # no dispatch basis to go on from: solved cold below
                break
        new = redesign(shortfall)
        if new is None:
            break
        new_idx, new_start = _start_columns(columns, new)
        if not np.array_equal(new_idx, idx):
            break
        start = _check_design(columns, idx, new_start, lower, upper)
        margins.append(shortfall)
        _shift(lp, idx, start, row_lower, row_upper, offset)
        first, elastic, penalty = redispatch_design(highs, lp, slack, design_settings, log_streams, runs, elastic,
                                                    penalty, off_grid)
    report = {"used": first.status == "optimal", "design_status": design_status,
              "design_objective_cny_per_yr": first.objective_cny_per_yr,
              "design_solve_s": sum(r.solve_s for r in runs if r is not trial),  # the dispatches only
              "design_method": design_settings.method, "n_start_columns": int(idx.size),
              "elastic_rules": bool(elastic), "redesign_margins_kwh": margins,
              "primal_trial": None if trial is None else _TRIAL_REPORT.get(trial.status, trial.status)}
    if first.status == "optimal" and warm is None and not refused:  # the dispatch's IPX memory freed: a new instance
        highs = fresh_instance(highs)
        trim_heap()
        warm = _primal_from_dispatch(highs, idx, start, lower, upper, _remaining(settings, runs), log_streams)
    if warm is not None and elastic and warm.status == "optimal":
        runs.append(warm)
        warm = close_slack(highs, slack, penalty, _remaining(settings, runs), log_streams, runs, report)
    if warm is not None:
        runs.append(warm)
        report["warm_status"] = warm.status
        values = np.asarray(highs.getSolution().col_value, dtype=float)
        values[idx] += start
        if warm.status == "optimal":
            basis = _unshifted_basis(highs.getBasis(), idx, int(lp.num_row_), start, lower, upper)
    elif first.status == "optimal":
        report["warm_status"] = "no usable basis from the dispatch run"
    if warm is None and first.status not in ("time_limit", "interrupted") or \
            warm is not None and warm.status not in ("optimal", "time_limit", "interrupted"):
        # Not dispatchable over the full horizon, or no warm run: from scratch on the unshifted LP.
        report["used"] = False
        lp.row_lower_, lp.row_upper_, lp.offset_ = row_lower, row_upper, offset
        lp.col_lower_, lp.col_upper_ = lower, upper
        highs.clearSolver()
        highs.passModel(lp)
        shifted = False
        runs.append(run_logged(highs, _remaining(settings, runs), log_streams))
        values = np.asarray(highs.getSolution().col_value, dtype=float)
        basis = highs.getBasis() if runs[-1].status == "optimal" else None
    report["runs"] = [{"status": r.status, "s": round(r.solve_s, 3), "simplex_iterations": r.simplex_iterations,
                        "ipm_iterations": r.ipm_iterations} for r in runs]
    last = runs[-1]
    if last.status == "optimal":
        load_values(m, columns, values)
    info = replace(last, simplex_iterations=sum(r.simplex_iterations for r in runs),
                   ipm_iterations=sum(r.ipm_iterations for r in runs),
                   highs_run_s=sum(r.highs_run_s or 0.0 for r in runs), solve_s=time.perf_counter() - begin,
                   handover_s=handover, log="".join(r.log for r in runs), warm_start=report)
    if last.status == "optimal":
        empty = np.zeros(0, dtype=np.int32)
        info.solved = SolvedLP(highs, columns, np.asarray(lp.col_cost_, dtype=float), float(lp.offset_),
                               idx if shifted else empty, start if shifted else np.zeros(0))
    return info, basis


def _shift(lp: highspy.HighsLp, idx: np.ndarray, start: np.ndarray, row_lower: np.ndarray,
           row_upper: np.ndarray, offset: float) -> None:
    """Write x = v + d with d fixed at 0 into ``lp``: rows move by −A[:, j]·v, the objective by c_j·v.

    ``row_lower``, ``row_upper`` and ``offset`` are the unshifted LP's; the column bounds of ``idx`` are
    set to 0 (the shift d).
    """
    shift = np.zeros(lp.num_row_)
    starts = np.asarray(lp.a_matrix_.start_)
    rows = np.asarray(lp.a_matrix_.index_)
    values = np.asarray(lp.a_matrix_.value_)
    for j, v in zip(idx.tolist(), start.tolist()):
        np.add.at(shift, rows[starts[j]:starts[j + 1]], -values[starts[j]:starts[j + 1]] * v)
    lp.row_lower_ = row_lower + shift
    lp.row_upper_ = row_upper + shift
    lp.offset_ = offset + float(np.array(lp.col_cost_, dtype=float)[idx] @ start)
    col_lower = np.array(lp.col_lower_, dtype=float)
    col_upper = np.array(lp.col_upper_, dtype=float)
    col_lower[idx] = 0.0
    col_upper[idx] = 0.0
    lp.col_lower_, lp.col_upper_ = col_lower, col_upper


def start_from_design(direct: DirectModel, design: dict, settings: SolverSettings | None = None,
                      log_streams: list | None = None) -> SolveInfo | None:
    """Solve a :class:`DirectModel`'s model from a design and leave the optimal basis on its instance.

    For re-solve loops (cost and threshold sweeps): the first point is solved by
    :func:`solve_from_design_basis` and the reused instance restarts the later points from its optimum.

    Parameters
    ----------
    direct : DirectModel
        Holding the model as compiled now (same parameter values).
    design : mapping of VarData to float
    settings : SolverSettings, optional
    log_streams : list of writable streams, optional

    Returns
    -------
    SolveInfo or None
        The first point's solve (solution loaded into the model), or None when it yields no basis for
        ``direct`` (the caller then solves on ``direct`` itself).
    """
    info, basis = solve_from_design_basis(direct.model, design, settings, log_streams)
    info.solved = None  # the reused instance is ``direct``'s
    if info.status != "optimal" or basis is None or len(basis.col_status) != len(direct.columns):
        return None
    if direct.highs.setBasis(basis) != highspy.HighsStatus.kOk:
        return None
    return info


def solve_point(direct: DirectModel, first: bool, design: dict | None, settings: SolverSettings,
                later: SolverSettings) -> tuple[SolveInfo, bool]:
    """One point of a re-solve loop on a reused :class:`DirectModel` (cost or threshold sweeps).

    The first point starts from ``design`` when one is given (:func:`start_from_design`), otherwise it
    is solved with ``settings``; later points with ``later`` from the instance's last basis.

    Returns
    -------
    SolveInfo
    bool
        Whether this point was solved from the design.
    """
    info = start_from_design(direct, design, settings) if first and design else None
    if info is not None:
        return info, True
    return direct.solve(settings if first else later), False


def _unshifted_basis(basis: highspy.HighsBasis, idx: np.ndarray, n_rows: int, start: np.ndarray,
                     lower: np.ndarray, upper: np.ndarray) -> highspy.HighsBasis | None:
    """The optimal basis of the shifted LP (x = v + d, bound rows of d appended) as one of the original LP.

    Where d's bound row is basic, x takes d's status: basic, or — d non-basic at zero — non-basic at the
    bound v lies on. Where the row is at a bound, x is non-basic at that bound and d was basic. A d
    non-basic at zero with v strictly inside its bounds has no counterpart: None.
    """
    col_status = list(basis.col_status)
    bound_rows = list(basis.row_status)[n_rows:]
    basic = highspy.HighsBasisStatus.kBasic
    for j, v, row_status in zip(idx.tolist(), start.tolist(), bound_rows):
        if row_status == basic and col_status[j] == basic:
            continue
        if row_status != basic and col_status[j] == basic:
            col_status[j] = row_status  # kLower / kUpper: x on that bound
        elif row_status == basic and v == lower[j]:
            col_status[j] = highspy.HighsBasisStatus.kLower
        elif row_status == basic and v == upper[j]:
            col_status[j] = highspy.HighsBasisStatus.kUpper
        else:
            return None
    out = highspy.HighsBasis()
    out.col_status = col_status
    out.row_status = list(basis.row_status)[:n_rows]
    out.valid = True
    out.alien = False
    return out


def _primal_trial(highs: highspy.Highs, idx: np.ndarray, start: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                  settings: SolverSettings, log_streams) -> SolveInfo | None:
    """:func:`_primal_from_dispatch` with at most ``REDESIGN_TRIAL_ITERATIONS_PER_ROW`` iterations per row.

    Before a design that misses a rule is sized again: a start just short of it (Anning off grid with a
    1 % unserved cap: 3 % less storage than the optimum) reaches the optimum of the elastic LP in a few
    dozen iterations, far cheaper than a re-design and its dispatch (docs/speed.md). A run that ends at
    the budget is undone by :func:`_undo_trial`.
    """
    budget = max(REDESIGN_TRIAL_MIN_ITERATIONS, int(REDESIGN_TRIAL_ITERATIONS_PER_ROW * highs.getNumRow()))
    return _primal_from_dispatch(highs, idx, start, lower, upper, settings, log_streams,
                                 simplex_iteration_limit=budget)


def _undo_trial(highs: highspy.Highs, idx: np.ndarray, n_rows: int, dispatch_basis: highspy.HighsBasis) -> bool:
    """Back to the design's dispatch after a primal trial: its rows deleted, the shifts fixed at 0 again
    and the dispatch's optimal basis restored. False if HiGHS refuses that basis."""
    k = int(idx.size)
    highs.deleteRows(k, np.arange(n_rows, n_rows + k, dtype=np.int32))
    highs.changeColsBounds(k, idx, np.zeros(k), np.zeros(k))
    return highs.setBasis(dispatch_basis) != highspy.HighsStatus.kError


def _primal_from_dispatch(highs: highspy.Highs, idx: np.ndarray, start: np.ndarray, lower: np.ndarray,
                          upper: np.ndarray, settings: SolverSettings, log_streams, **extra) -> SolveInfo | None:
    """Free the fixed shifts of a solved dispatch LP and run primal simplex from its basis.

    None when the dispatch run left no valid basis (e.g. PDLP) or HiGHS refuses the warm basis; the
    caller then solves the unshifted LP cold. ``extra``: HiGHS options of this run (an iteration limit).
    """
    basis = highs.getBasis()
    if not basis.valid:
        return None
    k = int(idx.size)
    col_status = list(basis.col_status)
    for j in idx.tolist():
        if col_status[j] != highspy.HighsBasisStatus.kBasic:  # a basic shift stays basic (at zero)
            col_status[j] = highspy.HighsBasisStatus.kZero  # free, non-basic at zero: x = v
    warm = highspy.HighsBasis()
    warm.col_status = col_status
    warm.row_status = list(basis.row_status) + [highspy.HighsBasisStatus.kBasic] * k
    warm.valid = True
    warm.alien = False  # a consistent basis: HiGHS must not repair it silently
    inf = highspy.kHighsInf
    highs.changeColsBounds(k, idx, np.full(k, -inf), np.full(k, inf))
    highs.addRows(k, lower[idx] - start, upper[idx] - start, k, np.arange(k, dtype=np.int32), idx, np.ones(k))
    if highs.setBasis(warm) == highspy.HighsStatus.kError:
        return None  # the caller solves cold from the unshifted LP
    return run_logged(highs, settings, log_streams, solver="simplex", simplex_strategy=4, **extra)


#: how often a design that misses rules over the real horizon is sized again with a margin
REDESIGN_ROUNDS = 2
#: margin of a re-design: this many times the energy the design's dispatch was short of a rule [-]
REDESIGN_MARGIN = 1.5
#: ``warm_start.primal_trial`` of a trial's status (others, e.g. ``time_limit``, as they are)
_TRIAL_REPORT = {"optimal": "closed", "iteration_limit": "over budget"}
#: budget of the primal trial before a re-design: simplex iterations per row of the LP [-], and at least
#: REDESIGN_TRIAL_MIN_ITERATIONS (Anning off grid: 64,156 rows, a budget of 1,283; the trial needed 33)
REDESIGN_TRIAL_ITERATIONS_PER_ROW = 0.02
REDESIGN_TRIAL_MIN_ITERATIONS = 1000


def _remaining(settings: SolverSettings, runs: list) -> SolverSettings:
    """The settings with the time limit less what the runs so far used."""
    if settings.time_limit_s is None:
        return settings
    return replace(settings, time_limit_s=max(1.0, settings.time_limit_s - sum(r.solve_s for r in runs)))


__all__ = ["solve_from_design", "solve_from_design_basis", "solve_point", "start_from_design"]
