"""Cost-sweep timing: one model re-solved with a changed cost factor vs a rebuild at every point.

Usage: ``.venv/bin/python benchmarks/bench_sweep.py [--days 0] [--group pv_capex] [--factors 0.8:1.2:0.1]``
(``--days 0`` = the full year, the default). Modes, all on the default scenario:

- ``reuse-choose``: build once, persistent HiGHS, dual simplex restarting from the previous basis;
- ``reuse-from-design`` (what ``zcpark sweep`` does on a full year): the first point warm-started from a
  typical-day design (its time included), then dual simplex from that optimal basis;
- ``reuse-ipx-then-simplex`` (``cost_sweep`` without a start design): IPX for the first point, then dual
  simplex from the basis crossover left;
- ``reuse-ipx``: build once, persistent HiGHS, interior point afresh at each point;
- ``rebuild-ipx``: build, compile and solve every point from scratch (the scenario default solver).

Prints one JSON line per mode (build, per-point and total wall time, CPU time, load average) and
the largest relative cost difference between the modes. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from simulator.studies.frontier import prepare_inputs
from simulator.studies.sweep import cost_sweep, parse_factors
from simulator.cli.main import DEFAULT_SCENARIO
from simulator.model import SolverSettings
from simulator.scenario import load_scenario
from simulator.model.screening import scaled_capacities, start_design
from simulator.inputs.timegrid import scenario_index

MODES = {"reuse-from-design": (True, "ipx", "simplex", True),
         "reuse-choose": (True, "choose", "simplex", False), "reuse-ipx-then-simplex": (True, "ipx", "simplex", False),
         "reuse-ipx": (True, "ipx", None, False), "rebuild-ipx": (False, "ipx", None, False)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    parser.add_argument("--days", type=int, default=0)
    parser.add_argument("--group", default="pv_capex")
    parser.add_argument("--factors", default="0.8:1.2:0.1")
    parser.add_argument("--modes", default=",".join(MODES), help="comma list of: " + ", ".join(MODES))
    args = parser.parse_args()
    overrides = {"park.days": args.days} if args.days else {}
    scenario = load_scenario(args.scenario, overrides=overrides)
    inp = prepare_inputs(scenario)
    factors = parse_factors(args.factors)
    costs = {}
    for mode in args.modes.split(","):
        reuse, method, warm, from_design = MODES[mode.strip()]
        t0, c0 = time.perf_counter(), time.process_time()
        settings = SolverSettings(method=method)
        design = start_design(inp, scenario_index(scenario), scenario.solver, settings) if from_design else None
        result = cost_sweep(inp, args.group, factors, settings, reuse=reuse, warm_method=warm,
                            start=scaled_capacities(design, inp)[0] if design else None)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        costs[mode] = result.table["cost_cny_per_yr"].to_numpy()
        print(json.dumps({"mode": mode, "steps": inp.n_steps, "points": len(factors),
                          "build_s": round(result.timings_s["build"], 2),
                          "per_point_s": [round(x, 2) for x in result.table["solve_s"]],
                          "total_s": round(wall, 2), "cpu_s": round(cpu, 2),
                          "load_average": [round(x, 1) for x in os.getloadavg()],
                          "statuses": sorted(set(result.table["status"])),
                          "started_from_design": result.started_from_design}), flush=True)
    modes = list(costs)
    diff = max(float(np.nanmax(np.abs(costs[a] / costs[modes[0]] - 1))) for a in modes)
    print(json.dumps({"max_rel_cost_diff_between_modes": diff}))


if __name__ == "__main__":
    main()
