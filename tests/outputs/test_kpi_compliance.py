"""KPIs and compliance recomputed independently from the written hourly.csv, and on hand-made data."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.results.kpi import energy_totals, indicator_rows, planning_kpis
from simulator.scenario import scenario_from_dict

KGCE_PER_KWH = 0.1229  # GB/T 2589 当量值, typed here independently of defaults.toml
YUNNAN_2022 = 0.1073  # kg CO2/kWh, MEE/NBS 2022


def _read(folder):
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    hourly = pd.read_csv(folder / "hourly.csv", index_col="timestamp")
    return summary, hourly


@pytest.mark.parametrize("case", ["small_dir", "offgrid_dir"])
def test_compliance_values_equal_ratios_from_hourly_csv(case, request):
    folder = request.getfixturevalue(case)
    summary, h = _read(folder)
    dt = summary["horizon"]["dt_h"]
    load = h["load_kw"].sum() * dt
    available = (h["pv_available_kw"].sum() + h["wind_available_kw"].sum()) * dt
    self_consumed = (h["load_kw"] - h["import_kw"] - h["unserved_kw"]).sum() * dt
    expected = {
        "650_self_consumption": self_consumed / available,
        "650_green_share": self_consumed / load,
        "650_feed_in": h["export_kw"].sum() * dt / available,
        "off_grid_unserved": h["unserved_kw"].sum() * dt / load,
    }
    rows = summary["compliance"]
    assert rows, "an enforced rule set must give compliance rows"
    for row in rows:
        # hourly.csv is written with 6 decimals: relative tolerance well above that rounding
        assert row["value"] == pytest.approx(expected[row["rule"]], rel=1e-6, abs=1e-9), row["rule"]
        margin = row["value"] - row["limit"] if row["sense"] == ">=" else row["limit"] - row["value"]
        assert row["margin"] == pytest.approx(margin, abs=1e-12)
        assert row["ok"] == (margin >= -1e-6)
        assert row["basis"]


def test_planning_kpis_from_hourly_csv(small_dir):
    summary, h = _read(small_dir)
    dt, k = summary["horizon"]["dt_h"], summary["horizon"]["year_weight"]
    kp, cap = summary["kpi"], summary["capacity"]
    assert k == pytest.approx(8760 / (len(h) * dt))
    charge, discharge = h["storage_charge_kw"].sum() * dt, h["storage_discharge_kw"].sum() * dt
    assert cap["storage_kwh"] > 0, "the small park should build storage for this test to mean something"
    assert kp["storage_cycles_per_yr"] == pytest.approx(discharge * k / cap["storage_kwh"], rel=1e-6)
    assert kp["storage_round_trip_loss_kwh_per_yr"] == pytest.approx((charge - discharge) * k, rel=1e-5)
    assert 0.85 < kp["storage_round_trip_efficiency_fraction"] <= 0.95 * 0.95 + 1e-6  # η_c η_d = 0.9025 at best
    assert kp["peak_import_kw"] == pytest.approx(h["import_kw"].max(), rel=1e-6)
    assert kp["peak_import_kw"] <= cap["grid_connection_kw"] * (1 + 1e-6) + 1e-6
    imports = h["import_kw"].sum() * dt * k
    assert kp["co2_t_per_yr_by_factor"]["yunnan_2022"] == pytest.approx(imports * YUNNAN_2022 / 1000, rel=1e-6)
    assert kp["co2_t_per_yr_by_factor"]["yunnan_2022"] == pytest.approx(summary["co2_t_per_yr"], rel=1e-9)
    assert kp["emission_factor"]["key"] == "yunnan_2022" and kp["emission_factor"]["data_year"] == 2022
    served = (h["load_kw"] - h["unserved_kw"]).sum() * dt * k
    tce = served * KGCE_PER_KWH / 1000 + 5000.0
    co2 = imports * YUNNAN_2022 / 1000 + 1000.0
    assert kp["co2_t_per_tce"] == pytest.approx(co2 / tce, rel=1e-6)
    self_consumed = (h["load_kw"] - h["import_kw"] - h["unserved_kw"]).sum() * dt * k
    # 910号 clean share on total energy (tce, 当量值): the fuels' 5000 tce/yr are in the denominator, none
    # of them clean; grid power 0 % clean, no purchases here
    clean_tce = self_consumed * KGCE_PER_KWH / 1000
    total_tce = h["load_kw"].sum() * dt * k * KGCE_PER_KWH / 1000 + 5000.0
    assert kp["clean_share"] == pytest.approx(clean_tce / total_tce, rel=1e-6)
    assert kp["clean_share"] < self_consumed / (h["load_kw"].sum() * dt * k)
    row = next(r for r in summary["indicators"] if r["rule"] == "910_co2_per_tce")
    assert row["limit"] == 0.20  # park well below 1 Mtce/yr
    assert row["value"] == pytest.approx(co2 / tce, rel=1e-6)
    assert row["ok"] == (co2 / tce <= 0.20)


def _hand_hourly() -> pd.DataFrame:
    """Four hourly steps, balanced by hand: supply = pv + wind + discharge + import + unserved = demand."""
    index = pd.date_range("2026-01-01", periods=4, freq="h", tz="Asia/Shanghai")
    h = pd.DataFrame({
        "load_kw": [100, 100, 100, 100], "pv_available_kw": [0, 150, 200, 0], "wind_available_kw": [50, 50, 0, 0],
        "pv_kw": [0, 150, 180, 0], "wind_kw": [50, 50, 0, 0], "storage_charge_kw": [0, 80, 50, 0],
        "storage_discharge_kw": [0, 0, 0, 100], "storage_soc_kwh": [10, 86, 133.5, 28.2], "import_kw": [50, 0, 0, 0],
        "export_kw": [0, 20, 30, 0], "curtailed_kw": [0, 0, 20, 0], "unserved_kw": [0, 0, 0, 0]}, index=index, dtype=float)
    return h


def test_planning_kpis_on_hand_made_table():
    h = _hand_hourly()
    energy = energy_totals(h, 1.0)
    cap = {"storage_kwh": 200.0, "grid_connection_kw": 80.0}
    kp = planning_kpis(h, cap, energy, dt_h=1.0, year_weight=2190.0, emission_factor_key="national_2022",
                       green_purchase_kwh=40.0, other_energy_tce_per_yr=100.0, other_energy_co2_t_per_yr=50.0)
    # charge 130, discharge 100 kWh over 4 h; k = 8760 / 4 = 2190
    assert kp["storage_cycles_per_yr"] == pytest.approx(100 * 2190 / 200)
    assert kp["storage_round_trip_loss_kwh_per_yr"] == pytest.approx(30 * 2190)
    assert kp["storage_round_trip_efficiency_fraction"] == pytest.approx(100 / 130)
    assert kp["peak_import_kw"] == 50.0 and kp["peak_export_kw"] == 30.0
    assert kp["peak_import_to_declared_fraction"] == pytest.approx(50 / 80)
    # self-consumed = load − import − unserved = 400 − 50 = 350 kWh; clean share adds 40 kWh purchases
    assert kp["direct_green_share"] == pytest.approx(350 / 400)
    assert kp["clean_share"] == pytest.approx(390 / 400)
    co2_elec = 50 * 2190 * 0.5366 / 1000
    assert kp["co2_electricity_t_per_yr"] == pytest.approx(co2_elec)
    tce = 400 * 2190 * 0.1229 / 1000 + 100.0
    assert kp["total_energy_tce_per_yr"] == pytest.approx(tce)
    assert kp["co2_t_per_tce"] == pytest.approx((co2_elec + 50.0) / tce)
    rows = {r["rule"]: r for r in indicator_rows(kp)}
    assert rows["910_co2_per_tce"]["limit"] == 0.20
    assert rows["910_co2_per_tce"]["ok"] == ((co2_elec + 50.0) / tce <= 0.20)
    assert rows["peak_import_within_declared"]["margin"] == pytest.approx(30.0)
    assert rows["peak_import_within_declared"]["ok"]


def test_co2_per_tce_absent_without_other_energy_and_large_park_limit():
    h = _hand_hourly()
    energy = energy_totals(h, 1.0)
    kp = planning_kpis(h, {"storage_kwh": 0.0, "grid_connection_kw": 0.0}, energy, 1.0, 2190.0, "yunnan_2022")
    assert kp["co2_t_per_tce"] is None and kp["storage_cycles_per_yr"] == 0.0
    assert kp["peak_import_to_declared_fraction"] is None
    assert indicator_rows(kp) == []
    big = planning_kpis(h, {"storage_kwh": 1.0, "grid_connection_kw": 50.0}, energy, 1.0, 2190.0, "yunnan_2022",
                        other_energy_tce_per_yr=2.0e6, other_energy_co2_t_per_yr=1.0e5)
    row = next(r for r in indicator_rows(big) if r["rule"] == "910_co2_per_tce")
    assert row["limit"] == 0.30  # >= 1 Mtce/yr class
    assert np.isclose(row["value"], (big["co2_electricity_t_per_yr"] + 1.0e5) / big["total_energy_tce_per_yr"])


def test_other_energy_fields_come_in_pairs(small_raw):
    small_raw["park"]["other_energy_tce_per_yr"] = 1000.0
    with pytest.raises(InputError, match="other_energy"):
        scenario_from_dict(small_raw)
