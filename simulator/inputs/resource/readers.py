"""Weather files onto the model's time index: EPW, PVGIS TMY (CSV/JSON), TMY3 and plain CSV.

Every reader returns ``(data, meta)`` like pvlib's ``iotools``: ``data`` has pvlib's names ``ghi``,
``dni``, ``dhi`` [W/m2, mean over the step], ``temp_air`` [degC] and ``wind_speed`` [m/s at
``meta["wind_height_m"]``] on the model index (step starts, the model's time zone); ``meta`` holds
the site found in the file and ``conversions``, a list of sentences describing every change made to
the file's values (year mapping, time-zone shift, step change, decomposition). Nothing is changed
silently: anything that is not one of those documented conversions is an
:class:`~simulator.errors.InputError`.

Time conventions of the formats (checked against pvlib's parsers):

- TMY3: stamps label the *end* of the hour (01:00 = 00:00-01:00), local standard time (``TZ`` in
  the header); moved to the start of the step here.
- EPW: pvlib's ``read_epw`` already labels the *start* of the hour (EPW hour 1 -> 00:00), local
  standard time (``TZ`` in the LOCATION line).
- PVGIS TMY: stamps in UTC, taken as the start of the hour.
- plain CSV: ``time_label`` says whether stamps are step starts (default) or ends; naive stamps are
  read in ``file_timezone`` (default: the model's time zone).

Typical-year files (TMY3, EPW, PVGIS) mix months of different years. ``year_mapping = "map"`` (the
default) reads them as a typical year: every model step takes the file's value at the same month,
day and clock time in the file's time zone, whatever the file's year; 29 February of a leap model year
repeats 28 February when the file has no 29 February. ``year_mapping = "strict"`` requires the file to
contain every model time stamp (a measured year).
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from simulator.errors import InputError, InputIssue
from simulator.inputs.textfile import read_text

SOURCES = ("epw", "pvgis", "tmy3", "csv")
REQUIRED = ("ghi", "temp_air", "wind_speed")
OUTPUT = ("ghi", "dni", "dhi", "temp_air", "wind_speed")
STANDARD_WIND_HEIGHT_M = 10.0


def _issue(path, field: str, value, expected: str) -> InputError:
    return InputError(InputIssue(str(path), field, value, expected))


# --------------------------------------------------------------------------------------------------
# raw readers: file -> (frame with pvlib names on tz-aware step starts, meta)
# --------------------------------------------------------------------------------------------------

def _read_tmy3(path: Path) -> tuple[pd.DataFrame, dict]:
    data, meta = pvlib.iotools.read_tmy3(str(path), map_variables=True)
    data = data.copy()
    # hour-ending labels (01:00 .. 24:00) -> step starts, built from the file's own date and hour columns
    # (pvlib turns "02/28/1996 24:00" into 1 March in leap years)
    hour = data["Time (HH:MM)"].str.split(":").str[0].astype(int)
    date = pd.to_datetime(data["Date (MM/DD/YYYY)"], format="%m/%d/%Y")
    starts = pd.DatetimeIndex(date + pd.to_timedelta(hour - 1, unit="h"))
    data.index = starts.tz_localize(data.index.tz)
    return data, {"latitude": meta["latitude"], "longitude": meta["longitude"], "altitude_m": meta["altitude"],
                  "name": str(meta.get("Name", "")).strip('"'), "typical_year": True,
                  "wind_height_m": STANDARD_WIND_HEIGHT_M,
                  "time_note": "TMY3 hour-ending stamps moved to step starts (-1 h)"}


def _read_epw(path: Path) -> tuple[pd.DataFrame, dict]:
    data, meta = pvlib.iotools.read_epw(str(path))
    return data, {"latitude": meta["latitude"], "longitude": meta["longitude"], "altitude_m": meta["altitude"],
                  "name": str(meta.get("city", "")), "typical_year": True,
                  "wind_height_m": STANDARD_WIND_HEIGHT_M,
                  "time_note": "EPW hour h (1-24) is the step starting at h-1 (pvlib read_epw)"}


def _read_pvgis(path: Path) -> tuple[pd.DataFrame, dict]:
    data, meta = pvlib.iotools.read_pvgis_tmy(str(path), map_variables=True)
    inputs = meta.get("inputs", {}) if isinstance(meta, dict) else {}
    location = inputs.get("location", inputs)
    return data, {"latitude": location.get("latitude"), "longitude": location.get("longitude"),
                  "altitude_m": location.get("elevation"), "name": path.stem, "typical_year": True,
                  "wind_height_m": STANDARD_WIND_HEIGHT_M,
                  "time_note": "PVGIS UTC stamps taken as step starts"}


def _read_csv(path: Path, columns: dict[str, str] | None, time_column: str, file_timezone: str,
              time_label: str, wind_height_m: float) -> tuple[pd.DataFrame, dict]:
    frame = pd.read_csv(io.StringIO(read_text(path, str(path), "weather.file")))  # UTF-8 or GBK, as every CSV
    if time_column not in frame.columns:
        raise _issue(path, "weather.time_column", time_column,
                     "the name of the time-stamp column, one of " + ", ".join(map(str, frame.columns)))
    mapping = {name: name for name in OUTPUT if name in frame.columns}
    mapping.update(columns or {})
    missing = [f"{name} -> {col!r}" for name, col in mapping.items() if col not in frame.columns]
    if missing:
        raise _issue(path, "weather.columns", ", ".join(missing),
                     "columns present in the file: " + ", ".join(map(str, frame.columns)))
    try:
        stamps = pd.DatetimeIndex(pd.to_datetime(frame[time_column]))
    except (ValueError, TypeError) as exc:
        raise _issue(path, time_column, str(frame[time_column].iloc[0]),
                     f"parseable time stamps ({exc})") from None
    notes = []
    if stamps.tz is None:
        stamps = stamps.tz_localize(file_timezone, ambiguous="raise", nonexistent="raise")
        notes.append(f"naive time stamps read in {file_timezone}")
    data = pd.DataFrame({name: pd.to_numeric(frame[col], errors="coerce").to_numpy() for name, col in mapping.items()},
                        index=stamps)
    if time_label == "end":
        step = _regular_step(data.index, path)
        data.index = data.index - step
        notes.append("hour-ending stamps moved to step starts")
    return data, {"latitude": None, "longitude": None, "altitude_m": None, "name": path.stem,
                  "typical_year": False, "wind_height_m": wind_height_m, "time_note": "; ".join(notes)}


# --------------------------------------------------------------------------------------------------
# checks and alignment
# --------------------------------------------------------------------------------------------------

def _regular_step(index: pd.DatetimeIndex, path) -> pd.Timedelta:
    if len(index) < 2:
        raise _issue(path, "rows", len(index), "at least two time steps")
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        raise _issue(path, "time stamps", str(dup), "unique time stamps (this one repeats)")
    ordered = index.sort_values()
    diffs = np.diff(ordered.asi8)
    steps, counts = np.unique(diffs, return_counts=True)
    unit = getattr(index, "unit", "ns")
    if len(steps) != 1:
        usual = steps[np.argmax(counts)]
        first = int(np.argmax(diffs != usual))
        raise _issue(path, "time step", f"{pd.Timedelta(int(diffs[first]), unit=unit)} before {ordered[first + 1]}",
                     f"one regular step of {pd.Timedelta(int(usual), unit=unit)} (a gap or irregular stamps)")
    return pd.Timedelta(int(steps[0]), unit=unit)


def _check_columns(data: pd.DataFrame, path, source: str) -> None:
    missing = [c for c in REQUIRED if c not in data.columns]
    if missing:
        hint = "a [weather] columns entry for each (plain CSV)" if source == "csv" else "a complete file"
        raise _issue(path, "columns", ", ".join(missing), f"{', '.join(REQUIRED)} present ({hint})")
    if ("dni" in data.columns) != ("dhi" in data.columns):
        raise _issue(path, "columns", "dni" if "dni" in data.columns else "dhi",
                     "both dni and dhi, or neither (then they are decomposed from ghi)")


def _check_nan(data: pd.DataFrame, path) -> None:
    bad = data.isna()
    if bad.any().any():
        col = bad.any().idxmax()
        rows = data.index[bad[col].to_numpy()]
        raise _issue(path, col, f"{int(bad[col].sum())} missing or non-numeric values from {rows[0]}",
                     "a value in every step (fill gaps before reading; nothing is interpolated here)")


def _check_ranges(data: pd.DataFrame, path) -> None:
    limits = {"ghi": (-5.0, 1500.0), "dni": (-5.0, 1500.0), "dhi": (-5.0, 1000.0), "temp_air": (-60.0, 60.0),
              "wind_speed": (0.0, 75.0)}
    for col, (low, high) in limits.items():
        if col in data.columns:
            values = data[col].to_numpy(dtype=float)
            out = (values < low) | (values > high)
            if out.any():
                raise _issue(path, col, f"{values[out][0]} at {data.index[out][0]}",
                             f"values in {low} .. {high} (physical range; check units and the column map)")


def _aggregate(data: pd.DataFrame, file_step: pd.Timedelta, model_step: pd.Timedelta, path,
               conversions: list) -> pd.DataFrame:
    """Bring the file's step to the model's: finer steps are averaged, an hourly file is held."""
    if file_step == model_step or file_step > model_step:
        if file_step > model_step:
            if file_step % model_step != pd.Timedelta(0) or file_step > pd.Timedelta(hours=1):
                raise _issue(path, "time step", str(file_step),
                             f"at most 1 h and a multiple of the model step {model_step}")
            conversions.append(f"{_minutes(file_step)} values held constant over each {_minutes(model_step)} step "
                               "(no sub-step variability added)")
        return data
    if model_step % file_step != pd.Timedelta(0):
        raise _issue(path, "time step", str(file_step), f"a divisor of the model step {model_step}")
    conversions.append(f"{_minutes(file_step)} values averaged to the {_minutes(model_step)} model step")
    return data.resample(model_step, label="left", closed="left").mean()


def _coerce_year(index: pd.DatetimeIndex, path) -> pd.DatetimeIndex:
    """The same wall-clock stamps in one reference year (2000 if a 29 February is present, else 2001)."""
    ref = 2000 if ((index.month == 2) & (index.day == 29)).any() else 2001
    parts = pd.DataFrame({"year": ref, "month": index.month, "day": index.day, "hour": index.hour,
                          "minute": index.minute})
    naive = pd.DatetimeIndex(pd.to_datetime(parts))
    try:
        return naive.tz_localize(index.tz, ambiguous="raise", nonexistent="raise")
    except Exception as exc:  # noqa: BLE001 - pytz/zoneinfo raise several types
        raise _issue(path, "time stamps", str(index.tz),
                     f"a time zone without daylight saving for a typical year ({exc})") from None


def _typical_year_lookup(data: pd.DataFrame, index: pd.DatetimeIndex, file_step: pd.Timedelta, years: list,
                         path, conversions: list) -> pd.DataFrame:
    """Map a (typical) year onto the model index by month, day and clock time in the file's zone."""
    file_tz = data.index.tz
    local = index.tz_convert(file_tz)
    key_file = _clock_keys(data.index, file_step)
    if pd.Index(key_file).has_duplicates:
        raise _issue(path, "time stamps", f"{len(data)} rows",
                     "one value per calendar day and time (the file covers some dates twice; "
                     "cut it to one year or use year_mapping = 'strict')")
    expected_steps = int(pd.Timedelta(days=365) / file_step)
    n_rows = len(data)
    if n_rows not in (expected_steps, expected_steps + int(pd.Timedelta(days=1) / file_step)):
        raise _issue(path, "rows", n_rows, f"a full year of {file_step} steps: {expected_steps} "
                                            f"(or {expected_steps + int(pd.Timedelta(days=1) / file_step)} with 29 Feb)")
    lookup = pd.Series(np.arange(n_rows), index=pd.Index(key_file))
    floor = local.floor(file_step) if file_step <= pd.Timedelta(hours=1) else local
    want = _clock_keys(floor, file_step)
    feb29 = (floor.month == 2) & (floor.day == 29)
    rows = lookup.reindex(want).to_numpy(dtype=float, copy=True)
    if np.isnan(rows[feb29]).any():
        alt = _clock_keys(floor[feb29] - pd.Timedelta(days=1), file_step)
        rows[feb29] = lookup.reindex(alt).to_numpy()
        conversions.append("the file has no 29 February: 28 February repeated for the leap model year")
    if np.isnan(rows).any():
        first = index[np.isnan(rows)][0]
        raise _issue(path, "time stamps", f"no value for {first}", "every day and hour of the year in the file")
    model_year = index[0].year
    if years != [model_year]:
        shown = ", ".join(map(str, years[:12])) + (" ..." if len(years) > 12 else "")
        conversions.append(f"typical year with data from {shown} mapped onto {model_year} by month, day and time")
    offset_file = data.index[0].utcoffset()
    offset_model = index[0].utcoffset()
    if offset_file != offset_model:
        conversions.append(f"file time zone {file_tz} (UTC{_fmt_offset(offset_file)}) converted to "
                           f"{index.tz} (UTC{_fmt_offset(offset_model)}); the typical year wraps at its ends")
    out = data.iloc[rows.astype(int)].copy()
    out.index = index
    return out


def _clock_keys(index: pd.DatetimeIndex, step: pd.Timedelta) -> list[tuple]:
    return list(zip(index.month, index.day, index.hour, index.minute))


def _fmt_offset(offset) -> str:
    hours = offset.total_seconds() / 3600
    return f"{hours:+g}"


def _strict_lookup(data: pd.DataFrame, index: pd.DatetimeIndex, step: pd.Timedelta, path,
                   conversions: list) -> pd.DataFrame:
    converted = data.tz_convert(index.tz)
    wanted = index.floor(step) if step > pd.Timedelta(index.freq) else index
    missing = wanted.difference(converted.index)
    if len(missing):
        raise _issue(path, "time stamps", f"{len(missing)} model steps missing, first {missing[0]}",
                     f"every step of the model horizon {index[0]} .. {index[-1]} "
                     "(or year_mapping = 'map' for a typical year)")
    if data.index[0].utcoffset() != index[0].utcoffset():
        conversions.append(f"file time stamps converted from {data.index.tz} to {index.tz}")
    out = converted.loc[wanted]
    out.index = index
    return out


def _decompose(data: pd.DataFrame, latitude: float, longitude: float, conversions: list) -> pd.DataFrame:
    step = data.index[1] - data.index[0]
    mid = data.index + step / 2
    solpos = pvlib.solarposition.get_solarposition(mid, latitude, longitude)
    parts = pvlib.irradiance.erbs(data["ghi"].to_numpy(), solpos["zenith"].to_numpy(), mid)
    data = data.copy()
    data["dni"] = np.nan_to_num(np.asarray(parts["dni"], dtype=float))
    data["dhi"] = np.nan_to_num(np.asarray(parts["dhi"], dtype=float))
    conversions.append("dni and dhi decomposed from ghi with the Erbs model (the file has ghi only)")
    return data


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------

def read_weather(path: str | Path, source: str, index: pd.DatetimeIndex, *, columns: dict[str, str] | None = None,
                 time_column: str = "timestamp", file_timezone: str | None = None, time_label: str = "start",
                 year_mapping: str = "map", wind_height_m: float = STANDARD_WIND_HEIGHT_M,
                 latitude: float | None = None, longitude: float | None = None) -> tuple[pd.DataFrame, dict]:
    """Read a weather file and put it on the model index.

    Parameters
    ----------
    path : str or Path
        The file.
    source : {"epw", "pvgis", "tmy3", "csv"}
        Its format (PVGIS: ``.csv`` or ``.json`` TMY as downloaded; the extension tells which).
    index : pandas.DatetimeIndex
        Model index (tz-aware step starts, regular). For a typical year pass the whole model year.
    columns : dict, optional
        Plain CSV only: pvlib name -> file column (``{"ghi": "GHI_W_m2", "temp_air": "T_C"}``);
        columns already named ``ghi``, ``dni``, ``dhi``, ``temp_air``, ``wind_speed`` need no entry.
    time_column : str
        Plain CSV only: name of the time-stamp column.
    file_timezone : str, optional
        Plain CSV only: zone of naive stamps; default the model's zone.
    time_label : {"start", "end"}
        Plain CSV only: stamps mark the start or the end of their step.
    year_mapping : {"map", "strict"}
        ``map``: a typical year mapped by month, day and time; ``strict``: the file must contain every
        model step.
    wind_height_m : float
        Plain CSV only: height of the ``wind_speed`` column [m] (EPW, TMY3 and PVGIS: 10 m).
    latitude, longitude : float, optional
        Site [deg], used to decompose GHI when a plain CSV has no ``dni``/``dhi``.

    Returns
    -------
    data : pandas.DataFrame
        ``ghi``, ``dni``, ``dhi`` [W/m2], ``temp_air`` [degC], ``wind_speed`` [m/s at ``wind_height_m``]
        on ``index``.
    meta : dict
        ``source``, ``file``, ``latitude``, ``longitude``, ``altitude_m`` (from the file, None for CSV),
        ``wind_height_m``, ``conversions`` (list of str) and ``time_note``.

    Raises
    ------
    InputError
        Unreadable or truncated file, missing columns, NaN, values out of physical range, irregular or
        incompatible step, a year that does not cover the model horizon.
    """
    path = Path(path)
    if source not in SOURCES:
        raise _issue(path, "weather.source", source, "one of " + ", ".join(SOURCES))
    if not path.is_file():
        raise _issue(path, "weather.file", str(path), "an existing file")
    if year_mapping not in ("map", "strict"):
        raise _issue(path, "weather.year_mapping", year_mapping, "'map' or 'strict'")
    try:
        if source == "tmy3":
            data, meta = _read_tmy3(path)
        elif source == "epw":
            data, meta = _read_epw(path)
        elif source == "pvgis":
            data, meta = _read_pvgis(path)
        else:
            data, meta = _read_csv(path, columns, time_column, file_timezone or str(index.tz), time_label,
                                   wind_height_m)
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _issue(path, "file", f"{type(exc).__name__}: {exc}",
                     f"a complete {source.upper()} weather file (truncated or wrong format?)") from None
    _check_columns(data, path, source)
    keep = [c for c in OUTPUT if c in data.columns]
    data = data[keep].astype(float)
    _check_nan(data, path)
    _check_ranges(data, path)
    years = sorted(set(data.index.year))
    if year_mapping == "map":
        data = data.copy()
        data.index = _coerce_year(data.index, path)
    data = data.sort_index()
    conversions: list[str] = []
    file_step = _regular_step(data.index, path)
    model_step = pd.Timedelta(index.freq)
    data = _aggregate(data, file_step, model_step, path, conversions)
    step_after = max(file_step, model_step)
    if year_mapping == "map":
        out = _typical_year_lookup(data, index, step_after, years, path, conversions)
    else:
        out = _strict_lookup(data, index, step_after, path, conversions)
    if "dni" not in out.columns:
        lat = latitude if latitude is not None else meta["latitude"]
        lon = longitude if longitude is not None else meta["longitude"]
        if lat is None or lon is None:
            raise _issue(path, "columns", "ghi only", "dni and dhi, or the site's latitude and longitude")
        out = _decompose(out, lat, lon, conversions)
    out = out[list(OUTPUT)]
    out.index = index
    meta = dict(meta, source=source, file=str(path), conversions=conversions)
    out.attrs.update(meta)
    return out, meta


def _minutes(step: pd.Timedelta) -> str:
    return f"{step.total_seconds() / 60:g}-min"
