"""Generator block: capacity C_g and delivered power p_g,t of PV and wind types (eq. 2, 18)."""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.parts import ModelParts


def add_generators(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts) -> None:
    """Add ``gen_capacity_kw[g]``, ``gen_kw[g, t]`` and the availability limits.

    p_g,t <= a_g,t C_g (eq. 2); existing_g <= C_g <= max_g (eq. 18). Steps with a_g,t = 0 get the
    bound p_g,t = 0 instead of a constraint. Costs: capex_g CRF (C_g - existing_g) + fom_g C_g.
    """
    gens = {g.name: g for g in inp.generators}
    m.G = pyo.Set(initialize=list(gens), ordered=True)
    m.gen_capacity_kw = pyo.Var(m.G, domain=pyo.NonNegativeReals,
                                bounds=lambda _, g: (gens[g].existing_kw, gens[g].max_kw))
    avail = {g: gens[g].availability.tolist() for g in gens}

    def p_bounds(_, g, t):
        return (0.0, None if avail[g][t] > 0 else 0.0)

    m.gen_kw = pyo.Var(m.G, m.T, domain=pyo.NonNegativeReals, bounds=p_bounds)
    index = [(g, t) for g in gens for t in range(inp.n_steps) if avail[g][t] > 0]
    m.gen_availability = pyo.Constraint(
        index, rule=lambda _, g, t: m.gen_kw[g, t] <= avail[g][t] * m.gen_capacity_kw[g])
    park = [g for g in gens if gens[g].site == "park"]  # site generators reach the park by their line (eq. L2)
    parts.supply.append(lambda t: sum(m.gen_kw[g, t] for g in park))
    parts.green.append(lambda t: sum(m.gen_kw[g, t] for g in park))
    r = inp.discount_rate_fraction
    factor = m.cost_factor  # mutable: a cost sweep re-solves without rebuilding (simulator/studies/sweep.py)
    parts.add_cost("capex", sum(factor[f"{gens[g].kind}_capex"] * gens[g].capex_cny_per_kw * crf(r, gens[g].lifetime_yr)
                                * (m.gen_capacity_kw[g] - gens[g].existing_kw) for g in gens))
    parts.add_cost("fixed_om", sum(gens[g].fixed_om_cny_per_kw_yr * m.gen_capacity_kw[g] for g in gens))
