"""The robustness block of summary.json appears in the HTML report and the workbook."""
from __future__ import annotations

import json

import openpyxl
import pytest

from simulator.cli import main
from simulator.outputs.i18n import label

from park_fixtures import SMALL_PARK_TOML as SMALL
from workbook_language import assert_in_language


def test_robustness_section_in_report_and_workbook(tmp_path):
    scenario = tmp_path / "small.toml"
    scenario.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "rob"
    assert main(["robustness", str(scenario), "--years", "2", "--out", str(out)]) == 0
    block = json.loads((out / "summary.json").read_text(encoding="utf-8"))["robustness"]
    zh, en = ((out / f"robustness_{lang}.html").read_text(encoding="utf-8") for lang in ("zh", "en"))
    assert "多气象年稳健性" in zh and "Weather-year robustness" in en and "<svg" in zh  # the pages of the command
    assert "满足该规则的年份比例" in zh and ("万元" in zh or "亿元" in zh) and "MCNY" in en  # costs as the reader expects
    assert "rob_" not in zh.replace('id="robustness"', "")  # every label from the catalogue, none left as a key
    assert main(["report", str(out), "--lang", "en"]) == 0
    page = (out / "report_en.html").read_text(encoding="utf-8")
    assert "Weather-year robustness" in page and "Share of years meeting the rule" in page
    assert '<figure id="fig-robustness"><svg' in page
    assert main(["report", str(out), "--lang", "zh"]) == 0
    assert "多气象年稳健性" in (out / "report_zh.html").read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(out / "results_zh.xlsx")["稳健性"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    stats = block["single_year_design"]["evaluation"]["statistics"]["green_share"]
    first = rows[0]
    assert first[3] == pytest.approx(stats["p50"]) and first[4] == pytest.approx(stats["p90"])
    met = [r for r in rows if str(r[1]).endswith(label("650_green_share", "zh"))]
    assert met and met[0][3] == pytest.approx(
        block["single_year_design"]["evaluation"]["probability_met"]["650_green_share"])
    assert_in_language(out / "results_zh.xlsx", "zh")
    for lang in ("zh", "en"):  # `zcpark run` writes both languages
        assert_in_language(out / f"results_{lang}.xlsx", lang)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_milestones_in_run_report_and_workbook(tmp_path):
    scenario = tmp_path / "small.toml"
    text = SMALL + "\n[[load.enterprises]]\nname = \"new_cells\"\narchetype = \"battery_cells\"\n" \
        "annual_kwh = 5.0e7\nstart_year = 2027\n\n[planning]\nmilestones = [2026, 2027]\n"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / "run"
    assert main(["run", str(scenario), "--out", str(out), "--lang", "en"]) == 0
    block = json.loads((out / "summary.json").read_text(encoding="utf-8"))["milestones"]
    assert block["status"] == "optimal" and block["milestones"] == [2026, 2027]
    assert block["periods"][1]["load_kwh"] > block["periods"][0]["load_kwh"]
    for key in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw"):
        assert block["capacity"][1][key] >= block["capacity"][0][key] - 1e-6
    page = (out / "report_en.html").read_text(encoding="utf-8")
    assert "Staged build-out" in page and '<figure id="fig-milestones">' in page
    assert page.index('<figure id="fig-milestones">') < page.index("<svg", page.index('<figure id="fig-milestones">'))
    assert "<th>Built: PV (kW)</th>" in page and "built_pv_kw" not in page  # the table's labels from the catalogue
    assert "<th>当期新增 光伏 (kW)</th>" in (out / "report_zh.html").read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(out / "results_en.xlsx")["Milestones"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [2026, 2027]
    assert rows[1][1] == pytest.approx(block["capacity"][1]["pv_kw"])
    assert rows[1][5] == pytest.approx(block["build"][1]["pv_kw"])
    for lang in ("zh", "en"):  # `zcpark run` writes both languages
        assert_in_language(out / f"results_{lang}.xlsx", lang)
