"""Time and memory of full-year hourly runs, per phase (load, resource, build, start design, hand-over,
HiGHS, extract).

Each repetition runs in a fresh subprocess so that its peak resident memory (ru_maxrss) is its own.
Usage: python benchmarks/bench_default.py [--repeat N] [--scenario FILE | --library] [--method METHOD]
    [--warm-start auto|none] [--set KEY=VALUE ...] [--plain]
``--set`` adds scenario overrides as ``zcpark run --set`` reads them (TOML values, e.g. ``park.timestep_minutes=15``);
``--plain`` also hands the run's own LP (built again from its inputs, compiled as the run compiles it) to a
fresh highspy with plain HiGHS defaults (passModel + run, same process after the run) and prints the ratio
plain ÷ ours end to end.
``--library`` runs every park of scenarios/ in turn; ``--variants`` the benchmark parks of ``VARIANTS`` (library
parks with overrides: an off-grid PV + wind + storage park without shiftable load or hydrogen, a park with
several storage types); ``--warm-start none`` solves cold (no typical-day
start design), as before the warm start existed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from simulator.cli.options import parse_sets  # --set as zcpark run reads it (run with PYTHONPATH=.)

REPO = Path(__file__).resolve().parent.parent

#: benchmark parks that are library parks with overrides (issue 21: every park type, the new model parts)
VARIANTS = {
    # off grid, PV + wind + storage, 1 % unserved cap, no shiftable load, no hydrogen (issue 21's independent case);
    # Binchuan itself has no shiftable load either (load.archetype_flexibility is false by default)
    "offgrid_pv_wind_storage": ("anning_battery_park.toml", {"grid.connected": False, "policy.direct_supply": False,
                                                             "policy.unserved_max_fraction": 0.01}),
    "storage_types": ("anning_battery_park.toml", {"storage.types": [
        {"name": "lfp2", "technology": "lfp_2h"}, {"name": "lfp4", "technology": "lfp_4h"},
        {"name": "flow", "technology": "vanadium_flow"}]}),
}

CHILD = r"""
import json, resource, sys, time
from simulator import load_scenario, run
overrides = json.loads(sys.argv[2])
t0 = time.perf_counter()
scenario = load_scenario(sys.argv[1], overrides=overrides)
result = run(scenario)
total = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
plain = None
if sys.argv[3] == "plain":
    import highspy
    from simulator.model import build_model
    from simulator.model.direct import compile_lp
    lp, _, _ = compile_lp(build_model(result.inputs))  # lp.offset_ holds the objective's constant term
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    t1 = time.perf_counter()
    h.passModel(lp)
    h.run()
    plain = {"s": time.perf_counter() - t1, "objective": h.getInfo().objective_function_value,
             "status": str(h.getModelStatus())}
print(json.dumps({"plain": plain, "status": result.status, "timings_s": result.summary["timings_s"], "total_s": total,
                  "peak_mb": peak_mb, "objective": result.summary.get("objective_cny_per_yr"),
                  "cost_total": result.summary.get("cost_cny_per_yr", {}).get("total"),
                  "steps": result.summary.get("horizon", {}).get("steps"),
                  "iterations": result.summary.get("solver", {}).get("simplex_iterations"),
                  "warm_start_used": result.summary.get("solver", {}).get("warm_start", {}).get("used"),
                  "warm_start": result.summary.get("solver", {}).get("warm_start"),
                  "one_dispatch": result.summary.get("solver", {}).get("one_dispatch")}, default=str))
"""


def measure(scenario: Path, overrides: dict, plain: bool = False) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(scenario), json.dumps(overrides),
                           "plain" if plain else "-"],
                          capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenario", default=str(REPO / "scenarios" / "anning_battery_park.toml"))
    parser.add_argument("--library", action="store_true", help="every scenario of scenarios/ in turn")
    parser.add_argument("--method", default=None, help="solver.method override")
    parser.add_argument("--warm-start", default=None, choices=["auto", "none"], help="solver.warm_start override")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="scenario override")
    parser.add_argument("--plain", action="store_true", help="also plain default HiGHS on the same LP")
    parser.add_argument("--variants", nargs="*", default=None, choices=sorted(VARIANTS),
                        help="benchmark parks of VARIANTS (all when none is named)")
    args = parser.parse_args()
    overrides = {"solver.method": args.method} if args.method else {}
    overrides.update(parse_sets(args.set))
    if args.warm_start:
        overrides["solver.warm_start"] = args.warm_start
    paths = sorted((REPO / "scenarios").glob("*.toml")) if args.library else [Path(args.scenario)]
    if args.variants is not None:
        for name in args.variants or sorted(VARIANTS):
            base, extra = VARIANTS[name]
            print(f"\nvariant {name}: {base} with {json.dumps(extra)}")
            report(REPO / "scenarios" / base, {**extra, **overrides}, args.repeat, args.plain)
        return
    for path in paths:
        report(path, overrides, args.repeat, args.plain)


def report(path: Path, overrides: dict, repeat: int, plain: bool = False) -> None:
    """Run one scenario ``repeat`` times and print the per-phase medians."""
    runs = [measure(path, overrides, plain) for _ in range(repeat)]
    phases = ["load", "resource", "build", "start_design", "solve", "highs_run", "one_dispatch", "extract", "baseline"]
    warm = {r["warm_start_used"] for r in runs}
    print(f"\nscenario {path.name}, {runs[0]['steps']} steps, {repeat} runs, "
          f"status {runs[0]['status']}, objective {runs[0]['objective']:.10e} CNY/yr, warm start used: {warm}")
    print(f"{'phase':12s} {'median s':>10s} {'min s':>10s} {'max s':>10s}")
    for phase in phases + ["total"]:
        values = [r["total_s"] if phase == "total" else r["timings_s"].get(phase, 0.0) for r in runs]
        print(f"{phase:12s} {statistics.median(values):10.2f} {min(values):10.2f} {max(values):10.2f}")
    print(f"peak memory  {statistics.median(r['peak_mb'] for r in runs):10.0f} MB (median of per-run maxima)")
    print(f"hand-over    {statistics.median(r['timings_s']['solve'] - r['timings_s']['highs_run'] for r in runs):10.2f} s "
          f"(solver call minus HiGHS's own run time)")
    for r in runs:
        one = r.get("one_dispatch") or {}
        print(f"one dispatch: steps before {one.get('simultaneous_steps_before')}, netted {one.get('netted_steps')}, "
              f"second solve {one.get('second_solve')} ({one.get('second_solve_s', '-')} s, "
              f"{one.get('second_solve_iterations', '-')} iterations), after {one.get('simultaneous_steps')}")
        ws = r.get("warm_start") or {}
        print(f"warm start: used {ws.get('used')}, design dispatch {ws.get('design_status')}, elastic rules "
              f"{ws.get('elastic_rules')}, penalty {ws.get('elastic_penalty_cny_per_kwh')}, "
              f"re-designs {len(ws.get('redesign_margins_kwh') or [])}")
        if ws.get("runs"):
            print("HiGHS runs: " + "; ".join(f"{x['status']} {x['s']:.2f} s ({x['simplex_iterations']} simplex, "
                                             f"{x['ipm_iterations']} ipm it.)" for x in ws["runs"]))
    if plain:
        total = statistics.median(r["total_s"] for r in runs)
        base = statistics.median(r["plain"]["s"] for r in runs)
        diff = max(abs(r["plain"]["objective"] / r["objective"] - 1) for r in runs)
        print(f"plain HiGHS  {base:10.2f} s (defaults, passModel + run, same LP, {runs[0]['plain']['status']}); "
              f"plain / ours end to end x{base / total:.2f}; objective rel. diff {diff:.1e}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
