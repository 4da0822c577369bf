"""The ``robustness`` block of a result: the single-year design in N weather years, the robust design
(rules met in every year) and its evaluation (``zcpark robustness``)."""
from __future__ import annotations

#: above this many steps in all years together, the robust sizing uses typical days unless --full-years
#: (5 full hourly years took too long on a shared 2-core machine; see docs/robustness.md §7)
FULL_YEARS_MAX_STEPS = 3 * 8760
AUTO_TYPICAL_DAYS = 24


RECORD_NAMES = {"cdsrd": "CDSRD", "nasa_power": "NASA POWER", "era5": "ERA5"}


def robustness_summary(scenario, n_years: int, base_summary: dict, first_seed=None, ghi_spread=None,
                       weather_files=None, weather_source="epw", typical_periods=None, robust: bool = True,
                       progress=None, full_years: bool = False, weather_years=None) -> dict:
    """The ``robustness`` block: evaluation of the single-year design, robust design and its evaluation.

    Weather years: ``weather_files`` (one file per year), ``weather_years`` = (first, last) recorded years of
    the scenario's CDSRD file, or ``n_years`` seeded draws of the default generator.
    """
    from simulator.model.solve import solver_settings
    from simulator.studies.robustness.evaluate import design_keys, evaluate_design
    from simulator.studies.robustness.robust import size_robust
    from simulator.studies.robustness.years import (file_years, recorded_years, seeded_years, year_ghi_listing,
                                                   year_set)

    note = progress or (lambda _text: None)
    settings = solver_settings(scenario)
    if weather_files:
        years = file_years(scenario, weather_files, weather_source)
        spread = None
    elif weather_years:
        years = recorded_years(scenario, *weather_years)
        spread = None
    else:
        spread = None if ghi_spread is None else float(ghi_spread)
        years = seeded_years(scenario, n_years, first_seed, spread)
    note(f"weather years: {len(years)}")
    ys = year_set(scenario, years)
    design = design_keys(base_summary["capacity"], ys.inputs[0])
    note("evaluate the single-year design in every year")
    single = evaluate_design(ys.inputs, ys.labels, ys.index, design, settings)
    out = {"n_years": len(years), "labels": ys.labels,
           "weather": {"method": "files" if weather_files else "recorded " + RECORD_NAMES[scenario.weather.source] + " years" if weather_years else (
                           "seeded default generator, monthly anomalies with the CDSRD record's year-to-year "
                           "statistics" if spread is None else "seeded default generator, --ghi-spread override"),
                       "monthly_ghi_spread_fraction": spread,
                       "years": year_ghi_listing(years, ys.resource_summaries),
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
    out["year_table"] = year_table(out)
    return out


def year_table(block: dict) -> list[dict]:
    """One row per weather year: its annual GHI and dry-season share beside the designs' results."""
    rows = []
    single = {r["year"]: r for r in block["single_year_design"]["evaluation"]["years"]}
    robust_eval = block.get("robust_design", {}).get("evaluation")
    robust = {r["year"]: r for r in robust_eval["years"]} if robust_eval else {}
    for listing in block["weather"]["years"]:
        label = listing["label"]
        row = dict(listing)
        for prefix, table in (("single", single), ("robust", robust)):
            if label in table:
                for key in ("green_share", "self_consumption", "feed_in", "cost_total_cny_per_yr"):
                    row[f"{prefix}_{key}"] = table[label][key]
        rows.append(row)
    return rows
