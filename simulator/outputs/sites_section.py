"""Generation sites and direct lines in the report and the workbook (the ``sites`` block of summary.json).

One column per site (``park`` for the park's own roof PV, wind and storage), one row per quantity:
capacities at the site, available / used / curtailed energy per year, and for each line its length,
loss fraction, capacity, sent / delivered / lost energy per year and utilisation (docs/sites.md).
Labels come from the catalogue (:mod:`simulator.outputs.i18n`, keys ``site_*``).
"""
from __future__ import annotations

import pandas as pd

from simulator.outputs.formats import Cell
from simulator.outputs.i18n import label

#: summary key -> (catalogue label key, kind): ``mw`` kW shown in MW, ``mwh`` kWh shown in MWh, ``mwh_yr``
#: horizon kWh shown in MWh per year, ``km``, ``percent``
ROWS = {
    "pv_kw": ("site_pv_mw", "mw"), "wind_kw": ("site_wind_mw", "mw"),
    "storage_kwh": ("site_storage_mwh", "mwh"), "storage_kw": ("site_storage_mw", "mw"),
    "available_kwh": ("site_available_mwh_per_yr", "mwh_yr"), "generation_kwh": ("site_generation_mwh_per_yr", "mwh_yr"),
    "curtailed_kwh": ("site_curtailed_mwh_per_yr", "mwh_yr"), "distance_km": ("site_distance_km", "km"),
    "loss_fraction": ("site_loss_fraction", "percent"), "line_kw": ("site_line_mw", "mw"),
    "sent_kwh": ("site_sent_mwh_per_yr", "mwh_yr"), "delivered_kwh": ("site_delivered_mwh_per_yr", "mwh_yr"),
    "loss_kwh": ("site_loss_mwh_per_yr", "mwh_yr"), "line_utilisation": ("site_line_utilisation", "percent"),
}


def sites_frame(summary: dict) -> pd.DataFrame:
    """Quantities × sites in display units (MW, MWh, MWh/yr, km, fraction); NaN where a row does not apply
    (the park has no line). Horizon energies are scaled to a year with ``horizon.year_weight``."""
    k = float(summary.get("horizon", {}).get("year_weight", 1.0))
    scale = {"mw": 1e-3, "mwh": 1e-3, "mwh_yr": 1e-3 * k, "km": 1.0, "percent": 1.0}
    block = summary.get("sites") or {}
    data = {site: {key: values[key] * scale[kind] if key in values else float("nan")
                   for key, (_, kind) in ROWS.items()} for site, values in block.items()}
    return pd.DataFrame(data, index=list(ROWS))


def _cell(value: float, kind: str) -> str:
    if pd.isna(value):
        return "—"
    return f"{value:.1%}" if kind == "percent" else f"{value:,.1f}"


def sites_section(summary: dict, lang: str) -> dict:
    """The report section (``id`` sites): one table, one column per site, rendered by the report template."""
    frame = sites_frame(summary)
    head = [label("item", lang)] + [label("site_park", lang) if s == "park" else s for s in frame.columns]
    rows = [{"cells": [Cell(label(name, lang), cls="th")]
             + [Cell(_cell(v, kind), None if pd.isna(v) else float(v), numeric=True) for v in frame.loc[key]],
             "cls": ""} for key, (name, kind) in ROWS.items()]
    table = {"header": head, "rows": rows, "cls": "", "title": "", "note": label("sites_note", lang)}
    return {"id": "sites", "title": label("sites", lang), "tables": [table]}


def add_sites_sheet(wb, summary: dict, lang: str, header, widths) -> None:
    """Workbook sheet ``sites``: key, label, one numeric column per site (the frame of :func:`sites_frame`)."""
    frame = sites_frame(summary)
    from simulator.outputs.sheets import sheet_name

    ws = wb.create_sheet(sheet_name("sites", lang))
    header(ws, [label("key", lang), label("item", lang)]
           + [label("site_park", lang) if s == "park" else s for s in frame.columns])
    for key, (name, kind) in ROWS.items():
        ws.append([key, label(name, lang)] + [None if pd.isna(v) else float(v) for v in frame.loc[key]])
        fmt = "0.0%" if kind == "percent" else "#,##0.0"
        for cell in ws[ws.max_row][2:]:
            cell.number_format = fmt
    widths(ws)
