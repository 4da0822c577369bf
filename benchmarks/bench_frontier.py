"""Frontier timing: one compiled model updated per threshold (ParametricModel; the first point started
from a typical-day design on a long enough horizon) vs rebuilt at every point.

Usage: ``.venv/bin/python benchmarks/bench_frontier.py [--days 31] [--start 2026-01-01] [--range 0.3:1.0:0.05]``
(``--days 0`` = the full year). The default scenario is scenarios/anning_battery_park.toml; prints one
JSON line per mode and checks that both modes give the same costs. Wall times [s] include the
reference solves (rule switched off, business-as-usual twin); ``total_cpu_s`` is the process CPU time
(all threads), less sensitive to other load on a shared machine. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from simulator.studies.frontier import parse_range, prepare_inputs, sweep
from simulator.model.solve import solver_settings
from simulator.cli.main import DEFAULT_SCENARIO
from simulator.scenario import load_scenario
from simulator.model.screening import scaled_capacities, start_design
from simulator.inputs.timegrid import scenario_index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    parser.add_argument("--start", default="2026-01-01")
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--range", default="0.3:1.0:0.05")
    parser.add_argument("--rule", default="green_share")
    args = parser.parse_args()
    overrides = {} if args.days == 0 else {"park.start": args.start, "park.days": args.days}
    scenario = load_scenario(args.scenario, overrides=overrides) if overrides else load_scenario(args.scenario)
    t0 = time.perf_counter()
    inp = prepare_inputs(scenario)
    prep = time.perf_counter() - t0
    thresholds = parse_range(args.range)
    costs = {}
    for reuse in (True, False):
        t0, c0 = time.perf_counter(), time.process_time()
        settings = solver_settings(scenario)
        # reuse: as `zcpark frontier` does it, the first point from a typical-day design where one applies
        design = start_design(inp, scenario_index(scenario), scenario.solver, settings) if reuse else None
        front = sweep(inp, args.rule, thresholds, settings, reuse=reuse,
                      start=scaled_capacities(design, inp)[0] if design else None)
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        points = front.timings_s["build"] + front.timings_s["points"]
        costs[reuse] = front.table["cost_cny_per_yr"].to_numpy()
        print(json.dumps({"mode": "reuse" if reuse else "rebuild", "scenario": scenario.park.name,
                          "steps": inp.n_steps, "points": len(thresholds), "prepare_s": round(prep, 2),
                          "build_s": round(front.timings_s["build"], 2),
                          "sweep_s": round(points, 2), "per_point_s": round(points / len(thresholds), 3),
                          "total_with_reference_solves_s": round(total, 2),
                          "total_cpu_s": round(cpu, 2), "load_average": [round(x, 1) for x in os.getloadavg()],
                          "statuses": sorted(set(front.table["status"])),
                          "started_from_design": front.timings_s.get("started_from_design", False)}), flush=True)
    same = np.allclose(costs[True], costs[False], rtol=1e-6, equal_nan=True)
    print(json.dumps({"same_costs": bool(same),
                      "max_rel_diff": float(np.nanmax(np.abs(costs[True] / costs[False] - 1)))}))


if __name__ == "__main__":
    main()
