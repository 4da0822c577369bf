"""Result folders: zcpark replaces only its own files, as one consistent set, and keeps everything else."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

from simulator import run
from simulator.errors import InputError
from simulator.outputs.data import read_results
from simulator.results.write import JOURNAL, MANIFEST, check_output_folder, register_files
from park_fixtures import make_scenario

USER_FILES = {"notes.txt": "keep me", "plots/peak.svg": "<svg/>", "park.toml": "[park]\n"}
RUN_NAMES = {"summary.json", "scenario.json", "hourly.csv", "hourly.parquet", "load_enterprises.csv", "solver.log",
             "enterprises.csv", "enterprises.parquet"}


@pytest.fixture(scope="module")
def results():
    """(optimal, infeasible) results of the small park: 1 MW of PV cannot meet the 650号 rules."""
    from park_fixtures import SMALL_PARK

    optimal = run(make_scenario(SMALL_PARK))
    infeasible = run(make_scenario(SMALL_PARK, **{"pv.max_kw": 10, "wind.max_kw": 10}))
    assert (optimal.status, infeasible.status) == ("optimal", "infeasible")
    return optimal, infeasible


def _user_files(folder: Path) -> dict:
    """A user's notes, a plots folder, the scenario and a meter file, and `zcpark load` output, inside the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"notes.txt": "keep me", "plots/peak.svg": "<svg/>", "park.toml": "[park]\nname = 'x'\n",
             "meter.csv": "time,kw\n2026-01-01 00:00,1\n", "load/load_summary.json": "{}"}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return files


def _assert_kept(folder: Path, files: dict) -> None:
    for name, text in files.items():
        assert (folder / name).read_text() == text, name


def _hidden(folder: Path) -> set:
    return {p.name for p in folder.iterdir() if p.name.startswith(".")}


def test_a_rerun_replaces_only_its_own_files_and_removes_its_stale_ones(results, tmp_path):
    optimal, infeasible = results
    out = tmp_path / "out"
    mine = _user_files(out)
    written = optimal.write(out)
    assert {p.name for p in written} == RUN_NAMES
    infeasible.write(out)
    names = {p.name for p in out.iterdir()}
    assert json.loads((out / "summary.json").read_text())["status"] == "infeasible"
    assert "hourly.csv" not in names and "hourly.parquet" not in names  # the optimal run's, now stale
    _assert_kept(out, mine)
    assert _hidden(out) == {MANIFEST}  # no stage, journal or temporary file left
    manifest = json.loads((out / MANIFEST).read_text())
    summary = json.loads((out / "summary.json").read_text())
    assert manifest["sets"]["run"]["run_id"] == summary["output"]["run_id"]
    assert set(manifest["sets"]["run"]["files"]) == names & RUN_NAMES


def test_summary_lists_every_data_file_with_its_size_and_hash(results, tmp_path):
    out = tmp_path / "out"
    results[0].write(out)
    listed = json.loads((out / "summary.json").read_text())["output"]["files"]
    assert set(listed) == RUN_NAMES - {"summary.json"}
    for name, entry in listed.items():
        data = (out / name).read_bytes()
        assert entry == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_a_reader_refuses_a_folder_that_mixes_two_runs(results, tmp_path):
    optimal, _ = results
    a, b = tmp_path / "a", tmp_path / "b"
    optimal.write(a)
    optimal.write(b)
    with open(a / "hourly.csv", "a", encoding="utf-8") as handle:  # another run's file: one byte more
        handle.write("\n")
    with pytest.raises(InputError, match="hourly.csv.*mixes two runs"):
        read_results(a)
    assert read_results(b).optimal


def test_a_file_of_the_same_name_that_zcpark_did_not_write_is_refused_untouched(results, tmp_path):
    (tmp_path / "summary.json").write_text("my own summary")
    with pytest.raises(InputError, match="--out.*summary.json.*zcpark did not write"):
        results[0].write(tmp_path)
    assert (tmp_path / "summary.json").read_text() == "my own summary"
    assert {p.name for p in tmp_path.iterdir()} == {"summary.json"}


def test_a_report_registered_after_the_run_is_removed_by_the_next_run(results, tmp_path):
    optimal, infeasible = results
    optimal.write(tmp_path)
    (tmp_path / "report_en.html").write_text("<html>old</html>")
    register_files(tmp_path, ["report_en.html"])
    infeasible.write(tmp_path)  # a report of the optimal run must not stay beside the infeasible summary
    assert not (tmp_path / "report_en.html").exists()


def test_a_failure_while_writing_leaves_the_earlier_run_intact(results, tmp_path, monkeypatch):
    optimal, infeasible = results
    out = tmp_path / "out"
    optimal.write(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sys.modules["simulator.results.run"], "write_json", boom)
    with pytest.raises(OSError, match="disk full"):
        infeasible.write(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_folders_and_files_follow_the_umask(results, tmp_path):
    old = os.umask(0o027)
    try:
        results[0].write(tmp_path / "a" / "b")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert folder.stat().st_mode & 0o777 == 0o750
    for path in (tmp_path / "a" / "b").iterdir():
        assert path.stat().st_mode & 0o777 == 0o640, path.name


def test_a_folder_that_cannot_be_renamed_is_written(results, tmp_path, monkeypatch):
    """--out at a mount point: renaming the folder itself fails (EBUSY), or crossing devices (EXDEV)."""
    out = tmp_path / "mount"
    out.mkdir()
    real_replace, real_rename = os.replace, os.rename

    def refuse_folders(real, code):
        def move(src, dst, *args, **kwargs):
            if os.path.isdir(src):
                raise OSError(code, os.strerror(code), str(src))
            return real(src, dst, *args, **kwargs)
        return move

    monkeypatch.setattr(os, "replace", refuse_folders(real_replace, errno.EBUSY))
    monkeypatch.setattr(os, "rename", refuse_folders(real_rename, errno.EXDEV))
    results[0].write(out)
    results[1].write(out)
    assert json.loads((out / "summary.json").read_text())["status"] == "infeasible"
    assert _hidden(out) == {MANIFEST}


def test_a_folder_written_by_an_earlier_version_is_taken_over(results, tmp_path):
    optimal, infeasible = results
    out = tmp_path / "out"
    optimal.write(out)
    (out / MANIFEST).unlink()
    (out / ".zcpark-run").write_text("written by zcpark\n")  # the marker of the whole-folder swap
    (out / "notes.txt").write_text("mine")
    infeasible.write(out)
    assert not (out / "hourly.csv").exists() and (out / "notes.txt").read_text() == "mine"
    assert _hidden(out) == {MANIFEST}


@pytest.mark.parametrize("layout, expected", [
    ("file", "is a file"), ("parent_file", "is a file"), ("proc", "you can write to")])
def test_check_output_folder_refuses(tmp_path, layout, expected):
    (tmp_path / "f").write_text("x")
    path = {"file": tmp_path / "f", "parent_file": tmp_path / "f" / "sub" / "out",
            "proc": Path("/proc/self/zcpark_out")}[layout]
    with pytest.raises(InputError, match=f"--out.*{expected}"):
        check_output_folder(path)


def test_check_output_folder_accepts_new_and_shared_folders(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "notes.txt").write_text("x")
    assert check_output_folder(tmp_path / "shared", ("summary.json",)) == tmp_path / "shared"
    assert check_output_folder(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert not (tmp_path / "new").exists()  # checking creates nothing
    assert {p.name for p in tmp_path.iterdir()} == {"shared"}
    assert {p.name for p in (tmp_path / "shared").iterdir()} == {"notes.txt"}  # no probe file left


def test_an_interrupted_commit_is_finished_by_the_next_reader(results, tmp_path, monkeypatch):
    """Killed after the journal (the commit point): reading the folder finishes the moves."""
    import simulator.results.write as write

    optimal, infeasible = results
    out = tmp_path / "out"
    optimal.write(out)

    def stop(_folder, _journal):
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_apply", stop)
    with pytest.raises(KeyboardInterrupt):
        infeasible.write(out)
    monkeypatch.undo()
    assert (out / JOURNAL).is_file()
    assert json.loads((out / "summary.json").read_text())["status"] == "optimal"  # not moved yet
    assert read_results(out).summary["status"] == "infeasible"
    assert not (out / "hourly.csv").exists() and _hidden(out) == {MANIFEST}


def _run_files(folder: Path) -> set:
    return {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} - {"notes.txt", "park.toml"}


def test_a_write_killed_at_any_point_leaves_one_complete_run(results, tmp_path):
    """SIGKILL before each file operation of a write (the new run infeasible: its stale hourly files
    must go), in a forked child (tests/results/kill_writer.py)."""
    old, new = results
    template = tmp_path / "template"
    for name, text in USER_FILES.items():
        (template / name).parent.mkdir(parents=True, exist_ok=True)
        (template / name).write_text(text)
    from kill_writer import kill_matrix, stand_in_report

    old.write(template, add_files=stand_in_report)
    work = tmp_path / "work"
    work.mkdir()
    report = kill_matrix(new, template, work)
    calls = report["calls"]
    assert report["failed"] == [] and report["killed"] == list(range(1, calls + 1))
    assert calls >= 12  # probe, staged files, journal, moves, removals, manifest, cleanup
    outcomes = []
    for k in range(calls + 1):
        folder = work / str(k)
        committed = (folder / JOURNAL).exists()
        for name, text in USER_FILES.items():
            assert (folder / name).read_text() == text, (k, name)
        result = read_results(folder)  # finishes a commit killed after its commit point; checks hashes
        summary = result.summary
        status = summary["status"]
        assert status == ("infeasible" if committed else status)
        run_id = summary["output"]["run_id"]
        expected = set(summary["output"]["files"]) | {"summary.json", "report_en.html"}
        assert _run_files(folder) == expected, k  # no file of the other run beside this summary
        assert run_id in (folder / "report_en.html").read_text(), k  # the report is this run's
        manifest = json.loads((folder / MANIFEST).read_text())["sets"]["run"]
        assert manifest["run_id"] == run_id and set(manifest["files"]) == expected, k
        outcomes.append(status)
        new.write(folder)  # the next run cleans whatever the killed one left
        assert {p.name for p in folder.iterdir() if p.name.startswith(".")} == {MANIFEST}, k
        assert not (folder / "report_en.html").exists()  # written by the killed run, stale for this one
    assert outcomes[0] == "infeasible" and outcomes[1] == "optimal"  # k = 0: not killed; k = 1: the probe
    assert "optimal" in outcomes[1:] and "infeasible" in outcomes[1:]
    switch = outcomes.index("infeasible", 1)
    assert set(outcomes[1:switch]) == {"optimal"} and set(outcomes[switch:]) == {"infeasible"}


def test_leftovers_of_the_earlier_whole_folder_swap_are_restored_or_removed(results, tmp_path):
    """Killed between the two renames of the old scheme, the previous result lived only in
    ``.out.old-<pid>``; killed while staging, a ``.out.staging-*`` folder stayed forever."""
    optimal, infeasible = results
    optimal.write(tmp_path / "previous")
    (tmp_path / "previous" / "notes.txt").write_text("mine")
    os.replace(tmp_path / "previous", tmp_path / ".out.old-999999999")  # no such process
    (tmp_path / ".out.staging-abc123").mkdir()
    (tmp_path / ".out.staging-abc123" / "summary.json").write_text("{}")
    infeasible.write(tmp_path / "out")
    assert {p.name for p in tmp_path.iterdir()} == {"out"}
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"
    assert not (tmp_path / "out" / "hourly.csv").exists()  # the restored run's, replaced by this one
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["status"] == "infeasible"
