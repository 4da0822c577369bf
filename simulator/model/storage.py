"""Storage block: energy E, power P, charge c_t, discharge d_t, state of charge s_t (eq. 3-6)."""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.model.inputs import ModelInputs, crf
from simulator.model.parts import ModelParts


def add_storage(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts) -> None:
    """Add the storage variables and constraints.

    s_t = s_{t-1} (1 - σ)^Δt + Δt (η_c c_t - d_t / η_d), cyclic s_{-1} = s_{T-1} (eq. 3);
    soc_min E <= s_t <= soc_max E (eq. 4); c_t <= P, d_t <= P (eq. 5);
    dur_min P <= E <= dur_max P (eq. 6); existing <= E, P <= max (eq. 18).
    Without grid charging, c_t <= Σ_g p_g,t (eq. 22).
    """
    st = inp.storage
    T = inp.n_steps
    dt = inp.dt_h
    m.storage_energy_kwh = pyo.Var(domain=pyo.NonNegativeReals, bounds=(st.existing_kwh, st.max_kwh))
    m.storage_power_kw = pyo.Var(domain=pyo.NonNegativeReals, bounds=(st.existing_kw, st.max_kw))
    m.charge_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals)
    m.discharge_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals)
    m.soc_kwh = pyo.Var(m.T, domain=pyo.NonNegativeReals)
    keep = (1.0 - st.self_discharge_per_h) ** dt
    eta_c, inv_eta_d = st.charge_efficiency, 1.0 / st.discharge_efficiency

    def soc_rule(_, t):
        previous = m.soc_kwh[T - 1] if t == 0 else m.soc_kwh[t - 1]
        return m.soc_kwh[t] == keep * previous + dt * (eta_c * m.charge_kw[t] - inv_eta_d * m.discharge_kw[t])

    m.storage_soc_balance = pyo.Constraint(m.T, rule=soc_rule)
    m.storage_soc_min = pyo.Constraint(m.T, rule=lambda _, t: m.soc_kwh[t] >= st.soc_min_fraction * m.storage_energy_kwh)
    m.storage_soc_max = pyo.Constraint(m.T, rule=lambda _, t: m.soc_kwh[t] <= st.soc_max_fraction * m.storage_energy_kwh)
    m.storage_charge_max = pyo.Constraint(m.T, rule=lambda _, t: m.charge_kw[t] <= m.storage_power_kw)
    m.storage_discharge_max = pyo.Constraint(m.T, rule=lambda _, t: m.discharge_kw[t] <= m.storage_power_kw)
    if st.min_duration_h is not None:
        m.storage_duration_min = pyo.Constraint(expr=m.storage_energy_kwh >= st.min_duration_h * m.storage_power_kw)
    if st.max_duration_h is not None:
        m.storage_duration_max = pyo.Constraint(expr=m.storage_energy_kwh <= st.max_duration_h * m.storage_power_kw)
    if not st.allow_grid_charging:
        m.storage_green_charging = pyo.Constraint(
            m.T, rule=lambda _, t: m.charge_kw[t] <= sum(m.gen_kw[g, t] for g in m.G))
    parts.supply.append(lambda t: m.discharge_kw[t])
    parts.demand.append(lambda t: m.charge_kw[t])
    annuity = crf(inp.discount_rate_fraction, st.lifetime_yr)
    parts.add_cost("capex", annuity * (st.energy_capex_cny_per_kwh * (m.storage_energy_kwh - st.existing_kwh)
                                       + st.power_capex_cny_per_kw * (m.storage_power_kw - st.existing_kw)))
    parts.add_cost("fixed_om", st.fixed_om_cny_per_kwh_yr * m.storage_energy_kwh
                   + st.fixed_om_cny_per_kw_yr * m.storage_power_kw)
