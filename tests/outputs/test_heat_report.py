"""The heat section of the report (its own partial) and the workbook's heat sheet, zh and en, on a 玉溪 week."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from simulator.outputs.sheets import sheet_name
from simulator.outputs.data import read_results
from simulator.outputs.excel import write_workbook
from simulator.outputs.heat_report import heat_dispatch_figure, heat_section, heat_week
from simulator.outputs.html import write_report

SCENARIO = Path(__file__).parents[2] / "scenarios" / "yuxi_tobacco_steam.toml"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from simulator.results.run import run
    from simulator.scenario.loader import load_scenario

    out = tmp_path_factory.mktemp("yuxi") / "run"
    run(load_scenario(SCENARIO, overrides={"park.start": "2026-01-05", "park.days": 7})).write(out)
    return out


def section_html_of(section: dict) -> str:
    """The section as report.html.j2 renders one without own heading (id, title, raw body)."""
    return f'<section id="{section["id"]}"><h2>{section["title"]}</h2>\n{section["raw"]}'


def _section(html: str) -> str:
    start = html.index('<section id="heat">')
    return html[start:html.index("</section>", start)]


def test_heat_section_in_both_languages_with_the_summary_numbers(folder, tmp_path):
    rf = read_results(folder)
    zh = _section(write_report(folder, "zh", tmp_path / "zh.html").read_text(encoding="utf-8"))  # hooked in
    en = section_html_of(heat_section(rf.summary, rf.hourly, rf.dt_h, "en"))
    no_svg = lambda text: re.sub(r"<svg.*?</svg>", "", text, flags=re.S)  # noqa: E731 - clip ids are random
    assert no_svg(zh) == no_svg(section_html_of(heat_section(rf.summary, rf.hourly, rf.dt_h, "zh")))
    assert "分能源品种碳排放" in zh and "CO2 by energy carrier" in en and "<svg" in zh
    values = [float(v) for v in re.findall(r'data-value="([^"]*)"', en) if v]
    assert values == [float(v) for v in re.findall(r'data-value="([^"]*)"', zh) if v]
    heat = read_results(folder).summary["heat"]
    for number in (heat["fuel_co2_t_per_yr"], heat["co2_t_per_yr"]["electricity"], heat["electrified_fraction"],
                   *heat["capacity_kw"].values(), *heat["demand_mwh_per_yr"].values()):
        assert any(v == pytest.approx(number, rel=1e-12, abs=1e-12) for v in values), number


def test_heat_sheet_holds_the_summary_block(folder, tmp_path):
    heat = read_results(folder).summary["heat"]
    for lang, word in (("zh", "分能源品种 CO2"), ("en", "CO2 by energy carrier")):
        wb = openpyxl.load_workbook(write_workbook(folder, lang, tmp_path / f"{lang}.xlsx"))
        rows = [r for r in wb[sheet_name("heat", lang)].iter_rows(min_row=2, values_only=True) if r[0]]
        co2 = [r for r in rows if r[0] == "co2_t_per_yr"]
        assert word in co2[0][1]
        assert sum(r[3] for r in co2) == pytest.approx(sum(heat["co2_t_per_yr"].values()), rel=1e-12)
        supply = {r[2]: r[3] for r in rows if r[0] == "supply_mwh_per_yr"}
        assert supply == pytest.approx(heat["supply_mwh_per_yr"], rel=1e-12)


def test_dispatch_chart_shows_a_closed_heat_balance(folder):
    rf = read_results(folder)
    heat = rf.summary["heat"]
    week = heat_week(rf.hourly, rf.dt_h)
    for c in heat["demand_mwh_per_yr"]:
        supply = sum(week[f"heat_{n}_kw"] for n, r in heat["technologies"].items() if r["carrier"] == c)
        net = sum(week[f"heat_storage_{n}_discharge_kw"] - week[f"heat_storage_{n}_charge_kw"]
                  for n, carrier in heat["storage_carrier"].items() if carrier == c)
        peak = week[f"heat_demand_{c}_kw"].max()
        np.testing.assert_allclose(supply + net, week[f"heat_demand_{c}_kw"], atol=1e-6 * peak)
    fig = heat_dispatch_figure(rf.hourly, rf.summary, rf.dt_h, "zh")
    assert len(fig.axes) == len(heat["demand_mwh_per_yr"])


def test_heat_by_enterprise_table_and_workbook_units(folder, tmp_path):
    rf = read_results(folder)
    section = heat_section(rf.summary, rf.hourly, rf.dt_h, "en")
    html = str(section["raw"])
    assert "Heat by enterprise" in html and "Fuel (GJ/yr)" in html
    rows = rf.summary["enterprises"]["rows"]
    values = [float(v) for v in re.findall(r'data-value="([^"]*)"', html) if v]
    for r in rows:
        assert any(v == pytest.approx(r["heat_cny_per_yr"], rel=1e-12, abs=1e-9) for v in values)
    wb = openpyxl.load_workbook(write_workbook(folder, "en", tmp_path / "en.xlsx"))
    header = [c.value for c in wb[sheet_name("enterprises", "en")][1]]
    assert "Fuel (GJ/yr)" in header and "CO2 total (electricity + fuel) (t/yr)" in header
