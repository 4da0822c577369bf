"""Grid block: import m_t, export x_t, declared connection M, demand-charge peaks (eq. 7-9, 15, 21)."""
from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs
from simulator.model.parts import ModelParts


def add_grid(m: pyo.ConcreteModel, inp: ModelInputs, parts: ModelParts) -> None:
    """Add grid exchange; off-grid projects get m_t = x_t = M = 0 as bounds (eq. 15).

    m_t <= M <= M_max (eq. 7); x_t <= X_max, or x_t <= M when no export limit is given (eq. 8);
    x_t <= Σ_g p_g,t (eq. 9); x_t = 0 when export is not allowed (650号, ``export_max_kw`` = 0).
    Costs: 12 · capacity charge · M (capacity price, plus the T&D fee with ``td_basis = "capacity"``);
    k Σ Δt (π_t + carbon) m_t with π_t the sum of the per-kWh parts of the tariff; −k Σ Δt ρ_t x_t;
    demand charge on monthly import peaks (eq. 21). The tariff's parts are split in the cost breakdown
    (:func:`simulator.results.kpi.costs`), not here.
    """
    grid = inp.grid
    k, dt = inp.year_weight, inp.dt_h
    upper = None if grid.connected else 0.0
    m.connection_kw = pyo.Var(domain=pyo.NonNegativeReals,
                              bounds=(0.0, grid.max_connection_kw if grid.connected else 0.0))
    m.import_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals, bounds=(0.0, upper))
    export_cap = grid.export_max_kw if grid.connected else 0.0
    m.export_kw = pyo.Var(m.T, domain=pyo.NonNegativeReals, bounds=(0.0, export_cap))
    if grid.connected:
        m.grid_import_max = pyo.Constraint(m.T, rule=lambda _, t: m.import_kw[t] <= m.connection_kw)
        if grid.export_max_kw is None:
            m.grid_export_max = pyo.Constraint(m.T, rule=lambda _, t: m.export_kw[t] <= m.connection_kw)
        m.grid_export_green = pyo.Constraint(
            m.T, rule=lambda _, t: m.export_kw[t] <= parts.green_kw(t))
    parts.supply.append(lambda t: m.import_kw[t])
    parts.demand.append(lambda t: m.export_kw[t])
    parts.add_cost("capacity_charge", 12.0 * grid.capacity_charge_cny_per_kw_month * m.connection_kw)
    carbon = grid.carbon_price_cny_per_t * grid.emission_kg_per_kwh / 1000.0
    w = inp.weights
    buy = (grid.import_price_cny_per_kwh * w * k * dt).tolist()
    sell = (grid.export_price_cny_per_kwh * w * k * dt).tolist()
    prices = m.cost_factor["grid_prices"]  # mutable: scales import and export prices together
    parts.add_cost("grid_import", prices * pyo.quicksum(buy[t] * m.import_kw[t] for t in range(inp.n_steps)))
    parts.add_cost("export_revenue", -prices * pyo.quicksum(sell[t] * m.export_kw[t] for t in range(inp.n_steps)))
    if carbon > 0:
        wl = w.tolist()
        parts.add_cost("carbon", carbon * k * dt * pyo.quicksum(wl[t] * m.import_kw[t] for t in range(inp.n_steps)))
    if grid.connected and grid.demand_charge_cny_per_kw_month > 0:
        months = np.asarray(grid.month_of_step)
        unique = sorted(set(months.tolist()))
        m.MONTHS = pyo.Set(initialize=unique, ordered=True)
        m.monthly_peak_kw = pyo.Var(m.MONTHS, domain=pyo.NonNegativeReals)
        m.grid_monthly_peak = pyo.Constraint(
            m.T, rule=lambda _, t: m.import_kw[t] <= m.monthly_peak_kw[int(months[t])])
        scale = 12.0 / len(unique)
        parts.add_cost("demand_charge", scale * grid.demand_charge_cny_per_kw_month
                       * pyo.quicksum(m.monthly_peak_kw[mo] for mo in unique))
