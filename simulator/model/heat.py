"""Process-heat block: heat technologies, heat stores and a heat balance per carrier (eq. H1-H9).

Electric boilers and heat pumps take their electricity E_t from the park bus: E_t is a demand term of
the electricity balance (eq. 1) and part of the park's electric load in the rule sums (eq. 11, 13, 16,
17), so the green supply is sized for it. Fuel boilers burn fuel at a price and with CO2, optionally
priced by ``policy.carbon_price_cny_per_t`` (or ``heat.carbon_price_cny_per_t``).
"""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.parts import ModelParts


def heat_electricity_kw(m: pyo.Block, inp: ModelInputs, t: int):
    """E_t = Σ_{j electric} h_j,t / η_j [kW] (eq. H3), an expression."""
    return sum(m.heat_kw[j.name, t] * (1.0 / j.heat_per_input) for j in inp.heat.technologies if j.electric)


def add_heat(m: pyo.Block, inp: ModelInputs, parts: ModelParts) -> None:
    """Add the heat technologies, stores, the heat balance and the heat cost terms.

    h_j,t <= C_j, existing_j <= C_j <= max_j (eq. H2); per carrier c and step t
    Σ_{j∈c} h_j,t + Σ_{s∈c} d_s,t = Q_c,t + Σ_{s∈c} c_s,t (eq. H1); E_t = Σ_{electric j} h_j,t / η_j enters
    eq. 1 as a demand and the rule sums as load (eq. H3); heat stores
    s_t = (1-λ)^Δt s_{t-1} + Δt (η_c c_t - d_t / η_d), cyclic, s_t <= E, c_t, d_t <= ρ E (eq. H4-H6) — on
    typical periods cyclic within each period (a heat store carries nothing from one period to the next);
    fuel F_j,t = h_j,t / η_j (eq. H7); costs: annuity and O&M of C_j and E_s, k Δt Σ_t w_t π_j F_j,t for
    fuel and k Δt Σ_t w_t e_j F_j,t x carbon price for fuel CO2 (eq. H8-H9).
    """
    heat, dt, k = inp.heat, inp.dt_h, inp.year_weight
    T = inp.n_steps
    w = inp.weights.tolist()
    techs = {j.name: j for j in heat.technologies}
    stores = {s.name: s for s in heat.storages}
    m.HEAT_TECH = pyo.Set(initialize=list(techs), ordered=True)
    m.heat_capacity_kw = pyo.Var(m.HEAT_TECH, domain=pyo.NonNegativeReals,
                                 bounds=lambda _, j: (techs[j].existing_kw, techs[j].max_kw))
    m.heat_kw = pyo.Var(m.HEAT_TECH, m.T, domain=pyo.NonNegativeReals)
    avail = {j.name: None if j.availability is None else [float(v) for v in j.availability]
             for j in heat.technologies}

    def capacity_rule(_, j, t):  # eq. H2; free cooling only where the outdoor temperature allows (eq. C1)
        if avail[j] is None:
            return m.heat_kw[j, t] <= m.heat_capacity_kw[j]
        return m.heat_kw[j, t] <= avail[j][t] * m.heat_capacity_kw[j]

    m.heat_capacity_max = pyo.Constraint(m.HEAT_TECH, m.T, rule=capacity_rule)
    m.HEAT_STORE = pyo.Set(initialize=list(stores), ordered=True)
    m.heat_store_kwh = pyo.Var(m.HEAT_STORE, domain=pyo.NonNegativeReals,
                               bounds=lambda _, s: (stores[s].existing_kwh, stores[s].max_kwh))
    m.heat_store_charge_kw = pyo.Var(m.HEAT_STORE, m.T, domain=pyo.NonNegativeReals)
    m.heat_store_discharge_kw = pyo.Var(m.HEAT_STORE, m.T, domain=pyo.NonNegativeReals)
    m.heat_store_soc_kwh = pyo.Var(m.HEAT_STORE, m.T, domain=pyo.NonNegativeReals)

    H = T if inp.periods is None else inp.periods.period_steps

    def soc_rule(_, s, t):  # eq. H4, cyclic over the horizon (typical periods: within each period)
        st = stores[s]
        previous = m.heat_store_soc_kwh[s, t + H - 1 if t % H == 0 else t - 1]
        return m.heat_store_soc_kwh[s, t] == (1.0 - st.loss_per_h) ** dt * previous + dt * (
            st.charge_efficiency * m.heat_store_charge_kw[s, t]
            - m.heat_store_discharge_kw[s, t] / st.discharge_efficiency)

    m.heat_store_balance = pyo.Constraint(m.HEAT_STORE, m.T, rule=soc_rule)
    m.heat_store_soc_max = pyo.Constraint(  # eq. H5
        m.HEAT_STORE, m.T, rule=lambda _, s, t: m.heat_store_soc_kwh[s, t] <= m.heat_store_kwh[s])
    m.heat_store_charge_max = pyo.Constraint(  # eq. H6
        m.HEAT_STORE, m.T, rule=lambda _, s, t: m.heat_store_charge_kw[s, t]
        <= stores[s].power_per_energy_per_h * m.heat_store_kwh[s])
    m.heat_store_discharge_max = pyo.Constraint(
        m.HEAT_STORE, m.T, rule=lambda _, s, t: m.heat_store_discharge_kw[s, t]
        <= stores[s].power_per_energy_per_h * m.heat_store_kwh[s])
    demand = {c: [float(v) for v in heat.demand_kw[c]] for c in heat.carriers}
    m.HEAT_CARRIER = pyo.Set(initialize=heat.carriers, ordered=True)

    def balance(_, c, t):  # eq. H1
        supply = sum(m.heat_kw[j, t] for j in techs if techs[j].carrier == c)
        store_net = sum(m.heat_store_discharge_kw[s, t] - m.heat_store_charge_kw[s, t]
                        for s in stores if stores[s].carrier == c)
        return supply + store_net == demand[c][t]

    m.heat_balance = pyo.Constraint(m.HEAT_CARRIER, m.T, rule=balance)
    if any(j.electric for j in techs.values()):  # eq. H3: electricity for heat is park load
        parts.demand.append(lambda t: heat_electricity_kw(m, inp, t))
        parts.load.append(lambda t: heat_electricity_kw(m, inp, t))
    r = inp.discount_rate_fraction
    parts.add_cost("heat_capex", sum(crf(r, j.lifetime_yr) * j.capex_cny_per_kw
                                     * (m.heat_capacity_kw[j.name] - j.existing_kw) for j in techs.values())
                   + sum(crf(r, s.lifetime_yr) * s.capex_cny_per_kwh * (m.heat_store_kwh[s.name] - s.existing_kwh)
                         for s in stores.values()))
    parts.add_cost("heat_fixed_om", sum(j.fixed_om_cny_per_kw_yr * m.heat_capacity_kw[j.name] for j in techs.values())
                   + sum(s.fixed_om_cny_per_kwh_yr * m.heat_store_kwh[s.name] for s in stores.values()))
    if heat.electrified_min_fraction is not None:  # eq. H10: share of heat supplied by electric kinds
        m.heat_electrified_min_fraction = pyo.Param(initialize=float(heat.electrified_min_fraction), mutable=True)

        def supplied(kinds):
            return pyo.quicksum(w[t] * m.heat_kw[j.name, t] for j in kinds for t in range(T))

        m.heat_electrified_share = pyo.Constraint(  # heat carriers only: cooling is electric anyway
            expr=supplied([j for j in techs.values() if j.electric and j.heating])
            >= m.heat_electrified_min_fraction * supplied([j for j in techs.values() if j.heating]))
    fired = [j for j in techs.values() if not j.electric]
    if fired:
        def fuel_kwh(j):  # eq. H7: fuel over the horizon, weighted [kWh LHV]
            return dt / j.heat_per_input * pyo.quicksum(w[t] * m.heat_kw[j.name, t] for t in range(T))

        parts.add_cost("heat_fuel", k * sum(j.fuel_price_cny_per_kwh * fuel_kwh(j) for j in fired))
        parts.fuel_kwh.append(sum(fuel_kwh(j) for j in fired))  # non-clean energy of the 910号 share (eq. 17)
        if heat.carbon_price_cny_per_t > 0:
            parts.add_cost("heat_carbon", k * heat.carbon_price_cny_per_t / 1000.0
                           * sum(j.emission_kg_per_kwh * fuel_kwh(j) for j in fired))


def heat_design(m: pyo.Block) -> dict:
    """Heat capacities of a solved model: ``heat:<technology>`` [kW_th] and ``heat_store:<store>`` [kWh_th]."""
    out = {f"heat:{j}": float(m.heat_capacity_kw[j].value or 0.0) for j in getattr(m, "HEAT_TECH", ())}
    out.update({f"heat_store:{s}": float(m.heat_store_kwh[s].value or 0.0) for s in getattr(m, "HEAT_STORE", ())})
    return out


def heat_design_from_capacity(capacity: dict, inp: ModelInputs) -> dict:
    """The keys of :func:`heat_design` from an output-contract capacity dict (``heat_<name>_kw``,
    ``heat_storage_<name>_kwh``); empty without heat."""
    if inp.heat is None:
        return {}
    out = {f"heat:{j.name}": float(capacity[f"heat_{j.name}_kw"]) for j in inp.heat.technologies}
    out.update({f"heat_store:{s.name}": float(capacity[f"heat_storage_{s.name}_kwh"]) for s in inp.heat.storages})
    return out


def fix_heat_capacities(m: pyo.Block, design: dict) -> None:
    """Fix the heat technologies' and stores' capacities of a built model to a design (:func:`heat_design`)."""
    for key, value in design.items():
        if key.startswith("heat:"):
            m.heat_capacity_kw[key[5:]].fix(value)
        elif key.startswith("heat_store:"):
            m.heat_store_kwh[key[11:]].fix(value)


def link_heat_capacities(m: pyo.Block, blocks: list, inp: ModelInputs) -> None:
    """One heat design for every block (weather years of the robust sizing): C_j and E_s of block y equal
    those of the first block."""
    if inp.heat is None or len(blocks) < 2:
        return
    first, rest = blocks[0], range(1, len(blocks))
    m.link_heat_tech = pyo.Constraint(
        rest, [j.name for j in inp.heat.technologies],
        rule=lambda _, y, j: blocks[y].heat_capacity_kw[j] == first.heat_capacity_kw[j])
    if inp.heat.storages:
        m.link_heat_store = pyo.Constraint(
            rest, [s.name for s in inp.heat.storages],
            rule=lambda _, y, s: blocks[y].heat_store_kwh[s] == first.heat_store_kwh[s])


def grow_heat_capacities(m: pyo.Block, blocks: list, inputs: list, remaining: list, rate: float) -> list:
    """Milestones with heat (eq. M1, M3): heat capacities only grow, each build pays its annuity from its
    milestone to the end of the horizon; returns the investment terms [CNY, present value]."""
    heat = inputs[0].heat
    if heat is None:
        return []
    if any(inp.heat is None or [j.name for j in inp.heat.technologies] != [j.name for j in heat.technologies]
           or [s.name for s in inp.heat.storages] != [s.name for s in heat.storages] for inp in inputs):
        raise ValueError("every milestone must have the same heat technologies and stores")
    periods = range(1, len(blocks))
    m.grow_heat_tech = pyo.Constraint(
        periods, [j.name for j in heat.technologies],
        rule=lambda _, p, j: blocks[p].heat_capacity_kw[j] >= blocks[p - 1].heat_capacity_kw[j])
    if heat.storages:
        m.grow_heat_store = pyo.Constraint(
            periods, [s.name for s in heat.storages],
            rule=lambda _, p, s: blocks[p].heat_store_kwh[s] >= blocks[p - 1].heat_store_kwh[s])
    out = []
    for p, (inp, b) in enumerate(zip(inputs, blocks)):
        for j in inp.heat.technologies:
            before = blocks[p - 1].heat_capacity_kw[j.name] if p else j.existing_kw
            out.append(remaining[p] * crf(rate, j.lifetime_yr) * j.capex_cny_per_kw
                       * (b.heat_capacity_kw[j.name] - before))
        for s in inp.heat.storages:
            before = blocks[p - 1].heat_store_kwh[s.name] if p else s.existing_kwh
            out.append(remaining[p] * crf(rate, s.lifetime_yr) * s.capex_cny_per_kwh
                       * (b.heat_store_kwh[s.name] - before))
    return out
