"""A self-contained HTML report of one result folder (no network needed to open it).

Charts are inline SVG with their text kept as text, so Chinese labels render with the browser's fonts.
Every number sits in a ``<td class="num" data-value="...">`` cell: the ``data-value`` is the raw number
(the same in every language), the cell text its formatted form.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path

from markupsafe import Markup

from simulator.data import all_defaults, emission_factors
from simulator.outputs import plots, sankey
from simulator.outputs.data import ResultFolder, read_results
from simulator.outputs.dispatch_svg import dispatch_week_svg, zoom_script
from simulator.outputs.formats import Cell, num_cell, percent
from simulator.outputs.i18n import check_lang, label
from simulator.outputs.summary_panel import basis_note, panel, short_horizon
from simulator.outputs.templating import environment
from simulator.results import kpi as kpi_module
from simulator.results.write import write_text

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;
color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.6em;border-bottom:3px solid #3a86c8;padding-bottom:.3em}
h2{font-size:1.25em;margin-top:1.8em;border-left:5px solid #3a86c8;padding-left:.5em}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#eef3f8;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.pass td.result{background:#d8f0d8;color:#185c18;font-weight:bold}
tr.fail td.result{background:#f8d7d7;color:#8a1212;font-weight:bold}
tr.placeholder td{background:#fff7e0}
figure{margin:1.2em 0}
figure svg{max-width:100%;height:auto}
.note{color:#555;font-size:.9em}
.basis{background:#f3f6fa;border-left:4px solid #3a86c8;padding:.4em .8em}
section.summary{border:2px solid #3a86c8;border-radius:6px;padding:.2em 1.2em 1em;margin:1.2em 0;background:#fbfdff}
section.summary.some-fail{border-color:#c83a3a}
section.summary h2{border:none;padding-left:0;margin-top:.6em}
.verdict{font-size:1.2em;font-weight:bold}
.all-pass .verdict{color:#185c18}
.some-fail .verdict{color:#8a1212}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:.6em;margin:.8em 0}
dl.figures div{border:1px solid #d5e1ee;border-radius:4px;padding:.4em .7em;background:#fff}
dl.figures dt{color:#555;font-size:.85em}
dl.figures dd{margin:0;font-size:1.1em;font-weight:bold;font-variant-numeric:tabular-nums}
nav#contents ol{columns:2}
details summary{cursor:pointer;color:#3a86c8;font-weight:bold}
.dispatch-chart svg.dispatch{cursor:grab;touch-action:none;user-select:none}
.zoom-controls button{margin-right:.4em}
"""


def _num(value, kind: str = "number", lang: str = "en") -> Cell:
    """A numeric cell (see :func:`simulator.outputs.formats.num_cell`)."""
    return num_cell(value, kind, lang)


def _row(*cells, cls: str = "") -> dict:
    return {"cells": [c if isinstance(c, Cell) else Cell("" if c is None else str(c)) for c in cells], "cls": cls}


def _table(header: list[str], rows: list[dict], cls: str = "", title: str = "", note: str = "") -> dict:
    return {"header": header, "rows": rows, "cls": cls, "title": title, "note": note}


def _kpis(rf: ResultFolder) -> dict:
    """The ``kpi`` block of the summary, recomputed from the hourly table for older folders."""
    if "kpi" in rf.summary:
        return rf.summary["kpi"]
    s = rf.summary
    park = (rf.scenario or {}).get("park", {})
    return kpi_module.planning_kpis(rf.hourly, s["capacity"], s["energy"], rf.dt_h, rf.year_weight,
                                    s.get("emission_factor", {}).get("key", "yunnan_2022"),
                                    s["energy"].get("green_purchase_kwh", 0.0),
                                    park.get("other_energy_tce_per_yr"), park.get("other_energy_co2_t_per_yr"))


def _key_inputs(rf: ResultFolder, lang: str) -> list[dict]:
    sc, s = rf.scenario, rf.summary
    rows = []
    add = lambda key, text: rows.append(_row(Cell(label(key, lang), cls="th"), text))  # noqa: E731
    horizon = s.get("horizon", {})
    if sc is None:
        add("park_name", s.get("scenario", ""))
    else:
        park, grid = sc["park"], sc.get("grid", {})
        add("park_name", f"{park['name']} {park.get('name_zh', '')}".strip())
        add("location", f"{park['latitude']}, {park['longitude']}, {park['altitude_m']}")
        add("model_year", park["year"])
        add("timestep", park["timestep_minutes"])
        add("grid_connected", label("yes" if grid.get("connected", True) else "no", lang))
        tariff = grid.get("tariff", "")
        if grid.get("import_price_csv"):
            tariff = f"{grid['import_price_csv']} ({label('energy_part', lang)})"
        add("tariff", f"{tariff}; {label('td_' + grid.get('td_basis', 'capacity'), lang)}"
            + ("" if grid.get("export_allowed", True) else f"; {label('no_reverse_flow', lang)}"))
        add("discount_rate", percent(sc.get("finance", {}).get("discount_rate_fraction")))
        for kind, key in (("pv", "pv_max"), ("wind", "wind_max")):
            section = sc.get(kind, {})
            limit = section.get("max_kw")
            add(key, label("no", lang) if not section.get("enabled", True) else
                (f"{limit:,.0f}" if limit is not None else label("unbounded", lang)))
    if horizon:
        add("horizon", f"{horizon['start']} – {horizon['end']} ({horizon['steps']} × {horizon['dt_h']} h)")
        add("year_weight", f"{float(horizon.get('year_weight', 1.0)):.4g}")
    factor = _kpis(rf)["emission_factor"] if rf.optimal else s.get("emission_factor", {})
    if factor:
        add("emission_factor", f"{factor.get('key')}: {factor.get('kg_co2_per_kwh')} kg/kWh "
            f"({factor.get('scope', '')} {factor.get('data_year', '')}; {factor.get('source', '')})")
    rules = [r["rule"] for r in s.get("compliance", [])] or s.get("rules", [])
    add("rules", ", ".join(label(r, lang) for r in rules) or label("none", lang))
    out = [_table([label("item", lang), label("value", lang)], rows)]
    if sc is not None and sc.get("load", {}).get("enterprises"):
        ent = [_row(e["name"], e.get("archetype", ""), _num(e.get("annual_kwh"), "mega"))
               for e in sc["load"]["enterprises"]]
        out.append(_table([label("item", lang), label("archetype", lang),
                           f"{label('annual_kwh', lang).split(' (')[0].split('（')[0]} ({label('u_mwh_per_yr', lang)})"],
                          ent, title=label("enterprises", lang)))
    return out


def _capacities(s: dict, lang: str) -> list[dict]:
    rows = [_row(label(key, lang), _num(value, "mw"), "MWh" if key.endswith("_kwh") else "t" if key.endswith("_kg")
                 else "MW") for key, value in s.get("capacity", {}).items()]
    return [_table([label("item", lang), label("value", lang), label("unit", lang)], rows)]


def _kpi_table(rf: ResultFolder, lang: str) -> list[dict]:
    """Energies per year and, for a short horizon, over the horizon; shares; annual costs and CO2."""
    s, k = rf.summary, rf.year_weight
    short = short_horizon(s)
    kp = _kpis(rf)
    rows = []

    def row(key, per_yr, kind, unit):
        horizon = [_num(per_yr / k if per_yr is not None and k else None, kind, lang)] if short else []
        if unit in ("u_fraction", "u_kw", "u_cny_per_kwh", "u_t_per_tce"):  # not a flow: no horizon sum
            horizon = [Cell("")] * len(horizon)
        rows.append(_row(label(key, lang), _num(per_yr, kind, lang), *horizon, label(unit, lang)))

    for key, value in s["energy"].items():
        if key in ("load_kwh", "re_available_kwh", "re_used_kwh", "re_self_consumed_kwh", "import_kwh",
                   "export_kwh", "curtailed_kwh", "unserved_kwh", "storage_loss_kwh"):
            row(key, value * k, "mega", "u_mwh")
    for key, value in s["ratios"].items():
        row(key, value, "percent", "u_fraction")
    row("direct_green_share", kp["direct_green_share"], "percent", "u_fraction")
    row("clean_share", kp["clean_share"], "percent", "u_fraction")
    row("storage_cycles_per_yr", kp["storage_cycles_per_yr"], "number", "u_cycles")
    row("storage_round_trip_loss_kwh_per_yr", kp["storage_round_trip_loss_kwh_per_yr"], "mega", "u_mwh")
    row("storage_round_trip_efficiency_fraction", kp["storage_round_trip_efficiency_fraction"], "percent", "u_fraction")
    row("peak_import_kw", kp["peak_import_kw"], "mw", "u_mw")
    row("peak_export_kw", kp["peak_export_kw"], "mw", "u_mw")
    row("peak_import_to_declared_fraction", kp["peak_import_to_declared_fraction"], "percent", "u_fraction")
    row("objective_cny_per_yr", s.get("objective_cny_per_yr"), "cny", "u_cny")
    row("lcoe_cny_per_kwh", s.get("lcoe_cny_per_kwh"), "ratio", "u_cny_per_kwh")
    row("cost_of_supply_cny_per_kwh", s.get("cost_of_supply_cny_per_kwh"), "ratio", "u_cny_per_kwh")
    row("co2_t_per_yr", s.get("co2_t_per_yr"), "money", "u_t")
    if kp.get("co2_t_per_tce") is not None:
        row("total_energy_tce_per_yr", kp["total_energy_tce_per_yr"], "money", "u_tce")
        row("co2_total_t_per_yr", kp["co2_total_t_per_yr"], "money", "u_t")
        row("co2_t_per_tce", kp["co2_t_per_tce"], "ratio", "u_t_per_tce")
    header = [label("item", lang), label("per_yr_col", lang)] + ([label("horizon_col", lang)] if short else [])
    out = [_table(header + [label("unit", lang)], rows)]
    table = emission_factors()
    factor_rows = [_row(key, f"{table.loc[key, 'scope']} {int(table.loc[key, 'data_year'])}",
                        _num(table.loc[key, "kg_co2_per_kwh"], "ratio"), _num(value, "money"))
                   for key, value in kp["co2_t_per_yr_by_factor"].items()]
    out.append(_table([label("key", lang), label("item", lang), "kg CO2/kWh", label("u_t_per_yr", lang)],
                      factor_rows, title=label("co2_by_factor", lang)))
    return out


def _baseline(s: dict, lang: str) -> list[dict]:
    """This plan against the grid-only twin of ``summary['baseline']`` (empty when absent); all per year."""
    b = s.get("baseline")
    if not isinstance(b, dict) or "cost_cny_per_yr" not in b:
        return []
    rows = []
    pair = lambda key, mine, theirs, kind, unit: rows.append(  # noqa: E731
        _row(label(key, lang), _num(mine, kind, lang), _num(theirs, kind, lang), label(unit, lang)))
    pair("objective_cny_per_yr", s.get("objective_cny_per_yr"), b.get("cost_cny_per_yr"), "cny", "u_cny_per_yr_word")
    pair("cost_of_supply_cny_per_kwh", s.get("cost_of_supply_cny_per_kwh"), b.get("cost_of_supply_cny_per_kwh"),
         "ratio", "u_cny_per_kwh")
    pair("co2_t_per_yr", s.get("co2_t_per_yr"), b.get("co2_t_per_yr"), "money", "u_t_per_yr")
    pair("grid_connection_kw", s.get("capacity", {}).get("grid_connection_kw"), b.get("grid_connection_kw"),
         "mw", "u_mw")
    for key, kind, unit in (("savings_cny_per_yr", "cny", "u_cny_per_yr_word"),
                            ("extra_cost_of_compliance_cny_per_yr", "cny", "u_cny_per_yr_word"),
                            ("co2_avoided_t_per_yr", "money", "u_t_per_yr"),
                            ("abatement_cost_cny_per_t", "money", "u_cny_per_t")):
        if key in b:
            rows.append(_row(label(key, lang), _num(b[key], kind, lang), "", label(unit, lang)))
    return [_table([label("item", lang), label("optimum", lang), label("grid_only", lang), label("unit", lang)], rows,
                   title=label("baseline", lang))]


def compliance_table(rows: list[dict], lang: str, title: str = "") -> dict:
    """The compliance table (rule, basis, value, sense, limit, margin, result)."""
    kind = lambda rule: {"peak_import_within_declared": "mw", "650_no_reverse_flow": "money",  # noqa: E731
                         "910_co2_per_tce": "ratio"}.get(rule, "percent")  # shares as %, powers in MW
    body = [_row(label(r["rule"], lang), r.get("basis", ""), _num(r["value"], kind(r["rule"])), r["sense"],
                 _num(r["limit"], kind(r["rule"])), _num(r.get("margin"), kind(r["rule"])),
                 Cell(label("pass" if r["ok"] else "fail", lang), cls="result"), cls="pass" if r["ok"] else "fail")
            for r in rows]
    return _table([label(k, lang) for k in ("rule", "basis", "value", "sense", "limit", "margin", "result")],
                  body, "compliance", title)


def _costs(s: dict, lang: str) -> list[dict]:
    cost = s.get("cost_cny_per_yr", {})
    total = cost.get("total") or 0.0
    rows = [_row(label(key, lang), _num(value, "cny", lang), _num(value / total if total else None, "percent"))
            for key, value in cost.items()]
    return [_table([label("item", lang), label("u_cny_per_yr_word", lang), label("share_of_total", lang)], rows)]


_ENTERPRISE_KIND = {"load_kwh": "mega", "green_kwh": "mega", "import_kwh": "mega", "green_share": "percent",
                    "peak_kw": "mw", "bill_cny_per_yr": "cny", "bill_cny_per_kwh": "ratio",
                    "co2_t_per_yr_location_based": "money", "co2_t_per_yr_market_based": "money",
                    "co2_t_per_unit_market_based": "ratio"}
#: column keys of the per-enterprise table, in the order of the cells; labels ``ent_<key>`` in the catalogue
_ENTERPRISE_COLUMNS = ("enterprise", *_ENTERPRISE_KIND)


def _enterprises(s: dict, lang: str) -> dict | None:
    """The per-enterprise section (summary ``enterprises``; rules in docs/enterprises.md), None without one."""
    block = s.get("enterprises") or {}
    if not block.get("rows"):
        return None
    k = float(s.get("horizon", {}).get("year_weight", 1.0))  # energies of the rows are horizon sums: × k per year
    per_yr = lambda c, v: v * k if v is not None and c in ("load_kwh", "green_kwh", "import_kwh") else v  # noqa: E731
    rows = [_row(r["enterprise"], *(_num(per_yr(c, r.get(c)), kind, lang) for c, kind in _ENTERPRISE_KIND.items()),
                 f"/{r['output_unit']}" if r.get("output_unit") else "") for r in block["rows"]]
    rules = block.get("rules", {})
    note = " ".join(f"{key}: {rules[key]}." for key in ("green", "capacity_charge", "bill") if key in rules)
    return {"id": "enterprises", "title": label("enterprises_title", lang),
            "tables": [_table([label(f"ent_{c}", lang) for c in _ENTERPRISE_COLUMNS] + [""], rows,
                              note=f"allocation = {block.get('allocation', '')}. {note}")]}


def _assumptions(rf: ResultFolder, lang: str) -> dict:
    """Every default with the value used, grouped by section (section names in ``lang``), collapsible."""
    sc = rf.scenario or {}
    groups: dict[str, list[dict]] = {}
    entries = all_defaults()
    for entry in entries:
        section, _, name = entry.key.partition(".")
        used = sc.get(section, {}).get(name, None) if isinstance(sc.get(section), dict) else None
        value = entry.value if used is None else used
        mark = f" ({label('overridden', lang)})" if used is not None and used != entry.value else ""
        groups.setdefault(section, []).append(_row(name, f"{value}{mark}", entry.unit, entry.tag, entry.year,
                                                   entry.source, cls="placeholder" if entry.is_placeholder else ""))
    header = [label(k, lang) for k in ("key", "value", "unit", "tag", "year", "source")]
    tables = [_table(header, rows, title=f"{label('sec_' + section, lang)} [{section}]")
              for section, rows in groups.items()]
    return {"id": "assumptions", "title": label("assumptions", lang), "collapsible": True,
            "summary": label("assumptions_summary", lang).format(n=len(entries)),
            "notes": [label("placeholders_note", lang)], "tables": tables}


def _sankey_figure(rf: ResultFolder, lang: str) -> dict:
    """The energy-flow diagram of the year (:mod:`simulator.outputs.sankey`)."""
    flows = sankey.energy_flows(rf.hourly, rf.dt_h, rf.year_weight,
                                (rf.summary.get("enterprises") or {}).get("rows"))
    return {"name": "sankey", "caption": label("sankey_caption", lang), "svg": Markup(sankey.sankey_svg(flows, lang))}


def _sections(rf: ResultFolder, lang: str) -> list[dict]:
    s = rf.summary
    sections = [{"id": "inputs", "title": label("key_inputs", lang), "tables": _key_inputs(rf, lang)}]
    if rf.optimal:
        chart_titles = {"monthly": "chart_monthly", "dry_week": "chart_dry_week", "wet_week": "chart_wet_week",
                        "heatmap": "chart_heatmap", "duration": "chart_duration", "soc": "chart_soc",
                        "costs": "chart_costs", "compliance": "chart_compliance"}
        figures = [_sankey_figure(rf, lang)]
        for name, fig in plots.all_figures(rf.hourly, s, rf.dt_h, lang).items():
            figure = {"name": name, "caption": label(chart_titles[name], lang)}
            if name in ("dry_week", "wet_week"):  # zoomable here; the matplotlib weeks stay for PNG export
                figure.update(svg=Markup(dispatch_week_svg(rf.hourly, name[:3], rf.dt_h, lang)),
                              note=label("week_rule", lang))
            else:
                figure["svg"] = Markup(plots.figure_svg(fig))
            figures.append(figure)
        compliance = [compliance_table(s.get("compliance", []), lang)]
        if s.get("indicators"):
            compliance.append(compliance_table(s["indicators"], lang, label("indicators", lang)))
        sections.append({"id": "capacities", "title": label("capacities", lang), "tables": _capacities(s, lang)})
        if s.get("sites"):  # [[sites]]: one column per site and its direct line
            from simulator.outputs.sites_section import sites_section

            sections.append(sites_section(s, lang))
        sections += [{"id": "compliance", "title": label("compliance", lang), "tables": compliance},
                     {"id": "kpis", "title": label("kpis", lang), "tables": _kpi_table(rf, lang)},
                     {"id": "costs", "title": label("costs", lang), "tables": _costs(s, lang) + _baseline(s, lang)}]
        if s.get("hydrogen"):  # the hydrogen chain ([hydrogen])
            from simulator.outputs.hydrogen_section import hydrogen_section

            sections.append(hydrogen_section(s["hydrogen"], lang))
        enterprises = _enterprises(s, lang)
        if enterprises:
            sections.append(enterprises)
        sections.append({"id": "charts", "title": label("charts", lang), "figures": figures})
        if s.get("heat"):  # process heat and cooling: its own partial (outputs/heat_report.py)
            from simulator.outputs.heat_report import heat_section

            sections.append(heat_section(s, rf.hourly, rf.dt_h, lang))
    else:
        sections.append({"id": "no-solution", "title": label("result", lang), "notes": [label("not_optimal", lang)]})
    if s.get("robustness"):
        from simulator.outputs.robustness_section import robustness_html

        limits = [row["limit"] for row in s.get("compliance", []) if row.get("rule") == "650_green_share"]
        sections.append({"id": "robustness", "title": label("robustness", lang), "own_heading": True,
                         "raw": Markup(robustness_html(s["robustness"], lang, limits[0] if limits else None))})
    if s.get("milestones"):
        from simulator.outputs.robustness_section import milestones_section

        sections.append(milestones_section(s["milestones"], lang))
    sections.append(_assumptions(rf, lang))
    return sections


def _environment():
    """The shared Jinja2 environment (:mod:`simulator.outputs.templating`)."""
    return environment()


def section_html(section: dict, lang: str) -> str:
    """One report section on its own (for checks of a single section)."""
    page = _environment().from_string('{% import "macros.html.j2" as m %}<section id="{{ s.id }}"><h2>{{ s.title }}'
                                      '</h2>{% for t in s.tables %}{{ m.table(t) }}{% endfor %}</section>')
    return page.render(s=section, label=lambda key: label(key, lang))


def build_html(rf: ResultFolder, lang: str = "zh") -> str:
    """The complete HTML document of a result folder in ``lang`` (``zh`` or ``en``), from the Jinja2
    templates in ``simulator/outputs/templates`` (autoescaped; only the inline SVG charts are marked safe)."""
    check_lang(lang)
    s = rf.summary
    return _environment().get_template("report.html.j2").render(
        html_lang="zh-CN" if lang == "zh" else "en", title=label("report_title", lang), css=Markup(CSS),
        scenario=s.get("scenario", ""), status=s.get("status", ""), message=s.get("message"),
        generated=f"{_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC", basis_note=basis_note(s, lang),
        panel=panel(rf, lang) if rf.optimal else None, sections=_sections(rf, lang),
        script=Markup(zoom_script()) if rf.optimal else None,
        label=lambda key: label(key, lang)) + "\n"


def write_report(folder: str | Path, lang: str = "zh", out: str | Path | None = None) -> Path:
    """Write the report of a result folder to ``out`` (default ``<folder>/report_<lang>.html``), atomically."""
    check_lang(lang)
    rf = read_results(folder)
    path = Path(out) if out is not None else Path(folder) / f"report_{lang}.html"
    write_text(build_html(rf, lang), path)
    return path
