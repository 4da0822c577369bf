"""Weather to availability per kW installed for each generator type: the resource step of the pipeline.

``build_resource(scenario, index)`` is the one entry point: it takes the weather
(embedded default year or a weather file, :mod:`simulator.inputs.resource.readers`), runs the PV chain of
every PV type (:mod:`simulator.inputs.resource.solar`) and the wind power curve
(:mod:`simulator.inputs.resource.wind`) over the whole model year, cuts the result to the horizon and
summarises it (annual yield, full-load hours, monthly profile, dry-season share).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.resource.point_series import point_weather
from simulator.inputs.resource.readers import read_weather
from simulator.inputs.resource.solar import default_tilt_deg, degradation_factor, pv_availability
from simulator.inputs.resource.weather import recorded_weather, scenario_weather
from simulator.inputs.resource.wind import (hub_speed_from_measured, hub_wind_speed, read_power_curve_csv,
                                     wind_availability)
from simulator.inputs.timegrid import model_index, step_hours
from simulator.scenario.sites_schema import site_scenario

logger = logging.getLogger(__name__)

DRY_SEASON_MONTHS = (11, 12, 1, 2, 3, 4, 5)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class Resource:
    """Availability of each generator type on the model index.

    Attributes
    ----------
    availability : pandas.DataFrame
        One column per generator (``pv`` or ``pv_<type>`` ..., ``wind``) [kW per kW installed].
    weather : pandas.DataFrame or None
        The weather on the model index (None when every profile was given as a CSV).
    summary : dict
        Per generator: ``specific_yield_kwh_per_kw`` and ``full_load_hours`` (whole model year),
        ``monthly_kwh_per_kw``, ``dry_season_share`` (Nov-May share of the year), ``horizon_kwh_per_kw``,
        ``source``; under ``weather``: the weather source, annual and monthly GHI and the conversions made.
    availability_year : pandas.DataFrame or None
        The same columns over the whole model year (None when a profile was given as a CSV).
    """

    availability: pd.DataFrame
    weather: pd.DataFrame | None
    summary: dict
    availability_year: pd.DataFrame | None = field(default=None, repr=False)


@dataclass
class PVUnit:
    """One PV generator: its model name, chain parameters, costs and bounds."""

    name: str
    chain: dict
    capex_cny_per_kw: float
    fixed_om_cny_per_kw_yr: float
    lifetime_yr: int
    existing_kw: float
    max_kw: float | None


def pv_units(pv, latitude: float) -> list[PVUnit]:
    """The PV generators of a ``[pv]`` section: ``pv`` itself, or ``pv_<name>`` per ``[[pv.types]]``."""
    base = {"tilt_deg": pv.tilt_deg, "azimuth_deg": pv.azimuth_deg, "dc_ac_ratio": pv.dc_ac_ratio,
            "system_losses_fraction": pv.system_losses_fraction,
            "inverter_efficiency_fraction": pv.inverter_efficiency_fraction, "gamma_pdc_per_c": pv.gamma_pdc_per_c,
            "mounting": pv.mounting, "temperature_model": pv.temperature_model,
            "bifacial_gain_fraction": pv.bifacial_gain_fraction, "max_tracker_angle_deg": pv.max_tracker_angle_deg,
            "ground_coverage_ratio": pv.ground_coverage_ratio}

    def scale(lifetime):
        return degradation_factor(pv.degradation_first_year_fraction, pv.degradation_annual_fraction, lifetime,
                                  pv.degradation_basis)

    if not pv.types:
        chain = dict(base, dc_scale=scale(pv.lifetime_yr))
        if chain["tilt_deg"] is None and chain["mounting"] == "fixed":
            chain["tilt_deg"] = default_tilt_deg(latitude)
        return [PVUnit("pv", chain, pv.capex_cny_per_kw, pv.fixed_om_cny_per_kw_yr, pv.lifetime_yr,
                       pv.existing_kw, pv.max_kw)]
    units = []
    for t in pv.types:
        chain = dict(base)
        for key in ("mounting", "tilt_deg", "azimuth_deg", "bifacial_gain_fraction"):
            if getattr(t, key) is not None:
                chain[key] = getattr(t, key)
        if chain["tilt_deg"] is None and chain["mounting"] == "fixed":
            chain["tilt_deg"] = default_tilt_deg(latitude)
        life = t.lifetime_yr or pv.lifetime_yr
        chain["dc_scale"] = scale(life)
        units.append(PVUnit(f"pv_{t.name}", chain,
                            pv.capex_cny_per_kw if t.capex_cny_per_kw is None else t.capex_cny_per_kw,
                            pv.fixed_om_cny_per_kw_yr if t.fixed_om_cny_per_kw_yr is None else t.fixed_om_cny_per_kw_yr,
                            life, t.existing_kw, t.max_capacity_kw))
    return units


def resolve_path(path: Path, scenario) -> Path:
    """A path of the scenario, relative to the scenario file's folder when not absolute."""
    path = Path(path)
    if path.is_absolute() or scenario.source_path is None:
        return path
    return Path(scenario.source_path).parent / path


def load_weather(scenario, year_index: pd.DatetimeIndex) -> tuple[pd.DataFrame, dict]:
    """Weather over the whole model year: the embedded default or the scenario's weather file.

    Returns
    -------
    weather : pandas.DataFrame
        ``ghi``, ``dni``, ``dhi`` [W/m2], ``temp_air`` [degC], ``wind_speed`` [m/s] on ``year_index``.
    meta : dict
        ``source``, ``wind_height_m``, ``conversions`` and, for files, ``file`` and the file's site.
    """
    w, park = scenario.weather, scenario.park
    if w.source == "default":
        frame = scenario_weather(scenario, year_index)
        return frame, {"source": "default", "method": frame.attrs.get("method", ""), "seed": w.seed,
                       "station": frame.attrs.get("station"), "wind_height_m": 10.0, "conversions": []}
    path = resolve_path(w.file, scenario)
    if w.source == "cdsrd":
        frame, info = recorded_weather(scenario, year_index, path)
        for note in info["conversions"]:
            logger.warning(f"weather file {path.name}: {note}")
        return frame, {"source": "cdsrd", "file": str(path), "method": frame.attrs.get("method", ""),
                       "seed": w.seed, "wind_height_m": 10.0, "conversions": info["conversions"],
                       **{k: info[k] for k in ("latitude", "longitude", "altitude_m") if k in info}}
    if w.source in ("nasa_power", "era5"):
        frame, meta = point_weather(path, w.source, int(w.year), year_index, park.latitude, park.longitude)
        for note in meta["conversions"]:
            logger.warning(f"weather file {path.name}: {note}")
        return frame, meta
    frame, meta = read_weather(path, w.source, year_index, columns=w.columns, time_column=w.time_column,
                               file_timezone=w.file_timezone, time_label=w.time_label,
                               year_mapping=w.year_mapping, wind_height_m=w.wind_height_m,
                               latitude=park.latitude, longitude=park.longitude)
    lat, lon = meta.get("latitude"), meta.get("longitude")
    if lat is not None and lon is not None and (abs(lat - park.latitude) > 1.0 or abs(lon - park.longitude) > 1.0):
        logger.warning(f"weather file {path.name} is for {lat:.2f} N, {lon:.2f} E, more than 1 degree from the park "
                       f"({park.latitude:.2f} N, {park.longitude:.2f} E)")
    for note in meta["conversions"]:
        logger.warning(f"weather file {path.name}: {note}")
    return frame, meta


def summarise_availability(series: pd.Series, source: str) -> dict:
    """Annual yield, full-load hours, monthly profile and dry-season share of one availability series.

    ``series`` should cover a whole year [kW per kW]; a shorter one is scaled to 8,760 h.
    """
    dt_h = step_hours(series.index)
    energy = float(series.sum() * dt_h)
    scale = 8760.0 / (len(series) * dt_h)
    monthly = series.groupby(series.index.month).sum() * dt_h
    dry = series.index.month.isin(DRY_SEASON_MONTHS)
    return {"specific_yield_kwh_per_kw": energy * scale, "full_load_hours": energy * scale,
            "monthly_kwh_per_kw": {MONTHS[m - 1]: float(monthly.get(m, 0.0)) for m in range(1, 13)},
            "dry_season_share": float(series[dry].sum() * dt_h / energy) if energy > 0 else 0.0,
            "source": source}


def _weather_summary(weather: pd.DataFrame, meta: dict) -> dict:
    dt_h = step_hours(weather.index)
    monthly = weather["ghi"].groupby(weather.index.month).sum() * dt_h / 1000.0
    out = {"source": meta.get("source"), "ghi_kwh_per_m2_yr": float(weather["ghi"].sum() * dt_h / 1000.0),
           "monthly_ghi_kwh_per_m2": {MONTHS[m - 1]: float(monthly.get(m, 0.0)) for m in range(1, 13)},
           "diffuse_fraction": float(weather["dhi"].sum() / weather["ghi"].sum()) if weather["ghi"].sum() > 0 else 0.0,
           "temp_air_mean_c": float(weather["temp_air"].mean()),
           "wind_speed_mean_m_per_s": float(weather["wind_speed"].mean()),
           "wind_height_m": meta.get("wind_height_m"), "conversions": list(meta.get("conversions", []))}
    for key in ("file", "latitude", "longitude", "altitude_m", "station", "seed", "time_note"):
        if meta.get(key) is not None:
            out[key] = meta[key]
    return out


def wind_year(scenario, year_index: pd.DatetimeIndex, weather: pd.DataFrame, meta: dict) -> tuple[pd.Series, str]:
    """Wind availability over the whole model year [kW per kW] and a description of its source."""
    sec, park = scenario.wind, scenario.park
    # the default generator's and a CDSRD year's 10 m wind only cools the modules: hub wind stays synthetic
    use_weather = sec.speed_source == "weather" or (sec.speed_source == "auto"
                                                    and scenario.weather.source not in ("default", "cdsrd"))
    hub = meta.get("hub_wind")  # NASA POWER WS50M / ERA5 100 m wind: nearer the hub than the 10 m column
    if use_weather:
        measured, height = ((hub["speed"], hub["height_m"]) if hub is not None
                            else (weather["wind_speed"].to_numpy(), meta.get("wind_height_m", 10.0)))
        speed = hub_speed_from_measured(measured, height, sec.hub_height_m, sec.shear_model, sec.shear_exponent,
                                        sec.roughness_length_m)
        how = f"weather-file wind at {height:g} m extrapolated to {sec.hub_height_m:g} m ({sec.shear_model} law)"
    else:
        speed = hub_wind_speed(year_index, sec.mean_speed_hub_m_per_s, sec.weibull_k, scenario.weather.seed)
        how = f"synthetic hub wind (mean {sec.mean_speed_hub_m_per_s} m/s, Weibull k {sec.weibull_k})"
    curve = None
    turbine = sec.turbine
    if sec.power_curve_csv is not None:
        path = resolve_path(sec.power_curve_csv, scenario)
        curve = read_power_curve_csv(path)
        turbine = path.name
    series = wind_availability(speed, year_index, park.altitude_m, sec.turbine, sec.losses_fraction,
                               weather["temp_air"].to_numpy(), curve=curve)
    return series, f"{turbine} power curve, air density at {park.altitude_m:g} m, on {how}"


def build_resource(scenario, index: pd.DatetimeIndex) -> Resource:
    """Availability of PV and wind for a scenario on the model index.

    Profiles given as ``availability_csv`` are read and checked; the others are modelled over the whole
    calendar year (so that a shorter horizon sees exactly the same hours as the full year) and cut
    to the horizon.
    """
    park, pv = scenario.park, scenario.pv
    if pv.enabled and pv.types and pv.availability_csv is not None:
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), "pv.availability_csv",
                                    str(pv.availability_csv), "no measured profile when [[pv.types]] are given"))
    need_weather = any(sec.enabled and sec.availability_csv is None for sec in (pv, scenario.wind))
    full = model_index(park.year, park.timezone, park.timestep_minutes)
    weather = weather_full = None
    year_columns, columns, summary = {}, {}, {}
    if need_weather:
        weather_full, meta = load_weather(scenario, full)
        weather = weather_full.loc[index]
        summary["weather"] = _weather_summary(weather_full, meta)
    if pv.enabled:
        if pv.availability_csv is not None:
            series = read_profile_csv(pv.availability_csv, index, "pv.availability_csv", "availability",
                                      pv.availability_column)
            columns["pv"] = series.to_numpy(dtype=float)
            summary["pv"] = summarise_availability(series, str(pv.availability_csv))
        else:
            for unit in pv_units(pv, park.latitude):
                year = pv_availability(weather_full, park.latitude, park.longitude, park.altitude_m, **unit.chain)
                year_columns[unit.name] = year
                columns[unit.name] = year.loc[index].to_numpy(dtype=float)
                how = ("single-axis tracker" if unit.chain["mounting"] == "single_axis"
                       else f"fixed tilt {unit.chain['tilt_deg']:.1f} deg")
                summary[unit.name] = summarise_availability(
                    year, f"pvlib PVWatts chain, {how}, on {summary['weather']['source']} weather")
                summary[unit.name]["full_load_hours_ac"] = summary[unit.name]["full_load_hours"] * unit.chain["dc_ac_ratio"]
    if scenario.wind.enabled:
        if scenario.wind.availability_csv is not None:
            series = read_profile_csv(scenario.wind.availability_csv, index, "wind.availability_csv", "availability",
                                      scenario.wind.availability_column)
            columns["wind"] = series.to_numpy(dtype=float)
            summary["wind"] = summarise_availability(series, str(scenario.wind.availability_csv))
        else:
            year, how = wind_year(scenario, full, weather_full, meta)
            year_columns["wind"] = year
            columns["wind"] = year.loc[index].to_numpy(dtype=float)
            summary["wind"] = summarise_availability(year, how)
    for name, values in columns.items():
        summary[name]["horizon_kwh_per_kw"] = float(np.sum(values) * step_hours(index))
    for site in getattr(scenario, "sites", []):  # [[sites]]: the same chain at each site (docs/sites.md)
        own = build_resource(site_scenario(scenario, site), index)
        for kind in own.availability.columns:
            name = f"site_{site.name}_{kind}"
            columns[name] = own.availability[kind].to_numpy(dtype=float)
            summary[name] = own.summary[kind]
            if own.availability_year is not None:
                year_columns[name] = own.availability_year[kind]
        if "weather" in own.summary:
            summary[f"site_{site.name}_weather"] = own.summary["weather"]
    availability = pd.DataFrame(columns, index=index) if columns else pd.DataFrame(index=index)
    if availability.isna().any().any() or not np.isfinite(availability.to_numpy()).all():
        raise ValueError("availability contains NaN or infinite values")
    year_frame = pd.DataFrame(year_columns, index=full) if year_columns else None
    return Resource(availability, weather, summary, year_frame)
