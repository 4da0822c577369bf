"""Typical-period screening: size on clustered days, then dispatch the full year with those sizes.

``size_on_typical_periods`` solves the reduced model (``simulator.model.reduction``) and returns its
capacities; ``size_with_peak_periods`` keeps the real days a first design's connection is shortest on as
periods of their own (the screening run's sizing: a share of its K periods); ``fix_capacities`` pins
them in a full-horizon model so that the reported hourly results, KPIs and compliance are exact for the
year. The full-horizon re-run uses elastic rules: if the sizes found on typical periods miss a rule over
the real year, the run still reports the dispatch and names the rule and the energy it is short by.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable

import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from simulator.errors import InputError, InputIssue, SolverError
from simulator.model import build_model, solve_model
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.reduction import peak_periods, reduce_inputs
from simulator.model.solve import SolveInfo, SolverSettings, sizing_settings
from simulator.model.storage import storage_prefix

#: hydrogen capacities a start design fixes in its dispatch (:func:`capacity_vars`): the electrolyser only
HYDROGEN_CAPACITIES = ("h2_electrolyser_kw",)


@dataclass
class Screening:
    """Outcome of the reduced solve.

    Attributes
    ----------
    capacities : dict
        ``gen:<name>`` [kW], ``storage_kwh``, ``storage_kw`` (``storage_<name>_kwh``, ``storage_<name>_kw``
        per technology when there are several), ``connection_kw``; with ``[hydrogen]`` also
        ``h2_electrolyser_kw``, ``h2_tank_kg`` [kg] and ``h2_fuel_cell_kw`` (when modelled).
    objective_cny_per_yr : float
        Objective of the reduced model [CNY/yr].
    n_periods, period_hours : int
        Periods of the model in all (typical and peak ones) and their length [h].
    reduce_s, build_s, solve_s : float
        Wall times [s].
    medoids : list of str
        Dates of the real periods chosen as typical periods.
    rule_margins_kwh : dict
        Margins of the re-sizing rounds (:func:`screen_with_margins`) [kWh per horizon].
    peak_periods : list of int
        Real periods (0-based) added as periods of their own (:func:`size_with_peak_periods`).
    rounds : int
        Typical-period solves whose times are added up in ``reduce_s``, ``build_s``, ``solve_s``.
    storage_factor : float
        ``TYPICAL_STORAGE_FACTOR`` where the screened design's battery storage was scaled by it, else 1 [-].
    fixed_capacities : dict or None
        The capacities fixed in the full-horizon dispatch (:func:`with_storage_factor`): ``capacities``
        with the battery storage times ``storage_factor``; None before that.
    """

    capacities: dict
    objective_cny_per_yr: float
    n_periods: int
    period_hours: int
    reduce_s: float
    build_s: float
    solve_s: float
    medoids: list
    rule_margins_kwh: dict = field(default_factory=dict)
    peak_periods: list = field(default_factory=list)
    rounds: int = 1
    storage_factor: float = 1.0
    fixed_capacities: dict | None = None

    @property
    def screened_capacities(self) -> dict:
        """The capacities a full-horizon dispatch fixes: ``fixed_capacities``, else ``capacities``."""
        return self.fixed_capacities if self.fixed_capacities is not None else self.capacities

    def as_dict(self) -> dict:
        """JSON-ready summary block."""
        return {"method": "typical_periods", "n_periods": self.n_periods, "typical_periods": self.typical_periods,
                "period_hours": self.period_hours,
                "reduced_objective_cny_per_yr": self.objective_cny_per_yr,
                "reduced_capacities": self.capacities, "storage_factor": self.storage_factor,
                "screened_capacities": self.screened_capacities,
                "reduce_s": self.reduce_s, "build_s": self.build_s,
                "solve_s": self.solve_s, "medoids": self.medoids, "rule_margins_kwh": self.rule_margins_kwh,
                "peak_periods": self.peak_periods, "sizing_rounds": self.rounds}

    @property
    def typical_periods(self) -> int:
        """Typical periods of the model: ``n_periods`` without the real peak periods."""
        return self.n_periods - len(self.peak_periods)

    def after(self, earlier: "Screening") -> "Screening":
        """This sizing with the times and rounds of an earlier one added (a re-sizing round)."""
        return replace(self, reduce_s=self.reduce_s + earlier.reduce_s, build_s=self.build_s + earlier.build_s,
                       solve_s=self.solve_s + earlier.solve_s, rounds=self.rounds + earlier.rounds)


def read_capacities(m: pyo.ConcreteModel) -> dict:
    """Capacity decisions of a solved model by name."""
    out = {f"gen:{g}": float(m.gen_capacity_kw[g].value or 0.0) for g in m.G}
    for s in getattr(m, "S", ()):  # storage_kwh / storage_kw, or storage_<name>_kwh / _kw per technology
        out[f"{storage_prefix(s)}_kwh"] = float(m.storage_energy_kwh[s].value or 0.0)
        out[f"{storage_prefix(s)}_kw"] = float(m.storage_power_kw[s].value or 0.0)
    out["connection_kw"] = float(m.connection_kw.value or 0.0)
    for name in ("h2_electrolyser_kw", "h2_tank_kg", "h2_fuel_cell_kw"):  # [hydrogen]: [kW], [kg], [kW]
        if hasattr(m, name):
            out[name] = float(getattr(m, name).value or 0.0)
    return out


def capacity_vars(m: pyo.ConcreteModel, capacities: dict, hydrogen: bool = True) -> ComponentMap:
    """The generator and storage capacity variables of a built model with the given values.

    The declared connection capacity is left out: the peak import of typical periods understates the
    real year's, and the connection is a contract choice the full-year dispatch should make. With
    ``hydrogen`` the electrolyser is included (``HYDROGEN_CAPACITIES``): an electrolyser short for the real
    year is made up by the shortfall column the warm start opens (eq. Y3b). The tank and the fuel cell are
    left to the design's dispatch: a fixed tank that is short strands hydrogen in the wrong season, and an
    off-grid plant load with no unserved allowance may need the fuel cell the typical days did without.
    """
    out = ComponentMap()
    for name in HYDROGEN_CAPACITIES if hydrogen else ():
        if name in capacities and hasattr(m, name):
            out[getattr(m, name)] = capacities[name]
    storage = {}
    for s in getattr(m, "S", ()):
        storage[f"{storage_prefix(s)}_kwh"] = m.storage_energy_kwh[s]
        storage[f"{storage_prefix(s)}_kw"] = m.storage_power_kw[s]
    for key, value in capacities.items():
        if key.startswith("gen:"):
            out[m.gen_capacity_kw[key[4:]]] = value
        elif key in storage:
            out[storage[key]] = value
    return out


def fix_capacities(m: pyo.ConcreteModel, capacities: dict) -> None:
    """Fix generator and storage capacities of a built model to given values (not the connection, nor
    the hydrogen chain: the full-year dispatch re-sizes it against the real year's demand)."""
    for var, value in capacity_vars(m, capacities, hydrogen=False).items():
        var.fix(value)


def warm_start_applies(inp: ModelInputs, solver) -> bool:
    """Whether ``[solver] warm_start`` asks for a typical-period start on this horizon.

    ``auto``: the horizon is a whole number of ``period_hours`` periods, at least four times
    ``typical_periods`` of them; ``typical_periods``: at least ``typical_periods`` of them; ``none``: never.
    """
    if solver.warm_start == "none":
        return False
    steps = int(round(solver.period_hours / inp.dt_h))
    n_real = inp.n_steps // steps if inp.n_steps % steps == 0 else 0
    return n_real >= (4 if solver.warm_start == "auto" else 1) * solver.typical_periods


def peak_room(inp: ModelInputs, solver) -> bool:
    """Whether the horizon holds the typical periods and every round's peak periods (:func:`start_design`)."""
    steps = int(round(solver.period_hours / inp.dt_h))
    return inp.n_steps // steps >= solver.typical_periods + PEAK_PERIOD_ROUNDS * PEAK_PERIODS_PER_ROUND


def single_sizing_start(inp: ModelInputs, solver) -> bool:
    """Whether :func:`start_design` is one typical-period sizing of ``solver.typical_periods``: a start
    applies and no peak periods are added (no room for them, or no connection to pay for)."""
    return warm_start_applies(inp, solver) and not (peak_room(inp, solver) and pays_for_connection(inp))


def pays_for_connection(inp: ModelInputs) -> bool:
    """Whether the park is grid-connected with a capacity or demand charge: then
    :func:`size_with_peak_periods` keeps real peak periods of their own (several sizings), else it sizes once."""
    grid = inp.grid
    return grid.connected and (grid.capacity_charge_cny_per_kw_month > 0 or grid.demand_charge_cny_per_kw_month > 0)


def start_design(inp: ModelInputs, index: pd.DatetimeIndex, solver, settings: SolverSettings,
                 source: str = "scenario") -> Screening | None:
    """A typical-period sizing to warm-start the exact full-horizon solve from, or None.

    Where the horizon has the periods to spare, a grid-connected park that pays for its connection gets its
    real peak periods as periods of their own on top of K typical ones (:func:`size_with_peak_periods`,
    ``within=False``; a screening gives them a share of K): that start needs 1.6-4 x fewer primal simplex
    iterations, and Qujing's meets the 910号 rule over the real year without a re-design (docs/speed.md,
    "third slot: the warm start"; with 18 + 6 periods instead of 24 + 6 it is a worse start, "eighth slot").

    Parameters
    ----------
    inp : ModelInputs
        Full-horizon inputs.
    index : DatetimeIndex
    solver : SolverSection
        The scenario's ``[solver]`` section: ``warm_start`` (``auto``: only when the horizon holds at
        least four times ``typical_periods`` whole periods, e.g. a year of days for 24 typical days),
        ``typical_periods``, ``period_hours``, ``typical_period_representation``.
    settings : SolverSettings
    source : str
        Named in the error for an explicit ``warm_start = "typical_periods"`` that cannot apply.

    Returns
    -------
    Screening or None
        None when no warm start applies or the typical-period model has no optimum (the full model
        then shows why).
    """
    if solver.warm_start == "none":
        return None
    if not warm_start_applies(inp, solver):
        if solver.warm_start == "auto":
            return None
        raise InputError(InputIssue(source, "solver.warm_start", solver.warm_start,
                                    f"a horizon of whole {solver.period_hours} h periods, at least "
                                    f"solver.typical_periods = {solver.typical_periods} of them "
                                    f"({inp.n_steps} steps given), or warm_start = 'auto' / 'none'"))
    try:
        if peak_room(inp, solver):  # the real peak periods as periods of their own: a start nearer the optimum
            return size_with_peak_periods(inp, index, settings, solver, within=False)
        return size_on_typical_periods(inp, index, settings, solver.typical_periods, solver.period_hours,
                                       solver.typical_period_representation)
    except SolverError:
        return None


#: the battery storage (energy and power) of a typical-period design is multiplied by this on a
#: grid-connected park, where a warm start begins and in the screened design [-]: typical periods average
#: away the real year's runs of poor days, and understate the storage the year's optimum buys (docs/speed.md,
#: "fifth slot: more storage from typical periods"). Measured on the eight grid-connected library parks:
#: screening's real-year cost within 0.22 % of the optimum (Qujing +2.95 % -> +0.03 %); warm-start
#: primal simplex iterations 24,712 -> 14,499 on the eight (Qujing 10,364 -> 894; Kunming 1,163 -> 2,292)
TYPICAL_STORAGE_FACTOR = 1.2


def scaled_capacities(design: Screening, inp: ModelInputs) -> tuple[dict, float]:
    """A typical-period design's capacities with its battery storage scaled, and the factor asked for.

    On a grid-connected park each battery technology's energy and power are the design's times
    ``TYPICAL_STORAGE_FACTOR`` (less where that would pass the technology's ``max_kwh`` or ``max_kw``:
    energy and power keep their ratio); the rest is the design's.
    Off grid the design is kept as it is: there the factor is no rule (Anning off grid's screening cost
    +0.10 % as sized, +4.4 % with 10 % more storage; Binchuan's gap is its hydrogen, not its battery).
    """
    factor = TYPICAL_STORAGE_FACTOR if inp.grid.connected else 1.0
    out = dict(design.capacities)
    if factor == 1.0:
        return out, factor
    for store in inp.stores:
        keys = [f"{storage_prefix(store.name)}_kwh", f"{storage_prefix(store.name)}_kw"]
        if not all(key in out for key in keys):
            continue
        scale = factor  # one factor for energy and power: the duration limits (eq. 6) still hold
        for key, cap in zip(keys, (store.max_kwh, store.max_kw)):
            if cap is not None and out[key] > 0.0:
                scale = min(scale, max(1.0, cap / out[key]))
        for key in keys:
            out[key] *= scale
    return out, factor


def with_storage_factor(design: Screening, inp: ModelInputs) -> Screening:
    """The design with ``fixed_capacities`` and ``storage_factor`` set (:func:`scaled_capacities`)."""
    capacities, factor = scaled_capacities(design, inp)
    return replace(design, fixed_capacities=capacities, storage_factor=factor)


#: how often a screened design that misses rules over the full horizon is sized again with a margin
SCREENING_REDESIGN_ROUNDS = 2
#: margin of a re-sizing: this many times the energy the full-horizon dispatch was short of a rule [-]
SCREENING_REDESIGN_MARGIN = 1.5


def screen_with_margins(m: pyo.ConcreteModel, inp: ModelInputs, index: pd.DatetimeIndex, solver,
                        settings: SolverSettings, screening: Screening, info, dispatch: Callable):
    """Size the typical periods again while the screened design misses rules over the full horizon.

    ``m`` is the elastic full-horizon model with the screened capacities fixed and ``info`` its solve.
    Where a rule's slack s_r is positive (the design falls short of it over the real horizon, e.g. a
    dark week the typical periods smooth out), the typical periods are sized again with that rule
    tightened by ``SCREENING_REDESIGN_MARGIN`` times the shortfall (added up over rounds; ``rule_margin_kwh``
    of :func:`size_on_typical_periods`) and the new design, its battery storage scaled as the first one's
    (:func:`with_storage_factor`), is dispatched by ``dispatch(m)``; at most
    ``SCREENING_REDESIGN_ROUNDS`` times. The sizing times of every round are added up.

    Returns
    -------
    Screening
        The last design, with ``rule_margins_kwh`` (empty when no round ran).
    SolveInfo
        The solve of its full-horizon dispatch.
    """
    total_kwh = float((inp.load_kw * inp.weights).sum() * inp.dt_h)
    tol = 1e-9 * max(total_kwh, 1.0)  # a solver tolerance on the horizon's energy sums [kWh]
    margins: dict = {}
    kept = screening.screened_capacities
    for _ in range(SCREENING_REDESIGN_ROUNDS):
        if info.status != "optimal" or not hasattr(m, "rule_slack_kwh"):
            break
        short = {r: float(m.rule_slack_kwh[r].value or 0.0) for r in m.RULES}
        short = {r: v for r, v in short.items() if v > tol}
        if not short:
            break
        for rule, kwh in short.items():
            margins[rule] = margins.get(rule, 0.0) + SCREENING_REDESIGN_MARGIN * kwh
        try:
            new = size_on_typical_periods(inp, index, settings, solver.typical_periods, solver.period_hours,
                                          solver.typical_period_representation, rule_margin_kwh=dict(margins),
                                          extra_periods=screening.peak_periods)
        except SolverError:
            break
        new = with_storage_factor(new, inp)
        fix_capacities(m, new.screened_capacities)
        new_info = dispatch(m)
        if new_info.status != "optimal":  # keep the design before this round
            fix_capacities(m, kept)
            info = dispatch(m)
            break
        screening = replace(new.after(screening), rule_margins_kwh=dict(margins), peak_periods=screening.peak_periods)
        kept, info = screening.screened_capacities, new_info
    return screening, info


def redesigner(inp: ModelInputs, index: pd.DatetimeIndex, solver, settings: SolverSettings,
               m: pyo.ConcreteModel, peak: tuple | list = ()) -> Callable[[dict], ComponentMap | None]:
    """A re-design for :func:`simulator.model.warm.solve_from_design`: typical periods sized with margins.

    The returned function takes the energy to spare per rule (compliance-table name -> kWh per horizon),
    adds it to the margins of earlier calls, sizes the typical periods of ``solver`` again with those
    rules tightened (:func:`size_on_typical_periods`, ``rule_margin_kwh``) and returns that design
    (:func:`scaled_capacities`: the battery storage times the factor, as the first start) as start values
    of ``m``'s capacity variables; None if the tightened model has no optimum. ``peak``: the
    start design's real peak periods (``Screening.peak_periods``), kept as periods of their own. The
    design only changes where the exact solve starts, never its optimum.
    """
    margins: dict = {}

    def redesign(extra_kwh: dict) -> ComponentMap | None:
        for rule, kwh in extra_kwh.items():
            margins[rule] = margins.get(rule, 0.0) + float(kwh)
        try:
            design = size_on_typical_periods(inp, index, settings, solver.typical_periods + len(set(peak)),
                                             solver.period_hours, solver.typical_period_representation,
                                             rule_margin_kwh=margins, extra_periods=peak)
        except SolverError:
            return None
        return capacity_vars(m, scaled_capacities(design, inp)[0])  # storage as the first start's

    return redesign


#: rounds of :func:`size_with_peak_periods`: how often real peak periods are added and the typical periods
#: sized again (docs/speed.md, "third slot": Yuxi light industry +1.48 % -> +0.13 % after one round of six)
PEAK_PERIOD_ROUNDS = 1
#: real periods added per round [-]
PEAK_PERIODS_PER_ROUND = 6
#: typical periods of the probe sizing whose design names the first peak periods [-] (Yuxi light industry:
#: the same six days as from the 24-period design, docs/speed.md "third slot")
PEAK_PROBE_PERIODS = 8
#: a screening's sizing model of K periods gives at most this share of them to real peak periods [-]: K = 24
#: holds 18 typical and 6 peak days (docs/speed.md, "eighth slot": the year's cost as with 24 + 6, sized
#: 1.2-1.8 x faster); a warm start adds its peak periods to K typical ones (a nearer start)
PEAK_PERIODS_MAX_SHARE = 0.25


def size_with_peak_periods(inp: ModelInputs, index: pd.DatetimeIndex, settings: SolverSettings, solver,
                           rounds: int = PEAK_PERIOD_ROUNDS, within: bool = True) -> Screening:
    """Size on typical periods and the real peak periods of a first design, as periods of their own.

    For a grid-connected park that pays for its connection (capacity or demand charge), a probe design
    sized on ``min(K, PEAK_PROBE_PERIODS)`` typical periods names up to ``PEAK_PERIODS_PER_ROUND`` real
    periods of :func:`peak_periods` (largest excess of the residual load over its connection); the design
    is then sized with those periods, with their own numbers and weight 1, and typical periods
    (:func:`simulator.model.reduction.reduce_inputs`, ``extra_periods``): ``within`` (a screening), K
    periods in all, at most ``PEAK_PERIODS_MAX_SHARE`` of them peak periods; else (a warm start) K
    typical periods and the peak periods. Each further round (``rounds`` in all) adds the peak periods of
    the last design, while there are any. Off grid, or without a connection charge, this is the plain
    typical-period sizing. The times of every sizing, the probe's included, are added up (``rounds`` of
    :class:`Screening` counts them).

    Parameters
    ----------
    inp, index, settings
        As :func:`size_on_typical_periods`.
    solver : SolverSection
        ``typical_periods``, ``period_hours``, ``typical_period_representation``.
    rounds : int
        Most sizings with added peak periods.
    within : bool
        Whether the peak periods count among the K periods.
    """
    def size(n_periods: int, extra: list) -> Screening:
        return size_on_typical_periods(inp, index, settings, n_periods, solver.period_hours,
                                       solver.typical_period_representation, extra_periods=extra)

    K = solver.typical_periods
    most = rounds * PEAK_PERIODS_PER_ROUND  # peak periods in all: a screening's within its K periods
    if within:
        most = min(most, int(PEAK_PERIODS_MAX_SHARE * K))
    if not pays_for_connection(inp) or most == 0:
        return size(K, [])
    steps = int(round(solver.period_hours / inp.dt_h))
    design = size(min(K, PEAK_PROBE_PERIODS), [])
    final = None
    for _ in range(rounds):
        room = min(PEAK_PERIODS_PER_ROUND, most - len(design.peak_periods))
        new = peak_periods(inp, design.capacities, steps, exclude=design.peak_periods, n=room) if room > 0 else []
        if not new:
            break
        peaks = design.peak_periods + new
        design = final = size(K if within else K + len(peaks), peaks).after(design)
    if final is not None:
        return final
    return design if K <= PEAK_PROBE_PERIODS else size(K, []).after(design)  # no peak period: K typical ones


def size_on_typical_periods(inp: ModelInputs, index: pd.DatetimeIndex, settings: SolverSettings,
                            n_periods: int, period_hours: int, representation: str = "distribution",
                            rule_margin_kwh: dict | None = None, extra_periods: tuple | list = ()) -> Screening:
    """Solve the sizing model on typical periods (by :func:`~simulator.model.solve.sizing_settings`), return its design.

    ``n_periods`` counts every period of the model: ``extra_periods`` (real periods of their own) and
    ``n_periods`` minus as many typical ones.
    ``rule_margin_kwh`` tightens rules (compliance-table name -> energy [kWh per horizon]) by holding
    their slack s_r at minus the margin: the typical periods must meet the rule with that much to spare
    (used when a design missed the rule over the real horizon, :func:`redesign`).

    Raises
    ------
    SolverError
        If the reduced model has no optimum (the full model is then tried by the caller's diagnosis).
    """
    sizing = typical_model(inp, index, n_periods, period_hours, representation, rule_margin_kwh, extra_periods)
    return sizing.design(solve_model(sizing.model, sizing_settings(settings, inp)))


@dataclass
class TypicalModel:
    """A typical-period sizing model, built and not yet solved (:func:`typical_model`).

    Attributes
    ----------
    model : ConcreteModel
    n_periods, period_hours : int
        Periods of the model in all (typical and real ones of their own) and their length [h].
    reduce_s, build_s : float
        Wall times of the clustering and the build [s].
    medoids : list of str
    peak_periods : list of int
    """

    model: pyo.ConcreteModel
    n_periods: int
    period_hours: int
    reduce_s: float
    build_s: float
    medoids: list
    peak_periods: list

    def design(self, info: SolveInfo) -> Screening:
        """The design of the solved model (its values loaded) as :class:`Screening`.

        Raises
        ------
        SolverError
            If the solve did not end optimal.
        """
        if info.status != "optimal":
            raise SolverError(f"the typical-period model ended {info.status}; solve the full year instead "
                              f"(solver.time_reduction = 'none') to see which rules cannot be met")
        return Screening(read_capacities(self.model), float(info.objective_cny_per_yr), self.n_periods,
                         self.period_hours, self.reduce_s, self.build_s, info.solve_s, self.medoids,
                         peak_periods=self.peak_periods)


def typical_model(inp: ModelInputs, index: pd.DatetimeIndex, n_periods: int, period_hours: int,
                  representation: str = "distribution", rule_margin_kwh: dict | None = None,
                  extra_periods: tuple | list = ()) -> TypicalModel:
    """The sizing model of :func:`size_on_typical_periods` (same arguments), built, not solved."""
    own = len(set(extra_periods))
    if n_periods <= own:
        raise ValueError(f"a sizing model of {n_periods} periods has no room for typical ones next to "
                         f"{own} periods of their own")
    t0 = time.perf_counter()
    reduced = reduce_inputs(inp, index, n_periods - own, period_hours, representation, extra_periods)
    t1 = time.perf_counter()
    m = build_model(reduced)
    for rule, margin in (rule_margin_kwh or {}).items():
        m.rule_slack_kwh[rule].fix(-float(margin), skip_validation=True)
    return TypicalModel(m, reduced.periods.n_clusters, period_hours, t1 - t0, time.perf_counter() - t1,
                        reduced.labels.get("typical_period_medoids", []), sorted({int(d) for d in extra_periods}))
