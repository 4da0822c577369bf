"""results_zh.xlsx is Chinese and results_en.xlsx English throughout: sheet names and header rows.

A key column (``summary`` sheet column A, ``compliance`` column A) keeps the output contract's names on
purpose; everything a planner reads as a label is from the catalogue. The per-technology columns of a park
with PV types and storage technologies are named by pattern, keeping the technology's own name.
"""
from __future__ import annotations

import openpyxl
import pytest

from simulator.outputs.excel import SHEETS, write_workbook
from simulator.outputs.i18n import LABELS
from simulator.outputs.sheets import SHEET_NAME_MAX, column_label, sheet_name, value_label

from workbook_language import CJK, assert_in_language

#: two PV types and two storage technologies on three days of the small park (about a second to solve)
TYPES = {"park.days": 3,
         "pv.types": [{"name": "rooftop", "area_m2": 100_000, "kw_per_m2": 0.2, "capex_cny_per_kw": 3000},
                      {"name": "tracker", "mounting": "single_axis", "max_kw": 15_000}],
         "storage.types": [{"name": "lfp_4h", "technology": "lfp_4h"},
                           {"name": "flow", "technology": "vanadium_flow"}]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_park_workbook_is_in_one_language(small_dir, tmp_path, lang):
    path = write_workbook(small_dir, lang, tmp_path / f"results_{lang}.xlsx")
    texts = assert_in_language(path, lang)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [sheet_name(key, lang) for key in SHEETS]
    assert len(texts) > 80  # every header of the seven sheets was looked at
    hourly = wb[sheet_name("hourly", lang)]
    bands = {row[-1] for row in hourly.iter_rows(min_row=2, values_only=True)}
    assert bands and (all(CJK.search(b) for b in bands) if lang == "zh" else bands <= {"peak", "flat", "valley"})


def test_sheet_names_fit_excel_and_the_zh_names_are_chinese():
    for key in SHEETS + ("robustness", "milestones"):
        zh, en = sheet_name(key, "zh"), sheet_name(key, "en")
        assert 0 < len(zh) <= SHEET_NAME_MAX and 0 < len(en) <= SHEET_NAME_MAX
        assert CJK.search(zh) and not CJK.search(en)
    assert [sheet_name(k, "zh") for k in ("summary", "hourly", "monthly", "compliance", "costs", "enterprises")] \
        == ["汇总", "逐时调度", "月度", "合规", "成本", "企业分摊"]
    LABELS["sheet_bad"] = ("汇总/年", "Summary")
    try:
        with pytest.raises(ValueError, match="not allowed by Excel"):
            sheet_name("bad", "zh")
    finally:
        del LABELS["sheet_bad"]


def test_per_technology_columns_are_named_by_pattern():
    assert column_label("pv_rooftop_available_kw", "zh") == "光伏（rooftop）可用出力"
    assert column_label("pv_rooftop_kw", "en") == "PV (rooftop)"
    assert column_label("storage_lfp_4h_soc_kwh", "zh") == "储能（磷酸铁锂 4 h）荷电状态"
    assert column_label("storage_flow_discharge_kwh_per_yr", "en") == "Storage (flow) discharge"
    assert column_label("heat_storage_tank_charge_kw", "en") == "Heat store (tank) charge"
    assert column_label("heat_demand_steam_kw", "zh") == "热负荷（steam）"
    assert column_label("heat_boiler_kw", "en") == "Heat supply (boiler)"
    assert column_label("storage_charge_kw", "zh") == LABELS["storage_charge_kw"][0]  # the catalogue first
    assert column_label("something_new", "zh") == "something_new"  # never dropped
    assert value_label("band", "dry:peak", "zh") == "枯水期：峰" and value_label("band", "dry:peak", "en") == "dry season:peak"
    assert value_label("band", "super_off", "zh") == "super_off"


def test_park_with_pv_types_and_storage_technologies(solve_small, tmp_path):
    folder = solve_small(TYPES)
    for lang, rooftop in (("zh", "光伏（rooftop）"), ("en", "PV (rooftop)")):
        path = write_workbook(folder, lang, tmp_path / f"results_{lang}.xlsx")
        texts = assert_in_language(path, lang)
        wb = openpyxl.load_workbook(path)
        hourly_header = [c.value for c in wb[sheet_name("hourly", lang)][1]]
        assert any(h.startswith(rooftop) for h in hourly_header), hourly_header
        assert any("flow" in t for t in texts)
        items = [r[1] for r in wb[sheet_name("capacities", lang)].iter_rows(min_row=2, values_only=True)]
        assert column_label("storage_lfp_4h_kwh", lang) in items and rooftop in items
