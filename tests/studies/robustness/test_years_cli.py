"""Weather years of a scenario, the scenario's milestones, and the CLI commands (one-week small park)."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from simulator.cli import main
from simulator.results.milestones import cost_factor, milestone_scenario, scenario_milestones
from simulator.studies.robustness.years import normal_monthly_ghi, seeded_years, year_set
from simulator.scenario import scenario_from_dict
from park_fixtures import SMALL_PARK



def small(**extra):
    import copy

    raw = copy.deepcopy(SMALL_PARK)
    raw.update(extra)
    return scenario_from_dict(raw)


def test_seeded_years_vary_weather_not_load():
    scenario = small()
    years = seeded_years(scenario, 2, monthly_ghi_spread_fraction=0.0)
    assert [y.label for y in years] == ["seed 2026", "seed 2027"]
    ys = year_set(scenario, years)
    a, b = ys.inputs
    assert np.array_equal(a.load_kw, b.load_kw)
    assert np.array_equal(a.grid.import_price_cny_per_kwh, b.grid.import_price_cny_per_kwh)
    assert not np.allclose(a.generators[0].availability, b.generators[0].availability)
    # without a spread every draw keeps the station's monthly GHI (the generator's calibration)
    ghi = [s["weather"]["ghi_kwh_per_m2_yr"] for s in ys.resource_summaries]
    assert ghi[0] == pytest.approx(ghi[1], rel=2e-3)
    assert ghi[0] == pytest.approx(normal_monthly_ghi(scenario).sum(), rel=2e-3)


def test_monthly_spread_is_seeded_and_truncated():
    scenario = small()
    normals = normal_monthly_ghi(scenario)
    first = seeded_years(scenario, 3, monthly_ghi_spread_fraction=0.08)
    again = seeded_years(scenario, 3, monthly_ghi_spread_fraction=0.08)
    for y, z in zip(first, again):
        assert y.monthly_ghi_kwh_per_m2 == z.monthly_ghi_kwh_per_m2
        ratio = np.asarray(y.monthly_ghi_kwh_per_m2) / normals
        assert (np.abs(ratio - 1) <= 2 * 0.08 + 1e-12).all()
        assert y.scenario.weather.monthly_ghi_kwh_per_m2 == y.monthly_ghi_kwh_per_m2
    assert first[0].monthly_ghi_kwh_per_m2 != first[1].monthly_ghi_kwh_per_m2


def test_milestone_scenario_moves_year_and_prices():
    scenario = small(planning={"milestones": [2026, 2030]})
    later = milestone_scenario(scenario, 2030, 2026)
    assert later.park.year == 2030 and later.park.start == "2030-03-02"
    assert later.green_share_min_fraction == 0.35 and scenario.green_share_min_fraction == 0.30
    assert later.pv.capex_cny_per_kw == pytest.approx(scenario.pv.capex_cny_per_kw * cost_factor("pv", 2030, 2026))
    assert later.storage.energy_capex_cny_per_kwh < scenario.storage.energy_capex_cny_per_kwh
    same = milestone_scenario(scenario, 2030, 2026, cost_trends=False)
    assert same.pv.capex_cny_per_kw == scenario.pv.capex_cny_per_kw


def test_scenario_milestones_with_a_growing_enterprise():
    import copy

    raw = copy.deepcopy(SMALL_PARK)
    raw["load"]["enterprises"].append({"name": "new_cells", "archetype": "battery_cells", "annual_kwh": 5.0e7,
                                       "start_year": 2028, "ramp_up_fractions": [0.5]})
    raw["planning"] = {"milestones": [2026, 2028, 2030]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # holiday schedules of 2028 and 2030 are estimated
        plan = scenario_milestones(scenario_from_dict(raw))
    assert plan.status == "optimal" and plan.end_year == 2034
    loads = [p["load_kwh"] for p in plan.periods]
    assert loads[1] > loads[0] and loads[2] > loads[1]
    for before, after in zip(plan.capacity, plan.capacity[1:]):
        for key in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw"):
            assert after[key] >= before[key] - 1e-6
    for period in plan.periods:
        assert all(row["ok"] for row in period["compliance"])
    assert [p["green_share_min_fraction"] for p in plan.periods] == [0.30, 0.30, 0.35]


def test_planning_section_is_validated():
    with pytest.raises(Exception, match="increasing"):
        small(planning={"milestones": [2030, 2026]})


def _write_small_toml(path: Path, planning: bool = False) -> Path:
    lines = ['[park]', 'name = "small_park"', "latitude = 25.0", "longitude = 102.65", "altitude_m = 1889",
             "year = 2026", 'start = "2026-03-02"', "days = 7", "[weather]", "station = 56778",
             "[[load.enterprises]]", 'name = "smelter"', 'archetype = "electrolytic_aluminium"',
             "annual_kwh = 8.76e7", "[[load.enterprises]]", 'name = "factory"',
             'archetype = "electronics_assembly"', "annual_kwh = 2.0e7", "[pv]", "max_kw = 60000", "[wind]",
             "max_kw = 20000", "[storage]", "max_duration_h = 8"]
    if planning:
        lines += ["[planning]", "milestones = [2026, 2027]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_robustness_writes_the_block(tmp_path, capsys):
    scenario = _write_small_toml(tmp_path / "small.toml")
    out = tmp_path / "out"
    assert main(["robustness", str(scenario), "--years", "2", "--ghi-spread", "0.1", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    block = summary["robustness"]
    assert block["n_years"] == 2 and block["labels"] == ["seed 2026", "seed 2027"]
    ev = block["single_year_design"]["evaluation"]
    assert len(ev["years"]) == 2 and set(ev["probability_met"]) == {r["rule"] for r in summary["compliance"]}
    sizing = block["robust_design"]["sizing"]
    assert sizing["status"] == "optimal" and sizing["rules_met_in"] == "every year"
    assert all(p == 1.0 for p in block["robust_design"]["evaluation"]["probability_met"].values())
    rows = block["year_table"]
    assert [r["label"] for r in rows] == block["labels"]
    assert [r["single_green_share"] for r in rows] == [y["green_share"] for y in ev["years"]]
    assert [r["ghi_kwh_per_m2_yr"] for r in rows] == [y["ghi_kwh_per_m2_yr"] for y in block["weather"]["years"]]
    printed = capsys.readouterr().out
    assert "dry-season stress" in printed and printed.count("kWh/m2, dry season (Nov-Apr)") == 2


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_cli_milestones(tmp_path):
    scenario = _write_small_toml(tmp_path / "small.toml", planning=True)
    out = tmp_path / "ms"
    assert main(["milestones", str(scenario), "--out", str(out)]) == 0
    data = json.loads((out / "milestones.json").read_text(encoding="utf-8"))
    assert data["milestones"] == [2026, 2027] and data["status"] == "optimal"
    assert data["capacity"][1]["pv_kw"] >= data["capacity"][0]["pv_kw"] - 1e-6


def test_plot_of_the_robustness_block():
    from simulator.outputs.robustness_plots import monthly_green_share_by_year

    block = {"single_year_design": {"evaluation": {"monthly_green_share": {"seed 1": {"3": 0.2, "4": 0.4}}}},
             "robust_design": {"evaluation": {"monthly_green_share": {"seed 1": {3: 0.35, 4: 0.5}}}}}
    fig = monthly_green_share_by_year(block, 0.30)
    axes = fig.get_axes()
    assert len(axes) == 2
    line = axes[0].get_lines()[0]
    assert list(line.get_xdata()) == [3, 4] and list(line.get_ydata()) == [0.2, 0.4]
    assert list(axes[1].get_lines()[0].get_ydata()) == [0.35, 0.5]


def test_default_draws_use_the_record_statistics_and_list_each_year():
    from simulator.inputs.resource.daily import DRY_MONTHS
    from simulator.studies.robustness.years import year_ghi_listing

    scenario = small()
    normals = normal_monthly_ghi(scenario)
    years = seeded_years(scenario, 3)
    again = seeded_years(scenario, 3)
    assert [y.monthly_ghi_kwh_per_m2 for y in years] == [y.monthly_ghi_kwh_per_m2 for y in again]
    ratios = np.array([np.asarray(y.monthly_ghi_kwh_per_m2) / normals for y in years])
    assert not np.allclose(ratios, 1.0) and (ratios > 0).all()
    # wind varies too: each year's synthetic mean hub speed is the scenario's times its seeded factor
    factors = [y.wind_speed_factor for y in years]
    assert len(set(factors)) == 3 and all(0.5 < f < 1.5 for f in factors)
    for y in years:
        assert y.scenario.wind.mean_speed_hub_m_per_s == pytest.approx(
            scenario.wind.mean_speed_hub_m_per_s * y.wind_speed_factor, rel=1e-12)
    # the daily process keeps each drawn month exactly; the listing is the weather actually used
    ys = year_set(scenario, years)
    listing = year_ghi_listing(years, ys.resource_summaries)
    for year, row in zip(years, listing):
        monthly = np.asarray(year.monthly_ghi_kwh_per_m2)
        assert row["ghi_kwh_per_m2_yr"] == pytest.approx(monthly.sum(), rel=1e-6)
        dry = sum(monthly[m - 1] for m in DRY_MONTHS) / monthly.sum()
        assert row["dry_season_share_fraction"] == pytest.approx(dry, rel=1e-6)


def test_drawn_years_have_the_record_annual_cv_and_dry_season_share():
    """200 draws for Kunming (station 56778): annual GHI CV within 15 % of the record's 0.059 (standard error
    of a CV from 200 draws about 5 %) and mean dry-season (Nov-Apr) share within 0.01 of the record's 0.506
    (source: CDSRD, data/cdsrd_station_stats.csv)."""
    import logging

    from simulator.inputs.resource.daily import DRY_MONTHS, station_stats

    logging.getLogger("simulator.studies.robustness.years").setLevel(logging.ERROR)
    years = seeded_years(small(), 200)
    monthly = np.array([y.monthly_ghi_kwh_per_m2 for y in years])
    annual = monthly.sum(axis=1)
    record = station_stats(56778)
    assert annual.std(ddof=1) / annual.mean() == pytest.approx(record["annual_ghi_interannual_cv_fraction"], rel=0.15)
    dry = monthly[:, [m - 1 for m in DRY_MONTHS]].sum(axis=1) / annual
    assert dry.mean() == pytest.approx(record["dry_season_share_fraction"], abs=0.01)
