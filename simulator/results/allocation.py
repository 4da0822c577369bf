"""Who gets the green power: hour-by-hour allocation to the park's enterprises and their results.

Reads the hourly results table (``results.extract.extract_hourly``) and the per-enterprise load profiles
(``ParkLoad.enterprises_kw``); no solver objects. The rules and equations are in docs/formulation.md
(section "Allocation to enterprises") and docs/enterprises.md. In short, for each step t:

1. Each enterprise's load after shifting, L'_e,t: the park's shift L'_t − Σ_e L_e,t is lowered pro rata to the
   enterprises' shiftable bands f_e L_e,t and raised, within each day, in proportion to each enterprise's
   share of that day's lowering, so every enterprise keeps its own daily energy.
2. Grid-charged storage energy ("grey") is tracked through the state of charge (:func:`storage_colour`);
   the green power reaching the load is G_t = L'_t − u_t − (grid to load)_t − (grey discharge to load)_t.
   Without grid charging this is the 650号 self-consumed green power L'_t − i_t − u_t.
3. G_t is shared among the enterprises' served loads S_e,t = L'_e,t − u_e,t (u_t pro rata to L'_e,t):
   pro rata to S_e,t, in priority order, or fixed contract shares (capped at S_e,t) with the remainder pro
   rata to what each still lacks.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.model.storage import storage_prefix

from simulator.inputs.load.builder import production_fraction
from simulator.inputs.load.archetypes import get_archetype
from simulator.results.heat_allocation import HEAT_COLUMNS, HEAT_RULES

#: energies below this [kW] are treated as zero when dividing (far below any meter's resolution)
_EPS_KW = 1e-9



def connection_cost_keys(grid) -> list[str]:
    """Cost keys charged per kW of the declared connection (capacity charge, T&D by capacity, 1192号).

    Their sum is shared by coincident peak (column ``capacity_charge_cny_per_yr``); every per-kWh grid
    charge (energy, T&D by energy, funds, system operation) is in the import price the column
    ``grid_energy_cny_per_yr`` is computed with.
    """
    return list(grid.capacity_parts_cny_per_kw_month) or ["capacity_charge"]


def energy_cost_keys(grid) -> list[str]:
    """Cost keys charged per kWh imported (``grid_energy`` and the per-kWh parts of the tariff)."""
    return ["grid_energy", *grid.per_kwh_parts_cny_per_kwh]

def enterprise_served_kw(hourly: pd.DataFrame, enterprises_kw: pd.DataFrame,
                         flexible_fraction: pd.Series) -> pd.DataFrame:
    """Each enterprise's load after the model's shifting [kW].

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly results; ``load_kw`` is the park load after shifting [kW].
    enterprises_kw : pandas.DataFrame
        Profiles before shifting, one column per enterprise [kW], same index.
    flexible_fraction : pandas.Series
        Shiftable share f_e of each enterprise [-].

    Returns
    -------
    pandas.DataFrame
        L'_e,t [kW]; rows add up to ``hourly['load_kw']`` and each enterprise keeps its daily energy.
    """
    before = enterprises_kw.to_numpy(dtype=float)
    shift = hourly["load_kw"].to_numpy(dtype=float) - before.sum(axis=1)
    band = before * flexible_fraction.reindex(enterprises_kw.columns).fillna(0.0).to_numpy()[None, :]
    band_total = band.sum(axis=1)
    down = np.maximum(-shift, 0.0)
    lowered = np.divide(band * down[:, None], band_total[:, None], out=np.zeros_like(band),
                        where=band_total[:, None] > _EPS_KW)
    up = np.maximum(shift, 0.0)
    codes, _days = pd.factorize(pd.Index(hourly.index.date))
    per_day = lambda x: np.stack([np.bincount(codes, weights=x[:, j]) for j in range(x.shape[1])], axis=1)  # noqa: E731
    lowered_day, band_day = per_day(lowered), per_day(band)
    lowered_sum, band_sum = lowered_day.sum(axis=1, keepdims=True), band_day.sum(axis=1, keepdims=True)
    weights = np.where(lowered_sum > _EPS_KW, lowered_day / np.maximum(lowered_sum, _EPS_KW),
                       band_day / np.maximum(band_sum, _EPS_KW))
    raised = up[:, None] * weights[codes]
    return pd.DataFrame(before - lowered + raised, index=enterprises_kw.index, columns=enterprises_kw.columns)


def storage_colour(hourly: pd.DataFrame, dt_h: float, charge_efficiency: float, discharge_efficiency: float,
                   self_discharge_per_h: float, grid_charging: bool) -> pd.DataFrame:
    """Grid-charged ("grey") energy in the storage and the grid power reaching the load [kW, kWh].

    With p_t = PV + wind delivered, c_t charge, d_t discharge, i_t import, s_t state of charge:
    grey charge g_t = max(c_t − p_t, 0) (what the hour's green generation cannot cover; conservative);
    mixture before discharge m_t = κ s_{t−1} + Δt η_c c_t with κ = (1 − σ)^Δt; grey fraction
    φ_t = (κ q_{t−1} + Δt η_c g_t) / m_t; grey state q_t = φ_t s_t; grey discharge φ_t d_t. The cycle is
    closed (q_{−1} = q_{T−1}) by solving the linear fixed point. Without grid charging all of it is zero.

    Returns
    -------
    pandas.DataFrame
        ``grid_to_storage_kw`` (import into storage), ``grid_to_load_kw`` (import straight to the load),
        ``grid_not_to_load_kw`` (import − grid to load: into storage or out again), ``grey_discharge_kw``,
        ``grey_to_load_kw``, ``storage_grey_soc_kwh``, ``green_to_load_kw``.
    """
    store = ("storage", charge_efficiency, self_discharge_per_h, grid_charging)
    return storage_colour_types(hourly, dt_h, [store])


def storage_colour_types(hourly: pd.DataFrame, dt_h: float, stores: list[tuple]) -> pd.DataFrame:
    """:func:`storage_colour` for one or several storage technologies.

    ``stores`` lists ``(column prefix, η_c, σ [1/h], grid charging allowed)`` in order; each reads its
    ``<prefix>_charge_kw``, ``_discharge_kw`` and ``_soc_kwh`` columns. The hour's green generation covers
    the technologies' charge in that order (what is left of p_t after the earlier ones), so each has its
    own grey charge g_s,t, grey state and grey discharge; the grid flows are computed from the totals.
    """
    n = len(hourly)
    col = lambda name: hourly[name].to_numpy(dtype=float) if name in hourly else np.zeros(n)  # noqa: E731
    green_left = col("pv_kw") + col("wind_kw")
    if "line_delivered_kw" in hourly:  # [[sites]]: green at the park bus = park generation + what the lines deliver
        at_sites = [c for c in hourly.columns if c.startswith("site_") and c.endswith("_kw")
                    and not c.endswith("_available_kw")]
        green_left = green_left - sum(col(c) for c in at_sites) + col("line_delivered_kw")
    imp, served = col("import_kw"), col("load_kw") - col("unserved_kw")
    grey_in, grey_discharge, grey_soc = np.zeros(n), np.zeros(n), np.zeros(n)
    for prefix, eta_c, sigma, grid_charging in stores:
        c, d, s = col(f"{prefix}_charge_kw"), col(f"{prefix}_discharge_kw"), col(f"{prefix}_soc_kwh")
        g = np.maximum(c - green_left, 0.0) if grid_charging else np.zeros(n)
        green_left = np.maximum(green_left - c, 0.0)
        q, phi = _grey_state(c, s, g, dt_h, eta_c, sigma)
        grey_in += g
        grey_discharge += phi * d
        grey_soc += q
    grid_to_storage = np.minimum(grey_in, imp)
    grid_to_load = np.minimum(imp - grid_to_storage, np.maximum(served, 0.0))
    grey_to_load = np.minimum(grey_discharge, np.maximum(served - grid_to_load, 0.0))
    green = np.maximum(served - grid_to_load - grey_to_load, 0.0)
    return pd.DataFrame({"grid_to_storage_kw": grid_to_storage, "grid_to_load_kw": grid_to_load,
                         "grid_not_to_load_kw": imp - grid_to_load, "grey_discharge_kw": grey_discharge,
                         "grey_to_load_kw": grey_to_load, "storage_grey_soc_kwh": grey_soc,
                         "green_to_load_kw": green}, index=hourly.index)


def _grey_state(c: np.ndarray, s: np.ndarray, grey_in: np.ndarray, dt_h: float, charge_efficiency: float,
                self_discharge_per_h: float) -> tuple[np.ndarray, np.ndarray]:
    """Grey state of charge q_t [kWh] and grey fraction φ_t [-] of one store over a closed cycle."""
    n = len(c)
    if not grey_in.any():
        return np.zeros(n), np.zeros(n)
    keep = (1.0 - self_discharge_per_h) ** dt_h
    stored, stored_grey = dt_h * charge_efficiency * c, dt_h * charge_efficiency * grey_in

    def run(q_start: float) -> tuple[np.ndarray, np.ndarray]:
        q, phi = np.zeros(n), np.zeros(n)
        previous_s, previous_q = s[-1], q_start
        for t in range(n):
            mixture = keep * previous_s + stored[t]
            phi[t] = min(max((keep * previous_q + stored_grey[t]) / mixture, 0.0), 1.0) if mixture > _EPS_KW else 0.0
            q[t] = phi[t] * s[t]
            previous_s, previous_q = s[t], q[t]
        return q, phi

    base_q, _ = run(0.0)
    if s[-1] > _EPS_KW:
        slope = (run(s[-1])[0][-1] - base_q[-1]) / s[-1]
        start = base_q[-1] / (1.0 - slope) if slope < 1.0 - 1e-12 else base_q[-1]
        start = min(max(start, 0.0), s[-1])
    else:
        start = 0.0
    return run(start)


def allocate_green_kw(green_kw: np.ndarray, served_kw: np.ndarray, method: str = "pro_rata",
                      order: list[int] | None = None, contract: np.ndarray | None = None) -> np.ndarray:
    """Share each step's green power G_t among the enterprises' served loads S_e,t [kW].

    Parameters
    ----------
    green_kw : ndarray, shape (T,)
        G_t [kW], with 0 <= G_t <= Σ_e S_e,t.
    served_kw : ndarray, shape (T, E)
        S_e,t [kW].
    method : {'pro_rata', 'priority', 'contract'}
        ``pro_rata``: G_e,t = G_t S_e,t / Σ S. ``priority``: enterprises in ``order`` are served in turn up
        to S_e,t; the others share what is left pro rata. ``contract``: G_e,t = min(c_e G_t, S_e,t) for
        the contract shares c_e (NaN = none), the remainder pro rata to S_e,t − G_e,t.
    order : list of int, optional
        Column positions, first served first (``priority``).
    contract : ndarray, shape (E,), optional
        Contract shares c_e [-] (``contract``).

    Returns
    -------
    ndarray, shape (T, E)
        G_e,t [kW]; rows add up to G_t and no enterprise gets more than S_e,t.
    """
    served = np.maximum(np.asarray(served_kw, dtype=float), 0.0)
    green = np.minimum(np.asarray(green_kw, dtype=float), served.sum(axis=1))
    out = np.zeros_like(served)
    if method == "priority":
        left = green.copy()
        for j in order or []:
            out[:, j] = np.minimum(served[:, j], left)
            left = left - out[:, j]
        rest = np.ones(served.shape[1], dtype=bool)
        rest[list(order or [])] = False
        need = served * rest[None, :]
        return out + _pro_rata(left, need)
    if method == "contract":
        shares = np.nan_to_num(np.asarray(contract, dtype=float), nan=0.0)
        out = np.minimum(green[:, None] * shares[None, :], served)
        return out + _pro_rata(green - out.sum(axis=1), served - out)
    if method != "pro_rata":
        raise ValueError(f"unknown allocation {method!r}")
    return _pro_rata(green, served)


def _pro_rata(amount: np.ndarray, weights: np.ndarray) -> np.ndarray:
    total = weights.sum(axis=1)
    return np.divide(weights * amount[:, None], total[:, None], out=np.zeros_like(weights),
                     where=total[:, None] > _EPS_KW)


def _coincident_weights(grey_kw: np.ndarray, served_kw: np.ndarray, t: int) -> np.ndarray:
    """Shares of the enterprises in the grid power at step t (their load at t if none is from the grid)."""
    row = grey_kw[t] if grey_kw[t].sum() > _EPS_KW else served_kw[t]
    return row / row.sum() if row.sum() > _EPS_KW else np.full(len(row), 1.0 / len(row))


def _allocation(hourly: pd.DataFrame, park_load, section, inp, heat_kw: pd.DataFrame | None = None):
    """Loads after shifting, storage colour, unserved, served and green power per enterprise [kW] (A1-A4).

    ``heat_kw``: each enterprise's electricity for heat E_e,t [kW] (``results.heat_allocation``), part of
    ``hourly['load_kw']``; it is taken out before the shift is shared and added to the enterprise's load.
    """
    names = list(park_load.enterprises_kw.columns)
    ents = {e.name: e for e in section.enterprises}
    base = hourly if heat_kw is None else hourly.assign(load_kw=hourly["load_kw"] - heat_kw.sum(axis=1))
    loads = enterprise_served_kw(base, park_load.enterprises_kw, park_load.summary["flexible_fraction"])
    if heat_kw is not None:
        loads = loads + heat_kw[loads.columns].to_numpy()
    stores = [(storage_prefix(st.name), st.charge_efficiency, st.self_discharge_per_h, st.allow_grid_charging)
              for st in inp.stores if getattr(st, "site", "park") == "park"]  # a site's stores are behind its line
    colour = storage_colour_types(hourly, inp.dt_h, stores)
    L = loads.to_numpy()
    unserved = _pro_rata(hourly["unserved_kw"].to_numpy(dtype=float), L)
    served = L - unserved
    order = [names.index(n) for n in section.priority]
    contract = np.array([np.nan if ents[n].green_share_contract is None else ents[n].green_share_contract
                         for n in names])
    green = allocate_green_kw(colour["green_to_load_kw"].to_numpy(), served, section.allocation, order, contract)
    return loads, colour, unserved, served, green


def green_by_enterprise_kw(hourly: pd.DataFrame, park_load, section, inp) -> pd.DataFrame:
    """G_e,t: the green power credited to each enterprise in each step [kW] (A1-A4)."""
    _loads, _colour, _unserved, _served, green = _allocation(hourly, park_load, section, inp)
    return pd.DataFrame(green, index=hourly.index, columns=park_load.enterprises_kw.columns)


def enterprise_results(hourly: pd.DataFrame, park_load, section, inp, cost: dict,
                       green_purchase_kwh: float, heat: dict | None = None) -> tuple[pd.DataFrame, dict]:
    """The per-enterprise table (``enterprises.csv``) and its ``summary.json`` block.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly results of the run.
    park_load : ParkLoad
        Per-enterprise profiles before shifting.
    section : LoadSection
        The scenario's ``[load]`` (allocation rule, priority, contract shares, outputs).
    inp : ModelInputs
        Grid prices, charges, storage parameters, Δt and the year weight k.
    cost : dict
        The park's annual cost breakdown [CNY/yr] (``summary['cost_cny_per_yr']``).
    green_purchase_kwh : float
        Certified green purchases over the horizon [kWh].
    heat : dict, optional
        With ``[heat]``: :func:`simulator.results.heat_allocation.heat_by_enterprise` (electricity for heat
        joins each enterprise's load; heat columns and the heat cost join the rows and the bill).

    Returns
    -------
    table : pandas.DataFrame
        One row per enterprise; energies over the horizon [kWh], money and CO2 per year.
    block : dict
        ``rows`` (the table), ``park`` (its sums and the park figures they match) and ``rules`` (text).
    """
    dt, k, grid = inp.dt_h, inp.year_weight, inp.grid
    names = list(park_load.enterprises_kw.columns)
    ents = {e.name: e for e in section.enterprises}
    loads, colour, unserved, served, green = _allocation(hourly, park_load, section, inp,
                                                         None if heat is None else heat["electric_kw"])
    L = loads.to_numpy()
    load_total = L.sum(axis=1)
    grey = served - green
    via = colour["grid_to_load_kw"].to_numpy() + colour["grey_to_load_kw"].to_numpy()
    direct = np.divide(grey * colour["grid_to_load_kw"].to_numpy()[:, None], via[:, None],
                       out=np.zeros_like(grey), where=via[:, None] > _EPS_KW)
    via_storage = np.divide(grey * colour["grey_to_load_kw"].to_numpy()[:, None], via[:, None],
                            out=np.zeros_like(grey), where=via[:, None] > _EPS_KW)
    price = hourly["import_price_cny_per_kwh"].to_numpy(dtype=float)
    pool_kw = colour["grid_not_to_load_kw"].to_numpy()
    pool_share = via_storage.sum(axis=0)
    pool_share = pool_share / pool_share.sum() if pool_share.sum() > _EPS_KW else L.sum(axis=0) / L.sum()
    import_kwh = direct.sum(axis=0) * dt + pool_kw.sum() * dt * pool_share
    grid_energy = k * dt * (price @ direct + (price @ pool_kw) * pool_share)
    imp = hourly["import_kw"].to_numpy(dtype=float)
    capacity_charge = np.zeros(len(names))
    connection_cny = sum(cost.get(name, 0.0) for name in connection_cost_keys(grid))
    if connection_cny:
        t_peak = int(np.argmax(imp)) if imp.max() > _EPS_KW else int(np.argmax(load_total))
        capacity_charge = connection_cny * _coincident_weights(grey, served, t_peak)
    demand_charge = np.zeros(len(names))
    if cost.get("demand_charge", 0.0):
        months = np.asarray(grid.month_of_step)
        n_months = len(np.unique(months))
        for month in np.unique(months):
            steps = np.flatnonzero(months == month)
            t_peak = int(steps[np.argmax(imp[steps])])
            demand_charge += (12.0 / n_months * grid.demand_charge_cny_per_kw_month * imp[t_peak]
                              * _coincident_weights(grey, served, t_peak))
    total_import = float(import_kwh.sum())
    import_share = import_kwh / total_import if total_import > 0 else np.zeros(len(names))
    carbon = cost.get("carbon", 0.0) * import_share
    certificates_kwh = green_purchase_kwh * import_share
    certificates = cost.get("green_certificates", 0.0) * import_share
    green_kwh = green.sum(axis=0) * dt
    green_pool = (cost.get("capex", 0.0) + cost.get("fixed_om", 0.0) + cost.get("line_capex", 0.0)
                  + cost.get("line_fixed_om", 0.0) - cost.get("export_revenue", 0.0))
    green_price = green_pool / (green_kwh.sum() * k) if green_kwh.sum() > 0 else None
    green_cost = green_kwh * k * green_price if green_price is not None else green_pool * L.sum(axis=0) / L.sum()
    ef = grid.emission_kg_per_kwh / 1000.0
    co2_location = import_kwh * k * ef
    co2_market = np.maximum(import_kwh - certificates_kwh, 0.0) * k * ef
    load_kwh = L.sum(axis=0) * dt
    year = int(hourly.index[0].year)
    rows = []
    for j, name in enumerate(names):
        e = ents[name]
        bill = grid_energy[j] + capacity_charge[j] + demand_charge[j] + carbon[j] + certificates[j] + green_cost[j]
        if heat is not None:
            bill += heat["heat_cny_per_yr"][j]
        row = {"enterprise": name, "load_kwh": load_kwh[j], "green_kwh": green_kwh[j],
               "import_kwh": import_kwh[j], "grid_direct_kwh": direct[:, j].sum() * dt,
               "grid_via_storage_kwh": via_storage[:, j].sum() * dt, "unserved_kwh": unserved[:, j].sum() * dt,
               "green_share": green_kwh[j] / load_kwh[j] if load_kwh[j] > 0 else 0.0,
               "peak_kw": float(L[:, j].max()),
               "grid_energy_cny_per_yr": grid_energy[j], "capacity_charge_cny_per_yr": capacity_charge[j],
               "demand_charge_cny_per_yr": demand_charge[j], "carbon_cny_per_yr": carbon[j],
               "certificates_cny_per_yr": certificates[j], "green_cny_per_yr": green_cost[j],
               "bill_cny_per_yr": bill,
               "bill_cny_per_kwh": bill / (load_kwh[j] * k) if load_kwh[j] > 0 else None,
               "co2_t_per_yr_location_based": co2_location[j], "co2_t_per_yr_market_based": co2_market[j]}
        if heat is not None:  # process heat (results.heat_allocation); electricity for heat is in load_kwh
            row.update({key: float(heat[key][j]) for key in HEAT_COLUMNS})
            row["co2_t_per_yr_with_fuel_location_based"] = co2_location[j] + heat["heat_fuel_co2_t_per_yr"][j]
        row.update(_product_carbon(e, year, load_kwh[j] * k, co2_location[j], co2_market[j]))
        rows.append(row)
    table = pd.DataFrame(rows).set_index("enterprise")
    park = {"load_kwh": float(hourly["load_kw"].sum() * dt), "import_kwh": float(imp.sum() * dt),
            "green_kwh": float(green_kwh.sum()),
            "re_self_consumed_kwh": float((hourly["load_kw"] - hourly["import_kw"] - hourly["unserved_kw"]).sum() * dt),
            "grid_charged_discharge_to_load_kwh": float(colour["grey_to_load_kw"].sum() * dt),
            "grid_to_storage_kwh": float(colour["grid_to_storage_kw"].sum() * dt),
            "grid_not_to_load_kwh": float(pool_kw.sum() * dt),
            "bills_cny_per_yr": float(table["bill_cny_per_yr"].sum()),
            "cost_total_less_unserved_penalty_cny_per_yr": float(cost["total"] - cost.get("unserved_penalty", 0.0)),
            "green_cost_cny_per_kwh": green_price,
            "co2_t_per_yr_location_based": float(co2_location.sum()),
            "co2_t_per_yr_market_based": float(co2_market.sum())}
    if heat is not None:
        park.update({f"{key}_sum": float(table[key].sum()) for key in HEAT_COLUMNS})
    block = {"allocation": section.allocation, "rows": rows,
             "park": park, "rules": RULES if heat is None else {**RULES, **HEAT_RULES}}
    return table, block


def _product_carbon(e, year: int, load_kwh_per_yr: float, co2_location: float, co2_market: float) -> dict:
    """Carbon per unit of product from electricity (scope 2 only), where the enterprise gives its output."""
    if e.output_per_yr is None:
        return {"output_per_yr": None, "output_unit": e.output_unit, "electricity_kwh_per_unit": None,
                "co2_t_per_unit_location_based": None, "co2_t_per_unit_market_based": None}
    unit = e.output_unit or (get_archetype(e.archetype).unit if e.archetype else "unit")
    output = e.output_per_yr * production_fraction(e, year)
    per = (lambda x: x / output) if output > 0 else (lambda x: None)  # noqa: E731
    return {"output_per_yr": output, "output_unit": unit, "electricity_kwh_per_unit": per(load_kwh_per_yr),
            "co2_t_per_unit_location_based": per(co2_location), "co2_t_per_unit_market_based": per(co2_market)}


RULES = {
    "green": "each step's green power reaching the load (load after shifting − unserved − grid import straight "
             "to the load − grid-charged storage discharge to the load) is shared by the [load] allocation rule",
    "storage": "storage discharge is green only for the green energy stored: charge beyond the step's PV + wind "
               "output is grid-charged, and the grid-charged share of the state of charge is carried from "
               "step to step (docs/formulation.md, allocation)",
    "import": "import_kwh is grid energy as billed: the grid power an enterprise receives directly, plus the "
              "grid energy charged into storage (with its losses) in proportion to the grid-charged "
              "discharge it receives",
    "capacity_charge": "every charge per kW of the declared connection (capacity charge, T&D by capacity), "
                       "by coincident peak: shares of the enterprises' grid power at the step of the park's "
                       "largest import (their load there if no grid power)",
    "grid_energy": "every charge per kWh imported (energy, T&D by energy, funds, system operation) at the "
                   "step's import price",
    "demand_charge": "by coincident peak, month by month: shares of the enterprises' grid power at the step of "
                     "each month's largest import",
    "green_cost": "green power at the park's green supply cost: generation and storage annuities and fixed O&M "
                  "less export revenue, per kWh of green power delivered to the enterprises (until a [deal] "
                  "sets a direct-supply price)",
    "bill": "grid energy at the tariff in each step + capacity and demand charges + carbon cost + certificates "
            "+ green power at the green supply cost; the value of lost load is not billed, so the bills add "
            "up to the park's total cost less the unserved-load penalty",
    "co2": "location-based: billed grid energy × the grid emission factor; market-based: less the certified "
           "green purchases, shared pro rata to billed grid energy (same factor for the residual mix)",
    "product": "carbon per unit of output from electricity only (scope 2); process emissions (e.g. anodes "
               "in aluminium smelting) are not modelled",
}
