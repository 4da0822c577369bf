"""A self-contained HTML report of one result folder (no network needed to open it).

Charts are inline SVG with their text kept as text, so Chinese labels render with the browser's fonts.
Every number sits in a ``<td class="num" data-value="...">`` cell: the ``data-value`` is the raw number
(the same in every language), the cell text its formatted form.
"""
from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path

from simulator.data import all_defaults, emission_factors
from simulator.outputs import plots
from simulator.outputs.data import ResultFolder, read_results
from simulator.outputs.i18n import check_lang, label
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
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _num(value, kind: str = "number") -> str:
    """A numeric cell; ``kind``: number, percent, mega (value/1e3, e.g. kWh -> MWh), money, ratio."""
    if value is None:
        return '<td class="num" data-value="">—</td>'
    v = float(value)
    text = {"percent": f"{v:.1%}", "mega": f"{v / 1e3:,.1f}", "money": f"{v:,.0f}", "ratio": f"{v:,.3f}",
            "number": f"{v:,.2f}"}[kind]
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # "-0.000": a rounding residue, not a negative margin
    return f'<td class="num" data-value="{v!r}">{_e(text)}</td>'


def _table(header: list[str], rows: list[str], cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


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


def _key_inputs(rf: ResultFolder, lang: str) -> str:
    sc, s = rf.scenario, rf.summary
    rows = []
    add = lambda key, text: rows.append(f"<tr><th>{_e(label(key, lang))}</th><td>{_e(text)}</td></tr>")  # noqa: E731
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
            tariff = f"{grid['import_price_csv']} (energy part)"
        add("tariff", f"{tariff}; T&D by {grid.get('td_basis', 'capacity')}"
            + ("" if grid.get("export_allowed", True) else "; no reverse flow"))
        add("discount_rate", f"{sc.get('finance', {}).get('discount_rate_fraction', float('nan')):.1%}")
        for kind, key in (("pv", "pv_max"), ("wind", "wind_max")):
            section = sc.get(kind, {})
            limit = section.get("max_kw")
            add(key, label("no", lang) if not section.get("enabled", True) else
                (f"{limit:,.0f}" if limit is not None else label("unbounded", lang)))
    if horizon:
        add("horizon", f"{horizon['start']} – {horizon['end']} ({horizon['steps']} × {horizon['dt_h']} h)")
    factor = _kpis(rf)["emission_factor"] if rf.optimal else s.get("emission_factor", {})
    if factor:
        add("emission_factor", f"{factor.get('key')}: {factor.get('kg_co2_per_kwh')} kg/kWh "
            f"({factor.get('scope', '')} {factor.get('data_year', '')}; {factor.get('source', '')})")
    rules = [r["rule"] for r in s.get("compliance", [])] or s.get("rules", [])
    add("rules", ", ".join(label(r, lang) for r in rules) or label("none", lang))
    out = _table([label("item", lang), label("value", lang)], rows)
    if sc is not None and sc.get("load", {}).get("enterprises"):
        ent = [f"<tr><td>{_e(e['name'])}</td><td>{_e(e.get('archetype', ''))}</td>{_num(e.get('annual_kwh'), 'money')}</tr>"
               for e in sc["load"]["enterprises"]]
        out += f"<h3>{_e(label('enterprises', lang))}</h3>" + _table(
            [label("item", lang), label("archetype", lang), label("annual_kwh", lang)], ent)
    return out


def _capacities(s: dict, lang: str) -> str:
    rows = []
    for key, value in s.get("capacity", {}).items():
        unit = "kWh" if key.endswith("_kwh") else "kW"
        rows.append(f"<tr><td>{_e(label(key, lang))}</td>{_num(value, 'money')}<td>{unit}</td></tr>")
    return _table([label("item", lang), label("value", lang), label("unit", lang)], rows)


def _kpi_table(rf: ResultFolder, lang: str) -> str:
    s, k = rf.summary, rf.year_weight
    kp = _kpis(rf)
    rows = []
    row = lambda key, value, kind, unit: rows.append(  # noqa: E731
        f"<tr><td>{_e(label(key, lang))}</td>{_num(value, kind)}<td>{_e(label(unit, lang))}</td></tr>")
    for key, value in s["energy"].items():
        if key in ("load_kwh", "re_available_kwh", "re_used_kwh", "re_self_consumed_kwh", "import_kwh",
                   "export_kwh", "curtailed_kwh", "unserved_kwh", "storage_loss_kwh"):
            row(key, value * k, "mega", "u_mwh_per_yr")
    for key, value in s["ratios"].items():
        row(key, value, "percent", "u_fraction")
    row("direct_green_share", kp["direct_green_share"], "percent", "u_fraction")
    row("clean_share", kp["clean_share"], "percent", "u_fraction")
    row("storage_cycles_per_yr", kp["storage_cycles_per_yr"], "number", "u_per_yr")
    row("storage_round_trip_loss_kwh_per_yr", kp["storage_round_trip_loss_kwh_per_yr"], "mega", "u_mwh_per_yr")
    row("storage_round_trip_efficiency_fraction", kp["storage_round_trip_efficiency_fraction"], "percent", "u_fraction")
    row("peak_import_kw", kp["peak_import_kw"], "money", "u_kw")
    row("peak_export_kw", kp["peak_export_kw"], "money", "u_kw")
    row("peak_import_to_declared_fraction", kp["peak_import_to_declared_fraction"], "percent", "u_fraction")
    row("objective_cny_per_yr", s.get("objective_cny_per_yr"), "money", "u_cny_per_yr")
    row("lcoe_cny_per_kwh", s.get("lcoe_cny_per_kwh"), "ratio", "u_cny_per_kwh")
    row("cost_of_supply_cny_per_kwh", s.get("cost_of_supply_cny_per_kwh"), "ratio", "u_cny_per_kwh")
    row("co2_t_per_yr", s.get("co2_t_per_yr"), "money", "u_t_per_yr")
    if kp.get("co2_t_per_tce") is not None:
        row("total_energy_tce_per_yr", kp["total_energy_tce_per_yr"], "money", "u_tce_per_yr")
        row("co2_total_t_per_yr", kp["co2_total_t_per_yr"], "money", "u_t_per_yr")
        row("co2_t_per_tce", kp["co2_t_per_tce"], "ratio", "u_t_per_tce")
    out = _table([label("item", lang), label("value", lang), label("unit", lang)], rows)
    table = emission_factors()
    factor_rows = [f"<tr><td>{_e(key)}</td><td>{_e(table.loc[key, 'scope'])} {int(table.loc[key, 'data_year'])}</td>"
                   f"{_num(table.loc[key, 'kg_co2_per_kwh'], 'ratio')}{_num(value, 'money')}</tr>"
                   for key, value in kp["co2_t_per_yr_by_factor"].items()]
    out += f"<h3>{_e(label('co2_by_factor', lang))}</h3>" + _table(
        [label("key", lang), label("item", lang), "kg CO2/kWh", label("u_t_per_yr", lang)], factor_rows)
    return out


def _baseline(s: dict, lang: str) -> str:
    """This plan against the grid-only twin of ``summary['baseline']`` (empty when absent)."""
    b = s.get("baseline")
    if not isinstance(b, dict) or "cost_cny_per_yr" not in b:
        return ""
    rows = []
    pair = lambda key, mine, theirs, kind, unit: rows.append(  # noqa: E731
        f"<tr><td>{_e(label(key, lang))}</td>{_num(mine, kind)}{_num(theirs, kind)}<td>{_e(label(unit, lang))}</td></tr>")
    pair("objective_cny_per_yr", s.get("objective_cny_per_yr"), b.get("cost_cny_per_yr"), "money", "u_cny_per_yr")
    pair("cost_of_supply_cny_per_kwh", s.get("cost_of_supply_cny_per_kwh"), b.get("cost_of_supply_cny_per_kwh"),
         "ratio", "u_cny_per_kwh")
    pair("co2_t_per_yr", s.get("co2_t_per_yr"), b.get("co2_t_per_yr"), "money", "u_t_per_yr")
    pair("grid_connection_kw", s.get("capacity", {}).get("grid_connection_kw"), b.get("grid_connection_kw"),
         "money", "u_kw")
    for key, kind, unit in (("savings_cny_per_yr", "money", "u_cny_per_yr"),
                            ("extra_cost_of_compliance_cny_per_yr", "money", "u_cny_per_yr"),
                            ("co2_avoided_t_per_yr", "money", "u_t_per_yr"),
                            ("abatement_cost_cny_per_t", "money", "u_cny_per_t")):
        if key in b:
            rows.append(f"<tr><td>{_e(label(key, lang))}</td>{_num(b[key], kind)}<td></td>"
                        f"<td>{_e(label(unit, lang))}</td></tr>")
    return f"<h3>{_e(label('baseline', lang))}</h3>" + _table(
        [label("item", lang), label("optimum", lang), label("grid_only", lang), label("unit", lang)], rows)


def compliance_rows_html(rows: list[dict], lang: str) -> str:
    """The compliance table (rule, basis, value, sense, limit, margin, result) as HTML."""
    body = []
    for r in rows:
        ok = bool(r["ok"])
        body.append(f'<tr class="{"pass" if ok else "fail"}"><td>{_e(label(r["rule"], lang))}</td>'
                    f'<td>{_e(r.get("basis", ""))}</td>{_num(r["value"], "ratio")}<td>{_e(r["sense"])}</td>'
                    f'{_num(r["limit"], "ratio")}{_num(r.get("margin"), "ratio")}'
                    f'<td class="result">{_e(label("pass" if ok else "fail", lang))}</td></tr>')
    return _table([label(k, lang) for k in ("rule", "basis", "value", "sense", "limit", "margin", "result")],
                  body, "compliance")


def _costs(s: dict, lang: str) -> str:
    cost = s.get("cost_cny_per_yr", {})
    total = cost.get("total") or 0.0
    rows = [f"<tr><td>{_e(label(key, lang))}</td>{_num(value, 'money')}"
            f"{_num(value / total if total else None, 'percent')}</tr>" for key, value in cost.items()]
    return _table([label("item", lang), label("u_cny_per_yr", lang), label("share_of_total", lang)], rows)


_ENTERPRISE_HEADER = {  # (zh, en) column labels of the per-enterprise table
    "enterprise": ("企业", "Enterprise"), "load_kwh": ("用电量 MWh", "Load MWh"),
    "green_kwh": ("绿电 MWh", "Green MWh"), "green_share": ("绿电占比", "Green share"),
    "import_kwh": ("网购电 MWh", "Grid MWh"), "peak_kw": ("最大负荷 kW", "Peak kW"),
    "bill_cny_per_yr": ("电费 元/年", "Bill CNY/yr"), "bill_cny_per_kwh": ("电价 元/kWh", "CNY/kWh"),
    "co2_t_per_yr_location_based": ("CO2 t/年(区域)", "CO2 t/yr (location)"),
    "co2_t_per_yr_market_based": ("CO2 t/年(市场)", "CO2 t/yr (market)"),
    "co2_t_per_unit_market_based": ("单位产品电力CO2 t", "Electricity CO2 t/unit (market)"),
}
_ENTERPRISE_KIND = {"load_kwh": "mega", "green_kwh": "mega", "import_kwh": "mega", "green_share": "percent",
                    "peak_kw": "money", "bill_cny_per_yr": "money", "bill_cny_per_kwh": "ratio",
                    "co2_t_per_yr_location_based": "money", "co2_t_per_yr_market_based": "money",
                    "co2_t_per_unit_market_based": "ratio"}
_ENTERPRISE_TITLE = ("各企业绿电、电费与碳排放", "Green power, bill and CO2 by enterprise")


def _enterprises(s: dict, lang: str) -> str:
    """The per-enterprise table (summary ``enterprises``; rules in docs/enterprises.md)."""
    block = s.get("enterprises") or {}
    if not block.get("rows"):
        return ""
    i = 0 if lang == "zh" else 1
    rows = [f"<tr><td>{_e(r['enterprise'])}</td>" + "".join(_num(r.get(c), k) for c, k in _ENTERPRISE_KIND.items())
            + (f"<td>/{_e(r['output_unit'])}</td>" if r.get("output_unit") else "<td></td>") + "</tr>"
            for r in block["rows"]]
    rules = block.get("rules", {})
    note = " ".join(f"{key}: {rules[key]}." for key in ("green", "capacity_charge", "bill") if key in rules)
    return (f'<h2 id="enterprises">{_e(_ENTERPRISE_TITLE[i])}</h2>'
            + _table([_ENTERPRISE_HEADER[c][i] for c in ("enterprise", *_ENTERPRISE_KIND)] + [""], rows)
            + f'<p class="note">allocation = {_e(block.get("allocation", ""))}. {_e(note)}</p>')


def _assumptions(rf: ResultFolder, lang: str) -> str:
    sc = rf.scenario or {}
    rows = []
    for entry in all_defaults():
        section, _, name = entry.key.partition(".")
        used = sc.get(section, {}).get(name, None) if isinstance(sc.get(section), dict) else None
        value = entry.value if used is None else used
        mark = f" ({label('overridden', lang)})" if used is not None and used != entry.value else ""
        cls = ' class="placeholder"' if entry.is_placeholder else ""
        rows.append(f"<tr{cls}><td>{_e(entry.key)}</td><td>{_e(value)}{_e(mark)}</td><td>{_e(entry.unit)}</td>"
                    f"<td>{_e(entry.tag)}</td><td>{entry.year}</td><td>{_e(entry.source)}</td></tr>")
    return (f'<p class="note">{_e(label("placeholders_note", lang))}</p>'
            + _table([label(k, lang) for k in ("key", "value", "unit", "tag", "year", "source")], rows))


def build_html(rf: ResultFolder, lang: str = "zh") -> str:
    """The complete HTML document of a result folder in ``lang`` (``zh`` or ``en``)."""
    check_lang(lang)
    s = rf.summary
    title = label("report_title", lang)
    parts = [f"<h1>{_e(title)}</h1>",
             f'<p>{_e(label("scenario", lang))}: <b>{_e(s.get("scenario", ""))}</b> · {_e(label("status", lang))}: '
             f'<b>{_e(s.get("status", ""))}</b> · {_e(label("generated", lang))}: '
             f'{_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC</p>']
    if s.get("message"):
        parts.append(f'<p class="note">{_e(s["message"])}</p>')
    parts += [f'<h2 id="inputs">{_e(label("key_inputs", lang))}</h2>', _key_inputs(rf, lang)]
    if rf.optimal:
        figures = plots.all_figures(rf.hourly, s, rf.dt_h, lang)
        svg = {name: plots.figure_svg(fig) for name, fig in figures.items()}
        chart_titles = {"monthly": "chart_monthly", "dry_week": "chart_dry_week", "wet_week": "chart_wet_week",
                        "heatmap": "chart_heatmap", "duration": "chart_duration", "soc": "chart_soc",
                        "costs": "chart_costs", "compliance": "chart_compliance"}
        parts += [f'<h2 id="capacities">{_e(label("capacities", lang))}</h2>', _capacities(s, lang),
                  f'<h2 id="compliance">{_e(label("compliance", lang))}</h2>',
                  compliance_rows_html(s.get("compliance", []), lang)]
        if s.get("indicators"):
            parts += [f"<h3>{_e(label('indicators', lang))}</h3>", compliance_rows_html(s["indicators"], lang)]
        parts += [f'<h2 id="kpis">{_e(label("kpis", lang))}</h2>', _kpi_table(rf, lang),
                  f'<h2 id="costs">{_e(label("costs", lang))}</h2>', _costs(s, lang), _baseline(s, lang),
                  _enterprises(s, lang), f'<h2 id="charts">{_e(label("charts", lang))}</h2>']
        for name, text in svg.items():
            parts.append(f'<figure id="fig-{name}"><figcaption>{_e(label(chart_titles[name], lang))}'
                         f"</figcaption>{text}</figure>")
    else:
        parts.append(f'<p class="note">{_e(label("not_optimal", lang))}</p>')
    if s.get("robustness"):
        from simulator.outputs.robustness_section import robustness_html

        limits = [row["limit"] for row in s.get("compliance", []) if row.get("rule") == "650_green_share"]
        parts.append(robustness_html(s["robustness"], lang, limits[0] if limits else None))
    if s.get("milestones"):
        from simulator.outputs.robustness_section import milestones_html

        parts.append(milestones_html(s["milestones"], lang))
    parts += [f'<h2 id="assumptions">{_e(label("assumptions", lang))}</h2>', _assumptions(rf, lang)]
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)} – {_e(s.get('scenario', ''))}</title><style>{CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>\n")


def write_report(folder: str | Path, lang: str = "zh", out: str | Path | None = None) -> Path:
    """Write the report of a result folder to ``out`` (default ``<folder>/report_<lang>.html``), atomically."""
    check_lang(lang)
    rf = read_results(folder)
    path = Path(out) if out is not None else Path(folder) / f"report_{lang}.html"
    write_text(build_html(rf, lang), path)
    return path
