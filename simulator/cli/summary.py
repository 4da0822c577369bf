"""The terminal summary of ``zcpark run``: one basis per line, always stated.

``summary.json`` holds energies summed over the modelled horizon and costs and CO2 per year (operating
terms scaled by ``horizon.year_weight``). On a full year both are the same basis and every line says
``/yr``. On a shorter horizon the scaling factor is stated once at the top, and every energy, cost and
CO2 line shows the per-year figure and the horizon's own figure side by side.
"""
from __future__ import annotations

from typing import Callable

from simulator.cli.numbers import energy, is_full_year, money, num, percent, power


def _horizon_days(horizon: dict) -> float:
    return horizon.get("steps", 0) * horizon.get("dt_h", 1.0) / 24


def horizon_lines(summary: dict) -> tuple[list[str], Callable[[float], str], Callable[[float], str]]:
    """The horizon line(s) and two formatters of the basis.

    Returns
    -------
    lines : list of str
    per_horizon : callable
        Text of an energy summed over the horizon [kWh]: ``X GWh/yr`` on a year, else
        ``X GWh/yr (Y GWh over the N days)``.
    per_year : callable
        Text of a money amount per year [CNY/yr], likewise.
    """
    h = summary.get("horizon", {})
    k = float(h.get("year_weight", 1.0))
    start, end = str(h.get("start", ""))[:10], str(h.get("end", ""))[:10]
    step_min = round(60 * h.get("dt_h", 1.0))
    if is_full_year(h):
        lines = [f"  horizon      full year {start} .. {end} ({h.get('steps', 0):,} steps of {step_min} min); "
                 "energies, costs and CO2 per year"]
        return lines, (lambda kwh: f"{energy(kwh)}/yr"), (lambda cny: f"{money(cny)}/yr")
    days = _horizon_days(h)
    days_text = str(round(days)) if abs(days - round(days)) < 1e-9 else num(days, 3)
    span = f"the {days_text} days"
    lines = [f"  horizon      {days_text} days {start} .. {end} ({h.get('steps', 0):,} steps of {step_min} min): "
             f"per-year figures = horizon figures x {num(k, 4)}; the horizon's own figure in brackets"]
    return (lines, lambda kwh: f"{energy(kwh * k)}/yr ({energy(kwh)} over {span})",
            lambda cny: f"{money(cny)}/yr ({money(cny / k)} over {span})")


def summary_lines(summary: dict, colour: bool = False) -> list[str]:
    """Lines of the terminal summary of an optimal run (capacities, energy, cost, CO2, ratios, compliance)."""
    from simulator.cli.report import compliance_lines

    cap, ratios, e = summary["capacity"], summary["ratios"], summary["energy"]
    lines, over_horizon, per_year = horizon_lines(summary)
    k = float(summary.get("horizon", {}).get("year_weight", 1.0))
    co2 = summary["co2_t_per_yr"]
    co2_text = f"{num(co2, 4)} t/yr" + ("" if is_full_year(summary.get("horizon", {}))
                                         else f" ({num(co2 / k, 4)} t over the horizon)")
    lines = [f"scenario {summary['scenario']}: {summary['status']}", *lines,
             f"  PV           {power(cap['pv_kw'])}",
             f"  wind         {power(cap['wind_kw'])}",
             f"  storage      {energy(cap['storage_kwh'])} / {power(cap['storage_kw'])}",
             f"  connection   {power(cap['grid_connection_kw'])} (declared)",
             f"  load         {over_horizon(e['load_kwh'])}",
             f"  green used   {over_horizon(e['re_self_consumed_kwh'])} self-consumed",
             f"  annual cost  {per_year(summary['objective_cny_per_yr'])}; "
             f"{num(summary['cost_of_supply_cny_per_kwh'], 3)} CNY/kWh of load",
             f"  CO2          {co2_text}",
             f"  ratios       self-consumption {percent(ratios['self_consumption'])}, green share "
             f"{percent(ratios['green_share'])}, feed-in {percent(ratios['feed_in'])}, curtailment "
             f"{percent(ratios['curtailment'])}",
             "  compliance:"]
    h2 = summary.get("hydrogen")
    if h2:  # [hydrogen]: sizes, demand per year, equipment cost per kg
        lines.insert(lines.index("  compliance:"), (
            f"  hydrogen     electrolyser {power(h2['electrolyser_kw'])}, tank {num(h2['tank_kg'] / 1000.0, 4)} t, "
            f"fuel cell {power(h2['fuel_cell_kw'])}; demand {num(h2['demand_t_per_yr'], 4)} t/yr; equipment "
            f"{num(h2['equipment_cny_per_kg'] or 0.0, 3)} CNY/kg; tank balance {'ok' if h2['tank_ok'] else 'FAILED'}"))
    paint = (lambda text, ok: f"\033[{32 if ok else 31}m{text}\033[0m") if colour else (lambda text, ok: text)
    lines += compliance_lines(summary, paint)
    lines.append(solve_line(summary))
    return lines


def solve_line(summary: dict) -> str:
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
