"""Every park of the scenario library (scenarios/*.toml) runs, is plausible and meets the rules it claims.

Each scenario is solved on a short horizon (14 days from 2026-04-06, dry season, so the sizes and the
rules are those of that fortnight); the load is built for the whole year (cheap, no solve) and compared
with the evidence stated in the scenario's header comment; the resource summary of the run covers the
whole weather year. The evidence bands below repeat the headers (sources: PEOPLE-2023-YN-PV,
SUNSIRS-2023-HUADIAN-PV, PEOPLE-2023-HONGHE-WIND: Yunnan PV about 1,300-1,430 kWh/kWp, wind about 2,500 full-load hours; archetype load factors).
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from simulator import load_scenario, run
from simulator.cli import main as zcpark
from simulator.inputs.load import park_load

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SHORT = {"park.start": "2026-04-06", "park.days": 14}

#: file stem -> evidence stated in the header: PV and wind yield bands [kWh/kW], full-year load factor
#: band, expected annual energy [kWh] (None = not stated), rules that must appear in the compliance table.
EVIDENCE = {
    "anning_battery_park": dict(pv=(1250, 1450), wind=(2300, 2800), lf=(0.75, 0.95), energy=975e6,
                                rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "anning_battery_park_2030": dict(pv=(1250, 1450), wind=(2300, 2800), lf=(0.75, 0.95), energy=975e6,
                                     rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "wenshan_green_aluminium": dict(pv=(1250, 1450), wind=(2300, 2800), lf=(0.93, 1.0), energy=5.41e9,
                                    rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "yuxi_light_industry": dict(pv=(1250, 1500), wind=(2300, 2800), lf=(0.35, 0.75), energy=270e6,
                                rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "kunming_datacentre_electronics": dict(pv=(1250, 1700), wind=(2300, 2800), lf=(0.75, 0.97), energy=578e6,
                                           rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "binchuan_offgrid_hydrogen": dict(pv=(1300, 1550), wind=(2300, 2800), lf=(0.85, 1.0), energy=25e6,
                                      rules={"off_grid_unserved"}),
    "yuxi_tobacco_steam": dict(pv=(1250, 1500), wind=(2300, 2800), lf=(0.35, 0.75), energy=75e6,
                               rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "yuxi_light_industry_ridge_wind": dict(pv=(1250, 1500), wind=(2300, 3300), lf=(0.35, 0.75), energy=270e6,
                                           rules={"650_self_consumption", "650_green_share", "650_feed_in"}),
    "qujing_zero_carbon_park": dict(pv=(1250, 1450), wind=(2300, 2800), lf=(0.6, 0.95), energy=400e6,
                                    rules={"650_self_consumption", "650_green_share", "650_feed_in",
                                           "910_direct_green_share", "910_clean_share"}),
}

FILES = sorted(SCENARIOS.glob("*.toml"))


def test_library_is_complete():
    """Seven parks plus the 2030 twin, each with evidence below; the default scenario is kept."""
    stems = {f.stem for f in FILES}
    assert stems == set(EVIDENCE), "every scenario needs its evidence row in this test (and vice versa)"
    assert (SCENARIOS / "anning_battery_park.toml").is_file()
    assert len(stems) >= 7


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_header_documents_the_case(path):
    """The header comment says what the park represents, where numbers come from and the evidence."""
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    head = "\n".join(header)
    assert len(header) >= 10
    for phrase in ("What it represents", "Where the numbers come from", "Evidence"):
        assert phrase in head, f"{path.name}: header lacks {phrase!r}"
    assert re.search(r"\(U\b|tag U\b", head), f"{path.name}: placeholders are not marked (U)"
    raw = tomllib.loads(text)
    assert raw["park"]["name"] == path.stem, "park.name is the file name (output folder results/<name>)"


@pytest.fixture(scope="module")
def short_runs():
    """Each scenario solved once on the short horizon (shared by the tests below)."""
    return {f.stem: run(load_scenario(f, overrides=SHORT)) for f in FILES}


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_runs_and_complies(path, short_runs):
    """Optimal, every claimed rule in the compliance table and met, energy balance closed."""
    ev = EVIDENCE[path.stem]
    result = short_runs[path.stem]
    s = result.summary
    assert s["status"] == "optimal", s["message"]
    comp = result.compliance.set_index("rule")
    assert ev["rules"] <= set(comp.index)
    assert comp.loc[sorted(ev["rules"]), "ok"].all(), comp
    # Compliance recomputed by hand from the hourly results (not read back from the model).
    h = result.hourly
    dt = s["horizon"]["dt_h"]
    load = h["load_kw"].sum() * dt
    imp = h["import_kw"].sum() * dt
    unserved = h["unserved_kw"].sum() * dt
    self_consumed = load - imp - unserved
    assert self_consumed / load == pytest.approx(s["ratios"]["green_share"], abs=1e-6)
    if "650_green_share" in ev["rules"]:
        scenario = load_scenario(path)
        assert comp.loc["650_green_share", "limit"] == pytest.approx(scenario.green_share_min_fraction)
        assert self_consumed / load >= scenario.green_share_min_fraction - 1e-6
        available = (h["pv_available_kw"] + h["wind_available_kw"]).sum() * dt
        assert self_consumed / available >= 0.60 - 1e-6
        assert h["export_kw"].sum() * dt / available <= 0.20 + 1e-6
    # Balance per step: supply = demand.
    supply = h["pv_kw"] + h["wind_kw"] + h["storage_discharge_kw"] + h["import_kw"] + h["unserved_kw"]
    demand = h["load_kw"] + h["storage_charge_kw"] + h["export_kw"]
    if "line_loss_kw" in h:  # [[sites]]: generation is counted at the sites, the lines lose on the way
        demand = demand + h["line_loss_kw"]
        assert s["checks"]["site_balance_ok"]
    assert np.abs(supply - demand).max() <= 1e-6 * h["load_kw"].max() + 1e-3
    assert s["cost_of_supply_cny_per_kwh"] > 0


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_scenario_plausible_against_its_evidence(path, short_runs):
    """PV yield, wind full-load hours (whole weather year), annual energy and load factor of the full-year load."""
    ev = EVIDENCE[path.stem]
    s = short_runs[path.stem].summary
    pv = [v["specific_yield_kwh_per_kw"] for k, v in s["resource"].items() if k.startswith("pv")]
    assert pv and all(ev["pv"][0] <= y <= ev["pv"][1] for y in pv), pv
    wind = [v["full_load_hours"] for k, v in s["resource"].items() if k == "wind" or k.endswith("_wind")]
    assert wind and all(ev["wind"][0] <= h <= ev["wind"][1] for h in wind), wind
    total = park_load(load_scenario(path)).total_kw
    assert total.sum() == pytest.approx(ev["energy"], rel=0.01)  # hourly steps: kWh = sum of kW
    assert ev["lf"][0] <= total.mean() / total.max() <= ev["lf"][1]


def test_2030_twin_differs_only_in_the_rule():
    """anning_battery_park_2030 is the default park with green share >= 0.35 and nothing else changed."""
    base = load_scenario(SCENARIOS / "anning_battery_park.toml").model_dump(mode="json")
    twin = load_scenario(SCENARIOS / "anning_battery_park_2030.toml").model_dump(mode="json")
    assert base["policy"]["green_share_min_fraction"] is None
    assert twin["policy"]["green_share_min_fraction"] == 0.35
    for raw in (base, twin):
        raw["policy"]["green_share_min_fraction"] = None
        for key in ("name", "name_zh", "description"):
            raw["park"][key] = ""
    assert twin == base


def test_light_industry_stops_for_spring_festival():
    """玉溪: the February days (Spring Festival 2026-02-17) use clearly less than the year's mean day."""
    total = park_load(load_scenario(SCENARIOS / "yuxi_light_industry.toml")).total_kw
    daily = total.resample("D").sum()
    feb = daily[daily.index.month == 2]
    assert feb.mean() < 0.75 * daily.mean()
    assert feb.min() < 0.4 * daily.mean()


def test_special_park_types(short_runs):
    """Off-grid: no import or export; zero-carbon: certificates close the clean-share gap; 2030: 35 %."""
    og = short_runs["binchuan_offgrid_hydrogen"]
    assert og.hourly["import_kw"].abs().max() == 0 and og.hourly["export_kw"].abs().max() == 0
    e = og.summary["energy"]
    assert e["unserved_kwh"] == 0
    # the hydrogen demand is met in every hour: what the tank gives out beyond production is the demand
    h, dt = og.hourly, og.summary["horizon"]["dt_h"]
    level = h["h2_tank_kg"].to_numpy()
    out = (h["h2_production_kg_per_h"] - h["h2_fuel_cell_use_kg_per_h"] - h["h2_sale_kg_per_h"]).to_numpy() \
        - (level - np.roll(level, 1)) / dt
    demand = h["h2_demand_kg_per_h"].to_numpy()
    assert demand.sum() * dt == pytest.approx(27_397 * og.summary["horizon"]["steps"] * dt / 24, rel=1e-9)
    assert np.abs(out - demand).max() <= 1e-6 * max(demand.max(), level.max())
    assert og.summary["hydrogen"]["tank_ok"]
    zc = short_runs["qujing_zero_carbon_park"].compliance.set_index("rule")
    assert zc.loc["910_direct_green_share", "value"] >= 0.50 - 1e-6
    assert zc.loc["910_clean_share", "value"] >= 0.90 - 1e-6
    assert short_runs["anning_battery_park_2030"].compliance.set_index("rule").loc[
        "650_green_share", "limit"] == pytest.approx(0.35)
    # A tighter rule on the same park and horizon never costs less.
    assert (short_runs["anning_battery_park_2030"].summary["objective_cny_per_yr"]
            >= short_runs["anning_battery_park"].summary["objective_cny_per_yr"] * (1 - 1e-6))


def test_heat_park_accounts_fuel_and_co2(short_runs):
    """yuxi_tobacco_steam: heat balance per carrier and step, fuel CO2 and the 910号 CO2 per tce recomputed
    from the hourly results (eq. H1, H7; GB/T 2589 calorific equivalent for fuel and electricity)."""
    from simulator.data import default, emission_factor_kg_per_kwh

    result = short_runs["yuxi_tobacco_steam"]
    s, h, scenario = result.summary, result.hourly, result.scenario
    heat = s["heat"]
    dt, k = s["horizon"]["dt_h"], s["horizon"]["year_weight"]
    techs = {t.name: t for t in scenario.heat.technologies}
    stores = {t.name: t for t in scenario.heat.storage}
    for carrier in ("steam", "hot_water"):
        supply = sum(h[f"heat_{n}_kw"] for n, t in techs.items() if t.carrier == carrier)
        store = sum(h[f"heat_storage_{n}_discharge_kw"] - h[f"heat_storage_{n}_charge_kw"]
                    for n, t in stores.items() if t.carrier == carrier)
        demand = h[f"heat_demand_{carrier}_kw"]
        assert np.abs(supply + store - demand).max() <= 1e-7 * demand.max() + 1e-9
    # fuel and its CO2 from the boilers' hourly heat, the defaults' efficiencies and factors (per GJ LHV)
    fuel_gj, fuel_co2 = 0.0, 0.0
    for name, t in techs.items():
        if t.kind != "fuel_boiler":
            continue
        gj = h[f"heat_{name}_kw"].sum() * dt * k / default(f"heat.{t.fuel}_boiler_efficiency_fraction") * 0.0036
        fuel_gj += gj
        fuel_co2 += gj * default(f"heat.{t.fuel}_emission_t_co2_per_gj")
    assert fuel_gj > 0
    assert sum(heat["fuel_gj_per_yr"].values()) == pytest.approx(fuel_gj, rel=1e-9)
    assert heat["fuel_co2_t_per_yr"] == pytest.approx(fuel_co2, rel=1e-9)
    # electricity for heat is part of the load the 650号 shares use
    assert (h["load_kw"] >= h["heat_electric_kw"] - 1e-9).all()
    assert heat["electricity_kwh_per_yr"] == pytest.approx(h["heat_electric_kw"].sum() * dt * k, rel=1e-9)
    # 910号: CO2 per tce of fuels and electricity together
    co2_grid = h["import_kw"].sum() * dt * k * emission_factor_kg_per_kwh(scenario.grid.emission_factor) / 1000
    kgce = default("energy.kgce_per_kwh")
    tce = ((h["load_kw"] - h["unserved_kw"]).sum() * dt * k + fuel_gj / 0.0036) * kgce / 1000
    assert s["co2_t_per_yr"] == pytest.approx(co2_grid + fuel_co2, rel=1e-9)
    assert s["kpi"]["co2_t_per_tce"] == pytest.approx((co2_grid + fuel_co2) / tce, rel=1e-9)
    row = {r["rule"]: r for r in s["indicators"]}["910_co2_per_tce"]
    assert row["value"] == pytest.approx((co2_grid + fuel_co2) / tce, rel=1e-9)


def test_zcpark_run_cli_on_a_library_scenario(tmp_path):
    """`zcpark run FILE --out DIR` on a library scenario (horizon shortened in a copy) writes the outputs."""
    text = (SCENARIOS / "binchuan_offgrid_hydrogen.toml").read_text(encoding="utf-8")
    text = text.replace("[park]\n", '[park]\nstart = "2026-04-06"\ndays = 7\n', 1)
    copy = tmp_path / "binchuan_offgrid_hydrogen.toml"
    copy.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert zcpark(["run", str(copy), "--out", str(out), "--lang", "en"]) == 0
    for name in ("summary.json", "hourly.csv", "report_en.html", "results_en.xlsx"):
        assert (out / name).is_file(), name
