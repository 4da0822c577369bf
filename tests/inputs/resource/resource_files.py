"""Weather files and fixtures for the resource tests (imported by the test modules, no conftest here,
so that ``from park_fixtures import`` in other test folders keeps finding tests/conftest.py).

EPW and PVGIS CSV/JSON files are written from known values.

Only pvlib's shipped TMY3 file (``pvlib/data/723170TYA.CSV``, Greensboro NC) is a real file; the others
are written here so that every read-back can be checked against the numbers that went in.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest

TMY3_PATH = Path(pvlib.__path__[0]) / "data" / "723170TYA.CSV"


def write_epw(path: Path, tmy3: pd.DataFrame, latitude=36.1, longitude=-79.95, tz_hours=-5.0,
              altitude_m=273.0) -> Path:
    """An EPW file holding the TMY3 values: EPW hour h (1-24) = the TMY3 row labelled h:00."""
    header = [f"LOCATION,Greensboro,NC,USA,TMY3,723170,{latitude},{longitude},{tz_hours},{altitude_m}",
              "DESIGN CONDITIONS,0", "TYPICAL/EXTREME PERIODS,0", "GROUND TEMPERATURES,0",
              "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0", "COMMENTS 1,written by the zcpark tests",
              "COMMENTS 2,values of pvlib 723170TYA.CSV", "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31"]
    lines = []
    for (date, hour), row in zip(zip(tmy3["Date (MM/DD/YYYY)"], tmy3["Time (HH:MM)"]), tmy3.itertuples()):
        month, day, year = (int(x) for x in date.split("/"))
        h = int(hour.split(":")[0])
        fields = [year, month, day, h, 60, "?", f"{row.temp_air:.1f}", 10.0, 50, 101325, 0, 0, 300,
                  f"{row.ghi:.0f}", f"{row.dni:.0f}", f"{row.dhi:.0f}", 0, 0, 0, 0, 180, f"{row.wind_speed:.1f}",
                  5, 5, 20, 9999, 9, 999999999, 10, 0.1, 0, 88, 0.2, 0, 0]
        lines.append(",".join(str(f) for f in fields))
    path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    return path



def pvgis_frame() -> pd.DataFrame:
    """A known TMY in UTC: 8760 hours, month m taken from year 2004 + m, values from a formula."""
    stamps = pd.date_range("2001-01-01", periods=8760, freq="h", tz="UTC")
    hour = stamps.hour.to_numpy()
    day = stamps.day_of_year.to_numpy()
    # a smooth, distinct value in every hour so that any shift is visible: sun up 23-11 UTC (07-19 in UTC+8)
    local = (hour + 8) % 24
    sun = np.clip(np.sin((local - 7) / 12 * np.pi), 0, None)
    ghi = np.round(800 * sun * (0.8 + 0.2 * np.cos(day / 365 * 2 * np.pi)), 1)
    frame = pd.DataFrame({"T2m": np.round(15 + 5 * np.sin(local / 24 * 2 * np.pi), 2), "RH": 60.0,
                          "G(h)": ghi, "Gb(n)": np.round(ghi * 0.9, 1), "Gd(h)": np.round(ghi * 0.3, 1),
                          "IR(h)": 300.0, "WS10m": np.round(2 + day / 365, 3), "WD10m": 180.0, "SP": 81000.0},
                         index=stamps)
    parts = pd.DataFrame({"year": 2004 + stamps.month, "month": stamps.month, "day": stamps.day, "hour": stamps.hour})
    frame.index = pd.DatetimeIndex(pd.to_datetime(parts)).tz_localize("UTC")
    return frame



def write_pvgis_csv(path: Path, frame: pd.DataFrame, n_rows: int | None = None) -> Path:
    rows = frame if n_rows is None else frame.iloc[:n_rows]
    lines = ["Latitude (decimal degrees): 25.000", "Longitude (decimal degrees): 102.650", "Elevation (m): 1889.0",
             "Irradiance Time Offset (h): 0.0", "month,year"]
    lines += [f"{m},{2004 + m}" for m in range(1, 13)]
    lines.append("time(UTC)," + ",".join(frame.columns))
    body = rows.copy()
    body.index = rows.index.strftime("%Y%m%d:%H%M")
    lines += body.to_csv(header=False, float_format="%g", lineterminator="\n").splitlines()
    lines += ["T2m: 2-m air temperature (degree Celsius)", "G(h): Global irradiance on the horizontal plane (W/m2)"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path



def write_pvgis_json(path: Path, frame: pd.DataFrame) -> Path:
    hourly = frame.assign(**{"time(UTC)": frame.index.strftime("%Y%m%d:%H%M")}).to_dict(orient="records")
    doc = {"inputs": {"location": {"latitude": 25.0, "longitude": 102.65, "elevation": 1889.0},
                      "meteo_data": {"radiation_db": "test"}},
           "outputs": {"months_selected": [{"month": m, "year": 2004 + m} for m in range(1, 13)],
                       "tmy_hourly": hourly},
           "meta": {"inputs": {"location": {"description": "test"}}}}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tmy3_path() -> Path:
    """pvlib's shipped TMY3 example (Greensboro, NC; UTC-5; hour-ending stamps)."""
    return TMY3_PATH


@pytest.fixture(scope="session")
def tmy3_raw() -> pd.DataFrame:
    """The TMY3 file as pvlib reads it (mapped names, pvlib's hour-ending index)."""
    data, _ = pvlib.iotools.read_tmy3(str(TMY3_PATH), map_variables=True)
    return data


@pytest.fixture
def epw_path(tmp_path, tmy3_raw) -> Path:
    """An EPW file written from the TMY3 values."""
    return write_epw(tmp_path / "greensboro.epw", tmy3_raw)
