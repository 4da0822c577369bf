"""Energy-flow (Sankey) diagram of the year, as inline SVG drawn by this module (no library, no script).

The flows are recomputed from the hourly table of a result folder, per year (horizon sums × k,
k = ``horizon.year_weight``), in four columns:

- sources: PV and wind (available energy), grid import, storage discharge, unserved load (if any);
- the park network (one node): everything delivered to it, i.e. sources minus curtailment;
- uses: curtailment (straight from PV and wind), park load, storage charge, export;
- details: the park load per enterprise (summary ``enterprises`` rows, when they add up to the load), or
  electricity for heat and other load (with ``heat_electric_kw``); storage charge split into the energy
  the storage gave back (= its discharge) and its losses (charge − discharge; with the cyclic state of
  charge of the model these are conversion and self-discharge losses).

Every node's inflow equals its outflow: the park network by the model's energy balance (to the solver's
tolerance, ``checks.balance_tolerance_kw``), the others by construction. Each node and band carries its
value in ``data-kwh`` (kWh/yr), so a test can re-add them. Bands below ``NOISE_FRACTION`` (1e-9) of the
annual load are solver noise and not drawn.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.outputs.formats import energy
from simulator.outputs.i18n import label
from simulator.outputs.plots import COLOURS

logger = logging.getLogger(__name__)

#: node key -> column (0 sources, 1 park network, 2 uses, 3 details)
SOURCES = ("pv", "wind", "grid_import", "storage_discharge", "unserved")
USES = ("curtailed", "load", "storage_charge", "export")
NODE_COLOURS = {**COLOURS, "bus": "#3a86c8", "storage_returned": "#7b4fa0", "storage_losses": "#c0392b",
                "storage_stock": "#7b4fa0", "heat_electric": "#e67e22", "other_load": "#555555"}
#: bands smaller than this share of the annual load are solver noise (e.g. 1e-11 kWh of curtailment): not drawn
NOISE_FRACTION = 1e-9
ENTERPRISE_COLOURS = ("#4e79a7", "#59a14f", "#9c755f", "#edc948", "#76b7b2", "#af7aa1", "#ff9da7", "#bab0ac")


@dataclass(frozen=True)
class Flow:
    """One band: ``kwh_per_yr`` [kWh/yr] from node ``source`` to node ``target``."""

    source: str
    target: str
    kwh_per_yr: float


def _total(hourly: pd.DataFrame, column: str, dt_h: float, k: float) -> float:
    """Σ column Δt × k [kWh/yr]; 0 for a missing column."""
    return float(hourly[column].to_numpy(dtype=float).sum()) * dt_h * k if column in hourly else 0.0


def energy_flows(hourly: pd.DataFrame, dt_h: float, year_weight: float,
                 enterprise_rows: list[dict] | None = None) -> list[Flow]:
    """The bands of the diagram [kWh/yr] (see the module docstring); zero bands are left out.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly table of a result folder (``load_kw``, ``pv_available_kw``, ``pv_kw``, ... [kW]).
    dt_h : float
        Step length [h].
    year_weight : float
        k [-], horizon sums → per year.
    enterprise_rows : list of dict, optional
        Summary ``enterprises.rows`` (``enterprise``, ``load_kwh`` over the horizon [kWh]); used for the
        load's detail column only when they add up to the hourly load within 1e-6 of it.
    """
    t = lambda col: _total(hourly, col, dt_h, year_weight)  # noqa: E731
    pv_used, wind_used = t("pv_kw"), t("wind_kw")
    pv_cut = t("pv_available_kw") - pv_used
    wind_cut = t("wind_available_kw") - wind_used
    charge, discharge = t("storage_charge_kw"), t("storage_discharge_kw")
    load = t("load_kw")
    flows = [Flow("pv", "curtailed", pv_cut), Flow("wind", "curtailed", wind_cut),
             Flow("pv", "bus", pv_used), Flow("wind", "bus", wind_used),
             Flow("grid_import", "bus", t("import_kw")), Flow("storage_discharge", "bus", discharge),
             Flow("unserved", "bus", t("unserved_kw")),
             Flow("bus", "load", load), Flow("bus", "storage_charge", charge), Flow("bus", "export", t("export_kw"))]
    loss = charge - discharge
    if loss >= 0:
        flows += [Flow("storage_charge", "storage_returned", discharge), Flow("storage_charge", "storage_losses", loss)]
    else:  # more discharged than charged: only possible if the state of charge ends lower than it started
        logger.warning("storage discharged %.6g kWh/yr more than it charged; shown as drawn from its stock", -loss)
        flows += [Flow("storage_stock", "storage_charge", -loss), Flow("storage_charge", "storage_returned", discharge)]
    rows = [r for r in (enterprise_rows or []) if r.get("load_kwh") is not None]
    ent_total = sum(float(r["load_kwh"]) for r in rows) * year_weight
    if rows and abs(ent_total - load) <= 1e-6 * max(load, 1.0):
        flows += [Flow("load", f"ent:{r['enterprise']}", float(r["load_kwh"]) * year_weight) for r in rows]
    elif "heat_electric_kw" in hourly:
        heat = t("heat_electric_kw")
        flows += [Flow("load", "heat_electric", heat), Flow("load", "other_load", load - heat)]
    floor = NOISE_FRACTION * max(load, 1.0)
    return [f for f in flows if f.kwh_per_yr > floor]


def node_totals(flows: list[Flow]) -> dict[str, tuple[float, float]]:
    """Node → (inflow, outflow) [kWh/yr]."""
    out: dict[str, list[float]] = {}
    for f in flows:
        out.setdefault(f.source, [0.0, 0.0])[1] += f.kwh_per_yr
        out.setdefault(f.target, [0.0, 0.0])[0] += f.kwh_per_yr
    return {node: (v[0], v[1]) for node, v in out.items()}


def _column(node: str) -> int:
    if node in SOURCES or node == "storage_stock":
        return 0 if node != "storage_stock" else 1
    if node == "bus":
        return 1
    if node in USES:
        return 2
    return 3


def _name(node: str, lang: str) -> str:
    return node[4:] if node.startswith("ent:") else label(f"flow_{node}", lang)


def _colour(node: str, order: list[str]) -> str:
    if node.startswith("ent:"):
        ents = [n for n in order if n.startswith("ent:")]
        return ENTERPRISE_COLOURS[ents.index(node) % len(ENTERPRISE_COLOURS)]
    return NODE_COLOURS.get(node, "#888888")


def _text_px(text: str, size: float = 12.0) -> float:
    """Rough width of a label [px]: CJK characters a full em, others about 0.6 em."""
    return sum(size if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 0.6 * size for c in text)


def sankey_svg(flows: list[Flow], lang: str, width: float = 960.0, height: float = 460.0) -> str:
    """The diagram as an ``<svg>`` element: nodes as bars with their name and energy, bands as curves.

    Bar heights and band widths are proportional to energy [kWh/yr], on one scale for all columns.
    """
    totals = node_totals(flows)
    order = [n for n in (*SOURCES, "storage_stock", "bus", *USES) if n in totals]
    order += [f.target for f in flows if f.source == "load"]  # details: the load's beside it, then the storage's
    order += [f.target for f in flows if f.source == "storage_charge"]
    value = {n: max(totals[n]) for n in order}
    columns = [[n for n in order if _column(n) == c] for c in range(4)]
    texts = {n: f"{_name(n, lang)} {energy(value[n], lang)}" for n in order}
    gap, top = 14.0, 30.0
    left = min(320.0, max([150.0] + [_text_px(texts[n]) + 12 for n in columns[0]]))  # room for the labels
    right = min(320.0, max([150.0] + [_text_px(texts[n]) + 28 for n in columns[3] + columns[2]]))
    width = max(width, left + right + 3 * 200.0)  # about 180 px between columns for the middle labels
    col_x = np.linspace(left, width - right, 4)
    bar = 16.0
    usable = height - top - 10.0 - gap * (max(len(c) for c in columns) - 1)
    scale = usable / max(sum(value[n] for n in col) for col in columns if col)
    y: dict[str, float] = {}
    for c, col in enumerate(columns):
        cursor = top
        if c == 1 and "curtailed" in value:  # keep the park network below the curtailment band
            cursor += value["curtailed"] * scale + gap
        if c == 3 and "load" in y:  # details beside their parent
            cursor = y["load"]
        for n in col:
            if c == 3 and n in ("storage_returned", "storage_losses") and "storage_charge" in y:
                cursor = max(cursor, y["storage_charge"])
            y[n] = cursor
            cursor += value[n] * scale + gap
    height = max(height, max(y[n] + value[n] * scale for n in order) + 10.0)
    out_used = {n: 0.0 for n in order}
    in_used = {n: 0.0 for n in order}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sankey" viewBox="0 0 {width:.0f} {height:.0f}" '
             f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="{html.escape(label("sankey_title", lang))}">']
    for f in flows:
        s, t = f.source, f.target
        x0, x1 = col_x[_column(s)] + bar, col_x[_column(t)]
        w = f.kwh_per_yr * scale
        y0, y1 = y[s] + out_used[s], y[t] + in_used[t]
        out_used[s] += w
        in_used[t] += w
        xm = (x0 + x1) / 2
        d = (f"M{x0:.1f},{y0:.2f} C{xm:.1f},{y0:.2f} {xm:.1f},{y1:.2f} {x1:.1f},{y1:.2f} "
             f"L{x1:.1f},{y1 + w:.2f} C{xm:.1f},{y1 + w:.2f} {xm:.1f},{y0 + w:.2f} {x0:.1f},{y0 + w:.2f} Z")
        tip = f"{_name(s, lang)} → {_name(t, lang)}: {energy(f.kwh_per_yr, lang)}{label('per_yr', lang)}"
        parts.append(f'<path class="sankey-flow" data-source="{html.escape(s)}" data-target="{html.escape(t)}" '
                     f'data-kwh="{f.kwh_per_yr!r}" d="{d}" fill="{_colour(s, order)}" fill-opacity="0.35">'
                     f'<title>{html.escape(tip)}</title></path>')
    for n in order:
        c = _column(n)
        h = max(value[n] * scale, 1.0)
        x = col_x[c]
        text = texts[n]
        tx, anchor = (x - 6, "end") if c == 0 else (x + bar + 6, "start")
        parts.append(f'<g class="sankey-node" data-node="{html.escape(n)}" data-kwh="{value[n]!r}">'
                     f'<rect x="{x:.1f}" y="{y[n]:.2f}" width="{bar:.0f}" height="{h:.2f}" fill="{_colour(n, order)}"/>'
                     f'<text x="{tx:.1f}" y="{y[n] + h / 2:.2f}" dominant-baseline="middle" text-anchor="{anchor}" '
                     f'font-size="12">{html.escape(text)}</text></g>')
    parts.append(f'<text x="{width / 2:.0f}" y="16" text-anchor="middle" font-size="14" font-weight="bold">'
                 f'{html.escape(label("sankey_title", lang))}</text></svg>')
    return "".join(parts)
