"""How close must a start design be? Primal simplex iterations of the warm start against the distance of
its start from the optimum (issue 21, docs/speed.md "third slot: the warm start").

For one park (full year as its scenario says): the cold optimum's capacities (IPX on the dual, the
cold default), then the warm start (:func:`simulator.model.warm.solve_from_design`) from

- the typical-period design as sized, its battery storage times each factor of ``--storage-factors``
  (``typical, storage xF``; default 1 and ``TYPICAL_STORAGE_FACTOR``, where the run itself starts on a
  grid-connected park: docs/speed.md, "fifth slot: more storage from typical periods"),
- the optimum's own capacities (``oracle``, scale 1) and the optimum's capacities each scaled by the
  factors given (``--scales 1.02 1.1``: every generator and storage capacity times the factor),

each on a freshly built model, with the HiGHS runs of each start (status, seconds, iterations). Every
warm start must reach the cold objective (printed as the relative difference).

Usage: ``PYTHONPATH=. python benchmarks/bench_start_design.py --scenario scenarios/PARK.toml
[--scales 1.02 1.1] [--storage-factors 1 1.1 1.2] [--set park.days=28 --set solver.typical_periods=7]``.
Not part of the test suite; state the machine's load (``uptime``) with the numbers.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from simulator.cli.options import parse_sets  # --set as zcpark run reads it
from simulator import load_scenario
from simulator.inputs.assemble import model_inputs
from simulator.inputs.load import scenario_load
from simulator.inputs.resource import build_resource
from simulator.inputs.timegrid import scenario_index
from simulator.model import build_model, solve_model
from simulator.model import screening
from simulator.model.screening import (TYPICAL_STORAGE_FACTOR, capacity_vars, read_capacities, redesigner,
                                       scaled_capacities, start_design)
from simulator.model.settings import solver_settings
from simulator.model.warm import solve_from_design

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default=str(REPO / "scenarios" / "anning_battery_park.toml"))
    parser.add_argument("--scales", nargs="*", type=float, default=[1.02, 1.1])
    parser.add_argument("--storage-factors", nargs="*", type=float, default=[1.0, TYPICAL_STORAGE_FACTOR],
                        help="starts from the typical design with its battery storage times each factor")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="scenario override")
    args = parser.parse_args()
    if any(f < 1.0 for f in args.storage_factors):
        parser.error("--storage-factors: each at least 1 (less could pass below a technology's existing capacity)")
    scenario = load_scenario(args.scenario, overrides=parse_sets(args.set))
    index = scenario_index(scenario)
    load_kw, park = scenario_load(scenario, index)
    inp = model_inputs(scenario, load_kw, build_resource(scenario, index).availability, park)
    settings = solver_settings(scenario)
    t0 = time.perf_counter()
    m = build_model(inp)
    cold = solve_model(m, settings)
    optimum = read_capacities(m)
    print(json.dumps({"start": "cold", "status": cold.status, "s": round(time.perf_counter() - t0, 2),
                      "objective_cny_per_yr": cold.objective_cny_per_yr, "capacities": optimum}), flush=True)
    typical = start_design(inp, index, scenario.solver, settings)
    starts = []
    for f in args.storage_factors:  # as the run scales it: capped, grid-connected parks only
        screening.TYPICAL_STORAGE_FACTOR = f
        scaled, used = scaled_capacities(typical, inp) if typical is not None else (None, f)
        starts.append((f"typical, storage x{used:g}", scaled))
    starts += [(f"oracle x{s:g}", {k: v * s if k != "connection_kw" else v for k, v in optimum.items()})
               for s in [1.0, *args.scales]]
    for name, design in starts:
        if design is None:
            print(json.dumps({"start": name, "note": "no typical-period design for this horizon"}))
            continue
        t0 = time.perf_counter()
        m = build_model(inp)
        info = solve_from_design(m, capacity_vars(m, design), settings,
                                 redesign=redesigner(inp, index, scenario.solver, settings, m,
                                                     typical.peak_periods if typical is not None else ()))
        ws = info.warm_start or {}
        print(json.dumps({"start": name, "status": info.status, "s": round(time.perf_counter() - t0, 2),
                          "objective_rel_diff": abs(info.objective_cny_per_yr / cold.objective_cny_per_yr - 1),
                          "used": ws.get("used"), "redesigns": len(ws.get("redesign_margins_kwh") or []),
                          "runs": ws.get("runs"),
                          "start_vs_optimum": {k: round(design[k] / optimum[k] - 1, 4)
                                               for k in design if optimum.get(k)}}), flush=True)


if __name__ == "__main__":
    main()
