"""Chinese calendar (调休, Spring Festival) and the shipped archetypes."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.inputs.load.archetypes import SHIFT_PATTERNS, archetypes, shift_shape
from simulator.inputs.load.calendar import day_calendar

REQUIRED = ("electrolytic_aluminium", "industrial_silicon", "polysilicon", "battery_cells", "battery_materials",
            "phosphorus_chemicals", "data_centre", "electronics_assembly", "tobacco_food",
            "hydrogen_electrolysis", "logistics_warehousing", "park_offices")


def test_every_required_archetype_is_shipped_with_its_data():
    table = archetypes()
    for key in REQUIRED:
        a = table[key]
        assert a.shifts in SHIFT_PATTERNS
        assert np.mean(a.monthly) == pytest.approx(1.0)  # seasonality normalised to a mean of 1
        assert a.typical_load_factor is not None and 0 < a.typical_load_factor <= 1
        assert 0 <= a.variability_fraction <= 0.5
        assert a.source and a.tag


def test_2026_makeup_saturday_is_a_workday_and_festival_days_are_holidays():
    days = day_calendar(2026)
    feb14 = days.loc[dt.date(2026, 2, 14)]
    assert feb14["weekday"] == 5 and bool(feb14["is_makeup_workday"]) and bool(feb14["is_working_day"])
    assert not days.loc[dt.date(2026, 2, 7), "is_working_day"]  # an ordinary Saturday
    # 初一 of 2026 is 17 February (holidays Feb 16-20 and 23; source: PY-HOLIDAYS)
    assert days.loc[dt.date(2026, 2, 17), "spring_festival_offset_days"] == 0
    for day in (16, 17, 18, 19, 20, 23):
        assert days.loc[dt.date(2026, 2, day), "is_holiday"]
    assert sorted(d.isoformat() for d in days.index[days["is_makeup_workday"]]) == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def test_unpublished_year_is_logged(caplog):
    with caplog.at_level("WARNING", logger="simulator"):
        day_calendar(2029)
    assert any("2029" in r.getMessage() and "not published" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("pattern", SHIFT_PATTERNS)
def test_shift_shapes(pattern):
    shape = shift_shape(pattern, 0.1)
    assert shape.shape == (24,) and shape.max() == 1.0
    if pattern == "1x8":
        assert shape[3] == 0.1 and shape[10] == 1.0
    if pattern == "2x8":
        assert shape[3] == 0.1 and shape[20] == 1.0
    if pattern in ("3x8", "continuous"):
        assert shape.min() >= 0.96
