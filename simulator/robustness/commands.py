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

#: above this many steps in all years together, the robust sizing uses typical days unless --full-years
#: (5 full hourly years took too long on a shared 2-core machine; see docs/robustness.md §7)
FULL_YEARS_MAX_STEPS = 3 * 8760
AUTO_TYPICAL_DAYS = 24


def add_robustness_arguments(p) -> None:
    """Arguments of ``zcpark robustness``."""
    p.add_argument("file", help="scenario TOML")
    p.add_argument("--years", type=int, default=5, help="number of weather years N (seeded draws; default 5)")
    p.add_argument("--first-seed", type=int, help="seed of the first year (default: the scenario's weather.seed)")
    p.add_argument("--ghi-spread", type=float, default=None,
                   help="standard deviation of each month's GHI around its normal, as a fraction "
                        "(default: data/defaults.toml robustness.monthly_ghi_spread_fraction, tag U; 0 = only the "
                        "day sequence varies)")
    p.add_argument("--weather-files", nargs="+", help="weather files, one per year, instead of seeded draws")
    p.add_argument("--weather-source", default="epw", choices=("epw", "pvgis", "tmy3", "csv"),
                   help="format of --weather-files")
    p.add_argument("--typical-periods", type=int, default=None,
                   help="size the robust design on K typical days per year (default: full years when N x steps "
                        f"<= {FULL_YEARS_MAX_STEPS:,}, else {AUTO_TYPICAL_DAYS} typical days)")
    p.add_argument("--full-years", action="store_true", help="size the robust design on the full years in any case")
    p.add_argument("--no-robust", action="store_true", help="only evaluate the single-year design")
    p.add_argument("--out", help="output folder (default: results/<scenario name>_robustness)")


def robustness_summary(scenario, n_years: int, base_summary: dict, first_seed=None, ghi_spread=None,
                       weather_files=None, weather_source="epw", typical_periods=None, robust: bool = True,
                       progress=None, full_years: bool = False) -> dict:
    """The ``robustness`` block: evaluation of the single-year design, robust design and its evaluation."""
    from simulator.assemble import solver_settings
    from simulator.data import default
    from simulator.robustness.evaluate import design_keys, evaluate_design
    from simulator.robustness.robust import size_robust
    from simulator.robustness.years import file_years, seeded_years, year_set

    note = progress or (lambda _text: None)
    settings = solver_settings(scenario)
    if weather_files:
        years = file_years(scenario, weather_files, weather_source)
        spread = None
    else:
        spread = float(default("robustness.monthly_ghi_spread_fraction") if ghi_spread is None else ghi_spread)
        years = seeded_years(scenario, n_years, first_seed, spread)
    note(f"weather years: {len(years)}")
    ys = year_set(scenario, years)
    design = design_keys(base_summary["capacity"], ys.inputs[0])
    note("evaluate the single-year design in every year")
    single = evaluate_design(ys.inputs, ys.labels, ys.index, design, settings)
    out = {"n_years": len(years), "labels": ys.labels,
           "weather": {"method": "files" if weather_files else "seeded default generator",
                       "monthly_ghi_spread_fraction": spread,
                       "monthly_ghi_kwh_per_m2": {y.label: y.monthly_ghi_kwh_per_m2 for y in years},
                       "annual_yield_kwh_per_kw": [{k: v["specific_yield_kwh_per_kw"] for k, v in s.items()
                                                    if isinstance(v, dict) and "specific_yield_kwh_per_kw" in v}
                                                   for s in ys.resource_summaries]},
           "single_year_design": {"capacity": base_summary["capacity"],
                                  "objective_cny_per_yr": base_summary.get("objective_cny_per_yr"),
                                  "evaluation": single.as_dict()}}
    if robust and typical_periods is None and not full_years:
        steps = sum(inp.n_steps for inp in ys.inputs)
        days = ys.inputs[0].n_steps * ys.inputs[0].dt_h / 24.0
        if steps > FULL_YEARS_MAX_STEPS and days == int(days) and days >= AUTO_TYPICAL_DAYS:
            typical_periods = AUTO_TYPICAL_DAYS
    if robust:
        note("robust sizing" + (f" on {typical_periods} typical days per year" if typical_periods else
                                " on full years"))
        start = None
        days = ys.inputs[0].n_steps * ys.inputs[0].dt_h / 24.0
        if typical_periods is None and days == int(days) and days >= 4 * AUTO_TYPICAL_DAYS:
            # full years: start from the typical-day robust design (same optimum, several times faster)
            note(f"robust start design on {AUTO_TYPICAL_DAYS} typical days per year")
            pre = size_robust(ys.inputs, settings, index=ys.index, typical_periods=AUTO_TYPICAL_DAYS)
            start = pre.design if pre.status == "optimal" else None
        sized = size_robust(ys.inputs, settings, index=ys.index, typical_periods=typical_periods, start=start)
        block = {"sizing": sized.as_dict()}
        if sized.status == "optimal":
            note("evaluate the robust design in every year")
            evaluation = evaluate_design(ys.inputs, ys.labels, ys.index, sized.design, settings)
            block["evaluation"] = evaluation.as_dict()
            # both designs' mean annual cost over the same years (rule penalties not included: a design that
            # misses a rule in some year can look cheaper; see the probability of meeting each rule)
            cost_single = single.statistics()["cost_total_cny_per_yr"]["mean"]
            cost_robust = evaluation.statistics()["cost_total_cny_per_yr"]["mean"]
            block["mean_cost_single_year_design_cny_per_yr"] = cost_single
            block["mean_cost_robust_design_cny_per_yr"] = cost_robust
            block["extra_cost_cny_per_yr"] = cost_robust - cost_single
        out["robust_design"] = block
    return out


def robustness_command(args) -> int:
    """``zcpark robustness``: see the module docstring."""
    from simulator.run import run
    from simulator.scenario import load_scenario

    scenario = load_scenario(args.file)
    out = Path(args.out) if args.out else Path("results") / f"{scenario.park.name}_robustness"
    started = time.perf_counter()

    def progress(text: str) -> None:
        print(f"{text} ... ({time.perf_counter() - started:.1f} s)", file=sys.stderr, flush=True)

    progress("single-year sizing")
    result = run(scenario)
    if result.status != "optimal":
        result.write(out)
        print(f"{scenario.park.name}: {result.status}: {result.summary['message']}", file=sys.stderr)
        return 2
    block = robustness_summary(scenario, args.years, result.summary, args.first_seed, args.ghi_spread,
                               args.weather_files, args.weather_source, args.typical_periods,
                               not args.no_robust, progress, args.full_years)
    result.summary["robustness"] = block
    result.write(out)
    single = block["single_year_design"]["evaluation"]
    print(f"single-year design in {block['n_years']} weather years: "
          f"green share P50 {single['statistics']['green_share']['p50']:.1%}, "
          f"P90 {single['statistics']['green_share']['p90']:.1%}; rules met in "
          + ", ".join(f"{r} {p:.0%}" for r, p in single["probability_met"].items()) + " of the years")
    robust = block.get("robust_design")
    if robust is not None:
        sizing = robust["sizing"]
        if sizing["status"] == "optimal":
            cap = sizing["capacity"]
            print(f"robust design ({sizing['method']}): PV {cap['pv_kw']:,.0f} kW, wind {cap['wind_kw']:,.0f} kW, "
                  f"storage {cap['storage_kwh']:,.0f} kWh / {cap['storage_kw']:,.0f} kW; "
                  f"mean cost over the years {robust['mean_cost_robust_design_cny_per_yr']:,.0f} CNY/yr against "
                  f"{robust['mean_cost_single_year_design_cny_per_yr']:,.0f} for the single-year design")
        else:
            print(f"robust design: {sizing['status']} ({'; '.join(sizing['notes'])})")
    stress = single["stress"]["worst"]
    print(f"dry-season stress: {stress['run_days']} low-green days in a row ({stress['start']} .. {stress['end']}, "
          f"{stress['year']}); bridging to the median day needs {stress['bridge_to_median_kwh']:,.0f} kWh")
    print(f"results written to {out}/ (summary.json key 'robustness')")
    return 0


def add_milestones_arguments(p) -> None:
    """Arguments of ``zcpark milestones``."""
    p.add_argument("file", help="scenario TOML with a [planning] section")
    p.add_argument("--out", help="output folder (default: results/<scenario name>_milestones)")


def milestones_command(args) -> int:
    """``zcpark milestones``: multi-period sizing; writes ``milestones.json``."""
    from simulator.results.write import write_json
    from simulator.robustness.milestones import scenario_milestones
    from simulator.scenario import load_scenario

    scenario = load_scenario(args.file)
    out = Path(args.out) if args.out else Path("results") / f"{scenario.park.name}_milestones"
    plan = scenario_milestones(scenario)
    out.mkdir(parents=True, exist_ok=True)
    write_json({"scenario": scenario.park.name, **plan.as_dict()}, out / "milestones.json")
    if plan.status != "optimal":
        print(f"{scenario.park.name}: milestones {plan.status}", file=sys.stderr)
        return 2
    for year, cap, build in zip(plan.milestones, plan.capacity, plan.build):
        print(f"{year}: PV {cap['pv_kw']:,.0f} kW (+{build['pv_kw']:,.0f}), wind {cap['wind_kw']:,.0f} kW "
              f"(+{build['wind_kw']:,.0f}), storage {cap['storage_kwh']:,.0f} kWh (+{build['storage_kwh']:,.0f})")
    print(f"present value {plan.present_value_cny:,.0f} CNY; written {out / 'milestones.json'}")
    return 0
