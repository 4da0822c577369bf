"""Hydrogen block: electrolyser, tank, hydrogen demand, optional fuel cell and sale (eq. Y1-Y9).

The electrolyser takes P_t [kW] from the park bus (a demand term of eq. 1), the fuel cell returns Q_t [kW]
(a supply term). The park's electric load in the rule sums (eq. 11, 13, 15-17) is L_t + P_t − Q_t:
electricity made into hydrogen is park use; electricity that went through the tank and came back is not
counted twice (otherwise a round trip electrolyser -> tank -> fuel cell would raise the 650号 green share).
The electrolyser is sized against the tank and the demand, not as a shiftable load.
"""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.parts import ModelParts


def add_hydrogen(m: pyo.Block, inp: ModelInputs, parts: ModelParts) -> None:
    """Add the hydrogen chain, its tank balance and its cost terms.

    existing <= C_Y <= max, 0 <= P_t <= C_Y (eq. Y1); P_t >= m C_Y (eq. Y2, minimum load in every step: no
    off state in an LP); x_t = x_{t-1} + Δt (P_t / e_Y − D_t − Q_t / e_F − s_t), cyclic over the horizon
    (eq. Y3; the shortfall column h of eq. Y3b enters step 0 and is held at 0 but in a warm start's
    dispatch); f_min S <= x_t <= f_max S, existing <= S <= max (eq. Y4) — on typical periods the tank
    carries hydrogen across the real sequence of periods as the battery does (eq. Y3a, :func:`_linked_tank`);
    0 <= Q_t <= C_F (eq. Y5); 0 <= s_t <= s_max (eq. Y6); P_t in eq. 1 as demand, Q_t as supply, P_t − Q_t
    as park load in the rule sums (eq. Y7); annuities and O&M of C_Y, S, C_F (eq. Y8); sale revenue
    k Δt Σ_t w_t σ s_t (eq. Y9).
    """
    h2, dt, k = inp.hydrogen, inp.dt_h, inp.year_weight
    T = inp.n_steps
    w = inp.weights.tolist()
    demand = [float(v) for v in h2.demand_kg_per_h]
    m.h2_electrolyser_kw = pyo.Var(domain=pyo.NonNegativeReals,
                                   bounds=(h2.electrolyser_existing_kw, h2.electrolyser_max_kw))
    m.h2_tank_kg = pyo.Var(domain=pyo.NonNegativeReals, bounds=(h2.tank_existing_kg, h2.tank_max_kg))
    m.h2_power_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals)
    # on typical periods the level is relative to the period's start and may be negative (eq. Y3a)
    m.h2_level_kg = pyo.Var(m.T, domain=pyo.NonNegativeReals if inp.periods is None else pyo.Reals)
    m.h2_electrolyser_max = pyo.Constraint(m.T, rule=lambda _, t: m.h2_power_kw[t] <= m.h2_electrolyser_kw)
    if h2.electrolyser_min_load_fraction > 0:  # eq. Y2
        m.h2_electrolyser_min = pyo.Constraint(
            m.T, rule=lambda _, t: m.h2_power_kw[t] >= h2.electrolyser_min_load_fraction * m.h2_electrolyser_kw)
    fuel_cell = h2.fuel_cell
    if fuel_cell:
        m.h2_fuel_cell_kw = pyo.Var(domain=pyo.NonNegativeReals,
                                    bounds=(h2.fuel_cell_existing_kw, h2.fuel_cell_max_kw))
        m.h2_fuel_cell_power_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals)
        m.h2_fuel_cell_max = pyo.Constraint(m.T, rule=lambda _, t: m.h2_fuel_cell_power_kw[t] <= m.h2_fuel_cell_kw)
    sale = h2.sale_max_kg_per_h > 0
    if sale:
        m.h2_sale_kg_per_h = pyo.Var(m.T, domain=pyo.NonNegativeReals, bounds=(0.0, h2.sale_max_kg_per_h))

    def flow(t):  # Δt (P_t / e_Y − D_t − Q_t / e_F − s_t) [kg]
        out = demand[t]
        if fuel_cell:
            out = out + m.h2_fuel_cell_power_kw[t] * (1.0 / h2.fuel_cell_kwh_per_kg)
        if sale:
            out = out + m.h2_sale_kg_per_h[t]
        return dt * (m.h2_power_kw[t] * (1.0 / h2.electrolyser_kwh_per_kg) - out)

    if inp.periods is None:  # eq. Y3-Y4, cyclic over the horizon
        # hydrogen from outside into the tank in step 0, as the electricity it stands for [kWh]: held at 0
        # here; a warm start opens it at a penalty so that any design's dispatch is feasible (eq. Y3b)
        m.h2_shortfall_kwh = pyo.Var(domain=pyo.NonNegativeReals, bounds=(0.0, 0.0))
        into = {0: m.h2_shortfall_kwh * (1.0 / h2.electrolyser_kwh_per_kg)}
        m.h2_tank_balance = pyo.Constraint(m.T, rule=lambda _, t: m.h2_level_kg[t]
                                           == m.h2_level_kg[t - 1 if t else T - 1] + flow(t) + into.get(t, 0.0))
        m.h2_level_min = pyo.Constraint(
            m.T, rule=lambda _, t: m.h2_level_kg[t] >= h2.tank_min_fill_fraction * m.h2_tank_kg)
        m.h2_level_max = pyo.Constraint(
            m.T, rule=lambda _, t: m.h2_level_kg[t] <= h2.tank_max_fill_fraction * m.h2_tank_kg)
    else:
        _linked_tank(m, inp, flow)
    parts.demand.append(lambda t: m.h2_power_kw[t])  # eq. Y7
    if fuel_cell:
        parts.supply.append(lambda t: m.h2_fuel_cell_power_kw[t])
        parts.load.append(lambda t: m.h2_power_kw[t] - m.h2_fuel_cell_power_kw[t])
    else:
        parts.load.append(lambda t: m.h2_power_kw[t])
    r = inp.discount_rate_fraction
    capex = (crf(r, h2.electrolyser_lifetime_yr) * h2.electrolyser_capex_cny_per_kw
             * (m.h2_electrolyser_kw - h2.electrolyser_existing_kw)
             + crf(r, h2.tank_lifetime_yr) * h2.tank_capex_cny_per_kg * (m.h2_tank_kg - h2.tank_existing_kg))
    fom = h2.electrolyser_fixed_om_cny_per_kw_yr * m.h2_electrolyser_kw + h2.tank_fixed_om_cny_per_kg_yr * m.h2_tank_kg
    if fuel_cell:
        capex = capex + crf(r, h2.fuel_cell_lifetime_yr) * h2.fuel_cell_capex_cny_per_kw * (
            m.h2_fuel_cell_kw - h2.fuel_cell_existing_kw)
        fom = fom + h2.fuel_cell_fixed_om_cny_per_kw_yr * m.h2_fuel_cell_kw
    parts.add_cost("h2_capex", capex)  # eq. Y8
    parts.add_cost("h2_fixed_om", fom)
    if sale:  # eq. Y9: a negative cost term
        parts.add_cost("h2_sale", -k * dt * h2.sale_price_cny_per_kg * pyo.quicksum(
            w[t] * m.h2_sale_kg_per_h[t] for t in range(T)))


def _linked_tank(m: pyo.Block, inp: ModelInputs, flow) -> None:
    """The tank across typical periods with inter-period linking, as storage in eq. 26-29 (eq. Y3a).

    Within typical period κ (steps t = κH .. κH+H−1) x_t is the level relative to the period's start:
    x_κH = flow_κH, x_t = x_{t−1} + flow_t. Across the real sequence of periods δ = 0..D−1 with typical
    period κ(δ), the level at each period's start X_δ ≥ 0 follows X_{δ+1} = X_δ + x_{κ(δ),end}, cyclic
    X_D = X_0, and X_δ + max_κ x ≤ f_max S, X_δ + min_κ x ≥ f_min S (exact: the tank does not leak).
    Seasonal hydrogen storage (dry season to wet season) is thus represented on typical periods.
    """
    h2, per = inp.hydrogen, inp.periods
    H, K = per.period_steps, per.n_clusters
    seq = [int(k) for k in per.sequence]
    D = len(seq)
    m.h2_tank_balance = pyo.Constraint(
        m.T, rule=lambda _, t: m.h2_level_kg[t] == (0.0 if t % H == 0 else m.h2_level_kg[t - 1]) + flow(t))
    m.H2_CLUSTERS = pyo.RangeSet(0, K - 1)
    m.H2_PERIODS = pyo.RangeSet(0, D - 1)
    m.h2_period_start_kg = pyo.Var(m.H2_PERIODS, domain=pyo.NonNegativeReals)
    m.h2_cluster_max_kg = pyo.Var(m.H2_CLUSTERS, domain=pyo.Reals)
    m.h2_cluster_min_kg = pyo.Var(m.H2_CLUSTERS, domain=pyo.Reals)
    m.h2_cluster_max = pyo.Constraint(m.T, rule=lambda _, t: m.h2_cluster_max_kg[t // H] >= m.h2_level_kg[t])
    m.h2_cluster_min = pyo.Constraint(m.T, rule=lambda _, t: m.h2_cluster_min_kg[t // H] <= m.h2_level_kg[t])
    m.h2_inter_period = pyo.Constraint(m.H2_PERIODS, rule=lambda _, d: m.h2_period_start_kg[(d + 1) % D]
                                       == m.h2_period_start_kg[d] + m.h2_level_kg[seq[d] * H + H - 1])
    m.h2_level_max = pyo.Constraint(m.H2_PERIODS, rule=lambda _, d: m.h2_period_start_kg[d]
                                    + m.h2_cluster_max_kg[seq[d]] <= h2.tank_max_fill_fraction * m.h2_tank_kg)
    m.h2_level_min = pyo.Constraint(m.H2_PERIODS, rule=lambda _, d: m.h2_period_start_kg[d]
                                    + m.h2_cluster_min_kg[seq[d]] >= h2.tank_min_fill_fraction * m.h2_tank_kg)
