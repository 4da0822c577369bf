"""Names and labels of the workbook in its language, and its robustness and milestones sheets.

Every sheet name, header and label comes from the catalogue (:mod:`simulator.outputs.i18n`, entries of
:mod:`simulator.outputs.i18n_workbook`); a column a scenario adds per technology (``pv_rooftop_kw``,
``storage_lfp_4h_soc_kwh``) is named by :data:`~simulator.outputs.i18n_workbook.COLUMN_PATTERNS`, keeping
the technology's own name. Numbers stay numbers with a number format.
"""
from __future__ import annotations

import re

from simulator.outputs.i18n import LABELS, check_lang, label
from simulator.outputs.i18n_workbook import COLUMN_PATTERNS, STORAGE_PARTS

#: characters Excel refuses in a sheet name, and its length limit
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31
PERCENT, MONEY, ENERGY = "0.0%", "#,##0", "#,##0"
#: robustness metric -> number format (ratios as %, the annual cost in CNY/yr)
ROBUSTNESS_METRICS = {"green_share": PERCENT, "self_consumption": PERCENT, "feed_in": PERCENT,
                      "curtailment": PERCENT, "cost_total_cny_per_yr": MONEY}
MILESTONE_COLUMNS = ("pv_kw", "wind_kw", "storage_kwh", "storage_kw")
#: storage ageing per milestone, when the plan reports it: key -> (unit label key or "", number format)
MILESTONE_AGEING = {"storage_soh_fraction": ("", PERCENT), "augmentation_kwh_per_yr": ("u_kwh_per_yr", "#,##0"),
                    "augmentation_cny_per_yr": ("u_cny_per_yr", "#,##0")}


def sheet_name(key: str, lang: str) -> str:
    """The sheet name of ``key`` (``summary``, ``hourly`` ...) in ``lang``, checked against Excel's rules.

    Raises
    ------
    ValueError
        For a catalogue entry Excel would refuse (too long, a forbidden character).
    """
    name = label(f"sheet_{key}", check_lang(lang))
    if len(name) > SHEET_NAME_MAX or _FORBIDDEN.search(name) or name.startswith("'"):
        raise ValueError(f"sheet name {name!r} of {key!r} is not allowed by Excel")
    return name


def _tech_name(name: str, lang: str) -> str:
    """A technology's name: the shipped storage technologies translated, a scenario's own name as written."""
    return label(f"tech_{name}", lang) if f"tech_{name}" in LABELS else name


def column_label(key: str, lang: str) -> str:
    """The label of a quantity or column ``key`` in ``lang``.

    The catalogue's entry when it has one; else a per-technology pattern (``pv_<type>_kw`` ->
    ``光伏（<type>）``); else the key itself (nothing dropped silently).
    """
    if key in LABELS or label(key, lang) != key:  # the catalogue (and any pattern ``label`` knows)
        return label(key, lang)
    for pattern, zh, en in COLUMN_PATTERNS:
        match = re.match(pattern, key)
        if match:
            groups = match.groupdict()
            part = groups.get("part")
            part_text = STORAGE_PARTS[part][0 if lang == "zh" else 1] if part else ""
            return (zh if lang == "zh" else en).format(name=_tech_name(groups["name"], lang), part=part_text)
    return key


def value_label(kind: str, value: object, lang: str) -> object:
    """A text value shown in a sheet, translated: ``kind`` ``status`` (optimal ...) or ``band`` (a TOU band,
    ``season:band`` translated part by part); a name the catalogue does not hold stays as written."""
    if not isinstance(value, str):
        return value
    if kind == "status":
        return label(f"status_{value}", lang) if f"status_{value}" in LABELS else value
    parts = value.split(":")
    return "：".join(label(f"band_{p}", lang) if f"band_{p}" in LABELS else p for p in parts) if lang == "zh" \
        else ":".join(label(f"band_{p}", lang) if f"band_{p}" in LABELS else p for p in parts)


def _designs(block: dict) -> list[tuple[str, dict]]:
    out = [("single_year_design", block["single_year_design"]["evaluation"])]
    robust = block.get("robust_design", {})
    if "evaluation" in robust:
        out.append(("robust_design", robust["evaluation"]))
    return out


def add_robustness_sheet(wb, block: dict, lang: str, header, widths) -> None:
    """Add the robustness sheet: design, metric, unit, P50, P90, min, max (numbers with formats), then the
    share of weather years meeting each rule and, when a robust design was sized, its extra annual cost."""
    ws = wb.create_sheet(sheet_name("robustness", lang))
    header(ws, [label(k, lang) for k in ("design", "metric", "unit", "p50", "p90", "min", "max")])
    for design, ev in _designs(block):
        for metric, fmt in ROBUSTNESS_METRICS.items():
            stats = ev["statistics"].get(metric)
            if stats is None:
                continue
            unit = label("u_cny_per_yr", lang) if fmt == MONEY else "%"
            ws.append([label(design, lang), column_label(metric, lang), unit]
                      + [stats[k] for k in ("p50", "p90", "min", "max")])
            for col in range(4, 8):
                ws.cell(ws.max_row, col).number_format = fmt
        for rule, share in ev["probability_met"].items():
            ws.append([label(design, lang), f"{label('years_meeting_rule', lang)}: {label(rule, lang)}", "%", share])
            ws.cell(ws.max_row, 4).number_format = PERCENT
    extra = block.get("robust_design", {}).get("extra_cost_cny_per_yr")
    if extra is not None:
        ws.append([label("robust_design", lang), label("robust_extra_cost_cny_per_yr", lang),
                   label("u_cny_per_yr", lang), extra])
        ws.cell(ws.max_row, 4).number_format = MONEY
    widths(ws)


def milestone_table(block: dict, lang: str) -> tuple[list[str], list[list], list[str]]:
    """Header (translated, units in brackets), rows (numbers as numbers) and number formats of the
    milestones: year, capacities, what is built at each milestone, the load (summed over the modelled
    horizon, as the plan's ``periods[].load_kwh``), the green-share threshold and, when the plan reports them,
    the storage ageing columns of :data:`MILESTONE_AGEING`."""
    def named(key: str, unit_key: str) -> str:
        return f"{label(key, lang)} ({label(unit_key, lang)})"

    units = {"pv_kw": "u_kw", "wind_kw": "u_kw", "storage_kwh": "u_kwh", "storage_kw": "u_kw"}
    head = ([label("milestone_year", lang)] + [named(k, units[k]) for k in MILESTONE_COLUMNS]
            + [named(f"built_{k}", units[k]) for k in MILESTONE_COLUMNS]
            + [named("period_load_kwh", "u_kwh_horizon"), label("green_share_min_fraction", lang)])
    formats = ["0"] + ["#,##0"] * (2 * len(MILESTONE_COLUMNS) + 1) + [PERCENT]
    ageing = [k for k in MILESTONE_AGEING if any(k in period for period in block["periods"])]
    head += [named(k, MILESTONE_AGEING[k][0]) if MILESTONE_AGEING[k][0] else label(k, lang) for k in ageing]
    formats += [MILESTONE_AGEING[k][1] for k in ageing]
    rows = []
    for year, cap, build, period in zip(block["milestones"], block["capacity"], block["build"], block["periods"]):
        rows.append([year] + [cap.get(k) for k in MILESTONE_COLUMNS] + [build.get(k) for k in MILESTONE_COLUMNS]
                    + [period.get("load_kwh"), period.get("green_share_min_fraction")]
                    + [period.get(k) for k in ageing])
    return head, rows, formats


def add_milestone_sheet(wb, block: dict, lang: str, header, widths) -> None:
    """Add the milestones sheet (see :func:`milestone_table`); a plan that is not optimal gives one status row."""
    ws = wb.create_sheet(sheet_name("milestones", lang))
    if block.get("status") != "optimal":
        header(ws, [label("status", lang)])
        ws.append([str(block.get("status"))])
        widths(ws)
        return
    head, rows, formats = milestone_table(block, lang)
    header(ws, head)
    for row in rows:
        ws.append(row)
        for col, fmt in enumerate(formats, start=1):
            if isinstance(ws.cell(ws.max_row, col).value, (int, float)):
                ws.cell(ws.max_row, col).number_format = fmt
    widths(ws)
