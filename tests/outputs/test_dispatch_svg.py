"""Zoomable dispatch weeks: the week chosen by the documented rule, and the stacked bands re-added from the
hourly table (the top of the supply stack is the supply, the bottom of the use stack minus the uses)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from simulator.outputs.data import read_results
from simulator.outputs.dispatch_svg import DOWN, UP, dispatch_week_svg
from simulator.outputs.plots import typical_week


def _days(values_per_day: list[float], start: str) -> pd.DataFrame:
    index = pd.date_range(start, periods=24 * len(values_per_day), freq="h", tz="Asia/Shanghai")
    pv = np.repeat(values_per_day, 24) / 24.0
    return pd.DataFrame({"pv_available_kw": pv, "wind_available_kw": 0.0}, index=index)


def test_the_week_closest_to_the_season_mean_is_chosen():
    # 21 dry-season days (from 1 Nov): daily availability 10 for days 0-6, 30 for 7-13, 20 for 14-20;
    # season mean 20: the third week's 7-day mean equals it
    table = _days([10.0] * 7 + [30.0] * 7 + [20.0] * 7, "2026-11-01")
    week, found = typical_week(table, (11, 12, 1, 2, 3, 4, 5), 1.0)
    assert found and week.index[0] == pd.Timestamp("2026-11-15", tz="Asia/Shanghai") and len(week) == 7 * 24
    week, found = typical_week(table, (6, 7, 8, 9, 10), 1.0)  # no wet-season day: the horizon's first week
    assert not found and week.index[0] == table.index[0]


def _points(path: str) -> np.ndarray:
    return np.array([[float(v) for v in p.split(",")] for p in re.findall(r"-?[\d.]+,-?[\d.e+-]+", path)])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stacked_bands_add_up_to_the_hourly_supply_and_uses(small_dir, lang):
    rf = read_results(small_dir)
    svg = dispatch_week_svg(rf.hourly, "dry", rf.dt_h, lang)
    week, _ = typical_week(rf.hourly, (11, 12, 1, 2, 3, 4, 5), rf.dt_h)
    n = len(week)
    bands = dict(re.findall(r'data-series="([^"]+)" d="([^"]+)"', svg))
    peak = week["load_kw"].max() / 1e3
    for group, sign in ((UP, 1.0), (DOWN, -1.0)):
        drawn = [name for name, _ in group if name in bands]
        if not drawn:
            continue
        outer = _points(bands[drawn[-1]])[: 2 * n, 1] * -1.0  # y is drawn as −MW; first 2n points: the outer edge
        total = sum(week[col].to_numpy() for name, col in group if name in drawn) / 1e3
        assert np.allclose(outer[::2], sign * total, atol=1e-3 * peak)
    assert re.search(r'viewBox="0 -[\d.]+ 168 ', svg)  # the whole week in hours on x
