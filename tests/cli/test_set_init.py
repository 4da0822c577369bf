"""``--set KEY=VALUE`` on every command that reads a scenario, ``zcpark init``, the packaged default
scenario, CSV numbers without exponents and the bases of the run summary."""
from __future__ import annotations

import json
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pandas as pd
import pytest

from simulator.cli import main
from simulator.cli.options import parse_sets
from simulator.errors import InputError
from park_fixtures import SMALL_PARK_TOML

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def park(tmp_path):
    path = tmp_path / "park.toml"
    path.write_text(SMALL_PARK_TOML, encoding="utf-8")
    return path


def test_set_values_are_toml_literals():
    sets = parse_sets(["park.days=14", "grid.export_price_cny_per_kwh=0.2", "policy.zero_carbon=true",
                       'park.name="quoted"', "park.name_zh=安宁", "park.start=2026-03-01",
                       "planning.milestones=[2026, 2030]"])
    assert sets == {"park.days": 14, "grid.export_price_cny_per_kwh": 0.2, "policy.zero_carbon": True,
                    "park.name": "quoted", "park.name_zh": "安宁", "park.start": "2026-03-01",
                    "planning.milestones": [2026, 2030]}
    with pytest.raises(InputError, match="dotted scenario key"):
        parse_sets(["days=14"])
    with pytest.raises(InputError, match="--set"):
        parse_sets(["park.days"])


def test_validate_with_set_is_validated_like_the_file(park, capsys):
    assert main(["validate", str(park), "--set", "park.days=3"]) == 0
    assert "valid scenario 'small_park'" in capsys.readouterr().out
    assert main(["validate", str(park), "--set", "park.days=0", "--set", "park.colour=1"]) == 1
    err = capsys.readouterr().err
    assert "park.toml with --set: park.days = 0" in err and "with --set: park.colour" in err


def test_run_and_load_with_set(park, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(park), "--set", "park.days=2", "--set", "park.name=two_days", "--no-report",
                 "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "two_days" and summary["horizon"]["steps"] == 48
    shown = capsys.readouterr().out
    # one basis per line: the factor once at the top, then per year with the horizon's figure beside it
    k = summary["horizon"]["year_weight"]
    assert shown.count("x 182.5") == 1 and k == pytest.approx(365 / 2)
    for label in ("load", "annual cost", "CO2"):
        line = next(x for x in shown.splitlines() if x.strip().startswith(label))
        assert "/yr" in line and "over" in line, line
    assert "-0.0" not in shown
    assert main(["load", str(park), "--set", "park.days=2", "--out", str(tmp_path / "load")]) == 0
    profiles = pd.read_csv(tmp_path / "load" / "load_profiles.csv", index_col=0)
    assert len(profiles) == 48
    text = (tmp_path / "load" / "load_summary.csv").read_text(encoding="utf-8")
    assert "e+" not in text and "e-" not in text
    summary_frame = pd.read_csv(tmp_path / "load" / "load_summary.csv")
    assert summary_frame["annual_kwh"].sum() == pytest.approx(8.76e7 + 2.0e7, rel=1e-12)  # full precision


def test_resource_with_set(park, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["resource", str(park), "--set", "park.name=renamed", "-q"]) == 0
    assert (tmp_path / "results" / "renamed" / "resource" / "availability.csv").is_file()
    capsys.readouterr()


@pytest.mark.parametrize("command", [
    ["frontier", "{file}", "--green-share", "0.3:0.5:0.1"],
    ["sweep", "{file}", "--group", "pv_capex", "--factors", "0.8,1.2"],
    ["finance", "{file}", "--set", "horizon_yr=20"],
    ["sensitivity", "{file}"],
    ["sensitivity", "{file}", "--override", "grid.export_price_cny_per_kwh=0.1"],
    ["robustness", "{file}", "--years", "2"],
    ["milestones", "{file}"],
])
def test_set_reaches_the_scenario_of_every_command(command, park, monkeypatch):
    """The parser takes --set and the command loads the scenario with it (stopped right there)."""
    seen = {}

    class Stop(Exception):
        pass

    def fake_load(path, overrides=None):
        seen.update(overrides or {})
        raise Stop

    monkeypatch.setattr("simulator.scenario.load_scenario", fake_load)
    argv = [part.format(file=park) for part in command] + ["--set", "park.days=3", "--debug"]
    with pytest.raises(Stop):
        main(argv)
    assert seen["park.days"] == 3
    assert "horizon_yr" not in seen  # finance's own parameters stay out of the scenario
    if "--override" in command:
        assert seen["grid.export_price_cny_per_kwh"] == 0.1


def test_finance_rejects_an_unknown_investment_name(park, capsys):
    assert main(["finance", str(park), "--set", "horizon=20"]) == 1
    assert "horizon_yr" in capsys.readouterr().err


def test_init_writes_a_valid_commented_scenario(tmp_path, capsys):
    folder = tmp_path / "my park"
    assert main(["init", str(folder)]) == 0
    path = folder / "my_park.toml"
    text = path.read_text(encoding="utf-8")
    assert "纬度" in text and "latitude" in text  # bilingual comments
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0
    assert "valid scenario 'my_park'" in capsys.readouterr().out
    assert main(["init", str(folder)]) == 1  # never overwrites without --force
    assert main(["init", str(folder), "--force", "--name", "anning_new"]) == 0
    assert tomllib.loads((folder / "anning_new.toml").read_text(encoding="utf-8"))["park"]["name"] == "anning_new"


def test_default_scenario_is_package_data():
    from simulator.cli.options import default_scenario_path

    with default_scenario_path() as path:
        assert path.is_file()
        assert path.parent == REPO / "simulator" / "data" / "scenarios"
        # the packaged copy is the documented example, byte for byte
        assert path.read_bytes() == (REPO / "scenarios" / path.name).read_bytes()
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert any(fnmatch(f"scenarios/{path.name}", p) for p in patterns["simulator.data"])


def test_cli_copies_of_library_names_agree():
    from simulator.cli import analysis, robustness
    from simulator.model.build import COST_FACTORS
    from simulator.studies.robustness import summary
    from simulator.studies.sensitivity import INPUTS

    assert analysis.COST_GROUPS == COST_FACTORS and analysis.SENSITIVITY_INPUTS == INPUTS
    assert (robustness.FULL_YEARS_MAX_STEPS, robustness.AUTO_TYPICAL_DAYS) == (summary.FULL_YEARS_MAX_STEPS,
                                                                             summary.AUTO_TYPICAL_DAYS)


def test_numbers_without_noise_or_exponents():
    from simulator.cli.numbers import energy, num, percent, power
    from simulator.outputs.csv_numbers import plain_float

    assert num(-0.0001, 3) == "-0.000100" and num(-0.0) == "0" and num(None) == "n/a"
    assert num(103975.624, 4) == "103,976" and power(103975.624) == "104.0 MW"
    assert energy(36_106_561) == "36.11 GWh" and percent(0.19999999) == "20.0 %"
    for value in (3.02395e8, 1.57e-9, 0.1 + 0.2, 379058628.3103614, -0.0):
        text = plain_float(value)
        assert "e" not in text and float(text) == value
