"""Storage block: energy E, power P, charge c_t, discharge d_t, state of charge s_t (eq. 3-6)."""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
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
    # with typical periods soc_kwh is the state relative to the period's start and may be negative
    m.soc_kwh = pyo.Var(m.T, domain=pyo.NonNegativeReals if inp.periods is None else pyo.Reals)
    keep = (1.0 - st.self_discharge_per_h) ** dt
    eta_c, inv_eta_d = st.charge_efficiency, 1.0 / st.discharge_efficiency

    if inp.periods is None:
        def soc_rule(_, t):
            previous = m.soc_kwh[T - 1] if t == 0 else m.soc_kwh[t - 1]
            return m.soc_kwh[t] == keep * previous + dt * (eta_c * m.charge_kw[t] - inv_eta_d * m.discharge_kw[t])

        m.storage_soc_balance = pyo.Constraint(m.T, rule=soc_rule)
        m.storage_soc_min = pyo.Constraint(m.T, rule=lambda _, t: m.soc_kwh[t] >= st.soc_min_fraction * m.storage_energy_kwh)
        m.storage_soc_max = pyo.Constraint(m.T, rule=lambda _, t: m.soc_kwh[t] <= st.soc_max_fraction * m.storage_energy_kwh)
    else:
        _add_linked_periods(m, inp, keep, eta_c, inv_eta_d)
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
    parts.add_cost("capex", m.cost_factor["storage_capex"] * annuity * (st.energy_capex_cny_per_kwh * (m.storage_energy_kwh - st.existing_kwh)
                                       + st.power_capex_cny_per_kw * (m.storage_power_kw - st.existing_kw)))
    parts.add_cost("fixed_om", st.fixed_om_cny_per_kwh_yr * m.storage_energy_kwh
                   + st.fixed_om_cny_per_kw_yr * m.storage_power_kw)


def _add_linked_periods(m: pyo.ConcreteModel, inp: ModelInputs, keep: float, eta_c: float,
                        inv_eta_d: float) -> None:
    """Storage across typical periods with inter-period linking (eq. 26-29; Kotzur et al. 2018).

    Within typical period k (steps t = kH .. kH+H-1), s_t is the state relative to the period's start:
    s_kH = Δt (η_c c − d/η_d), s_t = (1−σ)^Δt s_{t−1} + Δt (η_c c_t − d_t/η_d) (eq. 26).
    Across the real sequence of periods δ = 0..D−1 with typical period k(δ), the absolute state at each
    period's start S_δ ≥ 0 follows S_{δ+1} = (1−σ)^{HΔt} S_δ + s_{k(δ),end}, cyclic S_D = S_0 (eq. 27).
    Bounds use each typical period's extreme relative states: S_δ + max_k ≤ soc_max E and
    (1−σ)^{HΔt} S_δ + min_k ≥ soc_min E (eq. 28-29; conservative with self-discharge).
    """
    st, dt, per = inp.storage, inp.dt_h, inp.periods
    H, K = per.period_steps, per.n_clusters
    seq = [int(k) for k in per.sequence]
    D = len(seq)

    def intra(_, t):
        flow = dt * (eta_c * m.charge_kw[t] - inv_eta_d * m.discharge_kw[t])
        return m.soc_kwh[t] == flow if t % H == 0 else m.soc_kwh[t] == keep * m.soc_kwh[t - 1] + flow

    m.storage_soc_balance = pyo.Constraint(m.T, rule=intra)
    m.CLUSTERS = pyo.RangeSet(0, K - 1)
    m.PERIODS = pyo.RangeSet(0, D - 1)
    m.soc_period_start_kwh = pyo.Var(m.PERIODS, domain=pyo.NonNegativeReals)
    m.soc_cluster_max_kwh = pyo.Var(m.CLUSTERS, domain=pyo.Reals)
    m.soc_cluster_min_kwh = pyo.Var(m.CLUSTERS, domain=pyo.Reals)
    m.storage_cluster_max = pyo.Constraint(m.T, rule=lambda _, t: m.soc_cluster_max_kwh[t // H] >= m.soc_kwh[t])
    m.storage_cluster_min = pyo.Constraint(m.T, rule=lambda _, t: m.soc_cluster_min_kwh[t // H] <= m.soc_kwh[t])
    decay = keep ** H
    m.storage_inter_period = pyo.Constraint(
        m.PERIODS, rule=lambda _, d: m.soc_period_start_kwh[(d + 1) % D]
        == decay * m.soc_period_start_kwh[d] + m.soc_kwh[seq[d] * H + H - 1])
    m.storage_soc_max = pyo.Constraint(
        m.PERIODS, rule=lambda _, d: m.soc_period_start_kwh[d] + m.soc_cluster_max_kwh[seq[d]]
        <= st.soc_max_fraction * m.storage_energy_kwh)
    m.storage_soc_min = pyo.Constraint(
        m.PERIODS, rule=lambda _, d: decay * m.soc_period_start_kwh[d] + m.soc_cluster_min_kwh[seq[d]]
        >= st.soc_min_fraction * m.storage_energy_kwh)
