"""The hydrogen chain in the report and the workbook: sizes, yearly flows, equipment cost, tank check.

Reads only the ``hydrogen`` block of summary.json (:func:`simulator.results.hydrogen.hydrogen_summary`);
labels come from the catalogue (:mod:`simulator.outputs.i18n`) in zh or en.
"""
from __future__ import annotations

from simulator.outputs.formats import Cell, num_cell
from simulator.outputs.i18n import label

#: (key of the summary block, unit label key, report cell kind, Excel number format), in display order
ROWS = (
    ("electrolyser_kw", "u_kw", "number", "#,##0"),
    ("tank_kg", "u_kg", "number", "#,##0"),
    ("fuel_cell_kw", "u_kw", "number", "#,##0"),
    ("tank_hours_of_mean_demand", "u_hours", "number", "#,##0.0"),
    ("production_t_per_yr", "u_t_per_yr", "number", "#,##0.0"),
    ("demand_t_per_yr", "u_t_per_yr", "number", "#,##0.0"),
    ("fuel_cell_use_t_per_yr", "u_t_per_yr", "number", "#,##0.0"),
    ("sale_t_per_yr", "u_t_per_yr", "number", "#,##0.0"),
    ("electrolyser_kwh_per_yr", "u_kwh_per_yr", "money", "#,##0"),
    ("fuel_cell_kwh_per_yr", "u_kwh_per_yr", "money", "#,##0"),
    ("electrolyser_full_load_hours", "u_hours", "money", "#,##0"),
    ("electrolyser_kwh_per_kg", "u_kwh_per_kg", "number", "0.00"),
    ("min_load_fraction", "u_fraction", "percent", "0.0%"),
    ("cost_cny_per_yr", "u_cny_per_yr", "money", "#,##0"),
    ("equipment_cny_per_kg", "u_cny_per_kg", "number", "0.00"),
    ("tank_residual_kg", "u_kg", "number", "0.000000"),
)


def _label_key(key: str) -> str:
    """The catalogue key of a row: capacities keep their own name, the rest are prefixed ``h2_``."""
    return key if key in ("electrolyser_kw", "tank_kg", "fuel_cell_kw") else f"h2_{key}"


def hydrogen_section(block: dict, lang: str) -> dict:
    """The report section (``id`` hydrogen): one table of :data:`ROWS` and the tank check as a note."""
    rows = []
    for key, unit, kind, _ in ROWS:
        rows.append({"cells": [Cell(label(_label_key(key), lang), cls="th"), num_cell(block.get(key), kind, lang),
                               Cell(label(unit, lang))], "cls": ""})
    verdict = label("pass" if block.get("tank_ok") else "fail", lang)
    table = {"header": [label("item", lang), label("value", lang), label("unit", lang)], "rows": rows, "cls": "",
             "title": "", "note": f"{label('h2_tank_ok', lang)}: {verdict}"}
    return {"id": "hydrogen", "title": label("hydrogen", lang), "tables": [table]}


def add_hydrogen_sheet(wb, block: dict, lang: str, header, widths) -> None:
    """A ``hydrogen`` sheet: key, label, value, unit (numbers with a number format)."""
    from simulator.outputs.sheets import sheet_name

    ws = wb.create_sheet(sheet_name("hydrogen", lang))
    header(ws, [label("key", lang), label("item", lang), label("value", lang), label("unit", lang)])
    for key, unit, _, fmt in ROWS:
        ws.append([key, label(_label_key(key), lang), block.get(key), label(unit, lang)])
        ws.cell(ws.max_row, 3).number_format = fmt
    ws.append(["tank_ok", label("h2_tank_ok", lang), label("pass" if block.get("tank_ok") else "fail", lang), ""])
    widths(ws)
