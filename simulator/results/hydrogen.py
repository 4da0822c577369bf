"""Hydrogen results (eq. Y1-Y9): hourly columns, sizes, cost terms and the ``hydrogen`` block of summary.json.

Every number is recomputed from the hourly table and the capacities, as for the electricity results; the
tank balance and the demand are checked step by step against a tolerance scaled by the largest hydrogen
flow (the solver's primal tolerance times that flow).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf

#: HiGHS's default primal feasibility tolerance [-], used when the scenario does not set one
_PRIMAL_TOLERANCE = 1e-7


def _values(var, keys) -> np.ndarray:
    return np.fromiter(((var[k].value or 0.0) for k in keys), dtype=float)


def hydrogen_capacities(m: pyo.ConcreteModel, inp: ModelInputs) -> dict:
    """Sizes: ``h2_electrolyser_kw`` [kW electricity in], ``h2_tank_kg`` [kg], ``h2_fuel_cell_kw`` [kW out]."""
    cap = {"h2_electrolyser_kw": float(m.h2_electrolyser_kw.value or 0.0),
           "h2_tank_kg": float(m.h2_tank_kg.value or 0.0)}
    if inp.hydrogen.fuel_cell:
        cap["h2_fuel_cell_kw"] = float(m.h2_fuel_cell_kw.value or 0.0)
    return cap


def hydrogen_columns(m: pyo.ConcreteModel, inp: ModelInputs) -> dict:
    """Per-step hydrogen results.

    ``h2_electrolyser_kw`` (electricity in, P_t), ``h2_fuel_cell_kw`` (electricity out, Q_t; 0 without a
    fuel cell) [kW]; ``h2_production_kg_per_h`` (P_t / e_Y), ``h2_demand_kg_per_h`` (D_t),
    ``h2_fuel_cell_use_kg_per_h`` (Q_t / e_F), ``h2_sale_kg_per_h`` [kg/h]; ``h2_tank_kg`` (level at the end
    of the step) [kg].
    """
    h2 = inp.hydrogen
    T = range(inp.n_steps)
    zeros = np.zeros(inp.n_steps)
    power = _values(m.h2_power_kw, T)
    fc = _values(m.h2_fuel_cell_power_kw, T) if h2.fuel_cell else zeros.copy()
    return {
        "h2_electrolyser_kw": power,
        "h2_fuel_cell_kw": fc,
        "h2_production_kg_per_h": power / h2.electrolyser_kwh_per_kg,
        "h2_demand_kg_per_h": np.asarray(h2.demand_kg_per_h, dtype=float),
        "h2_fuel_cell_use_kg_per_h": fc / h2.fuel_cell_kwh_per_kg if h2.fuel_cell else zeros.copy(),
        "h2_sale_kg_per_h": _values(m.h2_sale_kg_per_h, T) if h2.sale_max_kg_per_h > 0 else zeros.copy(),
        "h2_tank_kg": _values(m.h2_level_kg, T),
    }


def hydrogen_costs(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame) -> dict:
    """Annual hydrogen cost terms [CNY/yr] (eq. Y8-Y9) under the objective's names; ``h2_sale`` is negative."""
    h2, r, k, dt = inp.hydrogen, inp.discount_rate_fraction, inp.year_weight, inp.dt_h
    ely, tank = capacity["h2_electrolyser_kw"], capacity["h2_tank_kg"]
    capex = (crf(r, h2.electrolyser_lifetime_yr) * h2.electrolyser_capex_cny_per_kw * (ely - h2.electrolyser_existing_kw)
             + crf(r, h2.tank_lifetime_yr) * h2.tank_capex_cny_per_kg * (tank - h2.tank_existing_kg))
    fom = h2.electrolyser_fixed_om_cny_per_kw_yr * ely + h2.tank_fixed_om_cny_per_kg_yr * tank
    if h2.fuel_cell:
        fc = capacity["h2_fuel_cell_kw"]
        capex += crf(r, h2.fuel_cell_lifetime_yr) * h2.fuel_cell_capex_cny_per_kw * (fc - h2.fuel_cell_existing_kw)
        fom += h2.fuel_cell_fixed_om_cny_per_kw_yr * fc
    out = {"h2_capex": capex, "h2_fixed_om": fom}
    if h2.sale_max_kg_per_h > 0:
        w = inp.weights
        out["h2_sale"] = -k * dt * h2.sale_price_cny_per_kg * float(np.dot(w, hourly["h2_sale_kg_per_h"]))
    return out


def tank_check(inp: ModelInputs, hourly: pd.DataFrame, tank_kg: float,
               primal_feasibility_tolerance: float | None = None) -> dict:
    """The tank balance (eq. Y3) and the level window (eq. Y4) recomputed from the hourly table.

    Returns ``tank_residual_kg`` (largest |x_t − x_{t−1} − Δt (production − demand − fuel-cell use − sale)|,
    cyclic), ``tank_window_violation_kg`` (largest excursion outside [f_min S, f_max S]),
    ``tank_tolerance_kg`` (the solver's primal tolerance times the largest hydrogen flow or level) and
    ``tank_ok``. The demand is met in every step by construction of eq. Y3 (D_t is a fixed outflow), so
    a balance within tolerance is the proof that it was met.
    """
    h2, dt = inp.hydrogen, inp.dt_h
    level = hourly["h2_tank_kg"].to_numpy()
    H = inp.n_steps if inp.periods is None else inp.periods.period_steps
    previous = level.reshape(-1, H)
    previous = np.roll(previous, 1, axis=1).ravel()  # cyclic within each period (or the horizon)
    flow = (hourly["h2_production_kg_per_h"] - hourly["h2_demand_kg_per_h"] - hourly["h2_fuel_cell_use_kg_per_h"]
            - hourly["h2_sale_kg_per_h"]).to_numpy()
    residual = float(np.abs(level - previous - dt * flow).max()) if level.size else 0.0
    low, high = h2.tank_min_fill_fraction * tank_kg, h2.tank_max_fill_fraction * tank_kg
    window = float(max(0.0, (low - level).max(), (level - high).max())) if level.size else 0.0
    scale = max(1.0, float(np.abs(hourly[["h2_production_kg_per_h", "h2_demand_kg_per_h", "h2_fuel_cell_use_kg_per_h",
                                          "h2_sale_kg_per_h", "h2_tank_kg"]].to_numpy()).max()))
    tol = (_PRIMAL_TOLERANCE if primal_feasibility_tolerance is None else primal_feasibility_tolerance) * scale
    return {"tank_residual_kg": residual, "tank_window_violation_kg": window, "tank_tolerance_kg": tol,
            "tank_ok": bool(residual <= tol and window <= tol)}


def hydrogen_summary(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame, cost: dict,
                     primal_feasibility_tolerance: float | None = None) -> dict:
    """The ``hydrogen`` block of ``summary.json`` (per year: horizon sums, weighted, times k).

    Keys: sizes (``electrolyser_kw``, ``tank_kg``, ``fuel_cell_kw``), ``tank_hours_of_mean_demand``,
    ``production_t_per_yr``, ``demand_t_per_yr``, ``fuel_cell_use_t_per_yr``, ``sale_t_per_yr``,
    ``electrolyser_kwh_per_yr`` (part of the park load), ``fuel_cell_kwh_per_yr``,
    ``electrolyser_full_load_hours`` (kWh / kW), ``electrolyser_kwh_per_kg``, ``cost_cny_per_yr`` (the
    chain's own annuities and O&M), ``equipment_cny_per_kg`` (that cost per kg of demand met; the
    electricity is in the park's electricity cost) and the checks of :func:`tank_check`.
    """
    h2, dt, k = inp.hydrogen, inp.dt_h, inp.year_weight
    w = inp.weights
    per_yr = lambda col: float(np.dot(w, hourly[col]) * dt * k)  # noqa: E731
    demand_kg = per_yr("h2_demand_kg_per_h")
    ely = capacity["h2_electrolyser_kw"]
    own = cost["h2_capex"] + cost["h2_fixed_om"]
    mean_demand = demand_kg / 8760.0
    return {
        "electrolyser_kw": ely,
        "tank_kg": capacity["h2_tank_kg"],
        "fuel_cell_kw": capacity.get("h2_fuel_cell_kw", 0.0),
        "tank_hours_of_mean_demand": capacity["h2_tank_kg"] / mean_demand if mean_demand > 0 else None,
        "production_t_per_yr": per_yr("h2_production_kg_per_h") / 1000.0,
        "demand_t_per_yr": demand_kg / 1000.0,
        "fuel_cell_use_t_per_yr": per_yr("h2_fuel_cell_use_kg_per_h") / 1000.0,
        "sale_t_per_yr": per_yr("h2_sale_kg_per_h") / 1000.0,
        "electrolyser_kwh_per_yr": per_yr("h2_electrolyser_kw"),
        "fuel_cell_kwh_per_yr": per_yr("h2_fuel_cell_kw"),
        "electrolyser_full_load_hours": per_yr("h2_electrolyser_kw") / ely if ely > 0 else None,
        "electrolyser_kwh_per_kg": h2.electrolyser_kwh_per_kg,
        "min_load_fraction": h2.electrolyser_min_load_fraction,
        "cost_cny_per_yr": own,
        "equipment_cny_per_kg": own / demand_kg if demand_kg > 0 else None,
        **tank_check(inp, hourly, capacity["h2_tank_kg"], primal_feasibility_tolerance),
    }
