"""One dispatch: no simultaneous storage charge and discharge in the reported results (eq. 32-33).

A storage LP is indifferent between curtailing a surplus and burning it in the store (charging and
discharging in the same step; with η_c η_d < 1 that loses energy at no cost). The optimum is exact, but
its storage flows, losses and cycles are then one arbitrary choice of the solver. :func:`single_dispatch`
removes that choice with a lexicographic second solve: every variable of the objective other than the
storage flows fixed at the optimum (capacities, grid exchange, unserved load, certificates, demand peaks,
rule slacks), the wear cost held within a relative 1e-9 of the objective (eq. 32), and the storage
throughput Σ_s Σ_t w_t Δt (c_s,t + d_s,t) minimised over the storage flows and the curtailment (eq. 33;
this also minimises transfers between technologies). It runs only when the first solution has simultaneous steps (a throughput cost > 0 usually
rules them out already). docs/formulation.md proves that this cannot leave a step with simultaneous
flows where curtailment could take the surplus; any step left is counted and reported, never hidden.
"""
from __future__ import annotations

import logging

import pyomo.environ as pyo
from pyomo.core.expr.visitor import identify_variables

from simulator.inputs.model_inputs import ModelInputs
from simulator.model.settings import SolverSettings, dispatch_settings

log = logging.getLogger(__name__)

#: relative slack of the cost in the second solve (eq. 32) [-]
OBJECTIVE_SLACK_FRACTION = 1e-9
#: a flow counts as non-zero above this fraction of the technology's power capacity [-]
FLOW_TOLERANCE_FRACTION = 1e-6


def simultaneous_steps(m: pyo.ConcreteModel, inp: ModelInputs,
                       tolerance_fraction: float = FLOW_TOLERANCE_FRACTION) -> tuple[int, int]:
    """Steps where storage charges and discharges at once.

    Returns
    -------
    (int, int)
        Steps where one technology charges and discharges at once (c_s,t and d_s,t both above
        ``tolerance_fraction`` of its power capacity: energy burned in the store), and further steps
        where only the totals do (one technology charges while another discharges: a transfer).
    """
    if not inp.stores:
        return 0, 0
    values = lambda var, s: [var[s, t].value or 0.0 for t in range(inp.n_steps)]  # noqa: E731
    charge = {s: values(m.charge_kw, s) for s in m.S}
    discharge = {s: values(m.discharge_kw, s) for s in m.S}
    tol = {s: tolerance_fraction * max(float(m.storage_power_kw[s].value or 0.0), 1e-9) for s in m.S}
    total_tol = sum(tol.values())
    own = transfer = 0
    for t in range(inp.n_steps):
        if any(charge[s][t] > tol[s] and discharge[s][t] > tol[s] for s in m.S):
            own += 1
        elif sum(charge[s][t] for s in m.S) > total_tol and sum(discharge[s][t] for s in m.S) > total_tol:
            transfer += 1
    return own, transfer


def _cost_vars(m: pyo.ConcreteModel) -> list:
    """Every free variable of the objective except the storage flows: capacities, grid exchange, unserved
    load, certificates, demand peaks, rule slacks (eq. 32)."""
    flows = {id(m.charge_kw[i]) for i in m.charge_kw} | {id(m.discharge_kw[i]) for i in m.discharge_kw}
    return [v for v in identify_variables(m.objective.expr, include_fixed=False) if id(v) not in flows]


def _wear_expr(m: pyo.ConcreteModel):
    """The wear cost term (eq. 30) of the model, or None without wear."""
    return m.cost_terms.get("storage_wear")


def single_dispatch(m: pyo.ConcreteModel, inp: ModelInputs, objective_cny_per_yr: float,
                    settings: SolverSettings | None = None) -> dict | None:
    """Re-dispatch a solved model so that its storage does not charge and discharge in the same step.

    Parameters
    ----------
    m : ConcreteModel
        Solved (its optimum loaded) by :func:`simulator.model.solve.solve_model` or the warm start.
    inp : ModelInputs
    objective_cny_per_yr : float
        z*, the optimum of the first solve [CNY/yr].
    settings : SolverSettings, optional
        The run's settings; the second solve uses their dispatch variant (capacities are fixed).

    Returns
    -------
    dict or None
        None without storage. Otherwise ``simultaneous_steps_before``, ``simultaneous_steps`` (after: a
        technology charging and discharging at once), ``transfer_steps_before``, ``transfer_steps`` (one
        technology charging while another discharges), ``second_solve`` (whether it ran), ``status``,
        ``objective_cny_per_yr`` (of the reported dispatch) and ``objective_change_cny_per_yr`` (reported − z*: 0 without wear, otherwise at most the
        slack of eq. 32).
        On a failed second solve the first dispatch is kept (``status`` says why).
    """
    from simulator.model.solve import solve_model

    if not inp.stores:
        return None
    before, transfers = simultaneous_steps(m, inp)
    report = {"method": "lexicographic", "simultaneous_steps_before": before, "transfer_steps_before": transfers,
              "second_solve": False, "status": "not_needed", "objective_cny_per_yr": objective_cny_per_yr,
              "objective_change_cny_per_yr": 0.0, "simultaneous_steps": before, "transfer_steps": transfers}
    if before == 0 and transfers == 0:
        return report
    kept = {id(v): v.value for v in m.component_data_objects(pyo.Var, descend_into=True)}
    pinned = _cost_vars(m)
    saved = [(var.lower, var.upper) for var in pinned]
    for var in pinned:  # eq. 32: the cost can change only through the wear term
        # bounds lb = ub rather than var.fix: rows such as m_t <= M with both pinned stay rows that HiGHS
        # checks within its tolerance instead of constants Pyomo would refuse by a rounding error
        value = float(var.value or 0.0)
        low, high = var.lb, var.ub
        value = min(max(value, low if low is not None else value), high if high is not None else value)
        var.setlb(value)
        var.setub(value)
    wear = _wear_expr(m)
    m.objective.deactivate()
    if wear is not None:
        wear_now = float(pyo.value(wear))
        m.one_dispatch_cost = pyo.Constraint(
            expr=wear <= wear_now + OBJECTIVE_SLACK_FRACTION * max(1.0, abs(objective_cny_per_yr)))
    weight, dt = inp.weights.tolist(), inp.dt_h
    m.one_dispatch_objective = pyo.Objective(  # eq. 33
        expr=sum(weight[t] * dt * (m.charge_kw[s, t] + m.discharge_kw[s, t]) for s in m.S for t in m.T),
        sense=pyo.minimize)
    try:
        info = solve_model(m, dispatch_settings(settings or SolverSettings()))
    finally:
        m.del_component(m.one_dispatch_objective)
        if wear is not None:
            m.del_component(m.one_dispatch_cost)
        m.objective.activate()
        for var, (lower, upper) in zip(pinned, saved):
            var.lower, var.upper = lower, upper
    report["second_solve"] = True
    report["status"] = info.status
    if info.status != "optimal":
        log.warning("one-dispatch second solve ended %s; the first dispatch is reported (%d steps with "
                    "simultaneous storage charge and discharge)", info.status, before)
        for var in m.component_data_objects(pyo.Var, descend_into=True):
            if id(var) in kept:
                var.set_value(kept[id(var)], skip_validation=True)
        return report
    after, transfers = simultaneous_steps(m, inp)
    value = float(pyo.value(m.objective))
    report.update(simultaneous_steps=after, transfer_steps=transfers, objective_cny_per_yr=value,
                  objective_change_cny_per_yr=value - objective_cny_per_yr)
    if after:
        log.warning("%d steps still charge and discharge one storage technology at once: no curtailment can "
                    "take the surplus there, or the rules make burning energy part of the optimum (e.g. an "
                    "export allowance on the after-curtailment basis); docs/formulation.md eq. 32-33", after)
    if transfers:
        log.info("%d steps move energy from one storage technology into another at the optimum", transfers)
    return report
