"""CLI commands ``zcpark robustness FILE --years N`` and ``zcpark milestones FILE``.

``robustness`` runs the scenario as ``zcpark run`` does (the single-year optimum on the scenario's own
weather), evaluates that design in N weather years, sizes the robust design (rules met in every year) and
evaluates it too; everything goes into ``summary.json`` under the key ``robustness`` of the single-year
run's results folder. ``milestones`` solves the multi-period sizing of the ``[planning]`` section and
writes ``milestones.json``.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from simulator.cli.console import log
from simulator.cli.numbers import energy, money, power
from simulator.cli.options import load_with_sets

#: copies of simulator.studies.robustness.summary's constants for the help text (checked by tests/cli)
FULL_YEARS_MAX_STEPS = 3 * 8760
AUTO_TYPICAL_DAYS = 24


def _year_range(text: str) -> tuple[int, int]:
    import argparse

    try:
        first, last = (int(part) for part in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected FIRST:LAST, e.g. 2008:2017") from None
    if last < first:
        raise argparse.ArgumentTypeError(f"{text!r}: the last year is before the first")
    return first, last


def add_robustness_arguments(p) -> None:
    """Arguments of ``zcpark robustness``."""
    p.add_argument("file", help="scenario TOML")
    p.add_argument("--years", type=int, default=5, help="number of weather years N (seeded draws; default 5)")
    p.add_argument("--first-seed", type=int, help="seed of the first year (default: the scenario's weather.seed)")
    p.add_argument("--ghi-spread", type=float, default=None,
                   help="override: independent spread of each month's GHI around its normal, as a fraction "
                        "(default: the station record's year-to-year statistics, CDSRD; 0 = only the day sequence "
                        "varies)")
    p.add_argument("--weather-files", nargs="+", help="weather files, one per year, instead of seeded draws")
    p.add_argument("--weather-years", type=_year_range, default=None, metavar="FIRST:LAST",
                   help="recorded years of the scenario's multi-year file ([weather] source = \"cdsrd\", "
                        "\"nasa_power\" or \"era5\"), e.g. 2008:2017")
    p.add_argument("--weather-source", default="epw", choices=("epw", "pvgis", "tmy3", "csv"),
                   help="format of --weather-files")
    p.add_argument("--typical-periods", type=int, default=None,
                   help="size the robust design on K typical days per year (default: full years when N x steps "
                        f"<= {FULL_YEARS_MAX_STEPS:,}, else {AUTO_TYPICAL_DAYS} typical days)")
    p.add_argument("--full-years", action="store_true", help="size the robust design on the full years in any case")
    p.add_argument("--no-robust", action="store_true", help="only evaluate the single-year design")
    p.add_argument("--out", help="output folder (default: results/<scenario name>_robustness)")


def robustness_command(args) -> int:
    """``zcpark robustness``: see the module docstring."""
    from simulator.results.run import run
    from simulator.studies.robustness.summary import robustness_summary

    from simulator.studies.robustness.years import refuse_heat

    scenario = load_with_sets(args.file, args.set)
    refuse_heat(scenario)  # before the single-year sizing
    out = Path(args.out) if args.out else Path("results") / f"{scenario.park.name}_robustness"
    from simulator.results.write import RUN_FILES, check_output_folder

    check_output_folder(out, RUN_FILES)  # before the years are solved, not after
    started = time.perf_counter()

    def progress(text: str) -> None:
        log.info(f"{text} ... ({time.perf_counter() - started:.1f} s)")

    progress("single-year sizing")
    result = run(scenario)
    if result.status != "optimal":
        result.write(out)
        print(f"{scenario.park.name}: {result.status}: {result.summary['message']}", file=sys.stderr)
        return 2
    block = robustness_summary(scenario, args.years, result.summary, args.first_seed, args.ghi_spread,
                               args.weather_files, args.weather_source, args.typical_periods,
                               not args.no_robust, progress, args.full_years, args.weather_years)
    result.summary["robustness"] = block
    result.write(out)
    single = block["single_year_design"]["evaluation"]
    print(f"single-year design in {block['n_years']} weather years: "
          f"green share P50 {single['statistics']['green_share']['p50']:.1%}, "
          f"P90 {single['statistics']['green_share']['p90']:.1%}; rules met in "
          + ", ".join(f"{r} {p:.0%}" for r, p in single["probability_met"].items()) + " of the years")
    for row in block["year_table"]:
        ghi = row["ghi_kwh_per_m2_yr"]
        line = (f"  {row['label']}: GHI {ghi:,.0f} kWh/m2, dry season (Nov-Apr) {row['dry_season_share_fraction']:.1%}"
                if ghi is not None else f"  {row['label']}: GHI n/a")
        line += (f"; single-year design green share {row['single_green_share']:.1%}, "
                 f"self-consumption {row['single_self_consumption']:.1%}, feed-in {row['single_feed_in']:.1%}")
        if "robust_green_share" in row:
            line += f"; robust design green share {row['robust_green_share']:.1%}"
        print(line)
    robust = block.get("robust_design")
    if robust is not None:
        sizing = robust["sizing"]
        if sizing["status"] == "optimal":
            cap = sizing["capacity"]
            print(f"robust design ({sizing['method']}): PV {power(cap['pv_kw'])}, wind {power(cap['wind_kw'])}, "
                  f"storage {energy(cap['storage_kwh'])} / {power(cap['storage_kw'])}; "
                  f"mean cost over the years {money(robust['mean_cost_robust_design_cny_per_yr'])}/yr against "
                  f"{money(robust['mean_cost_single_year_design_cny_per_yr'])}/yr for the single-year design")
        else:
            print(f"robust design: {sizing['status']} ({'; '.join(sizing['notes'])})")
    stress = single["stress"]["worst"]
    print(f"dry-season stress: {stress['run_days']} low-green days in a row ({stress['start']} .. {stress['end']}, "
          f"{stress['year']}); bridging to the median day needs {energy(stress['bridge_to_median_kwh'])}")
    print(f"results written to {out}/ (summary.json key 'robustness')")
    return 0


def add_milestones_arguments(p) -> None:
    """Arguments of ``zcpark milestones``."""
    p.add_argument("file", help="scenario TOML with a [planning] section")
    p.add_argument("--out", help="output folder (default: results/<scenario name>_milestones)")


def milestones_command(args) -> int:
    """``zcpark milestones``: multi-period sizing; writes ``milestones.json``."""
    from simulator.results.write import write_json
    from simulator.results.milestones import scenario_milestones

    scenario = load_with_sets(args.file, args.set)
    out = Path(args.out) if args.out else Path("results") / f"{scenario.park.name}_milestones"
    plan = scenario_milestones(scenario)
    out.mkdir(parents=True, exist_ok=True)
    write_json({"scenario": scenario.park.name, **plan.as_dict()}, out / "milestones.json")
    if plan.status != "optimal":
        print(f"{scenario.park.name}: milestones {plan.status}", file=sys.stderr)
        return 2
    for year, cap, build in zip(plan.milestones, plan.capacity, plan.build):
        print(f"{year}: PV {power(cap['pv_kw'])} (+{power(build['pv_kw'])}), wind {power(cap['wind_kw'])} "
              f"(+{power(build['wind_kw'])}), storage {energy(cap['storage_kwh'])} (+{energy(build['storage_kwh'])})")
    print(f"present value {money(plan.present_value_cny)}; written {out / 'milestones.json'}")
    return 0
