"""A study on a real Dask cluster (a scheduler and two workers on loopback, started and stopped here)
gives the same summary as the local process pool."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from simulator.cli import main
from worker_probe import LATE_MODULES

# columns that legitimately differ between two executions of the same run
VOLATILE = ("wall_s", "cpu_s", "worker", "finished_utc")


def _stop(procs: list[subprocess.Popen]) -> None:
    """SIGTERM to every process at once, SIGKILL to any still alive after 20 s."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


@pytest.fixture
def dask_cluster(tmp_path):
    """``dask scheduler`` on 127.0.0.1 (random port) and two single-threaded ``dask worker`` processes."""
    scheduler_file = tmp_path / "scheduler.json"
    logs = tmp_path / "dask_logs"
    logs.mkdir()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs, handles = [], []

    def log(name):
        handles.append(open(logs / name, "w"))
        return handles[-1]

    try:
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            stdout=log("scheduler.log"), stderr=subprocess.STDOUT, env=env, cwd=tmp_path))
        deadline = time.monotonic() + 60
        address = None
        while address is None:
            assert procs[0].poll() is None, (logs / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start in 60 s"
            time.sleep(0.2)
            try:
                address = json.loads(scheduler_file.read_text())["address"]
            except (OSError, ValueError, KeyError):
                pass  # not written yet, or being written
        assert address.startswith("tcp://127.0.0.1:")
        for i in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", "--scheduler-file", str(scheduler_file),
                 "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                 "--local-directory", str(tmp_path / f"worker{i}"), "--name", f"w{i}"],
                stdout=log(f"worker{i}.log"), stderr=subprocess.STDOUT, env=env, cwd=tmp_path))
        from dask.distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
            pids = set(client.run(os.getpid).values())
        yield address, pids
    finally:
        _stop(procs)
        for handle in handles:
            handle.close()


def test_study_on_dask_equals_local_run(dask_cluster, grid_local, tmp_path, capsys):
    address, worker_pids = dask_cluster
    inputs, local_dir, _ = grid_local
    study = inputs / "grid_study.toml"
    code = main(["batch", str(study), "--out", str(tmp_path / "dask"), "--scheduler", address, "--no-progress"])
    assert code == 0, capsys.readouterr().err
    remote = pd.read_csv(tmp_path / "dask" / "summary.csv")
    local = pd.read_csv(local_dir / "summary.csv")
    # the runs really ran on the Dask workers
    used = {int(w.rsplit(":", 1)[1]) for w in remote["worker"]}
    assert used <= worker_pids
    assert len(remote) == 4 and set(remote["status"]) == {"optimal"}
    timing = [c for c in remote.columns if c.startswith("time_")]
    drop = [*VOLATILE, *timing]
    pd.testing.assert_frame_equal(remote.drop(columns=drop), local.drop(columns=drop), rtol=1e-9)
    # the run folders hold the same files
    for rid in remote["run_id"]:
        names = {p.name for p in (tmp_path / "dask" / "runs" / rid).iterdir()}
        assert names == {p.name for p in (local_dir / "runs" / rid).iterdir()}
        assert {"summary.json", "run.json", "hourly.csv", "hourly.parquet"} <= names
    # workers started without a preload were prepared by the study (simulator imported, objects frozen)
    import cloudpickle
    import worker_probe
    from dask.distributed import Client

    cloudpickle.register_pickle_by_value(worker_probe)  # these workers cannot import the tests' modules
    try:
        with Client(address, timeout="30s") as client:
            states = client.run(worker_probe.worker_state)
    finally:
        cloudpickle.unregister_pickle_by_value(worker_probe)
    assert {state["pid"] for state in states.values()} == worker_pids
    for state in states.values():
        assert state["imported"] == sorted(LATE_MODULES) and state["frozen"] > 10_000
