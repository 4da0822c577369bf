"""Process heat of a scenario as numbers: demand profiles per carrier and the technologies' parameters.

Demand profiles reuse the electricity load machinery (``simulator.inputs.load``): an enterprise's shape
(shifts, Chinese calendar, season, ramp-up, its own seeded day-to-day variation: the very profile its
electricity gets, rescaled) or an archetype's, scaled so that its energy over the calendar year is the
annual heat demand times the production level; or a metered CSV read like ``load.profile_csv``
(``simulator.inputs.profiles``). Steam in t is converted with the section's enthalpy:
1 t = enthalpy [kJ/kg] / 3.6 kWh_th. Technology defaults come from ``data/defaults.toml [heat]`` by kind and
fuel; a heat pump's COP is interpolated in the COP table at the carrier's supply temperature.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.data import default
from simulator.errors import InputError, InputIssue
from simulator.inputs.load.builder import enterprise_year_kw, metered_year_kw
from simulator.inputs.load.metered import on_index
from simulator.inputs.heat_model_inputs import HeatDemandInput, HeatInput, HeatStorageInput, HeatTechInput
from simulator.inputs.model_inputs import KWH_PER_GJ
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.timegrid import step_hours
from simulator.scenario.carbon import carbon_prices_cny_per_t
from simulator.scenario.load_schema import Enterprise

#: heat to remove per kWh of IT electricity [kWh_th/kWh]: all of it ends as heat in the room (energy balance)
IT_HEAT_PER_KWH = 1.0

#: offset of the seed number of archetype-shaped heat demands, so that they vary independently of enterprises
ARCHETYPE_SEED_OFFSET = 1000


def steam_kwh_per_t(heat) -> float:
    """Heat delivered per tonne of steam [kWh_th/t] = enthalpy [kJ/kg] x 1000 / 3600."""
    return heat.steam_enthalpy_kj_per_kg / 3.6


def heat_pump_cop(supply_temperature_c: float, source: str = "scenario", field: str = "heat") -> float:
    """COP [-] of the default table ``heat.heat_pump_cop_by_supply_c`` at a supply temperature [°C].

    Linear interpolation between the table's points; outside the table's range an :class:`InputError`
    (no extrapolation: give ``cop`` for the technology instead).
    """
    table = np.asarray(default("heat.heat_pump_cop_by_supply_c"), dtype=float)
    lo, hi = float(table[0, 0]), float(table[-1, 0])
    if not lo <= supply_temperature_c <= hi:
        raise InputError(InputIssue(source, field, supply_temperature_c,
                                    f"a supply temperature within the COP table's {lo:g}-{hi:g} °C, or an "
                                    f"explicit cop for the heat pump"))
    return float(np.interp(supply_temperature_c, table[:, 0], table[:, 1]))


def demand_profiles_kw(scenario, index: pd.DatetimeIndex) -> tuple[pd.DataFrame, dict]:
    """Each heat demand's profile [kW_th] on the model index, and its carrier by name.

    Returns
    -------
    profiles : pandas.DataFrame
        One column per ``[[heat.demands]]`` entry [kW_th].
    carriers : dict
        Demand name -> carrier.
    """
    heat, load = scenario.heat, scenario.load
    year, tz = int(index[0].year), str(index.tz)
    position = {e.name: k for k, e in enumerate(load.enterprises)}
    per_t = steam_kwh_per_t(heat)
    columns, carriers = {}, {}
    for number, d in enumerate(heat.demands):
        carriers[d.name] = d.carrier
        field = f"heat.demands[{number}]"
        if d.profile_csv is not None:
            unit = "kWh" if d.profile_unit == "kWh" else "kW"
            kw = read_profile_csv(d.profile_csv, index, f"{field}.profile_csv", "load", d.profile_column, unit)
            columns[d.name] = kw.to_numpy(dtype=float) * (per_t if d.profile_unit == "t_per_h" else 1.0)
            continue
        if d.it_load:  # data-centre cooling: the IT heat = the enterprise's electricity, taken as IT only
            if d.enterprise not in position:
                raise InputError(InputIssue(str(scenario.source_path or "scenario"), f"{field}.enterprise",
                                            d.enterprise, "the name of a [[load.enterprises]] entry"))
            ent = load.enterprises[position[d.enterprise]]
            year_kw = (metered_year_kw(ent, year, tz)[0] if ent.metered is not None
                       else enterprise_year_kw(ent, year, tz, load.seed, position[d.enterprise]))
            columns[d.name] = np.asarray(on_index(year_kw, index), dtype=float) * IT_HEAT_PER_KWH
            continue
        annual_kwh = d.annual_mwh * 1000.0 if d.annual_mwh is not None else d.annual_steam_t * per_t
        resize = {"annual_kwh": annual_kwh, "output_per_yr": None, "intensity_kwh_per_unit": None,
                  "peak_kw": None, "load_factor": None}
        if d.enterprise is not None:
            if d.enterprise not in position:
                raise InputError(InputIssue(str(scenario.source_path or "scenario"), f"{field}.enterprise",
                                            d.enterprise, "the name of a [[load.enterprises]] entry"))
            ent = load.enterprises[position[d.enterprise]].model_copy(update=resize)
            if ent.metered is not None:
                year_kw, _ = metered_year_kw(ent, year, tz)
            else:
                year_kw = enterprise_year_kw(ent, year, tz, load.seed, position[d.enterprise])
        else:
            ent = Enterprise(name=d.name, archetype=d.archetype, shifts=d.shifts,
                             workdays_per_week=d.workdays_per_week, annual_kwh=annual_kwh)
            year_kw = enterprise_year_kw(ent, year, tz, load.seed, ARCHETYPE_SEED_OFFSET + number)
        if d.outdoor_share_fraction:  # eq. C3: part of the cooling follows the outdoor temperature
            balance = (d.balance_temperature_c if d.balance_temperature_c is not None
                       else default("heat.cooling_balance_temperature_c"))
            year_kw = weather_shaped_kw(year_kw, hourly_temperature(scenario, year_kw.index),
                                        d.outdoor_share_fraction, balance, str(scenario.source_path or "scenario"),
                                        f"{field}.balance_temperature_c")
        columns[d.name] = np.asarray(on_index(year_kw, index), dtype=float)
    return pd.DataFrame(columns, index=index), carriers


def hourly_temperature(scenario, hours: pd.DatetimeIndex) -> np.ndarray:
    """Outdoor air temperature [degC] of the scenario's weather on an hourly calendar-year index."""
    from simulator.inputs.resource.build import load_weather

    weather, _ = load_weather(scenario, hours)
    return weather["temp_air"].to_numpy(dtype=float)


def weather_shaped_kw(year_kw: pd.Series, temperature_c: np.ndarray, share: float, balance_c: float,
                      source: str = "scenario", field: str = "heat") -> pd.Series:
    """A cooling profile of which ``share`` follows the cooling degree-hours (eq. C3) [kW], same annual energy.

    Q'_t = (1 − φ) Q_t + φ (Σ_t Q_t) g_t / Σ_t g_t with g_t = max(0, T_t − T_b); raises InputError when no
    hour of the year is above T_b.
    """
    g = np.maximum(np.asarray(temperature_c, dtype=float) - balance_c, 0.0)
    if g.sum() <= 0:
        raise InputError(InputIssue(source, field, balance_c, "a balance temperature below the year's warmest "
                                    f"hours ({np.max(temperature_c):.1f} °C), or no outdoor_share_fraction"))
    total = float(year_kw.sum())
    return (1.0 - share) * year_kw + share * total * pd.Series(g / g.sum(), index=year_kw.index)


def outdoor_temperature_c(scenario, index: pd.DatetimeIndex) -> np.ndarray:
    """Outdoor air temperature [degC] of the scenario's weather (default, station or file) on the model index."""
    from simulator.inputs.resource.build import load_weather
    from simulator.inputs.timegrid import model_index

    park = scenario.park
    weather, _ = load_weather(scenario, model_index(park.year, park.timezone, park.timestep_minutes))
    return weather["temp_air"].loc[index].to_numpy(dtype=float)


def _tech(t, heat, source: str, temperature=None) -> tuple[HeatTechInput, dict]:
    """Resolve one technology's numbers (given or default) into a :class:`HeatTechInput` and a record.

    ``temperature`` (a callable giving the outdoor temperature on the model index) is used by free cooling.
    """
    key = t.kind
    pick = lambda given, name: given if given is not None else default(f"heat.{name}")  # noqa: E731
    record = {"kind": t.kind, "carrier": t.carrier}
    availability = None
    if t.kind in ("chiller", "free_cooling"):
        eta = pick(t.cop, f"{t.kind}_cop")
        record.update(cop=eta, cop_source="given" if t.cop is not None else "default")
        fuel, price_gj, ef_gj = "electricity", 0.0, 0.0
        if t.kind == "free_cooling":  # eq. C1: available where the outdoor temperature is at most the limit
            limit = pick(t.free_cooling_max_c, "free_cooling_max_temperature_c")
            availability = (temperature() <= limit).astype(float)
            record.update(free_cooling_max_c=limit, available_fraction=float(availability.mean()))
    elif t.kind == "heat_pump":
        supply = heat.steam_supply_temperature_c if t.carrier == "steam" else heat.hot_water_supply_temperature_c
        eta = t.cop if t.cop is not None else heat_pump_cop(
            supply, source, f"heat.{t.carrier}_supply_temperature_c (heat pump '{t.name}')")
        record.update(cop=eta, cop_source="given" if t.cop is not None else f"table at {supply:g} °C")
        fuel, price_gj, ef_gj = "electricity", 0.0, 0.0
    elif t.kind == "electric_boiler":
        eta = pick(t.efficiency_fraction, "electric_boiler_efficiency_fraction")
        record["efficiency_fraction"] = eta
        fuel, price_gj, ef_gj = "electricity", 0.0, 0.0
    else:
        fuel = t.fuel
        eta = pick(t.efficiency_fraction, f"{fuel}_boiler_efficiency_fraction")
        if t.fuel_price_cny_per_t is not None:
            lhv = pick(t.fuel_lhv_gj_per_t, f"{fuel}_lhv_gj_per_t")
            price_gj = t.fuel_price_cny_per_t / lhv
            record["fuel_lhv_gj_per_t"] = lhv
        else:
            price_gj = pick(t.fuel_price_cny_per_gj, f"{fuel}_price_cny_per_gj")
        ef_gj = pick(t.emission_t_co2_per_gj, f"{fuel}_emission_t_co2_per_gj")
        record.update(fuel=fuel, efficiency_fraction=eta, fuel_price_cny_per_gj=price_gj,
                      emission_t_co2_per_gj=ef_gj)
    capex = pick(t.capex_cny_per_kw, f"{key}_capex_cny_per_kw")
    fom = pick(t.fixed_om_cny_per_kw_yr, f"{key}_fixed_om_cny_per_kw_yr")
    life = int(pick(t.lifetime_yr, f"{key}_lifetime_yr"))
    record.update(capex_cny_per_kw=capex, fixed_om_cny_per_kw_yr=fom, lifetime_yr=life)
    tech = HeatTechInput(t.name, t.kind, t.carrier, float(eta), fuel, price_gj / KWH_PER_GJ,
                         ef_gj * 1000.0 / KWH_PER_GJ, float(capex), float(fom), life, t.existing_kw, t.max_kw,
                         availability)
    return tech, record


def heat_input(scenario, index: pd.DatetimeIndex) -> tuple[HeatInput, dict]:
    """The heat block's numbers for a scenario with a ``[heat]`` section, and a record for the summary.

    Returns
    -------
    HeatInput
        Demand per carrier [kW_th] on ``index``, technologies and stores.
    dict
        ``demands`` (name -> carrier, horizon MWh_th), ``technologies`` (name -> resolved parameters).
    """
    heat = scenario.heat
    source = str(scenario.source_path or "scenario")
    profiles, carriers = demand_profiles_kw(scenario, index)
    demand = {}
    for name, carrier in carriers.items():
        demand[carrier] = demand.get(carrier, 0.0) + profiles[name].to_numpy(dtype=float)
    techs, records = [], {}
    cache: dict = {}

    def temperature():
        if "t" not in cache:
            cache["t"] = outdoor_temperature_c(scenario, index)
        return cache["t"]

    for t in heat.technologies:
        tech, records[t.name] = _tech(t, heat, source, temperature)
        techs.append(tech)
    stores, store_records = [], {}
    for s in heat.storage:  # numbers given or the kind's defaults (hot-water tank, steam accumulator, ...)
        numbers = s.resolved()
        stores.append(HeatStorageInput(s.name, s.carrier, **numbers, existing_kwh=s.existing_kwh, max_kwh=s.max_kwh,
                                       kind=s.kind))
        store_records[s.name] = {"kind": s.kind, "carrier": s.carrier, **numbers}
    dt_h = step_hours(index)
    it_load = {d.name: d.it_load for d in heat.demands}
    record = {"demands": {n: {"carrier": c, "horizon_mwh": float(profiles[n].sum() * dt_h / 1000.0),
                              "peak_kw": float(profiles[n].max()), "it_load": it_load[n]}
                          for n, c in carriers.items()},
              "technologies": records, "storages": store_records, "steam_kwh_per_t": steam_kwh_per_t(heat)}
    names = {e.name for e in scenario.load.enterprises}
    for number, d in enumerate(heat.demands):
        if d.billed_to is not None and d.billed_to not in names:
            raise InputError(InputIssue(source, f"heat.demands[{number}].billed_to", d.billed_to,
                                        "the name of a [[load.enterprises]] entry"))
    demands = [HeatDemandInput(d.name, d.carrier, profiles[d.name].to_numpy(dtype=float), d.owner)
               for d in heat.demands]
    return HeatInput(demand, techs, stores, carbon_prices_cny_per_t(scenario)["fuel"], demands), record
