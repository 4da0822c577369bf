"""Weather readers: pvlib's TMY3 example, EPW/PVGIS/CSV written from known values, and bad files."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import pytest
from resource_files import (epw_path, pvgis_frame, tmy3_path, tmy3_raw, write_pvgis_csv,  # noqa: F401 (fixtures)
                            write_pvgis_json)
from pvlib.modelchain import ModelChain
from pvlib.pvsystem import PVSystem
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS

from simulator.errors import InputError
from simulator.inputs.resource.readers import read_weather
from simulator.inputs.resource.solar import pv_availability
from simulator.inputs.timegrid import model_index

GREENSBORO = dict(latitude=36.1, longitude=-79.95, altitude_m=273.0)


# ------------------------------------------------------------------ TMY3 (pvlib's shipped file)

def test_tmy3_keeps_every_value_and_moves_hour_ending_stamps_to_step_starts(tmy3_path, tmy3_raw):
    index = model_index(1990, "Etc/GMT+5")          # the file's own zone (UTC-5, no DST)
    data, meta = read_weather(tmy3_path, "tmy3", index)
    assert data.index.equals(index)
    # nothing lost or invented: the annual sums equal the file's
    for col in ("ghi", "dni", "dhi", "wind_speed"):
        assert data[col].sum() == pytest.approx(float(tmy3_raw[col].sum()), rel=1e-12)
    # the row labelled 01/01 13:00 (the hour 12:00-13:00) is the model step starting at 12:00
    raw = tmy3_raw[(tmy3_raw["Date (MM/DD/YYYY)"].str.startswith("01/01")) & (tmy3_raw["Time (HH:MM)"] == "13:00")]
    assert data.loc["1990-01-01 12:00", "ghi"] == float(raw["ghi"].iloc[0])
    # 28 Feb of a leap source year (1996) stays 28 Feb, its 24:00 row is the step starting at 23:00
    raw = tmy3_raw[(tmy3_raw["Date (MM/DD/YYYY)"].str.startswith("02/28")) & (tmy3_raw["Time (HH:MM)"] == "24:00")]
    assert data.loc["1990-02-28 23:00", "temp_air"] == float(raw["temp_air"].iloc[0])
    assert meta["latitude"] == 36.1 and meta["wind_height_m"] == 10.0
    assert any("mapped onto 1990" in c for c in meta["conversions"])


def test_tmy3_pv_output_matches_an_independent_pvlib_modelchain(tmy3_path, tmy3_raw):
    """Our reader + PV chain against pvlib's ModelChain set up by hand on the raw file.

    pvlib documents TMY3 irradiance as belonging to the hour *before* its stamp, so the reference
    evaluates each row at the middle of that hour (stamp - 30 min). Same PVWatts parameters on both
    sides; any misalignment of the reader by one hour would move the hourly values by far more than
    the tolerance (the hour-to-hour change of AC output is ~0.1 kW/kW around noon).
    """
    tilt, dc_ac, losses, eta, gamma = 30.0, 1.2, 0.14, 0.98, -0.0035
    index = model_index(1990, "Etc/GMT+5")
    data, _ = read_weather(tmy3_path, "tmy3", index)
    ours = pv_availability(data, tilt_deg=tilt, dc_ac_ratio=dc_ac, system_losses_fraction=losses,
                           inverter_efficiency_fraction=eta, gamma_pdc_per_c=gamma, **GREENSBORO)

    weather = tmy3_raw[["ghi", "dni", "dhi", "temp_air", "wind_speed"]].astype(float).copy()
    # coerce every row to 1990 by its own date and hour (the file's 24:00 rows are the hour before midnight)
    hour = tmy3_raw["Time (HH:MM)"].str.split(":").str[0].astype(int)
    date = pd.to_datetime(tmy3_raw["Date (MM/DD/YYYY)"], format="%m/%d/%Y").map(lambda d: d.replace(year=1990))
    weather.index = pd.DatetimeIndex(date + pd.to_timedelta(hour, unit="h") - pd.Timedelta(minutes=30)).tz_localize(
        "Etc/GMT+5")
    weather = weather.sort_index()
    location = pvlib.location.Location(36.1, -79.95, "Etc/GMT+5", 273.0)
    system = PVSystem(surface_tilt=tilt, surface_azimuth=180.0, module_parameters={"pdc0": 1.0, "gamma_pdc": gamma},
                      inverter_parameters={"pdc0": 1.0 / dc_ac / eta, "eta_inv_nom": eta},
                      temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_glass"],
                      losses_parameters={"availability": 100 * losses, "soiling": 0, "shading": 0, "snow": 0,
                                         "mismatch": 0, "wiring": 0, "connections": 0, "lid": 0,
                                         "nameplate_rating": 0, "age": 0})
    chain = ModelChain(system, location, aoi_model="physical", spectral_model="no_loss", losses_model="pvwatts",
                       transposition_model="haydavies")
    chain.run_model(weather)
    reference = np.clip(np.nan_to_num(chain.results.ac.to_numpy(dtype=float)), 0, 1 / dc_ac)

    assert ours.to_numpy() == pytest.approx(reference, abs=1e-9)
    annual = float(ours.sum())
    # PVWatts-type fixed-tilt yield in North Carolina: NREL reports roughly 1,300-1,500 kWh/kWp (DC)
    assert 1250 < annual < 1550
    # and a one-hour shift would be visible: the shifted series differs by far more than the tolerance
    assert np.abs(np.roll(reference, 1) - reference).max() > 0.2


def test_tmy3_on_another_zone_and_finer_step_is_a_reported_conversion(tmy3_path, tmy3_raw):
    index = model_index(2024, "Asia/Shanghai", 15)
    data, meta = read_weather(tmy3_path, "tmy3", index)
    notes = " | ".join(meta["conversions"])
    assert "held constant" in notes and "29 February" in notes and "UTC+8" in notes
    # 2024-01-01 21:00 in Shanghai is 08:00 in Greensboro: the TMY3 row labelled 01/01 09:00
    raw = tmy3_raw[(tmy3_raw["Date (MM/DD/YYYY)"].str.startswith("01/01")) & (tmy3_raw["Time (HH:MM)"] == "09:00")]
    assert (data.loc["2024-01-01 21:00":"2024-01-01 21:45", "ghi"] == float(raw["ghi"].iloc[0])).all()
    # leap year: 366 days, 29 Feb repeats 28 Feb (in the file's clock)
    feb28 = data.loc["2024-02-28 13:00":"2024-02-29 12:45", "ghi"].to_numpy()
    feb29 = data.loc["2024-02-29 13:00":"2024-03-01 12:45", "ghi"].to_numpy()
    assert np.array_equal(feb28, feb29)
    assert data["ghi"].sum() / 4 == pytest.approx(float(tmy3_raw["ghi"].sum()) + feb28.sum() / 4, rel=1e-9)


# ------------------------------------------------------------------ EPW, PVGIS, plain CSV

def test_epw_written_from_the_tmy3_values_reads_back_identically(epw_path, tmy3_path):
    index = model_index(1990, "Etc/GMT+5")
    from_epw, meta = read_weather(epw_path, "epw", index)
    from_tmy3, _ = read_weather(tmy3_path, "tmy3", index)
    assert meta["altitude_m"] == 273.0
    np.testing.assert_allclose(from_epw[["ghi", "dni", "dhi"]].to_numpy(), from_tmy3[["ghi", "dni", "dhi"]].to_numpy())
    np.testing.assert_allclose(from_epw["temp_air"], from_tmy3["temp_air"], atol=0.051)


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_pvgis_tmy_utc_stamps_land_on_the_right_local_hour(tmp_path, kind):
    frame = pvgis_frame()
    path = (write_pvgis_csv if kind == "csv" else write_pvgis_json)(tmp_path / f"tmy.{kind}", frame)
    index = model_index(2026, "Asia/Shanghai")
    data, meta = read_weather(path, "pvgis", index)
    assert meta["latitude"] == 25.0
    # 2026-06-10 12:00 in Shanghai is 04:00 UTC on 10 June, taken from the file's 2010 June data
    source = frame.loc[pd.Timestamp("2010-06-10 04:00", tz="UTC")]
    row = data.loc["2026-06-10 12:00"]
    assert row["ghi"] == source["G(h)"] and row["temp_air"] == source["T2m"] and row["wind_speed"] == source["WS10m"]
    # the first model hour (00:00 +08) is 16:00 UTC on 31 December of the file: the year wraps
    assert data["temp_air"].iloc[0] == frame.loc[pd.Timestamp("2016-12-31 16:00", tz="UTC"), "T2m"]
    assert data["ghi"].sum() == pytest.approx(frame["G(h)"].sum())
    assert any("UTC+8" in c for c in meta["conversions"])


def _csv_year(year=2026, freq="h", tz=None):
    stamps = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq=freq, inclusive="left", tz=tz)
    hour = stamps.hour + stamps.minute / 60
    ghi = np.clip(np.sin((hour - 7) / 12 * np.pi), 0, None) * 900
    return pd.DataFrame({"time": stamps, "GHI_W_m2": ghi, "T_C": 18.0 + 0 * ghi, "WS_m_s": 3.0 + 0 * ghi})


COLUMNS = {"ghi": "GHI_W_m2", "temp_air": "T_C", "wind_speed": "WS_m_s"}


def test_plain_csv_with_column_map_decomposes_ghi_and_averages_15_min(tmp_path):
    path = tmp_path / "site.csv"
    _csv_year(freq="15min").to_csv(path, index=False)
    index = model_index(2026, "Asia/Shanghai")
    data, meta = read_weather(path, "csv", index, columns=COLUMNS, time_column="time", year_mapping="strict",
                              wind_height_m=50.0, latitude=25.0, longitude=102.65)
    raw = _csv_year(freq="15min")
    # hourly mean of the four quarter-hours 12:00-12:45
    expected = raw.set_index("time").loc["2026-03-01 12:00":"2026-03-01 12:45", "GHI_W_m2"].mean()
    assert data.loc["2026-03-01 12:00", "ghi"] == pytest.approx(expected)
    assert meta["wind_height_m"] == 50.0
    assert (data["dhi"] <= data["ghi"] + 1e-9).all() and data["dni"].max() > 0
    notes = " | ".join(meta["conversions"])
    assert "averaged" in notes and "Erbs" in notes


def test_plain_csv_hour_ending_stamps(tmp_path):
    frame = _csv_year()
    frame["time"] = frame["time"] + pd.Timedelta(hours=1)   # the same values, labelled by the end of the hour
    path = tmp_path / "ending.csv"
    frame.to_csv(path, index=False)
    index = model_index(2026, "Asia/Shanghai", days=3)
    data, _ = read_weather(path, "csv", index, columns=COLUMNS, time_column="time", time_label="end",
                           year_mapping="strict", latitude=25.0, longitude=102.65)
    assert data.loc["2026-01-02 12:00", "ghi"] == pytest.approx(_csv_year().set_index("time").loc["2026-01-02 12:00",
                                                                                                  "GHI_W_m2"])


# ------------------------------------------------------------------ bad files: each a clear InputError

def test_truncated_tmy3_is_an_error(tmp_path, tmy3_path):
    path = tmp_path / "cut.csv"
    path.write_text("".join(tmy3_path.read_text().splitlines(keepends=True)[:5002]))
    with pytest.raises(InputError, match="rows = 5000: expected a full year"):
        read_weather(path, "tmy3", model_index(1990, "Etc/GMT+5"))


def test_truncated_pvgis_is_an_error(tmp_path):
    path = write_pvgis_csv(tmp_path / "cut.csv", pvgis_frame(), n_rows=4000)
    with pytest.raises(InputError, match="truncated or wrong format"):
        read_weather(path, "pvgis", model_index(2026))


def test_wrong_columns_are_named(tmp_path):
    path = tmp_path / "w.csv"
    _csv_year().to_csv(path, index=False)
    with pytest.raises(InputError, match="ghi, temp_air, wind_speed present"):
        read_weather(path, "csv", model_index(2026), time_column="time")
    with pytest.raises(InputError, match="GHI_kW"):
        read_weather(path, "csv", model_index(2026), time_column="time", columns=dict(COLUMNS, ghi="GHI_kW"))
    with pytest.raises(InputError, match="time-stamp column"):
        read_weather(path, "csv", model_index(2026), columns=COLUMNS)


def test_wrong_year_length_is_an_error(tmp_path):
    path = tmp_path / "short.csv"
    _csv_year().iloc[: 300 * 24].to_csv(path, index=False)
    with pytest.raises(InputError, match="model steps missing, first 2026-10-28"):
        read_weather(path, "csv", model_index(2026), columns=COLUMNS, time_column="time", year_mapping="strict",
                     latitude=25.0, longitude=102.65)
    with pytest.raises(InputError, match="rows = 7200: expected a full year of"):
        read_weather(path, "csv", model_index(2026), columns=COLUMNS, time_column="time",
                     latitude=25.0, longitude=102.65)


def test_nan_block_is_an_error_naming_where_it_starts(tmp_path):
    frame = _csv_year()
    frame.loc[1000:1005, "T_C"] = np.nan
    path = tmp_path / "nan.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"temp_air = '6 missing or non-numeric values from 2026-02-11 16:00"):
        read_weather(path, "csv", model_index(2026), columns=COLUMNS, time_column="time",
                     latitude=25.0, longitude=102.65)


def test_gap_and_unit_mistakes_are_errors(tmp_path):
    frame = _csv_year().drop(index=range(50, 53))
    path = tmp_path / "gap.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"0 days 04:00:00 before 2026-01-03 05:00.*one regular step of 0 days 01:00"):
        read_weather(path, "csv", model_index(2026), columns=COLUMNS, time_column="time", year_mapping="strict")
    kelvin = _csv_year()
    kelvin["T_C"] += 273.15
    kelvin.to_csv(path, index=False)
    with pytest.raises(InputError, match="physical range"):
        read_weather(path, "csv", model_index(2026), columns=COLUMNS, time_column="time", year_mapping="strict")
