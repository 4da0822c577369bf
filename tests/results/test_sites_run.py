"""A park with two generation sites through the whole pipeline: resource at each site, the solve, the
files, the report and the workbook; every number recomputed from the written hourly table."""
from __future__ import annotations

import copy
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from park_fixtures import SMALL_PARK
from simulator.outputs.sheets import sheet_name
from simulator.outputs.excel import write_workbook
from simulator.outputs.html import write_report
from simulator.outputs.i18n import label
from simulator.results import kpi
from simulator.results.run import run
from simulator.scenario import scenario_from_dict
from tolerance import solver_atol

SITES = [
    {"name": "ridge", "latitude": 25.2, "longitude": 102.9, "altitude_m": 2500, "distance_km": 40,
     "wind": {"max_kw": 60_000, "mean_speed_hub_m_per_s": 8.0}},
    {"name": "valley", "distance_km": 15, "loss_fraction": 0.01, "line_max_mw": 25,
     "pv": {"max_kw": 40_000, "capex_cny_per_kw": 2_500}},
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    raw = copy.deepcopy(SMALL_PARK)
    raw["park"]["days"] = 3
    raw["sites"] = copy.deepcopy(SITES)
    raw["storage"] = {"types": [{"name": "park_lfp", "technology": "lfp_2h"},
                                {"name": "valley_lfp", "technology": "lfp_2h", "site": "valley"}]}
    result = run(scenario_from_dict(raw))
    assert result.status == "optimal", result.summary["message"]
    out = tmp_path_factory.mktemp("sites")
    result.write(out)
    return out


def test_site_energy_and_compliance_recomputed_from_the_files(folder):
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    h = pd.read_csv(folder / "hourly.csv", index_col=0)
    dt = s["horizon"]["dt_h"]
    scale = kpi.balance_scale_kw(h)
    assert s["checks"]["balance_ok"] and s["checks"]["site_balance_ok"]
    # each line: delivered = (1 - λ) sent, λ = 3 %/100 km x 40 km (110 kV default) and the fixed 1 %
    for site, loss in (("ridge", 0.03 * 40 / 100), ("valley", 0.01)):
        assert s["sites"][site]["loss_fraction"] == pytest.approx(loss)
        np.testing.assert_allclose(h[f"line_{site}_delivered_kw"], (1 - loss) * h[f"line_{site}_send_kw"], rtol=1e-12)
        assert h[f"line_{site}_send_kw"].max() <= s["capacity"][f"line_{site}_kw"] + solver_atol(scale)
    assert s["capacity"]["line_valley_kw"] <= 25_000 + solver_atol(scale)
    # the valley's sent power = its PV + its storage's discharge − charge (eq. L2)
    valley = h["site_valley_pv_kw"] + h["storage_valley_lfp_discharge_kw"] - h["storage_valley_lfp_charge_kw"]
    np.testing.assert_allclose(h["line_valley_send_kw"], valley, atol=solver_atol(scale))
    # delivered green of both sites = generation − curtailment − storage losses at the site − line losses
    sites = [c for c in h.columns if c.startswith("site_") and c.endswith("_available_kw")]
    generation = sum(h[c] for c in sites).sum() * dt
    curtailed = sum(h[c] - h[c.replace("_available_kw", "_kw")] for c in sites).sum() * dt
    stored = (h["storage_valley_lfp_charge_kw"] - h["storage_valley_lfp_discharge_kw"]).sum() * dt
    delivered = s["energy"]["line_delivered_kwh"]
    assert delivered == pytest.approx(generation - curtailed - stored - s["energy"]["line_loss_kwh"],
                                      abs=solver_atol(scale) * len(h) * dt)
    # 650号 ratios: self-consumed green at the park over available generation counted at the sites too
    self_consumed = (h["load_kw"] - h["import_kw"] - h["unserved_kw"]).sum() * dt
    available = (h["pv_available_kw"] + h["wind_available_kw"]).sum() * dt
    assert s["ratios"]["self_consumption"] == pytest.approx(self_consumed / available, rel=1e-9)
    assert s["ratios"]["green_share"] == pytest.approx(self_consumed / (h["load_kw"].sum() * dt), rel=1e-9)
    assert s["cost_cny_per_yr"]["line_capex"] > 0
    assert s["objective_cny_per_yr"] == pytest.approx(s["cost_cny_per_yr"]["total"], rel=1e-9)
    # the enterprises' bills carry the lines too, and green to the enterprises is what reaches the park
    park = s["enterprises"]["park"]
    # (storage wear is not allocated to the bills on main either: it is left out of this sum)
    wear = s["cost_cny_per_yr"].get("storage_wear", 0.0)
    assert park["bills_cny_per_yr"] == pytest.approx(park["cost_total_less_unserved_penalty_cny_per_yr"] - wear,
                                                     rel=1e-9)
    # (green to load = S + grid not to load − grid-charged discharge to load; docs/enterprises.md)
    expected = self_consumed + park["grid_not_to_load_kwh"] - park["grid_charged_discharge_to_load_kwh"]
    assert park["green_kwh"] == pytest.approx(expected, abs=solver_atol(scale) * len(h) * dt)


def test_report_and_workbook_show_each_site_and_line(folder, tmp_path):
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    line_mw = s["capacity"]["line_ridge_kw"] / 1000
    text = write_report(folder, "en", tmp_path / "en.html").read_text(encoding="utf-8")
    assert "Generation sites and direct lines" in text and f"{line_mw:,.1f}" in text
    assert label("sites", "zh") == "电源点与专线" and label("site_line_mw", "zh") == "专线容量 (MW)"
    # columns and capacities named after a site get labels in both languages (i18n.SITE_PATTERNS)
    assert label("line_ridge_kw", "zh") == "专线 ridge 容量" and label("line_ridge_kw", "en") == "Line ridge: capacity"
    assert label("site_valley_pv_available_kw", "zh") == "电源点 valley 光伏可用出力"
    wb = openpyxl.load_workbook(write_workbook(folder, "en", tmp_path / "r.xlsx"))
    rows = {r[0]: r for r in wb[sheet_name("sites", "en")].iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in wb[sheet_name("sites", "en")][1]]
    assert rows["line_kw"][header.index("ridge")] == pytest.approx(line_mw, rel=1e-12)
    assert rows["storage_kwh"][header.index("valley")] == pytest.approx(
        s["capacity"]["storage_valley_lfp_kwh"] / 1000, rel=1e-12)
