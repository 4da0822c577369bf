"""A study stopped by signals (SIGTERM to the command, then SIGKILL to it and its workers) and resumed
with the same command: every run finishes exactly once and no partial file is ever visible."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from simulator.studies.batch import load_study

COSTS = [300, 400, 500, 600, 700]


def _complete(out: Path) -> dict[str, str]:
    """Run id -> attempt id of every visible run folder, checking that each is complete."""
    runs = out / "runs"
    found = {}
    if not runs.is_dir():
        return found
    for folder in runs.iterdir():
        if folder.name.startswith("."):
            continue  # temporary folders of runs being written (removed on resume)
        names = {p.name for p in folder.iterdir()}
        assert {"summary.json", "run.json", "hourly.csv", "hourly.parquet"} <= names, (folder, names)
        summary = json.loads((folder / "summary.json").read_text())
        assert summary["status"] == "optimal"
        assert len(pd.read_csv(folder / "hourly.csv")) == 7 * 24
        found[folder.name] = json.loads((folder / "run.json").read_text())["attempt"]
    return found


def _wait_for(out: Path, count: int, proc: subprocess.Popen, timeout_s: float = 300) -> dict[str, str]:
    deadline = time.monotonic() + timeout_s
    while True:
        done = _complete(out)
        if len(done) >= count:
            return done
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else proc.returncode
        assert time.monotonic() < deadline, f"fewer than {count} runs finished in {timeout_s} s"
        time.sleep(0.05)


def _group_gone(pgid: int, timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def test_killed_study_resumes_and_runs_each_run_once(inputs, tmp_path):
    study_file = tmp_path / "five.toml"
    study_file.write_text(f'[study]\nbase = "{inputs / "park.toml"}"\n[grid]\n'
                          f'"storage.energy_capex_cny_per_kwh" = {COSTS}\n', encoding="utf-8")
    expected = {spec.run_id for spec in load_study(study_file).runs}
    assert len(expected) == len(COSTS)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "simulator.cli", "batch", str(study_file), "--out", str(out),
               "--workers", "1", "--no-progress"]

    # 1. SIGTERM to the command after the first run: it stops, releases the folder, leaves no process
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for(out, 1, proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=120) == 128 + signal.SIGTERM
    assert _group_gone(proc.pid), "worker processes survived the study"
    first = _complete(out)
    assert 1 <= len(first) < len(COSTS)
    assert not (out / ".study.lock").exists()

    # 2. resume, then SIGKILL the command and its worker in the middle of the study
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    second = _wait_for(out, len(first) + 1, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    second = _complete(out)
    assert len(second) < len(COSTS), "the study finished before it could be killed"
    assert {rid: second[rid] for rid in first} == first  # finished runs were not redone

    # 3. resume with the same command: only the rest runs
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"({len(second)} finished before, {len(COSTS) - len(second)} to run)" in result.stderr
    final = _complete(out)
    assert set(final) == expected
    assert {rid: final[rid] for rid in second} == second
    assert len(set(final.values())) == len(COSTS)  # one attempt per run
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]
    assert not (out / ".study.lock").exists()
    summary = pd.read_csv(out / "summary.csv")
    assert sorted(summary["run_id"]) == sorted(expected)
    assert sorted(summary["storage.energy_capex_cny_per_kwh"]) == COSTS
    assert (summary["status"] == "optimal").all()
