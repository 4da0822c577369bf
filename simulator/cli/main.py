"""The ``zcpark`` command: validate, run, batch, compare.

Errors are one readable line on stderr (exit 1); ``--debug`` shows the traceback. An infeasible rule
set writes its summary and exits with 2.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "anning_battery_park.toml"
PHASES = ("load", "resource", "build", "start design", "solve", "one dispatch", "extract")


def _red(text: str) -> str:
    return f"\033[31m{text}\033[0m" if sys.stderr.isatty() else text


def _colour(text: str, ok: bool) -> str:
    if not sys.stdout.isatty():
        return text
    return f"\033[32m{text}\033[0m" if ok else f"\033[31m{text}\033[0m"


def _print_summary(summary: dict) -> None:
    cap, ratios, cost = summary["capacity"], summary["ratios"], summary["cost_cny_per_yr"]
    e = summary["energy"]
    lines = [
        f"scenario {summary['scenario']}: {summary['status']}",
        f"  PV           {cap['pv_kw'] / 1000:12,.1f} MW",
        f"  wind         {cap['wind_kw'] / 1000:12,.1f} MW",
        f"  storage      {cap['storage_kwh'] / 1000:12,.1f} MWh / {cap['storage_kw'] / 1000:,.1f} MW",
        f"  connection   {cap['grid_connection_kw'] / 1000:12,.1f} MW (declared)",
        f"  load         {e['load_kwh'] / 1e6:12,.1f} GWh   green self-consumed {e['re_self_consumed_kwh'] / 1e6:,.1f} GWh",
        f"  annual cost  {summary['objective_cny_per_yr'] / 1e6:12,.2f} million CNY/yr "
        f"({summary['cost_of_supply_cny_per_kwh']:.3f} CNY/kWh of load)",
        f"  CO2          {summary['co2_t_per_yr']:12,.0f} t/yr",
        f"  ratios       self-consumption {ratios['self_consumption']:.1%}, green share {ratios['green_share']:.1%}, "
        f"feed-in {ratios['feed_in']:.1%}, curtailment {ratios['curtailment']:.1%}",
        "  compliance:",
    ]
    from simulator.cli.report import compliance_lines

    lines += compliance_lines(summary, _colour)
    lines.append(_solve_line(summary))
    del cost
    print("\n".join(lines))


def _solve_line(summary: dict) -> str:
    """How the optimum was reached: warm start, cold, or the screening dispatch; time and iterations."""
    solver, timings = summary.get("solver", {}), summary.get("timings_s", {})
    start = solver.get("warm_start")
    if "time_reduction" in summary:
        how = f"sizes from {summary['time_reduction']['n_periods']} typical periods, full-horizon dispatch"
    elif start and start.get("used"):
        how = f"exact, started from a {start['typical_periods']}-typical-period design"
    elif start:
        how = "exact, cold (the typical-period design could not be dispatched over the horizon)"
    else:
        how = "exact, cold"
    seconds = timings.get("solve", 0.0) + timings.get("start_design", 0.0)
    return (f"  solve        {how}: {seconds:.1f} s, {solver.get('simplex_iterations', 0):,} simplex / "
            f"{solver.get('ipm_iterations', 0):,} interior-point iterations")


def _cmd_validate(args) -> int:
    from simulator.inputs.precheck import check_scenario
    from simulator.scenario import load_scenario

    scenario = load_scenario(args.file)
    check_scenario(scenario)  # what `run` would refuse before solving (tariff vs export price, names)
    print(f"{args.file}: valid scenario '{scenario.park.name}' ({scenario.park.year}, "
          f"{len(scenario.load.enterprises)} enterprises)")
    return 0


def _cmd_run(args) -> int:
    from simulator.results.run import run
    from simulator.results.write import RUN_FILES, check_output_folder
    from simulator.scenario import load_scenario

    path = Path(args.file) if args.file else DEFAULT_SCENARIO
    if args.out:
        check_output_folder(args.out, RUN_FILES)  # before reading inputs; the default is checked below
    scenario = load_scenario(path)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name
    check_output_folder(out, RUN_FILES)
    started = time.perf_counter()

    def progress(phase: str) -> None:
        step = PHASES.index(phase) + 1 if phase in PHASES else 0
        print(f"[{step}/{len(PHASES)}] {phase} ... ({time.perf_counter() - started:.1f} s)", file=sys.stderr,
              flush=True)

    streams = [sys.stdout] if args.solver_log else None
    result = run(scenario, solver_log_streams=streams, save_lp=args.save_lp, progress=progress)
    report = []

    def add_report(stage: Path) -> None:  # the report is committed with the run (never an old one beside it)
        from simulator.cli.report import write_outputs

        print("writing report and workbook ...", file=sys.stderr, flush=True)
        report.extend(out / p.name for p in write_outputs(stage, args.lang))

    result.write(out, add_files=None if args.no_report else add_report)
    if result.status != "optimal":
        print(_red(f"{scenario.park.name}: {result.status}: {result.summary['message']}"), file=sys.stderr)
        print(f"summary written to {out / 'summary.json'}", file=sys.stderr)
        for path in report:  # the report then says which rules cannot be met
            print(f"written {path}", file=sys.stderr)
        return 2
    _print_summary(result.summary)
    print(f"results written to {out}/ (summary.json, hourly.csv, hourly.parquet)")
    for path in report:
        print(f"written {path}")
    return 0


def _cmd_report(args) -> int:
    from simulator.cli.report import report_command

    return report_command(args)




#: planning analyses: sub-command -> help; arguments and body in simulator/cli/analysis.py
#: (``add_<name>_arguments`` and ``<name>_command``), imported only when the command runs
ANALYSIS_COMMANDS = {
    "frontier": "cost-of-green frontier: sweep one rule's threshold (model reused)",
    "sweep": "optimum at several multipliers of one cost group (model reused)",
    "finance": "size the park, then NPV, IRR, payback and LCOE over a horizon",
    "sensitivity": "tornado of cost and sizes for ±20 %% on the main inputs (batch runs)",
}


def _analysis_command(name: str):
    def command(args) -> int:
        from simulator.cli import analysis as commands

        return getattr(commands, f"{name}_command")(args)

    return command


def _cmd_batch(args) -> int:
    from simulator.cli.batch import cmd_batch

    return cmd_batch(args)


def _cmd_compare(args) -> int:
    from simulator.cli.batch import cmd_compare

    return cmd_compare(args)


def _cmd_load(args) -> int:
    from simulator.outputs.load_files import load_command

    print(load_command(args.file, args.out))
    return 0



def _cmd_resource(args) -> int:
    from simulator.cli.resource import resource_command

    return resource_command(args)



def _cmd_robustness(args) -> int:
    from simulator.cli.robustness import robustness_command

    return robustness_command(args)


def _cmd_milestones(args) -> int:
    from simulator.cli.robustness import milestones_command

    return milestones_command(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``zcpark``."""
    parser = argparse.ArgumentParser(prog="zcpark", description="Zero-carbon park energy simulator "
                                     "(零碳园区 / 绿电直连 sizing)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a scenario file and report every error")
    p.add_argument("file")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("run", help="size the park's supply and write results")
    p.add_argument("file", nargs="?", help=f"scenario TOML (default: {DEFAULT_SCENARIO.name})")
    p.add_argument("--out", help="output folder (default: results/<scenario name>)")
    p.add_argument("--solver-log", action="store_true", help="show the HiGHS log")
    p.add_argument("--save-lp", metavar="PATH", help="write the model as an LP file")
    p.add_argument("--no-report", action="store_true", help="skip the HTML report and results.xlsx")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of report and workbook")
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("report", help="HTML report (report_<lang>.html) and results.xlsx of a result folder")
    p.add_argument("folder", help="result folder written by `zcpark run`")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels (numbers are the same)")
    p.add_argument("--no-excel", action="store_true", help="write only the HTML report")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("load", help="build the park's load profiles (per enterprise and total) and write them")
    p.add_argument("file", help="scenario TOML with [[load.enterprises]]")
    p.add_argument("--out", help="output folder (default: results/<scenario name>/load)")
    p.set_defaults(func=_cmd_load)
    p = sub.add_parser("resource", help="weather and PV/wind availability of a year, with yield summary")
    from simulator.cli.resource import add_resource_arguments

    add_resource_arguments(p)
    p.set_defaults(func=_cmd_resource)
    p = sub.add_parser("batch", help="run a study (many scenarios / a grid of overrides), resumable")
    p.add_argument("study", help="study TOML: scenario files and/or a base scenario with a [grid]")
    p.add_argument("--out", required=True, help="study folder: runs/<id>/, summary.csv, summary.parquet")
    p.add_argument("--workers", type=int, help="local worker processes (default: CPU count)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="use an existing dask.distributed scheduler")
    p.add_argument("--retry-errors", action="store_true", help="run again the runs recorded with status error")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--report", choices=("zh", "en"), help="also write each run's HTML report in this language")
    p.set_defaults(func=_cmd_batch)
    p = sub.add_parser("compare", help="plots across the runs of a study and an HTML index page")
    p.add_argument("dir", help="study folder written by `zcpark batch`")
    p.set_defaults(func=_cmd_compare)
    from simulator.cli import analysis

    for name, help_text in ANALYSIS_COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        getattr(analysis, f"add_{name}_arguments")(p)
        p.set_defaults(func=_analysis_command(name))
    p = sub.add_parser("robustness", help="a design across N weather years, robust sizing, dry-season stress")
    from simulator.cli.robustness import add_milestones_arguments, add_robustness_arguments

    add_robustness_arguments(p)
    p.set_defaults(func=_cmd_robustness)
    p = sub.add_parser("milestones", help="multi-period sizing over the [planning] milestones (capacities only grow)")
    add_milestones_arguments(p)
    p.set_defaults(func=_cmd_milestones)
    return parser


#: commands that write files -> the files each writes into its output folder (checked before any work)
WRITING_COMMANDS = {"run": "run", "robustness": "run", "load": None, "resource": None, "report": None,
                    "batch": None, "frontier": None, "sweep": None, "finance": None, "sensitivity": None,
                    "milestones": None}


def _check_output(args) -> None:
    """Refuse an output folder that cannot be written before reading any input (issue 15)."""
    if args.command not in WRITING_COMMANDS:
        return
    from simulator.results.write import RUN_FILES, check_output_folder

    target = args.folder if args.command == "report" else (getattr(args, "out", None) or "results")
    names = RUN_FILES if WRITING_COMMANDS[args.command] == "run" and getattr(args, "out", None) else ()
    check_output_folder(target, names, "<folder>" if args.command == "report" else "--out")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``zcpark``; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _check_output(args)
        return args.func(args)
    except Exception as exc:  # noqa: BLE001 - one readable line unless --debug
        from simulator.errors import ZcparkError

        if args.debug:
            raise
        kind = "error" if isinstance(exc, ZcparkError) else f"internal error ({type(exc).__name__})"
        print(_red(f"zcpark: {kind}: {exc}"), file=sys.stderr)
        if not isinstance(exc, ZcparkError):
            print("run again with --debug for the traceback", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
