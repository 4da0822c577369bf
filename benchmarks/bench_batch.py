"""Batch study speed-up: one study on the local process pool and on a Dask LocalCluster, 1 and 2 workers.

The study is the default scenario (scenarios/anning_battery_park.toml) cut to ``--days`` days over 5 storage
energy costs x 4 green-share floors (20 runs; ``--runs N``: the first N). Every configuration runs in a
fresh Python process (as ``zcpark batch`` does), into a fresh folder, so each pays its own start-up:

- ``pool N``: ``run_study(study, out, workers=N)``; its start-up (the fork server importing the
  simulator once, workers forked) is inside the study's wall time and is shown as ``start-up``: the time
  from the call to the first run starting.
- ``dask N``: :func:`simulator.studies.batch.cluster.local_client` (LocalCluster of N single-threaded
  worker processes that import the simulator at start, no profiler), then ``run_study(..., executor=client)``;
  ``start`` (cluster up, workers imported), ``study`` and ``close`` are measured separately and ``total``
  is their sum: what a user who starts the cluster for one study waits.
- ``dask-plain N``: a LocalCluster with Dask's defaults and the workers not prepared (they import the
  simulator in their first run, no garbage-collector freeze, profiler on, 20 ms tick): the Dask path as it
  was before ``local_client`` and ``prepare_workers``, to compare with.

Prints one JSON line per configuration, then a table (wall, CPU s per run, cores obtained, runs per hour,
ratio to the same executor with 1 worker and to the pool with 1 worker) and checks that every configuration
gives the same objectives (1e-9 relative). The 1-minute load average is printed before each configuration:
on a shared machine the ratios measure the share of the cores the other processes left.

Usage: ``PYTHONPATH=. python benchmarks/bench_batch.py [--workers 1 2] [--dask 1 2] [--dask-plain 2]
[--days 28] [--runs N] [--keep DIR]``; ``--days 365 --runs 4`` gives runs per hour for full-year runs.
``--worker-cost [--days D] [--runs N]`` instead measures the CPU time and garbage-collector time per run
in an unprepared and in a prepared worker process (:mod:`simulator.studies.batch.preload`).
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

COSTS_CNY_PER_KWH = [400, 500, 600, 700, 800]
GREEN_SHARES = [0.30, 0.35, 0.40, 0.45]


def make_study(days: int, runs: int | None = None):
    """The 20-run study (5 x 4 product grid) on the default scenario cut to ``days`` days (its first
    ``runs`` runs when given: fewer storage costs, the grid cut to ``runs``)."""
    from simulator.cli.main import DEFAULT_SCENARIO
    from simulator.studies.batch import study_from_dict

    costs = COSTS_CNY_PER_KWH if runs is None else COSTS_CNY_PER_KWH[:max(1, -(-runs // len(GREEN_SHARES)))]
    overrides = {"park.start": "2026-01-01", "park.days": days} if days >= 365 else \
        {"park.start": "2026-03-02", "park.days": days}
    raw = {"study": {"name": f"bench_{days}d", "base": str(DEFAULT_SCENARIO), "mode": "product"},
           "overrides": overrides,
           "grid": {"storage.energy_capex_cny_per_kwh": costs, "policy.green_share_min_fraction": GREEN_SHARES}}
    study = study_from_dict(raw, source="bench_batch")
    if runs is not None:
        study.runs = study.runs[:runs]
    return study


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def measure_one(kind: str, workers: int, days: int, runs: int | None, out: Path) -> dict:
    """Run the study once in this process on ``kind`` (pool, dask, dask-plain) with ``workers`` workers."""
    from simulator.studies.batch import run_study

    study = make_study(days, runs)
    load_before = os.getloadavg()[0]
    timings = {"start_s": 0.0, "close_s": 0.0}
    if kind == "pool":
        t0 = time.time()
        frame = run_study(study, out, workers=workers)
        study_s = time.time() - t0
    elif kind == "dask":
        from simulator.studies.batch.cluster import local_client

        with local_client(workers, timings) as client:
            t0 = time.time()
            frame = run_study(study, out, executor=client)
            study_s = time.time() - t0
    else:
        from dask.distributed import Client, LocalCluster

        try:
            from simulator.studies.batch import cluster
        except ImportError:  # the code before local_client (PYTHONPATH on an older checkout): nothing to undo
            pass
        else:
            cluster.prepare_workers = lambda client: None  # Dask as it comes: workers prepared by nothing

        t_start = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            client.wait_for_workers(workers)
            timings["start_s"] = time.perf_counter() - t_start
            t0 = time.time()
            frame = run_study(study, out, executor=client)
            study_s = time.time() - t0
            t_close = time.perf_counter()
        timings["close_s"] = time.perf_counter() - t_close
    records = [json.loads((out / "runs" / rid / "run.json").read_text(encoding="utf-8")) for rid in frame["run_id"]]
    first_start = min(_seconds(r["started_utc"]) for r in records) - t0
    last_finish = max(_seconds(r["finished_utc"]) for r in records) - t0
    cpu = frame["cpu_s"].to_numpy(float)
    return {"kind": kind, "workers": workers, "days": days, "runs": len(frame),
            "statuses": frame["status"].value_counts().to_dict(),
            "load_avg_1min_before": round(load_before, 2), "load_avg_1min_after": round(os.getloadavg()[0], 2),
            "cluster_start_s": round(timings["start_s"], 2), "study_s": round(study_s, 2),
            "cluster_close_s": round(timings["close_s"], 2),
            "total_s": round(timings["start_s"] + study_s + timings["close_s"], 2),
            "first_run_starts_s": round(first_start, 2), "last_run_ends_s": round(last_finish, 2),
            "cpu_s_per_run_mean": round(float(cpu.mean()), 3), "cpu_s_per_run_median": round(float(np.median(cpu)), 3),
            "wall_s_per_run_mean": round(float(frame["wall_s"].mean()), 3),
            "cores_obtained": round(float(cpu.sum()) / study_s, 2),
            "workers_used": int(frame["worker"].nunique()),
            "objectives": dict(zip(frame["run_id"], frame["objective_cny_per_yr"].astype(float)))}


def measure_fresh(kind: str, workers: int, days: int, runs: int | None, out: Path) -> dict:
    """:func:`measure_one` in a fresh Python process (as ``zcpark batch`` starts), into ``out`` (made anew)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, __file__, "--days", str(days), "--one", kind, str(workers), str(out)]
    if runs is not None:
        command += ["--runs", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{kind} {workers} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker_cost(prepared: bool, days: int, runs: int) -> dict:
    """CPU time per run in this process, unprepared (the run function imported, as a worker was before) or
    prepared (:mod:`simulator.studies.batch.preload`: every module imported, objects frozen), and the time
    the garbage collector spent per run, by generation (``gc.callbacks``). The first run is reported apart
    (it pays what is imported late)."""
    import gc

    if prepared:
        import simulator.studies.batch.preload  # noqa: F401
    else:
        import simulator.results.run  # noqa: F401
    from simulator.studies.batch.runner import execute_run

    study = make_study(days, runs)
    spent, began = [0.0, 0.0, 0.0], [0.0]

    def note(phase, info):
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            spent[info["generation"]] += time.perf_counter() - began[0]

    cpu = []
    for i, spec in enumerate(study.runs):
        if i == 1:
            gc.callbacks.append(note)
        c0 = time.process_time()
        execute_run(spec)
        cpu.append(time.process_time() - c0)
    if note in gc.callbacks:
        gc.callbacks.remove(note)
    rest = max(len(study.runs) - 1, 1)
    return {"prepared": prepared, "days": days, "runs": len(study.runs), "load_avg_1min": round(os.getloadavg()[0], 2),
            "first_run_cpu_s": round(cpu[0], 3),
            "cpu_s_per_run_after_first": round(float(np.mean(cpu[1:])), 3) if len(cpu) > 1 else None,
            "gc_s_per_run_by_generation": [round(x / rest, 3) for x in spent], "frozen_objects": gc.get_freeze_count()}


def _table(results: list[dict]) -> str:
    """Markdown table of the configurations with their ratios (wall time of 1 worker / wall time of this one)."""
    by = {(r["kind"], r["workers"]): r for r in results}
    pool1 = by.get(("pool", 1))
    lines = ["| executor | workers | load before | start-up s | study s | close s | total s | CPU s per run "
             "| cores obtained | runs per hour (total) | × 1 worker, same executor: study / total "
             "| × pool 1 worker: total |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        start = r["first_run_starts_s"] if r["kind"] == "pool" else r["cluster_start_s"]
        one = by.get((r["kind"], 1))
        same = f"{one['study_s'] / r['study_s']:.2f} / {one['total_s'] / r['total_s']:.2f}" \
            if one and r["workers"] != 1 else ""
        vs_pool = f"{pool1['total_s'] / r['total_s']:.2f}" if pool1 and r is not pool1 else ""
        lines.append(f"| {r['kind']} | {r['workers']} | {r['load_avg_1min_before']} | {start:.1f}"
                     f"{' (in study)' if r['kind'] == 'pool' else ''} | {r['study_s']:.1f} "
                     f"| {r['cluster_close_s']:.1f} "
                     f"| {r['total_s']:.1f} | {r['cpu_s_per_run_mean']:.2f} | {r['cores_obtained']:.2f} "
                     f"| {3600.0 * r['runs'] / r['total_s']:,.0f} | {same} | {vs_pool} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="local pool worker counts")
    parser.add_argument("--dask", type=int, nargs="*", default=[], help="tuned Dask LocalCluster worker counts")
    parser.add_argument("--dask-plain", type=int, nargs="*", default=[], help="LocalCluster with Dask's defaults")
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--runs", type=int, default=None, help="only the first N runs of the grid")
    parser.add_argument("--keep", help="keep the study folders under this folder")
    parser.add_argument("--worker-cost", action="store_true",
                        help="instead: CPU and garbage-collector time per run in an unprepared and a prepared "
                             "worker process (fresh processes, alternating, 2 each; --runs default 4)")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "WORKERS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--prepared", choices=("yes", "no"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepared:  # one worker-cost measurement, in the fresh process the parent started
        print(json.dumps(worker_cost(args.prepared == "yes", args.days, args.runs or 4)))
        return
    if args.worker_cost:
        for prepared in ("no", "yes", "no", "yes"):
            command = [sys.executable, __file__, "--days", str(args.days), "--prepared", prepared]
            if args.runs is not None:
                command += ["--runs", str(args.runs)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            print(done.stdout.strip().splitlines()[-1], flush=True)
        return
    if args.one:  # a single configuration, in the fresh process the parent started
        kind, workers, out = args.one
        print(json.dumps(measure_one(kind, int(workers), args.days, args.runs, Path(out))))
        return
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_batch_"))
    configs = [("pool", w) for w in args.workers] + [("dask", w) for w in args.dask] + \
        [("dask-plain", w) for w in args.dask_plain]
    results = []
    try:
        for kind, workers in configs:
            result = measure_fresh(kind, workers, args.days, args.runs, root / f"{kind}_{workers}")
            results.append(result)
            print(json.dumps({k: v for k, v in result.items() if k != "objectives"}), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    base = pd.Series(results[0]["objectives"]).sort_index()
    same = all(np.allclose(pd.Series(r["objectives"]).sort_index().to_numpy(), base.to_numpy(), rtol=1e-9, atol=0)
               and sorted(r["objectives"]) == list(base.index) for r in results)
    print(_table(results))
    print(f"same objectives in every configuration (1e-9 relative): {same}; cpus: {os.cpu_count()}")


if __name__ == "__main__":
    main()
