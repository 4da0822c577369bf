"""Hourly and 15-minute data of the same profile give the same sizes (within 1 %)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator import run
from simulator.inputs.resource import build_resource
from simulator.inputs.load import scenario_load
from simulator.inputs.timegrid import scenario_index
from park_fixtures import make_scenario


def _write(series: pd.Series, path, column):
    frame = pd.DataFrame({column: series.to_numpy()}, index=series.index.map(lambda t: t.isoformat()))
    frame.index.name = "timestamp"
    frame.to_csv(path)


def test_hourly_and_quarter_hourly_profiles_give_the_same_sizes(small_raw, tmp_path):
    hourly_scenario = make_scenario(small_raw)
    index = scenario_index(hourly_scenario)
    load, _ = scenario_load(hourly_scenario, index)
    avail = build_resource(hourly_scenario, index).availability
    files = {}
    for step in (60, 15):
        idx = pd.date_range(index[0], periods=len(index) * 60 // step, freq=f"{step}min")
        repeat = 60 // step
        for name, series in (("load", load), ("pv", avail["pv"]), ("wind", avail["wind"])):
            path = tmp_path / f"{name}_{step}.csv"
            _write(pd.Series(np.repeat(series.to_numpy(), repeat), index=idx), path, f"{name}_value")
            files[(name, step)] = path
    results = {}
    for step in (60, 15):
        raw = dict(small_raw)
        raw["load"] = {"profile_csv": str(files[("load", step)])}
        scenario = make_scenario(raw, **{"park.timestep_minutes": step,
                                         "pv.availability_csv": str(files[("pv", step)]),
                                         "wind.availability_csv": str(files[("wind", step)])})
        result = run(scenario)
        assert result.status == "optimal"
        assert result.summary["horizon"]["steps"] == len(index) * 60 // step
        results[step] = result.summary
    for key in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw"):
        a, b = results[60]["capacity"][key], results[15]["capacity"][key]
        assert b == pytest.approx(a, rel=0.01, abs=1.0), key
    assert results[15]["objective_cny_per_yr"] == pytest.approx(results[60]["objective_cny_per_yr"], rel=0.01)
    assert results[15]["energy"]["load_kwh"] == pytest.approx(results[60]["energy"]["load_kwh"], rel=1e-9)
