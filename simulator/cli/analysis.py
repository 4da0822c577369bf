"""Command-line front ends of the planning analyses (``zcpark frontier``, ``sweep``, ``finance``, ``sensitivity``).

``simulator/cli/main.py`` declares the arguments and calls these functions; they log progress (stderr)
and print a short table to stdout, and return the exit code. Only the standard library is imported at
the top, so that ``zcpark --help`` stays fast; ``tests/cli`` checks the copied name lists below against
the library's.
"""
from __future__ import annotations

import time
from pathlib import Path

from simulator.cli.console import log
from simulator.cli.options import add_set_argument, load_with_sets, parse_sets, parse_value

#: options of ``zcpark frontier`` that name the swept rule directly
FRONTIER_RULE_OPTIONS = ("green_share", "self_consumption", "feed_in", "direct_green_share", "clean_share")
#: cost groups of ``zcpark sweep`` (= simulator.model.build.COST_FACTORS)
COST_GROUPS = ("pv_capex", "wind_capex", "storage_capex", "grid_prices")
#: inputs of ``zcpark sensitivity`` (= simulator.studies.sensitivity.INPUTS)
SENSITIVITY_INPUTS = ("pv_capex", "wind_capex", "storage_capex", "grid_prices", "load_level", "irradiation")


def _prepared(scenario, label):
    """Model inputs of ``scenario`` (announced in the log) and a progress callback for its points."""
    from simulator.studies.frontier import prepare_inputs

    started = time.perf_counter()
    log.info(f"preparing load and resource of {scenario.park.name} ...")
    inp = prepare_inputs(scenario)

    def progress(i, n, value):
        log.info(f"[{i + 1}/{n}] {label(value)} ... ({time.perf_counter() - started:.1f} s)")

    return inp, progress


def _start_capacities(scenario, inp, settings, source: str) -> dict | None:
    """Capacities of a typical-day design to start the first point from ([solver] warm_start), or None."""
    from simulator.model.screening import scaled_capacities, start_design
    from simulator.inputs.timegrid import scenario_index

    design = start_design(inp, scenario_index(scenario), scenario.solver, settings, source)
    return scaled_capacities(design, inp)[0] if design is not None else None


def add_frontier_arguments(p) -> None:
    """Arguments of ``zcpark frontier``."""
    p.add_argument("file", help="scenario TOML")
    for name in FRONTIER_RULE_OPTIONS:
        p.add_argument(f"--{name.replace('_', '-')}", metavar="A:B:STEP", dest=f"sweep_{name}",
                       help=f"sweep the {name} threshold from A to B (inclusive) in steps of STEP, or a comma list")
    p.add_argument("--heat", nargs="?", const="free", metavar="A:B:STEP",
                   help="the electrification frontier instead: annual cost against the share of heat electrified, "
                        "from the free optimum's share to 1 (6 points) or over A:B:STEP / a comma list")
    p.add_argument("--rule", help="any rule by name (e.g. 650_green_share, self_consumption, unserved) ...")
    p.add_argument("--range", dest="sweep_range", metavar="A:B:STEP", help="... swept over this range")
    p.add_argument("--out", help="output folder (default: results/<scenario>/frontier_<rule>)")
    p.add_argument("--no-off-grid", dest="off_grid", action="store_false",
                   help="skip the off-grid variant (by default it is solved once and the plot marks where it is "
                        "cheaper; for a large park it can take long)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the model at every point (slower; for comparison)")
    p.add_argument("--no-plot", action="store_true", help="skip frontier.png")


def frontier_command(args) -> int:
    """Run ``zcpark frontier``: sweep, write frontier.csv/json/png, print the table."""
    from simulator.studies.frontier import parse_range, rule_name, sweep
    from simulator.errors import InputError, InputIssue
    from simulator.model.solve import solver_settings

    if getattr(args, "heat", None) is not None:
        return heat_frontier_command(args)
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
    scenario = load_with_sets(args.file, args.set)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / f"frontier_{rule}"
    inp, progress = _prepared(scenario, lambda theta: f"{rule} = {theta:.4g}")
    settings = solver_settings(scenario)
    front = sweep(inp, rule, thresholds, settings, reuse=not args.rebuild, off_grid=args.off_grid, progress=progress,
                  start=None if args.rebuild else _start_capacities(scenario, inp, settings, args.file))
    front.write(out, plot=not args.no_plot)
    front.write_pages(out, scenario.park.name)
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
    print(f"written to {out}/ (frontier.csv, frontier.json{'' if args.no_plot else ', frontier.png'}, "
          f"frontier_zh.html, frontier_en.html)")
    return 0


def add_sweep_arguments(p) -> None:
    """Arguments of ``zcpark sweep``."""
    p.add_argument("file", help="scenario TOML")
    p.add_argument("--group", required=True, choices=COST_GROUPS, help="cost group to scale")
    p.add_argument("--factors", required=True, metavar="A:B:STEP",
                   help="multipliers of the group's costs, e.g. 0.6:1.4:0.2 or 0.5,1,1.5")
    p.add_argument("--method", choices=("choose", "simplex", "ipx"),
                   help="HiGHS method of the first point (default: the scenario's); later points restart "
                        "dual simplex from the previous optimal basis")
    p.add_argument("--out", help="output folder (default: results/<scenario>)")
    p.add_argument("--rebuild", action="store_true", help="rebuild the model at every point (slower; for comparison)")


def sweep_command(args) -> int:
    """Run ``zcpark sweep``: size the park at each cost multiplier, write sweep_<group>.csv, print the table."""
    import dataclasses

    from simulator.studies.sweep import cost_sweep, parse_factors
    from simulator.model.solve import solver_settings

    factors = parse_factors(args.factors)
    scenario = load_with_sets(args.file, args.set)
    settings = solver_settings(scenario)
    if args.method:
        settings = dataclasses.replace(settings, method=args.method)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name
    inp, progress = _prepared(scenario, lambda factor: f"{args.group} x {factor:.4g}")
    result = cost_sweep(inp, args.group, factors, settings, reuse=not args.rebuild, progress=progress,
                        start=None if args.rebuild else _start_capacities(scenario, inp, settings, args.file))
    path = result.write(out)
    pages = result.write_pages(out, scenario.park.name)
    print(f"{args.group} sweep for {scenario.park.name} ({'model reused' if result.reuse else 'rebuilt per point'}, "
          f"{result.timings_s['per_point']:.2f} s per point)")
    print(f"{'factor':>7} {'status':>10} {'cost M CNY/yr':>14} {'PV MW':>9} {'wind MW':>9} {'stor MWh':>9} "
          f"{'green %':>8}")
    for _, row in result.table.iterrows():
        print(f"{row['factor']:7.3f} {row['status']:>10} {row['cost_cny_per_yr'] / 1e6:14.3f} {row['pv_kw'] / 1e3:9.1f} "
              f"{row['wind_kw'] / 1e3:9.1f} {row['storage_kwh'] / 1e3:9.1f} {100 * row['green_share_fraction']:8.2f}")
    print(f"written to {path} and {', '.join(p.name for p in pages)}")
    return 0


def add_finance_arguments(p) -> None:
    """Arguments of ``zcpark finance``."""
    p.add_argument("file", help="scenario TOML (it is sized first)")
    p.add_argument("--out", help="output folder (default: results/<scenario>)")
    add_set_argument(p, "KEY=VALUE", help_extra="; a name without a dot is an investment parameter, e.g. "
                     "--set horizon_yr=20 --set vat_fraction=0.13 (names: simulator/data/defaults.toml "
                     "[investment], plus discount_rate_fraction)")


def finance_command(args) -> int:
    """Run ``zcpark finance``: size the park, then write finance.json and cash_flows.csv."""
    import dataclasses

    from simulator.studies.finance import FinanceParams, investment_summary
    from simulator.errors import InputError, InputIssue
    from simulator.results.write import write_json, write_text
    from simulator.results.run import run

    names = {f.name: f for f in dataclasses.fields(FinanceParams)}
    investment = [item for item in args.set if "." not in item.partition("=")[0]]
    scenario = load_with_sets(args.file, [item for item in args.set if item not in investment])
    from simulator.inputs.hydrogen import refuse_hydrogen

    refuse_hydrogen(scenario, "the investment case does not carry the electrolyser, tank and fuel cell as "
                              "assets yet")  # before the sizing
    params = FinanceParams(discount_rate_fraction=scenario.finance.discount_rate_fraction)
    for item in investment:
        name, _, text = item.partition("=")
        name = name.strip()
        if name not in names or not text:
            raise InputError(InputIssue("command line", "--set", item, "NAME=VALUE with NAME one of "
                                        + ", ".join(names) + ", or a dotted scenario key such as park.days=14"))
        value = parse_value(text.strip())
        if names[name].type in (bool, "bool"):  # storage_augmentation = true / false
            if not isinstance(value, bool):
                raise InputError(InputIssue("command line", f"--set {name}", text, "true or false"))
            setattr(params, name, value)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(InputIssue("command line", f"--set {name}", text, "a number"))
        setattr(params, name, int(value) if name.endswith("_yr") else float(value))
    log.info(f"sizing {scenario.park.name} ...")
    result = run(scenario)
    if result.status != "optimal":
        raise InputError(InputIssue(str(args.file), "status", result.status,
                                    f"an optimal sizing ({result.summary.get('message', '')})"))
    out_dir = Path(args.out) if args.out else Path("results") / scenario.park.name
    summary, flows = investment_summary(result, params)
    write_json(summary, out_dir / "finance.json")
    write_text(flows.to_csv(float_format="%.2f"), out_dir / "cash_flows.csv")
    fmt = lambda x, f: "n/a" if x is None else format(x, f)  # noqa: E731
    print(f"investment case of {scenario.park.name} over {summary['horizon_yr']} yr "
          f"(parameters tagged U are placeholders):")
    print(f"  investment      {summary['investment_cny'] / 1e6:12,.2f} MCNY")
    print(f"  NPV at {summary['discount_rate_fraction']:.1%}    {summary['npv_cny'] / 1e6:12,.2f} MCNY "
          f"(before income tax {summary['npv_pre_tax_cny'] / 1e6:,.2f} MCNY)")
    irr, irr_pre = summary["irr_fraction"], summary["irr_pre_tax_fraction"]
    print(f"  project IRR     {fmt(irr and 100 * irr, '12.2f')} %  (before income tax {fmt(irr_pre and 100 * irr_pre, '.2f')} %)")
    print(f"  payback         {fmt(summary['payback_yr'], '12.1f')} yr (discounted {fmt(summary['discounted_payback_yr'], '.1f')} yr)")
    print(f"  LCOE            {fmt(summary['lcoe_cny_per_kwh'], '12.4f')} CNY/kWh of green power delivered")
    print(f"  storage         {summary['storage_capacity_basis']}; augmentation PV "
          f"{summary['augmentation_pv_cny'] / 1e6:,.2f} MCNY")
    print(f"written to {out_dir}/ (finance.json, cash_flows.csv)")
    return 0


def add_sensitivity_arguments(p) -> None:
    """Arguments of ``zcpark sensitivity``."""
    p.add_argument("file", help="scenario TOML")
    p.add_argument("--delta", type=float, default=0.2, help="relative change of each input (default 0.2 = ±20 %%)")
    p.add_argument("--inputs", default=",".join(SENSITIVITY_INPUTS),
                   help=f"comma list (default: {','.join(SENSITIVITY_INPUTS)})")
    p.add_argument("--override", dest="set", action="append", metavar="KEY=VALUE",
                   help="the same as --set (kept for older scripts)")
    p.add_argument("--out", help="output folder (default: results/<scenario>/sensitivity)")
    p.add_argument("--workers", type=int, help="local worker processes (default: number of CPUs)")
    p.add_argument("--no-plot", action="store_true", help="skip tornado.png")


def sensitivity_command(args) -> int:
    """Run ``zcpark sensitivity``: the tornado study through the batch runner, then tornado.csv/png."""
    from simulator.studies.sensitivity import INPUTS, run_sensitivity
    from simulator.errors import InputError, InputIssue

    inputs = [x.strip() for x in args.inputs.split(",") if x.strip()]
    bad = [x for x in inputs if x not in INPUTS]
    if bad or not inputs:
        raise InputError(InputIssue("command line", "--inputs", bad or args.inputs, "names from " + ", ".join(INPUTS)))
    overrides = parse_sets(args.set)
    scenario = load_with_sets(args.file, args.set)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / "sensitivity"

    from simulator.cli.console import Progress

    bar = None

    def progress(state) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(f"tornado of {scenario.park.name}", state.total, initial=state.skipped)
        bar.update(state.done + state.failed, f"optimal {state.optimal}, infeasible {state.infeasible}, "
                   f"failed {state.failed}")

    try:
        tornado = run_sensitivity(args.file, out, inputs, args.delta, overrides, workers=args.workers,
                                  progress=progress)
    finally:
        if bar is not None:
            bar.close()
    tornado.write(out, plot=not args.no_plot)
    tornado.write_pages(out, scenario.park.name)
    t = tornado.table
    print(f"tornado of {scenario.park.name}, inputs ±{args.delta:.0%} (change relative to the base optimum):")
    print(f"{'input':14s} {'metric':22s} {'base':>14s} {'-' + format(args.delta, '.0%'):>9s} "
          f"{'+' + format(args.delta, '.0%'):>9s}")
    for _, row in t.iterrows():
        low = "failed" if row["low_status"] != "optimal" else f"{100 * row['low_change_fraction']:+.1f}%"
        high = "failed" if row["high_status"] != "optimal" else f"{100 * row['high_change_fraction']:+.1f}%"
        print(f"{row['input']:14s} {row['metric']:22s} {row['base']:14,.0f} {low:>9s} {high:>9s}")
    print(f"written to {out}/ (tornado.csv{'' if args.no_plot else ', tornado.png'}, tornado_zh.html, "
          "tornado_en.html, runs/, summary.csv)")
    return 0


def heat_frontier_command(args) -> int:
    """Run ``zcpark frontier --heat``: the electrification frontier, written as CSV, JSON, PNG and zh/en pages."""
    from simulator.errors import InputError, InputIssue
    from simulator.model.solve import solver_settings
    from simulator.studies.frontier import parse_range
    from simulator.studies.heat_frontier import electrification_sweep

    others = [name for name in FRONTIER_RULE_OPTIONS if getattr(args, f"sweep_{name}") is not None]
    if others or args.rule is not None or args.sweep_range is not None:
        raise InputError(InputIssue("command line", "--heat", others or args.rule or args.sweep_range,
                                    "--heat alone (it sweeps the electrified share of heat, not a rule)"))
    shares = None if args.heat == "free" else parse_range(args.heat)
    scenario = load_with_sets(args.file, args.set)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name / "frontier_heat"
    inp, progress = _prepared(scenario, lambda phi: f"electrified share >= {phi:.4g}")
    front = electrification_sweep(inp, shares, solver_settings(scenario), park=scenario.park.name, progress=progress)
    front.write(out, plot=not args.no_plot)
    free = front.free
    print(f"electrification frontier for {scenario.park.name} ({front.timings_s['per_point']:.2f} s per point)")
    print(f"free optimum: {100 * free['electrified_fraction']:.1f} % of heat electrified, "
          f"{free['cost_cny_per_yr'] / 1e6:.3f} M CNY/yr, {free['co2_t_per_yr'] / 1e3:.2f} kt CO2/yr")
    print(f"{'required':>9} {'status':>10} {'electrified':>11} {'cost M CNY/yr':>14} {'+ M CNY/yr':>11} {'kt CO2/yr':>10}")
    for _, row in front.table.iterrows():
        print(f"{100 * row['electrified_min_fraction']:8.1f}% {row['status']:>10} "
              f"{100 * row['electrified_fraction']:10.1f}% {row['cost_cny_per_yr'] / 1e6:14.3f} "
              f"{row['cost_above_free_cny_per_yr'] / 1e6:11.3f} {row['co2_t_per_yr'] / 1e3:10.2f}")
    files = "heat_frontier.csv, heat_frontier.json" + ("" if args.no_plot else ", heat_frontier.png, "
                                                         "heat_frontier_zh.html, heat_frontier_en.html")
    print(f"written to {out}/ ({files})")
    return 0
