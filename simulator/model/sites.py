"""Direct lines (专线) of generation sites to the park: line capacity K_l, sent power f_l,t (eq. L1-L4).

Generators and stores of a site ``l`` are not on the park bus: their net output is what the line sends,
f_l,t, and the park receives (1 − λ_l) f_l,t. See docs/formulation.md ("Sites and direct lines") and
docs/sites.md.
"""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.parts import ModelParts


def add_lines(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts) -> None:
    """Add ``line_capacity_kw[l]``, ``line_send_kw[l, t]`` and what each line delivers to the park.

    f_l,t <= K_l (eq. L1); existing_l <= K_l <= max_l (bounds); the park bus receives (1 − λ_l) f_l,t as
    supply and as green power (eq. L3). Costs: capex_l CRF(r, n_l) (K_l − existing_l) in ``line_capex``,
    fom_l K_l in ``line_fixed_om`` (eq. L4).
    """
    lines = {line.site: line for line in inp.lines}
    m.L = pyo.Set(initialize=list(lines), ordered=True)
    m.line_capacity_kw = pyo.Var(m.L, domain=pyo.NonNegativeReals,
                                 bounds=lambda _, l: (lines[l].existing_kw, lines[l].max_kw))
    m.line_send_kw = pyo.Var(m.L, m.T, domain=pyo.NonNegativeReals)
    m.line_capacity_max = pyo.Constraint(m.L, m.T, rule=lambda _, l, t: m.line_send_kw[l, t] <= m.line_capacity_kw[l])
    keep = {l: 1.0 - line.loss_fraction for l, line in lines.items()}

    def delivered(t):
        return sum(keep[l] * m.line_send_kw[l, t] for l in lines)

    parts.supply.append(delivered)
    parts.green.append(delivered)
    r = inp.discount_rate_fraction
    parts.add_cost("line_capex", sum(line.capex_cny_per_kw * crf(r, line.lifetime_yr)
                                     * (m.line_capacity_kw[l] - line.existing_kw) for l, line in lines.items()))
    parts.add_cost("line_fixed_om", sum(line.fixed_om_cny_per_kw_yr * m.line_capacity_kw[l]
                                        for l, line in lines.items()))


def add_site_balance(m: pyo.ConcreteModel, inp: ModelInputs) -> None:
    """Each site's balance: Σ_g∈l p_g,t + Σ_s∈l (d_s,t − c_s,t) = f_l,t (eq. L2).

    Curtailment at the site is a_g,t C_g − p_g,t (eq. 2); the site has no load and no grid, so its
    stores charge only from its own generation.
    """
    gens = {line.site: [g.name for g in inp.generators if g.site == line.site] for line in inp.lines}
    stores = {line.site: [s.name for s in inp.stores if s.site == line.site] for line in inp.lines}

    def balance(_, l, t):
        return (sum(m.gen_kw[g, t] for g in gens[l])
                + sum(m.discharge_kw[s, t] - m.charge_kw[s, t] for s in stores[l]) == m.line_send_kw[l, t])

    m.site_balance = pyo.Constraint(m.L, m.T, rule=balance)
