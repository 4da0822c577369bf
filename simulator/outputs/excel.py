"""The results workbook ``results.xlsx`` (openpyxl): summary, compliance, capacities, costs, enterprises
(when the park has enterprises), monthly, hourly.

Numbers are written as numbers (never as formatted text) with the unit in the header or in a ``unit``
column; header rows are frozen and columns sized to their content. Labels follow ``lang``; the ``key``
columns and the hourly column names are the output contract's names in every language.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from simulator.outputs.data import ResultFolder, read_results
from simulator.outputs.i18n import check_lang, label
from simulator.results.write import atomic_path

SHEETS = ("summary", "compliance", "capacities", "costs", "enterprises", "monthly", "hourly")
HEADER_FILL = PatternFill("solid", fgColor="DDE8F3")
PASS_FILL, FAIL_FILL = PatternFill("solid", fgColor="D8F0D8"), PatternFill("solid", fgColor="F8D7D7")
MONTHLY_COLUMNS = ("load_kw", "pv_available_kw", "wind_available_kw", "pv_kw", "wind_kw", "storage_charge_kw",
                   "storage_discharge_kw", "import_kw", "export_kw", "curtailed_kw", "unserved_kw")


def _unit_of(key: str) -> str:
    for suffix, unit in (("_cny_per_kwh", "CNY/kWh"), ("_cny_per_yr", "CNY/yr"), ("_kwh_per_yr", "kWh/yr"),
                         ("_kwh", "kWh"), ("_kw", "kW"), ("_t_per_yr", "t/yr"), ("_t_per_tce", "t CO2/tce"),
                         ("_tce_per_yr", "tce/yr"), ("_per_yr", "1/yr"), ("_fraction", "fraction")):
        if key.endswith(suffix):
            return unit
    return ""


def summary_rows(rf: ResultFolder) -> list[tuple[str, object, str]]:
    """(key, value, unit) rows of the summary sheet; energies are sums over the modelled horizon [kWh]."""
    s = rf.summary
    rows: list[tuple[str, object, str]] = [("scenario", s.get("scenario"), ""), ("status", s.get("status"), "")]
    for key in ("objective_cny_per_yr", "lcoe_cny_per_kwh", "cost_of_supply_cny_per_kwh", "co2_t_per_yr"):
        if key in s:
            rows.append((key, s[key], _unit_of(key)))
    for key, value in s.get("energy", {}).items():
        rows.append((f"energy.{key}", value, "kWh"))
    for key, value in s.get("ratios", {}).items():
        rows.append((f"ratios.{key}", value, "fraction"))
    for key, value in s.get("kpi", {}).items():
        if isinstance(value, (int, float)) or value is None:
            rows.append((f"kpi.{key}", value, _unit_of(key) or ("fraction" if key.endswith("share") else "")))
    factor = s.get("kpi", {}).get("emission_factor") or s.get("emission_factor", {})
    if factor:
        rows.append(("emission_factor.key", factor.get("key"), ""))
        rows.append(("emission_factor.kg_co2_per_kwh", factor.get("kg_co2_per_kwh"), "kg CO2/kWh"))
    baseline = s.get("baseline")
    if isinstance(baseline, dict):
        for key, value in baseline.items():
            if isinstance(value, (int, float)):
                rows.append((f"baseline.{key}", value, _unit_of(key) or ("CNY/t" if key.endswith("_per_t") else "")))
    for key in ("start", "end", "steps", "dt_h", "year_weight"):
        if key in s.get("horizon", {}):
            rows.append((f"horizon.{key}", s["horizon"][key], "h" if key == "dt_h" else ""))
    return rows


def monthly_table(hourly: pd.DataFrame, dt_h: float) -> pd.DataFrame:
    """Monthly energies [kWh] (``<name>_kwh`` from each ``<name>_kw`` column) plus peak load and import [kW]."""
    month = hourly.index.strftime("%Y-%m")
    cols = [c for c in MONTHLY_COLUMNS if c in hourly.columns]
    energy = hourly[cols].groupby(month).sum() * dt_h
    energy.columns = [c[:-3] + "_kwh" for c in cols]
    energy["peak_load_kw"] = hourly["load_kw"].groupby(month).max()
    energy["peak_import_kw"] = hourly["import_kw"].groupby(month).max()
    energy.index.name = "month"
    return energy


def _header(ws, names: list[str]) -> None:
    ws.append(names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    ws.freeze_panes = "A2"


def _widths(ws, max_width: int = 60) -> None:
    for idx, column in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
        longest = 0
        for cell in column:
            value = cell.value
            text = f"{value:,.2f}" if isinstance(value, float) else str(value if value is not None else "")
            longest = max(longest, sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))
        ws.column_dimensions[get_column_letter(idx)].width = min(max(longest + 2, 8), max_width)


def build_workbook(rf: ResultFolder, lang: str = "en") -> Workbook:
    """The workbook of a result folder (sheets of :data:`SHEETS`; only ``summary`` when not optimal)."""
    check_lang(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = "summary"
    _header(ws, [label("key", lang), label("item", lang), label("value", lang), label("unit", lang)])
    for key, value, unit in summary_rows(rf):
        ws.append([key, label(key.split(".")[-1], lang), value, unit])
    _widths(ws)
    s = rf.summary
    ws = wb.create_sheet("compliance")
    _header(ws, [label("rule", lang) + " (key)", label("rule", lang), label("basis", lang), label("value", lang),
                 label("sense", lang), label("limit", lang), label("margin", lang), label("result", lang), "enforced"])
    for enforced, rows in ((True, s.get("compliance", [])), (False, s.get("indicators", []))):
        for r in rows:
            ws.append([r["rule"], label(r["rule"], lang), r.get("basis", ""), r["value"], r["sense"], r["limit"],
                       r.get("margin"), label("pass" if r["ok"] else "fail", lang), enforced])
            ws.cell(ws.max_row, 8).fill = PASS_FILL if r["ok"] else FAIL_FILL
    _widths(ws)
    if not rf.optimal:
        return wb
    ws = wb.create_sheet("capacities")
    _header(ws, [label("key", lang), label("item", lang), label("value", lang), label("unit", lang)])
    for key, value in s["capacity"].items():
        ws.append([key, label(key, lang), value, "kWh" if key.endswith("_kwh") else "kW"])
    _widths(ws)
    ws = wb.create_sheet("costs")
    _header(ws, [label("key", lang), label("item", lang), "CNY/yr", label("share_of_total", lang) + " (fraction)"])
    total = s["cost_cny_per_yr"].get("total") or 0.0
    for key, value in s["cost_cny_per_yr"].items():
        ws.append([key, label(key, lang), value, value / total if total else None])
    _widths(ws)
    if s.get("enterprises", {}).get("rows"):  # per-enterprise green power, bill and CO2 (results.allocation)
        ws = wb.create_sheet("enterprises")
        rows = s["enterprises"]["rows"]
        _header(ws, list(rows[0]))
        for row in rows:
            ws.append([float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                       for v in row.values()])
        _widths(ws)
    ws = wb.create_sheet("monthly")
    monthly = monthly_table(rf.hourly, rf.dt_h)
    _header(ws, ["month"] + list(monthly.columns))
    for month, row in monthly.iterrows():
        ws.append([month] + [float(v) for v in row.to_numpy()])
    _widths(ws)
    ws = wb.create_sheet("hourly")
    hourly = rf.hourly
    tz = str(hourly.index.tz) if hourly.index.tz is not None else ""
    _header(ws, [f"timestamp ({tz})"] + list(hourly.columns))
    local = hourly.index.tz_localize(None) if hourly.index.tz is not None else hourly.index
    numeric = [pd.api.types.is_numeric_dtype(hourly[c]) for c in hourly.columns]
    for ts, values in zip(local.to_pydatetime(), hourly.itertuples(index=False, name=None)):
        ws.append([ts] + [float(v) if is_num else v for v, is_num in zip(values, numeric)])
    for cell in ws["A"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    _widths(ws)
    ws.column_dimensions["A"].width = 18
    if rf.summary.get("robustness"):
        from simulator.outputs.robustness_section import add_robustness_sheet

        add_robustness_sheet(wb, rf.summary["robustness"], lang, _header, _widths)
    if rf.summary.get("milestones"):
        from simulator.outputs.robustness_section import add_milestone_sheet

        add_milestone_sheet(wb, rf.summary["milestones"], _header, _widths)
    return wb


def write_workbook(folder: str | Path, lang: str = "en", out: str | Path | None = None) -> Path:
    """Write ``results.xlsx`` (default ``<folder>/results.xlsx``) for a result folder, atomically."""
    rf = read_results(folder)
    path = Path(out) if out is not None else Path(folder) / "results.xlsx"
    wb = build_workbook(rf, lang)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
