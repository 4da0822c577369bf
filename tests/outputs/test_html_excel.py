"""HTML report (zh/en, self-contained) and results.xlsx read back with openpyxl."""
from __future__ import annotations

import json
import re

import openpyxl
import pandas as pd
import pytest

from simulator.outputs.excel import SHEETS, write_workbook
from simulator.outputs.sheets import sheet_name
from simulator.outputs.html import write_report
from simulator.outputs.i18n import label


def _data_values(text: str) -> list[str]:
    return re.findall(r'data-value="([^"]*)"', text)


def test_zh_and_en_reports_have_the_same_numbers_and_translated_labels(small_dir, tmp_path):
    zh = write_report(small_dir, "zh", tmp_path / "zh.html").read_text(encoding="utf-8")
    en = write_report(small_dir, "en", tmp_path / "en.html").read_text(encoding="utf-8")
    values = _data_values(zh)
    assert len(values) > 40 and values == _data_values(en)
    for heading in ("主要输入", "政策合规性", "关键指标", "假设与数据来源", "逐月电量平衡"):
        assert heading in zh and heading not in en
    for heading in ("Key inputs", "Compliance with policy rules", "Assumptions and sources"):
        assert heading in en
    assert '<html lang="zh-CN">' in zh


def test_report_content_matches_summary(small_dir, tmp_path):
    summary = json.loads((small_dir / "summary.json").read_text(encoding="utf-8"))
    text = write_report(small_dir, "en", tmp_path / "r.html").read_text(encoding="utf-8")
    table = text[text.index('<table class="compliance">'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr class=") == len(summary["compliance"])
    for row in summary["compliance"]:
        assert f'data-value="{float(row["value"])!r}"' in table
        assert f'data-value="{float(row["margin"])!r}"' in table
    assert f'data-value="{float(summary["capacity"]["storage_kwh"])!r}"' in text
    assert text.count("<svg") >= 8
    if "baseline" in summary:  # the grid-only twin, when the run computed it
        assert "business-as-usual" in text
        assert f'data-value="{float(summary["baseline"]["cost_cny_per_yr"])!r}"' in text
    assert "placeholder" in text  # tag-U defaults are marked
    assert "910_co2_per_tce" not in text or "CO2 per tce" in text  # labels, not raw keys, in the tables


def test_report_is_self_contained(small_dir, tmp_path):
    text = write_report(small_dir, "zh", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<link" not in text and "@import" not in text
    scripts = re.findall(r"<script([^>]*)>", text)  # the zoom script is inlined, nothing is loaded
    assert scripts == [""], scripts
    urls = set(re.findall(r"https?://[^\s\"'<)]+", text))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls  # XML namespaces only
    assert 'src="http' not in text and "url(http" not in text


def test_report_of_an_infeasible_run_still_writes(tmp_path):
    folder = tmp_path / "inf"
    folder.mkdir()
    (folder / "summary.json").write_text(json.dumps({
        "scenario": "x", "status": "infeasible", "message": "rules involved: 650_green_share",
        "rules": ["650_green_share"]}), encoding="utf-8")
    text = write_report(folder, "en").read_text(encoding="utf-8")
    assert "rules involved: 650_green_share" in text and "no optimal solution" in text
    wb = openpyxl.load_workbook(write_workbook(folder))
    assert wb.sheetnames == [sheet_name("summary", "en"), sheet_name("compliance", "en")]


def test_workbook_read_back_matches_summary_and_hourly(default_dir):
    summary = json.loads((default_dir / "summary.json").read_text(encoding="utf-8"))
    hourly = pd.read_csv(default_dir / "hourly.csv", index_col="timestamp")
    wb = openpyxl.load_workbook(write_workbook(default_dir, "en"))
    assert wb.sheetnames == [sheet_name(key, "en") for key in SHEETS]
    wb = {key: wb[sheet_name(key, "en")] for key in SHEETS}
    for ws in wb.values():
        assert ws.freeze_panes == "A2", ws.title
        assert all(ws.column_dimensions[c].width >= 8 for c in "ABC"), ws.title
    values = {row[0]: row[2] for row in wb["summary"].iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in wb["summary"][1]][:4] == ["Key", "Item", "Value", "Unit"]
    assert values["objective_cny_per_yr"] == pytest.approx(summary["objective_cny_per_yr"])
    assert values["energy.load_kwh"] == pytest.approx(summary["energy"]["load_kwh"])
    assert values["ratios.green_share"] == pytest.approx(summary["ratios"]["green_share"])
    assert isinstance(values["kpi.storage_cycles_per_yr"], float)
    caps = {row[0]: row[2] for row in wb["capacities"].iter_rows(min_row=2, values_only=True)}
    assert caps["pv_kw"] == pytest.approx(summary["capacity"]["pv_kw"])
    comp = list(wb["compliance"].iter_rows(min_row=2, values_only=True))
    enforced = [r for r in comp if r[8] is True]
    assert [r[0] for r in enforced] == [r["rule"] for r in summary["compliance"]]
    assert [r[3] for r in enforced] == pytest.approx([r["value"] for r in summary["compliance"]])
    costs = {row[0]: row[2] for row in wb["costs"].iter_rows(min_row=2, values_only=True)}
    assert costs["total"] == pytest.approx(summary["cost_cny_per_yr"]["total"])
    monthly = list(wb["monthly"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in wb["monthly"][1]]
    assert len(monthly) == 12 and header[1] == "Load (kWh)"
    assert sum(r[1] for r in monthly) == pytest.approx(summary["energy"]["load_kwh"], rel=1e-9)
    ws = wb["hourly"]
    header = [c.value for c in ws[1]]
    assert header[0].startswith("Time (") and "Load (kW)" in header and "Grid import (kW)" in header
    assert ws.max_row == len(hourly) + 1 == summary["horizon"]["steps"] + 1
    col = header.index("Load (kW)") + 1
    assert ws.cell(2, col).value == pytest.approx(hourly["load_kw"].iloc[0], abs=1e-6)
    assert ws.cell(ws.max_row, col).value == pytest.approx(hourly["load_kw"].iloc[-1], abs=1e-6)


def test_workbook_languages_differ_only_in_labels(small_dir, tmp_path):
    zh = openpyxl.load_workbook(write_workbook(small_dir, "zh", tmp_path / "zh.xlsx"))
    en = openpyxl.load_workbook(write_workbook(small_dir, "en", tmp_path / "en.xlsx"))
    for name in ("summary", "capacities", "costs"):
        num = lambda wb, lang: [r[2] for r in wb[sheet_name(name, lang)].iter_rows(min_row=2, values_only=True)  # noqa: E731
                                if not isinstance(r[2], str)]
        assert num(zh, "zh") == num(en, "en") and len(num(zh, "zh")) > 3
    assert [c.value for c in zh["汇总"][1]][:4] == ["键", "项目", "数值", "单位"]
    status = {wb_lang: [r[2] for r in wb["汇总" if wb_lang == "zh" else "Summary"].iter_rows(min_row=2, values_only=True)
                        if r[0] == "status"][0] for wb_lang, wb in (("zh", zh), ("en", en))}
    assert status == {"zh": label("status_optimal", "zh"), "en": "optimal"} and status["zh"] != "optimal"
