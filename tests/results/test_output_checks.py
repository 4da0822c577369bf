"""Every command that writes checks its output folder before reading any input; park names stay in results/."""
from __future__ import annotations

import json

import pytest

from simulator.cli.main import WRITING_COMMANDS, main
from simulator.errors import InputError
from simulator.outputs.load_files import LOAD_FILES
from simulator.results.write import MANIFEST
from park_fixtures import SMALL_PARK, SMALL_PARK_TOML, make_scenario

#: the arguments each writing command needs besides the scenario (or study) file and --out
EXTRA = {"sweep": ["--group", "pv_capex", "--factors", "1"], "frontier": ["--green-share", "0.3:0.4:0.1"]}


@pytest.mark.parametrize("command", sorted(set(WRITING_COMMANDS) - {"report"}))
def test_an_output_folder_that_is_a_file_is_refused_before_the_inputs_are_read(command, tmp_path, capsys):
    (tmp_path / "taken").write_text("a file")
    missing = tmp_path / "no_such_scenario.toml"  # reading it would fail with another message
    code = main([command, str(missing), "--out", str(tmp_path / "taken" / "out"), *EXTRA.get(command, [])])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("zcpark: error: command line: --out = ") and "is a file" in err, err
    assert "no_such_scenario" not in err


def test_report_refuses_a_folder_that_is_a_file(tmp_path, capsys):
    (tmp_path / "taken").write_text("a file")
    assert main(["report", str(tmp_path / "taken")]) == 1
    assert "<folder>" in capsys.readouterr().err


def test_run_refuses_a_user_file_of_a_result_name_before_solving(tmp_path, capsys):
    (tmp_path / "park.toml").write_text(SMALL_PARK_TOML)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "hourly.csv").write_text("my own data")
    assert main(["run", str(tmp_path / "park.toml"), "--out", str(tmp_path / "out"), "--no-report"]) == 1
    err = capsys.readouterr().err
    assert "hourly.csv" in err and "zcpark did not write" in err and "[3/" not in err  # nothing solved
    assert (tmp_path / "out" / "hourly.csv").read_text() == "my own data"


@pytest.mark.parametrize("name", [".", "..", "", "a/b", "a\\b", "../x"])
def test_park_names_that_would_leave_results_are_refused(name):
    with pytest.raises(InputError, match="park.name"):
        make_scenario(SMALL_PARK, **{"park.name": name})


def test_the_report_is_committed_with_its_run_and_removed_with_it(tmp_path, monkeypatch, capsys):
    """`zcpark run` writes the report inside the run's commit: a later run without a report leaves no
    report of an earlier run beside its summary (`zcpark report` registers its files the same way:
    simulator/cli/report.py, test_a_report_registered_after_the_run_is_removed_by_the_next_run)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "park.toml").write_text(SMALL_PARK_TOML.replace("days = 7", "days = 2"))
    out = tmp_path / "results" / "small_park"
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    assert main(["load", "park.toml", "--out", str(out)]) == 0  # another command's set in the same folder
    load_files = {p.name: p.read_bytes() for p in out.iterdir() if p.name in LOAD_FILES}
    assert len(load_files) == 4
    assert main(["run", "park.toml", "--lang", "en"]) == 0  # default folder results/<park name>
    summary = json.loads((out / "summary.json").read_text())
    manifest = json.loads((out / MANIFEST).read_text())["sets"]["run"]
    assert manifest["run_id"] == summary["output"]["run_id"]
    assert {"report_en.html", "results_en.xlsx"} <= set(manifest["files"])
    assert main(["run", "park.toml", "--no-report"]) == 0
    assert not (out / "report_en.html").exists() and not (out / "results_en.xlsx").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in LOAD_FILES} == load_files
    assert set(json.loads((out / MANIFEST).read_text())["sets"]) == {"load", "run"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["park.toml", "results"]
    capsys.readouterr()
