"""Embedded default weather year for a site without weather files.

Method (documented in docs/resource.md):

1. Clear-sky irradiance from pvlib (Ineichen model, Linke turbidity from pvlib's monthly climatology)
   at the middle of every step.
2. Daily GHI from a seeded Gaussian AR(1) process (month-dependent coefficient) quantile-mapped onto each
   month's distribution of daily GHI fitted to the CDSRD station record (source: CDSRD; see
   :mod:`simulator.inputs.resource.daily`); each month keeps the station's monthly irradiation
   (``data/yunnan_stations.csv``) exactly. So the year has the record's day-to-day spread, percentiles,
   persistence and low-day spells per month (tested in tests/inputs/resource/test_resource_daily.py).
3. Within each day, the clear-sky index of each step is sigmoid(nu_d + s e_t) with e_t an AR(1)
   process (lag-1 h correlation 0.7) and nu_d solved so that the day keeps its GHI (s = 2,
   ``weather.intraday_spread``). DHI: the Erbs split scaled per month to the station's CDSRD diffuse
   fraction, DNI = (GHI - DHI) / cos(zenith).
4. Air temperature: monthly means and daily ranges (placeholders, ``data/climate_normals.csv``) with a
   sinusoidal daily cycle (minimum at 06:00, maximum at 15:00), shifted by a 6.5 K/km lapse rate.
5. 10 m wind speed for module cooling: 2 m/s mean, stronger in the afternoon and the dry season.

Limits: hour-to-hour variability is a statistical process, not observed cloud passages; sub-hourly
steps inherit the hourly correlation. No day-to-day persistence of temperature with cloudiness.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pvlib

from simulator.data import data_path, stations
from simulator.errors import InputError, InputIssue
from simulator.inputs.resource.cdsrd import cdsrd_weather
from simulator.inputs.resource.hourly import intraday_clearness, split_to_diffuse_fraction
from simulator.inputs.resource.daily import (daily_ghi, daily_stats, gaussian_ar1, nearest_station, process_phi,
                                             quantile_knots)
from simulator.inputs.timegrid import step_hours

logger = logging.getLogger(__name__)

KUNMING_ALTITUDE_M = 1889.0
LAPSE_RATE_K_PER_M = 0.0065
INTRADAY_SPREAD = 2.0  # data/defaults.toml weather.intraday_spread


def _normals(key: str) -> np.ndarray:
    with data_path("climate_normals.csv").open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle).set_index("key")
    return table.loc[key, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                           "dec"]].to_numpy(dtype=float)


def monthly_wind_factor() -> np.ndarray:
    """Relative monthly wind level in Yunnan (12 values, mean about 1), placeholder data."""
    return _normals("yunnan_wind_monthly_factor")


def station_monthly_ghi(wmo_id: int) -> np.ndarray:
    """Monthly GHI [kWh/m2] of a station in ``data/yunnan_stations.csv``."""
    table = stations()
    if wmo_id not in table.index:
        raise InputError(InputIssue("scenario", "weather.station", wmo_id,
                                    "a WMO id of data/yunnan_stations.csv: " + ", ".join(map(str, table.index))))
    return table.loc[wmo_id, [f"ghi_{m}" for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                                   "sep", "oct", "nov", "dec")]].to_numpy(dtype=float)


def _daily_temperature_cycle(hour: np.ndarray) -> np.ndarray:
    """Shape of the daily temperature cycle in -1 .. 1: minimum at 06:00, maximum at 15:00.

    Half-cosine rise over the 9 h from 06:00 to 15:00 and half-cosine fall over the 15 h to 06:00.
    """
    rising = (hour >= 6.0) & (hour < 15.0)
    since_max = np.mod(hour - 15.0, 24.0)
    return np.where(rising, -np.cos(np.pi * (hour - 6.0) / 9.0), np.cos(np.pi * since_max / 15.0))


def default_weather(latitude: float, longitude: float, altitude_m: float, year: int, timezone: str,
                    monthly_ghi_kwh_per_m2: np.ndarray, seed: int = 2026,
                    timestep_minutes: int = 60, intraday_spread: float = INTRADAY_SPREAD,
                    station: int | None = None,
                    normal_monthly_ghi_kwh_per_m2: np.ndarray | None = None) -> pd.DataFrame:
    """Synthesise a weather year matching monthly irradiation.

    Parameters
    ----------
    latitude, longitude : float
        Site [degrees].
    altitude_m : float
        Site altitude [m].
    year : int
        Calendar year of the series.
    timezone : str
        IANA time zone of the index.
    monthly_ghi_kwh_per_m2 : array of 12 floats
        Target monthly GHI sums [kWh/m2].
    seed : int
        Seed of the day-to-day clearness process.
    timestep_minutes : int
        Step of the output [min].
    intraday_spread : float
        Spread of the within-day clearness process [logit units]; 0 = a uniformly clear or cloudy day.
    station : int, optional
        WMO id whose CDSRD daily statistics (day-to-day distribution, persistence, diffuse fraction) shape
        the year; none = the station of ``data/yunnan_stations.csv`` nearest to the site.
    normal_monthly_ghi_kwh_per_m2 : array of 12 floats, optional
        The normals [kWh/m2] that a drawn year's ``monthly_ghi_kwh_per_m2`` departs from: the departure is
        made by more or fewer cloudy days (:func:`~simulator.inputs.resource.daily.daily_ghi`); none =
        ``monthly_ghi_kwh_per_m2`` is the normal.

    Returns
    -------
    pandas.DataFrame
        Index: step starts (tz-aware); columns ``ghi``, ``dni``, ``dhi`` [W/m2, mean over the step],
        ``temp_air`` [degC], ``wind_speed`` [m/s at 10 m]; ``attrs`` hold the method and seed.
    """
    target = np.asarray(monthly_ghi_kwh_per_m2, dtype=float)
    if station is None:
        station, _ = nearest_station(latitude, longitude)
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq=f"{timestep_minutes}min",
                          inclusive="left", tz=timezone, name="timestamp")
    dt_h = step_hours(index)
    mid = index + pd.Timedelta(minutes=timestep_minutes / 2)
    location = pvlib.location.Location(latitude, longitude, timezone, altitude_m)
    solpos = location.get_solarposition(mid)
    clear = location.get_clearsky(mid, model="ineichen", solar_position=solpos)
    cs_ghi = clear["ghi"].to_numpy()
    day_of = (index.day_of_year - 1).to_numpy()
    n_days = day_of.max() + 1
    cs_day_kwh = np.bincount(day_of, weights=cs_ghi * dt_h / 1000.0, minlength=n_days)
    day_month = pd.date_range(f"{year}-01-01", periods=n_days, freq="D").month.to_numpy()
    rng = np.random.default_rng(seed)
    z = gaussian_ar1(rng, process_phi(station)[day_month - 1])
    ghi_day_kwh = daily_ghi(z, day_month, cs_day_kwh, target, quantile_knots(station),
                            normal_monthly_ghi_kwh_per_m2)
    k_day = ghi_day_kwh / cs_day_kwh
    k_step = intraday_clearness(k_day, day_of, cs_ghi, seed, dt_h, intraday_spread)
    ghi = cs_ghi * k_step
    zenith = solpos["apparent_zenith"].to_numpy()
    diffuse = daily_stats(station)["diffuse_fraction"].to_numpy(float)
    dni, dhi = split_to_diffuse_fraction(ghi, zenith, mid, clear["dni"].to_numpy(), index.month.to_numpy() - 1,
                                         diffuse)
    # temperature: monthly means interpolated daily, sinusoidal daily cycle
    months = index.month.to_numpy() - 1
    shift = -(altitude_m - KUNMING_ALTITUDE_M) * LAPSE_RATE_K_PER_M
    mean_t = _normals("kunming_temp_air_mean")[months] + shift
    rng_t = _normals("kunming_temp_daily_range")[months]
    hour = (index.hour + index.minute / 60.0).to_numpy()
    cycle = _daily_temperature_cycle(hour)
    temp_air = mean_t + 0.5 * rng_t * cycle + rng.normal(0, 0.8, n_days)[day_of]
    wind_factor = monthly_wind_factor()[months]
    diurnal = 1 + 0.35 * np.cos((hour - 15.0) / 24.0 * 2 * np.pi)
    wind_speed = np.maximum(2.0 * wind_factor * diurnal * rng.gamma(4.0, 0.25, len(index)), 0.0)
    frame = pd.DataFrame({"ghi": ghi, "dni": dni, "dhi": dhi, "temp_air": temp_air,
                          "wind_speed": wind_speed}, index=index)
    frame.attrs.update(method="clear-sky x seeded daily GHI process fitted to the CDSRD station statistics "
                              "(see simulator/inputs/resource/daily.py)",
                       seed=seed, monthly_ghi_kwh_per_m2=target.tolist(), daily_stats_station=int(station))
    return frame


def scenario_weather(scenario, index: pd.DatetimeIndex) -> pd.DataFrame:
    """Weather on the model index for a scenario (default generator)."""
    park, weather = scenario.park, scenario.weather
    station = weather.station             # with monthly sums given: the station whose daily statistics apply
    if weather.monthly_ghi_kwh_per_m2 is not None:
        monthly = np.asarray(weather.monthly_ghi_kwh_per_m2)
    else:
        station = weather.station
        if station is None:
            table = stations()
            dist = (table["latitude"] - park.latitude) ** 2 + (table["longitude"] - park.longitude) ** 2
            station = int(dist.idxmin())
            if float(dist.min()) ** 0.5 > 1.0:
                logger.warning(f"the nearest station of data/yunnan_stations.csv ({station}) is more than 1 degree "
                               f"from the park; give [weather] monthly_ghi_kwh_per_m2 or a weather file")
        monthly = station_monthly_ghi(station)
    year_frame = default_weather(park.latitude, park.longitude, park.altitude_m, park.year, park.timezone,
                                 monthly, weather.seed, park.timestep_minutes, weather.intraday_spread,
                                 station=station, normal_monthly_ghi_kwh_per_m2=weather.monthly_ghi_normal_kwh_per_m2)
    out = year_frame.loc[index]
    out.attrs.update(year_frame.attrs, station=None if weather.monthly_ghi_kwh_per_m2 is not None else station,
                     monthly_ghi_kwh_per_m2=monthly.tolist())
    return out


def recorded_weather(scenario, index: pd.DatetimeIndex, path) -> tuple[pd.DataFrame, dict]:
    """Weather of a recorded CDSRD year (``[weather] source = "cdsrd"``) on the model index.

    Temperature and 10 m wind come from the default generator of the same seed (station normals);
    irradiance from :func:`simulator.inputs.resource.cdsrd.cdsrd_weather`.
    """
    park, weather = scenario.park, scenario.weather
    station = weather.station if weather.station is not None else nearest_station(park.latitude, park.longitude)[0]
    base = default_weather(park.latitude, park.longitude, park.altitude_m, park.year, park.timezone,
                           station_monthly_ghi(station), weather.seed, park.timestep_minutes, weather.intraday_spread,
                           station=station)
    mid = base.index + pd.Timedelta(minutes=park.timestep_minutes / 2)
    location = pvlib.location.Location(park.latitude, park.longitude, park.timezone, park.altitude_m)
    solpos = location.get_solarposition(mid)
    clear = location.get_clearsky(mid, model="ineichen", solar_position=solpos)
    frame, meta = cdsrd_weather(path, int(weather.year), base, clear["ghi"].to_numpy(), clear["dni"].to_numpy(),
                                solpos["apparent_zenith"].to_numpy(), weather.seed, weather.intraday_spread,
                                park.timestep_minutes)
    out = frame.loc[index]
    out.attrs.update(frame.attrs)
    return out, meta
