"""Screening restated (issue 21): per library park, typical-period sizing time against the exact solve,
and the screened design's real-year cost and capacities against the exact optimum.

Each park runs in a fresh subprocess: the exact run (``zcpark run`` as is: warm-started full-year solve),
or its numbers from ``--exact-cache`` (the exact optimum does not depend on the screening code; the file
records the commit and load it was made at and is filled for parks it lacks), then the screening run
(``solver.time_reduction = "typical_periods"``: sizing on K periods, up to a quarter of them the real peak
days of ``screening.size_with_peak_periods``, re-sizing with rule margins where the year misses a rule, then the
full-year dispatch of that design, rules elastic). Prints one JSON line per park and K, and Markdown
tables at the end.

Columns: ``exact_s`` = start design + solve + one dispatch of the exact run (model building and
extraction left out, as they are the same in both); ``sizing_s`` = clustering + build + solve of every
typical-period model the screening solved (``rounds`` of them: peak-period rounds and rule-margin
rounds), NOT the full-year dispatches between rounds (``dispatch_s``: the screening run's solve, which
holds every full-year dispatch of its margin rounds; the peak-period rounds need none); ``x_sizing`` =
exact_s / sizing_s; ``cost_gap`` = (full-year cost of the screened design − exact optimum) / exact
optimum, both as ``cost_cny_per_yr.total`` of the two runs (the screened one without rule penalties);
``reduced_gap`` = the last typical-period model's objective against the exact optimum; ``rules`` =
whether the screened design meets every active rule over the year; capacities of the screened run
(the connection and the hydrogen tank re-optimised by its dispatch) against the exact ones.

Usage: ``PYTHONPATH=. python benchmarks/bench_screening.py [--scenario FILE ...] [--typical-periods 24 48]
[--storage-factors 1 1.1 1.2] [--exact-cache FILE] [--sizing-repeat N]``. Not part of the test suite; state the
machine's load (``cat /proc/loadavg``) with the numbers: wall-time ratios are only meaningful for runs made back to back on an unchanged load.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: the exact run's time a screening's sizing is compared with: start design + solve + one dispatch
EXACT_PHASES = ("start_design", "solve", "one_dispatch")

EXACT = r"""
import json, os, sys
from simulator import load_scenario, run
exact = run(load_scenario(sys.argv[1]))
s = exact.summary
t = s["timings_s"]
print(json.dumps({"status": exact.status, "cost_total": s["cost_cny_per_yr"]["total"],
                  "objective": s["objective_cny_per_yr"], "capacity": s["capacity"],
                  "exact_s": sum(t.get(k) or 0.0 for k in EXACT_PHASES),
                  "warm_start_used": s.get("solver", {}).get("warm_start", {}).get("used"),
                  "load_avg_1min": os.getloadavg()[0]}))
""".replace("EXACT_PHASES", repr(EXACT_PHASES))

SCREEN = r"""
import json, sys
import simulator.model.screening
from simulator import load_scenario, run
path, k = sys.argv[1], int(sys.argv[2])
if sys.argv[3] != "-":  # another storage factor than the shipped one (grid-connected parks)
    simulator.model.screening.TYPICAL_STORAGE_FACTOR = float(sys.argv[3])
scr = run(load_scenario(path, overrides={"solver.time_reduction": "typical_periods", "solver.typical_periods": k}))
if scr.status != "optimal" or "time_reduction" not in scr.summary:
    print(json.dumps({"screened_status": scr.status, "message": scr.summary.get("message")}))
    raise SystemExit(0)
red = scr.summary["time_reduction"]
print(json.dumps({"sizing_s": red["reduce_s"] + red["build_s"] + red["solve_s"], "rounds": red.get("sizing_rounds", 1),
                  "peak_periods": red.get("peak_periods", []), "rule_margins_kwh": red["rule_margins_kwh"],
                  "dispatch_s": scr.summary["timings_s"].get("solve"),
                  "reduced_objective": red["reduced_objective_cny_per_yr"],
                  "cost_total": scr.summary["cost_cny_per_yr"]["total"], "capacity": scr.summary["capacity"],
                  "rules": all(row["ok"] for row in scr.summary["compliance"])}))
"""

SIZING = r"""
import json, sys, time
from simulator import load_scenario
from simulator.inputs.assemble import model_inputs
from simulator.inputs.load import scenario_load
from simulator.inputs.resource import build_resource
from simulator.inputs.timegrid import scenario_index
from simulator.model.screening import size_on_typical_periods, size_with_peak_periods
from simulator.model.solve import solver_settings
path, k, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sc = load_scenario(path, overrides={"solver.typical_periods": k})
index = scenario_index(sc)
load, park = scenario_load(sc, index)
inp = model_inputs(sc, load, build_resource(sc, index).availability, park)
settings, s = solver_settings(sc), sc.solver
plain, peaks = [], []
for _ in range(repeat):  # interleaved, so that a change of the machine's load hits both alike
    t = time.perf_counter()
    size_on_typical_periods(inp, index, settings, k, s.period_hours, s.typical_period_representation)
    plain.append(time.perf_counter() - t)
    t = time.perf_counter()
    size_with_peak_periods(inp, index, settings, s)
    peaks.append(time.perf_counter() - t)
print(json.dumps({"plain_s": sorted(plain)[len(plain) // 2], "peaks_s": sorted(peaks)[len(peaks) // 2]}))
"""

#: capacities compared in the table [kW, kWh, kg]
CAPACITY_KEYS = ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw", "h2_electrolyser_kw",
                 "h2_tank_kg")


def _child(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _commit() -> str:
    return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()


def exact_numbers(path: str, cache_file: Path | None) -> dict:
    """The exact run's numbers, from the cache file when it holds the park, else solved (and cached)."""
    park = Path(path).stem
    cache = json.loads(cache_file.read_text()) if cache_file is not None and cache_file.exists() else {}
    if park in cache:
        return cache[park]
    out = _child(EXACT, path)
    if cache_file is not None and "error" not in out:
        out["commit"] = _commit()
        cache[park] = out
        cache_file.write_text(json.dumps(cache, indent=1))
    return out


def compare(exact_s: float, exact_cost: float, scr: dict) -> dict:
    """A screening run's ``x_sizing``, ``cost_gap`` and ``reduced_gap`` against the exact run's time [s] and
    cost [CNY/yr] (``scr`` as the ``SCREEN`` child prints it)."""
    return {"x_sizing": exact_s / scr["sizing_s"],
            "cost_gap": (scr["cost_total"] - exact_cost) / abs(exact_cost),
            "reduced_gap": (scr["reduced_objective"] - exact_cost) / abs(exact_cost)}


def _relative(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "–"
    if abs(b) < 1.0:
        return "0" if abs(a) < 1.0 else f"{a:,.0f} (exact 0)"
    return f"{100 * (a - b) / abs(b):+.0f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", nargs="*", default=None, help="default: every scenarios/*.toml")
    parser.add_argument("--typical-periods", type=int, nargs="+", default=[24])
    parser.add_argument("--sizing-repeat", type=int, default=0,
                        help="also time the plain K-period sizing against the peak-period sizing, interleaved "
                             "in one process, this many times each (median)")
    parser.add_argument("--storage-factors", type=float, nargs="+", default=None,
                        help="screen with each of these battery storage factors instead of the shipped "
                             "TYPICAL_STORAGE_FACTOR (grid-connected parks; docs/speed.md, fifth slot)")
    parser.add_argument("--exact-cache", type=Path, default=None,
                        help="JSON file of exact runs per park: read where it holds the park, else filled")
    args = parser.parse_args()
    if args.storage_factors and any(f < 1.0 for f in args.storage_factors):
        parser.error("--storage-factors: each at least 1 (less could pass below a technology's existing capacity)")
    paths = args.scenario or sorted(str(p) for p in (REPO / "scenarios").glob("*.toml"))
    rows = []
    for path in paths:
        park = Path(path).stem
        exact = exact_numbers(path, args.exact_cache)
        if "error" in exact:
            print(json.dumps({"park": park, "exact_error": exact["error"]}), flush=True)
            continue
        for k, factor in [(k, f) for k in args.typical_periods for f in (args.storage_factors or [None])]:
            row = {"park": park, "k": k, "exact_s": exact["exact_s"], "exact_cost": exact["cost_total"],
                   "exact_capacity": exact["capacity"], "exact_load_avg_1min": exact.get("load_avg_1min"),
                   "storage_factor": factor, "label": str(k) if factor is None else f"{k}, storage ×{factor:g}"}
            scr = _child(SCREEN, path, str(k), "-" if factor is None else repr(factor))
            if args.sizing_repeat > 0:
                row.update(_child(SIZING, path, str(k), str(args.sizing_repeat)))
            row["load_avg_1min"] = round(os.getloadavg()[0], 2)
            row.update(scr)
            if "sizing_s" in scr:
                row.update(compare(exact["exact_s"], exact["cost_total"], scr))
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| park | K | exact (design + solve + one dispatch) | sizing (rounds) | × | peak days added | "
          "screened design's full-year cost vs exact optimum | reduced objective vs exact | "
          "rules met over the year |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "sizing_s" not in r:
            print(f"| {r['park']} | {r['label']} | {r['exact_s']:.1f} s | – | – | – | screened run failed: "
                  f"{r.get('screened_status', r.get('error'))} {r.get('message', '')} | – | – |")
            continue
        margins = " + rule margin" if r["rule_margins_kwh"] else ""
        print(f"| {r['park']} | {r['label']} | {r['exact_s']:.1f} s | {r['sizing_s']:.2f} s ({r['rounds']}{margins}) | "
              f"{r['x_sizing']:.1f} | {len(r['peak_periods'])} | {100 * r['cost_gap']:+.2f} % | "
              f"{100 * r['reduced_gap']:+.2f} % | {'all' if r['rules'] else 'missed'} |")
    timed = [r for r in rows if "peaks_s" in r]
    if timed:
        print("\nSizing alone, one process, interleaved (median of --sizing-repeat):\n")
        print("| park | K | plain K-period sizing | with peak periods (probe + K periods, peak days among them) "
              "| ratio |")
        print("|---|---|---|---|---|")
        for r in timed:
            print(f"| {r['park']} | {r['label']} | {r['plain_s']:.2f} s | {r['peaks_s']:.2f} s | "
                  f"{r['peaks_s'] / r['plain_s']:.2f} |")
    print("\nCapacities of the screened run against the exact optimum (connection and hydrogen tank as its "
          "full-year dispatch re-optimised them):\n")
    print("| park | K | " + " | ".join(CAPACITY_KEYS) + " |")
    print("|---|---|" + "---|" * len(CAPACITY_KEYS))
    for r in rows:
        if "capacity" in r:
            print(f"| {r['park']} | {r['label']} | " + " | ".join(
                _relative(r["capacity"].get(key), r["exact_capacity"].get(key)) for key in CAPACITY_KEYS) + " |")


if __name__ == "__main__":
    main()
