"""Profiles given as CSV: every defect is a clear error naming the file, key and value."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.timegrid import model_index

INDEX = model_index(2026, days=2)


def write(path, values, index=INDEX, column="value", stamps=None):
    stamps = [t.isoformat() for t in index] if stamps is None else stamps
    pd.DataFrame({"timestamp": stamps, column: values}).to_csv(path, index=False)
    return path


def test_good_file_round_trips(tmp_path):
    values = np.linspace(100, 200, len(INDEX))
    series = read_profile_csv(write(tmp_path / "a.csv", values), INDEX, "load.profile_csv", "load")
    np.testing.assert_allclose(series.to_numpy(), values)
    assert series.index.equals(INDEX)


def test_naive_timestamps_are_taken_in_the_model_zone(tmp_path):
    stamps = [t.strftime("%Y-%m-%d %H:%M") for t in INDEX]
    series = read_profile_csv(write(tmp_path / "a.csv", np.ones(len(INDEX)), stamps=stamps), INDEX, "f", "load")
    assert len(series) == len(INDEX)


def test_kwh_per_interval_is_converted(tmp_path):
    index = model_index(2026, timestep_minutes=15, days=1)
    series = read_profile_csv(write(tmp_path / "a.csv", np.full(len(index), 25.0), index=index), index,
                              "load.profile_csv", "load", unit="kWh")
    assert series.iloc[0] == pytest.approx(100.0)


@pytest.mark.parametrize("case, pattern", [
    ("short", r"load\.profile_csv length/range.*expected 48 rows"),
    ("duplicate", r"load\.profile_csv timestamps = \['2026-01-01 01:00:00\+08:00'\]: expected no duplicated"),
    ("gap", r"load\.profile_csv timestamps after 2026-01-01 02:00:00\+08:00 = 'step of 2 h'"),
    ("nan", r"column 'value' at 2026-01-01 05:00:00\+08:00 = 'NaN/empty'"),
    ("negative", r"column 'value' at 2026-01-01 03:00:00\+08:00 = -5\.0: expected a load >= 0 kW"),
    ("text", r"column 'value' at 2026-01-01 04:00:00\+08:00 = 'n/a': expected a number"),
    ("bad_time", r"column 'timestamp'.*ISO 8601"),
    ("hourly_for_15min", r"expected a regular step of 0\.25 h"),
])
def test_load_file_defects(tmp_path, case, pattern):
    values = list(np.full(len(INDEX), 100.0))
    stamps = [t.isoformat() for t in INDEX]
    index = INDEX
    if case == "short":
        values, stamps = values[:-3], stamps[:-3]
    elif case == "duplicate":
        stamps[2] = stamps[1]
    elif case == "gap":
        del values[3], stamps[3]
    elif case == "nan":
        values[5] = np.nan
    elif case == "negative":
        values[3] = -5.0
    elif case == "text":
        values = [str(v) for v in values]
        values[4] = "n/a"
    elif case == "bad_time":
        stamps[0] = "yesterday"
    elif case == "hourly_for_15min":
        index = model_index(2026, timestep_minutes=15, days=2)
    path = write(tmp_path / "bad.csv", values, stamps=stamps)
    with pytest.raises(InputError, match=pattern) as info:
        read_profile_csv(path, index, "load.profile_csv", "load")
    assert "bad.csv" in str(info.value)


def test_availability_outside_0_1(tmp_path):
    values = np.full(len(INDEX), 0.5)
    values[7] = 1.2
    with pytest.raises(InputError, match=r"pv\.availability_csv column 'value' at .* = 1\.2: expected availability in 0\.\.1"):
        read_profile_csv(write(tmp_path / "pv.csv", values), INDEX, "pv.availability_csv", "availability")


def test_several_value_columns_need_a_name(tmp_path):
    frame = pd.DataFrame({"timestamp": [t.isoformat() for t in INDEX], "a": 1.0, "b": 2.0})
    frame.to_csv(tmp_path / "two.csv", index=False)
    with pytest.raises(InputError, match="exactly one value column"):
        read_profile_csv(tmp_path / "two.csv", INDEX, "load.profile_csv", "load")
    series = read_profile_csv(tmp_path / "two.csv", INDEX, "load.profile_csv", "load", column="b")
    assert series.iloc[0] == 2.0
