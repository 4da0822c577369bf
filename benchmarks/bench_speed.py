"""Speed of the full-year exact solve, the direct-highspy floor, solver variants, scaling and screening.

Usage:
    python benchmarks/bench_speed.py [--scenario FILE] [--repeat N] [--days D] [--all-variants]
        [--sections floor,warm,handover,variants,linopy,scaling,screening]

Sections:
- floor: our pipeline (build, hand-over, HiGHS, extract) against the same compiled LP with the same HiGHS
  options handed straight to a fresh ``highspy.Highs`` as a sparse matrix (passModel + run): the floor of
  this stack. Prints the ratio.
- warm: the default exact solve, warm-started from a typical-day design (``[solver] warm_start``), phase
  by phase, against the same compiled LP solved cold in a fresh highspy with the plain default HiGHS
  settings and with the cold default (IPX on the dual): speed-ups and objective differences.
- handover: the kept build and hand-over changes one by one: build with the garbage collector paused
  or running; the direct compile + passModel against Pyomo's persistent ``set_instance``.
- variants: HiGHS settings on the same LP (plain default, dual simplex, IPX with and without dualization
  and crossover; with --all-variants also primal simplex, PDLP, presolve off, HiPO): time, speed-up over
  the plain default and objective difference to the pipeline's.
- scaling: solve time against the number of steps (2,184 / 4,368 / 8,760 hourly; 17,520 and 35,040 at
  30 and 15 minutes), cold and warm-started.
- linopy: the same LP written in linopy (PyPSA's modelling layer): build and solve time, objective.
- screening: typical-period sizing plus exact full-year dispatch against the full-year exact optimum:
  time, objective and capacity errors, 650号 ratios of the re-run.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import highspy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from simulator import load_scenario, run  # noqa: E402
from simulator.inputs.assemble import model_inputs  # noqa: E402
from simulator.model.solve import solver_settings
from simulator.model import build_model, solve_model  # noqa: E402
from simulator.model.direct import compile_lp  # noqa: E402
from simulator.model.warm import solve_from_design  # noqa: E402
from simulator.model.screening import capacity_vars, redesigner, scaled_capacities, start_design  # noqa: E402
from simulator.inputs.resource import build_resource  # noqa: E402
from simulator.results.extract import extract_capacities, extract_hourly  # noqa: E402
from simulator.inputs.load import scenario_load  # noqa: E402
from simulator.inputs.timegrid import scenario_index  # noqa: E402

#: HiGHS settings compared on the same compiled LP; the first is the plain default, the scenario default is
#: "ipx, dualized" ([solver] method = "ipx", dualize = true)
VARIANTS = {
    "plain default (choose)": {},
    "dual simplex": {"solver": "simplex", "simplex_strategy": 1},
    "ipx + crossover": {"solver": "ipx", "ipx_dualize_strategy": 0},
    "ipx dualized + crossover": {"solver": "ipx", "ipx_dualize_strategy": 1},
    "ipx dualized, no crossover": {"solver": "ipx", "ipx_dualize_strategy": 1, "run_crossover": "off"},
    "ipx dualized, bounds x2^-10": {"solver": "ipx", "ipx_dualize_strategy": 1, "user_bound_scale": -10},
}
#: slow ones, with --all-variants
SLOW_VARIANTS = {
    "primal simplex": {"solver": "simplex", "simplex_strategy": 4},
    "pdlp": {"solver": "pdlp"},
    "dual simplex, presolve off": {"solver": "simplex", "presolve": "off"},
    "hipo (needs highspy-extras)": {"solver": "hipo"},
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def inputs_for(scenario):
    index = scenario_index(scenario)
    load, park = scenario_load(scenario, index)
    res = build_resource(scenario, index)
    return model_inputs(scenario, load, res.availability, park), index


def run_highs(lp, options: dict) -> tuple[float, float, str]:
    """passModel + run in a fresh highspy: wall time [s], objective, model status."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key, value in options.items():
        if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            raise ValueError(f"HiGHS refused {key} = {value!r}")
    t0 = time.perf_counter()
    h.passModel(lp)
    h.run()
    elapsed = time.perf_counter() - t0
    return elapsed, h.getInfo().objective_function_value, str(h.getModelStatus())


def timed_model(scenario):
    """Inputs and built model of a scenario: (inputs, index, model, load+resource s, build s)."""
    t0 = time.perf_counter()
    inp, index = inputs_for(scenario)
    t1 = time.perf_counter()
    m = build_model(inp)
    return inp, index, m, t1 - t0, time.perf_counter() - t1


def section_floor(scenario, repeat: int) -> tuple[object, float]:
    """Our pipeline against passModel + run of the very same compiled LP in a fresh highspy."""
    rows = []
    lp = None
    settings = solver_settings(scenario)
    for _ in range(repeat):
        inp, index, m, inputs_s, build_s = timed_model(scenario)
        t3 = time.perf_counter()
        info = solve_model(m, settings)
        t4 = time.perf_counter()
        extract_capacities(m, inp)
        extract_hourly(m, inp, index)
        t5 = time.perf_counter()
        lp, _, _ = compile_lp(m)
        floor, floor_obj, _ = run_highs(lp, settings.highs_options())
        rows.append({"load+resource": inputs_s, "build": build_s, "hand-over": info.handover_s,
                     "highs_run": info.highs_run_s, "extract": t5 - t4, "ours": build_s + t5 - t3,
                     "ours+inputs": inputs_s + build_s + t5 - t3,
                     "floor": floor, "obj": info.objective_cny_per_yr, "floor_obj": floor_obj})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    print(f"\n== floor ({repeat} runs, medians; options {settings.highs_options()}) ==")
    for key in ("load+resource", "build", "hand-over", "highs_run", "extract", "ours", "floor"):
        print(f"  {key:16s} {med[key]:8.2f} s")
    print(f"  ratio ours/floor {med['ours'] / med['floor']:8.3f}   (build, hand-over, solve, extract against "
          f"passModel + run of the same LP)")
    print(f"  with load+resource {med['ours+inputs'] / med['floor']:6.3f}")
    print(f"  objective {med['obj']:.10e} vs floor {med['floor_obj']:.10e}")
    print(f"  peak memory      {peak_mb():8.0f} MB")
    return lp, med["obj"]


def warm_solve(scenario, inp, index, m):
    """The run's exact solve: typical-day start design, then the warm-started solve; (design, SolveInfo)."""
    settings = solver_settings(scenario)
    design = start_design(inp, index, scenario.solver, settings)
    if design is None:
        return None, solve_model(m, settings)
    return design, solve_from_design(m, capacity_vars(m, scaled_capacities(design, inp)[0]), settings,  # as run
                                     redesign=redesigner(inp, index, scenario.solver, settings, m, design.peak_periods))


def section_warm(scenario, repeat: int) -> None:
    """The warm-started exact solve phase by phase, against cold solves of the same LP in a fresh highspy."""
    cold_options = solver_settings(scenario).highs_options()
    rows = []
    for _ in range(repeat):
        inp, index, m, inputs_s, build_s = timed_model(scenario)
        lp, _, _ = compile_lp(m)
        t3 = time.perf_counter()
        design, info = warm_solve(scenario, inp, index, m)
        t4 = time.perf_counter()
        extract_capacities(m, inp)
        extract_hourly(m, inp, index)
        t5 = time.perf_counter()
        if design is None or not info.warm_start["used"]:
            print(f"  warm start not used: {None if design is None else info.warm_start}")
        plain, plain_obj, _ = run_highs(lp, {})
        cold, cold_obj, _ = run_highs(lp, cold_options)
        ws = info.warm_start or {}
        rows.append({"load+resource": inputs_s, "build": build_s,
                     "start design (typical days)": (design.reduce_s + design.build_s + design.solve_s) if design else 0.0,
                     "compile + passModel": info.handover_s or 0.0,
                     "HiGHS: fixed-design dispatch": ws.get("design_solve_s", 0.0),
                     "HiGHS: primal simplex": info.solve_s - (info.handover_s or 0.0) - ws.get("design_solve_s", 0.0),
                     "extract": t5 - t4, "ours": build_s + (t5 - t3),
                     "ours+inputs": inputs_s + build_s + (t5 - t3),
                     "plain default HiGHS (passModel + run)": plain, "cold default (passModel + run)": cold,
                     "HiGHS inside ours (typical days + dispatch + primal)":
                         (design.solve_s if design else 0.0) + (info.highs_run_s or 0.0),
                     "obj": info.objective_cny_per_yr, "plain_obj": plain_obj, "cold_obj": cold_obj,
                     "iterations": info.simplex_iterations})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    print(f"\n== warm-started exact solve ({repeat} runs, medians) ==")
    for key, value in med.items():
        if not key.endswith("obj") and key != "iterations":
            print(f"  {key:40s} {value:8.2f} s")
    print(f"  simplex iterations {med['iterations']:.0f}")
    print(f"  speed-up over plain default HiGHS: x{med['plain default HiGHS (passModel + run)'] / med['ours']:.2f} "
          f"(ours end to end without load+resource), x{med['plain default HiGHS (passModel + run)'] / med['ours+inputs']:.2f} with them")
    print(f"  speed-up over the cold default:    x{med['cold default (passModel + run)'] / med['ours']:.2f}")
    print(f"  ours / HiGHS time inside ours:     {med['ours'] / med['HiGHS inside ours (typical days + dispatch + primal)']:.3f}"
          f" (the rest: build, tsam, compiles, hand-overs, extract)")
    print(f"  objective {med['obj']:.10e}; rel. diff to plain {abs(med['obj'] / med['plain_obj'] - 1):.1e}, "
          f"to cold {abs(med['obj'] / med['cold_obj'] - 1):.1e}")
    print(f"  peak memory {peak_mb():8.0f} MB")


def section_handover(scenario, repeat: int) -> None:
    """Effect of the kept build and hand-over changes: GC paused vs not, direct compile vs Pyomo's persistent."""
    import gc

    import pyomo.environ as pyo
    from pyomo.contrib.solver.solvers.highs import Highs

    from simulator.model.build import populate

    inp, _ = inputs_for(scenario)
    rows = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        m = build_model(inp)  # garbage collector paused
        t1 = time.perf_counter()
        lp, _, _ = compile_lp(m)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(lp)
        t2 = time.perf_counter()
        Highs().set_instance(m)
        t3 = time.perf_counter()
        gc.collect()
        t4 = time.perf_counter()
        plain = pyo.ConcreteModel()
        parts = populate(plain, inp)
        plain.objective = pyo.Objective(expr=sum(parts.costs.values()))
        t5 = time.perf_counter()
        rows.append({"build, GC paused": t1 - t0, "build, GC running": t5 - t4,
                     "direct compile + passModel": t2 - t1, "Pyomo persistent set_instance": t3 - t2})
    print(f"\n== build and hand-over ({repeat} runs, medians) ==")
    for key in rows[0]:
        print(f"  {key:30s} {statistics.median(r[key] for r in rows):8.2f} s")


def section_variants(lp, reference: float, slow: bool) -> None:
    """Each HiGHS setting on the same LP: time, status, objective against the pipeline's, speed-up."""
    print("\n== HiGHS variants on the same LP (passModel + run) ==")
    plain = None
    for name, options in {**VARIANTS, **(SLOW_VARIANTS if slow else {})}.items():
        try:
            elapsed, obj, status = run_highs(lp, options)
        except Exception as exc:  # noqa: BLE001 - e.g. HiPO missing: report and go on
            print(f"  {name:30s} not run: {exc}")
            continue
        plain = plain or elapsed
        err = abs(obj - reference) / abs(reference)
        print(f"  {name:30s} {elapsed:8.2f} s  x{plain / elapsed:5.2f}  {status:28s} rel. objective diff {err:.1e}",
              flush=True)


def section_linopy(scenario) -> None:
    """The same LP written in linopy (tests/reference/linopy_model.py): build and solve time."""
    sys.path.insert(0, str(REPO / "tests"))
    from reference.linopy_model import solve_linopy

    inp, _ = inputs_for(scenario)
    t0 = time.perf_counter()
    m = build_model(inp)
    info = solve_model(m, solver_settings(scenario))
    ours = time.perf_counter() - t0
    ref = solve_linopy(inp, {"output_flag": False, **solver_settings(scenario).highs_options()})
    theirs = ref["build_s"] + ref["solve_s"]
    print(f"\n== linopy (same LP, same HiGHS options {solver_settings(scenario).highs_options()}) ==")
    print(f"  ours   build+solve {ours:8.2f} s  objective {info.objective_cny_per_yr:.8e}")
    print(f"  linopy build {ref['build_s']:6.2f} s + solve {ref['solve_s']:7.2f} s = {theirs:8.2f} s  "
          f"objective {ref['objective_cny_per_yr']:.8e}  ratio linopy/ours {theirs / ours:.2f}")


def section_scaling(path: Path) -> None:
    print("\n== scaling with steps ==")
    cases = [("91 days hourly", {"park.days": 91}), ("182 days hourly", {"park.days": 182}),
             ("year hourly", {}), ("year 30 min", {"park.timestep_minutes": 30}),
             ("year 15 min", {"park.timestep_minutes": 15})]
    for name, overrides in cases:
        scenario = load_scenario(path, overrides=overrides)
        inp, _ = inputs_for(scenario)
        t0 = time.perf_counter()
        m = build_model(inp)
        t1 = time.perf_counter()
        info = solve_model(m, solver_settings(scenario))
        t2 = time.perf_counter()
        m = build_model(inp)
        t3 = time.perf_counter()
        design, warm = warm_solve(scenario, inp, scenario_index(scenario), m)
        t4 = time.perf_counter()
        print(f"  {name:16s} {inp.n_steps:6d} steps  build {t1 - t0:6.2f} s  cold solve {t2 - t1:7.2f} s  "
              f"warm start design + solve {t4 - t3:7.2f} s ({info.status}, {warm.status}, "
              f"objective diff {abs(warm.objective_cny_per_yr / info.objective_cny_per_yr - 1):.1e}, "
              f"peak {peak_mb():.0f} MB)", flush=True)


def section_screening(path: Path, reference: dict | None) -> None:
    print("\n== typical-period screening vs full-year exact ==")
    exact = reference or run(load_scenario(path)).summary
    t_exact = exact["timings_s"]["build"] + exact["timings_s"].get("start_design", 0.0) + exact["timings_s"]["solve"]
    keys = ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw")
    print(f"  exact: {t_exact:.1f} s build + start design + solve, objective {exact['objective_cny_per_yr']:.6e}")
    for k in (12, 24, 48):
        summary = run(load_scenario(path, overrides={"solver.time_reduction": "typical_periods",
                                                     "solver.typical_periods": k})).summary
        tr = summary["time_reduction"]
        t_screen = tr["reduce_s"] + tr["build_s"] + tr["solve_s"]
        t_total = summary["timings_s"]["build"] + summary["timings_s"]["solve"]
        obj_err = tr["reduced_objective_cny_per_yr"] / exact["objective_cny_per_yr"] - 1
        cap_err = {key: (summary["capacity"][key] / exact["capacity"][key] - 1) if exact["capacity"][key] else 0.0
                   for key in keys}
        rules = ", ".join(f"{r['rule']} {r['value']:.3f}{'' if r['ok'] else ' MISSED'}" for r in summary["compliance"])
        print(f"  K={k:3d}: sizing {t_screen:6.1f} s (x{t_exact / t_screen:5.1f}), with full-year dispatch "
              f"{t_total:6.1f} s (x{t_exact / t_total:4.1f}); reduced objective {obj_err:+.2%}, "
              f"re-run objective {summary['objective_cny_per_yr'] / exact['objective_cny_per_yr'] - 1:+.2%}")
        print("         capacities " + ", ".join(f"{key} {v:+.1%}" for key, v in cap_err.items()))
        print(f"         full-year rules: {rules}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", default=str(REPO / "scenarios" / "anning_battery_park.toml"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sections", default="floor,warm,handover,variants,linopy,scaling,screening")
    parser.add_argument("--all-variants", action="store_true", help="also the slow HiGHS variants")
    parser.add_argument("--days", type=int, default=0, help="shorter horizon for a quick check (0 = full year)")
    args = parser.parse_args()
    path = Path(args.scenario)
    sections = args.sections.split(",")
    scenario = load_scenario(path, overrides={"park.days": args.days} if args.days else {})
    print(f"scenario {path.name}; highspy {highspy.Highs().version() if hasattr(highspy.Highs(), 'version') else ''}")
    lp, reference = section_floor(scenario, args.repeat) if ("floor" in sections or "variants" in sections) else (None, None)
    if "warm" in sections:
        section_warm(scenario, args.repeat)
    if "handover" in sections:
        section_handover(scenario, args.repeat)
    if "variants" in sections:
        section_variants(lp, reference, args.all_variants)
    if "linopy" in sections:
        section_linopy(scenario)
    if "scaling" in sections:
        section_scaling(path)
    if "screening" in sections:
        section_screening(path, None)
    print(json.dumps({"peak_mb": peak_mb()}))


if __name__ == "__main__":
    main()
