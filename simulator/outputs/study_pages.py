"""HTML pages of the studies in both languages: frontier, tornado, cost sweep, robustness, study comparison.

Each page is one self-contained file (charts as inline SVG, or PNG embedded as data URIs) from the Jinja2
template ``templates/study.html.j2``; every label comes from the catalogue (:mod:`simulator.outputs.i18n`).
The builders take plain data (tables and dicts written by the studies), never study objects, so this stage
imports nothing of ``simulator.studies``. :func:`write_pages` writes ``<stem>_zh.html`` and ``<stem>_en.html``.
"""
from __future__ import annotations

import base64
import datetime as _dt
import math
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure

from simulator.outputs import plots
from simulator.outputs.html import CSS, _environment
from simulator.outputs.formats import Cell, money, num_cell, percent
from simulator.outputs.i18n import LANGS, check_lang, label
from simulator.results.write import write_text

#: every catalogue key the pages use besides rule names and the tables' column keys (checked by a test)
PAGE_LABELS = ("study_scenario", "generated", "frontier_title", "frontier_intro", "tornado_title", "tornado_intro",
               "sweep_title", "sweep_intro", "robustness_page_title", "compare_title", "compare_intro",
               "rule", "rule_off", "grid_only", "off_grid_variant", "cheaper_from", "never_cheaper", "study_chart",
               "study_table", "study_files", "per_yr", "col_input", "col_metric", "col_base", "col_low", "col_high",
               "col_run", "col_compliant", "col_message", "change_pct", "tornado_units", "u_wan_cny_per_yr",
               "u_mcny_per_yr", "u_mw_mwh", "yes", "no")
#: column key -> (catalogue key, number kind of :func:`simulator.outputs.formats.num_cell`)
COLUMNS = {"threshold_fraction": ("col_threshold", "percent"), "factor": ("col_factor", "number"),
           "status": ("col_status", None), "cost_cny_per_yr": ("col_cost", "cny"),
           "pv_kw": ("col_pv", "mw"), "wind_kw": ("col_wind", "mw"), "storage_kwh": ("col_storage", "mw"),
           "storage_kw": ("col_storage_kw", "mw"), "grid_connection_kw": ("col_connection", "mw"),
           "curtailment_fraction": ("col_curtailment", "percent"),
           "green_share_fraction": ("col_green_share", "percent"),
           "cost_of_supply_cny_per_kwh": ("col_cost_of_supply", "ratio"),
           "baseline_extra_cost_of_compliance_cny_per_yr": ("col_extra_cost", "cny")}
STATUSES = ("optimal", "infeasible", "error", "failed", "time_limit")


def _status(value, lang: str) -> str:
    text = str(value)
    return label(f"status_{text}", lang) if text in STATUSES else text


def _rows(frame: pd.DataFrame, columns: list[str], lang: str) -> list[dict]:
    out = []
    for _, row in frame.iterrows():
        cells = []
        for col in columns:
            kind = COLUMNS[col][1]
            value = row.get(col)
            if kind is None:
                cells.append(Cell(_status(value, lang)))
            else:
                missing = value is None or (isinstance(value, float) and math.isnan(value))
                cells.append(num_cell(None if missing else float(value), kind, lang))
        out.append({"cells": cells, "cls": ""})
    return out


def _table(frame: pd.DataFrame, columns: list[str], lang: str, title: str = "") -> dict:
    columns = [c for c in columns if c in frame.columns]
    return {"header": [label(COLUMNS[c][0], lang) for c in columns], "rows": _rows(frame, columns, lang),
            "cls": "", "title": title, "note": ""}


def _svg(fig: Figure) -> Markup:
    return Markup(plots.figure_svg(fig))


def _lines(x: np.ndarray, series: list[tuple[str, np.ndarray, str]], x_label: str, top: tuple[str, np.ndarray],
           lang: str, marks: dict | None = None) -> Figure:
    """Two panels over x: the annual cost on top [MCNY/yr or 万元/yr], capacities below [MW, MWh]."""
    with plots.plot_style():
        fig = Figure(figsize=(8.5, 6.5))
        ax_cost, ax_cap = fig.subplots(2, 1, sharex=True)
        zh = lang == "zh"
        ax_cost.plot(x, top[1] / (1e4 if zh else 1e6), "o-", color="#3a86c8")
        ax_cost.set_ylabel(label("u_wan_cny_per_yr" if zh else "u_mcny_per_yr", lang))
        ax_cost.set_title(top[0])
        for name, values, colour in series:
            ax_cap.plot(x, values / 1e3, "o-", ms=3, color=colour, label=name)
        ax_cap.set_ylabel(label("u_mw_mwh", lang))
        ax_cap.set_xlabel(x_label)
        ax_cap.legend(fontsize=9)
        for text, value in (marks or {}).items():
            for ax in (ax_cost, ax_cap):
                ax.axvline(value, color="#888", linestyle=":", linewidth=1)
            ax_cost.annotate(text, (value, 1), xycoords=("data", "axes fraction"), fontsize=8, rotation=90,
                             va="top", ha="right")
        fig.tight_layout()
    return fig


def _capacity_series(frame: pd.DataFrame, lang: str) -> list[tuple[str, np.ndarray, str]]:
    out = []
    for col, colour in (("pv_kw", plots.COLOURS["pv"]), ("wind_kw", plots.COLOURS["wind"]),
                        ("storage_kwh", plots.COLOURS["storage_discharge"]), ("grid_connection_kw", "#555555")):
        if col in frame and frame[col].fillna(0).abs().max() > 0:
            out.append((label(COLUMNS[col][0], lang), frame[col].to_numpy(dtype=float), colour))
    return out


def frontier_page(table: pd.DataFrame, info: dict, scenario: str, lang: str) -> dict:
    """Page data of a frontier (``frontier.csv`` table and ``frontier.json`` dict)."""
    rule = label(info["rule"], lang)
    facts = [(label("rule", lang), rule),
             (label("rule_off", lang), money(info["unconstrained"].get("cost_cny_per_yr"), lang) + label("per_yr", lang)),
             (label("grid_only", lang), money((info.get("baseline") or {}).get("cost_cny_per_yr"), lang)
              + label("per_yr", lang))]
    og = info.get("off_grid")
    if og is not None:
        text = _status(og["status"], lang)
        if og["status"] == "optimal":
            text += f", {money(og['cost_cny_per_yr'], lang)}{label('per_yr', lang)}"
        cheaper = info.get("off_grid_cheaper_from_fraction")
        text += f"; {label('cheaper_from', lang)} {percent(cheaper)}" if cheaper is not None \
            else f"; {label('never_cheaper', lang)}"
        facts.append((label("off_grid_variant", lang), text))
    x = 100 * table["threshold_fraction"].to_numpy(dtype=float)
    fig = _lines(x, _capacity_series(table, lang), f"{rule} (%)", (label("col_cost", lang), table["cost_cny_per_yr"]
                 .to_numpy(dtype=float)), lang, {k: 100 * v for k, v in (info.get("marks") or {}).items()})
    cols = ["threshold_fraction", "status", "cost_cny_per_yr", "pv_kw", "wind_kw", "storage_kwh", "storage_kw",
            "grid_connection_kw", "curtailment_fraction", "green_share_fraction"]
    return {"title": label("frontier_title", lang), "scenario": scenario, "intro": label("frontier_intro", lang),
            "facts": facts, "figures": [{"caption": label("study_chart", lang), "svg": _svg(fig)}],
            "tables": [_table(table, cols, lang, label("study_table", lang))]}


def sweep_page(table: pd.DataFrame, group: str, scenario: str, lang: str) -> dict:
    """Page data of a cost sweep (``sweep_<group>.csv`` table)."""
    x = table["factor"].to_numpy(dtype=float)
    fig = _lines(x, _capacity_series(table, lang), f"{label('group_' + group, lang)} × {label('col_factor', lang)}",
                 (label("col_cost", lang), table["cost_cny_per_yr"].to_numpy(dtype=float)), lang)
    cols = ["factor", "status", "cost_cny_per_yr", "pv_kw", "wind_kw", "storage_kwh", "storage_kw",
            "grid_connection_kw", "green_share_fraction", "curtailment_fraction"]
    return {"title": f"{label('sweep_title', lang)}: {label('group_' + group, lang)}", "scenario": scenario,
            "intro": label("sweep_intro", lang), "facts": [],
            "figures": [{"caption": label("study_chart", lang), "svg": _svg(fig)}],
            "tables": [_table(table, cols, lang, label("study_table", lang))]}


def tornado_page(table: pd.DataFrame, delta_fraction: float, scenario: str, lang: str) -> dict:
    """Page data of a tornado (``tornado.csv`` table: input, metric, base, low, high, *_change_fraction)."""
    metrics = list(dict.fromkeys(table["metric"]))
    with plots.plot_style():
        fig = Figure(figsize=(8.5, 1.2 + 1.7 * len(metrics)))
        axes = fig.subplots(len(metrics), 1, squeeze=False)[:, 0]
        for ax, metric in zip(axes, metrics):
            rows = table[table["metric"] == metric]
            names = [label(f"in_{name}", lang) for name in rows["input"]]
            pos = np.arange(len(rows))
            ax.barh(pos, 100 * rows["low_change_fraction"].to_numpy(dtype=float), color="#3a86c8",
                    label=f"−{delta_fraction:.0%}")
            ax.barh(pos, 100 * rows["high_change_fraction"].to_numpy(dtype=float), color="#e07b39",
                    label=f"+{delta_fraction:.0%}")
            ax.set_yticks(pos, names)
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_title(label(metric, lang), fontsize=10)
            ax.set_xlabel(label("change_pct", lang))
        axes[0].legend(fontsize=8)
        fig.tight_layout()
    body = []
    for _, row in table.iterrows():
        kind = "cny" if row["metric"] == "objective_cny_per_yr" else "mw"
        change = lambda side: (num_cell(row[f"{side}_change_fraction"], "percent")  # noqa: E731
                               if row[f"{side}_status"] == "optimal" and not pd.isna(row[f"{side}_change_fraction"])
                               else Cell(_status(row[f"{side}_status"], lang)))
        body.append({"cells": [Cell(label(f"in_{row['input']}", lang)), Cell(label(row["metric"], lang)),
                               num_cell(row["base"], kind, lang), change("low"), change("high")], "cls": ""})
    header = [label(k, lang) for k in ("col_input", "col_metric", "col_base")]
    header += [f"{label('col_low', lang)} −{delta_fraction:.0%}", f"{label('col_high', lang)} +{delta_fraction:.0%}"]
    return {"title": label("tornado_title", lang), "scenario": scenario, "intro": label("tornado_intro", lang),
            "facts": [], "figures": [{"caption": label("study_chart", lang), "svg": _svg(fig)}],
            "tables": [{"header": header, "rows": body, "cls": "", "title": label("study_table", lang),
                        "note": label("tornado_units", lang)}]}


def robustness_page(block: dict, scenario: str, lang: str, green_share_min_fraction: float | None = None) -> dict:
    """Page data of a robustness study (``summary.json`` key ``robustness``): the report's section on its own."""
    from simulator.outputs.robustness_section import robustness_html

    return {"title": label("robustness_page_title", lang), "scenario": scenario, "intro": "", "facts": [],
            "figures": [], "tables": [], "raw": Markup(robustness_html(block, lang, green_share_min_fraction))}


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def compare_page(frame: pd.DataFrame, keys: list[str], images: list[Path], title: str, lang: str,
                 reports: Callable[[str], list[str]], runs_dir: str = "runs", image_dir: str | None = None) -> dict:
    """Page data of a study comparison: the plots and one row per run, with links to its folder, its
    ``summary.json`` and its reports (``reports(run_id)`` lists the run's HTML files). The plots are embedded
    as data URIs, or linked as ``<image_dir>/<name>`` when ``image_dir`` is given."""
    cols = ["status", "pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw",
            "cost_of_supply_cny_per_kwh", "baseline_extra_cost_of_compliance_cny_per_yr"]
    rows = []
    for i, (_, run) in enumerate(frame.iterrows()):
        rid = str(run["run_id"])
        links = [(rid, f"{runs_dir}/{rid}/"), ("json", f"{runs_dir}/{rid}/summary.json")]
        links += [(Path(name).stem, f"{runs_dir}/{rid}/{name}") for name in reports(rid)]
        cells = [{"links": links}, Cell(str(run.get("scenario", "")))]
        cells += [Cell("" if pd.isna(run.get(k)) else str(run.get(k))) for k in keys]
        cells += _rows(frame.iloc[[i]], [c for c in cols if c in frame.columns], lang)[0]["cells"]
        compliant = run.get("compliant")
        cells.append(Cell("" if compliant is None or pd.isna(compliant) else label("yes" if compliant else "no", lang)))
        cells.append(Cell(str(run.get("message") or "")[:160]))
        rows.append({"cells": cells, "cls": ""})
    header = [label("col_run", lang), label("study_scenario", lang), *keys,
              *[label(COLUMNS[c][0], lang) for c in cols if c in frame.columns],
              label("col_compliant", lang), label("col_message", lang)]
    counts = frame["status"].value_counts().to_dict() if not frame.empty else {}
    intro = label("compare_intro", lang).format(n=len(frame), counts=", ".join(
        f"{n} {_status(s, lang)}" for s, n in counts.items()))
    return {"title": f"{label('compare_title', lang)}: {title}", "scenario": title, "intro": intro, "facts": [],
            "figures": [{"caption": p.stem, "src": _data_uri(p) if image_dir is None else f"{image_dir}/{p.name}"}
                        for p in images],
            "tables": [{"header": header, "rows": rows, "cls": "", "title": label("study_table", lang), "note": ""}],
            "links": [("summary.csv", "summary.csv"), ("summary.parquet", "summary.parquet")]}


def render(page: dict, lang: str) -> str:
    """The page as HTML in ``lang`` from ``templates/study.html.j2``."""
    check_lang(lang)
    return _environment().get_template("study.html.j2").render(
        html_lang="zh-CN" if lang == "zh" else "en", css=Markup(CSS), page=page,
        generated=f"{_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        label=lambda key: label(key, lang)) + "\n"


def write_pages(build: Callable[[str], dict], folder: str | Path, stem: str) -> list[Path]:
    """Write ``<stem>_zh.html`` and ``<stem>_en.html`` into ``folder`` (atomically); ``build(lang)`` gives
    the page data."""
    paths = []
    for lang in LANGS:
        path = Path(folder) / f"{stem}_{lang}.html"
        write_text(render(build(lang), lang), path)
        paths.append(path)
    return paths
