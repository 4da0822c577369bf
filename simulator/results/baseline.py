"""Business-as-usual twin: the same park supplied by the public grid only (plus assets it already has).

REopt's habit: beside every optimum, solve the park as it would be without the project, so that the
result can say what the project saves, how much CO2 it avoids and what meeting the rules costs.

The twin keeps the load, the tariff (import and export prices, capacity and demand charges, carbon
price) and the existing PV, wind and storage, and drops every new investment and every policy rule:

- generators and storage are fixed at their existing capacities (``max = existing``);
- the park is grid-connected whatever the project is (business as usual is grid supply), and the
  declared connection is not capped (the park's present connection serves its peak);
- no 650号 / 910号 rule and no unserved energy;
- a flexible (shiftable) load is not shifted: shifting is a measure of the project, not business as usual.
- process heat (`[heat]`): fuel boilers serve it as today (sized as needed); electric boilers, heat pumps
  and heat stores are fixed at their existing capacities — except for a carrier without any fuel boiler,
  whose electric technologies stay sizeable (its heat has to come from somewhere; supplied from the grid).
- hydrogen (`[hydrogen]`): the same demand is made from grid power; electrolyser and tank stay sizeable
  (the twin needs them too, sized for grid supply), a fuel cell is fixed at its existing capacity.

With no existing assets the twin needs no solver: import m_t = L_t, connection M = max_t L_t and the
bill is k Δt Σ_t π_t L_t + 12 · capacity charge · max L (+ demand charge on the monthly load peaks,
+ carbon price · emissions) — :func:`grid_bill`. With existing assets their dispatch is optimised by the
same LP as the project (:func:`solve_baseline`).
"""
from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pandas as pd

from simulator.errors import SolverError
from simulator.model import build_model, solve_model
from simulator.inputs.model_inputs import ModelInputs, PolicyInput
from simulator.model.solve import SolverSettings
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_hourly


def baseline_inputs(inp: ModelInputs) -> ModelInputs:
    """The business-as-usual twin of ``inp`` (see the module docstring).

    Parameters
    ----------
    inp : ModelInputs
        Inputs of the project's sizing model.

    Returns
    -------
    ModelInputs
        Same load, prices and existing assets; no new capacity, no policy rule, grid-connected.
    """
    gens = [replace(g, max_kw=g.existing_kw) for g in inp.generators]
    kept = [replace(st, max_kwh=st.existing_kwh, max_kw=st.existing_kw) for st in inp.stores
            if st.existing_kwh > 0 or st.existing_kw > 0]  # existing storage only, per technology
    storage = kept[0] if inp.storage is not None and kept else None
    storage_types = kept if inp.storage is None else []
    grid = replace(inp.grid, connected=True, max_connection_kw=None)
    policy = PolicyInput(direct_supply_rules=(), zero_carbon=False, unserved_max_fraction=0.0,
                         available_basis=inp.policy.available_basis)
    twin = replace(inp, generators=gens, storage=storage, storage_types=storage_types, grid=grid, policy=policy,
                   labels=copy.copy(inp.labels))
    if getattr(twin, "lines", None):  # [[sites]]: existing lines only
        twin = replace(twin, lines=[replace(line, max_kw=line.existing_kw) for line in twin.lines])
    if getattr(twin, "heat", None) is not None:  # heat as usual: fuel boilers (sized as needed), no new electric heat
        heat = inp.heat
        fired = {j.carrier for j in heat.technologies if not j.electric}
        techs = [replace(j, max_kw=j.existing_kw) if j.electric and j.carrier in fired else j
                 for j in heat.technologies]
        stores = [replace(s, max_kwh=s.existing_kwh) for s in heat.storages]
        twin = replace(twin, heat=replace(heat, technologies=techs, storages=stores))
    if getattr(twin, "hydrogen", None) is not None:  # hydrogen as usual: made from grid power, no fuel cell
        h2 = inp.hydrogen
        twin = replace(twin, hydrogen=replace(h2, fuel_cell_max_kw=h2.fuel_cell_existing_kw))
    if getattr(twin, "flexible", None) is not None:
        twin = replace(twin, flexible=None)  # business as usual: the load is not shifted
    return twin


def has_existing_assets(inp: ModelInputs) -> bool:
    """True when the park already has PV, wind or storage capacity."""
    return getattr(inp, "heat", None) is not None or getattr(inp, "hydrogen", None) is not None or any(g.existing_kw > 0 for g in inp.generators) or any(
        st.existing_kwh > 0 or st.existing_kw > 0 for st in inp.stores)


def step_weights(inp: ModelInputs) -> np.ndarray:
    """w_t, the real steps each modelled step stands for (1 unless the inputs use typical periods)."""
    weights = getattr(inp, "weights", None)
    return np.ones(inp.n_steps) if weights is None else np.asarray(weights, dtype=float)


def grid_bill(inp: ModelInputs) -> dict:
    """Annual grid bill [CNY/yr] of supplying the whole load from the grid, computed directly.

    Parameters
    ----------
    inp : ModelInputs
        Load L_t [kW], import prices π_t [CNY/kWh], charges [CNY/kW/month], step Δt [h].

    Returns
    -------
    dict
        ``grid_energy`` = k Δt Σ w_t π_t L_t (w_t = 1 except with typical periods); ``capacity_charge`` = 12 · charge · max L;
        ``demand_charge`` (when set) = 12 / n_months · charge · Σ monthly max L; ``carbon`` (when a
        carbon price is set); ``total``; plus ``import_kwh`` (horizon) and ``grid_connection_kw``.
    """
    k, dt, grid = inp.year_weight, inp.dt_h, inp.grid
    load = np.asarray(inp.load_kw, dtype=float)
    w = step_weights(inp)
    peak = float(load.max()) if load.size else 0.0
    out = {"grid_energy": float(k * dt * np.dot(grid.import_price_cny_per_kwh, w * load)),
           "capacity_charge": 12.0 * grid.capacity_charge_cny_per_kw_month * peak}
    if grid.demand_charge_cny_per_kw_month > 0:
        peaks = pd.Series(load).groupby(np.asarray(grid.month_of_step)).max()
        out["demand_charge"] = float(12.0 / len(peaks) * grid.demand_charge_cny_per_kw_month * peaks.sum())
    if grid.carbon_price_cny_per_t > 0:
        out["carbon"] = float(k * dt * np.dot(w, load) * grid.emission_kg_per_kwh / 1000 * grid.carbon_price_cny_per_t)
    out["total"] = float(sum(out.values()))
    out["import_kwh"] = float(np.dot(w, load) * dt)
    out["grid_connection_kw"] = peak
    return out


def solve_baseline(inp: ModelInputs, settings: SolverSettings | None = None) -> dict:
    """Solve the twin with the sizing LP (needed when existing assets must be dispatched).

    Returns
    -------
    dict
        The cost breakdown of :func:`simulator.results.kpi.costs` [CNY/yr] plus ``import_kwh``
        (horizon) and ``grid_connection_kw``.

    Raises
    ------
    SolverError
        If the twin has no optimum (it always has one unless the inputs are broken).
    """
    twin = baseline_inputs(inp)
    m = build_model(twin)
    info = solve_model(m, settings)
    if info.status != "optimal":
        raise SolverError(f"the business-as-usual twin did not solve: {info.status} ({info.termination})")
    index = pd.RangeIndex(twin.n_steps)
    hourly = extract_hourly(m, twin, index)
    cap = extract_capacities(m, twin)
    out = kpi.costs(twin, cap, hourly, 0.0)
    out["import_kwh"] = float(np.dot(step_weights(twin), hourly["import_kw"].to_numpy()) * twin.dt_h)
    out["grid_connection_kw"] = cap["grid_connection_kw"]
    if twin.heat is not None:
        from simulator.results.heat import fuel_co2_t

        out["heat_fuel_co2_t"] = sum(fuel_co2_t(twin, hourly).values())
    if getattr(twin, "hydrogen", None) is not None:  # electricity into hydrogen (net of the fuel cell): park load
        net = hourly["h2_electrolyser_kw"] - hourly["h2_fuel_cell_kw"]
        out["h2_net_kwh"] = float(np.dot(step_weights(twin), net.to_numpy()) * twin.dt_h)
    return out


def baseline_summary(inp: ModelInputs, optimum_cny_per_yr: float | None = None,
                     optimum_co2_t_per_yr: float | None = None,
                     settings: SolverSettings | None = None) -> dict:
    """The ``baseline`` block of ``summary.json``.

    Parameters
    ----------
    inp : ModelInputs
        Inputs of the project's model.
    optimum_cny_per_yr : float, optional
        The project's annual cost [CNY/yr]; when given, savings and the extra cost are reported.
    optimum_co2_t_per_yr : float, optional
        The project's grid CO2 [t/yr]; when given, the CO2 avoided is reported.
    settings : SolverSettings, optional
        Used only when existing assets make a solve necessary.

    Returns
    -------
    dict
        ``method`` (``direct`` or ``solved``), ``cost_cny_per_yr`` (total), ``cost_breakdown_cny_per_yr``,
        ``import_kwh_per_yr``, ``grid_connection_kw``, ``co2_t_per_yr``, ``cost_of_supply_cny_per_kwh``,
        and with an optimum: ``savings_cny_per_yr`` = baseline − optimum (negative when the project costs
        more), ``extra_cost_of_compliance_cny_per_yr`` = max(0, optimum − baseline) (what meeting the rules
        costs above business as usual), ``co2_avoided_t_per_yr`` and ``abatement_cost_cny_per_t``
        = (optimum − baseline) / CO2 avoided (None when nothing is avoided).
    """
    k = inp.year_weight
    if has_existing_assets(inp):
        bill, method = solve_baseline(inp, settings), "solved"
    else:
        bill, method = grid_bill(inp), "direct"
    import_kwh, connection = bill.pop("import_kwh"), bill.pop("grid_connection_kw")
    total = bill["total"]
    load_per_yr = float(np.dot(step_weights(inp), inp.load_kw) * inp.dt_h * k) + bill.pop("h2_net_kwh", 0.0) * k
    co2 = import_kwh * k * inp.grid.emission_kg_per_kwh / 1000.0 + bill.pop("heat_fuel_co2_t", 0.0) * k
    out = {"method": method, "cost_cny_per_yr": total, "cost_breakdown_cny_per_yr": bill,
           "import_kwh_per_yr": import_kwh * k, "grid_connection_kw": connection, "co2_t_per_yr": co2,
           "cost_of_supply_cny_per_kwh": ((total - sum(v for key, v in bill.items() if key.startswith(("heat_", "h2_"))))
                                          / load_per_yr if load_per_yr > 0 else None)}
    if optimum_cny_per_yr is not None:
        out["savings_cny_per_yr"] = total - optimum_cny_per_yr
        out["extra_cost_of_compliance_cny_per_yr"] = max(0.0, optimum_cny_per_yr - total)
    if optimum_co2_t_per_yr is not None:
        avoided = co2 - optimum_co2_t_per_yr
        out["co2_avoided_t_per_yr"] = avoided
        if optimum_cny_per_yr is not None:
            out["abatement_cost_cny_per_t"] = (optimum_cny_per_yr - total) / avoided if avoided > 1e-9 else None
    return out


__all__ = ["baseline_inputs", "baseline_summary", "grid_bill", "has_existing_assets", "solve_baseline"]
