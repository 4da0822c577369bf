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


def _texts(lang: str):
    """``t(key, **fields)``: a terminal text of the catalogue in ``lang`` with its fields filled in."""
    from simulator.outputs.i18n import label

    return lambda key, **fields: label(key, lang).format(**fields)


def _add_lang(p) -> None:
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the terminal lines")


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
    _add_lang(p)


def robustness_command(args) -> int:
    """``zcpark robustness``: see the module docstring."""
    from simulator.results.run import run
    from simulator.studies.robustness.summary import robustness_summary

    scenario = load_with_sets(args.file, args.set)
    from simulator.inputs.hydrogen import refuse_hydrogen
    from simulator.inputs.sites import refuse_sites
    from simulator.studies.robustness.years import ROBUSTNESS_HYDROGEN

    refuse_hydrogen(scenario, ROBUSTNESS_HYDROGEN)  # before the single-year sizing
    refuse_sites(scenario, "the weather-year robustness study")
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
    from simulator.outputs.study_pages import robustness_page, write_pages

    limits = [row["limit"] for row in result.summary.get("compliance", []) if row.get("rule") == "650_green_share"]
    write_pages(lambda lang: robustness_page(block, scenario.park.name, lang, limits[0] if limits else None),
                out, "robustness")
    t = _texts(args.lang)
    single = block["single_year_design"]["evaluation"]
    met = ", ".join(t("t_rob_met", rule=rule if args.lang == "en" else t(rule), share=f"{p:.0%}")
                    for rule, p in single["probability_met"].items())
    print(t("t_rob_single", n=block["n_years"], p50=f"{single['statistics']['green_share']['p50']:.1%}",
            p90=f"{single['statistics']['green_share']['p90']:.1%}", met=met))
    for row in block["year_table"]:
        ghi = row["ghi_kwh_per_m2_yr"]
        line = (t("t_rob_year", label=row["label"], ghi=f"{ghi:,.0f}", dry=f"{row['dry_season_share_fraction']:.1%}")
                if ghi is not None else t("t_rob_year_na", label=row["label"]))
        line += t("t_rob_year_single", gs=f"{row['single_green_share']:.1%}",
                  sc=f"{row['single_self_consumption']:.1%}", fi=f"{row['single_feed_in']:.1%}")
        if "robust_green_share" in row:
            line += t("t_rob_year_robust", gs=f"{row['robust_green_share']:.1%}")
        print(line)
    robust = block.get("robust_design")
    if robust is not None:
        sizing = robust["sizing"]
        if sizing["status"] == "optimal":
            cap = sizing["capacity"]
            cash = lambda cny: money(cny, lang=args.lang)  # noqa: E731
            print(t("t_rob_robust", method=sizing["method"], pv=power(cap["pv_kw"]), wind=power(cap["wind_kw"]),
                    storage=f"{energy(cap['storage_kwh'])} / {power(cap['storage_kw'])}",
                    robust=cash(robust["mean_cost_robust_design_cny_per_yr"]),
                    single=cash(robust["mean_cost_single_year_design_cny_per_yr"])))
        else:
            print(t("t_rob_robust_failed", status=sizing["status"], notes="; ".join(sizing["notes"])))
    stress = single["stress"]["worst"]
    print(t("t_rob_stress", days=stress["run_days"], start=stress["start"], end=stress["end"], year=stress["year"],
            energy=energy(stress["bridge_to_median_kwh"])))
    print(t("t_rob_written", out=out))
    return 0


def add_milestones_arguments(p) -> None:
    """Arguments of ``zcpark milestones``."""
    p.add_argument("file", help="scenario TOML with a [planning] section")
    p.add_argument("--out", help="output folder (default: results/<scenario name>_milestones)")
    _add_lang(p)


def milestones_command(args) -> int:
    """``zcpark milestones``: multi-period sizing; writes ``milestones.json``."""
    from simulator.results.write import write_json
    from simulator.results.milestones import scenario_milestones

    scenario = load_with_sets(args.file, args.set)
    out = Path(args.out) if args.out else Path("results") / f"{scenario.park.name}_milestones"
    plan = scenario_milestones(scenario)
    out.mkdir(parents=True, exist_ok=True)
    write_json({"scenario": scenario.park.name, **plan.as_dict()}, out / "milestones.json")
    t = _texts(args.lang)
    if plan.status != "optimal":
        print(t("t_ms_status", name=scenario.park.name, status=plan.status), file=sys.stderr)
        return 2
    for year, cap, build in zip(plan.milestones, plan.capacity, plan.build):
        print(t("t_ms_year", year=year, pv=power(cap["pv_kw"]), bpv=power(build["pv_kw"]),
                wind=power(cap["wind_kw"]), bwind=power(build["wind_kw"]),
                storage=energy(cap["storage_kwh"]), bstorage=energy(build["storage_kwh"])))
    print(t("t_ms_total", value=money(plan.present_value_cny, lang=args.lang), path=out / "milestones.json"))
    return 0
