"""Multi-year hourly single-point series: NASA POWER hourly CSV and ERA5 point CSV (``[weather] source =
"nasa_power"`` or ``"era5"`` with ``file`` and ``year``).

pvlib (0.16) only *downloads* these series (``pvlib.iotools.get_nasa_power``, ``get_era5``); it has no
reader for the files a planner saves, so they are parsed here with pvlib's variable names and unit
conversions (``pvlib.iotools.nasa_power.VARIABLE_MAP``, ``pvlib.iotools.era5.UNITS``).

Formats (docs/resource.md §1):

- **NASA POWER hourly CSV** (``power.larc.nasa.gov/api/temporal/hourly/point?...&format=CSV``): a
  ``-BEGIN HEADER-`` .. ``-END HEADER-`` block (time standard in the ``Dates ... in LST|UTC`` line, the
  location, the fill value, one line per parameter with its unit in brackets), then ``YEAR,MO,DY,HR`` and
  one column per parameter. Values are means over the hour starting at ``HR`` (as pvlib's
  ``get_nasa_power`` labels them). ``UTC`` is UTC; ``LST`` is POWER's *local solar time*: UTC + the
  15-degree band of the longitude, round(longitude / 15) h (UTC+7 for most of Yunnan, not Beijing time).
  Parameters: ``ALLSKY_SFC_SW_DWN`` (GHI, Wh/m2 per hour = W/m2 mean, or MJ/hr), optionally
  ``ALLSKY_SFC_SW_DIFF`` and ``ALLSKY_SFC_SW_DNI``, ``T2M`` (degC), ``WS10M`` (m/s, required: the PV
  chain's module cooling uses 10 m wind) and optionally ``WS50M`` (used for the hub wind).
- **ERA5 point CSV** (the CDS "ERA5 hourly time-series data on single levels" CSV, what
  ``pvlib.iotools.get_era5`` reads): ``valid_time`` (or ``time``) in UTC, ``ssrd`` [J/m2 accumulated
  over the hour *ending* at the stamp], ``t2m`` [K], ``u10``/``v10`` [m/s, required] and optionally
  ``u100``/``v100`` (hub wind); ``latitude``/``longitude`` columns if present. Conversions: GHI of the
  hour [T - 1 h, T) = ssrd(T) / 3600 W/m2; the hour's temperature and wind speed = the mean of the
  instantaneous values at its two ends (wind speed = sqrt(u^2 + v^2) at each instant).

Everything is checked before any use: header, columns, units, fill values (an error, nothing is
filled), duplicated stamps, gaps, physical ranges, and that the chosen calendar ``year`` is complete in
the model's time zone (a UTC file for a year in UTC+8 also needs the last 8 hours of the previous year).
The year is converted to the model's time zone and placed on ``park.year`` by month, day and hour (29
February dropped for a non-leap ``park.year``, reported; a leap ``park.year`` needs a leap record year).
DNI/DHI: as given (NASA POWER with both), DNI from GHI and DHI with ``pvlib.irradiance.dni`` (DHI only),
or the Erbs decomposition (GHI only; ERA5) — each reported.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
from pvlib.iotools import era5 as pvlib_era5

from simulator.errors import InputError, InputIssue
from simulator.inputs.textfile import read_text

SOURCES = ("nasa_power", "era5")
OUTPUT = ("ghi", "dni", "dhi", "temp_air", "wind_speed")
POWER_FILL_VALUE = -999.0
POWER_IRRADIANCE_UNITS = {"wh/m^2": 1.0, "w/m^2": 1.0, "wh/m2": 1.0, "w/m2": 1.0,
                          "mj/hr": 1e6 / 3600.0, "mj/m^2/hr": 1e6 / 3600.0}
LIMITS = {"ghi": (-5.0, 1500.0), "dni": (-5.0, 1500.0), "dhi": (-5.0, 1000.0), "temp_air": (-60.0, 60.0),
          "wind_speed": (0.0, 75.0), "wind_speed_hub": (0.0, 75.0)}


def _issue(path, field: str, value, expected: str) -> InputError:
    return InputError(InputIssue(str(path), field, value, expected))


# --------------------------------------------------------------------------------------------------
# NASA POWER hourly CSV
# --------------------------------------------------------------------------------------------------

def _power_header(lines: list[str], path) -> tuple[dict, int]:
    try:
        begin = next(i for i, line in enumerate(lines) if line.strip() == "-BEGIN HEADER-")
        end = next(i for i, line in enumerate(lines) if line.strip() == "-END HEADER-")
    except StopIteration:
        raise _issue(path, "header", lines[0].strip()[:40] if lines else "empty file",
                     "a NASA POWER CSV with its -BEGIN HEADER- ... -END HEADER- block") from None
    header = lines[begin + 1:end]
    text = "\n".join(header)
    standard = re.search(r"\bin\s+(LST|UTC)\b", text)
    if standard is None:
        raise _issue(path, "header", "no time standard",
                     "the 'Dates (month/day/year): ... in LST' or '... in UTC' line of the POWER header")
    meta = {"time_standard": standard.group(1), "fill_value": POWER_FILL_VALUE, "units": {}}
    location = re.search(r"Latitude\s+(-?[\d.]+)\s+Longitude\s+(-?[\d.]+)", text, re.IGNORECASE)
    if location:
        meta["latitude"], meta["longitude"] = float(location.group(1)), float(location.group(2))
    elevation = re.search(r"=\s*(-?[\d.]+)\s*meters", text)
    if elevation:
        meta["altitude_m"] = float(elevation.group(1))
    fill = re.search(r"availability range:\s*(-?[\d.]+)", text)
    if fill:
        meta["fill_value"] = float(fill.group(1))
    for line in header:
        unit = re.match(r"^\s*([A-Z0-9_]+)\s+.*\(([^()]*)\)\s*$", line)
        if unit:
            meta["units"][unit.group(1)] = unit.group(2).strip()
    return meta, end + 1


def _power_unit(meta: dict, column: str, path, allowed: dict) -> float:
    unit = meta["units"].get(column)
    if unit is None:
        raise _issue(path, column, "no unit in the header", f"a header line '{column} ... (unit)'")
    factor = allowed.get(unit.lower().replace(" ", ""))
    if factor is None:
        raise _issue(path, column, unit, "one of " + ", ".join(sorted(set(allowed))))
    return factor


def read_nasa_power(path: str | Path) -> tuple[pd.DataFrame, dict]:
    """A NASA POWER hourly CSV as hourly means on UTC step starts (see module docstring).

    Returns
    -------
    data : pandas.DataFrame
        ``ghi`` [W/m2], ``dhi``/``dni`` [W/m2] when in the file, ``temp_air`` [degC], ``wind_speed`` [m/s
        at 10 m], ``wind_speed_hub`` [m/s at 50 m] when in the file; index: UTC hour starts.
    meta : dict
        ``latitude``, ``longitude``, ``altitude_m`` (POWER's grid cell), ``wind_hub_height_m``,
        ``time_note`` and ``time_standard``.
    """
    path = Path(path)
    lines = read_text(path, str(path), "weather.file").splitlines()
    meta, first = _power_header(lines, path)
    try:
        raw = pd.read_csv(io.StringIO("\n".join(lines[first:])))
    except ValueError as exc:
        raise _issue(path, "data", str(exc)[:60], "the CSV table after -END HEADER-") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    need = ["YEAR", "MO", "DY", "HR", "ALLSKY_SFC_SW_DWN", "T2M", "WS10M"]
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise _issue(path, "columns", ", ".join(missing), "the POWER columns " + ", ".join(need))
    parts = raw[["YEAR", "MO", "DY", "HR"]].apply(pd.to_numeric, errors="coerce")
    parts.columns = ["year", "month", "day", "hour"]
    stamps = pd.to_datetime(parts, errors="coerce")
    if stamps.isna().any():
        row = int(np.flatnonzero(stamps.isna())[0])
        raise _issue(path, "YEAR/MO/DY/HR", raw.loc[row, ["YEAR", "MO", "DY", "HR"]].tolist(),
                     f"a valid date and hour 0-23 in every row (row {row + 1} of the table)")
    if meta["time_standard"] == "UTC":
        zone = dt.timezone.utc
        note = "NASA POWER hour starts in UTC"
    else:
        if "longitude" not in meta:
            raise _issue(path, "header", "no Location line", "'Location: Latitude .. Longitude ..' for LST files")
        offset = int(np.floor(meta["longitude"] / 15.0 + 0.5))
        zone = dt.timezone(dt.timedelta(hours=offset))
        note = (f"NASA POWER local solar time (UTC{offset:+d}, the 15-degree band of longitude "
                f"{meta['longitude']:g}) converted to UTC")
    index = pd.DatetimeIndex(stamps).tz_localize(zone).tz_convert("UTC")
    columns = {"ghi": "ALLSKY_SFC_SW_DWN", "dhi": "ALLSKY_SFC_SW_DIFF", "dni": "ALLSKY_SFC_SW_DNI",
               "temp_air": "T2M", "wind_speed": "WS10M", "wind_speed_hub": "WS50M"}
    data = {}
    for name, column in columns.items():
        if column not in raw.columns:
            continue
        values = pd.to_numeric(raw[column], errors="coerce").to_numpy(dtype=float)
        filled = np.isclose(values, meta["fill_value"]) | np.isclose(values, POWER_FILL_VALUE)
        if filled.any():
            raise _issue(path, column, f"{int(filled.sum())} fill values ({meta['fill_value']:g}) from "
                         f"{stamps[filled].iloc[0]} ({meta['time_standard']})",
                         "a value in every hour (POWER's fill value marks missing data; nothing is filled here)")
        if name in ("ghi", "dhi", "dni"):
            values = values * _power_unit(meta, column, path, POWER_IRRADIANCE_UNITS)
        elif name == "temp_air":
            _power_unit(meta, column, path, {"c": 1.0, "degreesc": 1.0, "°c": 1.0})
        else:
            _power_unit(meta, column, path, {"m/s": 1.0})
        data[name] = values
    frame = pd.DataFrame(data, index=index)
    meta = {k: meta[k] for k in ("latitude", "longitude", "altitude_m", "time_standard") if k in meta}
    meta.update(time_note=note, wind_hub_height_m=50.0 if "wind_speed_hub" in frame else None)
    return frame, meta


# --------------------------------------------------------------------------------------------------
# ERA5 point CSV
# --------------------------------------------------------------------------------------------------

def read_era5(path: str | Path) -> tuple[pd.DataFrame, dict]:
    """An ERA5 point CSV as hourly means on UTC step starts (see module docstring).

    The hour [T - 1 h, T) takes ssrd(T) / 3600 [W/m2] and the mean of the instantaneous ``t2m`` [K ->
    degC] and wind speeds at T - 1 h and T; the file's first stamp therefore starts no step (its ssrd
    belongs to the hour before it) and the last stamp ends the last step.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(io.StringIO(read_text(path, str(path), "weather.file")), comment="#")
    except ValueError as exc:
        raise _issue(path, "file", str(exc)[:60], "a readable ERA5 CSV") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    time_col = "valid_time" if "valid_time" in raw.columns else "time" if "time" in raw.columns else None
    need = ["ssrd", "t2m", "u10", "v10"]
    missing = ([] if time_col else ["valid_time"]) + [c for c in need if c not in raw.columns]
    if missing:
        raise _issue(path, "columns", ", ".join(missing), "the ERA5 columns valid_time (or time), " + ", ".join(need))
    stamps = pd.to_datetime(raw[time_col], errors="coerce")
    if stamps.isna().any():
        row = int(np.flatnonzero(stamps.isna())[0])
        raise _issue(path, time_col, str(raw[time_col].iloc[row]), f"a time stamp in every row (row {row + 2})")
    stamps = pd.DatetimeIndex(stamps)
    stamps = stamps.tz_localize("UTC") if stamps.tz is None else stamps.tz_convert("UTC")
    values = {c: pd.to_numeric(raw[c], errors="coerce").to_numpy(dtype=float)
              for c in ("ssrd", "t2m", "u10", "v10", "u100", "v100") if c in raw.columns}
    for column, vals in values.items():
        bad = ~np.isfinite(vals)
        if bad.any():
            raise _issue(path, column, f"{int(bad.sum())} missing or non-numeric values from {stamps[bad][0]}",
                         "a value at every stamp (nothing is filled here)")
    if np.nanmax(values["ssrd"]) < 1e4:
        raise _issue(path, "ssrd", f"maximum {np.nanmax(values['ssrd']):g}",
                     "J/m2 accumulated over the hour (daytime values of 1e5-4e6; a file already in W/m2?)")
    if np.nanmin(values["t2m"]) < 150.0:
        raise _issue(path, "t2m", f"minimum {np.nanmin(values['t2m']):g}", "kelvin (ERA5 t2m), not degC")
    frame = pd.DataFrame(values, index=stamps)
    _check_stamps(frame.index, path)
    frame = frame.sort_index()
    ghi = pvlib_era5.UNITS["ssrd"](frame["ssrd"]).shift(-1)        # J/m2 of the hour ending at T+1h -> W/m2
    instants = pd.DataFrame({"temp_air": pvlib_era5.UNITS["t2m"](frame["t2m"]),
                             "wind_speed": np.hypot(frame["u10"], frame["v10"])}, index=frame.index)
    if "u100" in frame and "v100" in frame:
        instants["wind_speed_hub"] = np.hypot(frame["u100"], frame["v100"])
    hourly = 0.5 * (instants + instants.shift(-1))
    out = pd.concat([ghi.rename("ghi"), hourly], axis=1).iloc[:-1]
    meta = {"time_note": "ERA5 ssrd of the hour ending at T -> step T - 1 h; instantaneous t2m and wind "
                         "averaged over each hour's two ends",
            "wind_hub_height_m": 100.0 if "wind_speed_hub" in out else None}
    for key in ("latitude", "longitude"):
        if key in raw.columns:
            meta[key] = float(pd.to_numeric(raw[key], errors="coerce").iloc[0])
    return out, meta


# --------------------------------------------------------------------------------------------------
# one calendar year onto the model index
# --------------------------------------------------------------------------------------------------

def _check_stamps(index: pd.DatetimeIndex, path) -> None:
    if index.has_duplicates:
        raise _issue(path, "time stamps", str(index[index.duplicated()][0]), "unique time stamps (this one repeats)")
    ordered = index.sort_values()
    wrong = np.asarray((ordered[1:] - ordered[:-1]) != pd.Timedelta(hours=1))
    if len(ordered) < 2 or wrong.any():
        first = int(np.argmax(wrong)) if len(ordered) >= 2 else 0
        where = f"{ordered[first]} -> {ordered[min(first + 1, len(ordered) - 1)]}"
        raise _issue(path, "time step", where, "one value every hour, no gaps (download the missing hours)")


def read_point_series(path: str | Path, source: str) -> tuple[pd.DataFrame, dict]:
    """The whole file as hourly means on UTC step starts (``read_nasa_power`` or ``read_era5``), checked."""
    path = Path(path)
    if source not in SOURCES:
        raise _issue(path, "weather.source", source, "one of " + ", ".join(SOURCES))
    if not path.is_file():
        raise _issue(path, "weather.file", str(path), "an existing file")
    frame, meta = read_nasa_power(path) if source == "nasa_power" else read_era5(path)
    _check_stamps(frame.index, path)
    frame = frame.sort_index()
    for column, (low, high) in LIMITS.items():
        if column in frame:
            values = frame[column].to_numpy(dtype=float)
            out = (values < low) | (values > high)
            if out.any():
                raise _issue(path, column, f"{values[out][0]:g} at {frame.index[out][0]} UTC",
                             f"values in {low:g} .. {high:g} after unit conversion (check the file's units)")
    return frame, meta


def complete_years(frame: pd.DataFrame, timezone) -> list[int]:
    """Calendar years (in ``timezone``) for which the file has every hour."""
    local = frame.dropna().index.tz_convert(timezone)
    years = []
    for year in sorted(set(local.year)):
        n = int((local.year == year).sum())
        hours = 8784 if pd.Timestamp(year=year, month=12, day=31).is_leap_year else 8760
        if n == hours:
            years.append(int(year))
    return years


def point_weather(path: str | Path, source: str, year: int, index: pd.DatetimeIndex, latitude: float,
                  longitude: float) -> tuple[pd.DataFrame, dict]:
    """Recorded calendar ``year`` of a NASA POWER or ERA5 file on the model index (a whole model year).

    Parameters
    ----------
    path : str or Path
        The file.
    source : {"nasa_power", "era5"}
        Its format.
    year : int
        The calendar year of the file to use, in the model's time zone.
    index : pandas.DatetimeIndex
        The model year's index (tz-aware step starts, 15/30/60 min).
    latitude, longitude : float
        Site [deg], for the solar geometry of the DNI/DHI split.

    Returns
    -------
    data : pandas.DataFrame
        ``ghi``, ``dni``, ``dhi`` [W/m2, mean over the step], ``temp_air`` [degC], ``wind_speed`` [m/s at
        10 m] on ``index``.
    meta : dict
        ``source``, ``file``, site of the file, ``wind_height_m`` (10), ``hub_wind`` (``height_m`` and
        ``speed`` on ``index``, or None), ``conversions`` (list of str), ``time_note``.
    """
    path = Path(path)
    frame, meta = read_point_series(path, source)
    tz = index.tz
    park_year = int(index[0].year)
    local = frame.tz_convert(tz)
    want = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left", tz=tz)
    have = local.dropna().index
    absent = want.difference(have)
    if len(absent):
        years = complete_years(frame, tz)
        shown = f"complete years in {tz}: {', '.join(map(str, years))}" if years else f"no complete year in {tz}"
        raise _issue(path, "weather.year", year,
                     f"every hour of {year} in {tz}: {len(absent)} missing, first {absent[0]} ({shown}; a UTC "
                     f"file needs the hours of the neighbouring year that fall into {year} locally)")
    hourly = local.loc[want]
    conversions = [meta["time_note"] + f"; converted to {tz}"]
    record_leap = pd.Timestamp(year=year, month=1, day=1).is_leap_year
    park_leap = pd.Timestamp(year=park_year, month=1, day=1).is_leap_year
    if park_leap and not record_leap:
        raise _issue(path, "weather.year", year, f"a leap year when park.year {park_year} is one (29 February)")
    if record_leap and not park_leap:
        hourly = hourly[~((hourly.index.month == 2) & (hourly.index.day == 29))]
        conversions.append(f"29 February {year} left out (park.year {park_year} has no such day)")
    target = pd.date_range(f"{park_year}-01-01", f"{park_year + 1}-01-01", freq="h", inclusive="left", tz=tz)
    hourly = hourly.set_axis(target)
    if year != park_year:
        conversions.append(f"recorded year {year} placed on park.year {park_year} by month, day and hour")
    step = pd.Timedelta(index.freq) if index.freq is not None else index[1] - index[0]
    if step > pd.Timedelta(hours=1):
        raise _issue(path, "park.timestep_minutes", step, "at most 60 min for an hourly series")
    data = hourly.reindex(index.floor("h"))
    data.index = index
    if step < pd.Timedelta(hours=1):
        conversions.append(f"hourly values held constant over each {step.total_seconds() / 60:g}-min step")
    mid = index + step / 2
    solpos = pvlib.solarposition.get_solarposition(mid, latitude, longitude)
    zenith = solpos["zenith"].to_numpy()
    ghi = data["ghi"].to_numpy(dtype=float)
    if "dhi" in data and "dni" in data:
        dni, dhi = data["dni"].to_numpy(float), data["dhi"].to_numpy(float)
    elif "dhi" in data:
        dhi = np.minimum(data["dhi"].to_numpy(float), np.maximum(ghi, 0.0))
        dni = np.nan_to_num(np.asarray(pvlib.irradiance.dni(ghi, dhi, zenith), dtype=float))
        conversions.append("dni from the file's ghi and dhi (pvlib.irradiance.dni; 0 for zenith >= 88 deg)")
    else:
        parts = pvlib.irradiance.erbs(ghi, zenith, mid)
        dni = np.nan_to_num(np.asarray(parts["dni"], dtype=float))
        dhi = np.nan_to_num(np.asarray(parts["dhi"], dtype=float))
        conversions.append("dni and dhi decomposed from ghi with the Erbs model (the file has ghi only)")
    out = pd.DataFrame({"ghi": ghi, "dni": dni, "dhi": dhi, "temp_air": data["temp_air"].to_numpy(float),
                        "wind_speed": data["wind_speed"].to_numpy(float)}, index=index)
    hub = None
    if meta.get("wind_hub_height_m"):
        hub = {"height_m": meta["wind_hub_height_m"], "speed": data["wind_speed_hub"].to_numpy(float)}
    info = {k: meta[k] for k in ("latitude", "longitude", "altitude_m") if k in meta}
    info.update(source=source, file=str(path), recorded_year=int(year), wind_height_m=10.0, hub_wind=hub,
                conversions=conversions, time_note=meta["time_note"])
    out.attrs.update({k: v for k, v in info.items() if k != "hub_wind"})
    return out, info
