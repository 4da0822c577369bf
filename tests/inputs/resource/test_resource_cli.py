"""`zcpark resource FILE --out DIR` through the CLI runner and the files it writes."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from resource_files import tmy3_path  # noqa: F401 (fixture)

from simulator.cli import main

SCENARIO = """
[park]
name = "kunming_resource"
latitude = 25.0
longitude = 102.65
altitude_m = 1889
year = 2026

[weather]
station = 56778

[load]
[[load.enterprises]]
name = "smelter"
archetype = "electrolytic_aluminium"
annual_kwh = 1e8

[[pv.types]]
name = "fixed"

[[pv.types]]
name = "tracker"
mounting = "single_axis"
"""


def test_resource_command_on_a_scenario_writes_profiles_and_summary(tmp_path, capsys):
    path = tmp_path / "park.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["resource", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "pv_tracker" in printed and "kWh/kW/yr" in printed
    summary = json.loads((out / "resource_summary.json").read_text(encoding="utf-8"))
    availability = pd.read_csv(out / "availability.csv", index_col="timestamp")
    weather = pd.read_csv(out / "weather.csv", index_col="timestamp")
    assert len(availability) == 8760 and list(availability.columns) == ["pv_fixed", "pv_tracker", "wind"]
    for name in availability.columns:      # the summary is the sum of the written profile (6 significant digits)
        assert summary[name]["specific_yield_kwh_per_kw"] == pytest.approx(availability[name].sum(), rel=1e-4)
    assert summary["weather"]["ghi_kwh_per_m2_yr"] == pytest.approx(weather["ghi"].sum() / 1000, rel=1e-4)
    assert summary["weather"]["ghi_kwh_per_m2_yr"] == pytest.approx(1609.0, rel=0.01)
    assert 1300 < summary["pv_fixed"]["specific_yield_kwh_per_kw"] < 1500
    assert availability.index[0] == "2026-01-01T00:00:00+08:00"


def test_resource_command_on_a_weather_file(tmp_path, tmy3_path, capsys):
    out = tmp_path / "gso"
    code = main(["resource", str(tmy3_path), "--format", "tmy3", "--timezone", "Etc/GMT+5", "--out", str(out)])
    assert code == 0
    summary = json.loads((out / "resource_summary.json").read_text(encoding="utf-8"))
    assert summary["site"]["latitude"] == 36.1 and summary["weather"]["source"] == "tmy3"
    assert summary["weather"]["conversions"] and "conversion:" in capsys.readouterr().out
    assert main(["resource", str(tmp_path / "missing.epw")]) == 1
    assert "expected an existing weather file" in capsys.readouterr().err
