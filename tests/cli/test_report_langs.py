"""`zcpark run` writes the report and workbook in both languages; --lang only picks the terminal's.

`zcpark report DIR --lang en` rewrites the English files and leaves the Chinese ones as they are;
`--report-lang zh` writes one language, and the folder then holds no report of an earlier run.
"""
from __future__ import annotations

import re

import openpyxl

from simulator.cli import main
from simulator.outputs.sheets import sheet_name

from park_fixtures import smelter_week_toml

FILES = {"report_zh.html", "report_en.html", "results_zh.xlsx", "results_en.xlsx"}


def test_run_writes_both_languages_and_report_keeps_the_other(tmp_path, capsys):
    scenario = tmp_path / "week.toml"
    scenario.write_text(smelter_week_toml("langs_week", days=2), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out), "--lang", "zh"]) == 0
    shown = capsys.readouterr().out
    assert FILES <= {p.name for p in out.iterdir()}
    # the terminal in Chinese: labels and 万元/亿元, the per-year basis stated
    assert "光伏" in shown and "年化成本" in shown and "MCNY" not in shown and re.search(r"(万元|亿元)/年", shown)
    assert "满足" in shown and "PASS" not in shown
    for lang in ("zh", "en"):
        wb = openpyxl.load_workbook(out / f"results_{lang}.xlsx")
        assert wb.sheetnames[0] == sheet_name("summary", lang)
    assert "政策合规性" in (out / "report_zh.html").read_text(encoding="utf-8")
    assert "Compliance with policy rules" in (out / "report_en.html").read_text(encoding="utf-8")
    zh_before = {name: (out / name).read_bytes() for name in ("report_zh.html", "results_zh.xlsx")}
    en_mtime = (out / "report_en.html").stat().st_mtime_ns
    assert main(["report", str(out), "--lang", "en"]) == 0
    assert (out / "report_en.html").stat().st_mtime_ns >= en_mtime
    assert {name: (out / name).read_bytes() for name in zh_before} == zh_before  # never overwritten
    capsys.readouterr()
    # one language on request: the other language's files of the earlier run are removed with it
    assert main(["run", str(scenario), "--out", str(out), "--report-lang", "en"]) == 0
    shown = capsys.readouterr().out
    names = {p.name for p in out.iterdir()}
    assert {"report_en.html", "results_en.xlsx"} <= names and not names & {"report_zh.html", "results_zh.xlsx"}
    assert "PV " in shown and "MCNY" in shown and "光伏" not in shown  # --lang en is the default
