"""The load in a whole run (shiftable load in the sizing model) and `zcpark load FILE --out DIR`."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from simulator.cli import main
from simulator.results.run import run
from simulator.scenario import load_scenario
from park_fixtures import make_scenario


def test_week_run_with_shiftable_hydrogen_load(small_raw, tmp_path):
    small_raw["load"]["enterprises"].append(
        {"name": "electrolyser", "archetype": "hydrogen_electrolysis", "annual_kwh": 5.0e7})
    small_raw["policy"] = {"zero_carbon": True}
    fixed = run(make_scenario(small_raw))
    flex = run(make_scenario(small_raw, **{"load.archetype_flexibility": True}))
    assert fixed.status == flex.status == "optimal"
    h = flex.hourly
    assert {"load_original_kw", "load_shifted_kw"} <= set(h.columns)
    assert "load_original_kw" not in fixed.hourly
    # each day keeps its energy; the served load stays within the bounds the enterprises allow
    day = h.index.normalize()
    np.testing.assert_allclose(h["load_kw"].groupby(day).sum(), h["load_original_kw"].groupby(day).sum(),
                               rtol=1e-7)
    down, up = flex.load.flexible_down_kw, flex.load.flexible_up_kw
    assert (h["load_shifted_kw"] >= -down - 1e-6).all() and (h["load_shifted_kw"] <= up + 1e-6).all()
    np.testing.assert_allclose(h["load_original_kw"], fixed.hourly["load_kw"])
    # balance and ratios are computed from the served load and stay consistent
    assert flex.summary["checks"]["balance_residual_kw"] <= flex.summary["checks"]["balance_tolerance_kw"]
    e = flex.summary["energy"]
    assert e["load_kwh"] == pytest.approx(fixed.summary["energy"]["load_kwh"], rel=1e-9)
    assert e["re_self_consumed_kwh"] == pytest.approx(e["load_kwh"] - e["import_kwh"] - e["unserved_kwh"])
    # flexibility is an option the optimiser may use: it can only make supply cheaper
    assert flex.summary["objective_cny_per_yr"] <= fixed.summary["objective_cny_per_yr"] * (1 + 1e-7)
    assert flex.summary["load_park"]["coincidence_factor"] <= 1.0
    flex.write(tmp_path)
    written = pd.read_csv(tmp_path / "hourly.csv")
    assert {"load_kw", "load_original_kw", "load_shifted_kw"} <= set(written.columns)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert {r["enterprise"]: r["flexible_fraction"] for r in summary["load"]}["electrolyser"] == 0.6


SCENARIO = """
[park]
name = "metered_park"
latitude = 24.93
longitude = 102.48
altitude_m = 1850
year = 2026
start = "2026-03-02"
days = 7

[load]
seed = 7

[[load.enterprises]]
name = "smelter"
archetype = "electrolytic_aluminium"
output_per_yr = 10000
intensity_kwh_per_unit = 13500

[[load.enterprises]]
name = "metered_factory"
archetype = "electronics_assembly"
output_per_yr = 2.0

[load.enterprises.metered]
file = "meter.csv"
output_per_yr = 1.0
fill = "linear"
"""


def test_cli_load_writes_profiles_and_summary(tmp_path, capsys):
    stamps = pd.date_range("2025-01-01", "2026-01-01", freq="h", inclusive="left")
    values = np.where(stamps.weekday < 5, 400.0, 100.0)
    frame = pd.DataFrame({"time": stamps, "kWh": values}).drop(index=[100])  # one missing hour, filled linearly
    frame.to_csv(tmp_path / "meter.csv", index=False)
    (tmp_path / "park.toml").write_text(SCENARIO, encoding="utf-8")
    scenario = load_scenario(tmp_path / "park.toml")  # relative metered path resolved against the file
    assert scenario.load.enterprises[1].metered.file == tmp_path / "meter.csv"
    out = tmp_path / "out"
    assert main(["load", str(tmp_path / "park.toml"), "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "metered 'metered_factory': 60 min" in shown and "fill: linear" in shown and "weeks" in shown
    profiles = pd.read_csv(out / "load_profiles.csv", index_col=0)
    assert len(profiles) == 7 * 24
    assert list(profiles.columns) == ["smelter_kw", "metered_factory_kw", "park_total_kw"]
    np.testing.assert_allclose(profiles["park_total_kw"], profiles["smelter_kw"] + profiles["metered_factory_kw"],
                               rtol=1e-6)
    # output doubled: 800 kW on weekdays (kWh per hour = kW), 200 kW at weekends, weekdays kept
    week = pd.to_datetime(profiles.index)
    expected = np.where(week.weekday < 5, 800.0, 200.0)
    np.testing.assert_allclose(profiles["metered_factory_kw"], expected)
    summary = json.loads((out / "load_summary.json").read_text(encoding="utf-8"))
    assert summary["metered"]["metered_factory"]["missing_intervals"] == 1
    assert summary["metered"]["metered_factory"]["gaps"][0]["start"] == "2025-01-05T04:00:00+08:00"
    rows = {r["enterprise"]: r for r in summary["enterprises"]}
    assert rows["smelter"]["annual_kwh"] == pytest.approx(1.35e8, rel=1e-6)
    assert pd.read_parquet(out / "load_profiles.parquet").shape == (168, 3)
    assert (out / "load_summary.csv").is_file()


def test_missing_metered_file_and_bad_sizing_are_scenario_errors(tmp_path):
    from simulator.errors import InputError

    (tmp_path / "park.toml").write_text(SCENARIO, encoding="utf-8")
    with pytest.raises(InputError, match=r"load.enterprises\[1\].metered.file"):
        load_scenario(tmp_path / "park.toml")
    bad = SCENARIO.replace('output_per_yr = 1.0\n', '')
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(InputError, match="metered.output_per_yr"):
        load_scenario(tmp_path / "bad.toml")
