"""Time and memory of the weather-year robustness analysis for N full hourly years (default N = 5).

Phases, each in a fresh subprocess so that its peak resident memory (ru_maxrss) is its own:

- ``years``: build the load once and the weather, PV and wind of N seeded years;
- ``evaluate``: size year 0 alone (full hourly year), then dispatch that design in all N years;
- ``robust_tp``: robust sizing on N x K typical days (K = 24, medoids);
- ``robust_full``: robust sizing on N full hourly years in one model (N x 8,760 steps), cold; the peak
  memory of the built model alone is measured before the solve;
- ``robust_full_warm``: the same, started from the typical-day robust design (what ``zcpark robustness``
  does for full years); the start design's time is reported apart.

``cpu_s`` (user + system CPU of the phase's process, HiGHS threads included) and the 1-minute load average
are reported beside wall times, since the machine may be shared.

Usage: python benchmarks/bench_robustness.py [--years 5] [--scenario FILE] [--phases years,evaluate,...]
       [--time-limit S] [--out FILE.json]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time, warnings
warnings.simplefilter("ignore")
from simulator import load_scenario
from simulator.model.solve import solver_settings
from simulator.model import build_model, solve_model
from simulator.studies.robustness.years import seeded_years, year_set
from simulator.studies.robustness.evaluate import evaluate_design
from simulator.studies.robustness.robust import size_robust
from simulator.model.screening import read_capacities
scenario_file, n, phase, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
scenario = load_scenario(scenario_file)
settings = solver_settings(scenario)
if limit != "none":
    settings.time_limit_s = float(limit)
t0 = time.perf_counter()
ys = year_set(scenario, seeded_years(scenario, n))
out = {"phase": phase, "n_years": n, "steps_per_year": ys.inputs[0].n_steps, "years_s": time.perf_counter() - t0}
t1 = time.perf_counter()
if phase == "evaluate":
    m = build_model(ys.inputs[0]); info = solve_model(m, settings)
    out["single_year_s"] = time.perf_counter() - t1
    out["single_year_objective"] = info.objective_cny_per_yr
    t2 = time.perf_counter()
    ev = evaluate_design(ys.inputs, ys.labels, ys.index, read_capacities(m), settings)
    out["evaluate_s"] = time.perf_counter() - t2
    out["probability_met"] = ev.probability_met()
    out["green_share_p50_p90"] = [ev.statistics()["green_share"][k] for k in ("p50", "p90")]
elif phase == "robust_full_warm":  # as the CLI does it: typical-day robust design, then the full years from it
    pre = size_robust(ys.inputs, settings, index=ys.index, typical_periods=24)
    tw = time.perf_counter()
    r = size_robust(ys.inputs, settings, index=ys.index, start=pre.design if pre.status == "optimal" else None)
    out.update(status=r.status, start_design_s=tw - t1, build_s=r.build_s, solve_s=r.solve_s,
               objective=r.objective_cny_per_yr, capacity=r.capacity, notes=r.notes)
elif phase in ("robust_tp", "robust_full"):
    tp = 24 if phase == "robust_tp" else None
    if tp is None:  # memory of the built model alone, before HiGHS gets it
        from simulator.studies.robustness.robust import build_robust_model
        tb = time.perf_counter(); mm = build_robust_model(ys.inputs)
        out["build_only_s"] = time.perf_counter() - tb
        out["built_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        out["variables"] = mm.nvariables(); out["constraints"] = mm.nconstraints()
        del mm
    r = size_robust(ys.inputs, settings, index=ys.index, typical_periods=tp)
    out.update(status=r.status, build_s=r.build_s, solve_s=r.solve_s, reduce_s=r.reduce_s,
               objective=r.objective_cny_per_yr, capacity=r.capacity)
out["phase_s"] = time.perf_counter() - t1
usage = resource.getrusage(resource.RUSAGE_SELF)
out["cpu_s"] = usage.ru_utime + usage.ru_stime
out["peak_mb"] = usage.ru_maxrss / 1024.0
out["load_average_1min"] = os.getloadavg()[0]
print(json.dumps(out))
"""


def measure(scenario: Path, n: int, phase: str, limit: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(scenario), str(n), phase, limit],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        return {"phase": phase, "error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--scenario", type=Path, default=REPO / "scenarios" / "anning_battery_park.toml")
    parser.add_argument("--phases", default="years,robust_tp,evaluate,robust_full_warm,robust_full")
    parser.add_argument("--time-limit", default="none", help="HiGHS time limit per solve [s]")
    parser.add_argument("--out", type=Path, default=None, help="also write the results as JSON")
    args = parser.parse_args()
    results = []
    for phase in args.phases.split(","):
        row = measure(args.scenario, args.years, phase, args.time_limit)
        results.append(row)
        print(json.dumps(row), flush=True)
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
