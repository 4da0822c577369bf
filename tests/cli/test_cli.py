"""The zcpark command through its entry point and the files it writes."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from simulator.cli import main

WEEK = """
[park]
name = "cli_week"
latitude = 24.93
longitude = 102.48
altitude_m = 1850
year = 2026
start = "2026-04-06"
days = 7

[weather]
station = 56863

[[load.enterprises]]
name = "smelter"
archetype = "electrolytic_aluminium"
output_per_yr = 5000
intensity_kwh_per_unit = 13500

[pv]
max_kw = 50000

[wind]
max_kw = 10000
"""


@pytest.fixture
def week_file(tmp_path):
    path = tmp_path / "week.toml"
    path.write_text(WEEK, encoding="utf-8")
    return path


def test_validate_ok(week_file, capsys):
    assert main(["validate", str(week_file)]) == 0
    assert "valid scenario 'cli_week'" in capsys.readouterr().out


def test_validate_reports_errors_in_one_readable_block(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(WEEK.replace("altitude_m = 1850", "altitude_m = 'high'\ncolour = 'red'"), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "park.altitude_m = 'high'" in err and "park.colour" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[park]\n", encoding="utf-8")
    from simulator.errors import InputError

    with pytest.raises(InputError):
        main(["--debug", "validate", str(path)])


def test_run_writes_the_output_contract(week_file, tmp_path, capsys):
    out = tmp_path / "out"
    lp = tmp_path / "model.lp"
    assert main(["run", str(week_file), "--out", str(out), "--save-lp", str(lp), "--solver-log"]) == 0
    stdout = capsys.readouterr().out
    assert "650_green_share" in stdout and "HiGHS" in stdout
    assert "solve        exact, cold:" in stdout  # a week is too short for a typical-day start
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal" and summary["scenario"] == "cli_week"
    hourly = pd.read_csv(out / "hourly.csv")
    parquet = pd.read_parquet(out / "hourly.parquet")
    assert len(hourly) == len(parquet) == 7 * 24
    assert hourly["load_kw"].sum() == pytest.approx(summary["energy"]["load_kwh"])
    assert lp.stat().st_size > 1000 and "gen_availability" in lp.read_text()
    assert not list(out.glob(".*.tmp"))  # no temporary leftovers


def test_infeasible_rules_write_a_summary_and_exit_2(week_file, tmp_path, capsys):
    text = week_file.read_text().replace("max_kw = 50000", "max_kw = 100").replace("max_kw = 10000", "max_kw = 100")
    week_file.write_text(text)
    out = tmp_path / "out"
    assert main(["run", str(week_file), "--out", str(out)]) == 2
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible"
    assert "650_green_share" in summary["message"]
    assert not (out / "hourly.csv").exists()
    assert "infeasible" in capsys.readouterr().err


def test_default_scenario_full_year(default_full_year_dir):
    """`zcpark run` with no file: the shipped default scenario, full year hourly, as `make run` does."""
    out = default_full_year_dir
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"
    assert summary["scenario"] == "anning_battery_park"
    assert summary["horizon"]["steps"] == 8760
    assert summary["checks"]["balance_residual_kw"] <= summary["checks"]["balance_tolerance_kw"]
    assert abs(summary["checks"]["objective_minus_cost_total_cny_per_yr"]) <= 1e-6 * summary["objective_cny_per_yr"]
    assert all(row["ok"] for row in summary["compliance"])
    assert {row["rule"] for row in summary["compliance"]} == {"650_self_consumption", "650_green_share", "650_feed_in"}
    assert summary["solver"]["warm_start"]["used"] is True  # the default full-year path
    hourly = pd.read_parquet(out / "hourly.parquet")
    assert len(hourly) == 8760
    assert hourly["load_kw"].sum() == pytest.approx(summary["energy"]["load_kwh"], rel=1e-12)
    # PV yield of the default weather at Anning is in the range of Yunnan projects (sources: PEOPLE-2023-YN-PV, SUNSIRS-2023-HUADIAN-PV)
    assert 1250 <= summary["resource"]["pv"]["specific_yield_kwh_per_kw"] <= 1500
