"""Embedded default weather year for a site without weather files.

Method (documented in docs/resource.md):

1. Clear-sky irradiance from pvlib (Ineichen model, Linke turbidity from pvlib's monthly climatology)
   at the middle of every step.
2. A daily clearness index k_d = GHI_day / GHI_clearsky_day drawn from a seeded AR(1) process in logit
   space; each month's logit mean is solved so that the month's GHI equals the station's monthly
   irradiation (``data/yunnan_stations.csv``) to better than 0.1 %.
3. Within each day, the clear-sky index of each step is sigmoid(nu_d + s e_t) with e_t an AR(1)
   process (lag-1 h correlation 0.7) and nu_d solved so that the day keeps its k_d; the spread s = 2
   is calibrated so that the Erbs split gives Kunming's measured diffuse fraction (0.43).
   Step GHI = clear-sky index x clear-sky GHI, split into DNI and DHI with the Erbs decomposition.
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
from scipy.optimize import brentq

from simulator.data import data_path, stations
from simulator.errors import InputError, InputIssue
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


def default_weather(latitude: float, longitude: float, altitude_m: float, year: int, timezone: str,
                    monthly_ghi_kwh_per_m2: np.ndarray, seed: int = 2026,
                    timestep_minutes: int = 60, intraday_spread: float = INTRADAY_SPREAD) -> pd.DataFrame:
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

    Returns
    -------
    pandas.DataFrame
        Index: step starts (tz-aware); columns ``ghi``, ``dni``, ``dhi`` [W/m2, mean over the step],
        ``temp_air`` [degC], ``wind_speed`` [m/s at 10 m]; ``attrs`` hold the method and seed.
    """
    target = np.asarray(monthly_ghi_kwh_per_m2, dtype=float)
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
    z = _ar1(rng, n_days, phi=0.6)
    spread = 0.9
    k_day = np.empty(n_days)
    for month in range(1, 13):
        sel = day_month == month
        cs_m = cs_day_kwh[sel]
        goal = target[month - 1]
        if goal >= 0.97 * cs_m.sum():
            raise InputError(InputIssue("scenario", "weather.monthly_ghi_kwh_per_m2", float(goal),
                                        f"month {month}: below 97 % of the clear-sky irradiation "
                                        f"{cs_m.sum():.1f} kWh/m2 at this site"))

        def excess(mu, sel=sel, cs_m=cs_m, goal=goal):
            return float(np.sum(cs_m / (1 + np.exp(-(mu + spread * z[sel]))))) - goal

        mu = brentq(excess, -20.0, 20.0, xtol=1e-10)
        k_day[sel] = 1 / (1 + np.exp(-(mu + spread * z[sel])))
    k_step = _intraday_clearness(k_day, day_of, cs_ghi, seed, dt_h, intraday_spread)
    ghi = cs_ghi * k_step
    zenith = solpos["apparent_zenith"].to_numpy()
    parts = pvlib.irradiance.erbs(ghi, zenith, mid)
    dni = np.nan_to_num(np.asarray(parts["dni"], dtype=float))
    dhi = np.nan_to_num(np.asarray(parts["dhi"], dtype=float))
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
    frame.attrs.update(method="clear-sky x seeded daily clearness (see simulator/inputs/resource/weather.py)",
                       seed=seed, monthly_ghi_kwh_per_m2=target.tolist())
    return frame


def scenario_weather(scenario, index: pd.DatetimeIndex) -> pd.DataFrame:
    """Weather on the model index for a scenario (default generator)."""
    park, weather = scenario.park, scenario.weather
    station = None
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
                                 monthly, weather.seed, park.timestep_minutes, weather.intraday_spread)
    out = year_frame.loc[index]
    out.attrs.update(year_frame.attrs, station=None if weather.monthly_ghi_kwh_per_m2 is not None else station)
    return out
