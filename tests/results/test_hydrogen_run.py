"""The hydrogen chain through the whole pipeline: scenario -> run -> hourly.csv / summary.json -> workbook and
report; bad [hydrogen] input refused with one-line InputErrors before any solve."""
from __future__ import annotations

import importlib
import json
import tomllib

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from park_fixtures import smelter_week_toml
from simulator.outputs.sheets import sheet_name
from simulator.errors import InputError
from simulator.scenario import scenario_from_dict

run_module = importlib.import_module("simulator.results.run")  # the module (simulator.results.run is the function)

DEMAND_KG_PER_DAY = 2000.0


def h2_raw(days: int = 3, **hydrogen) -> dict:
    raw = tomllib.loads(smelter_week_toml("h2park", days))
    raw["hydrogen"] = {"demand_kg_per_day": DEMAND_KG_PER_DAY, **hydrogen}
    return raw


@pytest.fixture(scope="module")
def h2_folder(tmp_path_factory):
    """One 3-day run of the smelter park with a hydrogen demand, a fuel cell and a morning-peaked shape."""
    shape = [1.0] * 6 + [3.0] * 4 + [1.0] * 14
    result = run_module.run(scenario_from_dict(h2_raw(daily_shape=shape, fuel_cell={})))
    folder = tmp_path_factory.mktemp("h2run")
    result.write(folder)
    return folder, result


def test_hourly_csv_tank_balance_and_demand_met_in_every_step(h2_folder):
    folder, result = h2_folder
    hourly = pd.read_csv(folder / "hourly.csv", index_col=0)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"
    dt = summary["horizon"]["dt_h"]
    demand = hourly["h2_demand_kg_per_h"].to_numpy()
    # the demand column is the scenario's: 2,000 kg/day, hours 6-9 at three times the other hours' rate
    assert demand.sum() * dt == pytest.approx(3 * DEMAND_KG_PER_DAY, rel=1e-12)
    assert demand.max() == pytest.approx(3 * demand.min(), rel=1e-12)
    level = hourly["h2_tank_kg"].to_numpy()
    into = hourly["h2_production_kg_per_h"] - hourly["h2_fuel_cell_use_kg_per_h"] - hourly["h2_sale_kg_per_h"]
    # level_t − level_{t−1} (cyclic) = Δt (production − fuel cell − sale − demand): what the tank gives out
    # beyond production is exactly the demand, so the demand is met in every step
    delivered = into.to_numpy() - (level - np.roll(level, 1)) / dt
    tol = 1e-6 * max(demand.max(), level.max())  # solver tolerance scaled by the hydrogen flows
    assert np.abs(delivered - demand).max() <= tol
    tank = summary["capacity"]["h2_tank_kg"]
    assert level.min() >= 0.1 * tank - tol and level.max() <= tank + tol  # default 10-100 % window
    assert (hourly["h2_electrolyser_kw"] <= summary["capacity"]["h2_electrolyser_kw"] * (1 + 1e-6)).all()
    # production = electricity / 53 kWh/kg (default)
    assert hourly["h2_production_kg_per_h"].to_numpy() == pytest.approx(hourly["h2_electrolyser_kw"] / 53.0)
    # the electricity into hydrogen is in the park's load and its 650号 green share
    load = hourly["load_kw"].sum() * dt
    assert summary["energy"]["load_kwh"] == pytest.approx(load, rel=1e-9)
    assert summary["ratios"]["green_share"] == pytest.approx(summary["energy"]["re_self_consumed_kwh"] / load,
                                                             rel=1e-9)
    block = summary["hydrogen"]
    assert block["tank_ok"]
    k = summary["horizon"]["year_weight"]
    assert block["demand_t_per_yr"] == pytest.approx(3 * DEMAND_KG_PER_DAY * k / 1000.0, rel=1e-9)
    assert block["electrolyser_kwh_per_yr"] == pytest.approx(hourly["h2_electrolyser_kw"].sum() * dt * k, rel=1e-9)
    cost = summary["cost_cny_per_yr"]
    assert cost["h2_capex"] > 0 and cost["total"] == pytest.approx(summary["objective_cny_per_yr"], rel=1e-9)
    assert summary["enterprises"]["rows"] == [] and "hydrogen" in summary["enterprises"]["note"]


def test_workbook_and_report_show_the_chain(h2_folder):
    from simulator.outputs.excel import write_workbook
    from simulator.outputs.html import write_report

    folder, result = h2_folder
    for lang, title in (("zh", "氢能"), ("en", "Hydrogen")):
        wb = load_workbook(write_workbook(folder, lang))
        rows = {r[0]: r for r in wb[sheet_name("hydrogen", lang)].iter_rows(min_row=2, values_only=True)}
        assert rows["tank_kg"][2] == pytest.approx(result.summary["hydrogen"]["tank_kg"])
        assert rows["electrolyser_kw"][2] == pytest.approx(result.summary["capacity"]["h2_electrolyser_kw"])
        if lang == "zh":  # the report's section (one language: the figures take seconds)
            html = write_report(folder, lang).read_text(encoding="utf-8")
            assert 'id="hydrogen"' in html and title in html and "储氢罐容量" in html


def _refused_before_solving(monkeypatch, raw, key):
    def no_solve(*args, **kwargs):
        raise AssertionError("solved despite bad input")

    monkeypatch.setattr(run_module, "solve_model", no_solve)
    with pytest.raises(InputError) as caught:
        run_module.run(scenario_from_dict(raw))
    assert key in str(caught.value) and "\n" not in str(caught.value)


def test_efficiencies_beyond_the_heating_value_refused():
    # the LHV is 33.33 kWh/kg: an electrolyser needs more per kg, a fuel cell gives less, so no round trip
    # electrolyser -> tank -> fuel cell can gain energy
    scenario_from_dict(h2_raw(1, electrolyser={"efficiency_kwh_per_kg": 34.0}, fuel_cell={"efficiency_kwh_per_kg": 33.0}))
    for bad, key in (({"electrolyser": {"efficiency_kwh_per_kg": 30.0}}, "hydrogen.electrolyser.efficiency_kwh_per_kg"),
                     ({"fuel_cell": {"efficiency_kwh_per_kg": 34.0}}, "hydrogen.fuel_cell.efficiency_kwh_per_kg")):
        with pytest.raises(InputError, match=key.replace(".", r"\.")):
            scenario_from_dict(h2_raw(1, **bad))


def test_bad_hydrogen_inputs_refused_before_solving(monkeypatch, tmp_path):
    _refused_before_solving(monkeypatch, h2_raw(1, electrolyser={"max_kw": 1000.0}), "hydrogen.electrolyser.max_kw")
    csv = tmp_path / "h2.csv"
    csv.write_text("timestamp,kg_per_h\n2026-03-02 00:00,10\n", encoding="utf-8")  # one row, not 24
    raw = h2_raw(1)
    del raw["hydrogen"]["demand_kg_per_day"]
    raw["hydrogen"]["demand_csv"] = str(csv)
    _refused_before_solving(monkeypatch, raw, "hydrogen.demand_csv")
    raw = h2_raw(1)
    raw["planning"] = {"milestones": [2026, 2030]}
    _refused_before_solving(monkeypatch, raw, "hydrogen")
    for bad, key in (({"demand_csv": "x.csv"}, "hydrogen"), ({"daily_shape": [1.0] * 23}, "hydrogen.daily_shape"),
                     ({"sale_price_cny_per_kg": 20.0}, "hydrogen"),
                     ({"tank": {"min_fill_fraction": 0.5, "max_fill_fraction": 0.4}}, "hydrogen.tank"),
                     ({"electrolyser": {"efficiency_kwh_per_kg": 50.0, "lhv_efficiency_fraction": 0.6}},
                      "hydrogen.electrolyser")):
        with pytest.raises(InputError, match=key.replace(".", r"\.")) as caught:
            scenario_from_dict(h2_raw(1, **bad))
        assert "\n" not in str(caught.value)


def test_baseline_makes_the_same_hydrogen_from_the_grid(h2_folder):
    folder, result = h2_folder
    base = result.summary["baseline"]
    # the twin solves the chain on grid power (not the direct bill of the load alone)
    assert base["method"] == "solved"
    assert result.summary["timings_s"]["baseline"] > 0  # the twin's solve is a phase of its own
    twin = base["cost_breakdown_cny_per_yr"]
    assert twin["h2_capex"] > 0
    # its grid energy covers the base load and the electrolysis: at least 53 kWh per kg of the demand
    k = result.summary["horizon"]["year_weight"]
    demand_kg_per_yr = 3 * DEMAND_KG_PER_DAY * k
    assert base["import_kwh_per_yr"] >= demand_kg_per_yr * 53.0 * (1 - 1e-9)


def test_finance_refuses_hydrogen_before_sizing(tmp_path):
    from simulator.cli import main as zcpark
    from simulator.studies.finance import case_from_result

    path = tmp_path / "h2.toml"
    path.write_text(smelter_week_toml("h2park", 1) + "\n[hydrogen]\ndemand_kg_per_day = 100.0\n", encoding="utf-8")
    assert zcpark(["finance", str(path)]) == 1
    with pytest.raises(InputError, match="hydrogen"):
        case_from_result(type("R", (), {"summary": {}, "inputs": type("I", (), {"hydrogen": object()})()})())


def test_studies_that_do_not_carry_hydrogen_refuse_it():
    from simulator.studies.deal import check_deal
    from simulator.studies.robustness.years import seeded_years, year_set

    scenario = scenario_from_dict(h2_raw(1))
    for check in (lambda s: year_set(s, seeded_years(s, 2)), check_deal):
        with pytest.raises(InputError, match="hydrogen") as caught:
            check(scenario)
        assert "\n" not in str(caught.value)


def test_batch_rows_carry_the_hydrogen_numbers(h2_folder):
    from simulator.studies.batch.summary import summary_row

    folder, result = h2_folder
    row = summary_row(result.summary, {})
    block = result.summary["hydrogen"]
    assert row["h2_production_t_per_yr"] == block["production_t_per_yr"]
    assert row["h2_tank_kg"] == result.summary["capacity"]["h2_tank_kg"] and row["cost_h2_capex_cny_per_yr"] > 0
