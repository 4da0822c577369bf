"""Reading a given profile (metered load, measured availability, price series) from a CSV file.

The file must have a timestamp column and one value column. It must cover the model's index exactly:
nothing is reindexed, filled or clipped here; every mismatch is an :class:`InputError`.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.textfile import read_text
from simulator.scenario.fields import MAX_POWER_KW, MAX_PRICE_CNY_PER_KWH
from simulator.inputs.timegrid import step_hours


def _fail(path, field, value, expected):
    raise InputError(InputIssue(str(path), field, value, expected))


def read_profile_csv(path: str | Path, index: pd.DatetimeIndex, field: str,
                     kind: Literal["load", "availability", "price"], column: str | None = None,
                     unit: Literal["kW", "kWh"] = "kW") -> pd.Series:
    """Read one profile and check it against the model index.

    Parameters
    ----------
    path : str or Path
        CSV file: first column timestamps (ISO 8601; naive stamps are taken in the index's time
        zone), then value column(s).
    index : pandas.DatetimeIndex
        The model's time index; the file must have exactly these stamps.
    field : str
        Scenario key the file was given under, for messages (``load.profile_csv``).
    kind : {'load', 'availability', 'price'}
        ``load`` values must be >= 0 [kW]; ``availability`` values must be in 0..1 [kW/kW]; ``price``
        values [CNY/kWh] must be finite (their sign is checked by the caller).
    column : str, optional
        Value column; default: the only column besides the timestamp.
    unit : {'kW', 'kWh'}
        For load: values are mean power [kW] or energy per interval [kWh].

    Returns
    -------
    pandas.Series
        Values on ``index`` (kW, or kW per kW installed).
    """
    path = Path(path)
    text = read_text(path, str(path), field)  # UTF-8 or GBK, as metered files
    try:
        frame = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], dtype={0: str})
    except Exception as exc:  # noqa: BLE001 - any parse problem is the same error for the user
        _fail(path, field, str(path), f"a readable CSV file ({exc})")
    if frame.shape[1] < 2:
        _fail(path, f"{field} columns", list(frame.columns), "a timestamp column and a value column")
    if len(frame) == 0:
        _fail(path, field, "a header and no data rows", f"one row per model step ({len(index)} rows)")
    time_col = frame.columns[0]
    if column is None:
        if frame.shape[1] != 2:
            _fail(path, f"{field} columns", list(frame.columns[1:]),
                  "exactly one value column, or name one with the *_column key")
        column = frame.columns[1]
    elif column not in frame.columns:
        _fail(path, f"{field} column", column, f"one of {list(frame.columns[1:])}")
    try:
        stamps = pd.DatetimeIndex(pd.to_datetime(frame[time_col], format="ISO8601"))
    except Exception as exc:  # noqa: BLE001
        _fail(path, f"{field} column '{time_col}'", str(exc)[:80], "ISO 8601 timestamps")
    stamps = stamps.tz_localize(index.tz) if stamps.tz is None else stamps.tz_convert(index.tz)
    dup = stamps[stamps.duplicated()]
    if len(dup):
        _fail(path, f"{field} timestamps", [str(t) for t in dup[:3]], "no duplicated timestamps")
    values = pd.to_numeric(frame[column], errors="coerce")
    bad_text = frame[column][values.isna() & frame[column].notna()]
    if len(bad_text):
        row = bad_text.index[0]
        _fail(path, f"{field} column '{column}' at {stamps[row]}", frame[column][row], "a number")
    if values.isna().any():
        row = values[values.isna()].index[0]
        _fail(path, f"{field} column '{column}' at {stamps[row]}", "NaN/empty",
              f"a value in every row ({int(values.isna().sum())} missing)")
    too_big = ~(values.abs() <= MAX_POWER_KW)  # also inf, 1e400 (availability is checked against 0..1 below)
    if kind == "load" and too_big.any():
        row = values[too_big].index[0]
        _fail(path, f"{field} column '{column}' at {stamps[row]}", str(frame[column][row]),
              f"a finite load of at most {MAX_POWER_KW:g} {unit}")
    too_far = ~(values.abs() <= MAX_PRICE_CNY_PER_KWH)  # also inf and NaN
    if kind == "price" and too_far.any():
        row = values[too_far].index[0]
        _fail(path, f"{field} column '{column}' at {stamps[row]}", str(frame[column][row]),
              f"a finite price of at most {MAX_PRICE_CNY_PER_KWH:g} CNY/kWh in magnitude")
    series = pd.Series(values.to_numpy(dtype=float), index=stamps)
    if not series.index.is_monotonic_increasing:
        series = series.sort_index()
    dt_h = step_hours(index)
    if len(series) > 1:
        steps = np.diff(series.index.values).astype("timedelta64[s]").astype(float) / 3600.0
        gaps = np.nonzero(~np.isclose(steps, dt_h))[0]
        if len(gaps):
            t = series.index[gaps[0]]
            _fail(path, f"{field} timestamps after {t}", f"step of {steps[gaps[0]]:g} h",
                  f"a regular step of {dt_h:g} h (the model's; gaps or another resolution are not filled)")
    if len(series) != len(index) or not series.index.equals(index):
        _fail(path, f"{field} length/range",
              f"{len(series)} rows {series.index[0]} .. {series.index[-1]}",
              f"{len(index)} rows {index[0]} .. {index[-1]} (the model horizon)")
    if kind == "load":
        if (series < 0).any():
            t = series.index[np.argmax(series.to_numpy() < 0)]
            _fail(path, f"{field} column '{column}' at {t}", float(series[t]), "a load >= 0 kW")
        if unit == "kWh":
            series = series / dt_h
    elif kind == "availability":
        outside = (series < 0) | (series > 1)
        if outside.any():
            t = series.index[np.argmax(outside.to_numpy())]
            _fail(path, f"{field} column '{column}' at {t}", float(series[t]),
                  "availability in 0..1 kW per kW installed")
    series.index = index
    return series
