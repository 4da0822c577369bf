"""Batch study speed-up: a 20-run study on the local process pool with 1 and with 2 workers, and on a
Dask LocalCluster with 2 worker processes (``--dask 2``).

The study is the default scenario (scenarios/anning_battery_park.toml) cut to one week (park.start,
park.days = 7) over 5 storage energy costs x 4 green-share floors. Each worker count runs into a fresh
folder, so nothing is skipped. Prints one JSON line per worker count and the speed-up (wall time with 1
worker / wall time with 2), and checks that both give the same objectives.

Usage: ``.venv/bin/python benchmarks/bench_batch.py [--workers 1 2] [--dask 2] [--days 7] [--keep DIR]``.
With ``--days 365`` and a smaller grid (``--runs N``: the first N runs) it gives runs per hour for
full-year runs.
Not part of the test suite. On a shared or loaded machine the speed-up is below what idle cores give.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from simulator.studies.batch import run_study, study_from_dict
from simulator.cli.main import DEFAULT_SCENARIO

COSTS_CNY_PER_KWH = [400, 500, 600, 700, 800]
GREEN_SHARES = [0.30, 0.35, 0.40, 0.45]


def make_study(days: int, runs: int | None = None):
    """The 20-run study (5 x 4 product grid) on the default scenario cut to ``days`` days (its first
    ``runs`` runs when given: fewer storage costs)."""
    costs = COSTS_CNY_PER_KWH if runs is None else COSTS_CNY_PER_KWH[:max(1, -(-runs // len(GREEN_SHARES)))]
    overrides = {"park.start": "2026-01-01", "park.days": days} if days >= 365 else \
        {"park.start": "2026-03-02", "park.days": days}
    raw = {"study": {"name": f"bench_{days}d", "base": str(DEFAULT_SCENARIO), "mode": "product"},
           "overrides": overrides,
           "grid": {"storage.energy_capex_cny_per_kwh": costs, "policy.green_share_min_fraction": GREEN_SHARES}}
    return study_from_dict(raw, source="bench_batch")


def run_on(study, out: Path, workers: int, dask: bool):
    """Run the study on a local pool, or on a Dask LocalCluster of ``workers`` single-thread processes."""
    if not dask:
        return run_study(study, out, workers=workers)
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        return run_study(study, out, executor=client)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--dask", type=int, nargs="*", default=[], help="Dask LocalCluster worker counts")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--runs", type=int, default=None, help="only the first N runs of the grid")
    parser.add_argument("--keep", help="keep the study folders under this folder")
    args = parser.parse_args()
    study = make_study(args.days, args.runs)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_batch_"))
    results = {}
    try:
        for workers, dask in [(w, False) for w in args.workers] + [(w, True) for w in args.dask]:
            out = root / f"{'dask' if dask else 'pool'}_{workers}"
            shutil.rmtree(out, ignore_errors=True)
            load_before = os.getloadavg()[0]
            t0 = time.perf_counter()
            frame = run_on(study, out, workers, dask)
            wall = time.perf_counter() - t0
            results[(workers, dask)] = (wall, frame)
            print(json.dumps({"workers": workers, "dask": dask, "runs": len(frame), "wall_s": round(wall, 2),
                              "runs_per_hour": round(3600.0 * len(frame) / wall, 1),
                              "load_avg_1min_before": round(load_before, 2),
                              "statuses": frame["status"].value_counts().to_dict(),
                              "mean_run_wall_s": round(float(frame["wall_s"].mean()), 3),
                              "mean_solve_s": round(float(frame["time_solve_s"].mean()), 3),
                              "cpu_s_total": round(float(frame["cpu_s"].sum()), 2),
                              "cores_obtained": round(float(frame["cpu_s"].sum()) / wall, 2),
                              "cpus": os.cpu_count(), "load_avg_1min": round(os.getloadavg()[0], 2)}))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    if (1, False) in results and len(results) > 1:
        base_wall, base_frame = results[(1, False)]
        base = base_frame.set_index("run_id")["objective_cny_per_yr"] if "run_id" in base_frame else \
            base_frame["objective_cny_per_yr"]
        for (workers, dask), (wall, frame) in results.items():
            if (workers, dask) == (1, False):
                continue
            other = frame.set_index("run_id")["objective_cny_per_yr"] if "run_id" in frame else \
                frame["objective_cny_per_yr"]
            same = np.allclose(base.sort_index(), other.sort_index(), rtol=1e-9)
            print(json.dumps({"speed_up": round(base_wall / wall, 2), "workers": workers, "dask": dask,
                              "same_objectives": bool(same)}))


if __name__ == "__main__":
    main()
