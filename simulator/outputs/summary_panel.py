"""The front page of the report: the answer first (verdicts, capacities, investment, cost, finance, CO2).

Bases: every ``*_per_yr`` figure of the summary is per year (horizon sums × k, k = ``horizon.year_weight``);
with a horizon shorter than a year the panel also shows the horizon's own figure (per year / k).
"""
from __future__ import annotations

import json
import math

from simulator.outputs.data import ResultFolder
from simulator.outputs.formats import energy, money, percent, power
from simulator.outputs.i18n import label

#: a horizon within a day of a full year counts as a year (no second figure shown)
FULL_YEAR_H = 8760 - 24


def horizon_hours(summary: dict) -> float:
    """Length of the modelled horizon [h] (steps × Δt)."""
    h = summary.get("horizon", {})
    return float(h.get("steps", 0)) * float(h.get("dt_h", 1.0))


def short_horizon(summary: dict) -> bool:
    """True when the modelled horizon is shorter than a year (its sums are scaled by k to a year)."""
    return 0 < horizon_hours(summary) < FULL_YEAR_H


def investment_cny(rf: ResultFolder) -> float | None:
    """Capital cost of the capacities built by this run [CNY] (new capacity × capex; existing capacity is free).

    The same assets as :func:`simulator.results.finance.case_from_result` (one per PV type, wind, one per
    storage technology), read from ``scenario.json`` re-validated by the scenario loader; None without it.
    """
    if rf.scenario is None or "capacity" not in rf.summary:
        return None
    from simulator.inputs.resource.build import pv_units
    from simulator.scenario import scenario_from_dict

    sc = scenario_from_dict(rf.scenario)
    cap = rf.summary["capacity"]
    total = 0.0
    if sc.pv.enabled:
        for u in pv_units(sc.pv, sc.park.latitude):
            built = cap.get(f"{u.name}_kw", cap["pv_kw"]) if u.name != "pv" else cap["pv_kw"]
            total += u.capex_cny_per_kw * max(0.0, built - u.existing_kw)
    if sc.wind.enabled:
        total += sc.wind.capex_cny_per_kw * max(0.0, cap["wind_kw"] - sc.wind.existing_kw)
    st = sc.storage
    if st.enabled:
        units = [("storage", st.energy_capex_cny_per_kwh, st.power_capex_cny_per_kw, st.existing_kwh, st.existing_kw)]
        if st.types:
            units = [(f"storage_{t.name}", t.resolved(st)["energy_capex_cny_per_kwh"],
                      t.resolved(st)["power_capex_cny_per_kw"], t.existing_kwh, t.existing_kw) for t in st.types]
        for prefix, e_capex, p_capex, e_old, p_old in units:
            total += (e_capex * max(0.0, cap[f"{prefix}_kwh"] - e_old) + p_capex * max(0.0, cap[f"{prefix}_kw"] - p_old))
    return float(total)


def finance_indicators(rf: ResultFolder, investment: float | None) -> dict | None:
    """``finance.json`` of the folder (written by ``zcpark finance``) when it belongs to this run: its
    investment equals this run's within 1e-6 relative; else None (a stale file is never shown)."""
    path = rf.folder / "finance.json"
    if investment is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        theirs = float(data["investment_cny"])
    except (ValueError, KeyError, TypeError):
        return None
    if abs(theirs - investment) > 1e-6 * max(abs(investment), 1.0):
        return None
    return data


def _rule_texts(row: dict, lang: str) -> tuple[str, str, str]:
    """Value, limit and margin of a rule as shown: shares in % with margins in percentage points."""
    value, limit, margin = row["value"], row["limit"], row.get("margin")
    if row["rule"] == "peak_import_within_declared":
        return power(value), power(limit), "—" if margin is None else power(margin)
    if row["rule"] in ("910_co2_per_tce", "650_no_reverse_flow"):
        unit = " t/tce" if row["rule"] == "910_co2_per_tce" else " kWh"
        fmt = lambda x: "—" if x is None else f"{x:,.3f}{unit}"  # noqa: E731
        return fmt(value), fmt(limit), fmt(margin)
    pp = " 个百分点" if lang == "zh" else " pp"
    margin_text = "—" if margin is None else f"{100 * margin:+.1f}{pp}"
    if margin_text.startswith(("-0.0", "+0.0")) and not any(c in "123456789" for c in margin_text.split()[0]):
        margin_text = "0.0" + pp
    return percent(value), percent(limit), margin_text


def _both(per_yr: float | None, k: float, short: bool, fmt, lang: str) -> str:
    """A per-year figure with its basis; with a short horizon also the horizon's figure (per year / k)."""
    if per_yr is None:
        return "—"
    text = f"{fmt(per_yr)}{label('per_yr', lang)}"
    if short and k > 0:
        text += f" ({label('over_horizon', lang)} {fmt(per_yr / k)})"
    return text


def panel(rf: ResultFolder, lang: str) -> dict:
    """Data of the summary panel (texts in ``lang``) for ``templates/summary.html.j2``."""
    s = rf.summary
    k, short = rf.year_weight, short_horizon(s)
    cap = s.get("capacity", {})
    verdicts = []
    for row in s.get("compliance", []):
        value, limit, margin = _rule_texts(row, lang)
        verdicts.append({"rule": label(row["rule"], lang), "ok": bool(row["ok"]),
                         "result": label("pass" if row["ok"] else "fail", lang), "value": value,
                         "sense": row["sense"], "limit": limit, "margin": margin})
    invest = investment_cny(rf)
    fin = finance_indicators(rf, invest)  # the user's own parameters (zcpark finance) first
    note = "finance_perspective"
    if fin is None and isinstance(s.get("finance"), dict):  # else the run's own, default parameters
        fin, note = s["finance"], "finance_perspective_run"
    base = s.get("baseline") if isinstance(s.get("baseline"), dict) else {}
    co2_avoided = base.get("co2_avoided_t_per_yr")
    t_fmt = lambda t: f"{t:,.0f} t"  # noqa: E731
    items = [
        ("pv_kw", power(cap.get("pv_kw"))), ("wind_kw", power(cap.get("wind_kw"))),
        ("storage", f"{power(cap.get('storage_kw'))} / {energy(cap.get('storage_kwh'), lang)}"
         if "storage_kw" in cap else "—"),
        ("grid_connection_kw", power(cap.get("grid_connection_kw"))),
        ("total_investment", money(invest, lang) if invest is not None else "—"),
        ("objective_cny_per_yr", _both(s.get("objective_cny_per_yr"), k, short, lambda v: money(v, lang), lang)),
        ("cost_of_supply_cny_per_kwh", "—" if s.get("cost_of_supply_cny_per_kwh") is None
         else f"{s['cost_of_supply_cny_per_kwh']:.3f} {label('u_cny_per_kwh', lang)}"),
        ("co2_avoided_vs_bau", _both(co2_avoided, k, short, t_fmt, lang)),
    ]
    if fin is not None:
        irr = fin.get("irr_fraction")
        items += [("npv", f"{money(fin['npv_cny'], lang)} ({label('discount_rate', lang)} "
                          f"{percent(fin['discount_rate_fraction'])}, {fin['horizon_yr']} {label('years', lang)})"),
                  ("irr", "—" if irr is None else percent(irr)),
                  ("payback", "—" if fin.get("payback_yr") is None
                   else f"{fin['payback_yr']:.1f} {label('years', lang)}")]
    return {"verdicts": verdicts, "items": [(label(key, lang), text) for key, text in items],
            "finance_note": label(note if fin is not None else "finance_hint", lang)
            + (" " + label("finance_short_horizon", lang) if fin is not None and short else ""),
            "all_pass": all(v["ok"] for v in verdicts),
            "basis_note": basis_note(s, lang)}


def basis_note(summary: dict, lang: str) -> str:
    """One sentence stating the basis of every figure (and the scaling factor k of a short horizon)."""
    h = summary.get("horizon", {})
    if not h:
        return ""
    days = horizon_hours(summary) / 24.0
    k = float(h.get("year_weight", 1.0))
    if not short_horizon(summary):
        return label("basis_year", lang)
    days_text = f"{days:.0f}" if math.isclose(days, round(days)) else f"{days:.2f}"
    return label("basis_short", lang).format(days=days_text, k=f"{k:.2f}")
