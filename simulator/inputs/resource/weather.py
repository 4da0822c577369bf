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
import warnings

import numpy as np
import pandas as pd
import pvlib

from simulator.data import data_path, stations
from simulator.errors import InputError, InputIssue
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


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    z = np.empty(n)
    z[0] = rng.normal()
    shocks = rng.normal(0.0, np.sqrt(1 - phi**2), n)
    for i in range(1, n):
        z[i] = phi * z[i - 1] + shocks[i]
    return z


def _daily_temperature_cycle(hour: np.ndarray) -> np.ndarray:
    """Shape of the daily temperature cycle in -1 .. 1: minimum at 06:00, maximum at 15:00.

    Half-cosine rise over the 9 h from 06:00 to 15:00 and half-cosine fall over the 15 h to 06:00.
    """
    rising = (hour >= 6.0) & (hour < 15.0)
    since_max = np.mod(hour - 15.0, 24.0)
    return np.where(rising, -np.cos(np.pi * (hour - 6.0) / 9.0), np.cos(np.pi * since_max / 15.0))


def _intraday_clearness(k_day: np.ndarray, day_of: np.ndarray, cs_ghi: np.ndarray, seed: int, dt_h: float,
                        spread: float) -> np.ndarray:
    """Clear-sky index of every step: sigmoid(nu_d + spread * e_t), e an AR(1) with 0.7 lag-1 h correlation.

    nu_d is solved per day (vectorised bisection) so that the day's GHI stays k_d x its clear-sky GHI;
    the daily and monthly sums are therefore unchanged, only the within-day shape varies.
    """
    if spread == 0:
        return k_day[day_of]
    rng = np.random.default_rng(seed + 104729)          # own stream: the daily process does not change
    per_hour = max(int(round(1 / dt_h)), 1)             # drawn per hour and held, so 15-min = hourly weather
    e = np.repeat(_ar1(rng, int(np.ceil(len(day_of) / per_hour)), phi=0.7), per_hour)[: len(day_of)]
    n_days = len(k_day)
    cs_day = np.bincount(day_of, weights=cs_ghi, minlength=n_days)
    goal = k_day * cs_day
    low, high = np.full(n_days, -30.0), np.full(n_days, 30.0)
    for _ in range(60):
        nu = 0.5 * (low + high)
        got = np.bincount(day_of, weights=cs_ghi / (1 + np.exp(-(nu[day_of] + spread * e))), minlength=n_days)
        above = got > goal
        high = np.where(above, nu, high)
        low = np.where(above, low, nu)
    nu = 0.5 * (low + high)
    return 1 / (1 + np.exp(-(nu[day_of] + spread * e)))


def split_to_diffuse_fraction(ghi: np.ndarray, zenith_deg: np.ndarray, times: pd.DatetimeIndex,
                              dni_clear: np.ndarray, group: np.ndarray, diffuse_fraction: np.ndarray,
                              iterations: int = 50) -> tuple[np.ndarray, np.ndarray]:
    """DNI and DHI [W/m2] whose diffuse fraction ΣDHI/ΣGHI per group (month or day) is given.

    The Erbs decomposition gives the shape (cloudier steps more diffuse); its DHI is scaled by one factor
    per group, found by bisection, and kept between GHI - cos(z) DNI_clear (beam at most the clear-sky beam)
    and GHI. DNI = (GHI - DHI) / cos(z); below 3 deg sun elevation all of GHI is diffuse.

    Parameters
    ----------
    group : array of int
        Group of each step, 0 .. len(diffuse_fraction) - 1 (month - 1, or day of year - 1).
    diffuse_fraction : array
        Target ΣDHI/ΣGHI of each group [-]; a target outside what the bounds allow is met as closely as
        they allow (logged).
    """
    ghi = np.asarray(ghi, dtype=float)
    cosz = np.cos(np.radians(np.asarray(zenith_deg, dtype=float)))
    low_sun = cosz < np.sin(np.radians(3.0))
    dhi_erbs = np.nan_to_num(np.asarray(pvlib.irradiance.erbs(ghi, zenith_deg, times)["dhi"], dtype=float))
    low = np.where(low_sun, ghi, np.clip(ghi - cosz * np.asarray(dni_clear, dtype=float), 0.0, None))
    high = ghi
    n = len(diffuse_fraction)
    goal = np.asarray(diffuse_fraction, dtype=float) * np.bincount(group, weights=ghi, minlength=n)
    f_low, f_high = np.zeros(n), np.full(n, 50.0)
    for _ in range(iterations):
        f = 0.5 * (f_low + f_high)
        got = np.bincount(group, weights=np.clip(f[group] * dhi_erbs, low, high), minlength=n)
        above = got > goal
        f_high = np.where(above, f, f_high)
        f_low = np.where(above, f_low, f)
    dhi = np.clip(0.5 * (f_low + f_high)[group] * dhi_erbs, low, high)
    reached = np.bincount(group, weights=dhi, minlength=n)
    off = np.abs(reached - goal) > 1e-3 * np.maximum(goal, 1.0)
    if off.any():
        logger.warning("diffuse fraction not reachable within the clear-sky bounds for %d group(s)", int(off.sum()))
    dni = np.where(low_sun, 0.0, (ghi - dhi) / np.where(low_sun, 1.0, cosz))
    return dni, dhi


def default_weather(latitude: float, longitude: float, altitude_m: float, year: int, timezone: str,
                    monthly_ghi_kwh_per_m2: np.ndarray, seed: int = 2026,
                    timestep_minutes: int = 60, intraday_spread: float = INTRADAY_SPREAD,
                    station: int | None = None) -> pd.DataFrame:
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
    ghi_day_kwh = daily_ghi(z, day_month, cs_day_kwh, target, quantile_knots(station))
    k_day = ghi_day_kwh / cs_day_kwh
    k_step = _intraday_clearness(k_day, day_of, cs_ghi, seed, dt_h, intraday_spread)
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
                warnings.warn(f"the nearest station of data/yunnan_stations.csv ({station}) is more than 1 degree "
                              f"from the park; give [weather] monthly_ghi_kwh_per_m2 or a weather file",
                              stacklevel=2)
        monthly = station_monthly_ghi(station)
    year_frame = default_weather(park.latitude, park.longitude, park.altitude_m, park.year, park.timezone,
                                 monthly, weather.seed, park.timestep_minutes, weather.intraday_spread,
                                 station=station)
    out = year_frame.loc[index]
    out.attrs.update(year_frame.attrs, station=None if weather.monthly_ghi_kwh_per_m2 is not None else station,
                     monthly_ghi_kwh_per_m2=monthly.tolist())
    return out


def recorded_weather(scenario, index: pd.DatetimeIndex, path) -> tuple[pd.DataFrame, dict]:
    """Weather of a recorded CDSRD year (``[weather] source = "cdsrd"``) on the model index.

    Temperature and 10 m wind come from the default generator of the same seed (station normals);
    irradiance from :func:`simulator.inputs.resource.cdsrd.cdsrd_weather`.
    """
    from simulator.inputs.resource.cdsrd import cdsrd_weather

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
