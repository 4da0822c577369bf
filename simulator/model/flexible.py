"""Shiftable-load block: load that may move within its day, keeping each day's energy (eq. 23-25).

Sets: steps t ∈ T, days δ (local calendar days of the horizon), T_δ the steps of day δ.
Data: L_t load [kW]; D_t ≥ 0 how far it may be lowered, U_t ≥ 0 how far it may be raised [kW]
(from each enterprise's flexible share f_e and up fraction ρ_e: D_t = Σ_e f_e L_e,t,
U_t = Σ_e ρ_e f_e L_e,t; summing the enterprises' boxes is exact, since only the total enters the
balance).
Variables: raise r_t ≥ 0 (``load_up_kw``) and lowering l_t ≥ 0 (``load_down_kw``) [kW].

(23) r_t ≤ U_t, l_t ≤ D_t (as variable bounds)
(24) Σ_{t ∈ T_δ} (r_t − l_t) Δt = 0 for every day δ (the day's energy is preserved)
(25) served load L'_t = L_t + r_t − l_t replaces L_t in the balance (1); with unserved load allowed,
     u_t ≤ L'_t.

Because every day keeps its energy, Σ_t L'_t Δt = Σ_t L_t Δt, so the policy sums (11)-(17) are unchanged.
Shifting is free of cost here (the planner states what the process allows).
"""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs
from simulator.model.parts import ModelParts


def add_flexible(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts) -> None:
    """Add the shiftable-load variables and the daily energy balance (eq. 23-25).

    Must be called after :func:`~simulator.model.policy.add_unserved` (eq. 25 bounds u_t).
    """
    fl = inp.flexible
    up = np.asarray(fl.up_max_kw, dtype=float).tolist()
    down = np.asarray(fl.down_max_kw, dtype=float).tolist()
    days = np.asarray(fl.day_of_step).astype(int)
    m.load_up_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals, bounds=lambda _, t: (0.0, up[t]))  # eq. 23
    m.load_down_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals, bounds=lambda _, t: (0.0, down[t]))
    steps_of_day: dict[int, list[int]] = {}
    for t, d in enumerate(days.tolist()):
        steps_of_day.setdefault(d, []).append(t)
    m.FLEX_DAYS = pyo.Set(initialize=sorted(steps_of_day), ordered=True)
    m.flexible_day_energy = pyo.Constraint(  # eq. 24 (Δt is common to the day's steps and drops out)
        m.FLEX_DAYS, rule=lambda _, d: pyo.quicksum(m.load_up_kw[t] - m.load_down_kw[t]
                                                     for t in steps_of_day[d]) == 0)
    parts.demand.append(lambda t: m.load_up_kw[t] - m.load_down_kw[t])  # eq. 25
    if inp.policy.unserved_max_fraction > 0:
        load = inp.load_kw.tolist()
        m.flexible_unserved_max = pyo.Constraint(
            m.T, rule=lambda _, t: m.unserved_kw[t] <= load[t] + m.load_up_kw[t] - m.load_down_kw[t])


def served_load_kw(m: pyo.ConcreteModel, inp: ModelInputs) -> np.ndarray:
    """L'_t = L_t + r_t − l_t [kW] from a solved model (L_t when there is no flexible block)."""
    if inp.flexible is None or not hasattr(m, "load_up_kw"):
        return inp.load_kw.astype(float)
    T = range(inp.n_steps)
    up = np.fromiter(((m.load_up_kw[t].value or 0.0) for t in T), dtype=float)
    down = np.fromiter(((m.load_down_kw[t].value or 0.0) for t in T), dtype=float)
    return inp.load_kw.astype(float) + up - down
