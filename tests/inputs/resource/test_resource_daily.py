"""Default weather vs the CDSRD station record (source: CDSRD), every shipped station.

Tolerances (docs/resource.md §2, "How close"): the record's statistics come from 10 years (about 300 days
per month, n_eff ~ 100 independent days given the day-to-day persistence), so their own standard errors are
about 0.02-0.03 for a CV, 0.05-0.09 x mean for p10/p90 and 0.06-0.07 for a lag-1 correlation; the generator
statistics come from 30 seeded years and are 2-3 times more precise. Each bound is about two record
standard errors, except where a systematic difference is documented (wet-season low days).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.data import stations
from simulator.inputs.resource.daily import (annual_cv_of_factors, clear_sky_days, common_weight_for_annual_cv,
                                             daily_ghi, daily_stats, gaussian_ar1, monthly_anomaly_factors,
                                             process_phi, quantile_knots, station_stats)
from simulator.inputs.resource.daily_report import all_comparisons, markdown_table
from simulator.inputs.resource.weather import default_weather, station_monthly_ghi

DOCS = Path(__file__).resolve().parents[3] / "docs" / "resource.md"
DRY, WET = (11, 12, 1, 2, 3, 4), (5, 6, 7, 8, 9, 10)


def p10_standard_error(wmo: int) -> np.ndarray:
    """Standard error of the record's p10 per month [kWh/m2/day]: the local slope of its quantile function
    (over u = 0.05 .. 0.15) x sqrt(0.1 x 0.9 / n_eff), n_eff = days x (1 - rho) / (1 + rho). Where the record's
    distribution is steep around p10 (dry-season months between the overcast floor and the clear days,
    e.g. Jiangchuan in February: 0.17 x mean), p10 itself is that uncertain."""
    record = daily_stats(wmo)
    out = np.empty(12)
    for month, (u, x) in enumerate(quantile_knots(wmo), start=1):
        row = record.loc[month]
        slope = (np.interp(0.15, u, x) - np.interp(0.05, u, x)) / 0.1 * row["ghi_mean_kwh_per_m2_day"]
        rho = row["anomaly_lag1_autocorr"]
        out[month - 1] = slope * np.sqrt(0.09 / (row["n_days_valid"] * (1 - rho) / (1 + rho)))
    return out


@pytest.fixture(scope="module")
def comparisons():
    return all_comparisons()


def test_fitted_quantile_functions_hold_the_record_mean_sd_and_percentiles():
    u = (np.arange(20000) + 0.5) / 20000
    for wmo in stations().index:
        record = daily_stats(int(wmo))
        for month, (u_k, x_k) in enumerate(quantile_knots(int(wmo)), start=1):
            row = record.loc[month]
            mu = row["ghi_mean_kwh_per_m2_day"]
            x = np.interp(u, u_k, x_k) * mu
            assert x.mean() == pytest.approx(mu, rel=1e-3)
            assert x.std() == pytest.approx(row["ghi_sd_kwh_per_m2_day"], rel=2e-3)
            for q in (10, 50, 90):
                assert np.interp(q / 100, u_k, x_k) * mu == pytest.approx(row[f"ghi_p{q}_kwh_per_m2_day"], rel=1e-3)
            assert np.all(np.diff(x_k) > 0)


def test_generator_matches_the_record_for_every_station(comparisons):
    for wmo, c in comparisons.items():
        rec, gen = c["record"], c["generator"]
        mu = rec["ghi_mean_kwh_per_m2_day"]
        assert np.abs(gen["ghi_cv_fraction"] - rec["ghi_cv_fraction"]).max() <= 0.04, wmo
        tolerance = np.maximum(0.08 * mu, 2 * p10_standard_error(wmo))
        assert (np.abs(gen["ghi_p10_kwh_per_m2_day"] - rec["ghi_p10_kwh_per_m2_day"]) <= tolerance).all(), wmo
        # p90: about two record standard errors (0.05 x mean); the generator is within 0.05 x mean since a
        # drawn month departs from its normal by its cloudy days (it was up to 0.17 x mean high before)
        assert (np.abs(gen["ghi_p90_kwh_per_m2_day"] - rec["ghi_p90_kwh_per_m2_day"]) / mu).max() <= 0.10, wmo
        assert np.abs(gen["anomaly_lag1_autocorr"] - rec["anomaly_lag1_autocorr"]).max() <= 0.12, wmo
        rs, gs = c["record_station"], c["generator_station"]
        # dry season: within 15 % (the generator is 6 % low to 3 % high on these seeds, 1 % low to 9 % high on 300
        # other years: 30-year samples differ by up to 10 %, docs/resource.md); wet season: the record cannot hold low
        # days below its no-sunshine floor, so only a lower bound
        assert 0.85 <= gs["low_days_dry_season_per_year"] / rs["low_days_dry_season_per_year"] <= 1.15, wmo
        assert gs["low_days_wet_season_per_year"] >= 0.8 * rs["low_days_wet_season_per_year"], wmo
        # low spells: mean run length of the dry months within 0.4 d of the record's 1.2-1.9 d
        dry_runs = (gen.loc[list(DRY), "low_run_mean_days"] - rec.loc[list(DRY), "low_run_mean_days"]).mean()
        assert abs(dry_runs) <= 0.4, wmo
        assert gen.loc[list(DRY), "low_run_max_days"].max() >= 3, wmo


def test_kunming_dry_season_gets_its_cloudy_spells(comparisons):
    """Issue 16: the old generator gave 4.6 low days a year in Nov-Apr against about 20 in the record."""
    gs = comparisons[56778]["generator_station"]
    assert gs["low_days_dry_season_per_year"] >= 15.0
    # the old January p10 was twice the record's; now within 25 %
    jan = comparisons[56778]["generator"].loc[1]
    assert jan["ghi_p10_kwh_per_m2_day"] <= 1.25 * daily_stats(56778).loc[1, "ghi_p10_kwh_per_m2_day"]


def test_docs_hold_the_current_record_vs_generator_table(comparisons):
    assert markdown_table(comparisons) in DOCS.read_text(encoding="utf-8")


def test_default_year_keeps_months_exactly_and_uses_the_daily_process():
    ghi = station_monthly_ghi(56778)
    w = default_weather(25.0, 102.65, 1889.0, 2026, "Asia/Shanghai", ghi, seed=7)
    np.testing.assert_allclose(w["ghi"].groupby(w.index.month).sum().to_numpy() / 1000, ghi, rtol=1e-9)
    # the weather's daily sums are the daily process of the same seed (clear-sky days as in the weather)
    cs, month = clear_sky_days(25.0, 102.65, 1889.0, 2026)
    days = daily_ghi(gaussian_ar1(np.random.default_rng(7), process_phi(56778)[month - 1]), month, cs, ghi,
                     quantile_knots(56778))
    np.testing.assert_allclose(w["ghi"].resample("D").sum().to_numpy() / 1000, days, rtol=1e-9)
    # monthly diffuse fraction = the station's CDSRD value
    df = (w["dhi"].groupby(w.index.month).sum() / w["ghi"].groupby(w.index.month).sum()).to_numpy()
    np.testing.assert_allclose(df, daily_stats(56778)["diffuse_fraction"].to_numpy(), atol=2e-3)


def test_a_full_year_is_fast():
    import time

    ghi = station_monthly_ghi(56863)
    default_weather(24.93, 102.48, 1850.0, 2026, "Asia/Shanghai", ghi)
    start = time.perf_counter()
    default_weather(24.93, 102.48, 1850.0, 2026, "Asia/Shanghai", ghi, seed=3)
    assert time.perf_counter() - start < 1.0


def test_year_to_year_factors_have_the_record_annual_cv_and_persistence():
    for wmo in (56778, 56863, 56994):
        normals = station_monthly_ghi(wmo)
        cv = daily_stats(wmo)["monthly_total_interannual_cv_fraction"].to_numpy()
        row = station_stats(wmo)
        r, target = row["monthly_anomaly_lag1_corr"], row["annual_ghi_interannual_cv_fraction"]
        w = common_weight_for_annual_cv(normals, cv, r, target)
        assert annual_cv_of_factors(normals, cv, r, w) == pytest.approx(target, rel=1e-4)
        rng = np.random.default_rng(11)
        f = np.array([monthly_anomaly_factors(rng, cv, r, w) for _ in range(4000)])
        annual = f @ normals
        # 4,000 draws: standard error of a CV about 1.1 %, of a correlation about 0.005; the +-2.5 sigma limit
        # of z lowers the spread by about 1 %
        assert annual.std() / annual.mean() == pytest.approx(target, rel=0.05)
        assert np.abs(f.mean(axis=0) - 1).max() < 0.01
        np.testing.assert_allclose(f.std(axis=0), cv, rtol=0.07)
        z = (f - f.mean(axis=0)) / f.std(axis=0)
        lag1 = np.mean([np.corrcoef(z[:, m], z[:, m + 1])[0, 1] for m in range(11)])
        assert lag1 == pytest.approx(r, abs=0.03)


def test_a_drawn_month_departs_from_its_normal_by_its_cloudy_days():
    """A drawn month keeps its total exactly, but reaches it by shifting the day process: a dim month gets
    more low days, a bright month fewer, and its clearest days do not rise by the month's factor (scaling
    every day, the old method, brightened them by exactly that factor)."""
    normals = station_monthly_ghi(56778)
    cs, month = clear_sky_days(25.0, 102.65, 1889.0, 2026)
    z = gaussian_ar1(np.random.default_rng(11), process_phi(56778)[month - 1])
    knots = quantile_knots(56778)
    factors = np.ones(12)
    factors[0], factors[6] = 0.85, 1.10            # a dim January, a bright July
    drawn = normals * factors
    base = daily_ghi(z, month, cs, normals, knots)
    np.testing.assert_array_equal(base, daily_ghi(z, month, cs, normals, knots, normals))   # default year unchanged
    days = daily_ghi(z, month, cs, drawn, knots, normals)
    np.testing.assert_allclose(np.bincount(month - 1, weights=days), drawn, rtol=1e-9)
    jan, jul = month == 1, month == 7
    low = 0.5 * normals / np.bincount(month - 1)
    assert (days[jan] < low[0]).sum() > (base[jan] < low[0]).sum()
    assert (days[jan] <= base[jan] * (1 + 1e-12)).all() and (days[jul] >= base[jul] * (1 - 1e-12)).all()
    assert days[jul].max() < 1.10 * base[jul].max() * (1 - 0.01)
