"""Weather and green-power resource: availability per kW installed for each generator type."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.profiles import read_profile_csv
from simulator.resource.solar import pv_availability
from simulator.resource.weather import scenario_weather
from simulator.resource.wind import hub_wind_speed, wind_availability
from simulator.timegrid import model_index, step_hours


@dataclass
class Resource:
    """Availability of each generator type on the model index.

    Attributes
    ----------
    availability : pandas.DataFrame
        Columns ``pv``, ``wind`` (only enabled types) [kW per kW installed].
    weather : pandas.DataFrame or None
        The weather used (None when every profile was given as a CSV).
    summary : dict
        Per type: ``specific_yield_kwh_per_kw`` (over the horizon, scaled to a year), ``full_load_hours``,
        ``dry_season_share`` (Nov-May share of the horizon's energy), ``source``.
    """

    availability: pd.DataFrame
    weather: pd.DataFrame | None
    summary: dict


def _summary(series: pd.Series, source: str) -> dict:
    dt_h = step_hours(series.index)
    energy = float(series.sum() * dt_h)
    scale = 8760.0 / (len(series) * dt_h)
    dry = series.index.month.isin([11, 12, 1, 2, 3, 4, 5])
    return {"specific_yield_kwh_per_kw": energy * scale, "full_load_hours": energy * scale,
            "dry_season_share": float(series[dry].sum() * dt_h / energy) if energy > 0 else 0.0,
            "source": source}


def build_resource(scenario, index: pd.DatetimeIndex) -> Resource:
    """Availability of PV and wind for a scenario on the model index.

    Profiles given as ``availability_csv`` are read and checked; the others are modelled from the
    default weather year (computed for the whole calendar year, then cut to the horizon, so that a
    shorter horizon sees exactly the same hours as the full year).
    """
    park = scenario.park
    columns, summary = {}, {}
    need_weather = any(sec.enabled and sec.availability_csv is None for sec in (scenario.pv, scenario.wind))
    weather = None
    if need_weather:
        full = model_index(park.year, park.timezone, park.timestep_minutes)
        weather_full = scenario_weather(scenario, full)
        weather = weather_full.loc[index]
    for name, sec in (("pv", scenario.pv), ("wind", scenario.wind)):
        if not sec.enabled:
            continue
        if sec.availability_csv is not None:
            series = read_profile_csv(sec.availability_csv, index, f"{name}.availability_csv",
                                      "availability", sec.availability_column)
            source = str(sec.availability_csv)
        elif name == "pv":
            series = pv_availability(weather_full, park.latitude, park.longitude, park.altitude_m,
                                     sec.tilt_deg, sec.azimuth_deg, sec.dc_ac_ratio,
                                     sec.system_losses_fraction, sec.inverter_efficiency_fraction,
                                     sec.gamma_pdc_per_c).loc[index]
            source = "pvlib PVWatts chain on the default weather year"
        else:
            speed = hub_wind_speed(full, sec.mean_speed_hub_m_per_s, sec.weibull_k, scenario.weather.seed)
            series = wind_availability(speed, full, park.altitude_m, sec.turbine, sec.losses_fraction,
                                       weather_full["temp_air"].to_numpy()).loc[index]
            source = f"{sec.turbine} power curve on synthetic hub wind (mean {sec.mean_speed_hub_m_per_s} m/s)"
        columns[name] = series.to_numpy(dtype=float)
        summary[name] = _summary(pd.Series(columns[name], index=index), source)
    availability = pd.DataFrame(columns, index=index) if columns else pd.DataFrame(index=index)
    if availability.isna().any().any() or not np.isfinite(availability.to_numpy()).all():
        raise ValueError("availability contains NaN or infinite values")
    return Resource(availability, weather, summary)
