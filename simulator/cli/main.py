"""The ``zcpark`` command: argument parsing, the terminal set-up and the commands validate, run, init, load.

Errors are one readable line on stderr (exit 1); ``--debug`` (before or after the sub-command) shows the
traceback. An infeasible rule set writes its summary and exits with 2. This module imports only the
standard library at start, so ``zcpark --help`` answers at once; each command imports what it needs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.console import log, phase_printer, terminal
from simulator.cli.options import DEFAULT_SCENARIO_NAME, add_common_arguments, add_set_argument, load_with_sets

PHASES = ("load", "resource", "build", "start design", "solve", "one dispatch", "extract")
#: the repository's copy of the default scenario (benchmarks and tests in a checkout, beside scenarios/studies);
#: ``zcpark run`` without a file uses the identical copy shipped in the package (options.default_scenario_path)
DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / DEFAULT_SCENARIO_NAME


def _red(text: str) -> str:
    return f"\033[31m{text}\033[0m" if sys.stderr.isatty() else text


def _cmd_validate(args) -> int:
    from simulator.inputs.precheck import check_scenario

    scenario = load_with_sets(args.file, args.set)
    check_scenario(scenario)  # what `run` would refuse before solving (tariff vs export price, names)
    changed = f" with {len(args.set)} --set value(s)" if args.set else ""
    print(f"{args.file}: valid scenario '{scenario.park.name}' ({scenario.park.year}, "
          f"{len(scenario.load.enterprises)} enterprises){changed}")
    return 0


def _cmd_run(args) -> int:
    if args.file:
        return _run_file(Path(args.file), args)
    from simulator.cli.options import default_scenario_path

    with default_scenario_path() as path:
        return _run_file(path, args)


def _run_file(path: Path, args) -> int:
    from simulator.cli.summary import summary_lines
    from simulator.results.run import run
    from simulator.results.write import RUN_FILES, check_output_folder

    if args.out:
        check_output_folder(args.out, RUN_FILES)  # before reading inputs; the default is checked below
    scenario = load_with_sets(path, args.set)
    out = Path(args.out) if args.out else Path("results") / scenario.park.name
    check_output_folder(out, RUN_FILES)
    streams = [sys.stdout] if args.solver_log else None
    result = run(scenario, solver_log_streams=streams, save_lp=args.save_lp, progress=phase_printer(PHASES))
    report = []

    def add_report(stage: Path) -> None:  # the report is committed with the run (never an old one beside it)
        from simulator.cli.report import write_outputs

        from simulator.cli.report import report_langs

        langs = report_langs(args.report_lang)
        log.info(f"writing report and workbook ({', '.join(langs)}) ...")
        report.extend(out / p.name for p in write_outputs(stage, langs))

    result.write(out, add_files=None if args.no_report else add_report)
    if result.status != "optimal":
        print(_red(f"{scenario.park.name}: {result.status}: {result.summary['message']}"), file=sys.stderr)
        log.info(f"summary written to {out / 'summary.json'}")
        for written in report:  # the report then says which rules cannot be met
            log.info(f"written {written}")
        return 2
    print("\n".join(summary_lines(result.summary, colour=sys.stdout.isatty(), lang=args.lang)))
    print(f"results written to {out}/ (summary.json, hourly.csv, hourly.parquet)")
    for written in report:
        print(f"written {written}")
    return 0


def _cmd_init(args) -> int:
    from simulator.cli.init import init_command

    return init_command(args)


def _cmd_deal(args) -> int:
    from simulator.cli.deal import deal_command

    return deal_command(args)


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
    from simulator.cli.options import parse_sets
    from simulator.outputs.load_files import load_command

    print(load_command(args.file, args.out, overrides=parse_sets(args.set)))
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
    """The argument parser of ``zcpark`` (standard library only: nothing heavy is imported here)."""
    from simulator.cli import analysis, resource, robustness

    parser = argparse.ArgumentParser(prog="zcpark", description="Zero-carbon park energy simulator "
                                     "(零碳园区 / 绿电直连 sizing)")
    add_common_arguments(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, func, reads_scenario: bool = False):
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_common_arguments(p, top=False)
        p.set_defaults(func=func)
        if reads_scenario:
            add_set_argument(p)
        return p

    p = command("validate", "check a scenario file and report every error", _cmd_validate, True)
    p.add_argument("file")
    p = command("run", "size the park's supply and write results", _cmd_run, True)
    p.add_argument("file", nargs="?", help=f"scenario TOML (default: the shipped {DEFAULT_SCENARIO_NAME})")
    p.add_argument("--out", help="output folder (default: results/<scenario name>)")
    p.add_argument("--solver-log", action="store_true", help="show the HiGHS log")
    p.add_argument("--save-lp", metavar="PATH", help="write the model as an LP file")
    p.add_argument("--no-report", action="store_true", help="skip the HTML report and results_<lang>.xlsx")
    p.add_argument("--report-lang", choices=("both", "zh", "en"), default="both",
                   help="languages of report_<lang>.html and results_<lang>.xlsx (default: both)")
    p.add_argument("--lang", choices=("zh", "en"), default="en",
                   help="language of the terminal summary (the report and workbook are written in both)")
    p = command("init", "write a commented starter scenario for your park (中英文注释)", _cmd_init)
    p.add_argument("dir", nargs="?", default=".", help="folder to write <name>.toml into (default: here)")
    p.add_argument("--name", help="park name, also the file name (default: the folder's name)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p = command("report", "HTML report (report_<lang>.html) and workbook (results_<lang>.xlsx) of a result folder", _cmd_report)
    p.add_argument("folder", help="result folder written by `zcpark run`")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of labels (numbers are the same)")
    p.add_argument("--no-excel", action="store_true", help="write only the HTML report")
    p = command("load", "build the park's load profiles (per enterprise and total) and write them", _cmd_load, True)
    p.add_argument("file", help="scenario TOML with [[load.enterprises]]")
    p.add_argument("--out", help="output folder (default: results/<scenario name>/load)")
    p = command("resource", "weather and PV/wind availability of a year, with yield summary", _cmd_resource, True)
    resource.add_resource_arguments(p)
    p = command("batch", "run a study (many scenarios / a grid of overrides), resumable", _cmd_batch)
    p.add_argument("study", help="study TOML: scenario files and/or a base scenario with a [grid]")
    p.add_argument("--out", required=True, help="study folder: runs/<id>/, summary.csv, summary.parquet")
    p.add_argument("--workers", type=int, help="local worker processes (default: CPU count)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="use an existing dask.distributed scheduler")
    p.add_argument("--retry-errors", action="store_true", help="run again the runs recorded with status error")
    p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    p.add_argument("--report", choices=("zh", "en"), help="also write each run's HTML report in this language")
    p = command("compare", "plots across the runs of a study and an HTML index page", _cmd_compare)
    p.add_argument("dir", help="study folder written by `zcpark batch`")
    for name, help_text in ANALYSIS_COMMANDS.items():
        p = command(name, help_text, _analysis_command(name), name != "finance")
        getattr(analysis, f"add_{name}_arguments")(p)
    p = command("deal", "price window of a load-led joint project ([deal]): both sides' returns", _cmd_deal, True)
    from simulator.cli.deal import add_deal_arguments

    add_deal_arguments(p)
    p = command("robustness", "a design across N weather years, robust sizing, dry-season stress",
                _cmd_robustness, True)
    robustness.add_robustness_arguments(p)
    p = command("milestones", "multi-period sizing over the [planning] milestones (capacities only grow)",
                _cmd_milestones, True)
    robustness.add_milestones_arguments(p)
    return parser


#: commands that write files -> the files each writes into its output folder (checked before any work)
WRITING_COMMANDS = {"run": "run", "robustness": "run", "load": None, "resource": None, "report": None,
                    "batch": None, "frontier": None, "sweep": None, "finance": None, "sensitivity": None,
                    "milestones": None, "deal": None}


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
    args = build_parser().parse_args(argv)
    verbosity = -1 if args.quiet else 1 if args.verbose else 0
    with terminal(verbosity, args.debug):
        try:
            _check_output(args)
            return args.func(args)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
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
