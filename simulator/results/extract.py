"""Reading the solved model's variables into flat, unit-named NumPy/pandas results."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from simulator.model.flexible import served_load_kw
from simulator.model.storage import storage_prefix
from simulator.inputs.model_inputs import ModelInputs
from simulator.results.sites import line_capacities, line_columns


def _values(var, keys) -> np.ndarray:
    return np.fromiter(((var[k].value or 0.0) for k in keys), dtype=float)


def extract_capacities(m: pyo.ConcreteModel, inp: ModelInputs) -> dict:
    """Capacities [kW, kWh] by contract name; per generator type and per storage technology
    (``storage_<name>_kwh``, ``storage_<name>_kw``) as well when there are several."""
    cap = {"pv_kw": 0.0, "wind_kw": 0.0, "storage_kwh": 0.0, "storage_kw": 0.0, "grid_connection_kw": 0.0}
    for g in inp.generators:
        value = float(m.gen_capacity_kw[g.name].value or 0.0)
        cap[f"{g.kind}_kw"] += value
        if g.name != g.kind:
            cap[f"{g.name}_kw"] = value
    for st in inp.stores:  # totals under the contract names, and storage_<name>_kwh / _kw per technology
        e, p = float(m.storage_energy_kwh[st.name].value or 0.0), float(m.storage_power_kw[st.name].value or 0.0)
        cap["storage_kwh"] += e
        cap["storage_kw"] += p
        if st.name != "storage":
            cap[f"{storage_prefix(st.name)}_kwh"] = e
            cap[f"{storage_prefix(st.name)}_kw"] = p
    cap["grid_connection_kw"] = float(m.connection_kw.value or 0.0)
    cap.update(line_capacities(m, inp))  # line_<site>_kw with [[sites]]
    if inp.heat is not None:  # heat technologies [kW_th] and heat stores [kWh_th]
        for j in inp.heat.technologies:
            cap[f"heat_{j.name}_kw"] = float(m.heat_capacity_kw[j.name].value or 0.0)
        for s in inp.heat.storages:
            cap[f"heat_storage_{s.name}_kwh"] = float(m.heat_store_kwh[s.name].value or 0.0)
    if getattr(inp, "hydrogen", None) is not None:  # electrolyser, fuel cell [kW], tank [kg] (eq. Y1-Y5)
        from simulator.results.hydrogen import hydrogen_capacities

        cap.update(hydrogen_capacities(m, inp))
    return cap


def extract_hourly(m: pyo.ConcreteModel, inp: ModelInputs, index: pd.DatetimeIndex) -> pd.DataFrame:
    """The hourly (per step) results table of the output contract.

    Columns [kW, kWh for SOC]: ``load_kw``, ``pv_available_kw``, ``wind_available_kw``, ``pv_kw``,
    ``wind_kw`` (delivered after curtailment), ``storage_charge_kw``, ``storage_discharge_kw``,
    ``storage_soc_kwh``, ``import_kw``, ``export_kw``, ``curtailed_kw``, ``unserved_kw``; with several
    types of one kind, also ``<type>_available_kw`` and ``<type>_kw``; with several storage technologies,
    the storage columns are totals and each technology adds ``storage_<name>_charge_kw``,
    ``storage_<name>_discharge_kw`` and ``storage_<name>_soc_kwh``; ``import_price_cny_per_kwh``,
    ``export_price_cny_per_kwh``, ``tou_band``. With shiftable load, ``load_kw`` is the load served
    after shifting, and ``load_original_kw`` (before) and ``load_shifted_kw`` (after − before) are added.
    With process heat, ``load_kw`` includes ``heat_electric_kw`` and the columns of :func:`heat_columns`
    are added. With hydrogen, ``load_kw`` includes ``h2_electrolyser_kw`` − ``h2_fuel_cell_kw`` and the
    columns of :func:`simulator.results.hydrogen.hydrogen_columns` are added.
    """
    T = range(inp.n_steps)
    cols: dict[str, np.ndarray] = {"load_kw": served_load_kw(m, inp)}  # after shifting (eq. 25)
    zeros = np.zeros(inp.n_steps)
    for kind in ("pv", "wind"):
        cols[f"{kind}_available_kw"] = zeros.copy()
        cols[f"{kind}_kw"] = zeros.copy()
    for g in inp.generators:
        cap = float(m.gen_capacity_kw[g.name].value or 0.0)
        available = g.availability * cap
        used = _values(m.gen_kw, [(g.name, t) for t in T])
        cols[f"{g.kind}_available_kw"] = cols[f"{g.kind}_available_kw"] + available
        cols[f"{g.kind}_kw"] = cols[f"{g.kind}_kw"] + used
        if g.name != g.kind:
            cols[f"{g.name}_available_kw"] = available
            cols[f"{g.name}_kw"] = used
    for name in ("charge_kw", "discharge_kw", "soc_kwh"):
        cols[f"storage_{name}"] = zeros.copy()
    for st in inp.stores:
        for name, var in (("charge_kw", m.charge_kw), ("discharge_kw", m.discharge_kw), ("soc_kwh", m.soc_kwh)):
            values = _values(var, [(st.name, t) for t in T])
            cols[f"storage_{name}"] = cols[f"storage_{name}"] + values
            if st.name != "storage":
                cols[f"{storage_prefix(st.name)}_{name}"] = values
    cols["import_kw"] = _values(m.import_kw, T)
    cols["export_kw"] = _values(m.export_kw, T)
    cols["curtailed_kw"] = np.maximum(cols["pv_available_kw"] + cols["wind_available_kw"]
                                      - cols["pv_kw"] - cols["wind_kw"], 0.0)
    cols["unserved_kw"] = _values(m.unserved_kw, T)
    cols.update(line_columns(m, inp))  # line_<site>_send_kw / _delivered_kw / _loss_kw with [[sites]]
    if hasattr(m, "green_purchase_kw"):  # certificates priced per step (eq. 17a): bought against each step's import
        cols["green_purchase_kw"] = _values(m.green_purchase_kw, T)
    if inp.flexible is not None:
        cols["load_original_kw"] = inp.load_kw.astype(float)
        cols["load_shifted_kw"] = cols["load_kw"] - cols["load_original_kw"]
    if inp.heat is not None:
        cols.update(heat_columns(m, inp))
        cols["load_kw"] = cols["load_kw"] + cols["heat_electric_kw"]  # the park's whole electric load (eq. H3)
    if getattr(inp, "hydrogen", None) is not None:  # electricity into hydrogen, net of the fuel cell (eq. Y7)
        from simulator.results.hydrogen import hydrogen_columns

        cols.update(hydrogen_columns(m, inp))
        cols["load_kw"] = cols["load_kw"] + cols["h2_electrolyser_kw"] - cols["h2_fuel_cell_kw"]
    frame = pd.DataFrame(cols, index=index)
    frame["import_price_cny_per_kwh"] = inp.grid.import_price_cny_per_kwh
    frame["export_price_cny_per_kwh"] = inp.grid.export_price_cny_per_kwh
    if "tou_band" in inp.labels:
        frame["tou_band"] = inp.labels["tou_band"]
    frame.index.name = "timestamp"
    return frame


def heat_columns(m: pyo.ConcreteModel, inp: ModelInputs) -> dict:
    """Per-step heat results [kW_th, kWh_th for the stores' state].

    ``heat_demand_kw`` (all carriers) and ``heat_demand_<carrier>_kw``; ``heat_<technology>_kw`` (heat
    delivered); ``heat_storage_<store>_charge_kw`` / ``_discharge_kw`` / ``_soc_kwh``; ``heat_electric_kw``,
    the electricity of electric boilers and heat pumps [kW_e] (part of ``load_kw``); ``heat_fuel_kw``, the
    fuel burnt by the fuel boilers [kW of fuel LHV].
    """
    T = range(inp.n_steps)
    heat = inp.heat
    cols = {"heat_demand_kw": sum(np.asarray(heat.demand_kw[c], dtype=float) for c in heat.carriers)}
    for c in heat.carriers:
        cols[f"heat_demand_{c}_kw"] = np.asarray(heat.demand_kw[c], dtype=float)
    electric = np.zeros(inp.n_steps)
    fuel = np.zeros(inp.n_steps)
    for j in heat.technologies:
        cols[f"heat_{j.name}_kw"] = _values(m.heat_kw, [(j.name, t) for t in T])
        if j.electric:
            electric = electric + cols[f"heat_{j.name}_kw"] / j.heat_per_input
        else:
            fuel = fuel + cols[f"heat_{j.name}_kw"] / j.heat_per_input
    for s in heat.storages:
        cols[f"heat_storage_{s.name}_charge_kw"] = _values(m.heat_store_charge_kw, [(s.name, t) for t in T])
        cols[f"heat_storage_{s.name}_discharge_kw"] = _values(m.heat_store_discharge_kw, [(s.name, t) for t in T])
        cols[f"heat_storage_{s.name}_soc_kwh"] = _values(m.heat_store_soc_kwh, [(s.name, t) for t in T])
    cols["heat_electric_kw"] = electric
    cols["heat_fuel_kw"] = fuel
    return cols


def extract_green_purchase_kwh(m: pyo.ConcreteModel) -> float:
    """Certified green purchases decided by the zero-carbon rule [kWh over the horizon], 0 if none."""
    var = getattr(m, "green_purchase_kwh", None)
    return float(var.value or 0.0) if var is not None else 0.0
