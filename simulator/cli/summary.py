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


def _t(key: str, lang: str, **fields) -> str:
    """A terminal text of the catalogue in ``lang`` with its fields filled in."""
    from simulator.outputs.i18n import label

    return label(key, lang).format(**fields)


def _head(text: str, width: int = 13) -> str:
    """``text`` padded to ``width`` terminal columns (a CJK character takes two)."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - shown)


def horizon_lines(summary: dict, lang: str = "en") -> tuple[list[str], Callable[[float], str], Callable[[float], str]]:
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
    fields = {"start": str(h.get("start", ""))[:10], "end": str(h.get("end", ""))[:10],
              "steps": f"{h.get('steps', 0):,}", "step": round(60 * h.get("dt_h", 1.0))}
    head = "  " + _head(_t("t_horizon", lang))
    cash = lambda cny: money(cny, lang=lang)  # noqa: E731
    if is_full_year(h):
        lines = [head + _t("t_full_year", lang, **fields)]
        return (lines, lambda kwh: _t("t_per_yr", lang, value=energy(kwh)),
                lambda cny: _t("t_per_yr", lang, value=cash(cny)))
    days = _horizon_days(h)
    days_text = str(round(days)) if abs(days - round(days)) < 1e-9 else num(days, 3)
    lines = [head + _t("t_short", lang, days=days_text, k=num(k, 4), **fields)]
    return (lines,
            lambda kwh: _t("t_per_yr_and_horizon", lang, value=energy(kwh * k), horizon=energy(kwh), days=days_text),
            lambda cny: _t("t_per_yr_and_horizon", lang, value=cash(cny), horizon=cash(cny / k), days=days_text))


def summary_lines(summary: dict, colour: bool = False, lang: str = "en") -> list[str]:
    """Lines of the terminal summary of an optimal run (capacities, energy, cost, CO2, ratios, compliance),
    labelled in ``lang`` (the catalogue's ``t_*`` entries); money in MCNY (en) or 万元/亿元 (zh)."""
    from simulator.cli.report import compliance_lines

    cap, ratios, e = summary["capacity"], summary["ratios"], summary["energy"]
    lines, over_horizon, per_year = horizon_lines(summary, lang)
    k = float(summary.get("horizon", {}).get("year_weight", 1.0))
    co2 = summary["co2_t_per_yr"]
    co2_text = (_t("t_co2_year", lang, value=num(co2, 4)) if is_full_year(summary.get("horizon", {}))
                else _t("t_co2_horizon", lang, value=num(co2, 4), horizon=num(co2 / k, 4)))

    def line(key: str, text: str) -> str:
        return "  " + _head(_t(key, lang)) + text

    from simulator.outputs.sheets import value_label

    status = value_label("status", summary["status"], lang)
    lines = [_t("t_scenario", lang, name=summary["scenario"], status=status), *lines,
             line("t_pv", power(cap["pv_kw"])),
             line("t_wind", power(cap["wind_kw"])),
             line("t_storage", f"{energy(cap['storage_kwh'])} / {power(cap['storage_kw'])}"),
             line("t_connection", power(cap["grid_connection_kw"]) + _t("t_declared", lang)),
             line("t_load", over_horizon(e["load_kwh"])),
             line("t_green_used", over_horizon(e["re_self_consumed_kwh"]) + _t("t_self_consumed", lang)),
             line("t_annual_cost", per_year(summary["objective_cny_per_yr"])
                  + _t("t_per_kwh_load", lang, value=num(summary["cost_of_supply_cny_per_kwh"], 3))),
             line("t_co2", co2_text),
             line("t_ratios", _t("t_ratio_line", lang, sc=percent(ratios["self_consumption"]),
                                 gs=percent(ratios["green_share"]), fi=percent(ratios["feed_in"]),
                                 cu=percent(ratios["curtailment"]))),
             f"  {_t('t_compliance', lang)}"]
    h2 = summary.get("hydrogen")
    if h2:  # [hydrogen]: sizes, demand per year, equipment cost per kg
        lines.insert(-1, line("t_hydrogen", _t(
            "t_hydrogen_line", lang, electrolyser=power(h2["electrolyser_kw"]), tank=num(h2["tank_kg"] / 1000.0, 4),
            fuel_cell=power(h2["fuel_cell_kw"]), demand=num(h2["demand_t_per_yr"], 4),
            equipment=num(h2["equipment_cny_per_kg"] or 0.0, 3),
            balance=_t("t_ok" if h2["tank_ok"] else "t_failed", lang))))
    paint = (lambda text, ok: f"\033[{32 if ok else 31}m{text}\033[0m") if colour else (lambda text, ok: text)
    lines += compliance_lines(summary, paint, lang)
    lines.append(solve_line(summary, lang))
    return lines


def solve_line(summary: dict, lang: str = "en") -> str:
    """How the optimum was reached: warm start, cold, or the screening dispatch; time and iterations."""
    solver, timings = summary.get("solver", {}), summary.get("timings_s", {})
    start = solver.get("warm_start")
    if "time_reduction" in summary:
        block = summary["time_reduction"]
        peaks = len(block.get("peak_periods", []))
        how = (_t("t_solve_reduced_peaks", lang, n=block.get("typical_periods", block["n_periods"] - peaks), p=peaks)
               if peaks
               else _t("t_solve_reduced", lang, n=block["n_periods"]))
    elif start and start.get("used"):
        how = _t("t_solve_warm", lang, n=start["typical_periods"])
    elif start:
        how = _t("t_solve_fallback", lang)
    else:
        how = _t("t_solve_cold", lang)
    seconds = timings.get("solve", 0.0) + timings.get("start_design", 0.0)
    return "  " + _head(_t("t_solve", lang)) + _t(
        "t_solve_stats", lang, how=how, seconds=f"{seconds:.1f}", simplex=f"{solver.get('simplex_iterations', 0):,}",
        ipm=f"{solver.get('ipm_iterations', 0):,}")
