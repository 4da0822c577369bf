"""`zcpark report DIR` and the report step of `zcpark run`, through the CLI entry point."""
from __future__ import annotations

import html
import json
import re
import shutil

import openpyxl
import pytest

from simulator.cli import main
from simulator.cli.report import compliance_lines

from park_fixtures import smelter_week_toml

WEEK = smelter_week_toml("report_cli_week")


def test_report_command_writes_html_and_workbook(small_dir, tmp_path, capsys):
    folder = tmp_path / "copy"
    shutil.copytree(small_dir, folder)
    assert main(["report", str(folder), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "report_en.html" in out and "results_en.xlsx" in out
    assert "Compliance with policy rules" in (folder / "report_en.html").read_text(encoding="utf-8")
    assert openpyxl.load_workbook(folder / "results_en.xlsx").sheetnames[0] == "Summary"
    assert main(["report", str(folder), "--lang", "zh", "--no-excel"]) == 0
    assert "政策合规性" in (folder / "report_zh.html").read_text(encoding="utf-8")
    assert main(["report", str(folder), "--lang", "zh"]) == 0  # both languages kept side by side
    assert {"results_zh.xlsx", "results_en.xlsx", "report_zh.html", "report_en.html"} <= {p.name for p in folder.iterdir()}
    assert openpyxl.load_workbook(folder / "results_zh.xlsx")["汇总"]["A1"].value == "键"
    assert openpyxl.load_workbook(folder / "results_en.xlsx")["Summary"]["A1"].value == "Key"


def test_report_command_on_a_folder_without_summary_is_one_readable_error(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "summary.json" in err and "Traceback" not in err


@pytest.mark.parametrize("extra, expect_report", [([], True), (["--no-report"], False)])
def test_run_writes_report_and_workbook_by_default(extra, expect_report, tmp_path, capsys):
    scenario = tmp_path / "week.toml"
    scenario.write_text(WEEK, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out), "--lang", "en", *extra]) == 0
    stdout = capsys.readouterr().out
    assert (out / "report_en.html").exists() == expect_report
    assert (out / "results_en.xlsx").exists() == expect_report
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert json.loads((out / "scenario.json").read_text(encoding="utf-8"))["park"]["name"] == "report_cli_week"
    for row in summary["compliance"]:  # the terminal table shows rule, margin and legal basis
        line = next(x for x in stdout.splitlines() if row["rule"] in x)
        assert ("margin" in line or "at the limit" in line) and row["basis"] in line
        assert "-0.0" not in line
        assert ("PASS" if row["ok"] else "FAIL") in line


def test_compliance_lines_colour_by_result():
    summary = {"compliance": [{"rule": "650_feed_in", "basis": "650号", "value": 0.25, "limit": 0.2, "sense": "<=",
                               "margin": -0.05, "ok": False}],
               "indicators": [{"rule": "910_co2_per_tce", "basis": "910号", "value": 0.1, "limit": 0.2, "sense": "<=",
                               "margin": 0.1, "ok": True}]}
    red_green = lambda text, ok: f"\033[{32 if ok else 31}m{text}\033[0m"  # noqa: E731
    lines = compliance_lines(summary, red_green)
    assert lines[0].strip().startswith("\033[31mFAIL") and "margin -5.0 pp" in lines[0]
    assert lines[1].strip().startswith("\033[32mPASS") and "(checked)" in lines[1]
    assert re.search(r"25\.0 % <= 20\.0 %", lines[0])
    assert re.search(r"0\.100 t/tce <= 0\.200 t/tce", lines[1])


def test_infeasible_run_still_writes_a_report_naming_the_rules(tmp_path, capsys):
    scenario = tmp_path / "week.toml"
    scenario.write_text(WEEK.replace("max_kw = 60000", "max_kw = 100").replace("max_kw = 20000", "max_kw = 100"),
                        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out), "--lang", "en"]) == 2
    capsys.readouterr()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    text = (out / "report_en.html").read_text(encoding="utf-8")
    assert summary["status"] == "infeasible" and summary["message"] in html.unescape(text)
    assert "no optimal solution" in text
    assert openpyxl.load_workbook(out / "results_en.xlsx").sheetnames == ["Summary", "Compliance"]
