"""Direct hand-over of a built model to highspy as one sparse matrix.

Pyomo's persistent HiGHS interface adds variables and rows to HiGHS one Python call at a time, which
for a full-year model (≈ 70,000 columns, 90,000 rows) costs several seconds — a fifth of the solve.
Here the model is compiled once by Pyomo's ``LinearStandardFormCompiler`` into ``c``, ``A`` (CSC) and
row bounds, passed to HiGHS in one ``passModel`` call, and the primal solution is written back into the
Pyomo variables. Mutable parameters are evaluated at compile time; a model whose numbers change
between solves is compiled at two values and updated in place (cost sweeps: :class:`DirectModel`
``set_costs``; thresholds: :class:`simulator.model.parametric.ParametricModel`).
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import io
import threading
import time

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.common.tee import TeeStream, capture_output
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from simulator.errors import SolverError
from simulator.model.settings import SolveInfo, SolverSettings

_MODEL_STATUS = {
    highspy.HighsModelStatus.kOptimal: "optimal",
    highspy.HighsModelStatus.kInfeasible: "infeasible",
    highspy.HighsModelStatus.kUnboundedOrInfeasible: "infeasible_or_unbounded",
    highspy.HighsModelStatus.kUnbounded: "unbounded",
    highspy.HighsModelStatus.kTimeLimit: "time_limit",
    highspy.HighsModelStatus.kIterationLimit: "iteration_limit",
    highspy.HighsModelStatus.kInterrupt: "interrupted",
}


def compile_lp(m: pyo.ConcreteModel) -> tuple[highspy.HighsLp, list, float]:
    """The model as a HiGHS LP.

    A :class:`~simulator.model.values.ModelValues` hands over the LP it was compiled into (once).

    Returns
    -------
    lp : highspy.HighsLp
        Column costs and bounds, row bounds and the constraint matrix (column-wise).
    columns : list of VarData
        The Pyomo variable of each column (fixed and unused variables are not columns).
    offset_cny_per_yr : float
        The objective's constant term [CNY/yr].
    """
    if getattr(m, "values_only", False):
        return m.take_compiled()
    lp, repn = standard_form(m)
    return lp, repn.columns, float(lp.offset_)


def standard_form(m: pyo.ConcreteModel):
    """The model as a HiGHS LP, with Pyomo's standard form it was made from (``columns``, ``rows``, ``A``)."""
    if getattr(m, RELEASED_FLAG, False):
        raise SolverError("the model's rows were released after its first compilation (release_rows); "
                          "build it again to compile it")
    repn = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=pyo.minimize)
    if len(repn.objectives) != 1:
        raise SolverError(f"the model has {len(repn.objectives)} active objectives; expected exactly one")
    columns = repn.columns
    discrete = [v.name for v in columns if not v.is_continuous()]
    if discrete:
        raise SolverError(f"the direct hand-over is for linear programs; {len(discrete)} integer variables "
                          f"(first: {discrete[0]}) would lose their integrality")
    n_rows, n_cols = repn.A.shape
    sense = np.fromiter((row.bound_type for row in repn.rows), dtype=np.int8, count=n_rows)
    rhs = np.asarray(repn.rhs, dtype=float)
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = np.asarray(repn.c.toarray()[0] if n_cols else np.zeros(0), dtype=float)
    lower = np.fromiter((-inf if v.lb is None else v.lb for v in columns), dtype=float, count=n_cols)
    upper = np.fromiter((inf if v.ub is None else v.ub for v in columns), dtype=float, count=n_cols)
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.where(sense == 1, -inf, rhs)
    lp.row_upper_ = np.where(sense == -1, inf, rhs)
    A = repn.A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    lp.a_matrix_.num_col_ = n_cols
    lp.a_matrix_.num_row_ = n_rows
    lp.offset_ = float(repn.c_offset[0])
    return lp, repn


class DirectModel:
    """A compiled model held in one highspy instance, re-solvable after its column costs change.

    Parameters
    ----------
    m : ConcreteModel
        A linear model with one objective; its variables receive each optimal solution.
    settings : SolverSettings, optional
    compiled : tuple, optional
        The model as :func:`compile_lp` returned it, if already compiled.

    Attributes
    ----------
    columns : list of VarData
        The Pyomo variable of each column.
    col_cost : ndarray
        The column costs as compiled [CNY/yr per unit of the variable].
    offset_cny_per_yr : float
        The objective's constant term as compiled.
    handover_s : float
        Compilation and ``passModel`` [s].
    """

    def __init__(self, m: pyo.ConcreteModel, settings: SolverSettings | None = None, compiled: tuple | None = None):
        start = time.perf_counter()
        self.model = m
        lp, self.columns, self.offset_cny_per_yr = compiled if compiled is not None else compile_lp(m)
        self.col_cost = np.asarray(lp.col_cost_, dtype=float)
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        if self.highs.passModel(lp) == highspy.HighsStatus.kError:
            raise SolverError("HiGHS refused the compiled model")
        self.settings = settings or SolverSettings()
        self.handover_s = time.perf_counter() - start

    def set_costs(self, col_cost, offset_cny_per_yr: float) -> None:
        """Replace every column cost and the objective constant (the basis of the last solve is kept)."""
        col_cost = np.asarray(col_cost, dtype=float)
        if col_cost.shape != self.col_cost.shape:
            raise ValueError(f"{col_cost.size} costs for {self.col_cost.size} columns")
        n = col_cost.size
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), col_cost)
        self.highs.changeObjectiveOffset(float(offset_cny_per_yr))
        self.col_cost = col_cost

    def solve(self, settings: SolverSettings | None = None, log_streams: list | None = None,
              quiet: bool = False) -> SolveInfo:
        """Run HiGHS and load an optimal solution into the model's variables.

        Parameters
        ----------
        settings : SolverSettings, optional
            For this run (default: those given at construction).
        log_streams : list of writable streams, optional
            Where to echo the solver log as it runs; it is always kept in ``SolveInfo.log``.
        quiet : bool
            As :func:`run_logged`: no log, no interrupt handling (a run on a helper thread).
        """
        info = run_logged(self.highs, settings or self.settings, log_streams, quiet=quiet)
        if info.status == "optimal":
            load_values(self.model, self.columns, self.highs.getSolution().col_value)
        return info


def _set_options(highs: highspy.Highs, settings: SolverSettings, **extra) -> None:
    """Set the HiGHS options of ``settings`` (and ``extra`` ones over them) on an instance.

    Options of an earlier run on the same instance are reset first. HiGHS compares ``time_limit`` with
    its run clock, which adds up over the runs of one instance, so the limit is set past the clock.

    Raises
    ------
    SolverError
        If HiGHS refuses an option, naming it and its value.
    """
    highs.resetOptions()
    options = {"log_to_console": False, "output_flag": True, **settings.highs_options()}
    if settings.time_limit_s is not None:
        options["time_limit"] = float(highs.getRunTime() + settings.time_limit_s)
    if settings.threads is not None:
        options["threads"] = int(settings.threads)
    options.update(extra)
    for key, value in options.items():
        if highs.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            hint = " (HiPO needs the highspy-extras package)" if value == "hipo" else ""
            raise SolverError(f"HiGHS refused the option {key} = {value!r}{hint}")


def run_logged(highs: highspy.Highs, settings: SolverSettings, log_streams: list | None = None,
               quiet: bool = False, **extra) -> SolveInfo:
    """Set the options, run HiGHS on the model it holds and report; nothing is loaded into Pyomo.

    Parameters
    ----------
    highs : highspy.Highs
        An instance holding the model (and possibly a starting basis).
    settings : SolverSettings
    log_streams : list of writable streams, optional
        Where to echo the solver log as it runs; it is always kept in ``SolveInfo.log``.
    quiet : bool
        No log and no interrupt handling: HiGHS then never waits for the GIL, for a run on a helper
        thread while the caller computes (:mod:`simulator.model.background`); Ctrl-C stops the caller,
        not the run. Otherwise HiGHS's log reaches ``SolveInfo.log`` (and ``log_streams``, flushed line by
        line; a stream that fails to write is dropped) through its logging callback, from whichever thread
        runs it, and Ctrl-C stops the run at once. PDLP prints past that callback: for ``solver = "pdlp"``
        the process's stdout is captured during the run and added to the log.
    **extra
        HiGHS options that override those of ``settings`` for this run.
    """
    _set_options(highs, settings, **extra)
    if quiet:
        highs.setOptionValue("output_flag", False)
    clock_before = highs.getRunTime()  # HiGHS's run clock adds up over the runs of one instance
    start = time.perf_counter()
    lines: list[str] = []
    streams = list(log_streams or [])

    def echo(event) -> None:
        lines.append(event.message)
        for out in list(streams):
            try:
                out.write(event.message)
                if hasattr(out, "flush"):
                    out.flush()
            except Exception:  # noqa: BLE001 - a closed pipe (`zcpark run ... | head`): its echo stops, the run goes on
                streams.remove(out)

    if quiet:
        run_status = highs.run()
    else:
        highs.cbLogging += echo
        highs.HandleKeyboardInterrupt = True  # the interrupt callback: Ctrl-C ends the run at once
        # PDLP (cuPDLP-C) prints its iterations to the process's stdout, past HiGHS's logging callback
        printed = io.StringIO() if {**settings.highs_options(), **extra}.get("solver") == "pdlp" else None
        try:
            if printed is None:
                run_status = highs.run()
            else:
                with capture_output(output=TeeStream(printed, *streams), capture_fd=True):
                    run_status = highs.run()
        finally:
            # unsubscribed again: the interrupt subscription is a bound method of the instance, a reference
            # cycle that only a full collection would free once the instance is dropped (free_heap)
            highs.HandleKeyboardInterrupt = False
            highs.cbLogging -= echo
            if printed is not None:
                lines.append(printed.getvalue())
    highs.setOptionValue("output_flag", False)  # quiet between runs (basis and model changes)
    elapsed = time.perf_counter() - start
    if run_status == highspy.HighsStatus.kError:
        raise SolverError("HiGHS failed; its log:\n" + "".join(lines)[-2000:])
    model_status = highs.getModelStatus()
    status = _MODEL_STATUS.get(model_status, "error")
    info = highs.getInfo()
    obj = float(info.objective_function_value) if info.primal_solution_status == 2 else None  # 2: feasible
    bound = obj if status == "optimal" else None  # an LP proved optimal: primal = dual objective
    gap = abs(obj - bound) / max(1.0, abs(obj)) if obj is not None and bound is not None else None
    return SolveInfo(
        status=status, termination=highs.modelStatusToString(model_status),
        objective_cny_per_yr=obj, objective_bound_cny_per_yr=bound, gap_fraction=gap,
        simplex_iterations=int(info.simplex_iteration_count), ipm_iterations=int(info.ipm_iteration_count),
        max_primal_infeasibility=float(info.max_primal_infeasibility),
        max_dual_infeasibility=float(info.max_dual_infeasibility),
        solve_s=elapsed, highs_run_s=float(highs.getRunTime() - clock_before), log="".join(lines))


def load_values(m: pyo.ConcreteModel, columns: list, values) -> None:
    """Write one value per column into its Pyomo variable and value the variables that are not columns.

    A :class:`~simulator.model.values.ModelValues` takes the values by column index.
    """
    if getattr(m, "values_only", False):
        m.load(values)
        return
    for var, value in zip(columns, np.asarray(values, dtype=float).tolist()):
        var.set_value(value, skip_validation=True)
    _value_unused(m)


def solve_direct(m: pyo.ConcreteModel, settings: SolverSettings | None = None,
                 log_streams: list | None = None) -> SolveInfo:
    """Compile the model, solve it in a fresh HiGHS and load the primal solution into its variables.

    Parameters
    ----------
    m : ConcreteModel
        A linear model with one objective.
    settings : SolverSettings, optional
    log_streams : list of writable streams, optional
        Where to echo the solver log as it runs; it is always kept in ``SolveInfo.log``.

    Returns
    -------
    SolveInfo
        As :func:`simulator.model.solve.solve_model`; ``solve_s`` covers compilation, hand-over and
        solve, ``handover_s`` compilation and hand-over alone.
    """
    direct = DirectModel(m, settings)
    info = direct.solve(log_streams=log_streams)
    info.solve_s += direct.handover_s
    info.handover_s = direct.handover_s
    return info


#: attribute set on a model whose rows :func:`release_rows` deleted (it can no longer be compiled)
RELEASED_FLAG = "_zcpark_rows_released"
#: rows kept by :func:`release_rows`: read after the solve (the one-dispatch netting checks its residual on them)
KEPT_ROWS = ("balance", "storage_soc_balance")


def release_rows(m: pyo.ConcreteModel, keep: tuple = KEPT_ROWS) -> None:
    """Delete the model's constraints once compiled, to free their memory during the solve.

    A full year at 15 minutes holds ≈ 360,000 rows as Pyomo expressions (docs/speed.md: about 150 MB
    with the allocator trimmed); the solve needs only the compiled LP in HiGHS, and the results need only
    the variables, the objective and the rows named in ``keep``. The model is flagged: compiling it again
    raises :class:`~simulator.errors.SolverError` instead of silently compiling a model without its rows.
    """
    if getattr(m, "values_only", False):  # ModelValues: no rows but the kept ones, held as compiled
        return
    for con in list(m.component_objects(pyo.Constraint, descend_into=True)):
        if con.local_name not in keep:
            con.parent_block().del_component(con)
    setattr(m, RELEASED_FLAG, True)
    free_heap()


def fresh_instance(highs: highspy.Highs) -> highspy.Highs:
    """A new HiGHS instance holding ``highs``'s LP and basis, for the next run to start from that basis.

    An instance keeps what its runs allocated (interior point, crossover and simplex data: ≈ 350 MB after the
    dispatch of a full year at 15 minutes, docs/speed.md), and ``clearModel`` does not give it back. The
    caller drops the old instance (freed at once) and calls :func:`trim_heap`.
    ``highs`` itself is returned where it holds no valid basis or HiGHS refuses the LP or the basis.
    """
    basis = highs.getBasis()
    if not basis.valid:
        return highs
    new = highspy.Highs()
    new.setOptionValue("output_flag", False)
    lp = highs.getLp()
    ok = new.passModel(lp) == highspy.HighsStatus.kOk
    del lp
    if not ok or new.setBasis(basis) != highspy.HighsStatus.kOk:
        return highs
    return new


def column_positions(columns, variables) -> list:
    """The column of each variable (None where it is not a column).

    ``columns`` as :func:`compile_lp` returned them: Pyomo variables (matched by identity) or the columns
    of a :class:`~simulator.model.values.ModelValues` (each variable knows its column).
    """
    if hasattr(columns, "column_of"):
        return [columns.column_of(var) for var in variables]
    position = {id(var): j for j, var in enumerate(columns)}
    return [position.get(id(var)) for var in variables]


#: horizons of up to this many steps (a leap year of hours) size their start design alongside the full
#: model's build (:mod:`simulator.model.background`), holding the typical-period model a little longer;
#: longer horizons (a year at 15 minutes, several years) free it first: their peak stays under 1 GB
OVERLAP_MAX_STEPS = 8784


def free_heap() -> None:
    """Collect unreachable objects, then :func:`trim_heap`.

    For a dropped Pyomo model: its components refer to themselves (a scalar component's data is
    ``{None: self}``), so it is freed only by a collection, which walks every tracked object (≈ 0.1 s
    with the project's imports alone). A dropped ``highspy.Highs`` needs none: :func:`run_logged`
    unsubscribes its interrupt handling after each run, the only cycle it had, and it is freed as soon as
    it is dropped (:func:`trim_heap` then gives its pages back).
    """
    gc.collect()
    _freeze_survivors()  # within heap_frozen: they stay alive until it ends, later collections skip them
    trim_heap()


_FREEZE_LOCK = threading.Lock()
#: runs inside :func:`heap_frozen` now, in any thread; and the thread whose block froze the heap (None if none)
_active_runs = 0
_freeze_owner: int | None = None


@contextlib.contextmanager
def heap_frozen():
    """Keep the objects that exist on entry out of every garbage collection until the block ends.

    :func:`gc.freeze` on entry, :func:`gc.unfreeze` on exit; within the block :func:`free_heap` freezes
    what survives its collection as well (a run's inputs, the modules it imported on the way, the
    compiled model: all alive until the run ends). A run's full collections (:func:`free_heap`, and those
    its millions of Pyomo objects trigger) then walk only what the run made since, not the imported
    modules' objects again: on the small off-grid benchmark park the two collections of a run take
    0.11 s instead of 0.29 s (docs/speed.md, "sixth slot"). What was garbage on entry is collected after
    the block, as it would have been before it.

    Nothing is frozen in a process that is frozen already (study workers:
    :mod:`simulator.studies.batch.preload`; unfreezing would undo that freeze) or while another thread
    runs such a block (runs in threads of one process): the freeze is the process's, and one run's
    collection must not freeze another run's model mid-build. A collection freezes again only on the
    thread that froze, while no other run is in a block.
    """
    global _active_runs, _freeze_owner
    with _FREEZE_LOCK:
        _active_runs += 1
        mine = _active_runs == 1 and not gc.get_freeze_count()
        if mine:
            gc.freeze()
            _freeze_owner = threading.get_ident()
    try:
        yield
    finally:
        with _FREEZE_LOCK:
            _active_runs -= 1
            if mine:
                _freeze_owner = None
                gc.unfreeze()


def _freeze_survivors() -> None:
    """After a collection in :func:`heap_frozen`'s own thread, with no other run in a block: freeze what survived."""
    with _FREEZE_LOCK:
        if _freeze_owner == threading.get_ident() and _active_runs == 1:
            gc.freeze()


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``; nothing elsewhere)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _libc():
    """glibc, loaded once (each load makes objects that only a collection frees); None elsewhere."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, Windows, musl)
        return None


def _value_unused(m: pyo.ConcreteModel) -> None:
    """Give variables that appear in no row and not in the objective a value within their bounds.

    Such variables are not columns of the compiled LP; any value in their bounds is optimal. Fixed
    variables keep their value.
    """
    for var in m.component_data_objects(pyo.Var, active=True, descend_into=True):
        if var.value is None:
            lb, ub = var.lb, var.ub
            var.set_value(0.0 if (lb is None or lb <= 0.0) and (ub is None or ub >= 0.0)
                          else (lb if lb is not None and lb > 0.0 else ub), skip_validation=True)


__all__ = ["OVERLAP_MAX_STEPS", "DirectModel", "column_positions", "compile_lp", "fresh_instance", "free_heap",
           "heap_frozen", "load_values", "release_rows", "run_logged", "solve_direct", "standard_form", "trim_heap"]
