"""Hourly point series: NASA POWER hourly CSV and ERA5 point CSV, from small synthetic files in the documented
formats (POWER API CSV with its header block; CDS ERA5 time-series CSV with ssrd in J/m2 per hour)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.inputs.resource import build_resource
from simulator.inputs.resource.point_series import point_weather, read_era5, read_nasa_power, read_point_series
from simulator.inputs.timegrid import model_index, scenario_index
from simulator.scenario import scenario_from_dict

LAT, LON = 25.0, 102.65   # Kunming: POWER's local solar time is UTC+7 here, Beijing time UTC+8


def hourly_ghi(stamps_utc: pd.DatetimeIndex) -> np.ndarray:
    """A bell between 23:00 and 11:00 UTC (07:00-19:00 Beijing time), peak 900 W/m2 at 05:00 UTC."""
    hour = np.asarray((stamps_utc.hour + 1) % 24, dtype=float)   # 23 UTC -> 0
    return np.round(np.clip(900.0 * np.sin(np.pi * hour / 12.0), 0.0, None), 2)


def write_power(path: Path, start: str, end: str, standard: str = "UTC", fill_at: int | None = None,
                ghi_unit: str = "Wh/m^2", drop_row: int | None = None, duplicate_row: int | None = None,
                with_diffuse: bool = True) -> pd.DataFrame:
    """A NASA POWER hourly CSV (header block, YEAR,MO,DY,HR); stamps are hour starts in ``standard``."""
    stamps = pd.date_range(start, end, freq="h", inclusive="left")
    offset = 0 if standard == "UTC" else 7
    ghi = hourly_ghi(stamps - pd.Timedelta(hours=offset))
    table = pd.DataFrame({"YEAR": stamps.year, "MO": stamps.month, "DY": stamps.day, "HR": stamps.hour,
                          "ALLSKY_SFC_SW_DWN": ghi, "T2M": np.round(10 + 5 * np.sin(np.arange(len(stamps)) / 4), 2),
                          "WS10M": 3.0, "WS50M": 5.5})
    if with_diffuse:
        table.insert(5, "ALLSKY_SFC_SW_DIFF", np.round(0.4 * ghi, 2))
    if fill_at is not None:
        table.loc[fill_at, "T2M"] = -999.0
    if drop_row is not None:
        table = table.drop(index=drop_row)
    if duplicate_row is not None:
        table = pd.concat([table, table.iloc[[duplicate_row]]])
    params = ["ALLSKY_SFC_SW_DWN     CERES SYN1deg All Sky Surface Shortwave Downward Irradiance (" + ghi_unit + ")",
              "T2M                   MERRA-2 Temperature at 2 Meters (C)",
              "WS10M                 MERRA-2 Wind Speed at 10 Meters (m/s)",
              "WS50M                 MERRA-2 Wind Speed at 50 Meters (m/s)"]
    if with_diffuse:
        params.insert(1, "ALLSKY_SFC_SW_DIFF    CERES SYN1deg All Sky Surface Shortwave Diffuse Irradiance (" + ghi_unit + ")")
    header = ["-BEGIN HEADER-", "NASA/POWER CERES/MERRA2 Native Resolution Hourly Data",
              f"Dates (month/day/year): {stamps[0]:%m/%d/%Y} through {stamps[-1]:%m/%d/%Y} in {standard}",
              f"Location: Latitude  {LAT}   Longitude {LON}",
              "Elevation from MERRA-2: Average for 0.5 x 0.625 degree lat/lon region = 1953.23 meters",
              "The value for missing source data that cannot be computed or is outside of the sources "
              "availability range: -999", "Parameter(s): ", *params, "-END HEADER-"]
    path.write_text("\n".join(header) + "\n" + table.to_csv(index=False), encoding="utf-8")
    return table


def write_era5(path: Path, start: str, end: str, hub: bool = True, kelvin: bool = True,
               drop_row: int | None = None) -> pd.DataFrame:
    """An ERA5 point CSV: valid_time (UTC), ssrd accumulated over the hour ending at valid_time [J/m2]."""
    stamps = pd.date_range(start, end, freq="h")                       # instants, both ends included
    ghi_of_hour_ending = hourly_ghi(stamps - pd.Timedelta(hours=1))   # the hour [T - 1 h, T)
    n = len(stamps)
    table = pd.DataFrame({"valid_time": stamps.strftime("%Y-%m-%d %H:%M:%S"),
                          "ssrd": ghi_of_hour_ending * 3600.0,
                          "t2m": 283.15 + np.arange(n) % 7 + (0 if kelvin else -273.15),
                          "u10": 3.0, "v10": 4.0 * (np.arange(n) % 2)})
    if hub:
        table["u100"] = 6.0
        table["v100"] = 8.0
    table["latitude"] = LAT
    table["longitude"] = LON
    if drop_row is not None:
        table = table.drop(index=drop_row)
    table.to_csv(path, index=False)
    return table


def test_era5_conversions_by_hand(tmp_path):
    path = tmp_path / "era5.csv"
    table = write_era5(path, "2025-06-01 00:00", "2025-06-03 00:00")
    data, meta = read_era5(path)
    # 48 hours: the first stamp's ssrd belongs to the hour before the file, the last stamp only ends a step
    assert len(data) == 48 and data.index[0] == pd.Timestamp("2025-06-01 00:00", tz="UTC")
    # ssrd [J/m2 over the hour ending at T] -> W/m2 mean of the step starting at T - 1 h
    expected = table["ssrd"].to_numpy()[1:] / 3600.0
    np.testing.assert_allclose(data["ghi"].to_numpy(), expected, rtol=1e-12)
    assert data["ghi"].max() == pytest.approx(900.0, rel=1e-12)
    assert data["ghi"].idxmax().hour == 5                              # peak at 05:00 UTC
    # K -> degC, mean of the hour's two ends
    t = table["t2m"].to_numpy() - 273.15
    np.testing.assert_allclose(data["temp_air"].to_numpy(), 0.5 * (t[:-1] + t[1:]), rtol=1e-12)
    # wind speed from u/v at each end, then averaged: |(3, 0)| = 3, |(3, 4)| = 5 -> 4 m/s
    np.testing.assert_allclose(data["wind_speed"].to_numpy(), 4.0, rtol=1e-12)
    np.testing.assert_allclose(data["wind_speed_hub"].to_numpy(), 10.0, rtol=1e-12)
    assert meta["wind_hub_height_m"] == 100.0 and meta["latitude"] == LAT


def test_nasa_power_lst_is_local_solar_time_not_beijing_time(tmp_path):
    utc, lst = tmp_path / "utc.csv", tmp_path / "lst.csv"
    write_power(utc, "2025-06-01", "2025-06-04", "UTC")
    write_power(lst, "2025-06-01", "2025-06-04", "LST")
    a, meta_a = read_nasa_power(utc)
    b, meta_b = read_nasa_power(lst)
    # the same physical hours: the LST file's stamps are UTC+7 (round(102.65 / 15) = 7)
    assert "UTC+7" in meta_b["time_note"]
    common = a.index.intersection(b.index)
    assert len(common) == 72 - 7
    np.testing.assert_allclose(a.loc[common, "ghi"], b.loc[common, "ghi"], rtol=1e-12)
    assert a["ghi"].idxmax() == pd.Timestamp("2025-06-01 05:00", tz="UTC")
    assert meta_a["wind_hub_height_m"] == 50.0 and meta_a["altitude_m"] == pytest.approx(1953.23)


def test_nasa_power_mj_per_hour_unit(tmp_path):
    path = tmp_path / "mj.csv"
    table = write_power(path, "2025-06-01", "2025-06-02", ghi_unit="MJ/hr")
    data, _ = read_nasa_power(path)
    np.testing.assert_allclose(data["ghi"].to_numpy(), table["ALLSKY_SFC_SW_DWN"].to_numpy() * 1e6 / 3600.0)


@pytest.mark.parametrize("kind, kwargs, field", [
    ("power", {"fill_at": 30}, "T2M"),
    ("power", {"drop_row": 20}, "time step"),
    ("power", {"duplicate_row": 5}, "time stamps"),
    ("power", {"ghi_unit": "kWh/m^2"}, "ALLSKY_SFC_SW_DWN"),
    ("era5", {"kelvin": False}, "t2m"),
    ("era5", {"drop_row": 10}, "time step"),
])
def test_bad_files_one_line_error(tmp_path, kind, kwargs, field):
    path = tmp_path / f"{kind}.csv"
    if kind == "power":
        write_power(path, "2025-06-01", "2025-06-03", **kwargs)
    else:
        write_era5(path, "2025-06-01 00:00", "2025-06-03 00:00", **kwargs)
    with pytest.raises(InputError) as err:
        read_point_series(path, "nasa_power" if kind == "power" else "era5")
    assert err.value.issues[0].field == field
    assert "\n" not in str(err.value)


def test_power_header_missing(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("YEAR,MO,DY,HR,ALLSKY_SFC_SW_DWN\n2025,1,1,0,0\n", encoding="utf-8")
    with pytest.raises(InputError, match="BEGIN HEADER"):
        read_nasa_power(path)


def test_year_needs_the_previous_years_last_utc_hours(tmp_path):
    """Beijing-time 2025 starts at 2024-12-31 16:00 UTC: a UTC file of calendar 2025 lacks 8 hours of it."""
    index = model_index(2025, "Asia/Shanghai", 60)
    short = tmp_path / "short.csv"
    write_era5(short, "2025-01-01 00:00", "2026-01-01 00:00", hub=False)
    with pytest.raises(InputError) as err:
        point_weather(short, "era5", 2025, index, LAT, LON)
    assert err.value.issues[0].field == "weather.year" and "8 missing" in err.value.issues[0].expected
    full = tmp_path / "full.csv"
    table = write_era5(full, "2024-12-31 15:00", "2026-01-01 00:00")
    data, meta = point_weather(full, "era5", 2025, index, LAT, LON)
    assert len(data) == 8760 and not data.isna().any().any()
    # local 2025-01-01 08:00 (Beijing) = 00:00 UTC: ssrd of the hour ending at 01:00 UTC
    row = table.index[table["valid_time"] == "2025-01-01 01:00:00"][0]
    assert data.loc[pd.Timestamp("2025-01-01 08:00", tz="Asia/Shanghai"), "ghi"] == pytest.approx(
        table.loc[row, "ssrd"] / 3600.0, rel=1e-12)
    # GHI kept: the year's irradiation equals the file's accumulations over the local year [kWh/m2]
    stamps = pd.to_datetime(table["valid_time"]).dt.tz_localize("UTC")
    inside = (stamps > pd.Timestamp("2024-12-31 16:00", tz="UTC")) & (stamps <= pd.Timestamp("2025-12-31 16:00", tz="UTC"))
    assert data["ghi"].sum() / 1000 == pytest.approx(table.loc[inside, "ssrd"].sum() / 3.6e6, rel=1e-12)
    assert meta["hub_wind"]["height_m"] == 100.0
    assert any("Erbs" in note for note in meta["conversions"])
    # the Erbs split never puts more diffuse than global
    assert (data["dhi"] <= data["ghi"] + 1e-9 * data["ghi"].max()).all()


def test_leap_record_year_on_a_common_park_year(tmp_path):
    path = tmp_path / "power.csv"
    write_power(path, "2023-12-31", "2025-01-02", "UTC")
    index = model_index(2026, "Asia/Shanghai", 60)
    data, meta = point_weather(path, "nasa_power", 2024, index, LAT, LON)
    assert len(data) == 8760
    assert any("29 February 2024 left out" in n for n in meta["conversions"])
    assert any("pvlib.irradiance.dni" in n for n in meta["conversions"])
    common = tmp_path / "common.csv"
    write_power(common, "2024-12-31", "2026-01-02", "UTC")
    with pytest.raises(InputError, match="leap year"):
        point_weather(common, "nasa_power", 2025, model_index(2028, "Asia/Shanghai", 60), LAT, LON)


def power_scenario(path: Path, year: int, days: int = 7, timestep: int = 60):
    return scenario_from_dict({
        "park": {"name": "power_park", "latitude": LAT, "longitude": LON, "altitude_m": 1889, "year": 2026,
                 "start": "2026-03-02", "days": days, "timestep_minutes": timestep},
        "weather": {"source": "nasa_power", "file": str(path), "year": year},
        "load": {"enterprises": [{"name": "smelter", "archetype": "electrolytic_aluminium", "annual_kwh": 8.76e7}]},
        "pv": {"max_kw": 60_000}, "wind": {"max_kw": 20_000}, "storage": {"max_duration_h": 8}})


def test_scenario_uses_file_and_50m_wind_for_the_hub(tmp_path):
    path = tmp_path / "power.csv"
    table = write_power(path, "2024-12-31", "2026-01-02", "UTC")
    sc = power_scenario(path, 2025, timestep=15)
    resource = build_resource(sc, scenario_index(sc))
    weather = resource.summary["weather"]
    local = pd.DatetimeIndex(pd.to_datetime(table[["YEAR", "MO", "DY", "HR"]].set_axis(
        ["year", "month", "day", "hour"], axis=1))).tz_localize("UTC").tz_convert("Asia/Shanghai")
    in_2025 = local.year == 2025
    assert weather["ghi_kwh_per_m2_yr"] == pytest.approx(table.loc[in_2025, "ALLSKY_SFC_SW_DWN"].sum() / 1000,
                                                         rel=1e-9)
    assert any("held constant over each 15-min step" in n for n in weather["conversions"])
    assert "at 50 m extrapolated" in resource.summary["wind"]["source"]
    with pytest.raises(InputError):
        build_resource(power_scenario(path, 2019), scenario_index(power_scenario(path, 2019)))


def test_recorded_years_accept_point_series(tmp_path):
    from simulator.studies.robustness.years import recorded_years

    path = tmp_path / "power.csv"
    write_power(path, "2024-12-31", "2026-01-02", "UTC")
    years = recorded_years(power_scenario(path, 2025), 2025, 2025)
    assert [y.label for y in years] == ["2025"] and years[0].scenario.weather.year == 2025


def test_schema_needs_the_year_of_a_multi_year_file_and_a_drawn_year_for_its_normal(tmp_path):
    base = {"park": {"name": "p", "latitude": LAT, "longitude": LON, "altitude_m": 1889, "year": 2026},
            "load": {"enterprises": [{"name": "e", "archetype": "electrolytic_aluminium", "annual_kwh": 8.76e7}]}}
    with pytest.raises(InputError, match="weather.year"):
        scenario_from_dict({**base, "weather": {"source": "era5", "file": str(tmp_path / "x.csv")}})
    with pytest.raises(InputError, match="monthly_ghi_kwh_per_m2"):
        scenario_from_dict({**base, "weather": {"monthly_ghi_normal_kwh_per_m2": [150.0] * 12}})
