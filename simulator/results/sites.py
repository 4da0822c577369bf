"""Results of ``[[sites]]``: line capacities, flows and losses, and one block per site (docs/sites.md).

Every number here is read from the solved line variables once (:func:`line_columns`,
:func:`line_capacities`) and then recomputed from the hourly table and capacities, so that a wrong
constraint shows up as a failed check (:func:`site_balance_residual_kw`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.model.storage import storage_prefix


def line_capacities(m: pyo.ConcreteModel, inp: ModelInputs) -> dict:
    """``line_<site>_kw``, the built capacity of each direct line [kW] (empty without sites)."""
    return {f"line_{line.site}_kw": float(m.line_capacity_kw[line.site].value or 0.0) for line in inp.lines}


def line_columns(m: pyo.ConcreteModel, inp: ModelInputs) -> dict:
    """Per-step line flows [kW]: ``line_<site>_send_kw`` (leaving the site), ``line_<site>_delivered_kw``
    (arriving at the park, (1 − λ) × sent), ``line_<site>_loss_kw``, and the totals ``line_send_kw``,
    ``line_delivered_kw``, ``line_loss_kw`` (empty without sites)."""
    if not inp.lines:
        return {}
    zeros = np.zeros(inp.n_steps)
    cols = {"line_send_kw": zeros.copy(), "line_delivered_kw": zeros.copy(), "line_loss_kw": zeros.copy()}
    for line in inp.lines:
        sent = np.fromiter(((m.line_send_kw[line.site, t].value or 0.0) for t in range(inp.n_steps)), dtype=float)
        delivered = (1.0 - line.loss_fraction) * sent
        cols[f"line_{line.site}_send_kw"] = sent
        cols[f"line_{line.site}_delivered_kw"] = delivered
        cols[f"line_{line.site}_loss_kw"] = sent - delivered
        for name, values in (("send", sent), ("delivered", delivered), ("loss", sent - delivered)):
            cols[f"line_{name}_kw"] = cols[f"line_{name}_kw"] + values
    return cols


def line_costs(inp: ModelInputs, capacity: dict) -> dict:
    """``line_capex`` = Σ capex_l CRF (K_l − existing_l) and ``line_fixed_om`` = Σ fom_l K_l [CNY/yr]
    (eq. L4); empty without sites."""
    if not inp.lines:
        return {}
    r = inp.discount_rate_fraction
    capex = sum(line.capex_cny_per_kw * crf(r, line.lifetime_yr) * (capacity[f"line_{line.site}_kw"] - line.existing_kw)
                for line in inp.lines)
    fom = sum(line.fixed_om_cny_per_kw_yr * capacity[f"line_{line.site}_kw"] for line in inp.lines)
    return {"line_capex": float(capex), "line_fixed_om": float(fom)}


def _site_net_kw(inp: ModelInputs, hourly: pd.DataFrame, site: str) -> np.ndarray:
    """Σ_g∈site p_g,t + Σ_s∈site (d_s,t − c_s,t) [kW]: what the site can send (eq. L2)."""
    net = np.zeros(len(hourly))
    for g in inp.generators:
        if g.site == site:
            net = net + hourly[f"{g.name}_kw"].to_numpy()
    for st in inp.stores:
        if st.site == site:
            prefix = storage_prefix(st.name)
            net = net + hourly[f"{prefix}_discharge_kw"].to_numpy() - hourly[f"{prefix}_charge_kw"].to_numpy()
    return net


def site_balance_residual_kw(inp: ModelInputs, hourly: pd.DataFrame) -> float:
    """Largest |site net output − line sent power| over sites and steps [kW] (eq. L2); 0 without sites."""
    residual = 0.0
    for line in inp.lines:
        net = _site_net_kw(inp, hourly, line.site)
        residual = max(residual, float(np.abs(net - hourly[f"line_{line.site}_send_kw"].to_numpy()).max()))
    return residual


def sites_summary(inp: ModelInputs, capacity: dict, hourly: pd.DataFrame) -> dict:
    """One block per site for ``summary.json`` → ``sites``, from the hourly table [kW, kWh over the horizon].

    Per site: ``pv_kw``, ``wind_kw``, ``storage_kwh``, ``storage_kw`` (capacities at the site);
    ``available_kwh``, ``generation_kwh``, ``curtailed_kwh``; the line's ``distance_km``,
    ``loss_fraction``, ``line_kw``, ``sent_kwh``, ``delivered_kwh``, ``loss_kwh`` and
    ``line_utilisation`` (sent / (capacity × hours), 0 for a line of no capacity). The park's own
    generators form the block ``park``.
    """
    dt = inp.dt_h
    hours = inp.n_steps * dt
    kwh = lambda col: float(hourly[col].sum() * dt)  # noqa: E731
    park = {"pv_kw": capacity["pv_kw"], "wind_kw": capacity["wind_kw"], "storage_kwh": 0.0, "storage_kw": 0.0,
            "available_kwh": kwh("pv_available_kw") + kwh("wind_available_kw"),
            "generation_kwh": kwh("pv_kw") + kwh("wind_kw")}
    out = {"park": park}
    for line in inp.lines:  # a site's generators always have their own columns (site_<name>_<kind>)
        block = {"pv_kw": 0.0, "wind_kw": 0.0, "storage_kwh": 0.0, "storage_kw": 0.0,
                 "available_kwh": 0.0, "generation_kwh": 0.0}
        for g in inp.generators:
            if g.site == line.site:
                block[f"{g.kind}_kw"] += capacity[f"{g.name}_kw"]
                block["available_kwh"] += kwh(f"{g.name}_available_kw")
                block["generation_kwh"] += kwh(f"{g.name}_kw")
        out[line.site] = block
        for key in ("pv_kw", "wind_kw", "available_kwh", "generation_kwh"):  # the park's = totals − sites
            park[key] -= block[key]
    for st in inp.stores:
        prefix = storage_prefix(st.name)
        out[st.site]["storage_kwh"] += capacity[f"{prefix}_kwh"]
        out[st.site]["storage_kw"] += capacity[f"{prefix}_kw"]
    for block in out.values():
        block["curtailed_kwh"] = block["available_kwh"] - block["generation_kwh"]
    for line in inp.lines:
        cap = capacity[f"line_{line.site}_kw"]
        sent = kwh(f"line_{line.site}_send_kw")
        out[line.site].update({
            "distance_km": line.distance_km, "loss_fraction": line.loss_fraction, "line_kw": cap,
            "sent_kwh": sent, "delivered_kwh": kwh(f"line_{line.site}_delivered_kw"),
            "loss_kwh": kwh(f"line_{line.site}_loss_kw"),
            "line_utilisation": sent / (cap * hours) if cap > 0 else 0.0})
    return out
