"""From a validated scenario plus its load and resource to the model's plain-number inputs."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from simulator.data import default, emission_factor_kg_per_kwh
from simulator.inputs.model_inputs import FlexibleInput, GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput
from simulator.inputs.certificates import certificate_prices
from simulator.inputs.resource import pv_units
from simulator.inputs.sites import check_sites, line_inputs, site_generators
from simulator.inputs.tariff import GridPrices, grid_prices
from simulator.inputs.timegrid import step_hours
from simulator.scenario.carbon import carbon_prices_cny_per_t


def model_inputs(scenario, load_kw: pd.Series, availability: pd.DataFrame, park_load=None) -> ModelInputs:
    """Assemble :class:`ModelInputs`; every series must already be on the model index.

    ``park_load`` (a :class:`~simulator.inputs.load.ParkLoad`) adds the shiftable-load block when some
    enterprise's load may shift within the day (eq. 23-25).

    Raises
    ------
    ValueError
        If a series is not on the same index as the load (nothing is realigned here).
    """
    index = load_kw.index
    if not availability.index.equals(index):
        raise ValueError("availability is not on the load's index")
    dt_h = step_hours(index)
    source = str(scenario.source_path or "scenario")
    gens = []
    if scenario.pv.enabled:  # one generator per PV type (pv_<type>), or a single "pv"
        for u in pv_units(scenario.pv, scenario.park.latitude):
            gens.append(GeneratorInput(u.name, "pv", availability[u.name].to_numpy(dtype=float), u.capex_cny_per_kw,
                                       u.fixed_om_cny_per_kw_yr, u.lifetime_yr, u.existing_kw, u.max_kw))
    sec = scenario.wind
    if sec.enabled:
        gens.append(GeneratorInput("wind", "wind", availability["wind"].to_numpy(dtype=float), sec.capex_cny_per_kw,
                                   sec.fixed_om_cny_per_kw_yr, sec.lifetime_yr, sec.existing_kw, sec.max_kw))
    sites = getattr(scenario, "sites", [])
    if sites:  # [[sites]]: generators behind direct lines (docs/sites.md)
        check_sites(scenario)
        # the park's own single PV or wind is then park_pv / park_wind: capacity["pv_kw"] is the total
        gens = [replace(g, name=f"park_{g.kind}") if g.name == g.kind else g for g in gens]
        gens += site_generators(scenario, availability)
    st = scenario.storage
    storage, storage_types = None, []
    if st.enabled and not st.types:
        storage = StorageInput(st.energy_capex_cny_per_kwh, st.power_capex_cny_per_kw, st.fixed_om_cny_per_kwh_yr,
                               st.fixed_om_cny_per_kw_yr, st.lifetime_yr,
                               st.charge_efficiency, st.discharge_efficiency, st.self_discharge_per_h,
                               st.soc_min_fraction, st.soc_max_fraction, st.min_duration_h, st.max_duration_h,
                               st.existing_kwh, st.existing_kw, st.max_kwh, st.max_kw, st.allow_grid_charging,
                               st.throughput_cost_cny_per_kwh, st.max_cycles_per_yr, site=st.site or "park")
    elif st.enabled:  # [[storage.types]]: several technologies side by side
        storage_types = [StorageInput(**t.resolved(st), existing_kwh=t.existing_kwh, existing_kw=t.existing_kw,
                                      max_kwh=t.max_kwh, max_kw=t.max_kw, name=t.name,
                                      site=t.site or st.site or "park") for t in st.types]
    prices = grid_prices(scenario, index)
    grid, policy = grid_input(scenario, index, prices), policy_input(scenario)
    policy.green_certificate_price_series_cny_per_kwh = certificate_prices(scenario, index)  # None = flat price
    labels = {"source": source, "timestamps": [str(t) for t in index], "tou_band": prices.bands,
              "tariff": prices.meta}
    heat = None
    if getattr(scenario, "heat", None) is not None:  # process heat (eq. H1-H9)
        from simulator.inputs.heat import heat_input

        heat, labels["heat"] = heat_input(scenario, index)
    hydrogen = None
    if getattr(scenario, "hydrogen", None) is not None:  # hydrogen chain (eq. Y1-Y9)
        from simulator.inputs.hydrogen import hydrogen_input

        hydrogen, labels["hydrogen"] = hydrogen_input(scenario, index)
    return ModelInputs(dt_h, load_kw.to_numpy(dtype=float), gens, storage, grid, policy,
                       scenario.finance.discount_rate_fraction, labels, flexible_input(park_load, index),
                       storage_types=storage_types, heat=heat, lines=line_inputs(scenario) if sites else [],
                       hydrogen=hydrogen)


def grid_input(scenario, index: pd.DatetimeIndex, prices: GridPrices) -> GridInput:
    """The grid block's numbers: prices with their parts (:func:`~simulator.inputs.tariff.grid_prices`),
    connection and export limits; ``export_allowed = false`` bounds export at 0."""
    g = scenario.grid
    export_max = 0.0 if not g.export_allowed else g.export_max_kw
    return GridInput(g.connected, prices.import_cny_per_kwh, prices.export_cny_per_kwh,
                     prices.capacity_charge_cny_per_kw_month, g.demand_charge_cny_per_kw_month,
                     index.month.to_numpy(), g.max_connection_kw, export_max,
                     emission_factor_kg_per_kwh(g.emission_factor), carbon_prices_cny_per_t(scenario)["grid"],
                     dict(prices.per_kwh_parts), dict(prices.capacity_parts), g.export_allowed)


def policy_input(scenario) -> PolicyInput:
    """The policy rules and the 910号 energy accounting of a scenario (docs/formulation.md eq. 10-17)."""
    p, park = scenario.policy, scenario.park
    clean = default("policy.grid_clean_fraction_yunnan") if p.grid_clean_fraction == "yunnan" else p.grid_clean_fraction
    kgce = default("energy.kgce_per_kwh" if p.electricity_tce_basis == "calorific" else "energy.kgce_per_kwh_primary")
    other = park.other_energy_tce_per_yr or 0.0
    return PolicyInput(tuple(p.rules) if p.direct_supply else (), p.self_consumption_min_fraction,
                       scenario.green_share_min_fraction, p.feed_in_max_fraction, p.available_basis,
                       p.zero_carbon, p.zero_carbon_direct_green_min_fraction,
                       p.zero_carbon_clean_share_min_fraction, p.green_certificate_price_cny_per_kwh,
                       p.unserved_max_fraction, p.value_of_lost_load_cny_per_kwh, float(clean), float(kgce),
                       float(other), float(other * p.other_energy_clean_fraction))


def flexible_input(park_load, index: pd.DatetimeIndex) -> FlexibleInput | None:
    """The shiftable-load data of a :class:`~simulator.inputs.load.ParkLoad` (None if nothing may shift)."""
    if park_load is None or not park_load.has_flexibility:
        return None
    for name in ("flexible_down_kw", "flexible_up_kw"):
        if not getattr(park_load, name).index.equals(index):
            raise ValueError(f"park load {name} is not on the model index")
    day_of_step, _ = pd.factorize(index.normalize())
    return FlexibleInput(park_load.flexible_down_kw.to_numpy(dtype=float),
                         park_load.flexible_up_kw.to_numpy(dtype=float), np.asarray(day_of_step, dtype=int))
