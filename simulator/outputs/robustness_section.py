"""Stable green supply in the report: weather-year robustness (the ``robustness``
block of summary.json) and staged growth (the ``milestones`` block). The workbook's sheets of both
blocks are in :mod:`simulator.outputs.sheets`.

Reads only the summary written by ``zcpark robustness`` (see ``simulator/studies/robustness``): per design, the
P50/P90/min/max of each 650号 ratio and of the annual cost across weather years, the share of years
meeting each rule, the worst month and week, and the robust design's capacities and extra cost.
"""
from __future__ import annotations


from markupsafe import Markup

from simulator.outputs.formats import Cell, money, num_cell
from simulator.outputs.i18n import label
from simulator.outputs.sheets import MILESTONE_COLUMNS, milestone_table
from simulator.outputs.templating import environment

#: metric -> number kind; labels ``rob_m_<metric>`` in the catalogue (simulator/outputs/i18n_more.py)
METRICS = {"green_share": "percent", "self_consumption": "percent", "feed_in": "percent", "curtailment": "percent",
           "cost_total_cny_per_yr": "money"}


def _t(key: str, lang: str) -> str:
    """Catalogue label ``rob_<key>``."""
    return label(f"rob_{key}", lang)


def _fmt(value, kind: str) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if kind == "percent" else f"{value:,.0f}"


def _worst_text(worst: dict, lang: str) -> str:
    """'seed 2028, 2026-03 month, green share 27.2 %' from a worst-month/week record."""
    where = (f"{worst['start']} .. {worst['end']}" if "start" in worst else f"{worst.get('month')}"
             + ("月" if lang == "zh" else " (month)"))
    share = worst.get("green_share")
    tail = f", {_t('m_green_share', lang)} {share:.1%}" if share is not None else ""
    return f"{worst.get('year', '')}: {where}{tail}"


def _designs(block: dict) -> list[tuple[str, dict]]:
    out = [("single", block["single_year_design"]["evaluation"])]
    robust = block.get("robust_design", {})
    if "evaluation" in robust:
        out.append(("robust", robust["evaluation"]))
    return out


def robustness_html(block: dict, lang: str, green_share_min_fraction: float | None = None) -> str:
    """The report section (heading, explanation, tables, extra cost, worst periods and, when the
    green-share threshold is known, the chart of monthly green share per weather year as inline SVG),
    from ``templates/robustness.html.j2``; shares in %, costs in 万元/亿元 (zh) or MCNY (en)."""
    designs = []
    for name, ev in _designs(block):
        rows = []
        for metric, kind in METRICS.items():
            stats = ev["statistics"].get(metric)
            if stats is None:
                continue
            shown = _t(f"m_{metric}", lang).split(" (")[0]  # the unit is in the cells
            rows.append({"name": shown, "span": None,
                         "cells": [num_cell(stats[k], "cny" if kind == "money" else "percent", lang)
                                   for k in ("p50", "p90", "min", "max")]})
        for rule, share in ev["probability_met"].items():
            rows.append({"name": f"{_t('met', lang)}: {label(rule, lang)}", "span": None,
                         "cells": [Cell(f"{share:.0%}", share, True), Cell(""), Cell(""), Cell("")]})
        for key in ("worst_month", "worst_week"):
            worst = ev.get(key)
            if worst:
                rows.append({"name": _t(key, lang), "span": _worst_text(worst, lang), "cells": []})
        designs.append({"name": _t(name, lang), "rows": rows})
    extra = block.get("robust_design", {}).get("extra_cost_cny_per_yr")
    svg = None
    if green_share_min_fraction is not None and block["single_year_design"]["evaluation"].get("monthly_green_share"):
        from simulator.outputs.plots import figure_svg
        from simulator.outputs.robustness_plots import monthly_green_share_by_year

        svg = Markup(figure_svg(monthly_green_share_by_year(block, green_share_min_fraction, lang)))
    return environment().get_template("robustness.html.j2").render(
        title=_t("title", lang), intro=_t("intro", lang).format(n=block["n_years"], labels=", ".join(block["labels"])),
        head=[_t("metric", lang), "P50", "P90", "min", "max"], designs=designs,
        extra=None if extra is None else money(extra, lang) + label("per_yr", lang),
        extra_label=_t("extra", lang).split(" (")[0].split("（")[0], svg=svg)


def _milestone_text(value) -> str:
    """A milestone table cell: integers as they are, fractions below 1 with two decimals, else thousands."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}" if isinstance(value, float) and value < 1 else f"{value:,.0f}"


def milestones_section(block: dict, lang: str) -> dict:
    """The staged-growth section of the report (``id`` milestones): the table of milestones (the workbook's
    labels and rows) and a bar chart of installed capacity, rendered by the report template."""
    section = {"id": "milestones", "title": _t("milestones", lang), "notes": [_t("milestones_intro", lang)]}
    if block.get("status") != "optimal":
        section["notes"].append(str(block.get("status")))
        return section
    head_texts, table_rows, _ = milestone_table(block, lang)
    rows = [{"cells": [Cell(_milestone_text(v), v if isinstance(v, (int, float)) else None, numeric=True)
                       for v in row], "cls": ""} for row in table_rows]
    section["tables"] = [{"header": head_texts, "rows": rows, "cls": "", "title": "", "note": ""}]
    from matplotlib.figure import Figure

    from simulator.outputs.plots import figure_svg

    fig = Figure(figsize=(7, 3.2))
    ax = fig.add_subplot()
    years = [str(y) for y in block["milestones"]]
    width = 0.2
    for i, key in enumerate(MILESTONE_COLUMNS):
        values = [(cap.get(key) or 0.0) / 1000.0 for cap in block["capacity"]]
        ax.bar([j + (i - 1.5) * width for j in range(len(years))], values, width, label=key.replace("_kw", " MW")
               .replace("_kwh", " MWh"))
    ax.set_xticks(range(len(years)), years)
    ax.set_ylabel("MW / MWh")
    ax.legend(fontsize=8)
    section["figures"] = [{"name": "milestones", "caption": _t("milestones", lang), "svg": Markup(figure_svg(fig))}]
    return section
