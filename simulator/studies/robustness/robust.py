"""Robust sizing: one design that meets the rules in every weather year.

Formulation (docs/robustness.md, eq. R1-R3). One Pyomo model with one ``pyo.Block`` per weather year
y = 0..N-1, each filled by the ordinary block builders (``simulator.model.build.populate``) on that
year's inputs, so each year has its own dispatch, its own balance and its own policy rules (eq. 1-17
per year). The design is shared:

(R1) C_g^y = C_g^0, E^y = E^0, P^y = P^0, M^y = M^0 for every year y >= 1 (generators, storage energy
     and power, declared connection).
(R2) Every year's rules hold in that year (the rules are per-year sums, as the legal texts state them):
     the design meets the rules in *every* year. A chosen share of years (a chance constraint) would need
     one binary per year and rule — a MILP, not this LP — and is not offered.
(R3) Objective: Σ_y w_y · (cost terms of year y) with Σ_y w_y = 1 (equal weights unless given). The
     investment and fixed O&M terms are the same in every year because of (R1), so the objective is the
     annual investment and fixed cost once plus the expected operating cost over the years.

With N identical years the model is N copies of the single-year model tied by (R1), so its optimum equals
the single-year optimum. Each year may be the full hourly year or typical periods of that year
(``simulator.model.reduction``, clustered per year); with typical periods the sizes should be checked by
:func:`simulator.studies.robustness.evaluate.evaluate_design` on the full years.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from simulator.errors import SolverError
from simulator.model.build import check_prices, populate
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.reduction import reduce_inputs
from simulator.model.solve import SolverSettings, solve_model
from simulator.results.extract import extract_capacities
from simulator.model.warm import solve_from_design
from simulator.model.heat import heat_design, link_heat_capacities
from simulator.model.screening import capacity_vars, read_capacities


def build_robust_model(inputs: list[ModelInputs], weights: list[float] | None = None,
                       elastic: bool = False) -> pyo.ConcreteModel:
    """One model, one block ``year_<i>`` per weather year, shared capacities (R1-R3).

    Parameters
    ----------
    inputs : list of ModelInputs
        One per year (full years or typical periods).
    weights : list of float, optional
        w_y >= 0, normalised to sum to 1; none = equal.
    elastic : bool
        Give every year's rules a penalised slack.

    Returns
    -------
    ConcreteModel
        With ``objective`` [CNY/yr], ``years`` (the list of blocks) and ``year_weights``.
    """
    if not inputs:
        raise ValueError("give at least one year")
    n = len(inputs)
    w = [1.0 / n] * n if weights is None else [float(x) for x in weights]
    if len(w) != n or min(w) < 0 or sum(w) <= 0:
        raise ValueError("weights: one non-negative number per year, not all zero")
    w = [x / sum(w) for x in w]
    names = [[g.name for g in inp.generators] for inp in inputs]
    stores = [[st.name for st in inp.stores] for inp in inputs]
    if any(nm != names[0] for nm in names) or any(st != stores[0] for st in stores):
        raise ValueError("every year must have the same generators and storage")
    m = pyo.ConcreteModel(name="zcpark_robust")
    blocks, costs = [], []
    for i, inp in enumerate(inputs):
        inp.check()
        check_prices(inp)
        b = pyo.Block(concrete=True)
        m.add_component(f"year_{i}", b)
        parts = populate(b, inp, elastic=elastic)
        blocks.append(b)
        costs.append(sum(parts.costs.values()))
    first = blocks[0]
    m.YEARS = pyo.RangeSet(1, n - 1) if n > 1 else pyo.Set(initialize=[])
    m.G = pyo.Set(initialize=names[0], ordered=True)
    m.link_generator = pyo.Constraint(
        m.YEARS, m.G, rule=lambda _, y, g: blocks[y].gen_capacity_kw[g] == first.gen_capacity_kw[g])
    m.link_connection = pyo.Constraint(m.YEARS, rule=lambda _, y: blocks[y].connection_kw == first.connection_kw)
    if stores[0]:
        m.S = pyo.Set(initialize=stores[0], ordered=True)
        m.link_storage_energy = pyo.Constraint(
            m.YEARS, m.S, rule=lambda _, y, s: blocks[y].storage_energy_kwh[s] == first.storage_energy_kwh[s])
        m.link_storage_power = pyo.Constraint(
            m.YEARS, m.S, rule=lambda _, y, s: blocks[y].storage_power_kw[s] == first.storage_power_kw[s])
    link_heat_capacities(m, blocks, inputs[0])  # process heat: one heat design for every year too
    m.objective = pyo.Objective(expr=sum(wy * c for wy, c in zip(w, costs)), sense=pyo.minimize)
    m.years = blocks
    m.year_weights = w
    return m


@dataclass
class RobustSizing:
    """Outcome of the robust sizing.

    Attributes
    ----------
    status : str
        Solver status (``optimal``, ``infeasible``, ...).
    design : dict
        ``gen:<name>`` [kW], ``storage_kwh``, ``storage_kw``, ``connection_kw`` (shared by all years).
    capacity : dict
        The same in the output-contract names (``pv_kw``, ``wind_kw``, ...).
    objective_cny_per_yr : float or None
        Annual investment + fixed cost + weighted operating cost [CNY/yr].
    year_cost_cny_per_yr : list of float
        Each year's total cost with the shared design [CNY/yr].
    method : str
        ``full_years`` or ``typical_periods``.
    n_years, n_steps_per_year : int
    build_s, solve_s, reduce_s : float
        Wall times [s].
    """

    status: str
    design: dict
    capacity: dict
    objective_cny_per_yr: float | None
    year_cost_cny_per_yr: list
    method: str
    n_years: int
    n_steps_per_year: int
    build_s: float
    solve_s: float
    reduce_s: float = 0.0
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """JSON-ready block (the ``robustness.robust`` key of summary.json)."""
        return {"status": self.status, "method": self.method, "n_years": self.n_years,
                "n_steps_per_year": self.n_steps_per_year, "capacity": self.capacity, "design": self.design,
                "objective_cny_per_yr": self.objective_cny_per_yr,
                "year_cost_cny_per_yr": self.year_cost_cny_per_yr, "rules_met_in": "every year",
                "build_s": self.build_s, "solve_s": self.solve_s, "reduce_s": self.reduce_s, "notes": self.notes}


def size_robust(inputs: list[ModelInputs], settings: SolverSettings | None = None,
                weights: list[float] | None = None, index: pd.DatetimeIndex | None = None,
                typical_periods: int | None = None, period_hours: int = 24,
                representation: str = "medoid", start: dict | None = None) -> RobustSizing:
    """Size one design over N weather years (R1-R3).

    Parameters
    ----------
    inputs : list of ModelInputs
        Full-horizon inputs per year.
    settings : SolverSettings, optional
    weights : list of float, optional
        Probability of each year; none = equal.
    index : pandas.DatetimeIndex, optional
        Required with ``typical_periods``.
    typical_periods : int, optional
        K typical periods per year (each year clustered on its own); none = full hourly years.
    period_hours : int
        Length of a typical period [h].
    representation : str
        tsam representation (``medoid`` keeps real days).
    start : dict, optional
        A design to start the solve from (``gen:<name>`` [kW], ``storage_kwh``, ``storage_kw``; e.g. the
        typical-period robust design): every year's capacities start there and primal simplex moves
        them to the optimum (:func:`simulator.model.warm.solve_from_design`); same optimum.

    Returns
    -------
    RobustSizing
        ``status`` other than ``optimal`` means no design meets the rules in every year within the bounds.
    """
    notes = []
    t0 = time.perf_counter()
    method = "full_years"
    if typical_periods is not None:
        if index is None:
            raise ValueError("typical periods need the index")
        inputs = [reduce_inputs(inp, index, typical_periods, period_hours, representation) for inp in inputs]
        method = "typical_periods"
        notes.append(f"{typical_periods} typical periods of {period_hours} h per year ({representation}); "
                     "check the design on the full years (evaluate)")
    t1 = time.perf_counter()
    m = build_robust_model(inputs, weights)
    t2 = time.perf_counter()
    if start:
        design = ComponentMap()
        for block in m.years:
            design.update(capacity_vars(block, start))
        info = solve_from_design(m, design, settings or SolverSettings(), release=True)  # rows freed once compiled
        notes.append("solved from a given start design" + ("" if info.warm_start["used"] else
                                                           " (not dispatchable in every year: solved cold)"))
    else:
        info = solve_model(m, settings or SolverSettings(), release=True)
    steps = inputs[0].n_steps
    if info.status != "optimal":
        if info.status not in ("infeasible", "infeasible_or_unbounded"):
            raise SolverError(f"the robust sizing ended {info.status} ({info.termination})")
        notes.append("no design within the capacity bounds meets the rules in every year")
        return RobustSizing(info.status, {}, {}, None, [], method, len(inputs), steps, t2 - t1, info.solve_s,
                            t1 - t0, notes)
    first = m.years[0]
    design = {**read_capacities(first), **heat_design(first)}
    capacity = extract_capacities(first, inputs[0])
    year_cost = [float(pyo.value(sum(b.cost_terms.values()))) for b in m.years]
    return RobustSizing("optimal", design, capacity, float(info.objective_cny_per_yr), year_cost, method,
                        len(inputs), steps, t2 - t1, info.solve_s, t1 - t0, notes)
