"""PV chain options: default tilt, tracking, bifacial gain, degradation."""
from __future__ import annotations

import pytest

from simulator.inputs.resource.solar import default_tilt_deg, degradation_factor, pv_availability
from simulator.inputs.resource.weather import default_weather, station_monthly_ghi

SITE = dict(latitude=25.00, longitude=102.65, altitude_m=1889.0)


@pytest.fixture(scope="module")
def spring_weather():
    year = default_weather(year=2026, timezone="Asia/Shanghai", monthly_ghi_kwh_per_m2=station_monthly_ghi(56778),
                           **SITE)
    return year.loc["2026-03-01":"2026-04-30"]


def test_default_tilt_for_latitude():
    # Jacobson & Jadhav (2018) polynomial, evaluated by hand at 25 N: 1.3793 + 25 (1.2011 + 25 (-0.014404 + 25 * 8.0509e-5))
    assert default_tilt_deg(25.0) == pytest.approx(1.3793 + 25 * (1.2011 + 25 * (-0.014404 + 25 * 8.0509e-5)))
    assert 20.0 < default_tilt_deg(25.0) < 26.0 and default_tilt_deg(-25.0) == default_tilt_deg(25.0)


def test_degradation_factor_by_hand():
    assert degradation_factor(0.02, 0.004, 25, "first_year") == pytest.approx(0.98)
    # mean over 25 years of 0.98 * 0.996^(y-1): geometric series (1 - 0.996^25) / (1 - 0.996) / 25
    expected = 0.98 * (1 - 0.996 ** 25) / (1 - 0.996) / 25
    assert degradation_factor(0.02, 0.004, 25, "lifetime_mean") == pytest.approx(expected)
    with pytest.raises(ValueError):
        degradation_factor(0.0, 0.0, 25, "middle")


def test_tracker_bifacial_and_degradation_change_output_the_expected_way(spring_weather):
    fixed = pv_availability(spring_weather, **SITE)
    tracker = pv_availability(spring_weather, mounting="single_axis", **SITE)
    bifacial = pv_availability(spring_weather, bifacial_gain_fraction=0.08, **SITE)
    degraded = pv_availability(spring_weather, dc_scale=0.95, **SITE)
    # a north-south tracker collects more than a fixed plane in the clear dry season (typically +10-25 %)
    assert 1.08 < tracker.sum() / fixed.sum() < 1.30
    # more DC never lowers AC; the annual gain is at most the DC gain (clipping at 1/1.2 and the
    # inverter curve take part of it)
    assert (bifacial >= fixed - 1e-12).all() and (degraded <= fixed + 1e-12).all()
    assert 1.0 + 0.8 * 0.08 < bifacial.sum() / fixed.sum() <= 1.08 + 1e-9
    assert 0.95 <= degraded.sum() / fixed.sum() < 0.95 + 0.01
    for series in (fixed, tracker, bifacial, degraded):
        assert series.min() >= 0.0 and series.max() <= 1 / 1.2 + 1e-12
    # night is zero and the tracker's output is spread wider around noon than the fixed plane's
    assert fixed[fixed.index.hour == 2].max() == 0.0
    morning = tracker.index.hour == 9
    assert tracker[morning].mean() > fixed[morning].mean()


def test_unknown_mounting_is_rejected(spring_weather):
    with pytest.raises(ValueError, match="mounting"):
        pv_availability(spring_weather.iloc[:48], mounting="dual_axis", **SITE)
