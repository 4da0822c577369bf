"""The same sizing LP written in linopy (vectorised, xarray), for speed comparison and as an independent
cross-check of the Pyomo model's optimum.

Covers generators, storage (cyclic, efficiencies, self-discharge, SOC window, duration bounds), grid with
declared connection and capacity charge, export only green, and the 650号 rules with the available
generation measured before curtailment, and generation sites on direct lines (eq. L1-L4) with the storage
at the park. Not covered (raises): flexible load, demand charge, zero-carbon rules, typical periods,
off-grid unserved energy, storage at a site.
"""
from __future__ import annotations

import time

import linopy
import numpy as np
import pandas as pd
import xarray as xr

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.policy import active_rules, rule_threshold


def solve_linopy(inp: ModelInputs, highs_options: dict | None = None) -> dict:
    """Build and solve the LP with linopy + HiGHS; return objective, capacities and timings [s]."""
    if inp.flexible is not None or inp.periods is not None or inp.policy.zero_carbon or \
            inp.grid.demand_charge_cny_per_kw_month > 0 or not inp.grid.connected or \
            inp.policy.available_basis != "before_curtailment" or inp.storage is None or \
            inp.storage.site != "park":
        raise NotImplementedError("this comparison model covers the grid-connected 650号 case only")
    t0 = time.perf_counter()
    T = pd.RangeIndex(inp.n_steps, name="t")
    G = pd.Index([g.name for g in inp.generators], name="g")
    dt, k, r = inp.dt_h, inp.year_weight, inp.discount_rate_fraction
    avail = xr.DataArray(np.vstack([g.availability for g in inp.generators]), coords=[G, T])
    load = xr.DataArray(inp.load_kw, coords=[T])
    m = linopy.Model()
    lower = xr.DataArray([g.existing_kw for g in inp.generators], coords=[G])
    upper = xr.DataArray([np.inf if g.max_kw is None else g.max_kw for g in inp.generators], coords=[G])
    cap = m.add_variables(lower=lower, upper=upper, name="C")
    p = m.add_variables(lower=0, upper=xr.where(avail > 0, np.inf, 0.0), name="p")
    m.add_constraints(p - avail * cap <= 0, name="availability")
    st = inp.storage
    e = m.add_variables(lower=st.existing_kwh, upper=np.inf if st.max_kwh is None else st.max_kwh, name="E")
    pw = m.add_variables(lower=st.existing_kw, upper=np.inf if st.max_kw is None else st.max_kw, name="P")
    c = m.add_variables(lower=0, coords=[T], name="c")
    d = m.add_variables(lower=0, coords=[T], name="d")
    s = m.add_variables(lower=0, coords=[T], name="s")
    keep = (1 - st.self_discharge_per_h) ** dt
    m.add_constraints(s - keep * s.roll(t=1) - dt * st.charge_efficiency * c + dt / st.discharge_efficiency * d == 0,
                      name="soc")
    m.add_constraints(s - st.soc_max_fraction * e <= 0, name="soc_max")
    m.add_constraints(s - st.soc_min_fraction * e >= 0, name="soc_min")
    m.add_constraints(c - pw <= 0, name="charge_max")
    m.add_constraints(d - pw <= 0, name="discharge_max")
    if st.max_duration_h is not None:
        m.add_constraints(e - st.max_duration_h * pw <= 0, name="duration_max")
    if st.min_duration_h is not None:
        m.add_constraints(e - st.min_duration_h * pw >= 0, name="duration_min")
    grid = inp.grid
    conn = m.add_variables(lower=0, upper=np.inf if grid.max_connection_kw is None else grid.max_connection_kw,
                           name="M")
    imp = m.add_variables(lower=0, coords=[T], name="import")
    exp = m.add_variables(lower=0, upper=np.inf if grid.export_max_kw is None else grid.export_max_kw,
                          coords=[T], name="export")
    m.add_constraints(imp - conn <= 0, name="import_max")
    if grid.export_max_kw is None:
        m.add_constraints(exp - conn <= 0, name="export_max")
    at_park = xr.DataArray([g.site == "park" for g in inp.generators], coords=[G])
    green = (p * at_park).sum("g")
    line_cost = 0
    if inp.lines:  # eq. L1-L4: one line per site, the site's generators send on it
        S = pd.Index([line.site for line in inp.lines], name="site")
        f = m.add_variables(lower=0, coords=[S, T], name="send")
        K = m.add_variables(lower=xr.DataArray([line.existing_kw for line in inp.lines], coords=[S]),
                            upper=xr.DataArray([np.inf if line.max_kw is None else line.max_kw for line in inp.lines],
                                               coords=[S]), name="K")
        m.add_constraints(f - K <= 0, name="line_max")
        member = xr.DataArray([[float(g.site == site) for g in inp.generators] for site in S], coords=[S, G])
        m.add_constraints((p * member).sum("g") - f == 0, name="site_balance")
        keep_line = xr.DataArray([1.0 - line.loss_fraction for line in inp.lines], coords=[S])
        green = green + (keep_line * f).sum("site")
        line_cost = (xr.DataArray([line.capex_cny_per_kw * crf(r, line.lifetime_yr) + line.fixed_om_cny_per_kw_yr
                                   for line in inp.lines], coords=[S]) * K).sum()
    m.add_constraints(exp - green <= 0, name="export_green")
    m.add_constraints(green + d + imp - c - exp == load, name="balance")
    total_load = float(inp.load_kw.sum() * dt)
    potential = (avail.sum("t") * dt)
    available = (potential * cap).sum()
    self_consumed_minus_load = -dt * imp.sum()
    rules = active_rules(inp)
    if "650_self_consumption" in rules:
        m.add_constraints(self_consumed_minus_load - rule_threshold(inp, "650_self_consumption") * available
                          >= -total_load, name="self_consumption")
    if "650_green_share" in rules:
        m.add_constraints(self_consumed_minus_load >= (rule_threshold(inp, "650_green_share") - 1) * total_load,
                          name="green_share")
    if "650_feed_in" in rules:
        m.add_constraints(dt * exp.sum() - rule_threshold(inp, "650_feed_in") * available <= 0, name="feed_in")
    capex = xr.DataArray([g.capex_cny_per_kw * crf(r, g.lifetime_yr) + g.fixed_om_cny_per_kw_yr
                          for g in inp.generators], coords=[G])
    a_s = crf(r, st.lifetime_yr)
    buy = xr.DataArray(grid.import_price_cny_per_kwh * k * dt, coords=[T])
    sell = xr.DataArray(grid.export_price_cny_per_kwh * k * dt, coords=[T])
    constant = -sum(g.capex_cny_per_kw * crf(r, g.lifetime_yr) * g.existing_kw for g in inp.generators) \
        - a_s * (st.energy_capex_cny_per_kwh * st.existing_kwh + st.power_capex_cny_per_kw * st.existing_kw) \
        - sum(line.capex_cny_per_kw * crf(r, line.lifetime_yr) * line.existing_kw for line in inp.lines)
    m.add_objective((capex * cap).sum() + (a_s * st.energy_capex_cny_per_kwh + st.fixed_om_cny_per_kwh_yr) * e
                    + (a_s * st.power_capex_cny_per_kw + st.fixed_om_cny_per_kw_yr) * pw
                    + 12 * grid.capacity_charge_cny_per_kw_month * conn + (buy * imp).sum() - (sell * exp).sum()
                    + line_cost)
    t1 = time.perf_counter()
    m.solve(solver_name="highs", **(highs_options or {}))
    t2 = time.perf_counter()
    return {"objective_cny_per_yr": float(m.objective.value) + constant, "build_s": t1 - t0,
            "solve_s": t2 - t1, "status": m.status,
            "capacity": {**{g: float(cap.solution.sel(g=g)) for g in G}, "storage_kwh": float(e.solution),
                         "storage_kw": float(pw.solution), "grid_connection_kw": float(conn.solution)}}
