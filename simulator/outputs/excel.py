"""The results workbook ``results_<lang>.xlsx`` (openpyxl): summary, compliance, capacities, costs, enterprises
(when the park has enterprises), monthly, hourly.

Numbers are written as numbers (never as formatted text) with a number format (thousands separators, %,
fixed decimals) and the unit in the header or in a ``unit`` column; header rows are frozen and columns sized
to their content. Every header and label comes from the catalogue (:mod:`simulator.outputs.i18n`) in
``lang``; the ``key`` columns keep the output contract's names in every language.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from simulator.outputs.data import ResultFolder, read_results
from simulator.outputs.heat_labels import HEAT_EXTRA_UNITS
from simulator.outputs.i18n import check_lang, label
from simulator.outputs.sheets import (add_milestone_sheet, add_robustness_sheet, column_label, sheet_name,
                                     value_label)
from simulator.results.write import atomic_path

#: sheet keys in order; the names shown are the catalogue's (``sheet_name(key, lang)``: 汇总, 逐时调度 ...)
SHEETS = ("summary", "compliance", "capacities", "costs", "enterprises", "monthly", "hourly")
HEADER_FILL = PatternFill("solid", fgColor="DDE8F3")
PASS_FILL, FAIL_FILL = PatternFill("solid", fgColor="D8F0D8"), PatternFill("solid", fgColor="F8D7D7")
MONTHLY_COLUMNS = ("load_kw", "pv_available_kw", "wind_available_kw", "pv_kw", "wind_kw", "storage_charge_kw",
                   "storage_discharge_kw", "import_kw", "export_kw", "curtailed_kw", "unserved_kw")


#: (suffix, unit label key, number format) in match order; the unit shown comes from the catalogue
UNITS = (("_kwh_per_kg", "u_kwh_per_kg", "0.00"), ("_kg_per_h", "u_kg_per_h", "#,##0.00"), ("_kg", "u_kg", "#,##0"),
         ("_cny_per_kwh", "u_cny_per_kwh", "0.0000"), ("_cny_per_yr", "u_cny_per_yr", "#,##0"),
         ("_kwh_per_yr", "u_kwh_per_yr", "#,##0"), ("_kwh_per_unit", "u_kwh", "#,##0.00"), ("_kwh", "u_kwh", "#,##0"),
         ("_kw", "u_kw", "#,##0"), ("_t_per_yr", "u_t_per_yr", "#,##0"), ("_t_per_tce", "u_t_per_tce", "0.000"),
         ("_tce_per_yr", "u_tce_per_yr", "#,##0"), ("_cny_per_t", "u_cny_per_t", "#,##0"),
         ("_per_yr", "u_per_yr", "#,##0.0"), ("_fraction", "u_fraction", "0.0%"), ("share", "u_fraction", "0.0%"))
PERCENT, NUMBER = "0.0%", "#,##0.00"


def unit_and_format(key: str) -> tuple[str | None, str]:
    """(unit label key or None, Excel number format) of a quantity named ``key`` by its unit suffix."""
    for suffix, unit, fmt in UNITS:
        if key.endswith(suffix):
            return unit, fmt
    return None, NUMBER


def _unit_of(key: str) -> str:
    """The unit label key of ``key`` ("" when it has no unit)."""
    return unit_and_format(key)[0] or ""


def summary_rows(rf: ResultFolder) -> list[tuple[str, object, str]]:
    """(key, value, unit key) rows of the summary sheet; energies are sums over the modelled horizon [kWh]
    (unit ``u_kwh_horizon``), the other flows per year."""
    s = rf.summary
    rows: list[tuple[str, object, str]] = [("scenario", s.get("scenario"), ""), ("status", s.get("status"), "")]
    for key in ("objective_cny_per_yr", "lcoe_cny_per_kwh", "cost_of_supply_cny_per_kwh", "co2_t_per_yr"):
        if key in s:
            rows.append((key, s[key], _unit_of(key)))
    for key, value in s.get("energy", {}).items():
        rows.append((f"energy.{key}", value, "u_kwh_horizon"))
    for key, value in s.get("ratios", {}).items():
        rows.append((f"ratios.{key}", value, "u_fraction"))
    for key, value in s.get("kpi", {}).items():
        if isinstance(value, (int, float)) or value is None:
            rows.append((f"kpi.{key}", value, _unit_of(key)))
    factor = s.get("kpi", {}).get("emission_factor") or s.get("emission_factor", {})
    if factor:
        rows.append(("emission_factor.key", factor.get("key"), ""))
        rows.append(("emission_factor.kg_co2_per_kwh", factor.get("kg_co2_per_kwh"), "u_kg_per_kwh"))
    baseline = s.get("baseline")
    if isinstance(baseline, dict):
        for key, value in baseline.items():
            if isinstance(value, (int, float)):
                rows.append((f"baseline.{key}", value, _unit_of(key)))
    for key in ("start", "end", "steps", "dt_h", "year_weight"):
        if key in s.get("horizon", {}):
            rows.append((f"horizon.{key}", s["horizon"][key], "u_h" if key == "dt_h" else ""))
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


def _named(key: str, lang: str, unit: str | None = None) -> str:
    """Header text: the catalogue label of ``key`` with its unit, e.g. ``总用电量 (kWh)``."""
    unit = unit if unit is not None else _unit_of(key)
    text = column_label(key, lang)
    return f"{text} ({label(unit, lang)})" if unit else text


def _formats(ws, formats: dict[int, str], first_row: int = 2) -> None:
    """Apply number formats per column (1-based column -> format) to the data rows."""
    for col, fmt in formats.items():
        for (cell,) in ws.iter_rows(min_row=first_row, min_col=col, max_col=col):
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = fmt


def _widths(ws, max_width: int = 60) -> None:
    for idx, column in enumerate(ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)), start=1):
        longest = 0
        for cell in column:
            value = cell.value
            text = f"{value:,.2f}" if isinstance(value, float) else str(value if value is not None else "")
            longest = max(longest, sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))
        ws.column_dimensions[get_column_letter(idx)].width = min(max(longest + 2, 8), max_width)


def _summary_sheet(ws, rf: ResultFolder, lang: str) -> None:
    k = rf.year_weight
    _header(ws, [label("key", lang), label("item", lang), label("value", lang), label("unit", lang),
                 f"{label('per_yr_col', lang)} ({label('u_kwh_per_yr', lang)})"])
    for key, value, unit in summary_rows(rf):
        per_yr = value * k if unit == "u_kwh_horizon" and isinstance(value, (int, float)) else None
        shown = value_label("status", value, lang) if key == "status" else value
        ws.append([key, column_label(key.split(".")[-1], lang), shown, label(unit, lang) if unit else "", per_yr])
        fmt = {"u_fraction": PERCENT, "u_kwh_horizon": "#,##0"}.get(unit) or unit_and_format(key)[1]
        if key == "horizon.year_weight":
            fmt = "0.0000"
        elif key in ("horizon.steps",):
            fmt = "#,##0"
        cell = ws.cell(ws.max_row, 3)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.number_format = fmt
        ws.cell(ws.max_row, 5).number_format = "#,##0"


def _compliance_sheet(ws, s: dict, lang: str) -> None:
    _header(ws, [label("rule_key", lang), label("rule", lang), label("basis", lang), label("value", lang),
                 label("sense", lang), label("limit", lang), label("margin", lang), label("result", lang),
                 label("enforced", lang)])
    for enforced, rows in ((True, s.get("compliance", [])), (False, s.get("indicators", []))):
        for r in rows:
            ws.append([r["rule"], label(r["rule"], lang), r.get("basis", ""), r["value"], r["sense"], r["limit"],
                       r.get("margin"), label("pass" if r["ok"] else "fail", lang), enforced])
            ws.cell(ws.max_row, 8).fill = PASS_FILL if r["ok"] else FAIL_FILL
            fmt = {"peak_import_within_declared": "#,##0", "650_no_reverse_flow": "#,##0",
                   "910_co2_per_tce": "0.000"}.get(r["rule"], PERCENT)
            for col in (4, 6, 7):
                if ws.cell(ws.max_row, col).value is not None:
                    ws.cell(ws.max_row, col).number_format = fmt


#: units of columns whose names do not end in a unit suffix
EXTRA_UNITS = {"co2_t_per_yr_location_based": ("u_t_per_yr", "#,##0"), "co2_t_per_yr_market_based": ("u_t_per_yr", "#,##0"),
               "co2_t_per_unit_location_based": ("u_t", "#,##0.0000"), "co2_t_per_unit_market_based": ("u_t", "#,##0.0000"),
               "output_per_yr": ("u_units_per_yr", "#,##0"), "electricity_kwh_per_unit": ("u_kwh", "#,##0.00")}
EXTRA_UNITS.update(HEAT_EXTRA_UNITS)  # per-enterprise heat columns (results.heat_allocation)


def _frame_sheet(ws, frame: pd.DataFrame, first: str, lang: str, horizon: bool = False) -> None:
    """A table with translated headers carrying units; ``horizon``: energies (``_kwh``) are sums over the
    modelled horizon (unit ``kWh（模拟时段合计）``)."""
    header, formats = [first], {}
    for i, col in enumerate(frame.columns, start=2):
        unit, fmt = EXTRA_UNITS.get(col) or unit_and_format(col)
        if horizon and unit == "u_kwh":
            unit = "u_kwh_horizon"
        if col.endswith("share"):
            unit, fmt = None, PERCENT
        if not pd.api.types.is_numeric_dtype(frame[col]):
            unit = None
        header.append(_named(col, lang, unit or ""))
        formats[i] = fmt
    _header(ws, header)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    for idx, values in zip(frame.index, frame.itertuples(index=False, name=None)):
        ws.append([idx] + [float(v) if is_num else v for v, is_num in zip(values, numeric)])
    _formats(ws, formats)


def build_workbook(rf: ResultFolder, lang: str = "en") -> Workbook:
    """The workbook of a result folder (sheets of :data:`SHEETS`, named in ``lang``; only ``summary`` and
    ``compliance`` when not optimal; ``robustness`` and ``milestones`` when the summary has those blocks).

    Every sheet name and header is a catalogue label in ``lang`` with its unit; every number cell has a number format
    (thousands separators, %, fixed decimals). The ``key`` columns keep the output contract's names.
    """
    check_lang(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name("summary", lang)
    _summary_sheet(ws, rf, lang)
    _widths(ws)
    s = rf.summary
    ws = wb.create_sheet(sheet_name("compliance", lang))
    _compliance_sheet(ws, s, lang)
    _widths(ws)
    if not rf.optimal:
        return wb
    ws = wb.create_sheet(sheet_name("capacities", lang))
    _header(ws, [label("key", lang), label("item", lang), label("value", lang), label("unit", lang)])
    for key, value in s["capacity"].items():
        unit = "u_kwh" if key.endswith("_kwh") else "u_kg" if key.endswith("_kg") else "u_kw"
        ws.append([key, column_label(key, lang), value, label(unit, lang)])
    _formats(ws, {3: "#,##0"})
    _widths(ws)
    if s.get("sites"):  # [[sites]]: capacities and flows per site and direct line
        from simulator.outputs.sites_section import add_sites_sheet

        add_sites_sheet(wb, s, lang, _header, _widths)
    ws = wb.create_sheet(sheet_name("costs", lang))
    _header(ws, [label("key", lang), label("item", lang), f"{label('value', lang)} ({label('u_cny_per_yr', lang)})",
                 label("share_of_total", lang)])
    total = s["cost_cny_per_yr"].get("total") or 0.0
    for key, value in s["cost_cny_per_yr"].items():
        ws.append([key, column_label(key, lang), value, value / total if total else None])
    _formats(ws, {3: "#,##0", 4: PERCENT})
    _widths(ws)
    if s.get("hydrogen"):  # the hydrogen chain ([hydrogen])
        from simulator.outputs.hydrogen_section import add_hydrogen_sheet

        add_hydrogen_sheet(wb, s["hydrogen"], lang, _header, _widths)
    if s.get("enterprises", {}).get("rows"):  # per-enterprise green power, bill and CO2 (results.allocation)
        ws = wb.create_sheet(sheet_name("enterprises", lang))
        frame = pd.DataFrame(s["enterprises"]["rows"]).set_index("enterprise")
        _frame_sheet(ws, frame, label("enterprise", lang), lang, horizon=True)
        _widths(ws)
    ws = wb.create_sheet(sheet_name("monthly", lang))
    monthly = monthly_table(rf.hourly, rf.dt_h)
    _frame_sheet(ws, monthly, label("month", lang), lang)
    _widths(ws)
    ws = wb.create_sheet(sheet_name("hourly", lang))
    hourly = rf.hourly
    tz = str(hourly.index.tz) if hourly.index.tz is not None else ""
    local = hourly.index.tz_localize(None) if hourly.index.tz is not None else hourly.index
    frame = hourly.set_axis(local.to_pydatetime(), axis=0)
    if "tou_band" in frame.columns:
        frame = frame.assign(tou_band=[value_label("band", v, lang) for v in frame["tou_band"]])
    _frame_sheet(ws, frame, f"{label('timestamp', lang)} ({tz})", lang)
    for cell in ws["A"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    _widths(ws)
    ws.column_dimensions["A"].width = 18
    if rf.summary.get("heat"):  # heat and cooling: demand, technologies, fuel, CO2 by carrier
        from simulator.outputs.heat_report import add_heat_sheet

        add_heat_sheet(wb, rf.summary, lang, _header, _widths)
    if rf.summary.get("robustness"):
        add_robustness_sheet(wb, rf.summary["robustness"], lang, _header, _widths)
    if rf.summary.get("milestones"):
        add_milestone_sheet(wb, rf.summary["milestones"], lang, _header, _widths)
    return wb


def workbook_name(lang: str) -> str:
    """File name of the workbook in ``lang``: ``results_zh.xlsx`` / ``results_en.xlsx``."""
    return f"results_{check_lang(lang)}.xlsx"


def write_workbook(folder: str | Path, lang: str = "en", out: str | Path | None = None) -> Path:
    """Write the workbook of a result folder in ``lang`` (default ``<folder>/results_<lang>.xlsx``, so both
    languages are kept side by side), atomically."""
    rf = read_results(folder)
    path = Path(out) if out is not None else Path(folder) / workbook_name(lang)
    wb = build_workbook(rf, lang)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
