"""Wind output per kW installed: hub-height wind, air-density correction, power curve, losses."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
from scipy.special import gamma as gamma_fn
from scipy.stats import norm, weibull_min

from simulator.data import default, power_curves
from simulator.errors import InputError, InputIssue
from simulator.inputs.resource.daily import gaussian_ar1
from simulator.inputs.textfile import read_text
from simulator.inputs.resource.weather import monthly_wind_factor

STANDARD_AIR_DENSITY_KG_PER_M3 = 1.225
GAS_CONSTANT_DRY_AIR = 287.05  # J/(kg K)


def air_density_kg_per_m3(altitude_m: float, temp_air_c: float | np.ndarray = 15.0) -> float | np.ndarray:
    """Air density [kg/m3] at an altitude [m] and air temperature [degC].

    Pressure from the ICAO standard atmosphere, p = 101325 (1 - 2.25577e-5 h)^5.25588 Pa, and the ideal
    gas law with the given temperature.
    """
    pressure_pa = 101325.0 * (1 - 2.25577e-5 * altitude_m) ** 5.25588
    return pressure_pa / (GAS_CONSTANT_DRY_AIR * (np.asarray(temp_air_c) + 273.15))


def read_power_curve_csv(path) -> tuple[np.ndarray, np.ndarray]:
    """Own power curve from a CSV: ``wind_speed_m_per_s`` and ``power_fraction`` (0..1) or ``power_kw``.

    A ``power_kw`` column is normalised by its maximum (the rated power). Speeds must increase strictly.
    """
    try:
        table = pd.read_csv(io.StringIO(read_text(path, str(path), "wind.power_curve_csv")))
    except (OSError, ValueError) as exc:
        raise InputError(InputIssue(str(path), "wind.power_curve_csv", str(path), f"a readable CSV ({exc})")) from None
    value_col = "power_fraction" if "power_fraction" in table.columns else "power_kw"
    if "wind_speed_m_per_s" not in table.columns or value_col not in table.columns:
        raise InputError(InputIssue(str(path), "columns", ", ".join(map(str, table.columns)),
                                    "wind_speed_m_per_s and power_fraction (0..1) or power_kw"))
    speeds = pd.to_numeric(table["wind_speed_m_per_s"], errors="coerce").to_numpy(dtype=float)
    power = pd.to_numeric(table[value_col], errors="coerce").to_numpy(dtype=float)
    if not (np.isfinite(speeds).all() and np.isfinite(power).all()) or len(speeds) < 3:
        raise InputError(InputIssue(str(path), value_col, "missing, non-numeric or infinite values",
                                    "a finite number in every row, at least 3 rows"))
    if (np.diff(speeds) <= 0).any() or speeds[0] < 0:
        raise InputError(InputIssue(str(path), "wind_speed_m_per_s", speeds.tolist()[:5],
                                    "strictly increasing speeds from >= 0 m/s"))
    if value_col == "power_kw":
        if power.max() <= 0:
            raise InputError(InputIssue(str(path), "power_kw", float(power.max()), "a positive rated power"))
        power = power / power.max()
    if power.min() < 0 or power.max() > 1.0 + 1e-9:
        raise InputError(InputIssue(str(path), "power_fraction", [float(power.min()), float(power.max())],
                                    "values in 0 .. 1"))
    return speeds, power


def hub_speed_from_measured(speed_m_per_s: np.ndarray, measured_height_m: float, hub_height_m: float,
                            model: str = "power", shear_exponent: float = 0.143,
                            roughness_length_m: float = 0.1) -> np.ndarray:
    """Wind speed at hub height [m/s] from a measurement at another height.

    ``power``: v_hub = v (h_hub / h)^alpha. ``log``: v_hub = v ln(h_hub / z0) / ln(h / z0).
    """
    v = np.asarray(speed_m_per_s, dtype=float)
    if model == "power":
        return v * (hub_height_m / measured_height_m) ** shear_exponent
    if model == "log":
        if measured_height_m <= roughness_length_m:
            raise InputError(InputIssue("scenario", "wind.roughness_length_m", roughness_length_m,
                                        f"below the measurement height {measured_height_m} m"))
        return v * np.log(hub_height_m / roughness_length_m) / np.log(measured_height_m / roughness_length_m)
    raise ValueError(f"unknown shear model {model!r}: 'power' or 'log'")


def power_curve(turbine: str) -> tuple[np.ndarray, np.ndarray]:
    """Wind speeds [m/s] and normalised power [-] of a shipped turbine class."""
    table = power_curves()
    if turbine not in table.columns:
        raise InputError(InputIssue("scenario", "wind.turbine", turbine, "one of " + ", ".join(table.columns)))
    return table.index.to_numpy(dtype=float), table[turbine].to_numpy(dtype=float)


def hub_wind_speed(index: pd.DatetimeIndex, mean_speed_m_per_s: float, weibull_k: float,
                   seed: int) -> np.ndarray:
    """Synthetic hub-height wind speed [m/s] with a Weibull marginal, hour-to-hour persistence, day-to-day
    persistence (multi-day calm spells), a stronger dry season and an afternoon maximum.

    The Gaussian process behind the Weibull quantiles is an hourly AR(1) (lag-1 h 0.95) mixed with a daily
    AR(1) (``wind.synthetic_daily_lag1``) that carries ``wind.synthetic_daily_variance_fraction`` of the
    variance (both placeholders, tag U: no Yunnan hub-height wind series was found to fit them).

    The Weibull scale is set so that the annual mean equals ``mean_speed_m_per_s``.
    """
    rng = np.random.default_rng(seed + 7919)
    steps_per_day = max(int(round(24 * 3600 / pd.Timedelta(index.freq).total_seconds())), 1)
    phi = 0.95 ** (24 / steps_per_day)
    z = np.empty(len(index))
    z[0] = rng.normal()
    shocks = rng.normal(0.0, np.sqrt(1 - phi**2), len(index))
    for i in range(1, len(index)):
        z[i] = phi * z[i - 1] + shocks[i]
    share = float(default("wind.synthetic_daily_variance_fraction"))
    if share > 0:
        # a day-level AR(1) part gives multi-day calm and windy spells; z stays unit-variance Gaussian,
        # so the Weibull marginal (and the calibrated full-load hours) are kept
        day = np.asarray((index.normalize() - index[0].normalize()).days)
        daily = gaussian_ar1(np.random.default_rng([seed, 7927]),
                             np.full(int(day.max()) + 1, float(default("wind.synthetic_daily_lag1"))))
        z = np.sqrt(1.0 - share) * z + np.sqrt(share) * daily[day]
    u = norm.cdf(z)
    base = weibull_min.ppf(u, weibull_k, scale=1.0)
    hour = (index.hour + index.minute / 60.0).to_numpy()
    shape = monthly_wind_factor()[index.month.to_numpy() - 1] * (1 + 0.12 * np.cos((hour - 15) / 24 * 2 * np.pi))
    speed = base * shape
    return speed * mean_speed_m_per_s / speed.mean() if speed.mean() > 0 else speed


def wind_availability(speed_hub_m_per_s: np.ndarray, index: pd.DatetimeIndex, altitude_m: float,
                      turbine: str = "generic_4.5mw", losses_fraction: float = 0.10,
                      temp_air_c: float | np.ndarray = 15.0,
                      curve: tuple[np.ndarray, np.ndarray] | None = None) -> pd.Series:
    """Output per kW installed [kW/kW] of a wind farm.

    Parameters
    ----------
    speed_hub_m_per_s : array
        Hub-height wind speed [m/s].
    index : pandas.DatetimeIndex
        Time index of the result.
    altitude_m : float
        Site altitude [m]; the power curve is corrected for air density by scaling the wind speed
        with (rho / 1.225)^(1/3) (IEC 61400-12-1 method for pitch-regulated turbines).
    turbine : str
        Shipped turbine class (``data/wind_power_curves.csv``).
    losses_fraction : float
        Wake and availability losses [-].
    temp_air_c : float or array
        Air temperature at hub height [degC].
    curve : (speeds, power fractions), optional
        Own power curve (:func:`read_power_curve_csv`) instead of ``turbine``.

    Returns
    -------
    pandas.Series
        kW per kW installed [kW/kW], 0 .. 1 - losses_fraction.
    """
    speeds, power = power_curve(turbine) if curve is None else curve
    rho = air_density_kg_per_m3(altitude_m, temp_air_c)
    v_equivalent = np.asarray(speed_hub_m_per_s) * (rho / STANDARD_AIR_DENSITY_KG_PER_M3) ** (1 / 3)
    out = np.interp(v_equivalent, speeds, power, left=0.0, right=0.0) * (1 - losses_fraction)
    return pd.Series(out, index=index, name="wind_availability")


def weibull_mean_to_scale(mean_m_per_s: float, k: float) -> float:
    """Weibull scale [m/s] for a mean speed [m/s] and shape k."""
    return mean_m_per_s / gamma_fn(1 + 1 / k)
