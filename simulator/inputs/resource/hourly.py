"""Hours of a day from its GHI: the within-day clearness process and the diffuse split (used by the default
weather year and by recorded CDSRD years)."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pvlib

logger = logging.getLogger(__name__)


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    z = np.empty(n)
    z[0] = rng.normal()
    shocks = rng.normal(0.0, np.sqrt(1 - phi**2), n)
    for i in range(1, n):
        z[i] = phi * z[i - 1] + shocks[i]
    return z


def intraday_clearness(k_day: np.ndarray, day_of: np.ndarray, cs_ghi: np.ndarray, seed: int, dt_h: float,
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
