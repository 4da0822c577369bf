"""The report's front page (summary panel), the stated bases, and both workbooks' labels and number formats.

Numbers are recomputed from ``summary.json`` / ``scenario.json`` (capacities × capex for the investment) and
checked against the finance module's own investment case.
"""
from __future__ import annotations

import html
import json
import re

import openpyxl
import pytest

from simulator.outputs.data import read_results
from simulator.outputs.excel import write_workbook
from simulator.outputs.sheets import sheet_name
from simulator.outputs.html import write_report
from simulator.outputs.i18n import LABELS
from simulator.outputs.summary_panel import investment_cny
from simulator.results.run import run
from simulator.results.write import write_json
from simulator.studies.finance import FinanceParams, investment_summary

from park_fixtures import SMALL_PARK, make_scenario


def _panel(text: str) -> str:
    start = text.index('<section id="summary"')
    return html.unescape(re.sub(r"<[^>]+>", " ", text[start:text.index("</section>", start)]))


def _summary(folder) -> tuple[dict, dict]:
    return (json.loads((folder / "summary.json").read_text(encoding="utf-8")),
            json.loads((folder / "scenario.json").read_text(encoding="utf-8")))


def _money(v: float, lang: str) -> str:
    if lang == "en":
        return f"{v / 1e6:,.2f} MCNY"
    return f"{v / 1e8:,.2f} 亿元" if abs(v) >= 1e8 else f"{v / 1e4:,.1f} 万元"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_panel_opens_the_report_with_the_right_numbers(small_dir, tmp_path, lang):
    s, sc = _summary(small_dir)
    text = write_report(small_dir, lang, tmp_path / f"r_{lang}.html").read_text(encoding="utf-8")
    assert text.index('<section id="summary"') < text.index('<nav id="contents"') < text.index('id="inputs"')
    panel = _panel(text)
    cap = s["capacity"]  # the small park builds new capacity only (nothing existing)
    invest = (cap["pv_kw"] * sc["pv"]["capex_cny_per_kw"] + cap["wind_kw"] * sc["wind"]["capex_cny_per_kw"]
              + cap["storage_kwh"] * sc["storage"]["energy_capex_cny_per_kwh"]
              + cap["storage_kw"] * sc["storage"]["power_capex_cny_per_kw"])
    assert invest > 0 and _money(invest, lang) in panel
    assert abs(invest - s["cost_cny_per_yr"]["capex"]) > 0.05 * invest  # the investment, not the annuity
    k = s["horizon"]["year_weight"]
    per_yr = "/年" if lang == "zh" else "/yr"
    assert f"{_money(s['objective_cny_per_yr'], lang)}{per_yr}" in panel
    assert _money(s["objective_cny_per_yr"] / k, lang) in panel  # the 7-day horizon's own cost beside it
    co2 = s["baseline"]["co2_avoided_t_per_yr"]
    assert f"{co2:,.0f} t{per_yr}" in panel and f"{co2 / k:,.0f} t" in panel
    assert f"{s['cost_of_supply_cny_per_kwh']:.3f}" in panel
    assert f"{cap['pv_kw'] / 1e3:,.2f} MW" in panel and f"{cap['grid_connection_kw'] / 1e3:,.2f} MW" in panel
    for row in s["compliance"]:
        assert f"{100 * row['value']:.1f} %" in panel and f"{100 * row['limit']:.1f} %" in panel
        if abs(row["margin"]) >= 0.0005:
            assert f"{100 * row['margin']:+.1f}" in panel
    assert panel.count("满足" if lang == "zh" else "PASS") >= sum(r["ok"] for r in s["compliance"])
    fin = s["finance"]  # no finance.json in the folder: the run's own figures, default parameters
    assert f"{_money(fin['npv_cny'], lang)} (" in panel and f"{100 * fin['discount_rate_fraction']:.1f} %" in panel
    assert fin["perspective"] == "project_investor" and "zcpark finance" in panel
    assert ("项目投资方" if lang == "zh" else "project investor") in panel  # the perspective is stated


def test_investment_and_finance_indicators_match_the_finance_module(tmp_path):
    result = run(make_scenario(SMALL_PARK, **{"park.days": 3}))
    folder = tmp_path / "run"
    result.write(folder)
    fin, flows = investment_summary(result)
    own = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["finance"]
    for key in ("investment_cny", "npv_cny", "irr_fraction", "payback_yr", "discount_rate_fraction"):
        assert own[key] == pytest.approx(fin[key], rel=1e-9), key  # the run's block is zcpark finance's defaults
    r = own["discount_rate_fraction"]  # NPV recomputed from the cash-flow table by hand
    assert own["npv_cny"] == pytest.approx(sum(cf / (1 + r) ** y for y, cf in flows["cash_flow"].items()), rel=1e-9)
    assert investment_cny(read_results(folder)) == pytest.approx(fin["investment_cny"], rel=1e-9)
    mine, _ = investment_summary(result, FinanceParams(discount_rate_fraction=0.05))  # the user's own parameters
    write_json(mine, folder / "finance.json")
    panel = _panel(write_report(folder, "en").read_text(encoding="utf-8"))
    assert f"{mine['npv_cny'] / 1e6:,.2f} MCNY (Discount rate 5.0 %" in panel
    assert mine["irr_fraction"] is None or f"{100 * mine['irr_fraction']:.1f} %" in panel
    assert "avoided grid cost" in panel and "finance.json" in panel  # the perspective and the source are stated
    write_json({**mine, "investment_cny": mine["investment_cny"] * 1.5}, folder / "finance.json")  # another run's
    panel = _panel(write_report(folder, "en").read_text(encoding="utf-8"))
    assert f"{mine['npv_cny'] / 1e6:,.2f} MCNY" not in panel
    assert f"{own['npv_cny'] / 1e6:,.2f} MCNY (Discount rate 8.0 %" in panel and "default parameters" in panel


def test_short_horizon_states_both_bases_and_the_factor_once(small_dir, tmp_path):
    s, _ = _summary(small_dir)
    k = s["horizon"]["year_weight"]
    text = write_report(small_dir, "zh", tmp_path / "r.html").read_text(encoding="utf-8")
    top = text[:text.index('<section id="summary"')]
    assert "7 天" in top and f"k = {k:.2f}" in top
    assert text.count(f"k = {k:.2f}") == 1
    kpis = text[text.index('<section id="kpis"'):]
    kpis = kpis[:kpis.index("</table>")]
    assert "每年" in kpis and "模拟时段合计" in kpis
    load = s["energy"]["load_kwh"]
    assert f'data-value="{load * k!r}"' in kpis and f'data-value="{load!r}"' in kpis


def test_assumptions_are_collapsible_with_chinese_section_names(small_dir, tmp_path):
    text = write_report(small_dir, "zh", tmp_path / "r.html").read_text(encoding="utf-8")
    section = text[text.index('<section id="assumptions"'):]
    assert "<details>" in section and "<summary>假设与数据来源" in section
    assert "光伏 [pv]" in section and "储能 [storage]" in section


ENGLISH_ONLY = {en for zh, en in LABELS.values() if zh != en}


def _stem(header: str) -> str:
    return re.sub(r"\s*\([^()]*\)$", "", str(header)).strip()


def test_zh_workbook_has_no_english_labels(small_dir, tmp_path):
    wb = openpyxl.load_workbook(write_workbook(small_dir, "zh", tmp_path / "results_zh.xlsx"))
    texts = []
    for ws in wb:
        texts += [c.value for c in ws[1] if c.value is not None]
    for name in ("summary", "capacities", "costs", "compliance"):  # the item column (column B)
        texts += [r[1] for r in wb[sheet_name(name, "zh")].iter_rows(min_row=2, values_only=True) if r[1] is not None]
    assert len(texts) > 60
    wrong = [t for t in texts if _stem(t) in ENGLISH_ONLY or re.search(r"[a-z]+_[a-z]+", _stem(t))]
    assert not wrong, wrong
    wb_en = openpyxl.load_workbook(write_workbook(small_dir, "en", tmp_path / "results_en.xlsx"))
    assert [c.value for c in wb_en["Monthly"][1]][:2] == ["Month", "Load (kWh)"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_numbers_have_number_formats(small_dir, tmp_path, lang):
    s, _ = _summary(small_dir)
    wb = openpyxl.load_workbook(write_workbook(small_dir, lang, tmp_path / f"results_{lang}.xlsx"))
    general = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows(min_row=2) for c in row
               if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and c.number_format == "General"]
    assert not general, general[:10]
    wb = {key: wb[sheet_name(key, lang)] for key in ("summary", "costs", "compliance", "monthly")}
    rows = {r[0].value: r for r in wb["summary"].iter_rows(min_row=2)}
    assert rows["ratios.green_share"][2].number_format == "0.0%"
    assert rows["energy.load_kwh"][2].number_format == "#,##0"
    assert rows["energy.load_kwh"][4].value == pytest.approx(s["energy"]["load_kwh"] * s["horizon"]["year_weight"])
    assert "kWh" in rows["energy.load_kwh"][3].value and ("模拟时段" in rows["energy.load_kwh"][3].value
                                                          or "horizon" in rows["energy.load_kwh"][3].value)
    costs = list(wb["costs"].iter_rows(min_row=2))
    assert {c[3].number_format for c in costs if c[3].value is not None} == {"0.0%"}
    assert {c[2].number_format for c in costs} == {"#,##0"}
    comp = [r for r in wb["compliance"].iter_rows(min_row=2) if r[0].value == "650_green_share"][0]
    assert comp[3].number_format == comp[5].number_format == "0.0%"
    monthly = wb["monthly"]
    assert all(c.number_format == "#,##0" for c in monthly[2][1:])
