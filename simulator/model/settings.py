"""Solver settings and the solver's report, shared by every solve path (Pyomo hand-over, direct, warm)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass
class SolverSettings:
    """HiGHS settings (see the ``[solver]`` scenario section)."""

    time_limit_s: float | None = None
    method: str = "ipx"
    threads: int | None = None
    primal_feasibility_tolerance: float | None = None
    dual_feasibility_tolerance: float | None = None
    ipm_optimality_tolerance: float | None = None
    presolve: bool = True
    crossover: bool = True
    options: dict = field(default_factory=dict)
    dualize: bool = True

    def highs_options(self) -> dict:
        """The HiGHS option dict these settings stand for."""
        opts = {"solver": self.method, "presolve": "on" if self.presolve else "off",
                "run_crossover": "on" if self.crossover else "off"}
        if self.method in ("ipx", "ipm"):
            opts["ipx_dualize_strategy"] = 1 if self.dualize else 0
        for key in ("primal_feasibility_tolerance", "dual_feasibility_tolerance", "ipm_optimality_tolerance"):
            if getattr(self, key) is not None:
                opts[key] = getattr(self, key)
        opts.update(self.options)
        return opts


#: HiGHS ``simplex_dual_edge_weight_strategy`` of the LPs the project itself gives to dual simplex (the
#: dispatch LPs of off-grid and heat parks, :func:`dispatch_settings`; the typical-period sizing of a
#: grid-connected park with at most one linked store, :func:`sizing_settings`): 1 = Devex. Its iterations are
#: cheaper than dual steepest edge's (no extra solve per iteration for the weights) and, on these LPs of
#: many short steps, hardly more: the design's dispatch of Yuxi tobacco steam 23.0 s / 82,837 iterations
#: -> 15.4 s / 74,830, Binchuan 1.82 s -> 1.21 s, the small off-grid park 0.72 s -> 0.64 s, same
#: objective (docs/speed.md, "seventh slot")
DUAL_EDGE_WEIGHT = 1


def dispatch_settings(settings: SolverSettings, off_grid: bool = False, heat: bool = False) -> SolverSettings:
    """Settings for a dispatch LP whose capacities are fixed (screening re-run, fixed designs in other years).

    Such an LP has no dense capacity columns and IPX is faster on the primal than on the dual: on the
    default full year with a screened design fixed, 4.7 s against 12.5 s (dual simplex 10.4 s; docs/speed.md).
    Off grid (``off_grid``) dual simplex is faster still, and its vertex has hardly any step of simultaneous
    storage charge and discharge, so one dispatch (eq. 32-34) needs no second solve: Binchuan with hydrogen,
    full year, 1.5-3.1 s against 13.1 s for IPX with crossover, 1 such step against 1,207 (docs/speed.md,
    "Binchuan with the hydrogen chain"). With a heat system (``heat``: boilers, heat pumps, heat stores in
    every step) dual simplex as well: Yuxi tobacco steam, full year, 22.8 s against 66.2 s for IPX with
    crossover (docs/speed.md, "third slot"). Only the methods ``ipx``, ``ipm`` and ``choose`` are replaced.
    Where dual simplex is chosen so, its pricing is Devex (``DUAL_EDGE_WEIGHT``) unless
    ``settings.options`` names ``simplex_dual_edge_weight_strategy`` itself.
    """
    out = replace(settings, dualize=False)
    if (off_grid or heat) and settings.method in ("ipx", "ipm", "choose"):
        out = _dual_simplex(out)
    return out


def sizing_settings(settings: SolverSettings, inp) -> SolverSettings:
    """Settings for the typical-period sizing LP of ``inp`` (a warm start's design, screening, re-designs).

    A grid-connected park with at most one linked store (a battery technology or the hydrogen tank,
    whose states are linked across the real periods; a heat store, cyclic within its period, does not
    count) gets dual simplex priced by Devex, faster there than IPX with crossover
    on the dual: on the eight grid-connected library parks' K = 24 sizing LPs 0.46-0.62 s against
    0.63-1.46 s (Yuxi tobacco steam 0.62 s against 1.46 s), on their 8-period probes 0.05-0.08 s against
    0.12-0.22 s, same objective. With two or more storage technologies IPX stays, simplex being slower
    there (Anning with three: 6.84 s against 3.71 s; with two: 2.67 s against 1.74 s), and off grid as
    well (Binchuan 1.05 s against 0.86 s; docs/speed.md, "seventh slot"). As :func:`dispatch_settings`,
    only the methods ``ipx``, ``ipm`` and ``choose`` are replaced, and an own
    ``simplex_dual_edge_weight_strategy`` in ``settings.options`` is kept.

    Parameters
    ----------
    settings : SolverSettings
        The scenario's.
    inp : ModelInputs
        The full-horizon inputs the sizing is for (``grid.connected``, ``stores``, ``hydrogen``).
    """
    linked_stores = len(inp.stores) + (getattr(inp, "hydrogen", None) is not None)
    if not inp.grid.connected or linked_stores > 1 or settings.method not in ("ipx", "ipm", "choose"):
        return settings
    return _dual_simplex(settings)


def _dual_simplex(settings: SolverSettings) -> SolverSettings:
    """``settings`` with dual simplex priced by ``DUAL_EDGE_WEIGHT`` (the options of ``settings`` win)."""
    return replace(settings, method="simplex",
                   options={"simplex_dual_edge_weight_strategy": DUAL_EDGE_WEIGHT, **settings.options})


def solver_settings(scenario) -> SolverSettings:
    """The scenario's ``[solver]`` section as :class:`SolverSettings`."""
    s = scenario.solver
    return SolverSettings(s.time_limit_s, s.method, s.threads, s.primal_feasibility_tolerance,
                          s.dual_feasibility_tolerance, s.ipm_optimality_tolerance, s.presolve, s.crossover,
                          dict(s.options), s.dualize)


@dataclass
class SolveInfo:
    """What the solver reported.

    Attributes
    ----------
    status : str
        ``optimal``, ``infeasible``, ``unbounded``, ``time_limit`` or ``error``.
    termination : str
        Pyomo termination condition.
    objective_cny_per_yr : float or None
    objective_bound_cny_per_yr : float or None
    gap_fraction : float or None
        |objective − bound| / max(1, |objective|).
    simplex_iterations, ipm_iterations : int
    max_primal_infeasibility, max_dual_infeasibility : float or None
    solve_s : float
        Wall time of the solver call [s] (hand-over and solve).
    highs_run_s : float or None
        HiGHS's own run time [s].
    log : str
        The solver log.
    handover_s : float or None
        Compilation and hand-over to HiGHS [s], where measured (direct hand-over).
    warm_start : dict or None
        For a solve started from a design (:func:`simulator.model.warm.solve_from_design`): whether the
        start was used, and the status, objective [CNY/yr] and time [s] of the fixed-design run.
    """

    status: str
    termination: str
    objective_cny_per_yr: float | None
    objective_bound_cny_per_yr: float | None
    gap_fraction: float | None
    simplex_iterations: int
    ipm_iterations: int
    max_primal_infeasibility: float | None
    max_dual_infeasibility: float | None
    solve_s: float
    highs_run_s: float | None
    log: str
    handover_s: float | None = None
    warm_start: dict | None = None
    solved: "SolvedLP | None" = field(default=None, repr=False, compare=False)


@dataclass
class SolvedLP:
    """The HiGHS instance a solve ended in, with its optimal basis, to restart a follow-up LP from.

    Used by the one-dispatch second solve (:func:`simulator.model.dispatch.single_dispatch`), which
    changes the instance's objective, bounds and rows: the instance is consumed by it.

    Attributes
    ----------
    highs : highspy.Highs
        Holding the solved LP; its first ``len(columns)`` columns are the compiled columns.
    columns : list of VarData
        The Pyomo variable of each compiled column.
    col_cost : ndarray
        The instance's column costs [CNY/yr per unit].
    offset_cny_per_yr : float
        The instance's objective constant [CNY/yr].
    shift_idx, shift_start : ndarray
        Columns held as shifts x = v + d (:mod:`simulator.model.warm`): the instance's column is d and
        the variable's value is ``shift_start`` [kW, kWh] plus the column value. Empty without shifts.
    """

    highs: object
    columns: list
    col_cost: object
    offset_cny_per_yr: float
    shift_idx: object
    shift_start: object
