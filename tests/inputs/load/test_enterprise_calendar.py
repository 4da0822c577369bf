"""Each enterprise's calendar (issue 18 point 6): no double-counted February, own stop vs statutory
calendar, and hour-to-hour noise."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from simulator.errors import InputError
from simulator.inputs.load import build_park_load
from simulator.inputs.load.archetypes import archetypes
from simulator.scenario.load_schema import LoadSection
from simulator.inputs.timegrid import model_index

QUIET = {"variability_fraction": 0.0, "hourly_variability_fraction": 0.0}


def day_kwh(enterprise: dict) -> pd.Series:
    sec = LoadSection.model_validate({"enterprises": [{"name": "e", "annual_kwh": 1e7, **QUIET, **enterprise}]})
    kw = build_park_load(sec, model_index(2026)).enterprises_kw["e"]
    return kw.groupby(kw.index.date).sum()


def raw_monthly(key: str) -> list[float]:
    import tomllib

    from simulator.data import data_path

    with data_path("archetypes.toml").open("rb") as handle:
        return tomllib.load(handle)[key]["monthly"]


@pytest.mark.parametrize("key", ["electronics_assembly", "tobacco_food", "battery_cells", "logistics_warehousing"])
def test_early_february_workday_is_january_workday_times_the_seasonal_factor_only(key):
    # Monday 2 February 2026 vs Monday 12 January 2026: ordinary workdays far from the stop (初一 = 02-17)
    days = day_kwh({"archetype": key})
    ratio = days[pd.Timestamp("2026-02-02").date()] / days[pd.Timestamp("2026-01-12").date()]
    monthly = raw_monthly(key)
    assert ratio == pytest.approx(monthly[1] / monthly[0], rel=1e-9)
    # and the seasonal factor of February carries no festival dip (it lies between January's and March's)
    assert min(monthly[0], monthly[2]) <= monthly[1] <= max(monthly[0], monthly[2])


def test_every_archetype_with_a_festival_stop_has_no_february_dip():
    for key, arch in archetypes().items():
        if arch.spring_festival[0] or arch.spring_festival[1]:
            m = raw_monthly(key)
            assert min(m[0], m[2]) <= m[1] <= max(m[0], m[2]), key


def test_makeup_saturday_is_a_workday_under_the_statutory_calendar_and_a_stop_day_under_own_stop():
    saturday, ordinary_workday = pd.Timestamp("2026-02-14").date(), pd.Timestamp("2026-02-05").date()
    tobacco = {"archetype": "tobacco_food"}  # 5-day week, stop 3 days before 初一 (02-14) to 初一 + 9
    statutory = day_kwh({**tobacco, "calendar": "statutory"})
    own = day_kwh(tobacco)
    assert statutory[saturday] == pytest.approx(statutory[ordinary_workday], rel=1e-9)
    nwf = archetypes()["tobacco_food"].non_working_fraction
    assert own[saturday] == pytest.approx(min(nwf, 0.3) * own[ordinary_workday], rel=1e-9)
    # statutory: stopped on the holiday block 02-15..02-23 only; the restart ramp begins 02-24
    first = archetypes()["tobacco_food"].spring_festival[3]
    assert statutory[pd.Timestamp("2026-02-24").date()] == pytest.approx(first * statutory[ordinary_workday],
                                                                          rel=1e-9)


def test_own_stop_dates():
    days = day_kwh({"archetype": "electronics_assembly", "stop_dates": ["2026-02-09", "2026-03-01"]})
    workday = days[pd.Timestamp("2026-02-05").date()]
    arch = archetypes()["electronics_assembly"]
    for d in ("2026-02-09", "2026-02-14", "2026-02-28", "2026-03-01"):
        assert days[pd.Timestamp(d).date()] == pytest.approx(min(arch.non_working_fraction, 0.3) * workday, rel=1e-9)
    # restart on Monday 2 March at the first-day level
    assert days[pd.Timestamp("2026-03-02").date()] == pytest.approx(arch.spring_festival[3] * workday, rel=1e-9)
    with pytest.raises(ValidationError, match="calendar = 'own_stop'"):
        LoadSection.model_validate({"enterprises": [{"name": "e", "archetype": "tobacco_food", "annual_kwh": 1,
                                                     "calendar": "statutory",
                                                     "stop_dates": ["2026-02-09", "2026-03-01"]}]})
    with pytest.raises(InputError, match="stop_dates"):
        day_kwh({"archetype": "electronics_assembly", "stop_dates": ["2024-02-09", "2024-03-01"]})


def test_continuous_process_is_not_stopped_by_the_statutory_calendar():
    days = day_kwh({"archetype": "electrolytic_aluminium", "calendar": "statutory"})
    assert days[pd.Timestamp("2026-02-17").date()] == pytest.approx(days[pd.Timestamp("2026-02-05").date()],
                                                                     rel=1e-9)


def test_hour_to_hour_noise_is_seeded_small_and_keeps_the_energy():
    base = {"name": "e", "archetype": "electronics_assembly", "annual_kwh": 1e7, "variability_fraction": 0.0}
    sigma = 0.03
    quiet = build_park_load(LoadSection.model_validate(
        {"enterprises": [{**base, "hourly_variability_fraction": 0.0}]}), model_index(2026)).enterprises_kw["e"]
    noisy = build_park_load(LoadSection.model_validate(
        {"enterprises": [{**base, "hourly_variability_fraction": sigma}]}), model_index(2026)).enterprises_kw["e"]
    again = build_park_load(LoadSection.model_validate(
        {"enterprises": [{**base, "hourly_variability_fraction": sigma}]}), model_index(2026)).enterprises_kw["e"]
    np.testing.assert_array_equal(noisy.to_numpy(), again.to_numpy())
    assert noisy.sum() == pytest.approx(1e7, rel=1e-9) and quiet.sum() == pytest.approx(1e7, rel=1e-9)
    ratio = (noisy / quiet).to_numpy()
    ratio = ratio / ratio.mean()
    assert ratio.std() == pytest.approx(sigma, rel=0.1)  # 8,760 draws: the sample std is within a few %
    assert np.corrcoef(ratio[:-1], ratio[1:])[0, 1] == pytest.approx(0.5, abs=0.05)
    # the archetype's default is tagged U data, small, and present for every archetype
    assert all(0 < a.hourly_variability_fraction <= 0.05 for a in archetypes().values())
