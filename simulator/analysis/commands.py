"""Command-line front ends of the planning analyses (``zcpark frontier``, ``finance``, ``sensitivity``).

``simulator/cli.py`` declares the arguments and calls these functions; they print progress to stderr
and a short table to stdout, and return the exit code.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

#: options of ``zcpark frontier`` that name the swept rule directly
FRONTIER_RULE_OPTIONS = ("green_share", "self_consumption", "feed_in", "direct_green_share", "clean_share")


def add_frontier_arguments(p) -> None:
    """Arguments of ``zcpark frontier``."""
    p.add_argument("file", help="scenario TOML")
    for name in FRONTIER_RULE_OPTIONS:
        p.add_argument(f"--{name.replace('_', '-')}", metavar="A:B:STEP", dest=f"sweep_{name}",
                       help=f"sweep the {name} threshold from A to B (inclusive) in steps of STEP, or a comma list")
    p.add_argument("--rule", help="any rule by name (e.g. 650_green_share, self_consumption, unserved) ...")
    p.add_argument("--range", dest="sweep_range", metavar="A:B:STEP", help="... swept over this range")
    p.add_argument("--out", help="output folder (default: results/<scenario>/frontier_<rule>)")
    p.add_argument("--off-grid", action="store_true", help="also solve the off-grid variant and mark where it is cheaper")
    p.add_argument("--rebuild", action="store_true", help="rebuild the model at every point (slower; for comparison)")
    p.add_argument("--no-plot", action="store_true", help="skip frontier.png")


def frontier_command(args) -> int:
    """Run ``zcpark frontier``: sweep, write frontier.csv/json/png, print the table."""
    from simulator.analysis.frontier import parse_range, prepare_inputs, rule_name, sweep
    from simulator.errors import InputError, InputIssue
    from simulator.assemble import solver_settings
    from simulator.scenario import load_scenario

    chosen = [(name, getattr(args, f"sweep_{name}")) for name in FRONTIER_RULE_OPTIONS
              if getattr(args, f"sweep_{name}") is not None]
    if args.rule is not None or args.sweep_range is not None:
        if args.rule is None or args.sweep_range is None:
            raise InputError(InputIssue("command line", "--rule/--range", args.rule or args.sweep_range,
                                        "both --rule NAME and --range A:B:STEP"))
        chosen.append((args.rule, args.sweep_range))
    if len(chosen) != 1:
        raise InputError(InputIssue("command line", "threshold to sweep", [c[0] for c in chosen],
                                    "exactly one of --green-share, --self-consumption, --feed-in, "
                                    "--direct-green-share, --clean-share or --rule NAME --range A:B:STEP"))
    rule, text = rule_name(chosen[0][0]), chosen[0][1]
    thresholds = parse_range(text)
    scenario = load_scenario(args.file)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / f"frontier_{rule}"
    started = time.perf_counter()
    print(f"preparing load and resource of {scenario.park.name} ...", file=sys.stderr, flush=True)
    inp = prepare_inputs(scenario)

    def progress(i, n, theta):
        print(f"[{i + 1}/{n}] {rule} = {theta:.4g} ... ({time.perf_counter() - started:.1f} s)",
              file=sys.stderr, flush=True)

    front = sweep(inp, rule, thresholds, solver_settings(scenario), reuse=not args.rebuild,
                  off_grid=args.off_grid, progress=progress)
    front.write(out, plot=not args.no_plot)
    t = front.table
    print(f"frontier of {rule} for {scenario.park.name} ({'model reused' if not args.rebuild else 'rebuilt per point'}, "
          f"{front.timings_s['per_point']:.2f} s per point)")
    print(f"{'threshold':>9} {'status':>10} {'cost M CNY/yr':>14} {'PV MW':>9} {'wind MW':>9} {'stor MWh':>9} "
          f"{'curtail %':>9}")
    for _, row in t.iterrows():
        print(f"{row['threshold_fraction']:9.3f} {row['status']:>10} {row['cost_cny_per_yr'] / 1e6:14.3f} "
              f"{row['pv_kw'] / 1e3:9.1f} {row['wind_kw'] / 1e3:9.1f} {row['storage_kwh'] / 1e3:9.1f} "
              f"{100 * row['curtailment_fraction']:9.2f}")
    free, base = front.unconstrained, front.baseline
    print(f"rule switched off: {free['cost_cny_per_yr'] / 1e6:.3f} M CNY/yr; "
          f"grid only: {base['cost_cny_per_yr'] / 1e6:.3f} M CNY/yr")
    if front.off_grid is not None:
        og = front.off_grid
        cheaper = front.off_grid_cheaper_from
        print(f"off-grid: {og['status']}"
              + (f", {og['cost_cny_per_yr'] / 1e6:.3f} M CNY/yr" if og["status"] == "optimal" else "")
              + (f"; cheaper from {rule} = {cheaper:.3g}" if cheaper is not None else "; never cheaper in this range"))
    print(f"written to {out}/ (frontier.csv, frontier.json{'' if args.no_plot else ', frontier.png'})")
    return 0
