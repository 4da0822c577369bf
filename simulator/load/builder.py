"""Building hourly load profiles of a park's enterprises and adding them up.

Each enterprise's profile is a product of a working-day shape (its shift pattern), a day-type level
(working day, day off, Spring Festival stop and restart), a monthly level and a seeded day-to-day
variation; it is then scaled so that its energy over the calendar year equals the given annual energy
exactly. Park diversity comes only from the enterprises' own independent variation.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.load.archetypes import Archetype, get_archetype, shift_shape
from simulator.load.calendar import day_calendar
from simulator.scenario.load_schema import Enterprise, LoadSection
from simulator.timegrid import step_hours


@dataclass
class ParkLoad:
    """Load profiles of a park.

    Attributes
    ----------
    enterprises_kw : pandas.DataFrame
        One column per enterprise [kW], on the model index.
    total_kw : pandas.Series
        Park total [kW].
    summary : pandas.DataFrame
        Per enterprise: ``annual_kwh`` (calendar year), ``horizon_kwh``, ``peak_kw``, ``load_factor``,
        ``archetype``, ``shifts``, ``peak_coincidence_fraction`` (its load at the park's peak / its own peak).
    """

    enterprises_kw: pd.DataFrame
    total_kw: pd.Series
    summary: pd.DataFrame


def annual_energy_kwh(enterprise: Enterprise, hours_in_year: float) -> float:
    """Annual energy [kWh] from whichever sizing the enterprise gives."""
    if enterprise.annual_kwh is not None:
        return float(enterprise.annual_kwh)
    if enterprise.output_per_yr is not None:
        return float(enterprise.output_per_yr * enterprise.intensity_kwh_per_unit)
    return float(enterprise.peak_kw * enterprise.load_factor * hours_in_year)


def _day_levels(enterprise: Enterprise, arch: Archetype, days: pd.DataFrame,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Daily level (relative) and working-day flag for each day of the year."""
    workdays = enterprise.workdays_per_week or arch.workdays_per_week
    weekday = days["weekday"].to_numpy()
    holiday = days["is_holiday"].to_numpy()
    makeup = days["is_makeup_workday"].to_numpy()
    if workdays == 5:
        working = days["is_working_day"].to_numpy().copy()
    elif workdays == 6:
        working = ((weekday != 6) | makeup) & ~holiday
    else:
        working = ~holiday
    level = np.where(working, 1.0, arch.non_working_fraction)
    before, after, ramp, first = arch.spring_festival
    off = days["spring_festival_offset_days"].to_numpy()
    if before or after:
        stopped = (off >= -before) & (off < after)
        level = np.where(stopped, min(arch.non_working_fraction, 0.3), level)
        if ramp:
            k = off - after
            ramping = (k >= 0) & (k < ramp)
            level = np.where(ramping, level * (first + (1 - first) * k / ramp), level)
    months = pd.DatetimeIndex(days.index.astype("datetime64[ns]")).month.to_numpy()
    level = level * np.asarray(arch.monthly)[months - 1]
    sigma = arch.variability_fraction if enterprise.variability_fraction is None else enterprise.variability_fraction
    if sigma > 0:
        phi = 0.7
        shocks = rng.normal(0.0, sigma * np.sqrt(1 - phi**2), len(level))
        noise = np.empty(len(level))
        noise[0] = rng.normal(0.0, sigma)
        for i in range(1, len(level)):
            noise[i] = phi * noise[i - 1] + shocks[i]
        level = level * np.clip(1.0 + noise, 0.5, 1.5)
    return level, working


def enterprise_year_kw(enterprise: Enterprise, year: int, timezone: str, seed: int,
                       number: int) -> pd.Series:
    """Hourly profile [kW] of one enterprise over the calendar year, scaled to its annual energy.

    Parameters
    ----------
    enterprise : Enterprise
        The enterprise description.
    year : int
        Calendar year.
    timezone : str
        Time zone of the park (days and hours are local).
    seed : int
        Park seed; combined with ``number`` so that every enterprise has its own variation.
    number : int
        Position of the enterprise in the park (0-based).
    """
    arch = get_archetype(enterprise.archetype, field=f"load.enterprises[{number}].archetype")
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left", tz=timezone)
    if enterprise.start_year is not None and enterprise.start_year > year:
        return pd.Series(0.0, index=index, name=enterprise.name)
    days = day_calendar(year)
    rng = np.random.default_rng([seed, number])
    level, working = _day_levels(enterprise, arch, days, rng)
    pattern = enterprise.shifts or arch.shifts
    work_shape = shift_shape(pattern, arch.off_shift_fraction)
    off_shape = np.full(24, work_shape.mean())
    daily_shape = np.where(working[:, None], work_shape[None, :], off_shape[None, :])
    hourly = (daily_shape * level[:, None]).ravel()
    # daylight-saving-free zones have exactly 24 h a day; guard anyway
    if len(hourly) != len(index):
        raise ValueError(f"time zone {timezone} has days that are not 24 h long; use a zone without DST")
    hourly = hourly / hourly.sum() * annual_energy_kwh(enterprise, len(index))
    return pd.Series(hourly, index=index, name=enterprise.name)


def build_park_load(section: LoadSection, index: pd.DatetimeIndex) -> ParkLoad:
    """Build every enterprise's profile and the park total on the model index.

    Parameters
    ----------
    section : LoadSection
        The scenario's ``[load]`` section (with enterprises).
    index : pandas.DatetimeIndex
        Model index (hourly or sub-hourly, tz-aware, within one calendar year).

    Returns
    -------
    ParkLoad
    """
    year = int(index[0].year)
    tz = str(index.tz)
    dt_h = step_hours(index)
    columns = {}
    annual = {}
    for number, ent in enumerate(section.enterprises):
        year_kw = enterprise_year_kw(ent, year, tz, section.seed, number)
        annual[ent.name] = float(year_kw.sum())
        # sub-hourly steps hold the hour's mean power, so energy is preserved exactly
        hour_of_step = index.floor("h")
        columns[ent.name] = year_kw.reindex(hour_of_step).to_numpy()
    frame = pd.DataFrame(columns, index=index)
    total = frame.sum(axis=1).rename("load_kw")
    peak_t = total.idxmax()
    rows = []
    for number, ent in enumerate(section.enterprises):
        col = frame[ent.name]
        peak = float(col.max())
        horizon_kwh = float(col.sum() * dt_h)
        rows.append({
            "enterprise": ent.name,
            "archetype": ent.archetype,
            "shifts": ent.shifts or get_archetype(ent.archetype).shifts,
            "annual_kwh": annual[ent.name],
            "horizon_kwh": horizon_kwh,
            "peak_kw": peak,
            "load_factor": horizon_kwh / (peak * len(index) * dt_h) if peak > 0 else 0.0,
            "peak_coincidence_fraction": float(col[peak_t] / peak) if peak > 0 else 0.0,
        })
    return ParkLoad(frame, total, pd.DataFrame(rows).set_index("enterprise"))
