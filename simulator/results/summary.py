"""The ``summary.json`` content of a run: every number recomputed from the hourly results and capacities.

See the output contract in docs/architecture.md; energies in the ``energy`` block are over the modelled
horizon, costs and CO2 per year (``horizon.year_weight`` scales the one to the other).
"""
from __future__ import annotations

import logging
import platform
from importlib import metadata

import pandas as pd

from simulator.inputs.model_inputs import ModelInputs, crf
from simulator.results import kpi
from simulator.scenario import Scenario

logger = logging.getLogger(__name__)

#: the screened design's full-horizon cost above its own typical-period optimum beyond which a screening
#: run warns that typical periods misrepresent the park [-]. On the library parks (docs/speed.md, "sixth
#: slot: the screening's self-check", "eighth slot") the eight within 0.24 % of the exact optimum are
#: +0.02 to +1.38 % over their typical-period optimum; Binchuan (off grid, seasonal hydrogen), +2.28 % above the exact
#: optimum, is +5.2 % over it. A sign, not a bound: the typical-period optimum is no bound on the exact one
SCREENING_SELF_CHECK_FRACTION = 0.02


def versions() -> dict:
    """Versions of the simulator and of the libraries that shape its numbers."""
    out = {"python": platform.python_version()}
    for name in ("zcpark", "numpy", "pandas", "pvlib", "pyomo", "highspy", "pydantic", "holidays"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def electricity_cost(cost: dict) -> float:
    """The annual cost of the electricity supply [CNY/yr]: the total without the heat and hydrogen blocks'
    own terms (heat equipment and fuel, ``heat_*``; electrolyser, tank, fuel cell and hydrogen sold,
    ``h2_*``); the grid energy bought for electric heat and electrolysis stays in it."""
    return cost["total"] - sum(v for key, v in cost.items() if key.startswith(("heat_", "h2_")))


def base_summary(scenario: Scenario, status: str, message: str, timings: dict) -> dict:
    return {"scenario": scenario.park.name, "status": status, "message": message,
            "timings_s": timings, "versions": versions()}


def screening_report(summary: dict, m, screening) -> None:
    """Record the typical-period sizing; name the rules its sizes miss over the full year."""
    summary["time_reduction"] = screening.as_dict()
    summary["timings_s"]["screening_solve"] = screening.solve_s
    self_check(summary, screening.objective_cny_per_yr)
    penalty = summary["objective_cny_per_yr"] - summary["cost_cny_per_yr"]["total"]
    summary["objective_cny_per_yr"] = summary["cost_cny_per_yr"]["total"]
    summary["checks"]["objective_minus_cost_total_cny_per_yr"] = 0.0
    summary["checks"]["rule_violation_penalty_cny_per_yr"] = penalty
    missed = [row for row in summary["compliance"] if not row["ok"]]
    if missed:
        summary["message"] = ("sizes from typical periods miss over the full year: " + "; ".join(
            f"{row['rule']} ({row['value']:.3f} {row['sense']} {row['limit']:.3f}, "
            f"short by {abs(row['margin']):.3f})" for row in missed)
            + ". Use more typical periods or solve the full year (solver.time_reduction = 'none').")


def self_check(summary: dict, reduced_objective_cny_per_yr: float) -> None:
    """The screening's self-check: the screened design's full-horizon cost against its typical-period optimum.

    Sets ``time_reduction.year_cost_over_reduced_fraction`` (cost total / reduced objective − 1 [-]) and,
    above :data:`SCREENING_SELF_CHECK_FRACTION`, ``time_reduction.warning`` (also logged): the typical
    periods then left out what sets this park's sizes (multi-day dark spells, seasonal storage), and its
    cost may lie that far above the optimum.
    """
    block = summary["time_reduction"]
    cost = summary["cost_cny_per_yr"]["total"]
    gap = cost / reduced_objective_cny_per_yr - 1.0 if reduced_objective_cny_per_yr > 0 else None
    block["year_cost_over_reduced_fraction"] = gap
    if gap is not None and gap > SCREENING_SELF_CHECK_FRACTION:
        block["warning"] = (f"the screened design costs {gap:.1%} more over the full horizon than on its "
                            f"typical-period model ({block['n_periods']} periods; self-check limit "
                            f"{SCREENING_SELF_CHECK_FRACTION:.0%}): the typical periods leave out what sets this "
                            f"park's sizes (multi-day dark spells, seasonal storage), and its cost may be that far "
                            f"above the optimum; use more typical periods or solve the full horizon "
                            f"(solver.time_reduction = 'none')")
        logger.warning(block["warning"])


def summarise(scenario: Scenario, inp: ModelInputs, capacity: dict, hourly: pd.DataFrame,
              green_purchase_kwh: float, objective: float, timings: dict) -> dict:
    """The ``summary.json`` content, every number recomputed from ``hourly`` and ``capacity``."""
    dt, k = inp.dt_h, inp.year_weight
    energy = kpi.energy_totals(hourly, dt)
    energy["green_purchase_kwh"] = green_purchase_kwh
    ratios = kpi.ratios(energy, inp.policy.available_basis)
    cost = kpi.costs(inp, capacity, hourly, green_purchase_kwh)
    green_cost = sum(g.capex_cny_per_kw * crf(inp.discount_rate_fraction, g.lifetime_yr)
                     * (capacity.get(f"{g.name}_kw", capacity[f"{g.kind}_kw"]) - g.existing_kw)
                     + g.fixed_om_cny_per_kw_yr * capacity.get(f"{g.name}_kw", capacity[f"{g.kind}_kw"])
                     for g in inp.generators)
    used_per_yr = energy["re_used_kwh"] * k
    summary = base_summary(scenario, "optimal", "", timings)
    summary.update({
        "objective_cny_per_yr": objective,
        "capacity": capacity,
        "energy": energy,
        "ratios": ratios,
        "cost_cny_per_yr": cost,
        "lcoe_cny_per_kwh": green_cost / used_per_yr if used_per_yr > 0 else None,
        "cost_of_supply_cny_per_kwh": (electricity_cost(cost) / (energy["load_kwh"] * k)
                                       if energy["load_kwh"] > 0 else None),
        "co2_t_per_yr": energy["import_kwh"] * k * inp.grid.emission_kg_per_kwh / 1000.0,
        "compliance": kpi.compliance(inp, energy, green_purchase_kwh),
        "horizon": {"start": str(hourly.index[0]), "end": str(hourly.index[-1]), "steps": inp.n_steps,
                    "dt_h": dt, "year_weight": k},
        "checks": {**kpi.balance_checks(hourly, scenario.solver.primal_feasibility_tolerance),
                   "objective_minus_cost_total_cny_per_yr": objective - cost["total"]},
        "emission_factor": {"key": scenario.grid.emission_factor, "kg_co2_per_kwh": inp.grid.emission_kg_per_kwh},
        "tariff": inp.labels.get("tariff", {}),
    })
    fuel_tce = fuel_co2 = None
    if inp.heat is not None:  # process heat: fuels, CO2 by carrier; fuel CO2 joins the park's CO2
        from simulator.results.heat import heat_summary

        summary["heat"] = heat_summary(inp, capacity, hourly, summary["co2_t_per_yr"],
                                       scenario.solver.primal_feasibility_tolerance)
        fuel_tce, fuel_co2 = summary["heat"]["fuel_tce_per_yr"], summary["heat"]["fuel_co2_t_per_yr"]
        summary["co2_electricity_t_per_yr"] = summary["co2_t_per_yr"]
        summary["co2_t_per_yr"] = summary["co2_t_per_yr"] + fuel_co2
    if inp.lines:  # [[sites]]: per site and line, and the sites' own balance (eq. L2)
        from simulator.results.sites import site_balance_residual_kw, sites_summary

        summary["sites"] = sites_summary(inp, capacity, hourly)
        residual = site_balance_residual_kw(inp, hourly)
        summary["checks"].update(site_balance_residual_kw=residual,
                                 site_balance_ok=bool(residual <= summary["checks"]["balance_tolerance_kw"]))
    if getattr(inp, "hydrogen", None) is not None:  # hydrogen chain: sizes, flows per year, tank check
        from simulator.results.hydrogen import hydrogen_summary

        summary["hydrogen"] = hydrogen_summary(inp, capacity, hourly, cost,
                                               scenario.solver.primal_feasibility_tolerance)
    summary["kpi"] = kpi.planning_kpis(hourly, capacity, energy, dt, k, scenario.grid.emission_factor,
                                       green_purchase_kwh, scenario.park.other_energy_tce_per_yr,
                                       scenario.park.other_energy_co2_t_per_yr,
                                       kpi.clean_share(inp, energy, green_purchase_kwh),
                                       inp.policy.electricity_kgce_per_kwh, fuel_tce, fuel_co2)
    summary["indicators"] = kpi.indicator_rows(summary["kpi"])
    return summary
