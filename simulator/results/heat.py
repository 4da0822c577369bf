"""Process-heat accounting recomputed from the hourly results: heat costs, fuel, CO2 by energy carrier.

Everything here reads the hourly table and the capacities (never the solver's constraints), so that a
wrong heat constraint shows up as a failed balance or a cost that differs from the objective.
Fuel energy is counted at its lower heating value; fuel in tce at the same calorific equivalent as
electricity (``energy.kgce_per_kwh``, GB/T 2589: 1 kgce = 29,307 kJ, so 1 GJ = 34.1 kgce).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.data import default
from simulator.inputs.heat import IT_HEAT_PER_KWH
from simulator.inputs.model_inputs import KWH_PER_GJ, ModelInputs, crf

#: HiGHS's default primal feasibility tolerance [-], as in simulator.results.kpi
_PRIMAL_TOLERANCE = 1e-7


def fuel_kwh(inp: ModelInputs, hourly: pd.DataFrame) -> dict:
    """Fuel burnt over the horizon by each fuel boiler [kWh LHV] = Δt Σ_t w_t h_j,t / η_j (eq. H7; w_t = 1
    except on typical periods)."""
    w = inp.weights
    return {j.name: float(np.dot(w, hourly[f"heat_{j.name}_kw"].to_numpy()) * inp.dt_h / j.heat_per_input)
            for j in inp.heat.technologies if not j.electric}


def fuel_co2_t(inp: ModelInputs, hourly: pd.DataFrame) -> dict:
    """CO2 of each fuel boiler over the horizon [t]."""
    techs = {j.name: j for j in inp.heat.technologies}
    return {name: kwh * techs[name].emission_kg_per_kwh / 1000.0 for name, kwh in fuel_kwh(inp, hourly).items()}


def heat_costs(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame) -> dict:
    """Annual heat cost terms [CNY/yr] (eq. H8-H9) under the objective's names."""
    heat, r, k = inp.heat, inp.discount_rate_fraction, inp.year_weight
    capex = fom = 0.0
    for j in heat.technologies:
        c = capacity[f"heat_{j.name}_kw"]
        capex += crf(r, j.lifetime_yr) * j.capex_cny_per_kw * (c - j.existing_kw)
        fom += j.fixed_om_cny_per_kw_yr * c
    for s in heat.storages:
        e = capacity[f"heat_storage_{s.name}_kwh"]
        capex += crf(r, s.lifetime_yr) * s.capex_cny_per_kwh * (e - s.existing_kwh)
        fom += s.fixed_om_cny_per_kwh_yr * e
    out = {"heat_capex": capex, "heat_fixed_om": fom}
    fuels = fuel_kwh(inp, hourly)
    if fuels:
        techs = {j.name: j for j in heat.technologies}
        out["heat_fuel"] = k * sum(techs[n].fuel_price_cny_per_kwh * v for n, v in fuels.items())
        if heat.carbon_price_cny_per_t > 0:
            out["heat_carbon"] = k * heat.carbon_price_cny_per_t * sum(fuel_co2_t(inp, hourly).values())
    return out


def heat_capacity_hints(inp: ModelInputs) -> list[str]:
    """Carriers whose technologies, all bounded, cannot reach the peak heat demand even together, and
    have no heat store to bridge it (an infeasible heat balance, eq. H1-H2)."""
    out = []
    heat = inp.heat
    for c in heat.carriers:
        techs = [j for j in heat.technologies if j.carrier == c]
        if any(j.max_kw is None for j in techs) or any(s.carrier == c for s in heat.storages):
            continue
        most = sum(j.max_kw for j in techs)
        peak = float(np.max(heat.demand_kw[c]))
        if most < peak:
            out.append(f"heat: the {c} technologies deliver at most {most:,.0f} kW (sum of max_kw) against a "
                       f"peak {c} demand of {peak:,.0f} kW")
    return out


def heat_balance(inp: ModelInputs, hourly: pd.DataFrame, primal_feasibility_tolerance: float | None = None) -> dict:
    """Heat balance per carrier and step (eq. H1) recomputed from the hourly table.

    Returns ``balance_residual_kw`` (carrier -> max |supply + discharge − charge − demand| [kW_th]),
    ``balance_tolerance_kw`` (the solver's primal tolerance times the largest heat flow, as for the
    electricity balance) and ``balance_ok``.
    """
    heat = inp.heat
    residual, flows = {}, [1.0]
    for c in heat.carriers:
        net = -hourly[f"heat_demand_{c}_kw"].to_numpy().copy()
        flows.append(float(np.abs(net).max()))
        for j in heat.technologies:
            if j.carrier == c:
                net += hourly[f"heat_{j.name}_kw"].to_numpy()
                flows.append(float(hourly[f"heat_{j.name}_kw"].max()))
        for s in heat.storages:
            if s.carrier == c:
                net += (hourly[f"heat_storage_{s.name}_discharge_kw"]
                        - hourly[f"heat_storage_{s.name}_charge_kw"]).to_numpy()
        residual[c] = float(np.abs(net).max())
    tol = (_PRIMAL_TOLERANCE if primal_feasibility_tolerance is None else primal_feasibility_tolerance) * max(flows)
    return {"balance_residual_kw": residual, "balance_tolerance_kw": tol,
            "balance_ok": bool(all(v <= tol for v in residual.values()))}


def heat_summary(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame, co2_electricity_t_per_yr: float,
                 primal_feasibility_tolerance: float | None = None) -> dict:
    """The ``heat`` block of ``summary.json`` (per year: horizon sums times k).

    Keys: ``demand_mwh_per_yr`` and ``demand_peak_kw`` per carrier (steam also ``steam_t_per_yr``),
    ``supply_mwh_per_yr`` and ``capacity_kw`` per technology, ``storage_kwh`` and
    ``storage_loss_mwh_per_yr``, ``electricity_kwh_per_yr`` (electric boilers and heat pumps, part of the
    park load), ``electrified_fraction`` (heat from electric kinds / heat supplied), ``fuel_gj_per_yr`` per
    technology and ``fuel_gj_per_yr_by_fuel``, ``fuel_tce_per_yr``, ``co2_t_per_yr`` by energy carrier
    (``electricity`` = the park's grid imports, ``coal``, ``gas``), ``fuel_co2_t_per_yr``, the balance
    check of :func:`heat_balance` and the resolved inputs (``demands``, ``technologies``).
    """
    heat, dt, k = inp.heat, inp.dt_h, inp.year_weight
    record = inp.labels.get("heat", {})
    mwh = lambda col: float(hourly[col].sum() * dt * k / 1000.0)  # noqa: E731
    demand = {c: mwh(f"heat_demand_{c}_kw") for c in heat.carriers}
    supply = {j.name: mwh(f"heat_{j.name}_kw") for j in heat.technologies}
    electric = sum(supply[j.name] for j in heat.technologies if j.electric and j.heating)
    heat_supplied = sum(supply[j.name] for j in heat.technologies if j.heating)
    fuels = fuel_kwh(inp, hourly)
    techs = {j.name: j for j in heat.technologies}
    by_fuel: dict = {}
    co2_by_fuel: dict = {}
    for name, kwh in fuels.items():
        f = techs[name].fuel
        by_fuel[f] = by_fuel.get(f, 0.0) + kwh * k / KWH_PER_GJ
        co2_by_fuel[f] = co2_by_fuel.get(f, 0.0) + kwh * k * techs[name].emission_kg_per_kwh / 1000.0
    fuel_co2 = sum(co2_by_fuel.values())
    out = {
        "demand_mwh_per_yr": demand,
        "demand_peak_kw": {c: float(hourly[f"heat_demand_{c}_kw"].max()) for c in heat.carriers},
        "supply_mwh_per_yr": supply,
        "capacity_kw": {j.name: capacity[f"heat_{j.name}_kw"] for j in heat.technologies},
        "storage_kwh": {s.name: capacity[f"heat_storage_{s.name}_kwh"] for s in heat.storages},
        "storage_carrier": {s.name: s.carrier for s in heat.storages},
        "storage_loss_mwh_per_yr": sum(mwh(f"heat_storage_{s.name}_charge_kw")
                                       - mwh(f"heat_storage_{s.name}_discharge_kw") for s in heat.storages),
        "electricity_kwh_per_yr": float(hourly["heat_electric_kw"].sum() * dt * k),
        "electrified_fraction": electric / heat_supplied if heat_supplied > 0 else 0.0,
        "fuel_gj_per_yr": {n: v * k / KWH_PER_GJ for n, v in fuels.items()},
        "fuel_gj_per_yr_by_fuel": by_fuel,
        "fuel_tce_per_yr": sum(fuels.values()) * k * float(default("energy.kgce_per_kwh")) / 1000.0,
        "co2_t_per_yr": {"electricity": co2_electricity_t_per_yr, **co2_by_fuel},
        "fuel_co2_t_per_yr": fuel_co2,
        "carbon_price_cny_per_t": heat.carbon_price_cny_per_t,
        **heat_balance(inp, hourly, primal_feasibility_tolerance),
        "demands": record.get("demands", {}),
        "technologies": record.get("technologies", {}),
        "storages": record.get("storages", {}),
    }
    if "cooling" in heat.carriers:  # electricity of chillers and free cooling; PUE where all cooling is IT heat
        cooling_kwh = sum(float(hourly[f"heat_{j.name}_kw"].sum()) * dt * k / j.heat_per_input
                          for j in heat.technologies if not j.heating)
        out["cooling_electricity_kwh_per_yr"] = cooling_kwh
        cooling = [d for d in heat.demands if d.carrier == "cooling"]
        if cooling and all(record.get("demands", {}).get(d.name, {}).get("it_load") for d in cooling):
            it_kwh = sum(float(np.sum(d.demand_kw)) for d in cooling) * dt * k / IT_HEAT_PER_KWH
            out["pue_cooling_only"] = 1.0 + cooling_kwh / it_kwh if it_kwh > 0 else None
    if "steam" in heat.carriers and record.get("steam_kwh_per_t"):
        out["steam_t_per_yr"] = demand["steam"] * 1000.0 / record["steam_kwh_per_t"]
    return out
