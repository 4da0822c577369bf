"""Storage block: per technology s, energy E_s, power P_s, charge c_s,t, discharge d_s,t and state of
charge s_s,t (eq. 3-6, 22, 30-31).

Every variable is indexed by the technology name first (``m.S``): ``storage`` for the single
``[storage]`` section, the type names of ``[[storage.types]]`` otherwise.
"""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, StorageInput, crf
from simulator.model.parts import ModelParts


def storage_prefix(name: str) -> str:
    """Output key prefix of a technology: ``storage`` for the single one, ``storage_<name>`` otherwise."""
    return "storage" if name == "storage" else f"storage_{name}"


def add_storage(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts) -> None:
    """Add the storage variables and constraints of every technology in ``inp.stores``.

    s_t = s_{t-1} (1 - σ)^Δt + Δt (η_c c_t - d_t / η_d), cyclic s_{-1} = s_{T-1} (eq. 3);
    soc_min E <= s_t <= soc_max E (eq. 4); c_t <= P, d_t <= P (eq. 5);
    dur_min P <= E <= dur_max P (eq. 6); existing <= E, P <= max (eq. 18), each per technology.
    Without grid charging, the technologies that may not charge from the grid together charge at most
    Σ_g p_g,t (eq. 22). Wear: w_s k Σ_t w_t Δt d_s,t in the cost (eq. 30); optional cycle cap
    k Σ_t w_t Δt d_s,t <= N_s E_s (eq. 31).
    """
    stores = {st.name: st for st in inp.stores}
    T, dt = inp.n_steps, inp.dt_h
    m.S = pyo.Set(initialize=list(stores), ordered=True)
    m.storage_energy_kwh = pyo.Var(m.S, domain=pyo.NonNegativeReals,
                                   bounds=lambda _, s: (stores[s].existing_kwh, stores[s].max_kwh))
    m.storage_power_kw = pyo.Var(m.S, domain=pyo.NonNegativeReals,
                                 bounds=lambda _, s: (stores[s].existing_kw, stores[s].max_kw))
    m.charge_kw = pyo.Var(m.S, m.T, domain=pyo.NonNegativeReals)
    m.discharge_kw = pyo.Var(m.S, m.T, domain=pyo.NonNegativeReals)
    # with typical periods soc_kwh is the state relative to the period's start and may be negative
    m.soc_kwh = pyo.Var(m.S, m.T, domain=pyo.NonNegativeReals if inp.periods is None else pyo.Reals)
    keep = {s: (1.0 - st.self_discharge_per_h) ** dt for s, st in stores.items()}

    def flow(s, t):
        st = stores[s]
        return dt * (st.charge_efficiency * m.charge_kw[s, t] - m.discharge_kw[s, t] / st.discharge_efficiency)

    if inp.periods is None:
        def soc_rule(_, s, t):
            previous = m.soc_kwh[s, T - 1] if t == 0 else m.soc_kwh[s, t - 1]
            return m.soc_kwh[s, t] == keep[s] * previous + flow(s, t)

        m.storage_soc_balance = pyo.Constraint(m.S, m.T, rule=soc_rule)
        m.storage_soc_min = pyo.Constraint(m.S, m.T, rule=lambda _, s, t: m.soc_kwh[s, t]
                                           >= stores[s].soc_min_fraction * m.storage_energy_kwh[s])
        m.storage_soc_max = pyo.Constraint(m.S, m.T, rule=lambda _, s, t: m.soc_kwh[s, t]
                                           <= stores[s].soc_max_fraction * m.storage_energy_kwh[s])
    else:
        _add_linked_periods(m, inp, stores, keep, flow)
    m.storage_charge_max = pyo.Constraint(m.S, m.T, rule=lambda _, s, t: m.charge_kw[s, t] <= m.storage_power_kw[s])
    m.storage_discharge_max = pyo.Constraint(m.S, m.T, rule=lambda _, s, t: m.discharge_kw[s, t] <= m.storage_power_kw[s])
    low = [s for s, st in stores.items() if st.min_duration_h is not None]
    high = [s for s, st in stores.items() if st.max_duration_h is not None]
    if low:
        m.storage_duration_min = pyo.Constraint(
            low, rule=lambda _, s: m.storage_energy_kwh[s] >= stores[s].min_duration_h * m.storage_power_kw[s])
    if high:
        m.storage_duration_max = pyo.Constraint(
            high, rule=lambda _, s: m.storage_energy_kwh[s] <= stores[s].max_duration_h * m.storage_power_kw[s])
    park = [s for s, st in stores.items() if st.site == "park"]  # a site's stores are in its line balance (eq. L2)
    green_only = [s for s in park if not stores[s].allow_grid_charging]
    if green_only:
        m.storage_green_charging = pyo.Constraint(
            m.T, rule=lambda _, t: sum(m.charge_kw[s, t] for s in green_only) <= parts.green_kw(t))
    weight = inp.weights.tolist()
    k = inp.year_weight

    def discharged_kwh_per_yr(s):
        return k * dt * sum(weight[t] * m.discharge_kw[s, t] for t in range(T))

    capped = [s for s, st in stores.items() if st.max_cycles_per_yr is not None]
    if capped:  # eq. 31
        m.storage_cycle_cap = pyo.Constraint(
            capped, rule=lambda _, s: discharged_kwh_per_yr(s) <= stores[s].max_cycles_per_yr * m.storage_energy_kwh[s])
    parts.supply.append(lambda t: sum(m.discharge_kw[s, t] for s in park))
    parts.demand.append(lambda t: sum(m.charge_kw[s, t] for s in park))
    parts.add_cost("capex", m.cost_factor["storage_capex"] * sum(_annuity(inp, st, m, s) for s, st in stores.items()))
    parts.add_cost("fixed_om", sum(st.fixed_om_cny_per_kwh_yr * m.storage_energy_kwh[s]
                                   + st.fixed_om_cny_per_kw_yr * m.storage_power_kw[s] for s, st in stores.items()))
    worn = [s for s, st in stores.items() if st.throughput_cost_cny_per_kwh > 0]
    if worn:  # eq. 30
        parts.add_cost("storage_wear", sum(stores[s].throughput_cost_cny_per_kwh * discharged_kwh_per_yr(s)
                                           for s in worn))


def _annuity(inp: ModelInputs, st: StorageInput, m: pyo.ConcreteModel, s: str):
    """CRF(r, n_s) [capex_E (E_s − E_s,0) + capex_P (P_s − P_s,0)] [CNY/yr] (eq. 19)."""
    return crf(inp.discount_rate_fraction, st.lifetime_yr) * (
        st.energy_capex_cny_per_kwh * (m.storage_energy_kwh[s] - st.existing_kwh)
        + st.power_capex_cny_per_kw * (m.storage_power_kw[s] - st.existing_kw))


def _add_linked_periods(m: pyo.ConcreteModel, inp: ModelInputs, stores: dict, keep: dict, flow) -> None:
    """Storage across typical periods with inter-period linking (eq. 26-29; Kotzur et al. 2018).

    Within typical period k (steps t = kH .. kH+H-1), s_t is the state relative to the period's start:
    s_kH = Δt (η_c c − d/η_d), s_t = (1−σ)^Δt s_{t−1} + Δt (η_c c_t − d_t/η_d) (eq. 26).
    Across the real sequence of periods δ = 0..D−1 with typical period k(δ), the absolute state at each
    period's start S_δ ≥ 0 follows S_{δ+1} = (1−σ)^{HΔt} S_δ + s_{k(δ),end}, cyclic S_D = S_0 (eq. 27).
    Bounds use each typical period's extreme relative states: S_δ + max_k ≤ soc_max E and
    (1−σ)^{HΔt} S_δ + min_k ≥ soc_min E (eq. 28-29; conservative with self-discharge). All per technology.
    """
    per = inp.periods
    H, K = per.period_steps, per.n_clusters
    seq = [int(k) for k in per.sequence]
    D = len(seq)

    def intra(_, s, t):
        return (m.soc_kwh[s, t] == flow(s, t) if t % H == 0
                else m.soc_kwh[s, t] == keep[s] * m.soc_kwh[s, t - 1] + flow(s, t))

    m.storage_soc_balance = pyo.Constraint(m.S, m.T, rule=intra)
    m.CLUSTERS = pyo.RangeSet(0, K - 1)
    m.PERIODS = pyo.RangeSet(0, D - 1)
    m.soc_period_start_kwh = pyo.Var(m.S, m.PERIODS, domain=pyo.NonNegativeReals)
    m.soc_cluster_max_kwh = pyo.Var(m.S, m.CLUSTERS, domain=pyo.Reals)
    m.soc_cluster_min_kwh = pyo.Var(m.S, m.CLUSTERS, domain=pyo.Reals)
    m.storage_cluster_max = pyo.Constraint(m.S, m.T, rule=lambda _, s, t: m.soc_cluster_max_kwh[s, t // H] >= m.soc_kwh[s, t])
    m.storage_cluster_min = pyo.Constraint(m.S, m.T, rule=lambda _, s, t: m.soc_cluster_min_kwh[s, t // H] <= m.soc_kwh[s, t])
    decay = {s: keep[s] ** H for s in stores}
    m.storage_inter_period = pyo.Constraint(
        m.S, m.PERIODS, rule=lambda _, s, d: m.soc_period_start_kwh[s, (d + 1) % D]
        == decay[s] * m.soc_period_start_kwh[s, d] + m.soc_kwh[s, seq[d] * H + H - 1])
    m.storage_soc_max = pyo.Constraint(
        m.S, m.PERIODS, rule=lambda _, s, d: m.soc_period_start_kwh[s, d] + m.soc_cluster_max_kwh[s, seq[d]]
        <= stores[s].soc_max_fraction * m.storage_energy_kwh[s])
    m.storage_soc_min = pyo.Constraint(
        m.S, m.PERIODS, rule=lambda _, s, d: decay[s] * m.soc_period_start_kwh[s, d] + m.soc_cluster_min_kwh[s, seq[d]]
        >= stores[s].soc_min_fraction * m.storage_energy_kwh[s])
