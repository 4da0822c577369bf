"""Policy rules as yearly (horizon) sums: 650号 direct supply, off-grid, zero-carbon park (eq. 10-17).

Each rule is a named constraint; ``RULE_NAMES`` maps it to the compliance-table name. With
``elastic=True`` each rule gets a non-negative slack (kWh) that the objective penalises, so that an
infeasible rule set can be diagnosed: the rules whose slack is positive are the ones that cannot be met.

Every threshold is a mutable ``pyo.Param`` ``rule_threshold_fraction[rule]`` indexed by the
compliance-table names of ``RULE_NAMES``: one threshold can change and the model be re-solved without
rebuilding it (``simulator.studies.frontier``, ``simulator.model.parametric``).
"""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs
from simulator.model.parts import ModelParts

#: compliance-table name -> (legal basis, Pyomo constraint name)
RULE_NAMES = {
    "650_self_consumption": ("发改能源〔2025〕650号", "policy_self_consumption"),
    "650_green_share": ("发改能源〔2025〕650号", "policy_green_share"),
    "650_feed_in": ("发改能源〔2025〕650号", "policy_feed_in"),
    "off_grid_unserved": ("off-grid supply adequacy", "policy_unserved"),
    "910_direct_green_share": ("发改环资〔2025〕910号 / 1082号", "policy_zero_carbon_direct"),
    "910_clean_share": ("发改环资〔2025〕910号", "policy_zero_carbon_clean"),
}

ELASTIC_PENALTY_CNY_PER_KWH = 1.0e4


def active_rules(inp: ModelInputs) -> list[str]:
    """Compliance-table names of the rules the model enforces for these inputs."""
    rules = []
    if inp.grid.connected:
        rules += [f"650_{r}" for r in inp.policy.direct_supply_rules]
    else:
        rules.append("off_grid_unserved")
    if inp.policy.zero_carbon:
        rules += ["910_direct_green_share", "910_clean_share"]
    return rules


def rule_threshold(inp: ModelInputs, rule: str) -> float:
    """Threshold [fraction] of a rule (compliance-table name) as given in the inputs."""
    pol = inp.policy
    return float({
        "650_self_consumption": pol.self_consumption_min_fraction,
        "650_green_share": pol.green_share_min_fraction,
        "650_feed_in": pol.feed_in_max_fraction,
        "off_grid_unserved": pol.unserved_max_fraction,
        "910_direct_green_share": pol.zero_carbon_direct_green_min_fraction,
        "910_clean_share": pol.zero_carbon_clean_share_min_fraction,
    }[rule])


def fuel_kwh_equivalent(pol) -> float:
    """kWh of electricity (at the chosen tce basis c) per kWh of fuel (LHV) [-]: fuel counts at its heat
    value, 1 kWh = ``energy.kgce_per_kwh`` kgce (GB/T 2589), so 0.1229 / c (1 with the 当量值 basis)."""
    from simulator.data import default

    return float(default("energy.kgce_per_kwh")) / pol.electricity_kgce_per_kwh


def add_unserved(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts, elastic: bool = False) -> None:
    """Unserved load u_t <= L_t, allowed only where the policy caps it above zero (eq. 15).

    In an elastic off-grid model u_t is always allowed, so that the slack of the unserved-energy rule
    measures how far supply falls short.
    """
    load = inp.load_kw.tolist()
    allowed = inp.policy.unserved_max_fraction > 0 or (elastic and not inp.grid.connected)
    m.unserved_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals,
                            bounds=lambda _, t: (0.0, load[t] if allowed else 0.0))
    parts.supply.append(lambda t: m.unserved_kw[t])
    if allowed:
        voll = inp.policy.value_of_lost_load_cny_per_kwh * inp.year_weight * inp.dt_h
        w = inp.weights.tolist()
        parts.add_cost("unserved_penalty", voll * pyo.quicksum(w[t] * m.unserved_kw[t] for t in m.T))


def add_policy(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts, elastic: bool = False) -> None:
    """Add the enforced rules of :func:`active_rules`.

    Sums are weighted by w_t (1 unless typical periods). A = Σ_g C_g Σ_t a_g,t Δt before curtailment, or Σ_g,t p_g,t Δt after (eq. 10);
    S = Σ_t (L_t − m_t − u_t) Δt (eq. 11), where L_t includes the electricity for heat E_t (eq. H3);
    S >= 0.60 A (eq. 12); S >= φ ΣL Δt (eq. 13);
    Σ x_t Δt <= 0.20 A (eq. 14); Σ u_t Δt <= ε ΣL Δt (eq. 15); S >= 0.50 ΣL Δt (eq. 16);
    S + B + f (Σ m_t Δt − B) + O_c/(k c) >= 0.90 (ΣL Δt + O/(k c)) with green purchases
    0 <= B <= Σ m_t Δt priced per kWh, grid clean fraction f, other energy use O (clean part O_c) [tce/yr]
    and electricity at c [tce/kWh] (eq. 17; with f = O = 0 it is S + B >= 0.90 ΣL Δt).
    """
    pol, dt = inp.policy, inp.dt_h
    T = range(inp.n_steps)
    wa = inp.weights
    w = wa.tolist()
    total_load = float((inp.load_kw * wa).sum() * dt)
    if parts.load:  # electricity for heat is park load too (eq. H3): ΣL becomes Σ(L + E), still linear
        total_load = total_load + dt * pyo.quicksum(w[t] * f(t) for t in T for f in parts.load)
    rules = active_rules(inp)
    if pol.available_basis == "before_curtailment":
        potential = {g.name: float((g.availability * wa).sum() * dt) for g in inp.generators}
        available = sum(potential[g] * m.gen_capacity_kw[g] for g in m.G)
    else:
        available = dt * pyo.quicksum(w[t] * m.gen_kw[g, t] for g in m.G for t in T)
    self_consumed = total_load - dt * pyo.quicksum(w[t] * (m.import_kw[t] + m.unserved_kw[t]) for t in T)
    exported = dt * pyo.quicksum(w[t] * m.export_kw[t] for t in T)
    m.RULES = pyo.Set(initialize=rules, ordered=True)
    m.rule_threshold_fraction = pyo.Param(m.RULES, mutable=True, within=pyo.NonNegativeReals,
                                          initialize={r: rule_threshold(inp, r) for r in rules})
    limit = m.rule_threshold_fraction
    m.rule_slack_kwh = pyo.Var(m.RULES, domain=pyo.NonNegativeReals, bounds=(0.0, None if elastic else 0.0))
    slack = m.rule_slack_kwh
    if elastic:
        parts.add_cost("rule_violation_penalty", ELASTIC_PENALTY_CNY_PER_KWH * sum(slack[r] for r in rules))
    if "650_self_consumption" in rules:
        m.policy_self_consumption = pyo.Constraint(
            expr=self_consumed + slack["650_self_consumption"] >= limit["650_self_consumption"] * available)
    if "650_green_share" in rules:
        m.policy_green_share = pyo.Constraint(
            expr=self_consumed + slack["650_green_share"] >= limit["650_green_share"] * total_load)
    if "650_feed_in" in rules:
        m.policy_feed_in = pyo.Constraint(
            expr=exported - slack["650_feed_in"] <= limit["650_feed_in"] * available)
    if "off_grid_unserved" in rules:
        m.policy_unserved = pyo.Constraint(
            expr=dt * pyo.quicksum(w[t] * m.unserved_kw[t] for t in T) - slack["off_grid_unserved"]
            <= limit["off_grid_unserved"] * total_load)
    if pol.zero_carbon:
        m.green_purchase_kwh = pyo.Var(domain=pyo.NonNegativeReals)
        series = pol.green_certificate_price_series_cny_per_kwh
        if series is None:
            m.policy_green_purchase_max = pyo.Constraint(
                expr=m.green_purchase_kwh <= dt * pyo.quicksum(w[t] * m.import_kw[t] for t in T))
        else:  # priced per step: b_t <= m_t, B = Σ w_t Δt b_t (eq. 17a)
            m.green_purchase_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals)
            m.policy_green_purchase_step = pyo.Constraint(m.T, rule=lambda _, t: m.green_purchase_kw[t] <= m.import_kw[t])
            m.policy_green_purchase_total = pyo.Constraint(
                expr=m.green_purchase_kwh == dt * pyo.quicksum(w[t] * m.green_purchase_kw[t] for t in T))
        m.policy_zero_carbon_direct = pyo.Constraint(
            expr=self_consumed + slack["910_direct_green_share"]
            >= limit["910_direct_green_share"] * total_load)
        other_kwh, other_clean_kwh = pol.other_energy_kwh_equivalent(inp.year_weight)
        if parts.fuel_kwh:  # boiler fuel of [heat] (eq. H7): energy use, not clean, at the chosen tce basis
            other_kwh = other_kwh + fuel_kwh_equivalent(pol) * sum(parts.fuel_kwh)
        imported = dt * pyo.quicksum(w[t] * m.import_kw[t] for t in T)
        clean = (self_consumed + m.green_purchase_kwh + other_clean_kwh
                 + pol.grid_clean_fraction * (imported - m.green_purchase_kwh))
        m.policy_zero_carbon_clean = pyo.Constraint(
            expr=clean + slack["910_clean_share"] >= limit["910_clean_share"] * (total_load + other_kwh))
        if series is None:
            parts.add_cost("green_certificates",
                           inp.year_weight * pol.green_certificate_price_cny_per_kwh * m.green_purchase_kwh)
        else:
            price = [float(p) for p in series]
            parts.add_cost("green_certificates", inp.year_weight * dt * pyo.quicksum(
                w[t] * price[t] * m.green_purchase_kw[t] for t in T))
