"""Recorded years from a CDSRD daily station file (``[weather] source = "cdsrd"``; source: CDSRD).

The user supplies a station's file of the China Solar Radiation Daily Dataset (``dataset/daily/<WMO id>.csv``
of ``buildingdata/cdsrd-dataset``, GPL-3.0, not shipped). Columns used: ``year``, ``month``, ``day``,
``GHI(MJ/m2)``, ``DHI(MJ/m2)`` (daily sums) and, when present, ``latitude(deg)``, ``longitude(deg)``,
``altitude(m)``.

The hourly weather of a recorded calendar year: each day's GHI is kept exactly (1 MJ/m2 = 1/3.6 kWh/m2)
and shared over the day's steps like the default year (clear-sky shape x the day's clearness, the
within-day process of :mod:`simulator.inputs.resource.hourly`); each day's DHI/GHI is the recorded one
(Erbs shape scaled per day, beam at most the clear-sky beam); air temperature and 10 m wind are those
of the default generator (the file has neither). The recorded year is placed on ``park.year`` by month
and day.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.resource.hourly import intraday_clearness, split_to_diffuse_fraction
from simulator.inputs.textfile import read_text
from simulator.inputs.timegrid import step_hours

MJ_TO_KWH = 1.0 / 3.6
GHI_COLUMN, DHI_COLUMN = "GHI(MJ/m2)", "DHI(MJ/m2)"
UNIFORM_DAY_CLEARNESS = 0.98   # above this day clearness the clear-sky shape is scaled without the intraday process


def read_cdsrd(path: str | Path) -> tuple[pd.DataFrame, dict]:
    """Daily GHI and DHI [kWh/m2] indexed by date, and the station's site (``latitude`` ...) if given."""
    path = Path(path)
    try:
        raw = pd.read_csv(io.StringIO(read_text(path, str(path), "weather.file")))
    except ValueError as exc:
        raise InputError(InputIssue(str(path), "weather.file", str(path), f"a readable CDSRD CSV ({exc})")) from None
    need = ("year", "month", "day", GHI_COLUMN, DHI_COLUMN)
    missing = [c for c in need if c not in raw.columns]
    if missing:
        raise InputError(InputIssue(str(path), "columns", ", ".join(map(str, raw.columns)),
                                    "the CDSRD daily columns " + ", ".join(need)))
    dates = pd.to_datetime(raw[["year", "month", "day"]], errors="coerce")
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna())[0])
        raise InputError(InputIssue(str(path), "year/month/day", raw.loc[row, ["year", "month", "day"]].tolist(),
                                    f"a valid date in every row (row {row + 2})"))
    if dates.duplicated().any():
        raise InputError(InputIssue(str(path), "year/month/day", str(dates[dates.duplicated()].iloc[0].date()),
                                    "each date once"))
    frame = pd.DataFrame({"ghi_kwh_per_m2": pd.to_numeric(raw[GHI_COLUMN], errors="coerce").to_numpy() * MJ_TO_KWH,
                          "dhi_kwh_per_m2": pd.to_numeric(raw[DHI_COLUMN], errors="coerce").to_numpy() * MJ_TO_KWH},
                         index=pd.DatetimeIndex(dates, name="date")).sort_index()
    site = {}
    for key, column in (("latitude", "latitude(deg)"), ("longitude", "longitude(deg)"), ("altitude_m", "altitude(m)")):
        if column in raw.columns:
            site[key] = float(raw[column].iloc[0])
    return frame, site


def recorded_year(frame: pd.DataFrame, year: int, path: str | Path) -> tuple[pd.DataFrame, list]:
    """The days of one recorded year, checked: every day present, GHI in 0 .. 50 MJ/m2; DHI > GHI set to GHI.

    Returns the year's frame and the conversions made (for the summary and a warning).
    """
    days = frame[frame.index.year == year]
    expected = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    if days.empty:
        years = sorted(set(frame.index.year))
        raise InputError(InputIssue(str(path), "weather.year", year,
                                    f"a year of the file ({years[0]}-{years[-1]})" if years else "a year of the file"))
    absent = expected.difference(days.index)
    bad = days["ghi_kwh_per_m2"].isna() | (days["ghi_kwh_per_m2"] < 0) | (days["ghi_kwh_per_m2"] > 50 * MJ_TO_KWH)
    if len(absent) or bad.any():
        first = absent[0] if len(absent) else days.index[bad.to_numpy()][0]
        raise InputError(InputIssue(str(path), GHI_COLUMN, f"{len(absent) + int(bad.sum())} missing or invalid "
                                    f"days in {year}, first {first.date()}",
                                    "a valid daily GHI (0 .. 50 MJ/m2) on every day of the year; nothing is filled"))
    dhi = days["dhi_kwh_per_m2"]
    bad_dhi = dhi.isna() | (dhi < 0)
    if bad_dhi.any():
        raise InputError(InputIssue(str(path), DHI_COLUMN, f"{int(bad_dhi.sum())} missing or negative days in {year}, "
                                    f"first {days.index[bad_dhi.to_numpy()][0].date()}", "a daily DHI >= 0 on every day"))
    conversions = []
    over = dhi > days["ghi_kwh_per_m2"]
    if over.any():
        days = days.assign(dhi_kwh_per_m2=np.minimum(dhi, days["ghi_kwh_per_m2"]))
        conversions.append(f"DHI > GHI on {int(over.sum())} days of {year} set to GHI (diffuse fraction 1; the CDSRD "
                           f"measuring stations have such days, see data/cdsrd_daily_stats.md)")
    return days, conversions


def cdsrd_weather(path: str | Path, year: int, default_frame: pd.DataFrame, clear_ghi: np.ndarray,
                  clear_dni: np.ndarray, zenith_deg: np.ndarray, seed: int, intraday_spread: float,
                  timestep_minutes: int) -> tuple[pd.DataFrame, dict]:
    """Hourly (model-step) weather of recorded ``year`` on the index of ``default_frame`` (see module docstring).

    Parameters
    ----------
    default_frame : pandas.DataFrame
        The default generator's year on the model year (its ``temp_air`` and ``wind_speed`` are kept).
    clear_ghi, clear_dni, zenith_deg : arrays
        Clear-sky GHI and DNI [W/m2] and apparent zenith [deg] at mid-step of the same index.
    """
    frame, site = read_cdsrd(path)
    days, conversions = recorded_year(frame, year, path)
    index = default_frame.index
    park_year = int(index[0].year)
    dates = pd.DatetimeIndex(index.date)
    keys = pd.MultiIndex.from_arrays([dates.month, dates.day])
    record_keys = pd.MultiIndex.from_arrays([days.index.month, days.index.day])
    if not keys.isin(record_keys).all():
        raise InputError(InputIssue(str(path), "weather.year", year,
                                    f"a leap year when park.year {park_year} is one (29 February is needed)"))
    if len(record_keys) > len(set(zip(keys.get_level_values(0), keys.get_level_values(1)))):
        conversions.append(f"29 February {year} left out (park.year {park_year} has no such day)")
    day_values = days.set_index(record_keys)
    dt_h = step_hours(index)
    day_of = (index.day_of_year - 1).to_numpy()
    n_days = int(day_of.max()) + 1
    park_days = pd.date_range(f"{park_year}-01-01", periods=n_days, freq="D")
    chosen = day_values.loc[pd.MultiIndex.from_arrays([park_days.month, park_days.day])]
    ghi_day = chosen["ghi_kwh_per_m2"].to_numpy()
    cs_day = np.bincount(day_of, weights=clear_ghi * dt_h / 1000.0, minlength=n_days)
    k_day = np.divide(ghi_day, cs_day, out=np.zeros(n_days), where=cs_day > 0)
    k_step = intraday_clearness(np.minimum(k_day, UNIFORM_DAY_CLEARNESS), day_of, clear_ghi, seed, dt_h,
                                 intraday_spread)
    uniform = k_day > UNIFORM_DAY_CLEARNESS
    k_step = np.where(uniform[day_of], k_day[day_of], k_step)
    if uniform.any():
        conversions.append(f"{int(uniform.sum())} days clearer than {UNIFORM_DAY_CLEARNESS:.0%} of pvlib's clear sky "
                           f"take the clear-sky shape scaled to the recorded total")
    ghi = clear_ghi * k_step
    diffuse = np.divide(chosen["dhi_kwh_per_m2"].to_numpy(), ghi_day, out=np.ones(n_days), where=ghi_day > 0)
    dni, dhi = split_to_diffuse_fraction(ghi, zenith_deg, index + pd.Timedelta(minutes=timestep_minutes / 2),
                                         clear_dni, day_of, diffuse)
    out = pd.DataFrame({"ghi": ghi, "dni": dni, "dhi": dhi, "temp_air": default_frame["temp_air"].to_numpy(),
                        "wind_speed": default_frame["wind_speed"].to_numpy()}, index=index)
    out.attrs.update(method=f"CDSRD recorded year {year}: daily GHI kept, clear-sky shape x the day's clearness, "
                            f"recorded daily diffuse fraction; temperature and wind of the default generator",
                     recorded_year=year, file=str(path), **site)
    return out, {"conversions": conversions, **site}
