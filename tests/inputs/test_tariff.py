"""Grid prices on the model index: seasons, tariff parts, price series and their checks (docs/tariffs.md)."""
from __future__ import annotations

import re
import tomllib

import numpy as np
import pandas as pd
import pytest

from park_fixtures import SMALL_PARK, SMALL_PARK_TOML, make_scenario
from simulator.cli import main
from simulator.data import data_path
from simulator.errors import InputError
from simulator.inputs.tariff import HOURS_PER_MONTH, energy_prices, grid_prices
from simulator.inputs.timegrid import model_index, scenario_index


def _table(name):
    with data_path(f"tariffs/{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_seasons_give_each_month_its_own_prices(small_raw):
    # The shipped seasonal placeholder: dry Dec-Apr, wet Jun-Oct, shoulder May and Nov, one price table each.
    scenario = make_scenario(small_raw, **{"grid.tariff": "yunnan_seasonal_placeholder"})
    table = _table("yunnan_seasonal_placeholder")
    index = model_index(2026)
    price, bands, meta = energy_prices(scenario.grid, index)
    band_of_hour = {h: b for b, hs in table["hours"].items() for h in hs}
    season_of_month = {mo: name for name, s in table["seasons"].items() for mo in s["months"]}
    expected = [table["seasons"][season_of_month[t.month]]["prices_cny_per_kwh"][band_of_hour[t.hour]] for t in index]
    np.testing.assert_array_equal(price, expected)
    assert bands[index.get_loc(pd.Timestamp("2026-07-15 03:00", tz="Asia/Shanghai"))] == "wet:valley"
    assert bands[index.get_loc(pd.Timestamp("2026-01-15 10:00", tz="Asia/Shanghai"))] == "dry:peak"
    assert meta["seasons"] == {"wet": [6, 7, 8, 9, 10], "dry": [1, 2, 3, 4, 12], "shoulder": [5, 11]}


def test_a_season_may_bring_its_own_bands(small_raw):
    seasons = {"dry": {"months": [1, 2, 3, 4, 5, 11, 12], "prices_cny_per_kwh": {"high": 0.6, "low": 0.3},
                       "hours": {"high": list(range(12, 24)), "low": list(range(12))}},
               "wet": {"months": [6, 7, 8, 9, 10], "prices_cny_per_kwh": {"high": 0.2, "low": 0.1},
                       "hours": {"high": list(range(12, 24)), "low": list(range(12))}}}
    scenario = make_scenario(small_raw, **{"grid.tou_seasons": seasons})
    index = model_index(2026)
    price, _, meta = energy_prices(scenario.grid, index)
    dry, wet = (index.month <= 5) | (index.month >= 11), (index.month >= 6) & (index.month <= 10)
    assert set(price[dry & (index.hour >= 12)]) == {0.6} and set(price[wet & (index.hour < 12)]) == {0.1}
    assert meta["tag"] == "scenario"


@pytest.mark.parametrize("months, expected", [
    ([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11]], r"every month 1\.\.12 in exactly one season"),
    ([[1, 2, 3, 4, 5, 6, 7], [7, 8, 9, 10, 11, 12]], r"each month in one season only"),
    ([[0, 1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], r"month numbers 1\.\.12"),
])
def test_seasons_must_cover_every_month_once(small_raw, months, expected):
    seasons = {f"s{i}": {"months": m, "prices_cny_per_kwh": {"peak": 0.5, "flat": 0.3, "valley": 0.1}}
               for i, m in enumerate(months)}
    scenario = make_scenario(small_raw, **{"grid.tou_seasons": seasons})
    with pytest.raises(InputError, match=expected):
        energy_prices(scenario.grid, scenario_index(scenario))


@pytest.mark.parametrize("basis", ["energy", "capacity"])
def test_td_is_charged_once_per_kwh_or_per_kw(small_raw, basis):
    # The tariff's parts add up once: π_t = energy + funds + system operation (+ T&D with basis "energy");
    # the fee per kW = capacity price (+ T&D x load rate x 730 h with basis "capacity"). Never both.
    scenario = make_scenario(small_raw, **{"grid.td_basis": basis})
    part = {k: v["value"] for k, v in _table("yunnan_placeholder")["parts"].items()}
    prices = grid_prices(scenario, scenario_index(scenario))
    adders = part["funds_cny_per_kwh"] + part["system_operation_cny_per_kwh"]
    td_fee = part["td_cny_per_kwh"] * part["td_load_rate_fraction"] * HOURS_PER_MONTH
    if basis == "energy":
        np.testing.assert_allclose(prices.import_cny_per_kwh, prices.energy_cny_per_kwh + adders
                                   + part["td_cny_per_kwh"], rtol=1e-15)
        assert prices.capacity_parts == {"capacity_charge": scenario.grid.capacity_charge_cny_per_kw_month}
        assert prices.per_kwh_parts["grid_td"] == part["td_cny_per_kwh"]
    else:
        np.testing.assert_allclose(prices.import_cny_per_kwh, prices.energy_cny_per_kwh + adders, rtol=1e-15)
        assert "grid_td" not in prices.per_kwh_parts
        assert prices.capacity_parts["grid_td_capacity"] == pytest.approx(td_fee, rel=1e-15)
        assert prices.capacity_charge_cny_per_kw_month == pytest.approx(
            scenario.grid.capacity_charge_cny_per_kw_month + td_fee, rel=1e-15)
    # the flat total per kWh of the energy basis is the old single placeholder price 0.45 CNY/kWh
    if basis == "energy":
        flat = prices.bands == "flat"
        np.testing.assert_allclose(prices.import_cny_per_kwh[flat], 0.45, rtol=1e-12)


def _price_file(path, index, values, drop=None, repeat=None):
    stamps = [t.isoformat() for t in index]
    rows = [(s, v) for s, v in zip(stamps, values)]
    if drop is not None:
        rows.pop(drop)
    if repeat is not None:
        rows.insert(repeat, rows[repeat])
    pd.DataFrame(rows, columns=["timestamp", "price_cny_per_kwh"]).to_csv(path, index=False)
    return path


def test_price_series_replace_the_table_and_are_checked_like_profiles(small_raw, tmp_path):
    scenario = make_scenario(small_raw)
    index = scenario_index(scenario)
    values = 0.3 + 0.1 * np.sin(np.arange(len(index)) / 5.0)  # energy part; + 0.05 per-kWh parts > export 0.2
    ok = _price_file(tmp_path / "ok.csv", index, values)
    priced = make_scenario(small_raw, **{"grid.import_price_csv": str(ok)})
    prices = grid_prices(priced, index)
    np.testing.assert_allclose(prices.energy_cny_per_kwh, values, rtol=1e-12)
    assert set(prices.bands) == {"series"}
    gap = _price_file(tmp_path / "gap.csv", index, values, drop=30)
    with pytest.raises(InputError, match=r"grid\.import_price_csv timestamps after .*step of 2 h"):
        grid_prices(make_scenario(small_raw, **{"grid.import_price_csv": str(gap)}), index)
    dup = _price_file(tmp_path / "dup.csv", index, values, repeat=10)
    with pytest.raises(InputError, match="no duplicated timestamps"):
        grid_prices(make_scenario(small_raw, **{"grid.import_price_csv": str(dup)}), index)
    bad = values.copy()
    bad[5] = np.inf
    inf = _price_file(tmp_path / "inf.csv", index, bad)
    with pytest.raises(InputError, match="a finite price"):
        grid_prices(make_scenario(small_raw, **{"grid.import_price_csv": str(inf)}), index)
    with pytest.raises(InputError, match="replaces the TOU table"):
        make_scenario(small_raw, **{"grid.import_price_csv": str(ok), "grid.tou_hours": {"flat": list(range(24))}})


def test_export_series_checked_against_the_import_price_step_by_step(small_raw, tmp_path):
    scenario = make_scenario(small_raw)
    index = scenario_index(scenario)
    imported = grid_prices(scenario, index).import_cny_per_kwh
    export = imported - 0.01
    export[40] = imported[40] + 0.001  # the first bad step
    export[90] = imported[90] + 0.5
    path = _price_file(tmp_path / "export.csv", index, export)
    first = re.escape(f"grid.export_price_csv = {float(export[40])!r}") + ".*" + re.escape(f"step 40, {index[40]}")
    with pytest.raises(InputError, match=first):
        grid_prices(make_scenario(small_raw, **{"grid.export_price_csv": str(path)}), index)
    # without reverse flow the export price is irrelevant and not checked
    off = make_scenario(small_raw, **{"grid.export_price_csv": str(path), "grid.export_allowed": False})
    assert not grid_prices(off, index).meta["export_allowed"]


def test_validate_refuses_a_gap_and_an_export_series_above_import(tmp_path, capsys):
    scenario_file = tmp_path / "park.toml"
    index = scenario_index(make_scenario(SMALL_PARK))  # SMALL_PARK_TOML is the same park
    prices = 0.3 + 0.0 * np.arange(len(index))
    _price_file(tmp_path / "gap.csv", index, prices, drop=100)
    scenario_file.write_text(SMALL_PARK_TOML + '\n[grid]\nimport_price_csv = "gap.csv"\n', encoding="utf-8")
    assert main(["validate", str(scenario_file)]) == 1
    err = capsys.readouterr().err
    assert "gap.csv" in err and "grid.import_price_csv timestamps after" in err
    _price_file(tmp_path / "import.csv", index, prices)
    export = np.full(len(index), 0.1)
    export[7] = 0.36  # above the import price 0.30 + funds 0.03 + system operation 0.02
    _price_file(tmp_path / "export.csv", index, export)
    scenario_file.write_text(SMALL_PARK_TOML + '\n[grid]\nimport_price_csv = "import.csv"\n'
                             'export_price_csv = "export.csv"\n', encoding="utf-8")
    assert main(["validate", str(scenario_file)]) == 1
    err = capsys.readouterr().err
    assert "grid.export_price_csv = 0.36" in err and f"step 7, {index[7]}" in err
    export[7] = 0.1
    _price_file(tmp_path / "export.csv", index, export)
    assert main(["validate", str(scenario_file)]) == 0
