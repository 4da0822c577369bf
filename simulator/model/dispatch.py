"""One dispatch: no simultaneous storage charge and discharge in the reported results (eq. 32-34).

A storage LP is indifferent between curtailing a surplus and burning it in the store (charging and
discharging in the same step; with η_c η_d < 1 that loses energy at no cost). The optimum is exact, but
its storage flows, losses and cycles are then one arbitrary choice of the solver. :func:`single_dispatch`
removes that choice after the solve, only where the solution has such steps:

1. :func:`net_flows` nets each such step exactly, the surplus going to curtailment (eq. 32, the netting
   lemma of docs/formulation.md): no solve, the state of charge, grid flows, sizes and cost unchanged;
2. only if steps are left (no generation to curtail there, the after-curtailment basis, or a transfer
   between technologies), a lexicographic second solve: capacities pinned, the cost held within a
   relative 1e-9 (eq. 33), the storage throughput Σ_s Σ_t w_t Δt (c_s,t + d_s,t) minimised (eq. 34).

Any step left after both is counted and reported, never hidden.
"""
from __future__ import annotations

import logging
import time

import highspy
import numpy as np
import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs
from simulator.model.policy import active_rules
from simulator.model.direct import column_positions, fresh_instance, load_values, run_logged, trim_heap
from simulator.model.settings import SolvedLP, SolveInfo, SolverSettings, dispatch_settings

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


def _capacity_vars(m: pyo.ConcreteModel) -> list:
    out = [m.gen_capacity_kw[g] for g in m.G] + [m.connection_kw]
    out += [m.storage_energy_kwh[s] for s in m.S] + [m.storage_power_kw[s] for s in m.S]
    if hasattr(m, "L"):  # direct lines of [[sites]]
        out += [m.line_capacity_kw[l] for l in m.L]
    return [v for v in out if not v.fixed]


def net_flows(m: pyo.ConcreteModel, inp: ModelInputs,
              tolerance_fraction: float = FLOW_TOLERANCE_FRACTION) -> tuple[int, float]:
    """Net a technology's simultaneous charge and discharge within its step, sending the surplus to
    curtailment (the netting lemma of docs/formulation.md, eq. 32).

    In step t with c, d > 0: if η_c c ≥ d/η_d, c' = c − d/(η_c η_d), d' = 0, else d' = d − η_c η_d c, c' = 0;
    the state of charge is unchanged and the bus is left with a surplus Δ = (c − d) − (c' − d') ≥ 0, taken
    off the delivered generation p_g,t in proportion. Applied only where the lemma holds: the available
    green generation A does not depend on p (``before_curtailment``, or rules (12) and (14) off),
    Σ_g p_g,t − Δ ≥ x_t (eq. 9) and, with green-only charging (eq. 22), its row keeps holding.
    Grid flows, unserved load, capacities and hence the cost (but the wear of the netted discharge)
    are unchanged.

    Returns
    -------
    (int, float)
        Steps netted, and the largest residual of the balance (1) and state (3) rows at those steps
        afterwards [kW or kWh] (rounding only).
    """
    if inp.periods is not None or not inp.stores or getattr(inp, "lines", []):
        return 0, 0.0  # with [[sites]] the surplus would have to go to each site's own generators: not netted
    rules = set(active_rules(inp))
    if inp.policy.available_basis != "before_curtailment" and rules & {"650_self_consumption", "650_feed_in"}:
        return 0, 0.0
    stores = {st.name: st for st in inp.stores}
    gens = list(m.G)
    green = [s for s, st in stores.items() if not st.allow_grid_charging]
    changed = []
    for t in range(inp.n_steps):
        for s, st in stores.items():
            c, d = m.charge_kw[s, t].value or 0.0, m.discharge_kw[s, t].value or 0.0
            tol = tolerance_fraction * max(float(m.storage_power_kw[s].value or 0.0), 1e-9)
            if c <= tol or d <= tol:
                continue
            r = st.charge_efficiency * st.discharge_efficiency
            c_new, d_new = (c - d / r, 0.0) if st.charge_efficiency * c >= d / st.discharge_efficiency else (0.0, d - r * c)
            surplus = (c - d) - (c_new - d_new)
            p = {g: m.gen_kw[g, t].value or 0.0 for g in gens}
            total = sum(p.values())
            if total - surplus < (m.export_kw[t].value or 0.0) or total <= 0:
                continue  # no curtailment can take the surplus here
            if green and s not in green:
                green_charge = sum(m.charge_kw[q, t].value or 0.0 for q in green)
                if green_charge > total - surplus:
                    continue
            m.charge_kw[s, t].set_value(max(c_new, 0.0), skip_validation=True)
            m.discharge_kw[s, t].set_value(max(d_new, 0.0), skip_validation=True)
            for g in gens:
                m.gen_kw[g, t].set_value(p[g] - surplus * p[g] / total, skip_validation=True)
            changed.append((s, t))
    residual = 0.0
    for s, t in changed:
        for row in (m.balance[t], m.storage_soc_balance[s, t]):
            residual = max(residual, abs(float(pyo.value(row.body)) - float(pyo.value(row.upper))))
    return len({t for _, t in changed}), residual


def _lexicographic_on_instance(m: pyo.ConcreteModel, inp: ModelInputs, solved: SolvedLP, bound_cny_per_yr: float,
                              settings: SolverSettings) -> SolveInfo:
    """Eq. 33-34 on the HiGHS instance of the first solve, by primal simplex from its optimal basis.

    The capacity columns get lb = ub at their optimal values, a row Σ c_j y_j ≤ bound − offset (the cost,
    eq. 33) is added with a basic slack, and the costs become the throughput weights (eq. 34). The first
    solve's optimal basis stays primal feasible for this LP, so primal simplex starts from the optimum
    of the cost instead of from scratch; the optimum is the LP's own. The solution is loaded into ``m``.
    """
    values = _fresh_instance(solved)
    highs = solved.highs
    pinned = np.array(sorted(j for j in column_positions(solved.columns, _capacity_vars(m)) if j is not None),
                      dtype=np.int32)
    if pinned.size:
        highs.changeColsBounds(int(pinned.size), pinned, values[pinned], values[pinned])
    n = int(highs.getNumCol())
    cost = np.zeros(n)
    cost[:len(solved.col_cost)] = solved.col_cost
    nz = np.flatnonzero(cost).astype(np.int32)
    highs.addRow(-highspy.kHighsInf, bound_cny_per_yr - solved.offset_cny_per_yr, int(nz.size), nz, cost[nz])
    weight = np.zeros(n)
    step_weight = np.asarray(inp.weights, dtype=float) * inp.dt_h
    for var_name in ("charge_kw", "discharge_kw"):
        var = getattr(m, var_name)
        for s in m.S:
            steps = list(m.T)
            for t, j in zip(steps, column_positions(solved.columns, [var[s, t] for t in steps])):
                if j is not None:
                    weight[j] = step_weight[t]
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), weight)
    highs.changeObjectiveOffset(0.0)
    info = run_logged(highs, settings, None, solver="simplex", simplex_strategy=4)
    if info.status == "optimal":
        x = np.asarray(highs.getSolution().col_value, dtype=float)[:len(solved.columns)]
        x[solved.shift_idx] += solved.shift_start
        load_values(m, solved.columns, x)
    return info


def _fresh_instance(solved: SolvedLP) -> np.ndarray:
    """Move the solved LP and its optimal basis into a new HiGHS instance (:func:`fresh_instance`: the first
    solve's runs' memory is freed); return the optimal column values."""
    values = np.asarray(solved.highs.getSolution().col_value, dtype=float)
    solved.highs = fresh_instance(solved.highs)  # the old instance is dropped here
    trim_heap()
    return values


def single_dispatch(m: pyo.ConcreteModel, inp: ModelInputs, objective_cny_per_yr: float,
                    settings: SolverSettings | None = None, solved: SolvedLP | None = None) -> dict | None:
    """Re-dispatch a solved model so that its storage does not charge and discharge in the same step.

    Parameters
    ----------
    m : ConcreteModel
        Solved (its optimum loaded) by :func:`simulator.model.solve.solve_model` or the warm start.
    inp : ModelInputs
    objective_cny_per_yr : float
        z*, the optimum of the first solve [CNY/yr].
    settings : SolverSettings, optional
        The run's settings; the second solve uses their dispatch variant (capacities are pinned).
    solved : SolvedLP, optional
        The first solve's HiGHS instance (``SolveInfo.solved``). With it the second solve runs on that
        instance by primal simplex from the first optimum (:func:`_lexicographic_on_instance`), without
        compiling the model again; the instance is consumed. Without it the model is compiled and solved
        again.

    Returns
    -------
    dict or None
        None without storage. Otherwise ``simultaneous_steps_before``, ``simultaneous_steps`` (after: a
        technology charging and discharging at once), ``transfer_steps_before``, ``transfer_steps`` (one
        technology charging while another discharges), ``netted_steps`` and ``netting_max_residual``
        (when netting ran), ``second_solve`` (whether it ran), ``status`` (``not_needed``, ``netted`` or
        the second solve's), ``objective_cny_per_yr`` (of the reported dispatch) and
        ``objective_change_cny_per_yr`` (reported − z*: 0 from netting but for the wear of netted
        discharge, at most the slack of eq. 33 from the second solve). On a failed second solve the
        dispatch before it is kept.
    """
    from simulator.model.solve import solve_model

    if not inp.stores:
        return None
    before, transfers = simultaneous_steps(m, inp)
    report = {"method": "netting, then lexicographic", "simultaneous_steps_before": before,
              "transfer_steps_before": transfers, "second_solve": False, "status": "not_needed", "objective_cny_per_yr": objective_cny_per_yr,
              "objective_change_cny_per_yr": 0.0, "simultaneous_steps": before, "transfer_steps": transfers}
    if before == 0 and transfers == 0:
        return report
    kept = _snapshot(m)
    if before:  # eq. 32: exact netting where curtailment can take the surplus
        netted, residual = net_flows(m, inp)
        value = float(pyo.value(m.objective))
        before_lex, transfers = simultaneous_steps(m, inp)
        report.update(netted_steps=netted, netting_max_residual=residual, simultaneous_steps=before_lex,
                      transfer_steps=transfers, objective_cny_per_yr=value,
                      objective_change_cny_per_yr=value - objective_cny_per_yr, status="netted")
        if before_lex == 0 and transfers == 0:
            return report
        kept = _snapshot(m)
    current = float(pyo.value(m.objective))
    if solved is not None:
        start = time.perf_counter()
        bound = max(current, objective_cny_per_yr) + OBJECTIVE_SLACK_FRACTION * max(1.0, abs(objective_cny_per_yr))
        info = _lexicographic_on_instance(m, inp, solved, bound, settings or SolverSettings())
        report["second_solve_s"] = time.perf_counter() - start
        report["second_solve_iterations"] = info.simplex_iterations
        return _after_second_solve(m, inp, info, report, kept, before, objective_cny_per_yr)
    if getattr(m, "values_only", False):
        raise ValueError("the one-dispatch second solve of ModelValues needs the first solve's instance (solved)")
    pinned = _capacity_vars(m)
    saved = [(var.lower, var.upper) for var in pinned]
    for var in pinned:  # eq. 33: capacities pinned at the optimum, as bounds lb = ub
        # (rather than var.fix: a row such as E >= dur P with both pinned stays a row HiGHS checks within its
        # tolerance instead of a constant Pyomo would refuse by a rounding error)
        value = float(var.value or 0.0)
        low, high = var.lb, var.ub
        value = min(max(value, low if low is not None else value), high if high is not None else value)
        var.setlb(value)
        var.setub(value)
    m.objective.deactivate()
    m.one_dispatch_cost = pyo.Constraint(  # eq. 33: the cost held within a relative 1e-9
        expr=m.objective.expr <= current + OBJECTIVE_SLACK_FRACTION * max(1.0, abs(objective_cny_per_yr)))
    weight, dt = inp.weights.tolist(), inp.dt_h
    m.one_dispatch_objective = pyo.Objective(  # eq. 34
        expr=sum(weight[t] * dt * (m.charge_kw[s, t] + m.discharge_kw[s, t]) for s in m.S for t in m.T),
        sense=pyo.minimize)
    try:
        info = solve_model(m, dispatch_settings(settings or SolverSettings()))
    finally:
        m.del_component(m.one_dispatch_objective)
        m.del_component(m.one_dispatch_cost)
        m.objective.activate()
        for var, (lower, upper) in zip(pinned, saved):
            var.lower, var.upper = lower, upper
    return _after_second_solve(m, inp, info, report, kept, before, objective_cny_per_yr)


def _snapshot(m):
    """Every variable's value, to put back with :func:`_restore` (a Pyomo model or ModelValues)."""
    if getattr(m, "values_only", False):
        return m.snapshot()
    return {id(v): v.value for v in m.component_data_objects(pyo.Var, descend_into=True)}


def _restore(m, kept) -> None:
    if getattr(m, "values_only", False):
        m.restore(kept)
        return
    for var in m.component_data_objects(pyo.Var, descend_into=True):
        if id(var) in kept:
            var.set_value(kept[id(var)], skip_validation=True)


def _after_second_solve(m, inp: ModelInputs, info: SolveInfo, report: dict, kept: dict, before: int,
                        objective_cny_per_yr: float) -> dict:
    """Report the second solve; on a failure put the dispatch before it back."""
    report["second_solve"] = True
    report["status"] = info.status
    if info.status != "optimal":
        log.warning("one-dispatch second solve ended %s; the first dispatch is reported (%d steps with "
                    "simultaneous storage charge and discharge)", info.status, before)
        _restore(m, kept)
        return report
    after, transfers = simultaneous_steps(m, inp)
    value = float(pyo.value(m.objective))
    report.update(simultaneous_steps=after, transfer_steps=transfers, objective_cny_per_yr=value,
                  objective_change_cny_per_yr=value - objective_cny_per_yr)
    if after:
        log.warning("%d steps still charge and discharge one storage technology at once: no curtailment can "
                    "take the surplus there, or the rules make burning energy part of the optimum (e.g. an "
                    "export allowance on the after-curtailment basis); docs/formulation.md eq. 32-34", after)
    if transfers:
        log.info("%d steps move energy from one storage technology into another at the optimum", transfers)
    return report
