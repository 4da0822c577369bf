"""Allocation of the green power to enterprises and their results (issue 18 points 1-2).

Hand cases of two enterprises and two hours whose numbers are worked out in the comments, and the sums
over enterprises against the park totals on the library parks (one week each).
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from simulator.outputs.sheets import sheet_name
from simulator.inputs.load.builder import ParkLoad
from simulator.inputs.model_inputs import GridInput, StorageInput
from simulator.results.allocation import (allocate_green_kw, connection_cost_keys, energy_cost_keys, enterprise_results,
                                          storage_colour, storage_colour_types)
from simulator.scenario import load_scenario
from park_fixtures import SMALL_PARK, make_scenario
from simulator.scenario.load_schema import LoadSection

REPO = Path(__file__).resolve().parents[2]
INDEX = pd.date_range("2026-03-02 10:00", periods=2, freq="h", tz="Asia/Shanghai")


def hand_case(allocation="pro_rata", **load_extra):
    """Hour 1: A 60 kW, B 40 kW, PV 70, import 30 at 0.5 CNY/kWh; hour 2: A 20, B 80, PV 50, import 50 at 1.0."""
    enterprises = [{"name": "A", "archetype": "tobacco_food", "annual_kwh": 1.0},
                   {"name": "B", "archetype": "tobacco_food", "annual_kwh": 1.0}]
    for e in enterprises:
        e.update(load_extra.pop(e["name"], {}))
    section = LoadSection.model_validate({"enterprises": enterprises, "allocation": allocation, **load_extra})
    loads = pd.DataFrame({"A": [60.0, 20.0], "B": [40.0, 80.0]}, index=INDEX)
    hourly = pd.DataFrame({"load_kw": [100.0, 100.0], "pv_kw": [70.0, 50.0], "wind_kw": 0.0, "import_kw": [30.0, 50.0],
                           "export_kw": 0.0, "unserved_kw": 0.0, "storage_charge_kw": 0.0,
                           "storage_discharge_kw": 0.0, "storage_soc_kwh": 0.0,
                           "import_price_cny_per_kwh": [0.5, 1.0]}, index=INDEX)
    park = ParkLoad(loads, loads.sum(axis=1), pd.DataFrame({"flexible_fraction": [0.0, 0.0]}, index=["A", "B"]))
    grid = GridInput(True, np.array([0.5, 1.0]), np.zeros(2), capacity_charge_cny_per_kw_month=2.0,
                     demand_charge_cny_per_kw_month=3.0, month_of_step=np.array([3, 3]), emission_kg_per_kwh=0.5)
    inp = SimpleNamespace(dt_h=1.0, year_weight=1.0, grid=grid, storage=None, stores=[])
    # capacity charge 12 x 2 x 50 kW = 1,200; demand charge 12 x 3 x 50 kW (one month, peak 50) = 1,800
    cost = {"capex": 100.0, "fixed_om": 20.0, "grid_energy": 65.0, "capacity_charge": 1200.0,
            "export_revenue": 0.0, "demand_charge": 1800.0}
    cost["total"] = sum(v for key, v in cost.items() if key != "export_revenue")
    return enterprise_results(hourly, park, section, inp, cost, 0.0)


def test_two_enterprises_two_hours_pro_rata_by_hand():
    table, block = hand_case()
    # green: hour 1 70 x 60/100 = 42 (A), 28 (B); hour 2 50 x 20/100 = 10 (A), 40 (B)
    assert table.loc["A", "green_kwh"] == pytest.approx(52.0) and table.loc["B", "green_kwh"] == pytest.approx(68.0)
    assert table.loc["A", "import_kwh"] == pytest.approx(28.0) and table.loc["B", "import_kwh"] == pytest.approx(52.0)
    assert table.loc["A", "green_share"] == pytest.approx(52 / 80)
    # grid energy: A 18 x 0.5 + 10 x 1.0 = 19; B 12 x 0.5 + 40 x 1.0 = 46
    assert table.loc["A", "grid_energy_cny_per_yr"] == pytest.approx(19.0)
    assert table.loc["B", "grid_energy_cny_per_yr"] == pytest.approx(46.0)
    # coincident peak = hour 2 (import 50; A 10, B 40): capacity 1,200 x 0.2 / 0.8, demand 1,800 x 0.2 / 0.8
    assert table.loc["A", "capacity_charge_cny_per_yr"] == pytest.approx(240.0)
    assert table.loc["B", "demand_charge_cny_per_yr"] == pytest.approx(1440.0)
    # green supply cost (100 + 20) / 120 kWh = 1.0 CNY/kWh: A 52, B 68
    assert block["park"]["green_cost_cny_per_kwh"] == pytest.approx(1.0)
    assert table.loc["A", "bill_cny_per_yr"] == pytest.approx(19 + 240 + 360 + 52)
    assert table.loc["B", "bill_cny_per_yr"] == pytest.approx(46 + 960 + 1440 + 68)
    assert table["bill_cny_per_yr"].sum() == pytest.approx(3185.0)  # = the park's total cost
    # CO2 at 0.5 kg/kWh: A 28 kWh -> 0.014 t, B 0.026 t
    assert table.loc["A", "co2_t_per_yr_location_based"] == pytest.approx(0.014)
    assert table.loc["B", "co2_t_per_yr_market_based"] == pytest.approx(0.026)
    assert table.loc["A", "peak_kw"] == 60.0


def test_priority_and_contract_by_hand():
    table, _ = hand_case("priority", priority=["B"])
    # hour 1: B takes min(40, 70) = 40, A the other 30; hour 2: B takes all 50 (< 80), A none
    assert table.loc["B", "green_kwh"] == pytest.approx(90.0) and table.loc["A", "green_kwh"] == pytest.approx(30.0)
    table, _ = hand_case("contract", A={"green_share_contract": 0.5})
    # hour 1: A min(0.5 x 70, 60) = 35; the other 35 pro rata to what is still lacking (A 25, B 40)
    # hour 2: A min(25, 20) = 20; the other 30 to B (A lacks nothing)
    assert table.loc["A", "green_kwh"] == pytest.approx(35 + 35 * 25 / 65 + 20)
    assert table.loc["B", "green_kwh"] == pytest.approx(35 * 40 / 65 + 30)


def test_allocation_never_exceeds_an_enterprise_load_and_adds_up():
    rng = np.random.default_rng(1)
    served = rng.uniform(0, 100, (200, 4))
    green = served.sum(axis=1) * rng.uniform(0, 1, 200)
    for method, kw in (("pro_rata", {}), ("priority", {"order": [2, 0]}),
                       ("contract", {"contract": np.array([0.3, np.nan, 0.5, np.nan])})):
        out = allocate_green_kw(green, served, method, **kw)
        assert (out >= -1e-9).all() and (out <= served + 1e-9).all()
        np.testing.assert_allclose(out.sum(axis=1), green, rtol=1e-12, atol=1e-9)


def test_grid_charged_storage_is_not_green_by_hand():
    # hour 1: load 10, no PV, import 30, charge 20 (η_c 0.9 -> 18 kWh stored, all grid);
    # hour 2: load 28, PV 10, discharge 18 (η_d 1) of grid energy; cyclic SOC 18 -> 0.
    hourly = pd.DataFrame({"load_kw": [10.0, 28.0], "pv_kw": [0.0, 10.0], "wind_kw": 0.0, "import_kw": [30.0, 0.0],
                           "export_kw": 0.0, "unserved_kw": 0.0, "storage_charge_kw": [20.0, 0.0],
                           "storage_discharge_kw": [0.0, 18.0], "storage_soc_kwh": [18.0, 0.0],
                           "import_price_cny_per_kwh": [0.3, 1.0]}, index=INDEX)
    colour = storage_colour(hourly, 1.0, 0.9, 1.0, 0.0, grid_charging=True)
    assert colour["grid_to_storage_kw"].tolist() == [20.0, 0.0]
    assert colour["grey_to_load_kw"].tolist() == pytest.approx([0.0, 18.0])
    assert colour["green_to_load_kw"].tolist() == pytest.approx([0.0, 10.0])  # only the PV is green
    # the 650号 count L - i - u says (10 - 30) + 28 = 8; the colour count 10 = 8 + 20 (grid into storage) - 18
    # a battery that may not charge from the grid holds green energy only (the whole discharge is green)
    no_grid = storage_colour(hourly, 1.0, 0.9, 1.0, 0.0, grid_charging=False)
    assert no_grid["grey_discharge_kw"].tolist() == [0.0, 0.0]
    assert no_grid["green_to_load_kw"].tolist() == pytest.approx([0.0, 28.0])
    # two enterprises: A 10 then 14, B 0 then 14: in hour 2 each gets 5 green and 9 from storage, and the
    # 20 kWh of grid energy charged in hour 1 (cost 20 x 0.3) is billed half each: A 10 + 10, B 10 kWh
    section = LoadSection.model_validate({"enterprises": [{"name": n, "archetype": "tobacco_food", "annual_kwh": 1.0}
                                                          for n in ("A", "B")]})
    loads = pd.DataFrame({"A": [10.0, 14.0], "B": [0.0, 14.0]}, index=INDEX)
    park = ParkLoad(loads, loads.sum(axis=1), pd.DataFrame({"flexible_fraction": [0.0, 0.0]}, index=["A", "B"]))
    storage = StorageInput(0, 0, 0, 0, 10, 0.9, 1.0, 0.0, 0.0, 1.0)
    grid = GridInput(True, np.array([0.3, 1.0]), np.zeros(2), month_of_step=np.array([3, 3]), emission_kg_per_kwh=0.5)
    inp = SimpleNamespace(dt_h=1.0, year_weight=1.0, grid=grid, storage=storage, stores=[storage])
    cost = {"capex": 0.0, "fixed_om": 0.0, "grid_energy": 9.0, "capacity_charge": 0.0, "export_revenue": 0.0,
            "total": 9.0}
    table, block = enterprise_results(hourly, park, section, inp, cost, 0.0)
    assert table["green_kwh"].tolist() == pytest.approx([5.0, 5.0])
    assert table["grid_via_storage_kwh"].tolist() == pytest.approx([9.0, 9.0])
    assert table["import_kwh"].tolist() == pytest.approx([20.0, 10.0])
    assert table["grid_energy_cny_per_yr"].tolist() == pytest.approx([3.0 + 3.0, 3.0])
    assert block["park"]["grid_charged_discharge_to_load_kwh"] == pytest.approx(18.0)


LIBRARY = sorted(p.name for p in (REPO / "scenarios").glob("*.toml"))


@pytest.mark.parametrize("name", LIBRARY)
def test_sums_over_enterprises_equal_the_park_totals_on_the_library_parks(name):
    from simulator.results.run import run

    scenario = load_scenario(REPO / "scenarios" / name, overrides={"park.start": "2026-03-02", "park.days": 7})
    result = run(scenario)
    assert result.status == "optimal"
    if scenario.hydrogen is not None:  # [hydrogen]: no per-enterprise table for the electrolyser's electricity
        assert result.enterprises is None and result.summary["enterprises"]["rows"] == []
        assert "h2_electrolyser_kw" in result.summary["enterprises"]["note"]
        return
    table, park, s = result.enterprises, result.summary["enterprises"]["park"], result.summary
    energy, cost = s["energy"], s["cost_cny_per_yr"]
    scale_kwh = energy["load_kwh"]
    tol = 1e-9 * scale_kwh
    assert table["load_kwh"].sum() == pytest.approx(energy["load_kwh"], abs=tol)
    assert table["import_kwh"].sum() == pytest.approx(energy["import_kwh"], abs=tol)
    assert (table["green_kwh"] + table["grid_direct_kwh"] + table["grid_via_storage_kwh"]
            + table["unserved_kwh"]).to_numpy() == pytest.approx(table["load_kwh"].to_numpy(), abs=tol)
    # green = the 650号 self-consumed green + grid energy not delivered straight to the load − grid-charged
    # discharge to the load (docs/formulation.md, allocation)
    assert table["green_kwh"].sum() == pytest.approx(
        energy["re_self_consumed_kwh"] + park["grid_not_to_load_kwh"] - park["grid_charged_discharge_to_load_kwh"],
        abs=tol)
    money_tol = 1e-9 * max(abs(cost["total"]), 1.0)
    assert table["bill_cny_per_yr"].sum() == pytest.approx(cost["total"] - cost.get("unserved_penalty", 0.0),
                                                           abs=money_tol)
    grid = result.inputs.grid
    for column, keys in (("capacity_charge_cny_per_yr", connection_cost_keys(grid)),
                         ("demand_charge_cny_per_yr", ["demand_charge"]),
                         ("grid_energy_cny_per_yr", energy_cost_keys(grid))):
        assert table[column].sum() == pytest.approx(sum(cost.get(key, 0.0) for key in keys), abs=money_tol)
    co2 = "co2_t_per_yr_location_based" if scenario.heat is None else "co2_t_per_yr_with_fuel_location_based"
    assert table[co2].sum() == pytest.approx(s["co2_t_per_yr"], rel=1e-9, abs=1e-9)  # with [heat]: fuel CO2 too
    assert (table["green_share"] <= 1.0 + 1e-12).all() and (table["green_kwh"] >= -tol).all()
    assert [row["enterprise"] for row in s["enterprises"]["rows"]] == list(table.index)
    # shifting is attributed so that every enterprise keeps its own daily energy
    from simulator.results.allocation import enterprise_served_kw

    before = result.load.enterprises_kw
    hourly = result.hourly
    if scenario.heat is not None:  # [heat]: the electricity for heat is added to the enterprises after the shift
        hourly = hourly.assign(load_kw=hourly["load_kw"] - hourly["heat_electric_kw"])
    after = enterprise_served_kw(hourly, before, result.load.summary["flexible_fraction"])
    np.testing.assert_allclose(after.sum(axis=1), hourly["load_kw"], atol=1e-9 * scale_kwh)
    np.testing.assert_allclose(after.groupby(after.index.date).sum(), before.groupby(before.index.date).sum(),
                               atol=1e-6 * float(before.max().max()))
    assert (after.to_numpy() >= -1e-9 * float(before.max().max())).all()


def test_files_workbook_and_report_carry_the_enterprise_table(tmp_path):
    import json

    import openpyxl

    from simulator.outputs.excel import write_workbook
    from simulator.outputs.html import _enterprises, section_html
    from simulator.results.run import run

    scenario = load_scenario(REPO / "scenarios" / "qujing_zero_carbon_park.toml",
                             overrides={"park.start": "2026-03-02", "park.days": 2})
    result = run(scenario)
    folder = tmp_path / "out"
    result.write(folder)
    csv = pd.read_csv(folder / "enterprises.csv", index_col="enterprise")
    parquet = pd.read_parquet(folder / "enterprises.parquet")
    pd.testing.assert_frame_equal(parquet, result.enterprises)
    np.testing.assert_allclose(csv["bill_cny_per_yr"], result.enterprises["bill_cny_per_yr"], rtol=1e-12)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert [r["enterprise"] for r in summary["enterprises"]["rows"]] == list(csv.index)
    wb = openpyxl.load_workbook(write_workbook(folder, "en"))
    sheet = list(wb[sheet_name("enterprises", "en")].iter_rows(values_only=True))
    assert sheet[0][0] == "Enterprise" and [r[0] for r in sheet[1:]] == list(csv.index)
    column = sheet[0].index("Green power (kWh, horizon total)")
    assert [r[column] for r in sheet[1:]] == pytest.approx(csv["green_kwh"].tolist())
    for lang, title in (("en", "Green power, bill and CO2 by enterprise"), ("zh", "各企业绿电、电费与碳排放")):
        text = section_html(_enterprises(summary, lang), lang)  # the report's section (the full report's charts take seconds)
        assert title in text and all(name in text for name in csv.index)


@pytest.mark.parametrize("load_extra, message", [
    ({"priority": ["A"]}, "allocation is not 'priority'"),
    ({"allocation": "priority"}, "needs priority"),
    ({"allocation": "priority", "priority": ["Z"]}, "unknown or repeated"),
    ({"allocation": "contract"}, "needs green_share_contract"),
    ({"A": {"green_share_contract": 0.5}}, "allocation is not 'contract'"),
    ({"allocation": "contract", "A": {"green_share_contract": 0.7}, "B": {"green_share_contract": 0.4}}, "add up to 1.1"),
])
def test_allocation_settings_that_would_be_ignored_or_cannot_be_met_are_refused(load_extra, message):
    from pydantic import ValidationError

    enterprises = [{"name": n, "archetype": "tobacco_food", "annual_kwh": 1.0, **load_extra.pop(n, {})}
                   for n in ("A", "B")]
    with pytest.raises(ValidationError, match=message):
        LoadSection.model_validate({"enterprises": enterprises, **load_extra})


def test_output_next_to_annual_kwh_is_the_product_output_only():
    section = LoadSection.model_validate({"enterprises": [
        {"name": "cells", "archetype": "battery_cells", "annual_kwh": 4e8, "output_per_yr": 10.0,
         "output_unit": "GWh"}]})
    from pydantic import ValidationError

    from simulator.inputs.load.builder import annual_energy_kwh

    assert annual_energy_kwh(section.enterprises[0], 8760) == 4e8
    with pytest.raises(ValidationError, match="needs intensity_kwh_per_unit"):
        LoadSection.model_validate({"enterprises": [{"name": "c", "archetype": "battery_cells", "output_per_yr": 10.0}]})


def test_two_storage_types_with_grid_charging_keep_the_sums():
    """Several technologies: each has its own grey (grid-charged) state; the sums still equal the park's."""
    from simulator.results.run import run

    scenario = make_scenario(SMALL_PARK, **{
        "storage.types": [{"name": "lfp", "technology": "lfp_4h", "allow_grid_charging": True},
                          {"name": "flow", "technology": "vanadium_flow", "allow_grid_charging": True}]})
    result = run(scenario)
    assert result.status == "optimal"
    table, park, energy = result.enterprises, result.summary["enterprises"]["park"], result.summary["energy"]
    tol = 1e-9 * energy["load_kwh"]
    assert table["load_kwh"].sum() == pytest.approx(energy["load_kwh"], abs=tol)
    assert table["import_kwh"].sum() == pytest.approx(energy["import_kwh"], abs=tol)
    assert table["green_kwh"].sum() == pytest.approx(
        energy["re_self_consumed_kwh"] + park["grid_not_to_load_kwh"] - park["grid_charged_discharge_to_load_kwh"],
        abs=tol)
    stores = [(f"storage_{st.name}", st.charge_efficiency, st.self_discharge_per_h, st.allow_grid_charging)
              for st in result.inputs.stores]
    assert len(stores) == 2
    colour = storage_colour_types(result.hourly, result.inputs.dt_h, stores)
    # the grey state of charge never exceeds the whole state of charge
    assert (colour["storage_grey_soc_kwh"] <= result.hourly["storage_soc_kwh"] + tol).all()
