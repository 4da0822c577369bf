"""Stable green supply in the report: weather-year robustness (the ``robustness``
block of summary.json) and staged growth (the ``milestones`` block). The workbook's sheets of both
blocks are in :mod:`simulator.outputs.sheets`.

Reads only the summary written by ``zcpark robustness`` (see ``simulator/studies/robustness``): per design, the
P50/P90/min/max of each 650号 ratio and of the annual cost across weather years, the share of years
meeting each rule, the worst month and week, and the robust design's capacities and extra cost.
"""
from __future__ import annotations

import html

from simulator.outputs.i18n import label
from simulator.outputs.sheets import MILESTONE_COLUMNS, milestone_table

#: metric -> (zh, en, kind)
METRICS = {
    "green_share": ("绿电占比", "Green share", "percent"),
    "self_consumption": ("自发自用比例", "Self-consumption", "percent"),
    "feed_in": ("上网比例", "Feed-in", "percent"),
    "curtailment": ("弃电率", "Curtailment", "percent"),
    "cost_total_cny_per_yr": ("年化总成本 (元/年)", "Annual cost (CNY/yr)", "money"),
}
TEXT = {
    "title": ("多气象年稳健性", "Weather-year robustness"),
    "intro": ("同一方案在 {n} 个气象年（{labels}）中的表现；P90 为 90% 的年份不差于该值。",
              "The design in {n} weather years ({labels}); P90 is the value 90 % of years do at least as well as."),
    "single": ("单年优化方案", "Single-year design"),
    "robust": ("稳健方案（每年均满足规则）", "Robust design (rules met in every year)"),
    "metric": ("指标", "Metric"),
    "met": ("满足该规则的年份比例", "Share of years meeting the rule"),
    "extra": ("稳健方案相对单年方案的年均成本差 (元/年)", "Mean annual cost, robust minus single-year design (CNY/yr)"),
    "worst_month": ("最差月份", "Worst month"),
    "worst_week": ("最差一周", "Worst week"),
    "milestones": ("分阶段建设（以荷定源随负荷增长）", "Staged build-out with the load (milestones)"),
    "milestones_intro": ("各里程碑年的装机（只增不减）、当期新增、负荷与绿电占比门槛；后期投资按折现计入。",
                         "Capacities at each milestone (never decreasing), what is built then, the load and the "
                         "green-share threshold; later builds are discounted."),
    "milestone_year": ("年份", "Year"),
}


def _t(key: str, lang: str) -> str:
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def _fmt(value, kind: str) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" if kind == "percent" else f"{value:,.0f}"


def _worst_text(worst: dict, lang: str) -> str:
    """'seed 2028, 2026-03 month, green share 27.2 %' from a worst-month/week record."""
    where = (f"{worst['start']} .. {worst['end']}" if "start" in worst else f"{worst.get('month')}"
             + ("月" if lang == "zh" else " (month)"))
    share = worst.get("green_share")
    tail = f", {METRICS['green_share'][0 if lang == 'zh' else 1]} {share:.1%}" if share is not None else ""
    return f"{worst.get('year', '')}: {where}{tail}"


def _designs(block: dict) -> list[tuple[str, dict]]:
    out = [("single", block["single_year_design"]["evaluation"])]
    robust = block.get("robust_design", {})
    if "evaluation" in robust:
        out.append(("robust", robust["evaluation"]))
    return out


def robustness_html(block: dict, lang: str, green_share_min_fraction: float | None = None) -> str:
    """The report section (heading, explanation, tables, extra cost, worst periods and, when the
    green-share threshold is known, the chart of monthly green share per weather year as inline SVG)."""
    esc = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    parts = [f'<h2 id="robustness">{esc(_t("title", lang))}</h2>',
             f'<p>{esc(_t("intro", lang).format(n=block["n_years"], labels=", ".join(block["labels"])))}</p>']
    head = [_t("metric", lang), "P50", "P90", "min", "max"]
    for name, ev in _designs(block):
        rows = []
        for metric, (zh, en, kind) in METRICS.items():
            stats = ev["statistics"].get(metric)
            if stats is None:
                continue
            cells = "".join(f'<td class="num">{esc(_fmt(stats[k], kind))}</td>' for k in ("p50", "p90", "min", "max"))
            rows.append(f"<tr><td>{esc(zh if lang == 'zh' else en)}</td>{cells}</tr>")
        for rule, share in ev["probability_met"].items():
            rows.append(f"<tr><td>{esc(_t('met', lang))}: {esc(label(rule, lang))}</td>"
                        f'<td class="num">{esc(f"{share:.0%}")}</td><td></td><td></td><td></td></tr>')
        for key in ("worst_month", "worst_week"):
            worst = ev.get(key)
            if worst:
                rows.append(f"<tr><td>{esc(_t(key, lang))}</td><td colspan=\"4\">{esc(_worst_text(worst, lang))}</td></tr>")
        parts.append(f"<h3>{esc(_t(name, lang))}</h3><table><thead><tr>"
                     + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr></thead><tbody>"
                     + "".join(rows) + "</tbody></table>")
    extra = block.get("robust_design", {}).get("extra_cost_cny_per_yr")
    if extra is not None:
        parts.append(f"<p>{esc(_t('extra', lang))}: <b>{esc(f'{extra:,.0f}')}</b></p>")
    if green_share_min_fraction is not None and block["single_year_design"]["evaluation"].get("monthly_green_share"):
        from simulator.outputs.plots import figure_svg
        from simulator.outputs.robustness_plots import monthly_green_share_by_year

        fig = monthly_green_share_by_year(block, green_share_min_fraction, lang)
        parts.append(f'<figure id="fig-robustness">{figure_svg(fig)}</figure>')
    return "".join(parts)


def milestones_html(block: dict, lang: str) -> str:
    """The staged-growth section: table of milestones and a bar chart of installed capacity."""
    esc = lambda v: html.escape(str(v), quote=True)  # noqa: E731
    parts = [f'<h2 id="milestones">{esc(_t("milestones", lang))}</h2>', f"<p>{esc(_t('milestones_intro', lang))}</p>"]
    if block.get("status") != "optimal":
        return "".join(parts) + f'<p class="note">{esc(block.get("status"))}</p>'
    head_texts, table_rows, _ = milestone_table(block, lang)  # the workbook's labels and rows
    head = "".join(f"<th>{esc(h)}</th>" for h in head_texts)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{esc(v if isinstance(v, int) else (f"{v:.2f}" if isinstance(v, float) and v < 1 else f"{v:,.0f}" if v is not None else "—"))}</td>'
        for v in row) + "</tr>" for row in table_rows)
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
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
    parts.append(f'<figure id="fig-milestones">{figure_svg(fig)}</figure>')
    return "".join(parts)
