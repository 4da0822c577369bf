"""Heat in the report and the workbook, and the pages of the electrification frontier (zh and en).

Reads the ``heat`` block of ``summary.json`` (:func:`simulator.results.heat.heat_summary`) and the hourly
table's heat columns, or a frontier table (:mod:`simulator.studies.heat_frontier`); never solver objects.
The report section is rendered from its own partial ``templates/heat_section.html.j2``; the frontier page
from ``templates/heat_frontier.html.j2``.
"""
from __future__ import annotations

import datetime as _dt
import math
from functools import lru_cache

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from matplotlib.figure import Figure

from simulator.outputs.formats import Cell, num_cell
from simulator.outputs.i18n import check_lang, label
from simulator.outputs.plots import figure_svg, plot_style

#: colours of the heat technologies by kind, and of the stores
KIND_COLOURS = {"fuel_boiler": "#8c564b", "electric_boiler": "#1f77b4", "heat_pump": "#2ca02c", "chiller": "#17becf",
                "free_cooling": "#9edae5", "store": "#9467bd"}
WEEK_H = 168


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The report's templates (``simulator/outputs/templates``), autoescaped as in :mod:`simulator.outputs.html`."""
    return Environment(loader=PackageLoader("simulator.outputs", "templates"),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       trim_blocks=True, lstrip_blocks=True)


def heat_week(hourly: pd.DataFrame, dt_h: float) -> pd.DataFrame:
    """The 7 days (or the whole horizon, if shorter) of the largest heat demand."""
    n = int(round(WEEK_H / dt_h))
    if len(hourly) <= n:
        return hourly
    demand = hourly["heat_demand_kw"].to_numpy(dtype=float)
    sums = np.convolve(demand, np.ones(n), mode="valid")
    start = int(np.argmax(sums))
    return hourly.iloc[start:start + n]


def heat_dispatch_figure(hourly: pd.DataFrame, summary: dict, dt_h: float, lang: str = "en") -> Figure:
    """Heat supply by technology stacked [MW_th], store discharge − charge, demand as a line; one panel per
    carrier, over :func:`heat_week`."""
    heat = summary["heat"]
    techs = heat.get("technologies", {})
    carriers = list(heat["demand_mwh_per_yr"])
    week = heat_week(hourly, dt_h)
    t = week.index.tz_localize(None) if getattr(week.index, "tz", None) is not None else week.index
    with plot_style():
        fig = Figure(figsize=(10, 3.2 * len(carriers)))
        axes = fig.subplots(len(carriers), 1, squeeze=False)[:, 0]
        for ax, c in zip(axes, carriers):
            names = [n for n, rec in techs.items() if rec.get("carrier") == c and f"heat_{n}_kw" in week]
            series = [week[f"heat_{n}_kw"].to_numpy(dtype=float) / 1e3 for n in names]
            if series:
                ax.stackplot(t, *series, step="post", labels=[f"{n} ({label(techs[n]['kind'], lang)})" for n in names],
                             colors=[KIND_COLOURS.get(techs[n]["kind"], "#999999") for n in names])
            stores = [n for n in heat.get("storage_kwh", {}) if f"heat_storage_{n}_discharge_kw" in week]
            for n in stores:
                net = (week[f"heat_storage_{n}_discharge_kw"] - week[f"heat_storage_{n}_charge_kw"]) / 1e3
                if net.abs().max() > 0 and heat.get("storage_carrier", {}).get(n) == c:
                    ax.step(t, net, where="post", color=KIND_COLOURS["store"], lw=1.0,
                            label=f"{n}: {label('heat_store_net', lang)}")
            ax.step(t, week[f"heat_demand_{c}_kw"] / 1e3, where="post", color="black", lw=1.5,
                    label=label("heat_demand", lang))
            ax.axhline(0, color="black", lw=0.6)
            ax.set_title(f"{label(c, lang)}: {t[0]:%Y-%m-%d} – {t[-1]:%Y-%m-%d}", fontsize=10, loc="left")
            ax.set_ylabel(label("u_mw_th", lang))
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        fig.suptitle(label("heat_dispatch_chart", lang))
        fig.autofmt_xdate()
    return fig


def _num(value, kind: str, lang: str) -> Cell:
    return num_cell(value, kind, lang)


def _table(header: list[str], rows: list[list], title: str = "", note: str = "") -> dict:
    cells = [{"cells": [c if isinstance(c, Cell) else Cell("" if c is None else str(c)) for c in row], "cls": ""}
             for row in rows]
    return {"header": header, "rows": cells, "cls": "", "title": title, "note": note}


def heat_tables(summary: dict, lang: str) -> list[dict]:
    """Demand by carrier; technologies (capacity, heat, fuel, CO2); CO2 by energy carrier and the shares."""
    heat = summary["heat"]
    techs = heat.get("technologies", {})
    steam = heat.get("steam_t_per_yr")
    demand = [[label(c, lang), _num(mwh, "money", lang), _num(heat["demand_peak_kw"][c], "money", lang),
               _num(steam if c == "steam" else None, "money", lang)] for c, mwh in heat["demand_mwh_per_yr"].items()]
    rows = []
    for name, rec in techs.items():
        gj = heat.get("fuel_gj_per_yr", {}).get(name)
        co2 = gj * rec["emission_t_co2_per_gj"] if gj is not None and "emission_t_co2_per_gj" in rec else None
        rows.append([name, label(rec["kind"], lang), label(rec["carrier"], lang),
                     _num(heat["capacity_kw"].get(name), "money", lang),
                     _num(heat["supply_mwh_per_yr"].get(name), "money", lang), _num(gj, "money", lang),
                     _num(co2, "money", lang)])
    co2 = [[label(carrier, lang), _num(value, "money", lang)] for carrier, value in heat["co2_t_per_yr"].items()]
    co2 += [[label("heat_electricity", lang), _num(heat["electricity_kwh_per_yr"], "money", lang)],
            [label("electrified_fraction", lang), _num(heat["electrified_fraction"], "percent", lang)],
            [label("fuel_tce_per_yr", lang), _num(heat["fuel_tce_per_yr"], "money", lang)]]
    tables = [_table([label("carrier", lang), label("heat_demand_mwh_per_yr", lang), label("heat_peak_kw", lang),
                      label("steam_t_per_yr", lang)], demand, label("heat_carriers_title", lang)),
              _table([label("technology", lang), label("kind", lang), label("carrier", lang),
                      label("heat_capacity_kw", lang), label("heat_supply_mwh_per_yr", lang),
                      label("fuel_gj_per_yr", lang), label("co2_t_per_yr_col", lang)], rows,
                     label("heat_tech_title", lang)),
              _table([label("item", lang), label("value", lang)], co2, label("heat_co2_title", lang))]
    rows = (summary.get("enterprises") or {}).get("rows") or []
    if rows and "heat_cny_per_yr" in rows[0]:  # each enterprise's heat (results.heat_allocation)
        k = float(summary.get("horizon", {}).get("year_weight", 1.0))  # horizon kWh x k = per year
        cols = (("heat_demand_kwh", "mega", k, "u_mwh_per_yr"), ("heat_electricity_kwh", "mega", k, "u_mwh_per_yr"),
                ("heat_fuel_gj_per_yr", "money", 1.0, "u_gj_per_yr"), ("heat_fuel_co2_t_per_yr", "money", 1.0, "u_t_per_yr"),
                ("co2_t_per_yr_with_fuel_location_based", "money", 1.0, "u_t_per_yr"),
                ("heat_cny_per_yr", "cny", 1.0, "u_cny_per_yr_word"))
        tables.append(_table([label("enterprise", lang)] + [f"{label(c, lang)} ({label(u, lang)})" for c, _, _, u in cols],
                             [[r["enterprise"]] + [_num(r[c] * f, kind, lang) for c, kind, f, _ in cols] for r in rows],
                             label("heat_enterprises_title", lang)))
    if heat.get("storage_kwh"):
        kinds = {n: r.get("kind", "hot_water_tank") for n, r in heat.get("storages", {}).items()}
        tables.append(_table([label("technology", lang), label("kind", lang), label("carrier", lang),
                              label("storage_kwh_col", lang)],
                             [[n, label(kinds.get(n, "hot_water_tank"), lang),
                               label(heat.get("storage_carrier", {}).get(n, ""), lang), _num(v, "money", lang)]
                              for n, v in heat["storage_kwh"].items()], label("heat_storage_title", lang)))
    return tables


def heat_section(summary: dict, hourly: pd.DataFrame, dt_h: float, lang: str) -> dict:
    """The report section (a dict for ``report.html.j2``, its body rendered by ``heat_section.html.j2``)."""
    figure = {"name": "heat_dispatch", "caption": label("heat_dispatch_chart", lang),
              "svg": Markup(figure_svg(heat_dispatch_figure(hourly, summary, dt_h, lang)))}
    body = _environment().get_template("heat_section.html.j2").render(
        tables=heat_tables(summary, lang), figure=figure, label=lambda key: label(key, lang))
    return {"id": "heat", "title": label("heat_section", lang), "raw": Markup(body)}


def add_heat_sheet(wb, summary: dict, lang: str, header, widths) -> None:
    """Workbook sheet ``heat``: one row per quantity of the summary's heat block (key, item, name, value)."""
    heat = summary["heat"]
    from simulator.outputs.sheets import sheet_name

    ws = wb.create_sheet(sheet_name("heat", lang))
    header(ws, [label("key", lang), label("item", lang), label("technology", lang), label("value", lang)])
    for key in ("demand_mwh_per_yr", "demand_peak_kw", "capacity_kw", "supply_mwh_per_yr", "storage_kwh",
                "fuel_gj_per_yr", "fuel_gj_per_yr_by_fuel", "co2_t_per_yr"):
        for name, value in heat.get(key, {}).items():
            ws.append([key, label(f"hs_{key}", lang), label(name, lang), value])
    for key in ("electricity_kwh_per_yr", "electrified_fraction", "fuel_tce_per_yr", "fuel_co2_t_per_yr",
                "steam_t_per_yr", "carbon_price_cny_per_t", "storage_loss_mwh_per_yr",
                "cooling_electricity_kwh_per_yr", "pue_cooling_only"):
        if key in heat:
            ws.append([key, label(f"hs_{key}", lang), "", heat[key]])
    for (cell,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        if isinstance(cell.value, float):
            cell.number_format = "0.0%" if ws.cell(cell.row, 1).value == "electrified_fraction" else "#,##0.0"
    widths(ws)


def frontier_figure(table: pd.DataFrame, free: dict, lang: str = "en") -> Figure:
    """Annual cost [million CNY/yr] and CO2 [kt/yr] against the electrified share of heat; the free optimum marked."""
    ok = table[table["status"] == "optimal"]
    x = 100 * ok["electrified_fraction"]
    with plot_style():
        fig = Figure(figsize=(8, 6.5))
        top, bottom = fig.subplots(2, 1, sharex=True)
        top.plot(x, ok["cost_cny_per_yr"] / 1e6, "o-", label=label("hf_cost_cny_per_yr", lang))
        top.plot([100 * free["electrified_fraction"]], [free["cost_cny_per_yr"] / 1e6], "s", color="tab:red",
                 label=label("free_optimum", lang))
        top.set_ylabel(label("u_million_cny_per_yr", lang))
        top.legend(fontsize=8)
        for col, name in (("co2_t_per_yr", "hf_co2_t_per_yr"), ("fuel_co2_t_per_yr", "fuel_co2_t_per_yr"),
                          ("co2_electricity_t_per_yr", "hf_co2_electricity_t_per_yr")):
            bottom.plot(x, ok[col] / 1e3, "o-", ms=3, label=label(name, lang).rsplit(" (", 1)[0])  # unit on the axis
        bottom.set_ylabel(label("u_kt_per_yr", lang))
        bottom.set_xlabel(f"{label('u_share_electrified', lang)} [%]")
        bottom.legend(fontsize=8)
        fig.suptitle(label("heat_frontier_title", lang))
    return fig


#: frontier columns on the page: (column, label key, cell kind)
PAGE_COLUMNS = (("electrified_min_fraction", "electrified_min_fraction", "percent"),
                ("electrified_fraction", "electrified_fraction", "percent"),
                ("cost_cny_per_yr", "hf_cost_cny_per_yr", "cny"),
                ("cost_above_free_cny_per_yr", "cost_above_free_cny_per_yr", "cny"),
                ("heat_electricity_kwh_per_yr", "heat_electricity_kwh_per_yr", "money"),
                ("fuel_co2_t_per_yr", "fuel_co2_t_per_yr", "money"),
                ("co2_electricity_t_per_yr", "hf_co2_electricity_t_per_yr", "money"),
                ("co2_t_per_yr", "hf_co2_t_per_yr", "money"),
                ("pv_kw", "pv_kw", "mw"), ("wind_kw", "wind_kw", "mw"), ("storage_kwh", "storage_kwh", "mw"))


def frontier_page(table: pd.DataFrame, free: dict, park: str, lang: str, css: str = "") -> str:
    """A self-contained page of the electrification frontier in ``lang``: table and chart (inline SVG);
    ``css`` is the report's style sheet (:data:`simulator.outputs.html.CSS`)."""
    check_lang(lang)
    header = [label(key, lang) for _, key, _ in PAGE_COLUMNS]
    rows = [[Cell(label("free_optimum", lang))] + [_num(free.get(col), kind, lang) for col, _, kind in PAGE_COLUMNS[1:]]]
    for _, r in table.iterrows():
        rows.append([_num(None if isinstance(r[col], float) and math.isnan(r[col]) else r[col], kind, lang)
                     for col, _, kind in PAGE_COLUMNS])
    svg = Markup(figure_svg(frontier_figure(table, free, lang)))
    return _environment().get_template("heat_frontier.html.j2").render(
        html_lang="zh-CN" if lang == "zh" else "en", title=label("heat_frontier_title", lang), css=Markup(css),
        park=park, generated=f"{_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        note=label("heat_frontier_note", lang), table=_table(header, rows), svg=svg,
        label=lambda key: label(key, lang)) + "\n"
