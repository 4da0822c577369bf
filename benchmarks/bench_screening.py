"""Screening restated (issue 21): per library park, typical-period sizing time against the exact solve,
and the screened design's real-year cost against the exact optimum.

Each park runs in a fresh subprocess: first the exact run (``zcpark run`` as is: warm-started full-year
solve), then the screening run (``solver.time_reduction = "typical_periods"``: sizing on K typical days,
then the full-year dispatch of that design, rules elastic). Prints one JSON line per park and K, and a
Markdown table at the end.

Columns: ``exact_s`` = start design + solve + one dispatch of the exact run (model building and
extraction left out, as they are the same in both); ``sizing_s`` = clustering + build + solve of the
typical-period model; ``x_sizing`` = exact_s / sizing_s; ``cost_gap`` = (full-year cost of the screened
design − exact optimum) / exact optimum, both as ``cost_cny_per_yr.total`` of the two runs (the screened
one without rule penalties); ``rules`` = whether the screened design meets every active rule over the year.

Usage: ``PYTHONPATH=. python benchmarks/bench_screening.py [--scenario FILE ...] [--typical-periods 24 48]``.
Not part of the test suite; state the machine's load (``uptime``) with the numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
from simulator import load_scenario, run
path, ks = sys.argv[1], json.loads(sys.argv[2])
exact = run(load_scenario(path))
t = exact.summary["timings_s"]
exact_s = sum(t.get(k) or 0.0 for k in ("start_design", "solve", "one_dispatch"))
out = []
for k in ks:
    scr = run(load_scenario(path, overrides={"solver.time_reduction": "typical_periods", "solver.typical_periods": k}))
    if scr.status != "optimal" or "time_reduction" not in scr.summary:
        out.append({"k": k, "exact_s": exact_s, "screened_status": scr.status, "message": scr.summary.get("message")})
        continue
    red = scr.summary["time_reduction"]
    sizing_s = red["reduce_s"] + red["build_s"] + red["solve_s"]
    ts = scr.summary["timings_s"]
    cost_exact = exact.summary["cost_cny_per_yr"]["total"]
    cost_scr = scr.summary["cost_cny_per_yr"]["total"]
    out.append({"park": exact.summary.get("park", {}).get("name") if isinstance(exact.summary.get("park"), dict) else path,
                "k": k, "exact_status": exact.status, "exact_s": exact_s, "sizing_s": sizing_s,
                "x_sizing": exact_s / sizing_s, "screened_total_s": sum(v or 0.0 for v in ts.values()),
                "objective_exact": exact.summary["objective_cny_per_yr"], "cost_exact": cost_exact,
                "cost_screened": cost_scr, "cost_gap": (cost_scr - cost_exact) / abs(cost_exact),
                "reduced_objective_gap": (red["reduced_objective_cny_per_yr"] - cost_exact) / abs(cost_exact),
                "rules": all(row["ok"] for row in scr.summary["compliance"]),
                "warm_start_used": exact.summary.get("solver", {}).get("warm_start", {}).get("used")})
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", nargs="*", default=None, help="default: every scenarios/*.toml")
    parser.add_argument("--typical-periods", type=int, nargs="+", default=[24])
    args = parser.parse_args()
    paths = args.scenario or sorted(str(p) for p in (REPO / "scenarios").glob("*.toml"))
    rows = []
    for path in paths:
        proc = subprocess.run([sys.executable, "-c", CHILD, path, json.dumps(args.typical_periods)],
                              capture_output=True, text=True, cwd=REPO)
        if proc.returncode != 0:
            print(json.dumps({"park": path, "error": proc.stderr.strip().splitlines()[-1:]}), flush=True)
            continue
        for row in json.loads(proc.stdout.strip().splitlines()[-1]):
            row["park"] = Path(path).stem
            row["load_avg_1min"] = round(os.getloadavg()[0], 2)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| park | K | exact (design + solve + one dispatch) | sizing | × | screened design's full-year cost "
          "vs exact optimum | reduced objective vs exact | rules met over the year |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "screened_status" in r:
            print(f"| {r['park']} | {r['k']} | {r['exact_s']:.1f} s | – | – | screened run {r['screened_status']}: "
                  f"{r['message']} | – | – |")
            continue
        print(f"| {r['park']} | {r['k']} | {r['exact_s']:.1f} s | {r['sizing_s']:.2f} s | {r['x_sizing']:.1f} | "
              f"{100 * r['cost_gap']:+.2f} % | {100 * r['reduced_objective_gap']:+.2f} % | "
              f"{'all' if r['rules'] else 'missed'} |")


if __name__ == "__main__":
    main()
