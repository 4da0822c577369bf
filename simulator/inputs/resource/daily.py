"""Daily GHI of the default weather: a month-dependent AR(1) process quantile-mapped onto each station
month's distribution of daily GHI from the CDSRD station record (docs/resource.md §2).

- ``data/cdsrd_daily_stats.csv`` (source: CDSRD, 2008-2017): per station and month the record's mean,
  CV, percentiles, lag-1 autocorrelation, low days, diffuse fraction and the year-to-year CV of the
  month's total; ``data/cdsrd_station_stats.csv``: month-to-month correlation and annual CV.
- ``data/daily_ghi_quantiles.csv``: per station and month a piecewise-linear quantile function of daily GHI
  relative to the month's mean, fitted to the record's mean, CV, min, p10, p50, p90, low-day share and
  no-sunshine floor share; ``data/daily_ghi_process.csv``: the AR(1) coefficient in Gaussian space that
  gives the record's lag-1 autocorrelation of daily anomalies after the mapping. Both are written by
  ``tools/fit_daily_ghi.py`` from the two CDSRD tables (not from the dataset's files).

A day's GHI is Q_m(Phi(z_d + c_m)) x (target mean of the month) x (clear-sky day / mean clear-sky day of
the month), capped at ``CLEAR_SKY_CAP`` x the clear-sky day; c_m is solved per month so that the month
keeps its target exactly.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import ndtr

from simulator.data import data_path, stations
from simulator.errors import InputError, InputIssue

CLEAR_SKY_CAP = 0.97          # a day's GHI stays below 97 % of its clear-sky GHI (room for the hourly split)
DRY_MONTHS = (11, 12, 1, 2, 3, 4)      # the CDSRD table's dry season (Nov-Apr)
LOW_DAY_FACTOR = 0.5                   # low day: GHI < 0.5 x the month's climatological mean (CDSRD table)


@lru_cache(maxsize=None)
def _csv(name: str) -> pd.DataFrame:
    with data_path(name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def daily_stats(wmo_id: int) -> pd.DataFrame:
    """The CDSRD per-month table of one station (12 rows indexed by month)."""
    table = _csv("cdsrd_daily_stats.csv")
    rows = table[table["wmo_id"] == wmo_id]
    if len(rows) != 12:
        raise InputError(InputIssue("scenario", "weather.station", wmo_id,
                                    "a WMO id of data/cdsrd_daily_stats.csv: "
                                    + ", ".join(map(str, sorted(set(table["wmo_id"]))))))
    return rows.set_index("month").sort_index()


def station_stats(wmo_id: int) -> pd.Series:
    """The CDSRD per-station row (annual CV, month-to-month correlation, dry-season share)."""
    table = _csv("cdsrd_station_stats.csv").set_index("wmo_id")
    if wmo_id not in table.index:
        raise InputError(InputIssue("scenario", "weather.station", wmo_id, "a WMO id of data/cdsrd_station_stats.csv"))
    return table.loc[wmo_id]


def nearest_station(latitude: float, longitude: float) -> tuple[int, float]:
    """WMO id of the nearest station of ``data/yunnan_stations.csv`` and its distance [degrees]."""
    table = stations()
    dist = ((table["latitude"] - latitude) ** 2 + (table["longitude"] - longitude) ** 2) ** 0.5
    return int(dist.idxmin()), float(dist.min())


def quantile_knots(wmo_id: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per month (list of 12): knots u [-] and daily GHI / month mean [-] of the fitted quantile function."""
    table = _csv("daily_ghi_quantiles.csv")
    rows = table[table["wmo_id"] == wmo_id]
    if rows.empty:
        raise InputError(InputIssue("scenario", "weather.station", wmo_id, "a WMO id of data/daily_ghi_quantiles.csv"))
    return [(g["u_fraction"].to_numpy(float), g["ghi_relative_to_mean"].to_numpy(float))
            for _, g in rows.sort_values(["month", "u_fraction"]).groupby("month")]


def process_phi(wmo_id: int) -> np.ndarray:
    """The 12 monthly AR(1) coefficients of the Gaussian daily process [-]."""
    table = _csv("daily_ghi_process.csv")
    rows = table[table["wmo_id"] == wmo_id].sort_values("month")
    if len(rows) != 12:
        raise InputError(InputIssue("scenario", "weather.station", wmo_id, "a WMO id of data/daily_ghi_process.csv"))
    return rows["ar1_phi_gaussian"].to_numpy(float)


def gaussian_ar1(rng: np.random.Generator, phi_per_day: np.ndarray) -> np.ndarray:
    """Unit-variance AR(1) with a day-dependent coefficient: z_t = phi_t z_(t-1) + sqrt(1 - phi_t^2) e_t."""
    n = len(phi_per_day)
    e = rng.standard_normal(n)
    z = np.empty(n)
    z[0] = e[0]
    scale = np.sqrt(1.0 - phi_per_day ** 2)
    for t in range(1, n):
        z[t] = phi_per_day[t] * z[t - 1] + scale[t] * e[t]
    return z


def daily_ghi(z: np.ndarray, day_month: np.ndarray, cs_day_kwh: np.ndarray, target_monthly_kwh: np.ndarray,
              knots: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Daily GHI [kWh/m2] from the Gaussian process, keeping every month's total exactly.

    Parameters
    ----------
    z : array
        Unit-variance Gaussian daily process (one value per day).
    day_month : array of int
        Month (1-12) of each day.
    cs_day_kwh : array
        Clear-sky GHI of each day [kWh/m2].
    target_monthly_kwh : array of 12 floats
        Monthly GHI to keep [kWh/m2].
    knots : list of 12 (u, x)
        The months' quantile functions of daily GHI relative to the month mean (:func:`quantile_knots`).
    """
    out = np.empty(len(z))
    for month in range(1, 13):
        sel = day_month == month
        if not sel.any():
            continue
        cs = cs_day_kwh[sel]
        goal = float(target_monthly_kwh[month - 1])
        if goal >= CLEAR_SKY_CAP * cs.sum():
            raise InputError(InputIssue("scenario", "weather.monthly_ghi_kwh_per_m2", goal,
                                        f"month {month}: below {CLEAR_SKY_CAP:.0%} of the clear-sky irradiation "
                                        f"{cs.sum():.1f} kWh/m2 at this site"))
        u_k, x_k = knots[month - 1]
        scale = goal / sel.sum() * cs / cs.mean()
        zm = z[sel]

        def days(c, zm=zm, u_k=u_k, x_k=x_k, scale=scale, cs=cs):
            return np.minimum(np.interp(ndtr(zm + c), u_k, x_k) * scale, CLEAR_SKY_CAP * cs)

        lo, hi = -10.0, 10.0
        c = brentq(lambda c: float(days(c).sum()) - goal, lo, hi, xtol=1e-12)
        out[sel] = days(c)
    return out


def monthly_anomaly_factors(rng: np.random.Generator, cv_monthly: np.ndarray, r_lag1: float,
                            common_weight: float) -> np.ndarray:
    """12 factors (mean 1) of a year's monthly totals with the record's year-to-year spread and persistence.

    z_m = sqrt(w) Y + sqrt(1 - w) a_m, Y ~ N(0, 1) common to the year, a an AR(1) over the months with
    coefficient phi = (r - w) / (1 - w), so that corr(z_m, z_m+1) = r; factor_m = exp(s_m z_m - s_m^2 / 2),
    s_m = sqrt(ln(1 + cv_m^2)) (lognormal: mean 1, CV cv_m, always positive).
    """
    w = float(common_weight)
    phi = (r_lag1 - w) / (1.0 - w) if w < 1 else 0.0
    a = gaussian_ar1(rng, np.full(12, phi))
    z = np.sqrt(w) * rng.standard_normal() + np.sqrt(1.0 - w) * a
    s = np.sqrt(np.log1p(np.asarray(cv_monthly, float) ** 2))
    return np.exp(s * z - 0.5 * s ** 2)


def annual_cv_of_factors(normals: np.ndarray, cv_monthly: np.ndarray, r_lag1: float, common_weight: float) -> float:
    """Coefficient of variation of the annual total implied by :func:`monthly_anomaly_factors` [-].

    Exact for the lognormal factors: cov(f_i, f_j) = exp(s_i s_j rho_ij) - 1 with
    rho_ij = w + (1 - w) phi^|i-j| (i != j).
    """
    w = float(common_weight)
    phi = (r_lag1 - w) / (1.0 - w) if w < 1 else 0.0
    s = np.sqrt(np.log1p(np.asarray(cv_monthly, float) ** 2))
    lag = np.abs(np.subtract.outer(np.arange(12), np.arange(12)))
    rho = np.where(lag == 0, 1.0, w + (1 - w) * phi ** lag)
    cov = np.exp(np.outer(s, s) * rho) - 1.0
    n = np.asarray(normals, float)
    return float(np.sqrt(n @ cov @ n) / n.sum())


def common_weight_for_annual_cv(normals: np.ndarray, cv_monthly: np.ndarray, r_lag1: float,
                                annual_cv: float) -> float:
    """The common-year weight w in [0, max(r, 0)] whose implied annual CV is closest to ``annual_cv``."""
    top = max(float(r_lag1), 0.0)

    def gap(w):
        return annual_cv_of_factors(normals, cv_monthly, r_lag1, w) - annual_cv

    if top <= 0 or gap(0.0) >= 0:
        return 0.0
    if gap(top) <= 0:
        return top
    return float(brentq(gap, 0.0, top, xtol=1e-6))


# --- statistics of daily series (the CDSRD table's definitions; used by tests and tools/) -----------------

def lag1_within_month(values: np.ndarray, month_year: np.ndarray) -> float:
    """Pooled lag-1 Pearson correlation of daily anomalies from each month-year's mean [-].

    Pairs (t, t+1) inside the same month-year (the CDSRD table's ``anomaly_lag1_autocorr``).
    """
    values = np.asarray(values, float)
    key = pd.Series(month_year)
    anomaly = values - pd.Series(values).groupby(key).transform("mean").to_numpy()
    same = key.to_numpy()[1:] == key.to_numpy()[:-1]
    return float(np.corrcoef(anomaly[:-1][same], anomaly[1:][same])[0, 1])


def low_days_and_runs(values: np.ndarray, month: np.ndarray, threshold_by_month: np.ndarray,
                      year: np.ndarray) -> pd.DataFrame:
    """Low days and low-day runs per month-year (a run belongs to the month it starts in).

    Returns a frame indexed by (year, month) with ``low_days`` and ``runs``, and ``attrs['run_lengths']``
    a frame of runs (``month``, ``length``). Consecutive days across a year boundary continue a run only
    when the years follow each other in ``year``.
    """
    values, month, year = np.asarray(values, float), np.asarray(month), np.asarray(year)
    low = values < np.asarray(threshold_by_month, float)[month - 1]
    prev_low = np.concatenate(([False], low[:-1] & (year[1:] - year[:-1] <= 1)))
    start = low & ~prev_low
    run_id = np.cumsum(start)
    runs = pd.DataFrame({"run": run_id[low], "month": month[low]}).groupby("run").agg(
        length=("month", "size"))
    runs["month"] = month[start]
    frame = pd.DataFrame({"year": year, "month": month, "low": low, "start": start})
    out = frame.groupby(["year", "month"]).agg(low_days=("low", "sum"), runs=("start", "sum"))
    out.attrs["run_lengths"] = runs.reset_index(drop=True)
    return out
