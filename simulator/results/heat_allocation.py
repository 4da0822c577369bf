"""Each enterprise's share of the park's process heat: demand, electricity for heat, fuel, CO2 and cost.

Reads the hourly results and the heat inputs (never the solver). Rules (docs/enterprises.md, "Heat"):

- a heat demand belongs to the enterprise it is billed to (``billed_to``, else the enterprise whose
  shape it uses); an enterprise's share of carrier c at step t is a_e,c,t = Q_e,c,t / Q_c,t, and at
  steps without demand of c (a heat store charging at night) its share of the horizon's demand of c;
- the electricity of carrier c's electric boilers and heat pumps at t, E_c,t, and the fuel of its
  boilers at t, F_j,t, are shared by a_e,c,t: E_e,t = Σ_c a_e,c,t E_c,t joins the enterprise's electric
  load (so its green share, grid energy and charges include its electrified heat), fuel cost and fuel
  CO2 (and its carbon price) follow F;
- the annuities and fixed O&M of carrier c's technologies and stores are shared by the enterprise's
  share of the horizon's demand of c.

Every share adds up to one over the enterprises, so the columns add up to the park's heat totals.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.inputs.model_inputs import KWH_PER_GJ, ModelInputs, crf

#: shares are not formed from demands below this [kW_th]
_EPS_KW = 1e-9


def unbilled_heat_demands(inp: ModelInputs, enterprises: list[str]) -> list[str]:
    """Heat demands that belong to no enterprise of the table (no ``billed_to`` and an archetype or CSV shape)."""
    return [d.name for d in inp.heat.demands if d.enterprise not in enterprises]


def _shares(inp: ModelInputs, names: list[str]) -> dict:
    """a_e,c,t per carrier [-], shape (T, E), and the horizon shares per carrier, shape (E,)."""
    step, horizon = {}, {}
    for c in inp.heat.carriers:
        q = np.zeros((inp.n_steps, len(names)))
        for d in inp.heat.demands:
            if d.carrier == c:
                q[:, names.index(d.enterprise)] += np.asarray(d.demand_kw, dtype=float)
        total = q.sum(axis=0)
        horizon[c] = total / total.sum() if total.sum() > _EPS_KW else np.full(len(names), 1.0 / len(names))
        row = q.sum(axis=1, keepdims=True)
        step[c] = np.where(row > _EPS_KW, q / np.maximum(row, _EPS_KW), horizon[c][None, :])
        step[c + "_demand"] = q
    return {"step": step, "horizon": horizon}


def heat_by_enterprise(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame, names: list[str]) -> dict:
    """Per-enterprise heat figures (arrays over ``names``) and the electricity for heat per step.

    Returns
    -------
    dict
        ``electric_kw`` (DataFrame, T x E: E_e,t [kW_e]); per enterprise (arrays): ``heat_demand_kwh``
        (horizon [kWh_th]), ``heat_electricity_kwh`` (horizon [kWh_e]), ``heat_fuel_gj_per_yr``,
        ``heat_fuel_co2_t_per_yr``, ``heat_equipment_cny_per_yr`` (annuities and fixed O&M),
        ``heat_fuel_cny_per_yr``, ``heat_carbon_cny_per_yr`` and ``heat_cny_per_yr`` (their sum).
    """
    heat, dt, k, r = inp.heat, inp.dt_h, inp.year_weight, inp.discount_rate_fraction
    w = np.asarray(inp.weights, dtype=float)
    shares = _shares(inp, names)
    n = len(names)
    electric = np.zeros((inp.n_steps, n))
    fuel_gj, fuel_co2, fuel_cny, equipment = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    demand_kwh = np.zeros(n)
    for c in heat.carriers:
        a, horizon = shares["step"][c], shares["horizon"][c]
        demand_kwh += shares["step"][c + "_demand"].sum(axis=0) * dt
        for j in heat.technologies:
            if j.carrier != c:
                continue
            flow = hourly[f"heat_{j.name}_kw"].to_numpy(dtype=float) / j.heat_per_input  # E or F [kW]
            if j.electric:
                electric += a * flow[:, None]
            else:
                fuel_kwh = k * dt * (w * flow) @ a  # per year [kWh LHV]
                fuel_gj += fuel_kwh / KWH_PER_GJ
                fuel_co2 += fuel_kwh * j.emission_kg_per_kwh / 1000.0
                fuel_cny += fuel_kwh * j.fuel_price_cny_per_kwh
            c_kw = capacity[f"heat_{j.name}_kw"]
            equipment += horizon * (crf(r, j.lifetime_yr) * j.capex_cny_per_kw * (c_kw - j.existing_kw)
                                    + j.fixed_om_cny_per_kw_yr * c_kw)
        for s in heat.storages:
            if s.carrier == c:
                e = capacity[f"heat_storage_{s.name}_kwh"]
                equipment += horizon * (crf(r, s.lifetime_yr) * s.capex_cny_per_kwh * (e - s.existing_kwh)
                                        + s.fixed_om_cny_per_kwh_yr * e)
    carbon = fuel_co2 * heat.carbon_price_cny_per_t
    return {"electric_kw": pd.DataFrame(electric, index=hourly.index, columns=names),
            "heat_demand_kwh": demand_kwh, "heat_electricity_kwh": electric.sum(axis=0) * dt,
            "heat_fuel_gj_per_yr": fuel_gj, "heat_fuel_co2_t_per_yr": fuel_co2,
            "heat_equipment_cny_per_yr": equipment, "heat_fuel_cny_per_yr": fuel_cny,
            "heat_carbon_cny_per_yr": carbon, "heat_cny_per_yr": equipment + fuel_cny + carbon}


#: the per-enterprise columns taken from :func:`heat_by_enterprise`
HEAT_COLUMNS = ("heat_demand_kwh", "heat_electricity_kwh", "heat_fuel_gj_per_yr", "heat_fuel_co2_t_per_yr",
                "heat_equipment_cny_per_yr", "heat_fuel_cny_per_yr", "heat_carbon_cny_per_yr", "heat_cny_per_yr")

HEAT_RULES = {
    "heat": "each heat demand is billed to its enterprise (billed_to, else the enterprise whose shape it "
            "uses); the electricity of each carrier's electric boilers and heat pumps and the fuel of its "
            "boilers are shared step by step by the enterprises' shares of that carrier's demand (their "
            "horizon shares in steps without demand); electricity for heat is part of load_kwh and is billed "
            "like the rest of the enterprise's electricity; heat equipment annuities and fixed O&M by "
            "horizon share of the carrier's demand; fuel CO2 at its emission factor, its carbon price with it",
}
