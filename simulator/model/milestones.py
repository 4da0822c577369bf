"""Multi-period model of staged load growth (以荷定源 over time): multi-period sizing over milestone years.

Formulation (docs/robustness.md, eq. M1-M4). Milestones y_0 < y_1 < ... < y_{P-1} (``[planning]
milestones``); period p runs from y_p to e_p − 1 with e_p = y_{p+1}, and the last period to ``end_year``.
One ``pyo.Block`` per milestone holds that milestone year's operation (its load from the enterprises'
start years and ramp-ups, its rule thresholds — 0.30 green share before 2030, 0.35 from 2030 — and its
prices), built by the ordinary block builders. Then:

(M1) C_{g,p} ≥ C_{g,p−1} (and likewise storage energy and power): capacities only grow;
     the build of period p is Δ_{g,p} = C_{g,p} − C_{g,p−1} with C_{g,−1} = existing capacity.
(M2) Discount factors δ(y) = (1 + r)^−(y − y_0); operating years of period p: D_p = Σ_{y=y_p}^{e_p−1} δ(y);
     years from p to the end of the horizon: B_p = Σ_{y=y_p}^{end} δ(y).
(M3) Objective (present value at y_0, CNY): Σ_p D_p · (every annual cost term of block p except its
     investment annuity: fixed O&M on C_p, grid energy, capacity charge, ...) + Σ_p B_p · Σ_g capex_{g,p}
     CRF(r, n_g) Δ_{g,p} (+ storage energy and power likewise): each build pays its annuity at its own
     milestone's price from its year to the end of the horizon (annuities after the horizon are not
     counted, so a late build is not charged for years it is not used).
(M4) The declared connection capacity is chosen per period (a contract, not a build).

With constant load and costs every period needs the same capacities, so the first milestone builds
everything and later ones build nothing.
"""
from __future__ import annotations

import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.build import check_prices, populate
from simulator.model.heat import grow_heat_capacities


def discount_sums(milestones: list[int], end_year: int, rate: float) -> tuple[list[float], list[float]]:
    """(D_p, B_p) of eq. M2 for each milestone."""
    y0 = milestones[0]
    df = lambda y: (1.0 + rate) ** (-(y - y0))  # noqa: E731
    ends = list(milestones[1:]) + [end_year + 1]
    operating = [sum(df(y) for y in range(a, b)) for a, b in zip(milestones, ends)]
    remaining = [sum(df(y) for y in range(a, end_year + 1)) for a in milestones]
    return operating, remaining


def build_milestone_model(inputs: list[ModelInputs], milestones: list[int], end_year: int,
                          discount_rate: float) -> pyo.ConcreteModel:
    """One block ``period_<p>`` per milestone with growing capacities (eq. M1-M4)."""
    if len(inputs) != len(milestones) or not inputs:
        raise ValueError("give one ModelInputs per milestone")
    if list(milestones) != sorted(set(milestones)) or end_year < milestones[-1]:
        raise ValueError("milestones must be strictly increasing and end_year >= the last milestone")
    names = [g.name for g in inputs[0].generators]
    if any([g.name for g in inp.generators] != names for inp in inputs):
        raise ValueError("every milestone must have the same generators")
    operating, remaining = discount_sums(list(milestones), end_year, discount_rate)
    m = pyo.ConcreteModel(name="zcpark_milestones")
    blocks, terms = [], []
    for p, inp in enumerate(inputs):
        inp.check()
        check_prices(inp)
        b = pyo.Block(concrete=True)
        m.add_component(f"period_{p}", b)
        parts = populate(b, inp, elastic=False)
        blocks.append(b)
        terms.append(sum(v for k, v in parts.costs.items() if k not in ("capex", "heat_capex")))  # annuities: M3
    m.PERIODS = pyo.RangeSet(1, len(inputs) - 1) if len(inputs) > 1 else pyo.Set(initialize=[])
    m.G = pyo.Set(initialize=names, ordered=True)
    m.grow_generator = pyo.Constraint(  # eq. M1
        m.PERIODS, m.G, rule=lambda _, p, g: blocks[p].gen_capacity_kw[g] >= blocks[p - 1].gen_capacity_kw[g])
    stores = [st.name for st in inputs[0].stores]
    if any([st.name for st in inp.stores] != stores for inp in inputs):
        raise ValueError("every milestone must have the same storage technologies")
    if stores:
        m.S = pyo.Set(initialize=stores, ordered=True)
        m.grow_storage_energy = pyo.Constraint(
            m.PERIODS, m.S, rule=lambda _, p, s: blocks[p].storage_energy_kwh[s] >= blocks[p - 1].storage_energy_kwh[s])
        m.grow_storage_power = pyo.Constraint(
            m.PERIODS, m.S, rule=lambda _, p, s: blocks[p].storage_power_kw[s] >= blocks[p - 1].storage_power_kw[s])
    invest = []
    r = discount_rate
    for p, (inp, b) in enumerate(zip(inputs, blocks)):
        for g in inp.generators:
            before = blocks[p - 1].gen_capacity_kw[g.name] if p else g.existing_kw
            invest.append(remaining[p] * g.capex_cny_per_kw * crf(r, g.lifetime_yr)
                          * (b.gen_capacity_kw[g.name] - before))
        for st in inp.stores:
            s = st.name
            e_before = blocks[p - 1].storage_energy_kwh[s] if p else st.existing_kwh
            p_before = blocks[p - 1].storage_power_kw[s] if p else st.existing_kw
            invest.append(remaining[p] * crf(r, st.lifetime_yr)
                          * (st.energy_capex_cny_per_kwh * (b.storage_energy_kwh[s] - e_before)
                             + st.power_capex_cny_per_kw * (b.storage_power_kw[s] - p_before)))
    invest += grow_heat_capacities(m, blocks, inputs, remaining, r)  # process heat: M1 and M3 likewise
    m.investment_pv_cny = pyo.Expression(expr=sum(invest))
    m.operation_pv_cny = pyo.Expression(expr=sum(d * t for d, t in zip(operating, terms)))
    m.objective = pyo.Objective(expr=m.investment_pv_cny + m.operation_pv_cny, sense=pyo.minimize)  # eq. M3
    m.periods = blocks
    m.discount = {"operating_years_discounted": operating, "remaining_years_discounted": remaining}
    return m
