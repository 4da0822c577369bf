"""Embedded default weather: station totals, diffuse split, seasonal shapes, and PV yield at Kunming."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.data import stations
from simulator.errors import InputError
from simulator.inputs.resource.solar import pv_availability
from simulator.inputs.resource.weather import default_weather, station_monthly_ghi

KUNMING = dict(latitude=25.00, longitude=102.65, altitude_m=1889.0)
ANNING = dict(latitude=24.93, longitude=102.48, altitude_m=1850.0)


@pytest.fixture(scope="module")
def kunming_year() -> pd.DataFrame:
    return default_weather(year=2026, timezone="Asia/Shanghai", monthly_ghi_kwh_per_m2=station_monthly_ghi(56778),
                           **KUNMING)


def test_kunming_monthly_ghi_within_1_percent_of_the_station_table(kunming_year):
    table = stations().loc[56778, [f"ghi_{m}" for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                                          "sep", "oct", "nov", "dec")]].to_numpy(dtype=float)
    monthly = kunming_year["ghi"].groupby(kunming_year.index.month).sum().to_numpy() / 1000.0   # 1-h steps
    np.testing.assert_allclose(monthly, table, rtol=0.01)
    assert monthly.sum() == pytest.approx(1609.0, rel=0.01)          # source: CDSRD, 1,609 kWh/m2/yr
    dry = kunming_year.index.month.isin([11, 12, 1, 2, 3, 4, 5])
    assert kunming_year.loc[dry, "ghi"].sum() / kunming_year["ghi"].sum() == pytest.approx(0.61, abs=0.01)


def test_diffuse_fraction_matches_the_station_value_and_components_close(kunming_year):
    # CDSRD 2008-2017: Kunming DHI/GHI = 0.43 (source: CDSRD); the intraday spread is calibrated to it
    assert kunming_year["dhi"].sum() / kunming_year["ghi"].sum() == pytest.approx(0.43, abs=0.02)
    assert (kunming_year["dhi"] <= kunming_year["ghi"] + 1e-6).all()
    assert (kunming_year[["ghi", "dni", "dhi"]] >= 0).all().all()
    night = kunming_year.index.hour.isin([0, 1, 2, 3, 4, 22, 23])
    assert kunming_year.loc[night, "ghi"].max() == 0.0


def test_temperature_and_wind_have_plausible_seasonal_and_daily_shapes(kunming_year):
    w = kunming_year
    monthly_t = w["temp_air"].groupby(w.index.month).mean()
    assert 7.0 < monthly_t[1] < 11.0 and 18.0 < monthly_t[7] < 22.0        # Kunming: ~9 degC Jan, ~20 degC Jul
    by_hour = w["temp_air"].groupby(w.index.hour).mean()
    assert by_hour.idxmax() in (14, 15, 16) and by_hour.idxmin() in (4, 5, 6, 7)
    dry = w.index.month.isin([11, 12, 1, 2, 3, 4, 5])
    assert w.loc[dry, "wind_speed"].mean() > 1.2 * w.loc[~dry, "wind_speed"].mean()
    assert w["wind_speed"].groupby(w.index.hour).mean().idxmax() in (13, 14, 15, 16, 17)


def test_altitude_lowers_temperature_by_the_lapse_rate():
    ghi = station_monthly_ghi(56778)
    low = default_weather(25.0, 102.65, 1889.0, 2026, "Asia/Shanghai", ghi)
    high = default_weather(25.0, 102.65, 2389.0, 2026, "Asia/Shanghai", ghi)
    assert (low["temp_air"] - high["temp_air"]).mean() == pytest.approx(0.5 * 6.5, abs=1e-9)


def test_kunming_fixed_tilt_yield_is_in_the_range_of_yunnan_projects(kunming_year):
    """About 1,370 kWh/kWp DC: 1,609 kWh/m2 GHI, ~1,730 on the 23.7 deg plane, PVWatts 14 % losses,
    SAPM glass-glass temperatures, inverter 98 %, DC/AC 1.2. Yunnan evidence 1,300-1,430
    (sources: PEOPLE-2023-YN-PV, SUNSIRS-2023-HUADIAN-PV)."""
    pv = pv_availability(kunming_year, **KUNMING)
    kunming = float(pv.sum())
    assert 1300.0 <= kunming <= 1500.0
    anning_weather = default_weather(year=2026, timezone="Asia/Shanghai",
                                     monthly_ghi_kwh_per_m2=station_monthly_ghi(56863), **ANNING)
    anning = float(pv_availability(anning_weather, **ANNING).sum())
    # Anning's station GHI is 4.3 % below Kunming's (1,540 vs 1,609): the yield follows it
    assert anning / kunming == pytest.approx(1540.0 / 1609.0, abs=0.01)
    assert pv.max() <= 1 / 1.2 + 1e-12 and pv.min() >= 0


def test_same_seed_same_year_other_seed_same_months():
    ghi = station_monthly_ghi(56767)
    a = default_weather(25.18, 101.28, 1858, 2026, "Asia/Shanghai", ghi, seed=1)
    b = default_weather(25.18, 101.28, 1858, 2026, "Asia/Shanghai", ghi, seed=1)
    c = default_weather(25.18, 101.28, 1858, 2026, "Asia/Shanghai", ghi, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ghi"], c["ghi"])
    for frame in (a, c):
        np.testing.assert_allclose(frame["ghi"].groupby(frame.index.month).sum().to_numpy() / 1000, ghi, rtol=1e-3)


def test_quarter_hour_weather_is_the_hourly_weather_sampled_finer():
    ghi = station_monthly_ghi(56778)
    hourly = default_weather(25.0, 102.65, 1889, 2026, "Asia/Shanghai", ghi)
    quarter = default_weather(25.0, 102.65, 1889, 2026, "Asia/Shanghai", ghi, timestep_minutes=15)
    assert quarter["ghi"].sum() / 4 == pytest.approx(hourly["ghi"].sum(), rel=1e-6)
    hourly_means = quarter["ghi"].resample("h").mean().to_numpy()
    assert np.corrcoef(hourly_means, hourly["ghi"].to_numpy())[0, 1] > 0.995


def test_any_site_with_monthly_irradiation_and_impossible_totals_rejected():
    ghi = [130, 140, 170, 180, 180, 150, 130, 130, 120, 120, 120, 110]
    w = default_weather(27.0, 100.0, 2400.0, 2026, "Asia/Shanghai", ghi)
    np.testing.assert_allclose(w["ghi"].groupby(w.index.month).sum().to_numpy() / 1000, ghi, rtol=1e-3)
    with pytest.raises(InputError, match="clear-sky"):
        default_weather(27.0, 100.0, 2400.0, 2026, "Asia/Shanghai", [300.0] * 12)
