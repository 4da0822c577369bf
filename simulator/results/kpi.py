"""KPIs, costs and the compliance table, recomputed from the hourly results (never from the solver).

Energies are sums over the modelled horizon [kWh]; costs are per year [CNY/yr] (operating costs of a
shorter horizon scaled by k = 8760 / (T Δt)), matching the objective.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.policy import RULE_NAMES, active_rules, fuel_kwh_equivalent
from simulator.model.storage import storage_prefix
from simulator.results.sites import line_costs

RULE_TOLERANCE = 1e-6


def energy_totals(hourly: pd.DataFrame, dt_h: float) -> dict:
    """Energy sums [kWh] of the output contract, from the hourly table."""
    s = {c: float(hourly[c].sum() * dt_h) for c in hourly.columns if c.endswith("_kw")}
    load, imp, uns = s["load_kw"], s["import_kw"], s["unserved_kw"]
    out = {
        "load_kwh": load,
        "re_available_kwh": s["pv_available_kw"] + s["wind_available_kw"],
        "re_used_kwh": s["pv_kw"] + s["wind_kw"],
        "re_self_consumed_kwh": load - imp - uns,
        "import_kwh": imp,
        "export_kwh": s["export_kw"],
        "curtailed_kwh": s["curtailed_kw"],
        "unserved_kwh": uns,
        "storage_charge_kwh": s["storage_charge_kw"],
        "storage_discharge_kwh": s["storage_discharge_kw"],
        "storage_loss_kwh": s["storage_charge_kw"] - s["storage_discharge_kw"],
        "pv_available_kwh": s["pv_available_kw"],
        "wind_available_kwh": s["wind_available_kw"],
        "pv_kwh": s["pv_kw"],
        "wind_kwh": s["wind_kw"],
    }
    if "line_loss_kw" in s:  # [[sites]]: sent, delivered at the park and lost on the direct lines
        out.update(line_sent_kwh=s["line_send_kw"], line_delivered_kwh=s["line_delivered_kw"],
                   line_loss_kwh=s["line_loss_kw"])
    if "heat_fuel_kw" in s:  # process heat: boiler fuel [kWh LHV], energy use that is not clean (eq. 17, H7)
        out["heat_fuel_kwh"] = s["heat_fuel_kw"]
    return out


def ratios(energy: dict, available_basis: str = "before_curtailment") -> dict:
    """The four 650号 ratios [-] (plus the basis they use) from energy totals."""
    available = energy["re_available_kwh"] if available_basis == "before_curtailment" else energy["re_used_kwh"]
    load = energy["load_kwh"]
    safe = lambda num, den: float(num / den) if den > 0 else 0.0  # noqa: E731
    return {
        "self_consumption": safe(energy["re_self_consumed_kwh"], available),
        "green_share": safe(energy["re_self_consumed_kwh"], load),
        "feed_in": safe(energy["export_kwh"], available),
        "curtailment": safe(energy["curtailed_kwh"], energy["re_available_kwh"]),
    }


def costs(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame, green_purchase_kwh: float) -> dict:
    """Annual cost breakdown [CNY/yr] recomputed from capacities and hourly flows; sums to the objective."""
    r, k, dt = inp.discount_rate_fraction, inp.year_weight, inp.dt_h
    capex = fom = 0.0
    for g in inp.generators:
        c = capacity[f"{g.name}_kw"] if f"{g.name}_kw" in capacity and g.name != g.kind else capacity[f"{g.kind}_kw"]
        capex += g.capex_cny_per_kw * crf(r, g.lifetime_yr) * (c - g.existing_kw)
        fom += g.fixed_om_cny_per_kw_yr * c
    wear = 0.0
    for st in inp.stores:
        prefix = storage_prefix(st.name)
        e, p = capacity[f"{prefix}_kwh"], capacity[f"{prefix}_kw"]
        capex += crf(r, st.lifetime_yr) * (st.energy_capex_cny_per_kwh * (e - st.existing_kwh)
                                           + st.power_capex_cny_per_kw * (p - st.existing_kw))
        fom += st.fixed_om_cny_per_kwh_yr * e + st.fixed_om_cny_per_kw_yr * p
        wear += k * dt * st.throughput_cost_cny_per_kwh * float(hourly[f"{prefix}_discharge_kw"].sum())  # eq. 30
    grid = inp.grid
    imp, exp = hourly["import_kw"].to_numpy(), hourly["export_kw"].to_numpy()
    out = {"capex": capex, "fixed_om": fom}
    out.update(line_costs(inp, capacity))  # line_capex, line_fixed_om with [[sites]] (eq. L4)
    out.update(grid_cost_parts(grid, imp, capacity["grid_connection_kw"], k, dt))
    out["export_revenue"] = float(k * dt * np.dot(grid.export_price_cny_per_kwh, exp))
    if any(st.throughput_cost_cny_per_kwh > 0 for st in inp.stores):
        out["storage_wear"] = wear
    if grid.connected and grid.demand_charge_cny_per_kw_month > 0:
        peaks = pd.Series(imp).groupby(np.asarray(grid.month_of_step)).max()
        out["demand_charge"] = float(12.0 / len(peaks) * grid.demand_charge_cny_per_kw_month * peaks.sum())
    if grid.carbon_price_cny_per_t > 0:
        out["carbon"] = float(k * dt * imp.sum() * grid.emission_kg_per_kwh / 1000 * grid.carbon_price_cny_per_t)
    pol = inp.policy
    if pol.unserved_max_fraction > 0:
        out["unserved_penalty"] = float(k * dt * pol.value_of_lost_load_cny_per_kwh * hourly["unserved_kw"].sum())
    if pol.zero_carbon and pol.green_certificate_price_series_cny_per_kwh is not None:  # eq. 17a
        out["green_certificates"] = float(k * dt * np.dot(pol.green_certificate_price_series_cny_per_kwh,
                                                          hourly["green_purchase_kw"].to_numpy()))
    elif pol.zero_carbon:
        out["green_certificates"] = k * pol.green_certificate_price_cny_per_kwh * green_purchase_kwh
    if getattr(inp, "heat", None) is not None:  # process heat (eq. H8-H9)
        from simulator.results.heat import heat_costs

        out.update(heat_costs(inp, capacity, hourly))
    if getattr(inp, "hydrogen", None) is not None:  # hydrogen chain (eq. Y8-Y9); h2_sale is negative
        from simulator.results.hydrogen import hydrogen_costs

        out.update(hydrogen_costs(inp, capacity, hourly))
    out["total"] = sum(v for key, v in out.items() if key != "export_revenue") - out["export_revenue"]
    return out


def grid_cost_parts(grid, import_kw: np.ndarray, connection_kw: float, k: float, dt: float) -> dict:
    """The grid bill by tariff part [CNY/yr], summing to k Δt Σ π_t m_t + 12 · charge · M.

    ``grid_energy`` is the energy part (π_t minus the flat per-kWh parts); then one entry per per-kWh
    part (``grid_td`` with T&D by energy, ``grid_funds``, ``grid_system_operation``) and per capacity
    part (``capacity_charge``, ``grid_td_capacity`` with T&D by capacity, 1192号): docs/tariffs.md.
    """
    imported = float(k * dt * import_kw.sum())
    adders = grid.per_kwh_parts_cny_per_kwh
    energy_price = np.asarray(grid.import_price_cny_per_kwh) - sum(adders.values())
    out = {"grid_energy": float(k * dt * np.dot(energy_price, import_kw))}
    out.update({name: price * imported for name, price in adders.items()})
    capacity = grid.capacity_parts_cny_per_kw_month or {"capacity_charge": grid.capacity_charge_cny_per_kw_month}
    out.update({name: 12.0 * price * connection_kw for name, price in capacity.items()})
    return out


def clean_share(inp: ModelInputs, energy: dict, green_purchase_kwh: float) -> dict:
    """The 910号 clean-energy share on total energy use (eq. 17), from energy totals of the horizon.

    Returns
    -------
    dict
        ``clean_share`` [fraction]; ``clean_kwh`` and ``total_kwh`` (electricity-equivalent kWh of the
        horizon at the chosen tce basis: S + B + f (imports − B) + O_c/(k c) over ΣL + O/(k c)),
        ``grid_clean_fraction`` f, ``electricity_kgce_per_kwh`` c and ``other_energy_tce_per_yr`` O.
    """
    pol = inp.policy
    other, other_clean = pol.other_energy_kwh_equivalent(inp.year_weight)
    if "heat_fuel_kwh" in energy:  # boiler fuel of [heat] at the chosen tce basis
        other += energy["heat_fuel_kwh"] * fuel_kwh_equivalent(pol)
    clean = (energy["re_self_consumed_kwh"] + green_purchase_kwh + other_clean
             + pol.grid_clean_fraction * (energy["import_kwh"] - green_purchase_kwh))
    total = energy["load_kwh"] + other
    return {"clean_share": float(clean / total) if total > 0 else 0.0, "clean_kwh": clean, "total_kwh": total,
            "grid_clean_fraction": pol.grid_clean_fraction, "electricity_kgce_per_kwh": pol.electricity_kgce_per_kwh,
            "other_energy_tce_per_yr": pol.other_energy_tce_per_yr,
            "other_energy_clean_tce_per_yr": pol.other_energy_clean_tce_per_yr}


#: basis text of the no-reverse-flow row of the compliance table
NO_REVERSE_FLOW_BASIS = ("发改能源〔2025〕650号: no reverse flow where the spot market does not run continuously "
                         "(grid.export_allowed = false)")


def compliance(inp: ModelInputs, energy: dict, green_purchase_kwh: float) -> list[dict]:
    """One row per enforced rule: rule, basis, value, limit, sense, margin, ok (from energy totals).

    With ``grid.export_allowed = false`` a row ``650_no_reverse_flow`` (exported energy [kWh] <= 0)
    is added, whatever rules are enforced.
    """
    pol = inp.policy
    rat = ratios(energy, pol.available_basis)
    load = energy["load_kwh"]
    share = lambda x: float(x / load) if load > 0 else 0.0  # noqa: E731
    spec = {
        "650_self_consumption": (rat["self_consumption"], pol.self_consumption_min_fraction, ">="),
        "650_green_share": (rat["green_share"], pol.green_share_min_fraction, ">="),
        "650_feed_in": (rat["feed_in"], pol.feed_in_max_fraction, "<="),
        "off_grid_unserved": (share(energy["unserved_kwh"]), pol.unserved_max_fraction, "<="),
        "910_direct_green_share": (rat["green_share"], pol.zero_carbon_direct_green_min_fraction, ">="),
        "910_clean_share": (clean_share(inp, energy, green_purchase_kwh)["clean_share"],
                            pol.zero_carbon_clean_share_min_fraction, ">="),
    }
    rows = []
    for rule in active_rules(inp):
        value, limit, sense = spec[rule]
        margin = value - limit if sense == ">=" else limit - value
        rows.append({"rule": rule, "basis": RULE_NAMES[rule][0], "value": value, "limit": limit,
                     "sense": sense, "margin": margin, "ok": bool(margin >= -RULE_TOLERANCE)})
    if inp.grid.connected and not inp.grid.export_allowed:
        exported = energy["export_kwh"]
        tol = RULE_TOLERANCE * max(1.0, load)
        rows.append({"rule": "650_no_reverse_flow", "basis": NO_REVERSE_FLOW_BASIS, "value": exported,
                     "limit": 0.0, "sense": "<=", "margin": -exported, "ok": bool(exported <= tol)})
    return rows


#: HiGHS's default primal feasibility tolerance [-], used when the scenario does not set one
HIGHS_PRIMAL_FEASIBILITY_TOLERANCE = 1e-7

BALANCE_SUPPLY = ("pv_kw", "wind_kw", "storage_discharge_kw", "import_kw", "unserved_kw")
BALANCE_DEMAND = ("load_kw", "storage_charge_kw", "export_kw")


def _demand_columns(hourly: pd.DataFrame) -> tuple:
    """BALANCE_DEMAND, plus ``line_loss_kw`` with [[sites]]: generation and storage columns are totals over
    the park and the sites, so the whole system loses the line losses on the way (eq. 1 with L2-L3)."""
    return BALANCE_DEMAND + (("line_loss_kw",) if "line_loss_kw" in hourly else ())


def balance_residual_kw(hourly: pd.DataFrame) -> float:
    """Largest |supply − demand| over all steps [kW] (energy-balance invariant, eq. 1)."""
    supply = sum(hourly[c] for c in BALANCE_SUPPLY)
    demand = sum(hourly[c] for c in _demand_columns(hourly))
    return float((supply - demand).abs().max())


def balance_scale_kw(hourly: pd.DataFrame) -> float:
    """The largest power flow in the energy balance over the horizon [kW] (at least 1 kW)."""
    return max(1.0, float(hourly[list(BALANCE_SUPPLY + _demand_columns(hourly))].abs().to_numpy().max()))


def balance_tolerance_kw(hourly: pd.DataFrame, primal_feasibility_tolerance: float | None = None) -> float:
    """How far the energy balance of a solved model may miss [kW].

    HiGHS meets each row to its primal feasibility tolerance on the *scaled* problem, so the residual in
    kW grows with the size of the flows: the bound is the tolerance times the largest flow of the horizon
    (:func:`balance_scale_kw`). On the default 100 MW park that is 1e-7 × ~1e5 kW ≈ 0.01 kW; measured
    residuals are 1e-9 to 4e-5 kW depending on the CPU.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Per-step results with the balance columns [kW].
    primal_feasibility_tolerance : float, optional
        The solver's tolerance [-] (HiGHS's default 1e-7 when None).
    """
    tol = HIGHS_PRIMAL_FEASIBILITY_TOLERANCE if primal_feasibility_tolerance is None else primal_feasibility_tolerance
    return tol * balance_scale_kw(hourly)


def balance_checks(hourly: pd.DataFrame, primal_feasibility_tolerance: float | None = None) -> dict:
    """The energy-balance entries of ``summary.json`` → ``checks``: residual, tolerance, scale, verdict."""
    residual = balance_residual_kw(hourly)
    tolerance = balance_tolerance_kw(hourly, primal_feasibility_tolerance)
    return {"balance_residual_kw": residual, "balance_tolerance_kw": tolerance,
            "balance_scale_kw": balance_scale_kw(hourly), "balance_ok": bool(residual <= tolerance)}


def emission_factor_record(key: str) -> dict:
    """The chosen grid emission factor with its data year, scope, source and tag (emission_factors.csv)."""
    from simulator.data import emission_factor_kg_per_kwh, emission_factors

    value = emission_factor_kg_per_kwh(key)
    row = emission_factors().loc[key]
    return {"key": key, "kg_co2_per_kwh": value, "data_year": int(row["data_year"]), "scope": str(row["scope"]),
            "source": str(row["source"]), "tag": str(row["tag"])}


def planning_kpis(hourly: pd.DataFrame, capacity: dict, energy: dict, dt_h: float, year_weight: float,
                  emission_factor_key: str, green_purchase_kwh: float = 0.0,
                  other_energy_tce_per_yr: float | None = None,
                  other_energy_co2_t_per_yr: float | None = None, clean: dict | None = None,
                  electricity_kgce_per_kwh: float | None = None, heat_fuel_tce_per_yr: float | None = None,
                  heat_fuel_co2_t_per_yr: float | None = None) -> dict:
    """Planner KPIs recomputed from the hourly table, scaled to a year with ``year_weight``.

    Parameters
    ----------
    hourly : pandas.DataFrame
        The hourly results of the output contract [kW, kWh for SOC].
    capacity : dict
        Installed capacities [kW, kWh] (``storage_kwh``, ``grid_connection_kw``, ...).
    energy : dict
        Energy totals over the horizon [kWh] from :func:`energy_totals`.
    dt_h : float
        Step length [h].
    year_weight : float
        k = 8760 / (T Δt) [-], scaling horizon sums to a year.
    emission_factor_key : str
        Key of ``emission_factors.csv`` used for grid imports.
    green_purchase_kwh : float
        Certified green purchases over the horizon [kWh].
    other_energy_tce_per_yr, other_energy_co2_t_per_yr : float, optional
        The park's energy use other than electricity [tce/yr] and its CO2 [t/yr]; when given, the
        910号 core indicator CO2 per tce is computed.
    clean : dict, optional
        The 910号 clean share on total energy (:func:`clean_share`); None = electricity only, grid 0 % clean.
    electricity_kgce_per_kwh : float, optional
        Electricity to standard coal [kgce/kWh] (当量值 or 等价值); None = ``energy.kgce_per_kwh`` (当量值).
    heat_fuel_tce_per_yr, heat_fuel_co2_t_per_yr : float, optional
        Fuels burnt by the ``[heat]`` boilers [tce/yr] and their CO2 [t/yr] (from the hourly results): they
        add to the other energy use (taken as 0 when not given) and the indicator is computed.

    Returns
    -------
    dict
        Flat, unit-named KPIs: storage cycles [1/yr] (discharged energy / installed energy capacity; per
        technology ``storage_<name>_cycles_per_yr`` etc. when there are several),
        round-trip losses [kWh/yr] (charged − discharged, incl. self-discharge), peak import vs declared
        connection [kW, fraction], clean and direct green shares [fraction], CO2 [t/yr] under every
        shipped emission factor, and CO2 per tce [t/tce] under the chosen factor and under every shipped
        factor (None when the other energy use is not given).
    """
    from simulator.data import default, emission_factors

    k = year_weight
    charge, discharge = energy["storage_charge_kwh"], energy["storage_discharge_kwh"]
    storage_kwh = capacity.get("storage_kwh", 0.0)
    declared = capacity.get("grid_connection_kw", 0.0)
    peak_import = float(hourly["import_kw"].max()) if len(hourly) else 0.0
    load = energy["load_kwh"]
    served_kwh_per_yr = (load - energy["unserved_kwh"]) * k
    import_kwh_per_yr = energy["import_kwh"] * k
    factor = emission_factor_record(emission_factor_key)
    co2_electricity = import_kwh_per_yr * factor["kg_co2_per_kwh"] / 1000.0
    kgce = float(default("energy.kgce_per_kwh")) if electricity_kgce_per_kwh is None else electricity_kgce_per_kwh
    electricity_tce = served_kwh_per_yr * kgce / 1000.0
    by_factor = {key: import_kwh_per_yr * float(v) / 1000.0 for key, v in emission_factors()["kg_co2_per_kwh"].items()}
    out = {
        "storage_charge_kwh_per_yr": charge * k,
        "storage_discharge_kwh_per_yr": discharge * k,
        "storage_cycles_per_yr": discharge * k / storage_kwh if storage_kwh > 0 else 0.0,
        "storage_round_trip_loss_kwh_per_yr": (charge - discharge) * k,
        "storage_round_trip_efficiency_fraction": discharge / charge if charge > 0 else None,
        "peak_import_kw": peak_import,
        "peak_export_kw": float(hourly["export_kw"].max()) if len(hourly) else 0.0,
        "declared_connection_kw": declared,
        "peak_import_to_declared_fraction": peak_import / declared if declared > 0 else None,
        "direct_green_share": energy["re_self_consumed_kwh"] / load if load > 0 else 0.0,
        "clean_share": (clean["clean_share"] if clean is not None else
                        (energy["re_self_consumed_kwh"] + green_purchase_kwh) / load if load > 0 else 0.0),
        "clean_share_accounting": clean,
        "load_kwh_per_yr": load * k,
        "import_kwh_per_yr": import_kwh_per_yr,
        "export_kwh_per_yr": energy["export_kwh"] * k,
        "curtailed_kwh_per_yr": energy["curtailed_kwh"] * k,
        "emission_factor": factor,
        "co2_electricity_t_per_yr": co2_electricity,
        "co2_t_per_yr_by_factor": by_factor,
        "electricity_kgce_per_kwh": kgce,
        "electricity_tce_per_yr": electricity_tce,
        "other_energy_tce_per_yr": other_energy_tce_per_yr,
        "other_energy_co2_t_per_yr": other_energy_co2_t_per_yr,
        "total_energy_tce_per_yr": None,
        "co2_total_t_per_yr": None,
        "co2_t_per_tce": None,
        "co2_t_per_tce_by_factor": None,
        "co2_t_per_tce_factor_note": CO2_PER_TCE_FACTOR_NOTE,
    }
    for col in hourly.columns:  # per technology, when there are several: storage_<name>_discharge_kw
        if col.startswith("storage_") and col.endswith("_discharge_kw") and col != "storage_discharge_kw":
            prefix = col[:-len("_discharge_kw")]
            d = float(hourly[col].sum() * dt_h) * k
            c = float(hourly[f"{prefix}_charge_kw"].sum() * dt_h) * k
            e = capacity.get(f"{prefix}_kwh", 0.0)
            out.update({f"{prefix}_discharge_kwh_per_yr": d, f"{prefix}_cycles_per_yr": d / e if e > 0 else 0.0,
                        f"{prefix}_round_trip_loss_kwh_per_yr": c - d})
    if heat_fuel_tce_per_yr is not None:
        out.update({"heat_fuel_tce_per_yr": heat_fuel_tce_per_yr, "heat_fuel_co2_t_per_yr": heat_fuel_co2_t_per_yr})
    other_given = other_energy_tce_per_yr is not None and other_energy_co2_t_per_yr is not None
    if other_given or heat_fuel_tce_per_yr is not None:
        extra_tce = (other_energy_tce_per_yr or 0.0) + (heat_fuel_tce_per_yr or 0.0)
        extra_co2 = (other_energy_co2_t_per_yr or 0.0) + (heat_fuel_co2_t_per_yr or 0.0)
        total_tce = electricity_tce + extra_tce
        total_co2 = co2_electricity + extra_co2
        per_tce = (lambda co2: co2 / total_tce if total_tce > 0 else None)  # noqa: E731
        out.update({"total_energy_tce_per_yr": total_tce, "co2_total_t_per_yr": total_co2,
                    "co2_t_per_tce": per_tce(total_co2),
                    "co2_t_per_tce_by_factor": {key: per_tce(co2 + extra_co2) for key, co2 in by_factor.items()}})
    return out


#: which grid factor the 910号 acceptance uses for the CO2-per-tce indicator, as far as the sources say
CO2_PER_TCE_FACTOR_NOTE = ("the sources do not say which grid emission factor the 910号 acceptance uses "
                           "(docs/sources.md U-ZCP-ACCOUNTING): the indicator uses grid.emission_factor and is "
                           "also given under every shipped factor (co2_t_per_tce_by_factor), e.g. Yunnan "
                           "yunnan_2022 and national national_2023")


def indicator_rows(kpis: dict) -> list[dict]:
    """Checked-but-not-enforced indicators, in the compliance-table layout.

    Rows: ``910_co2_per_tce`` (core indicator, only when the other energy use is given; limit by park
    size class from ``data/defaults.toml [indicators]``) and ``peak_import_within_declared``.
    """
    from simulator.data import default

    rows = []
    if kpis.get("co2_t_per_tce") is not None:
        large = kpis["total_energy_tce_per_yr"] >= float(default("indicators.large_park_min_tce_per_yr"))
        limit = float(default("indicators.co2_per_tce_max_large_t" if large else "indicators.co2_per_tce_max_t"))
        value = kpis["co2_t_per_tce"]
        basis = "发改环资〔2025〕910号"
        factor, others = kpis.get("emission_factor") or {}, kpis.get("co2_t_per_tce_by_factor") or {}
        if factor.get("key"):  # the factor used, and the national factor for comparison (U-ZCP-ACCOUNTING)
            basis += f" (grid factor {factor['key']}"
            national = "national_2023" if factor["key"] != "national_2023" else "yunnan_2022"
            if others.get(national) is not None:
                basis += f"; with {national}: {others[national]:.3f} t/tce"
            basis += "; the acceptance's factor is not in the sources)"
        rows.append({"rule": "910_co2_per_tce", "basis": basis, "value": value, "limit": limit,
                     "sense": "<=", "margin": limit - value, "ok": bool(value <= limit + RULE_TOLERANCE)})
    declared = kpis.get("declared_connection_kw", 0.0)
    if declared > 0:
        value = kpis["peak_import_kw"]
        rows.append({"rule": "peak_import_within_declared", "basis": "发改价格〔2025〕1192号", "value": value,
                     "limit": declared, "sense": "<=", "margin": declared - value,
                     "ok": bool(value <= declared * (1 + RULE_TOLERANCE) + RULE_TOLERANCE)})
    return rows
