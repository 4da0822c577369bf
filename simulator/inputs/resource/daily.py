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

A day's GHI is Q_m(Phi(z_d + c_m)) x (normal mean day of the month), capped at ``CLEAR_SKY_CAP`` x the
clear-sky day; c_m is solved per month so that the month keeps its target exactly (a drawn month above or
below its normal has fewer or more cloudy days, see :func:`daily_ghi`).
"""
from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import ndtr

from simulator.data import data_path, stations
from simulator.errors import InputError, InputIssue

logger = logging.getLogger(__name__)

SHIFT_LIMIT = 10.0            # bracket of the monthly shift c of the Gaussian daily process [standard deviations]
CLEAR_SKY_CAP = 0.97          # a day's GHI stays below 97 % of its clear-sky GHI (room for the hourly split)
DRY_MONTHS = (11, 12, 1, 2, 3, 4)      # the CDSRD table's dry season (Nov-Apr)
DRAW_CLEAR_SKY_LIMIT = 0.9              # a drawn month's GHI stays below 90 % of its clear-sky GHI
Z_CLIP = 2.5                           # limit of the standardised monthly anomaly
LOW_DAY_FACTOR = 0.5                   # low day: GHI < 0.5 x the month's climatological mean (CDSRD table)


@lru_cache(maxsize=None)
def _csv(name: str) -> pd.DataFrame:
    with data_path(name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


@lru_cache(maxsize=None)
def daily_stats(wmo_id: int) -> pd.DataFrame:
    """The CDSRD per-month table of one station (12 rows indexed by month)."""
    table = _csv("cdsrd_daily_stats.csv")
    rows = table[table["wmo_id"] == wmo_id]
    if len(rows) != 12:
        raise InputError(InputIssue("scenario", "weather.station", wmo_id,
                                    "a WMO id of data/cdsrd_daily_stats.csv: "
                                    + ", ".join(map(str, sorted(set(table["wmo_id"]))))))
    return rows.set_index("month").sort_index()


@lru_cache(maxsize=None)
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
              knots: list[tuple[np.ndarray, np.ndarray]],
              normal_monthly_kwh: np.ndarray | None = None) -> np.ndarray:
    """Daily GHI [kWh/m2] from the Gaussian process, keeping every month's total exactly.

    A day is Q_m(Phi(z_d + c_m)) x (the month's *normal* mean day), capped at ``CLEAR_SKY_CAP`` x its
    clear-sky GHI, with c_m solved for the month's target. A drawn month that departs from its normal
    therefore gets more (dim month) or fewer (bright month) cloudy days, while its clear days keep their
    level, as in the record (docs/resource.md §2: scaling every day by the month's factor instead
    left the dry season 1-17 % short of low days and brightened the clear days). Where the shift cannot
    reach the target (it would need days beyond the quantile function's ends), the month's days are
    scaled by target / normal instead (logged).

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
    normal_monthly_kwh : array of 12 floats, optional
        The months' normals [kWh/m2] that ``target_monthly_kwh`` departs from (a drawn robustness year);
        none = the targets themselves (the default year).
    """
    normal = np.asarray(target_monthly_kwh if normal_monthly_kwh is None else normal_monthly_kwh, float)
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
        zm = z[sel]

        def days(c, scale, zm=zm, u_k=u_k, x_k=x_k, cs=cs):
            return np.minimum(np.interp(ndtr(zm + c), u_k, x_k) * scale, CLEAR_SKY_CAP * cs)

        lo, hi = -SHIFT_LIMIT, SHIFT_LIMIT
        scale = float(normal[month - 1]) / sel.sum()
        if not days(lo, scale).sum() <= goal <= days(hi, scale).sum():
            logger.info("month %d: target %.1f kWh/m2 out of reach of the day shift around the normal %.1f; "
                        "days scaled by target / normal", month, goal, normal[month - 1])
            scale = goal / sel.sum()
        c = brentq(lambda c: float(days(c, scale).sum()) - goal, lo, hi, xtol=1e-12)
        out[sel] = days(c, scale)
    return out


def monthly_anomaly_factors(rng: np.random.Generator, cv_monthly: np.ndarray, r_lag1: float,
                            common_weight: float) -> np.ndarray:
    """12 factors (mean 1) of a year's monthly totals with the record's year-to-year spread and persistence.

    z_m = sqrt(w) Y + sqrt(1 - w) a_m, Y ~ N(0, 1) common to the year, a an AR(1) over the months with
    coefficient phi = (r - w) / (1 - w), so that corr(z_m, z_m+1) = r; factor_m = exp(s_m z_m - s_m^2 / 2),
    s_m = sqrt(ln(1 + cv_m^2)) (lognormal: mean 1, CV cv_m, always positive). z is limited to +-2.5
    (``Z_CLIP``; the record's ten years stay within about +-2.2) so that a sunny month cannot exceed what the
    clear sky allows; this lowers the standard deviation of z by about 1 %.
    """
    w = float(common_weight)
    phi = (r_lag1 - w) / (1.0 - w) if w < 1 else 0.0
    a = gaussian_ar1(rng, np.full(12, phi))
    z = np.clip(np.sqrt(w) * rng.standard_normal() + np.sqrt(1.0 - w) * a, -Z_CLIP, Z_CLIP)
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


def record_year_factors(wmo_id: int, normals_kwh: np.ndarray, seed: int) -> np.ndarray:
    """12 monthly factors of one drawn year with station ``wmo_id``'s year-to-year statistics [-].

    Each month's CV is the record's ``monthly_total_interannual_cv_fraction``, the month-to-month
    correlation its ``monthly_anomaly_lag1_corr``, and the common-year weight is solved so that the annual
    total's CV equals the record's ``annual_ghi_interannual_cv_fraction`` (:func:`monthly_anomaly_factors`).
    Drawn from the stream ``[seed, 7919]``, so the day sequence of the same seed is unchanged.
    """
    cv, r, w = _year_parameters(int(wmo_id), tuple(float(v) for v in normals_kwh))
    return monthly_anomaly_factors(np.random.default_rng([seed, 7919]), np.array(cv), r, w)


@lru_cache(maxsize=64)
def _year_parameters(wmo_id: int, normals: tuple) -> tuple[tuple, float, float]:
    cv = daily_stats(wmo_id)["monthly_total_interannual_cv_fraction"].to_numpy(float)
    row = station_stats(wmo_id)
    r = float(row["monthly_anomaly_lag1_corr"])
    w = common_weight_for_annual_cv(np.array(normals), cv, r, float(row["annual_ghi_interannual_cv_fraction"]))
    return tuple(cv), r, w


def cap_to_clear_sky(target_monthly_kwh: np.ndarray, cs_monthly_kwh: np.ndarray) -> tuple[np.ndarray, list]:
    """Drawn monthly targets limited to ``DRAW_CLEAR_SKY_LIMIT`` x the month's clear-sky GHI.

    A drawn year can ask a sunny month for more than the clear sky gives at the site (pvlib's Ineichen
    turbidity climatology is hazy in Yunnan's winter); such a month is set to the limit, and the months
    limited are returned so that the caller reports them. Returns (targets [kWh/m2], limited months 1-12).
    """
    target = np.asarray(target_monthly_kwh, float).copy()
    limit = DRAW_CLEAR_SKY_LIMIT * np.asarray(cs_monthly_kwh, float)
    over = target > limit
    target[over] = limit[over]
    return target, [int(m) + 1 for m in np.flatnonzero(over)]


def clear_sky_days(latitude: float, longitude: float, altitude_m: float, year: int,
                   timezone: str = "Asia/Shanghai") -> tuple[np.ndarray, np.ndarray]:
    """Daily clear-sky GHI [kWh/m2] (pvlib Ineichen, hourly mid-step) and the month of each day."""
    import pvlib

    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="60min", inclusive="left", tz=timezone)
    location = pvlib.location.Location(latitude, longitude, timezone, altitude_m)
    clear = location.get_clearsky(index + pd.Timedelta(minutes=30), model="ineichen")
    cs = clear["ghi"].groupby(index.day_of_year).sum().to_numpy() / 1000.0
    return cs, pd.date_range(f"{year}-01-01", periods=len(cs), freq="D").month.to_numpy()


def generator_statistics(wmo_id: int, n_years: int = 30, first_seed: int = 2026, anomalies: bool = True,
                         year: int = 2026, knots: list | None = None,
                         phi_monthly: np.ndarray | None = None) -> tuple[pd.DataFrame, dict]:
    """The CDSRD table's statistics computed on ``n_years`` seeded years of the generator's daily GHI.

    ``anomalies`` = True draws each year's monthly totals with the record's year-to-year statistics
    (:func:`record_year_factors`, as ``zcpark robustness`` does), so that the pooled statistics compare
    with the record's pooled 2008-2017 days; False keeps every month at the station normal (the default
    year). ``knots`` and ``phi_monthly`` replace the shipped fit (used by tools/fit_daily_ghi.py).
    Returns the per-month frame (columns named as in ``cdsrd_daily_stats.csv``) and per-year
    scalars (annual CV, dry/wet low days per year).
    """
    table = stations()
    normals = table.loc[wmo_id, [f"ghi_{m}" for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                                        "sep", "oct", "nov", "dec")]].to_numpy(float)
    cs, month = clear_sky_days(float(table.loc[wmo_id, "latitude"]), float(table.loc[wmo_id, "longitude"]),
                               float(table.loc[wmo_id, "altitude_m"]), year)
    phi = (process_phi(wmo_id) if phi_monthly is None else np.asarray(phi_monthly, float))[month - 1]
    knots = quantile_knots(wmo_id) if knots is None else knots
    days, years = [], []
    for i in range(n_years):
        seed = first_seed + i
        target = normals * record_year_factors(wmo_id, normals, seed) if anomalies else normals
        target, _ = cap_to_clear_sky(target, np.bincount(month - 1, weights=cs, minlength=12))
        days.append(daily_ghi(gaussian_ar1(np.random.default_rng(seed), phi), month, cs, target, knots, normals))
        years.append(np.full(len(month), i))
    ghi, year_of = np.concatenate(days), np.concatenate(years)
    months = np.tile(month, n_years)
    clim = pd.Series(ghi).groupby(months).mean().to_numpy()
    low = low_days_and_runs(ghi, months, LOW_DAY_FACTOR * clim, year_of)
    runs = low.attrs["run_lengths"]
    rows = []
    for m in range(1, 13):
        g = ghi[months == m]
        rm = runs.loc[runs["month"] == m, "length"].to_numpy()
        rows.append({"month": m, "ghi_mean_kwh_per_m2_day": g.mean(), "ghi_cv_fraction": g.std(ddof=1) / g.mean(),
                     "ghi_p10_kwh_per_m2_day": np.percentile(g, 10), "ghi_p90_kwh_per_m2_day": np.percentile(g, 90),
                     "anomaly_lag1_autocorr": lag1_within_month(g, year_of[months == m]),
                     "low_days_per_month": low.xs(m, level="month")["low_days"].mean(),
                     "low_run_mean_days": rm.mean() if len(rm) else np.nan,
                     "low_run_max_days": int(rm.max()) if len(rm) else 0})
    annual = pd.Series(ghi).groupby(year_of).sum().to_numpy()
    by_year = low["low_days"].unstack("month")
    dry = [m for m in DRY_MONTHS]
    wet = [m for m in range(1, 13) if m not in DRY_MONTHS]
    scalars = {"annual_ghi_interannual_cv_fraction": float(annual.std(ddof=1) / annual.mean()),
               "low_days_dry_season_per_year": float(by_year[dry].sum(axis=1).mean()),
               "low_days_wet_season_per_year": float(by_year[wet].sum(axis=1).mean())}
    return pd.DataFrame(rows).set_index("month"), scalars


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
