"""Wind: air density at altitude, shear laws, own power curves and the Yunnan calibration."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.data import default
from simulator.errors import InputError
from simulator.inputs.resource.weather import default_weather, station_monthly_ghi
from simulator.inputs.resource.wind import (air_density_kg_per_m3, hub_speed_from_measured, hub_wind_speed,
                                     read_power_curve_csv, wind_availability)
from simulator.inputs.timegrid import model_index


def _isa_density(h_m: float) -> float:
    """ICAO standard atmosphere written out here: T = 288.15 - 0.0065 h, p = p0 (T/T0)^(g M / (R L))."""
    t = 288.15 - 0.0065 * h_m
    p = 101325.0 * (t / 288.15) ** (9.80665 * 0.0289644 / (8.3144598 * 0.0065))
    return p / (287.05 * t)


def test_air_density_at_2000_m_is_the_standard_atmosphere_value():
    # ISA table: 1.0066 kg/m3 at 2,000 m (air at 2.0 degC)
    assert _isa_density(2000.0) == pytest.approx(1.0066, abs=2e-4)
    assert air_density_kg_per_m3(2000.0, 288.15 - 0.0065 * 2000 - 273.15) == pytest.approx(_isa_density(2000.0),
                                                                                          rel=1e-4)
    assert air_density_kg_per_m3(0.0, 15.0) == pytest.approx(1.225, rel=1e-3)


def test_air_density_at_2000_m_lowers_energy_by_the_density_ratio_below_rated():
    """Below rated power P ~ rho v^3, so a turbine at 2,000 m makes rho(2000)/rho0 = 0.822 of sea-level energy."""
    speeds = np.arange(0.0, 30.01, 0.01)
    cubic = np.where(speeds < 12.0, (speeds / 12.0) ** 3, np.where(speeds <= 25.0, 1.0, 0.0))
    index = pd.date_range("2026-01-01", periods=2000, freq="h", tz="Asia/Shanghai")
    wind = np.random.default_rng(1).uniform(4.0, 9.0, len(index))      # all below rated even at sea level
    temp_2000 = 288.15 - 0.0065 * 2000 - 273.15
    sea = wind_availability(wind, index, 0.0, losses_fraction=0.0, temp_air_c=15.0, curve=(speeds, cubic)).sum()
    high = wind_availability(wind, index, 2000.0, losses_fraction=0.0, temp_air_c=temp_2000,
                             curve=(speeds, cubic)).sum()
    expected = _isa_density(2000.0) / _isa_density(0.0)
    assert expected == pytest.approx(0.8217, abs=5e-4)
    assert high / sea == pytest.approx(expected, rel=2e-3)
    # above rated (after the density correction) nothing is lost
    strong = np.full(len(index), 16.0)
    assert wind_availability(strong, index, 2000.0, losses_fraction=0.0, temp_air_c=temp_2000,
                             curve=(speeds, cubic)).min() == 1.0


def test_shipped_curve_loses_less_than_the_density_ratio_over_a_year():
    index = model_index(2026)
    speed = hub_wind_speed(index, 6.7, 2.0, 2026)
    sea = wind_availability(speed, index, 0.0, temp_air_c=15.0).sum()
    high = wind_availability(speed, index, 2000.0, temp_air_c=2.0).sum()
    ratio = _isa_density(2000.0) / 1.225
    assert ratio < high / sea < 1.0        # part of the year is at rated power, where density does not matter


def test_shear_laws_by_hand():
    v = np.array([5.0])
    assert hub_speed_from_measured(v, 10.0, 100.0, "power", 1 / 7)[0] == pytest.approx(5.0 * 10 ** (1 / 7))
    assert hub_speed_from_measured(v, 10.0, 100.0, "log", roughness_length_m=0.1)[0] == pytest.approx(
        5.0 * np.log(1000.0) / np.log(100.0))
    with pytest.raises(InputError):
        hub_speed_from_measured(v, 0.05, 100.0, "log", roughness_length_m=0.1)


def test_own_power_curve_in_kw_is_normalised_and_bad_curves_rejected(tmp_path):
    path = tmp_path / "curve.csv"
    pd.DataFrame({"wind_speed_m_per_s": [0, 3, 6, 9, 12, 25], "power_kw": [0, 50, 800, 2500, 5000, 5000]}).to_csv(
        path, index=False)
    speeds, power = read_power_curve_csv(path)
    assert power.tolist() == [0, 0.01, 0.16, 0.5, 1.0, 1.0]
    pd.DataFrame({"wind_speed_m_per_s": [0, 6, 3], "power_fraction": [0, 0.5, 0.2]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="strictly increasing"):
        read_power_curve_csv(path)
    pd.DataFrame({"speed": [0, 3, 6], "p": [0, 0.5, 1]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="wind_speed_m_per_s and power_fraction"):
        read_power_curve_csv(path)


def test_default_wind_gives_yunnan_full_load_hours_at_anning():
    """Calibration of data/defaults.toml wind.mean_speed_hub_m_per_s: ~2,500 h (Honghe Yongning 2,530 h)."""
    index = model_index(2026)
    weather = default_weather(24.93, 102.48, 1850.0, 2026, "Asia/Shanghai", station_monthly_ghi(56863))
    speed = hub_wind_speed(index, default("wind.mean_speed_hub_m_per_s"), default("wind.weibull_k"), 2026)
    assert speed.mean() == pytest.approx(default("wind.mean_speed_hub_m_per_s"), rel=1e-9)
    out = wind_availability(speed, index, 1850.0, "generic_4.5mw", default("wind.losses_fraction"),
                            weather["temp_air"].to_numpy())
    assert 2400.0 < out.sum() < 2650.0
    assert out.max() <= 1 - default("wind.losses_fraction") + 1e-12
    dry = index.month.isin([11, 12, 1, 2, 3, 4, 5])
    assert out[dry].sum() / out.sum() > 7 / 12 + 0.1          # windier dry season


def test_synthetic_wind_has_multi_day_calm_spells_and_keeps_its_mean():
    """Day-level persistence (wind.synthetic_daily_*, tag U): daily means correlate from day to day and calm
    spells last several days; the Gaussian process stays unit-variance, so the mean is still exact."""
    import pandas as pd

    index = pd.date_range("2026-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
    speed = pd.Series(hub_wind_speed(index, 6.7, 2.0, 2026), index=index)
    assert speed.mean() == pytest.approx(6.7, rel=1e-9)
    daily = speed.resample("D").mean()
    # expected lag-1 of the daily means: share x 0.7 + (1 - share) x (hourly AR part, ~0.3) ~ 0.5
    anomaly = daily / daily.groupby(daily.index.month).transform("mean")
    assert np.corrcoef(anomaly[:-1], anomaly[1:])[0, 1] > 0.4
    calm = (anomaly < 0.7).to_numpy()
    longest = max(len(run) for run in "".join("1" if c else "0" for c in calm).split("0"))
    assert longest >= 3
