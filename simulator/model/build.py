"""Assembling the sizing model from its blocks (see docs/formulation.md for the equations)."""
from __future__ import annotations

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from simulator.inputs.tariff import check_export_below_import
from simulator.model.flexible import add_flexible
from simulator.model.generators import add_generators
from simulator.model.grid import add_grid
from simulator.model.heat import add_heat
from simulator.model.hydrogen import add_hydrogen
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.parts import ModelParts
from simulator.model.policy import add_policy, add_unserved
from simulator.model.sites import add_lines, add_site_balance
from simulator.model.storage import add_storage


#: cost groups with a mutable multiplier ``m.cost_factor[name]``: PV / wind investment, storage investment
#: (energy and power), grid energy prices (import and export together)
COST_FACTORS = ("pv_capex", "wind_capex", "storage_capex", "grid_prices")


def check_prices(inp: ModelInputs) -> None:
    """Refuse export prices >= import prices (the LP would buy grid power to sell it back).

    The same check as ``zcpark validate`` (:func:`simulator.inputs.tariff.check_export_below_import`),
    repeated on the numbers the model receives; skipped when the park cannot export.

    Raises
    ------
    InputError
        Naming the first step where ρ_t >= π_t and both prices.
    """
    if not inp.grid.connected or not inp.grid.export_allowed:
        return
    check_export_below_import(inp.grid.export_price_cny_per_kwh, inp.grid.import_price_cny_per_kwh,
                              inp.labels.get("timestamps"), inp.labels.get("source", "scenario"))


def build_model(inp: ModelInputs, elastic: bool = False) -> pyo.ConcreteModel:
    """Build the Pyomo sizing model.

    Parameters
    ----------
    inp : ModelInputs
        Numbers only (checked with :meth:`ModelInputs.check`).
    elastic : bool
        Give every policy rule a penalised slack (for diagnosing infeasible rule sets).

    Returns
    -------
    pyomo.environ.ConcreteModel
        With ``objective`` (CNY/yr) and ``cost_terms`` (name -> expression) attached.
    """
    inp.check()
    check_prices(inp)
    # Pyomo creates ~10^5 small objects per full year; pausing the cyclic garbage collector while it does
    # (as Pyomo's own writers do) halves the build time (benchmarks/bench_speed.py)
    with PauseGC():
        m = pyo.ConcreteModel(name="zcpark_sizing")
        parts = populate(m, inp, elastic)
        m.objective = pyo.Objective(expr=sum(parts.costs.values()), sense=pyo.minimize)  # eq. 19
    return m


def populate(m: pyo.Block, inp: ModelInputs, elastic: bool = False) -> ModelParts:
    """Add every technology block, the balance and the policy rules of ``inp`` to a model or block.

    Used by :func:`build_model` and, on one ``pyo.Block`` per weather year or milestone, by
    :mod:`simulator.studies.robustness`. No objective is added; ``m.cost_terms`` holds the annual cost terms.

    Returns
    -------
    ModelParts
        The balance and cost terms the blocks added.
    """
    m.T = pyo.RangeSet(0, inp.n_steps - 1)
    # multipliers of the cost groups of COST_FACTORS, 1 as built: changed by cost sweeps on one compiled model
    m.COST_FACTORS = pyo.Set(initialize=COST_FACTORS, ordered=True)
    m.cost_factor = pyo.Param(m.COST_FACTORS, mutable=True, initialize=1.0, within=pyo.NonNegativeReals)
    parts = ModelParts()
    add_generators(m, inp, parts)
    if inp.lines:  # [[sites]]: line capacity and flows before the blocks that use the park's green power
        add_lines(m, inp, parts)
    if inp.stores:
        add_storage(m, inp, parts)
    if inp.lines:
        add_site_balance(m, inp)
    add_grid(m, inp, parts)
    add_unserved(m, inp, parts, elastic=elastic)
    if inp.flexible is not None:
        add_flexible(m, inp, parts)
    if inp.heat is not None:
        add_heat(m, inp, parts)
    if getattr(inp, "hydrogen", None) is not None:
        add_hydrogen(m, inp, parts)
    load = inp.load_kw.tolist()

    def balance(_, t):  # eq. 1
        return sum(f(t) for f in parts.supply) == load[t] + sum(f(t) for f in parts.demand)

    m.balance = pyo.Constraint(m.T, rule=balance)
    add_policy(m, inp, parts, elastic=elastic)
    m.cost_terms = parts.costs
    return parts
