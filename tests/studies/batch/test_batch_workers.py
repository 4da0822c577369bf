"""Study workers: prepared once at start (every module a run needs imported, imported objects frozen out
of the garbage collector's reach) on the local pool and on a Dask LocalCluster; runs handed out longest
first; the LocalCluster of ``local_client`` gives the same summary as the local pool."""
from __future__ import annotations

import os
from dataclasses import replace

import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.studies.batch import run_study, runner, study_from_dict
from simulator.studies.batch.cluster import local_client
from simulator.studies.batch.study import horizon_steps, longest_first
from worker_probe import LATE_MODULES, worker_state

VOLATILE = ("wall_s", "cpu_s", "worker", "finished_utc")


def _study(folder, days_list, files=("park.toml",), **extra):
    raw = {"study": {"name": "order", "scenarios": list(files), "mode": "zip"},
           "grid": {"park.days": days_list, **extra}}
    return study_from_dict(raw, base_dir=folder)


def test_horizon_steps_follow_days_and_time_step(study_dir):
    study = _study(study_dir, [7, 28, 14], **{"park.timestep_minutes": [60, 60, 15]})
    # 7 d x 24 h; 28 d x 24 h; 14 d x 96 quarter hours
    assert [horizon_steps(spec) for spec in study.runs] == [7 * 24, 28 * 24, 14 * 96]
    spec = study.runs[0]
    # park.days = None: the whole of the file's park.year 2026 (365 days)
    assert horizon_steps(replace(spec, overrides={"park.days": None})) == 365 * 24
    assert horizon_steps(replace(spec, overrides={})) == 7 * 24  # the file's own days = 7
    # a missing scenario file says nothing about its horizon (the run fails on its input)
    missing = replace(spec, scenario_file=str(study_dir / "no_such_park.toml"), overrides={})
    assert horizon_steps(missing) == 0


def test_runs_are_handed_out_longest_first_and_ties_keep_their_order(study_dir, tmp_path, monkeypatch):
    study = _study(study_dir, [7, 28, 14, 28], **{"storage.energy_capex_cny_per_kwh": [400, 500, 600, 700]})
    order = longest_first(study.runs)
    assert [spec.index for spec in order] == [1, 3, 2, 0]  # the two 28-day runs in study order
    handed = []
    monkeypatch.setattr(runner, "_run_all", lambda todo, *args, **kwargs: handed.extend(todo))
    run_study(study, tmp_path / "out", workers=1)
    assert [spec.run_id for spec in handed] == [spec.run_id for spec in order]


def test_pool_workers_are_prepared_before_their_first_run():
    from simulator.studies.batch import cluster

    assert runner.PRELOAD == cluster.PRELOAD == "simulator.studies.batch.preload"
    pool = runner._local_pool(1)
    try:
        state = pool.submit(worker_state).result(timeout=300)
    finally:
        pool.shutdown()
    assert state["pid"] != os.getpid()
    assert state["imported"] == sorted(LATE_MODULES)
    assert state["frozen"] > 10_000  # the imported modules' objects (≈ 190,000)


def test_local_client_refuses_a_bad_worker_count():
    with pytest.raises(InputError, match="workers"):
        with local_client(0):
            pass


def test_study_on_a_local_cluster_equals_the_local_pool(grid_local, tmp_path):
    inputs, local_dir, local = grid_local
    timings = {}
    with local_client(2, timings) as client:
        states = client.run(worker_state)
        remote = run_study(inputs / "grid_study.toml", tmp_path / "dask", executor=client)
    assert set(timings) == {"start_s", "close_s"}
    pids = {state["pid"] for state in states.values()}
    assert len(pids) == 2 and os.getpid() not in pids
    for state in states.values():  # prepared at start, before any run was sent
        assert state["imported"] == sorted(LATE_MODULES)
        assert state["frozen"] > 10_000
    # the runs ran on the cluster's workers, all of them optimal, and give the pool's summary
    assert {int(w.rsplit(":", 1)[1]) for w in remote["worker"]} <= pids
    assert len(remote) == 4 and set(remote["status"]) == {"optimal"}
    drop = [*VOLATILE, *(c for c in remote.columns if c.startswith("time_"))]
    pd.testing.assert_frame_equal(remote.drop(columns=drop), local.drop(columns=drop), rtol=1e-9)
