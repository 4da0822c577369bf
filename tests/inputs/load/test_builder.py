"""Enterprise profiles and park aggregation: energies, shifts, calendar, seeds, ramp-up, flexibility."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.inputs.load import build_park_load
from simulator.inputs.load.archetypes import archetypes
from simulator.scenario import scenario_from_dict
from simulator.scenario.load_schema import LoadSection
from simulator.inputs.timegrid import model_index

YEAR = 2026


def park(enterprises, seed=2026, **extra):
    return LoadSection.model_validate({"enterprises": enterprises, "seed": seed, **extra})


def year_index(minutes=60):
    return model_index(YEAR, timestep_minutes=minutes)


def at(series, stamp):
    return float(series[pd.Timestamp(stamp, tz="Asia/Shanghai")])


@pytest.mark.parametrize("key", sorted(archetypes()))
def test_every_archetype_hits_its_annual_energy(key):
    load = build_park_load(park([{"name": "e", "archetype": key, "annual_kwh": 1.234e7}]), year_index())
    assert load.enterprises_kw["e"].sum() * 1.0 == pytest.approx(1.234e7, rel=1e-6)
    assert load.summary.loc["e", "annual_kwh"] == pytest.approx(1.234e7, rel=1e-6)


def test_three_sizings_and_15_minute_steps():
    # output x intensity: 100,000 t x 13,000 kWh/t = 1.3e9 kWh; peak x load factor: 5,000 kW x 0.5 x 8,760 h
    # = 2.19e7 kWh; peak alone uses the archetype's typical load factor (data centre 0.92).
    sec = park([
        {"name": "smelter", "archetype": "electrolytic_aluminium", "output_per_yr": 100_000,
         "intensity_kwh_per_unit": 13_000},
        {"name": "factory", "archetype": "tobacco_food", "peak_kw": 5_000, "load_factor": 0.5},
        {"name": "dc", "archetype": "data_centre", "peak_kw": 10_000},
    ])
    for minutes in (60, 15):
        load = build_park_load(sec, year_index(minutes))
        dt_h = minutes / 60
        energy = load.enterprises_kw.sum() * dt_h
        assert energy["smelter"] == pytest.approx(1.3e9, rel=1e-6)
        assert energy["factory"] == pytest.approx(2.19e7, rel=1e-6)
        assert energy["dc"] == pytest.approx(10_000 * 0.92 * 8760, rel=1e-6)
        assert load.total_kw.sum() * dt_h == pytest.approx(energy.sum(), rel=1e-12)
    # the aluminium smelter is continuous: load factor at least 0.95 (0.95-0.98, U; source: U-INDUSTRY-SHAPES)
    assert load.summary.loc["smelter", "annual_load_factor"] >= 0.95


def test_shift_pattern_and_calendar_show_in_the_hours():
    sec = park([
        {"name": "day_shift", "archetype": "electronics_assembly", "shifts": "1x8", "workdays_per_week": 5,
         "off_shift_fraction": 0.03, "variability_fraction": 0.0, "hourly_variability_fraction": 0.0, "annual_kwh": 1e7},
        {"name": "offices", "archetype": "park_offices", "variability_fraction": 0.0, "hourly_variability_fraction": 0.0, "annual_kwh": 1e6},
    ])
    load = build_park_load(sec, year_index())
    f = load.enterprises_kw["day_shift"]
    # a workday (Tuesday 2026-03-10): 03:00 is the off-shift level, 3 % of 10:00
    assert at(f, "2026-03-10 03:00") == pytest.approx(0.03 * at(f, "2026-03-10 10:00"), rel=1e-9)
    # the 调休 Saturday 2026-02-14 is a working day for the 5-day offices (stopped only from 初一 on);
    # an ordinary Saturday (2026-02-07) is not
    o = load.enterprises_kw["offices"]
    assert at(o, "2026-02-14 10:00") > 2.5 * at(o, "2026-02-07 10:00")
    # Spring Festival 2026 (初一 = 02-17): the assembly plant is stopped (≤ 0.3 of a working day's level)
    # and restarts at about 30 % on its first day back (02-24 = 初一 + 7)
    # (compared with an ordinary early-February workday: March is still inside the 28-day restart ramp)
    feb_workday = f["2026-02-05"].mean()
    festival = f["2026-02-17":"2026-02-23"].mean()
    assert festival == pytest.approx(0.25 * feb_workday, rel=1e-9)  # non_working_fraction 0.25 < 0.3
    first_back = f["2026-02-24"].mean()
    assert first_back == pytest.approx(0.3 * feb_workday, rel=1e-9)  # first-day level 0.3


def test_continuous_industry_keeps_running_through_the_festival():
    load = build_park_load(park([{"name": "si", "archetype": "industrial_silicon", "annual_kwh": 1e8,
                                  "variability_fraction": 0.0, "hourly_variability_fraction": 0.0}]), year_index())
    s = load.enterprises_kw["si"]
    assert s["2026-02-17"].mean() == pytest.approx(s["2026-02-10"].mean(), rel=1e-9)


def test_same_seed_same_profile_other_seed_other_noise_same_energy():
    ents = [{"name": "a", "archetype": "electronics_assembly", "annual_kwh": 2e7},
            {"name": "b", "archetype": "battery_cells", "annual_kwh": 5e7}]
    one = build_park_load(park(ents, seed=1), year_index())
    again = build_park_load(park(ents, seed=1), year_index())
    other = build_park_load(park(ents, seed=2), year_index())
    pd.testing.assert_frame_equal(one.enterprises_kw, again.enterprises_kw)
    assert not np.allclose(one.enterprises_kw["a"], other.enterprises_kw["a"])
    np.testing.assert_allclose(one.enterprises_kw.sum(), other.enterprises_kw.sum(), rtol=1e-9)
    # two enterprises of the same kind do not share their noise (diversity comes from the enterprises)
    twins = build_park_load(park([dict(ents[0], name="x"), dict(ents[0], name="y")]), year_index())
    assert not np.allclose(twins.enterprises_kw["x"], twins.enterprises_kw["y"])


def test_park_aggregation_and_coincidence():
    ents = [{"name": "a", "archetype": "electronics_assembly", "annual_kwh": 2e7},
            {"name": "b", "archetype": "park_offices", "annual_kwh": 5e6},
            {"name": "c", "archetype": "data_centre", "annual_kwh": 3e7}]
    load = build_park_load(park(ents), year_index())
    np.testing.assert_allclose(load.total_kw, load.enterprises_kw.sum(axis=1))
    peaks = load.enterprises_kw.max()
    assert load.park["sum_of_enterprise_peaks_kw"] == pytest.approx(peaks.sum())
    assert load.park["coincidence_factor"] == pytest.approx(load.total_kw.max() / peaks.sum())
    assert load.park["coincidence_factor"] < 1.0
    t = pd.Timestamp(load.park["peak_time"])
    for name in "abc":
        assert load.summary.loc[name, "peak_coincidence_fraction"] == pytest.approx(
            load.enterprises_kw.loc[t, name] / peaks[name])


def test_start_year_and_ramp_up():
    base = {"archetype": "battery_cells", "annual_kwh": 1e8}
    sec = park([dict(base, name="later", start_year=2027),
                dict(base, name="ramping", start_year=2026, ramp_up_fractions=[0.4, 0.8]),
                dict(base, name="second_year", start_year=2025, ramp_up_fractions=[0.4, 0.8]),
                dict(base, name="full", start_year=2024, ramp_up_fractions=[0.4, 0.8])])
    load = build_park_load(sec, year_index())
    energy = load.enterprises_kw.sum()
    assert energy["later"] == 0.0
    assert energy["ramping"] == pytest.approx(0.4e8, rel=1e-6)
    assert energy["second_year"] == pytest.approx(0.8e8, rel=1e-6)
    assert energy["full"] == pytest.approx(1e8, rel=1e-6)
    assert load.summary.loc["ramping", "production_fraction"] == 0.4
    assert load.summary.loc["ramping", "full_production_kwh"] == pytest.approx(1e8)
    with pytest.raises(ValueError, match="start_year"):
        park([dict(base, name="x", ramp_up_fractions=[0.5])])


def test_flexibility_bounds_follow_the_shares():
    ents = [{"name": "h2", "archetype": "hydrogen_electrolysis", "annual_kwh": 1e8},
            {"name": "al", "archetype": "electrolytic_aluminium", "annual_kwh": 1e8},
            {"name": "own", "archetype": "data_centre", "annual_kwh": 1e8, "flexible_fraction": 0.2}]
    off = build_park_load(park(ents), year_index())
    # only the explicit share counts unless archetype flexibility is switched on
    np.testing.assert_allclose(off.flexible_down_kw, 0.2 * off.enterprises_kw["own"])
    np.testing.assert_allclose(off.flexible_up_kw, 0.2 * off.enterprises_kw["own"])
    on = build_park_load(park(ents, archetype_flexibility=True), year_index())
    e = on.enterprises_kw
    np.testing.assert_allclose(on.flexible_down_kw, 0.6 * e["h2"] + 0.05 * e["al"] + 0.2 * e["own"])
    np.testing.assert_allclose(on.flexible_up_kw, 0.6 * 0.6 * e["h2"] + 0.05 * e["al"] + 0.2 * e["own"])


def test_unknown_archetype_and_missing_sizing_are_clear_errors(small_raw):
    small_raw["load"]["enterprises"][0]["archetype"] = "steel"
    scenario = scenario_from_dict(small_raw)
    with pytest.raises(InputError, match="one of .*electrolytic_aluminium"):
        build_park_load(scenario.load, model_index(YEAR, start="2026-03-02", days=7))
    with pytest.raises(ValueError, match="exactly one of"):
        park([{"name": "x", "archetype": "data_centre"}])
