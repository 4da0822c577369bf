"""Resume heals damaged run folders and names what it could not finish; a killed study leaves no process."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil

from simulator.cli.main import main
from simulator.studies.batch import build_summary, finished_runs, run_study
from simulator.studies.batch import runner

HERE = Path(__file__).resolve().parent


def _attempts(out: Path) -> dict:
    return {p.name: json.loads((p / "run.json").read_text())["attempt"] for p in sorted((out / "runs").iterdir())
            if (p / "run.json").is_file()}


def _damage(grid_local, tmp_path) -> tuple[Path, Path, list[str]]:
    """A copy of the grid study folder: the first run without summary.json, the second one truncated."""
    folder, done, _ = grid_local
    out = tmp_path / "study"
    shutil.copytree(done, out)
    ids = sorted(p.name for p in (out / "runs").iterdir() if not p.name.startswith("."))
    assert len(ids) == 4
    (out / "runs" / ids[0] / "summary.json").unlink()
    text = (out / "runs" / ids[1] / "summary.json").read_text()
    (out / "runs" / ids[1] / "summary.json").write_text(text[: len(text) // 2])
    return folder / "grid_study.toml", out, ids


def test_resume_solves_damaged_runs_again_and_keeps_the_results(grid_local, tmp_path):
    study, out, ids = _damage(grid_local, tmp_path)
    before = _attempts(out)
    assert set(finished_runs(out)) == set(ids[2:])  # neither damaged run counts as finished
    assert set(build_summary(out)["run_id"]) == set(ids[2:])  # nor is listed (not "optimal" with no numbers)
    frame = run_study(study, out, workers=1)
    assert list(frame["status"]) == ["optimal"] * 4
    assert frame["objective_cny_per_yr"].notna().all() and frame["pv_kw"].notna().all()
    after = _attempts(out)
    assert after[ids[0]] != before[ids[0]] and after[ids[1]] != before[ids[1]]  # solved again and kept
    assert after[ids[2]] == before[ids[2]] and after[ids[3]] == before[ids[3]]  # not touched
    original = build_summary(grid_local[1]).set_index("run_id")["objective_cny_per_yr"]
    healed = frame.set_index("run_id")["objective_cny_per_yr"]
    pd.testing.assert_series_equal(healed.sort_index(), original.sort_index(), rtol=1e-6)
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]
    assert finished_runs(out) == {rid: "optimal" for rid in ids}


def test_the_final_message_names_every_unfinished_run(grid_local, tmp_path, monkeypatch, capsys):
    study, out, ids = _damage(grid_local, tmp_path)

    def store_nothing(*_args, **_kwargs):  # the runs could not be stored (a full disk, say)
        from simulator.studies.batch.summary import write_summary

        frame = write_summary(out)
        frame.attrs["lost"] = {}
        return frame

    monkeypatch.setattr(runner, "run_study", store_nothing)
    assert main(["batch", str(study), "--out", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    for rid in ids[:2]:
        assert f"{rid}: not finished" in err
    assert ids[2] not in err and ids[3] not in err

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_study", interrupted)
    assert main(["batch", str(study), "--out", str(out), "--no-progress"]) == 130
    err = capsys.readouterr().err
    assert "2 runs not finished" in err and all(f"{rid}: not finished" in err for rid in ids[:2])


SCRIPT = """\
import sys
from pathlib import Path

sys.path.insert(0, {here!r})

if __name__ == "__main__":
    import crashing
    from simulator.studies.batch.runner import Progress, _run_all
    from simulator.studies.batch.study import RunSpec

    specs = [RunSpec(f"run{{i}}", i, {pids!r}, {{}}, {{}}) for i in range(4)]
    _run_all(specs, Path({runs!r}), None, 2, Progress(total=4), lambda state: None, fn=crashing.wait_long)
"""


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE  # exited, not reaped (no init in a container)
    except psutil.NoSuchProcess:
        return True


def test_a_killed_study_leaves_no_worker_fork_server_or_tracker(tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "study.py"
    script.write_text(SCRIPT.format(here=str(HERE), pids=str(pids), runs=str(tmp_path / "runs")))
    proc = subprocess.Popen([sys.executable, str(script)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len(list(pids.glob("*.pid"))) < 2:  # both workers are in a (5-minute) run
            assert proc.poll() is None, proc.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.1)
        children = psutil.Process(proc.pid).children(recursive=True)
        workers = {int(p.stem) for p in pids.glob("*.pid")}
        assert workers <= {c.pid for c in children} and len(children) >= 3  # fork server + 2 workers
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30
    while not all(_gone(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [f"{c.pid} {c.name()}" for c in children if not _gone(c)]
    for child in children:  # never leave them running, even when the test fails
        if not _gone(child):
            child.kill()
    assert left == []
