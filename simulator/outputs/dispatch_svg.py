"""Zoomable dispatch of the dry- and wet-season weeks: inline SVG drawn here, zoom and pan by a small script
inlined in the page (``templates/zoom.js``; no CDN, the report stays one self-contained file).

The week is chosen by :func:`simulator.outputs.plots.typical_week`: the 7 days of the season (dry Nov–May,
wet Jun–Oct) whose green availability is closest to the season's daily mean; without a full week of the
season in the horizon, the first week of the horizon, said in the title.

The plot area is a nested ``<svg class="plot">`` in data coordinates: x in hours from the week's start, y in
−MW (SVG's y grows downwards). Zooming changes only the x range of its ``viewBox``; the script redraws the
time ticks. Without the script (or JavaScript switched off) the whole week is shown with daily ticks.
"""
from __future__ import annotations

import html
from importlib import resources

import numpy as np
import pandas as pd

from simulator.outputs.i18n import label
from simulator.outputs.plots import COLOURS, DRY_MONTHS, WET_MONTHS, typical_week

UP = (("pv", "pv_kw"), ("wind", "wind_kw"), ("storage_discharge", "storage_discharge_kw"),
      ("grid_import", "import_kw"), ("unserved", "unserved_kw"))
DOWN = (("storage_charge", "storage_charge_kw"), ("export", "export_kw"), ("curtailed", "curtailed_kw"))
#: a series whose peak is below this share of the peak load is solver noise: not drawn
NOISE_FRACTION = 1e-9
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 960.0, 420.0, 60.0, 150.0, 34.0, 46.0


def zoom_script() -> str:
    """The page's zoom/pan script (``templates/zoom.js``)."""
    return resources.files("simulator.outputs").joinpath("templates/zoom.js").read_text(encoding="utf-8")


def _nice_step(span: float) -> float:
    """A round tick step [MW] giving about 5 ticks over ``span``."""
    raw = max(span, 1e-9) / 5.0
    power = 10.0 ** np.floor(np.log10(raw))
    return float(min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=10 * power))


def _area(lower: np.ndarray, upper: np.ndarray, dt_h: float) -> str:
    """Path of a step-post band between ``lower`` and ``upper`` [MW] (y drawn as −MW)."""
    n = len(upper)
    x = np.repeat(np.arange(n + 1) * dt_h, 2)[1:-1]
    top = np.repeat(upper, 2)
    bottom = np.repeat(lower, 2)
    pts = [f"{a:g},{-b:.4f}" for a, b in zip(x, top)] + [f"{a:g},{-b:.4f}" for a, b in zip(x[::-1], bottom[::-1])]
    return "M" + " L".join(pts) + " Z"


def dispatch_week_svg(hourly: pd.DataFrame, season: str, dt_h: float, lang: str) -> str:
    """The chosen week of ``season`` (``'dry'`` or ``'wet'``) as a zoomable ``<div class="dispatch-chart">``.

    Supply stacked above zero (PV, wind, storage discharge, import, unserved), storage charge, export and
    curtailment below zero [MW], load as a line.
    """
    if season not in ("dry", "wet"):
        raise ValueError(f"season must be 'dry' or 'wet', not {season!r}")
    week, found = typical_week(hourly, DRY_MONTHS if season == "dry" else WET_MONTHS, dt_h)
    n = len(week)
    hours = n * dt_h
    mw = lambda col: week[col].to_numpy(dtype=float) / 1000.0 if col in week else np.zeros(n)  # noqa: E731
    bands, legend = [], []
    noise_mw = NOISE_FRACTION * max(float(mw("load_kw").max(initial=0.0)), 1e-3)
    for group, sign in ((UP, 1.0), (DOWN, -1.0)):
        base = np.zeros(n)
        for name, col in group:
            values = mw(col)
            if values.max(initial=0.0) <= noise_mw:  # absent, or solver noise (e.g. 1e-14 kW of curtailment)
                continue
            new = base + sign * values
            bands.append(f'<path class="band" data-series="{name}" d="{_area(base, new, dt_h)}" '
                         f'fill="{COLOURS[name]}" stroke="none"/>')
            legend.append((name, COLOURS[name]))
            base = new
        if sign > 0:
            top_mw = float(base.max(initial=0.0))
        else:
            bottom_mw = float(base.min(initial=0.0))
    load = mw("load_kw")
    top_mw = max(top_mw, float(load.max(initial=0.0)))
    step = _nice_step(top_mw - bottom_mw)
    y_max, y_min = step * np.ceil(top_mw / step), step * np.floor(bottom_mw / step)
    if y_max == y_min:
        y_max = y_min + step
    x = np.repeat(np.arange(n + 1) * dt_h, 2)[1:-1]
    load_path = "M" + " L".join(f"{a:g},{-b:.4f}" for a, b in zip(x, np.repeat(load, 2)))
    legend.append(("load", COLOURS["load"]))
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    to_px = lambda v: TOP + (y_max - v) / (y_max - y_min) * ph  # noqa: E731
    start = week.index[0].tz_localize(None) if week.index.tz is not None else week.index[0]
    title = label("chart_dry_week" if season == "dry" else "chart_wet_week", lang)
    if not found:
        title += " " + label("outside_season", lang)
    last = start + pd.Timedelta(hours=hours - dt_h)
    title = f"{title}: {start:%Y-%m-%d} – {last:%Y-%m-%d}"
    yticks = "".join(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{to_px(v):.1f}" y2="{to_px(v):.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 6}" y="{to_px(v):.1f}" text-anchor="end" dominant-baseline="middle" '
                     f'font-size="11">{v:g}</text>' for v in np.arange(y_min, y_max + step / 2, step))
    xticks = "".join(f'<text x="{LEFT + d * 24 / hours * pw:.1f}" y="{TOP + ph + 16}" text-anchor="middle" '
                     f'font-size="11">{start + pd.Timedelta(days=d):%m-%d}</text>'
                     for d in range(int(hours // 24) + 1))
    keys = "".join(f'<rect x="{WIDTH - RIGHT + 12}" y="{TOP + 18 * i}" width="12" height="12" fill="{c}"/>'
                   f'<text x="{WIDTH - RIGHT + 30}" y="{TOP + 18 * i + 10}" font-size="12">{html.escape(label(nm, lang))}'
                   f'</text>' for i, (nm, c) in enumerate(legend))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="dispatch" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" '
           f'width="{WIDTH:.0f}" height="{HEIGHT:.0f}" data-start="{start:%Y-%m-%dT%H:%M}" data-hours="{hours:g}" '
           f'data-dt-h="{dt_h:g}" data-left="{LEFT}" data-width="{pw}" data-axis-y="{TOP + ph + 16}">'
           f'<text x="{LEFT + pw / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">'
           f'{html.escape(title)}</text>{yticks}'
           f'<text x="14" y="{TOP + ph / 2}" font-size="12" text-anchor="middle" '
           f'transform="rotate(-90 14 {TOP + ph / 2})">{html.escape(label("power_mw", lang))}</text>'
           f'<svg class="plot" x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" preserveAspectRatio="none" '
           f'viewBox="0 {-y_max:g} {hours:g} {y_max - y_min:g}">{"".join(bands)}'
           f'<line x1="0" x2="{hours:g}" y1="0" y2="0" stroke="#000" stroke-width="1" vector-effect="non-scaling-stroke"/>'
           f'<path class="load" d="{load_path}" fill="none" stroke="{COLOURS["load"]}" stroke-width="1.6" '
           f'vector-effect="non-scaling-stroke"/></svg>'
           f'<rect class="frame" x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>'
           f'<g class="xaxis">{xticks}</g>{keys}</svg>')
    buttons = "".join(f'<button type="button" data-zoom="{z}">{html.escape(label("zoom_" + z, lang))}</button>'
                      for z in ("in", "out", "reset"))
    return (f'<div class="dispatch-chart" id="dispatch-{season}"><div class="zoom-controls">{buttons} '
            f'<span class="note">{html.escape(label("zoom_hint", lang))}</span></div>{svg}</div>')
