"""Tornado sensitivity through the batch runner: perturbations, LP monotonicity, load homogeneity."""
from __future__ import annotations

import copy
import tomllib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from simulator.studies.sensitivity import perturbation, run_sensitivity, tornado_study, tornado_table
from simulator.cli import main
from simulator.data import data_path
from simulator.errors import InputError
from park_fixtures import SMALL_PARK, make_scenario

# Two days, PV and wind without upper bounds, so that no capacity bound binds (see the load test).
PARK = """
[park]
name = "tornado_park"
latitude = 25.0
longitude = 102.65
altitude_m = 1889
year = 2026
start = "2026-03-02"
days = 2
[weather]
station = 56778
[[load.enterprises]]
name = "smelter"
archetype = "electrolytic_aluminium"
annual_kwh = 8.76e7
[[load.enterprises]]
name = "factory"
archetype = "electronics_assembly"
annual_kwh = 2.0e7
[storage]
max_duration_h = 8
"""


@pytest.fixture
def park_file(tmp_path):
    path = tmp_path / "park.toml"
    path.write_text(PARK, encoding="utf-8")
    return path


def test_perturbations_scale_the_inputs():
    scenario = make_scenario(copy.deepcopy(SMALL_PARK))
    assert perturbation(scenario, "pv_capex", 1.2) == {"pv.capex_cny_per_kw": pytest.approx(3300.0 * 1.2)}
    st = perturbation(scenario, "storage_capex", 0.8)
    assert st["storage.energy_capex_cny_per_kwh"] == pytest.approx(500 * 0.8)
    assert st["storage.power_capex_cny_per_kw"] == pytest.approx(150 * 0.8)
    grid = perturbation(scenario, "grid_prices", 0.8)
    with data_path("tariffs/yunnan_placeholder.toml").open("rb") as handle:
        prices = tomllib.load(handle)["prices_cny_per_kwh"]
    assert grid["grid.tou_prices_cny_per_kwh"] == {b: pytest.approx(p * 0.8) for b, p in prices.items()}
    assert grid["grid.export_price_cny_per_kwh"] == pytest.approx(0.20 * 0.8)
    load = perturbation(scenario, "load_level", 1.2)["load.enterprises"]
    assert [e["annual_kwh"] for e in load] == [pytest.approx(8.76e7 * 1.2), pytest.approx(2.0e7 * 1.2)]
    assert [e["archetype"] for e in load] == ["electrolytic_aluminium", "electronics_assembly"]
    ghi = perturbation(scenario, "irradiation", 0.8)["weather.monthly_ghi_kwh_per_m2"]
    with data_path("yunnan_stations.csv").open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle).set_index("wmo_id")
    station = table.loc[56778]
    monthly = [c for c in table.columns if "ghi" in c.lower()]
    assert len(monthly) == 12
    assert ghi == [pytest.approx(0.8 * float(station[c])) for c in monthly]
    with pytest.raises(InputError):
        perturbation(scenario, "interest", 1.2)


def test_study_has_a_base_and_two_runs_per_input(park_file):
    study = tornado_study(park_file, ["pv_capex", "grid_prices"], 0.2)
    varied = [(r.varied["sensitivity_input"], r.varied["sensitivity_factor"]) for r in study.runs]
    assert varied == [("base", 1.0), ("pv_capex", 0.8), ("pv_capex", 1.2), ("grid_prices", 0.8), ("grid_prices", 1.2)]
    assert len({r.run_id for r in study.runs}) == 5


def test_tornado_monotone_in_capex_and_homogeneous_in_load(park_file, tmp_path):
    with ThreadPoolExecutor(max_workers=1) as pool:
        tornado = run_sensitivity(park_file, tmp_path / "out", ["pv_capex", "storage_capex", "load_level"], 0.2,
                                  executor=pool)
    runs = tornado.runs
    assert (runs["status"] == "optimal").all() and len(runs) == 7
    t = tornado.table.set_index(["input", "metric"])
    rel = 1e-6
    for name in ("pv_capex", "storage_capex"):
        row = t.loc[(name, "objective_cny_per_yr")]
        # raising a cost coefficient of a variable >= 0 cannot lower an LP optimum
        assert row["low"] <= row["base"] * (1 + rel) and row["base"] <= row["high"] * (1 + rel)
    # optimality of both solutions: (c_high - c_low) . (x_high - x_low) <= 0; only PV's capex moved
    pv = t.loc[("pv_capex", "pv_kw")]
    assert pv["high"] <= pv["low"] + 1e-6
    e, p = t.loc[("storage_capex", "storage_kwh")], t.loc[("storage_capex", "storage_kw")]
    crf = 0.08 / (1 - 1.08 ** -12)  # both capex terms are annualised with the same storage CRF
    dc_e, dc_p = 0.4 * 500 * crf, 0.4 * 150 * crf
    assert dc_e * (e["high"] - e["low"]) + dc_p * (p["high"] - p["low"]) <= 1e-6 * abs(e["base"])
    # the LP is homogeneous in the load when no capacity bound binds: cost scales exactly with it
    load = t.loc[("load_level", "objective_cny_per_yr")]
    assert load["low_change_fraction"] == pytest.approx(-0.2, abs=1e-6)
    assert load["high_change_fraction"] == pytest.approx(0.2, abs=1e-6)
    # the table is the batch summary rearranged
    high = runs[(runs["sensitivity_input"] == "pv_capex") & (runs["sensitivity_factor"] > 1)]
    assert t.loc[("pv_capex", "wind_kw"), "high"] == pytest.approx(float(high["wind_kw"].iloc[0]))
    paths = tornado.write(tmp_path / "out")
    assert [p.name for p in paths] == ["tornado.csv", "tornado.png"]
    assert len(pd.read_csv(paths[0])) == 3 * 6


def test_failed_base_is_reported():
    runs = pd.DataFrame({"sensitivity_input": ["base"], "sensitivity_factor": [1.0], "status": ["error"],
                         "message": ["boom"]})
    with pytest.raises(InputError, match="boom"):
        tornado_table(runs, 0.2)


def test_cli_sensitivity(park_file, tmp_path):
    out = tmp_path / "cli"
    code = main(["sensitivity", str(park_file), "--inputs", "wind_capex", "--out", str(out), "--workers", "1",
                 "--override", "park.days=1", "--no-plot"])
    assert code == 0
    table = pd.read_csv(out / "tornado.csv")
    assert set(table["input"]) == {"wind_capex"} and len(table) == 6
    row = table[table["metric"] == "objective_cny_per_yr"].iloc[0]
    assert row["low"] <= row["base"] * (1 + 1e-6) <= row["high"] * (1 + 1e-6) * (1 + 1e-6)
    assert np.isfinite(row["swing"])
    zh, en = ((out / f"tornado_{lang}.html").read_text(encoding="utf-8") for lang in ("zh", "en"))
    assert "敏感性分析" in zh and "风电投资" in zh and "Sensitivity (tornado)" in en and "Wind capex" in en
    assert main(["sensitivity", str(park_file), "--inputs", "nothing"]) == 1
