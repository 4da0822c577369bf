"""Plots of a run's results: each function takes plain data and returns a matplotlib ``Figure``.

The functions read the hourly table and the summary dict of a result folder (see
:func:`simulator.outputs.data.read_results`), never solver objects. Figures are built without pyplot, so
they are safe in scripts, tests and notebooks (display a figure by leaving it as a cell's last value).
Powers are shown in MW, energies in GWh. Labels come from :mod:`simulator.outputs.i18n`.

Chinese labels need a CJK font only where the figure is rasterised (PNG); SVG output keeps text as text
(``svg.fonttype = 'none'``), so a browser renders it with its own fonts.
"""
from __future__ import annotations

import io
import re
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from simulator.outputs.i18n import label

DRY_MONTHS = (11, 12, 1, 2, 3, 4, 5)  # Yunnan 枯水期 (source: YN-HYDRO-2023)
WET_MONTHS = (6, 7, 8, 9, 10)  # Yunnan 丰水期
COLOURS = {"pv": "#f2b701", "wind": "#3a86c8", "storage_discharge": "#7b4fa0", "grid_import": "#8c8c8c",
           "unserved": "#d62728", "storage_charge": "#b39ddb", "export": "#2ca02c", "curtailed": "#ff9f80",
           "load": "#111111", "net_import": "#555555"}
_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC")


@lru_cache(maxsize=None)
def _font_list() -> list[str]:
    """DejaVu Sans, then every installed CJK family (fonts installed after matplotlib's cache are added)."""
    manager = font_manager.fontManager
    if not any(f.name in _CJK_FAMILIES for f in manager.ttflist):
        for path in font_manager.findSystemFonts():
            if any(word in Path(path).name for word in ("CJK", "wqy", "SimHei", "msyh")):
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
    available = {f.name for f in manager.ttflist}
    return ["DejaVu Sans"] + [name for name in _CJK_FAMILIES if name in available]


@contextmanager
def plot_style():
    """Matplotlib settings of every report figure: SVG text kept as text, CJK font fallback if installed."""
    rc = {"svg.fonttype": "none", "font.family": _font_list(),
          "axes.grid": True, "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False,
          "figure.dpi": 100, "savefig.bbox": "tight", "axes.unicode_minus": False}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support")
        yield


def _mw(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=float) / 1000.0


def monthly_energy_balance(hourly: pd.DataFrame, dt_h: float, lang: str = "en") -> Figure:
    """Stacked monthly energy balance [GWh]: supply above zero, charge, export and curtailment below.

    Above zero: delivered PV, wind, storage discharge, grid import, unserved load; below zero: storage
    charge, export, curtailment. The load is drawn as a marker; above-zero stack − charge − export = load.
    """
    month = hourly.index.month
    gwh = lambda col: (hourly[col].groupby(month).sum() * dt_h / 1e6)  # noqa: E731
    up = [("pv", "pv_kw"), ("wind", "wind_kw"), ("storage_discharge", "storage_discharge_kw"),
          ("grid_import", "import_kw"), ("unserved", "unserved_kw")]
    down = [("storage_charge", "storage_charge_kw"), ("export", "export_kw"), ("curtailed", "curtailed_kw")]
    with plot_style():
        fig = Figure(figsize=(9, 4.8))
        ax = fig.add_subplot()
        months = np.array(sorted(set(month)))
        x = np.arange(len(months))
        base = np.zeros(len(months))
        for name, col in up:
            values = gwh(col).reindex(months).to_numpy()
            if np.any(values > 0):
                ax.bar(x, values, bottom=base, color=COLOURS[name], label=label(name, lang), width=0.7)
                base = base + values
        base = np.zeros(len(months))
        for name, col in down:
            values = gwh(col).reindex(months).to_numpy()
            if np.any(values > 0):
                ax.bar(x, -values, bottom=base, color=COLOURS[name], label=label(name, lang), width=0.7)
                base = base - values
        load = gwh("load_kw").reindex(months).to_numpy()
        ax.plot(x, load, "_", color=COLOURS["load"], markersize=28, markeredgewidth=2.5, label=label("load", lang))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xticks(x, [str(m) for m in months])
        ax.set_xlabel(label("month", lang))
        ax.set_ylabel(label("energy_gwh", lang))
        ax.set_title(label("chart_monthly", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return fig


def typical_week(hourly: pd.DataFrame, months: tuple[int, ...], dt_h: float) -> tuple[pd.DataFrame, bool]:
    """The 7-day window of the given months whose green availability is closest to their mean.

    Returns the window's rows and True, or the first (up to) 7 days of the horizon and False when the
    horizon holds no full week of those months.
    """
    available = (hourly["pv_available_kw"] + hourly["wind_available_kw"]) * dt_h
    daily = available.groupby(hourly.index.normalize()).sum()
    in_season = pd.Series(daily.index.month.isin(months), index=daily.index)
    days = daily.index
    steps_per_day = available.groupby(hourly.index.normalize()).size()
    full_day = steps_per_day == steps_per_day.max()
    ok = (in_season & full_day).astype(int).rolling(7).sum() == 7
    if ok.any():
        season_mean = daily[in_season & full_day].mean()
        rolling = daily.rolling(7).mean()
        end = (rolling[ok] - season_mean).abs().idxmin()
        start = days[days.get_loc(end) - 6]
        stop = end + pd.Timedelta(days=1)
        return hourly[(hourly.index >= start) & (hourly.index < stop)], True
    stop = days[0] + pd.Timedelta(days=7)
    return hourly[hourly.index < stop], False


def dispatch_week(hourly: pd.DataFrame, season: str, dt_h: float, lang: str = "en") -> Figure:
    """Dispatch of a typical week [MW] of the dry (``'dry'``, Nov–May) or wet (``'wet'``, Jun–Oct) season.

    Supply stacked above zero (PV, wind, storage discharge, import, unserved), storage charge, export
    and curtailment below zero, load as a line.
    """
    if season not in ("dry", "wet"):
        raise ValueError(f"season must be 'dry' or 'wet', not {season!r}")
    week, found = typical_week(hourly, DRY_MONTHS if season == "dry" else WET_MONTHS, dt_h)
    t = week.index.tz_localize(None)
    up = [("pv", "pv_kw"), ("wind", "wind_kw"), ("storage_discharge", "storage_discharge_kw"),
          ("grid_import", "import_kw"), ("unserved", "unserved_kw")]
    down = [("storage_charge", "storage_charge_kw"), ("export", "export_kw"), ("curtailed", "curtailed_kw")]
    with plot_style():
        fig = Figure(figsize=(10, 4.8))
        ax = fig.add_subplot()
        for group, sign in ((up, 1.0), (down, -1.0)):
            cols = [(n, c) for n, c in group if week[c].max() > 0]
            if cols:
                ax.stackplot(t, *[sign * _mw(week[c]) for _, c in cols], step="post",
                             colors=[COLOURS[n] for n, _ in cols], labels=[label(n, lang) for n, _ in cols])
        ax.step(t, _mw(week["load_kw"]), where="post", color=COLOURS["load"], linewidth=1.5,
                label=label("load", lang))
        ax.axhline(0, color="black", linewidth=0.8)
        title = label("chart_dry_week" if season == "dry" else "chart_wet_week", lang)
        if not found:
            title += " " + label("outside_season", lang)
        ax.set_title(f"{title}: {t[0]:%Y-%m-%d} – {t[-1]:%Y-%m-%d}")
        ax.set_ylabel(label("power_mw", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
        fig.autofmt_xdate()
    return fig


def load_heatmap(hourly: pd.DataFrame, lang: str = "en") -> Figure:
    """Load [MW] as a heatmap of day of year (rows) × hour of day (columns); sub-hourly steps averaged."""
    load = hourly["load_kw"] / 1000.0
    frame = pd.DataFrame({"day": hourly.index.dayofyear, "hour": hourly.index.hour, "mw": load.to_numpy()})
    grid = frame.pivot_table(index="day", columns="hour", values="mw", aggfunc="mean")
    with plot_style():
        fig = Figure(figsize=(7, 6))
        ax = fig.add_subplot()
        ax.grid(False)
        extent = (-0.5, grid.shape[1] - 0.5, grid.index.max() + 0.5, grid.index.min() - 0.5)
        image = ax.imshow(grid.to_numpy(), aspect="auto", interpolation="nearest", cmap="viridis", extent=extent)
        cbar = fig.colorbar(image, ax=ax)
        cbar.set_label(label("load_mw", lang))
        ax.set_xlabel(label("hour", lang))
        ax.set_ylabel(label("day_of_year", lang))
        ax.set_xticks(range(0, 24, 3))
        ax.set_title(label("chart_heatmap", lang))
    return fig


def duration_curves(hourly: pd.DataFrame, dt_h: float, lang: str = "en") -> Figure:
    """Duration curves [MW] of the load and of the net import (import − export), sorted high to low."""
    load = np.sort(_mw(hourly["load_kw"]))[::-1]
    net = np.sort(_mw(hourly["import_kw"] - hourly["export_kw"]))[::-1]
    hours = np.arange(1, len(load) + 1) * dt_h
    with plot_style():
        fig = Figure(figsize=(8, 4.5))
        ax = fig.add_subplot()
        ax.plot(hours, load, color=COLOURS["load"], label=label("load", lang))
        ax.plot(hours, net, color=COLOURS["net_import"], linestyle="--", label=label("net_import", lang))
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel(label("hours_exceeded", lang))
        ax.set_ylabel(label("power_mw", lang))
        ax.set_title(label("chart_duration", lang))
        ax.legend()
    return fig


def storage_soc(hourly: pd.DataFrame, storage_kwh: float, lang: str = "en") -> Figure:
    """Storage state of charge [MWh]: daily min–max band and daily mean; the installed energy as a line."""
    soc = hourly["storage_soc_kwh"] / 1000.0
    with plot_style():
        fig = Figure(figsize=(10, 4))
        ax = fig.add_subplot()
        if storage_kwh <= 0:
            ax.text(0.5, 0.5, label("no_storage", lang), ha="center", va="center", transform=ax.transAxes)
        else:
            day = soc.groupby(hourly.index.normalize())
            days = day.mean().index.tz_localize(None)
            ax.fill_between(days, day.min().to_numpy(), day.max().to_numpy(), color=COLOURS["storage_charge"],
                            alpha=0.6, step="post", label=label("daily_range", lang))
            ax.step(days, day.mean().to_numpy(), where="post", color=COLOURS["storage_discharge"],
                    label=label("daily_mean", lang))
            ax.axhline(storage_kwh / 1000.0, color="black", linestyle=":", linewidth=1,
                       label=label("storage_kwh", lang))
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
            fig.autofmt_xdate()
        ax.set_ylabel(label("soc_mwh", lang))
        ax.set_title(label("chart_soc", lang))
    return fig


def cost_breakdown(summary: dict, lang: str = "en") -> Figure:
    """Annual cost components [million CNY/yr] as horizontal bars; export revenue counts negative."""
    cost = summary.get("cost_cny_per_yr", {})
    items = [(k, -v if k == "export_revenue" else v) for k, v in cost.items() if k != "total" and v is not None]
    with plot_style():
        fig = Figure(figsize=(8, 0.5 * len(items) + 1.6))
        ax = fig.add_subplot()
        names = [label(k, lang) for k, _ in items]
        values = np.array([v / 1e6 for _, v in items])
        ax.barh(names, values, color=["#2ca02c" if v < 0 else "#3a86c8" for v in values])
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:,.2f}", va="center", ha="left" if v >= 0 else "right", fontsize=9)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.margins(x=0.18)  # room for the value labels on both sides
        ax.invert_yaxis()
        total = cost.get("total")
        title = label("chart_costs", lang)
        if total is not None:
            title += f" ({label('total', lang)} {total / 1e6:,.2f} {label('cost_mcny', lang)})"
        ax.set_title(title)
        ax.set_xlabel(label("cost_mcny", lang))
    return fig


def compliance_bars(summary: dict, lang: str = "en") -> Figure:
    """One bar per rule of the compliance table (and the checked indicators) against its limit.

    Green bar: met; red: missed; the black line is the limit. Each rule has its own axis, since the
    rules have different units.
    """
    rows = list(summary.get("compliance", [])) + list(summary.get("indicators", []))
    with plot_style():
        fig = Figure(figsize=(8, 0.9 * max(len(rows), 1) + 0.8))
        if not rows:
            ax = fig.add_subplot()
            ax.text(0.5, 0.5, label("none", lang), ha="center", va="center", transform=ax.transAxes)
            return fig
        axes = fig.subplots(len(rows), 1, squeeze=False)[:, 0]
        for ax, row in zip(axes, rows):
            value, limit = float(row["value"]), float(row["limit"])
            ax.barh([0], [value], color="#2ca02c" if row["ok"] else "#d62728", height=0.6)
            ax.axvline(limit, color="black", linewidth=2, label=label("limit_line", lang))
            top = max(value, limit, 1e-9) * 1.25
            ax.set_xlim(0, top)
            ax.set_yticks([])
            ax.grid(False, axis="y")
            ax.set_title(f"{label(row['rule'], lang)}: {value:,.3f} {row['sense']} {limit:,.3f}",
                         fontsize=9, loc="left")
        axes[0].legend(loc="lower right", fontsize=8)
        fig.suptitle(label("chart_compliance", lang))
        fig.tight_layout()
    return fig


def all_figures(hourly: pd.DataFrame, summary: dict, dt_h: float, lang: str = "en") -> dict[str, Figure]:
    """Every report figure by name: monthly, dry_week, wet_week, heatmap, duration, soc, costs, compliance."""
    storage_kwh = float(summary.get("capacity", {}).get("storage_kwh", 0.0))
    return {
        "monthly": monthly_energy_balance(hourly, dt_h, lang),
        "dry_week": dispatch_week(hourly, "dry", dt_h, lang),
        "wet_week": dispatch_week(hourly, "wet", dt_h, lang),
        "heatmap": load_heatmap(hourly, lang),
        "duration": duration_curves(hourly, dt_h, lang),
        "soc": storage_soc(hourly, storage_kwh, lang),
        "costs": cost_breakdown(summary, lang),
        "compliance": compliance_bars(summary, lang),
    }


def figure_svg(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML header), text kept as text."""
    buffer = io.StringIO()
    with plot_style():
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = re.sub(r"font-family: ([^;\"]+);", r"font-family: \1, sans-serif;", text)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # RDF block with dates and URLs
    return text[text.index("<svg"):]


def save_figures(figures: dict[str, Figure], folder: str | Path, fmt: str = "png") -> list[Path]:
    """Save figures as ``<folder>/<name>.<fmt>`` (``png`` or ``svg``); returns the paths."""
    from simulator.results.write import atomic_path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in figures.items():
        path = folder / f"{name}.{fmt}"
        with plot_style(), atomic_path(path) as tmp:  # a killed save never leaves half a file
            fig.savefig(tmp, format=fmt)
        paths.append(path)
    return paths
