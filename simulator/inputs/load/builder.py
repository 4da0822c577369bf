"""Building hourly load profiles of a park's enterprises and adding them up.

Each enterprise's profile is a product of a working-day shape (its shift pattern), a day-type level
(working day, day off, Spring Festival stop and restart), a monthly level and a seeded day-to-day
variation; it is then scaled so that its energy over the calendar year equals the given annual energy
exactly, times the production level of the year (0 before ``start_year``, then ``ramp_up_fractions``).
A metered enterprise's profile comes from its interval data instead (``simulator.inputs.load.metered``), placed
on the model year and scaled to the given energy, output ratio or peak. Park diversity comes only from
the enterprises' own independent variation (seeded per park and enterprise), never from a factor.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.load.archetypes import Archetype, get_archetype, shift_shape
from simulator.inputs.load.calendar import day_calendar
from simulator.inputs.load.metered import on_index, read_metered, year_profile_kw
from simulator.scenario.load_schema import Enterprise, LoadSection
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.timegrid import scenario_index, step_hours


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
        Per enterprise: ``archetype``, ``shifts``, ``source`` (built or metered), ``sizing`` (how the
        energy was set), ``full_production_kwh`` (annual energy at full production), ``production_fraction``
        (ramp-up level in the model year), ``annual_kwh`` (energy in the model's calendar year),
        ``annual_peak_kw`` and ``annual_load_factor`` (over that year), ``horizon_kwh``, ``peak_kw`` and
        ``load_factor`` (over the model horizon), ``peak_coincidence_fraction`` (its load at the park's
        peak / its own peak), ``flexible_fraction``, ``flexible_up_fraction``.
    flexible_down_kw, flexible_up_kw : pandas.Series
        How far the park load may be lowered / raised in each step by shifting within the day [kW]
        (zero when no enterprise is flexible).
    park : dict
        ``peak_kw``, ``sum_of_enterprise_peaks_kw``, ``coincidence_factor`` (park peak / sum of peaks),
        ``peak_time``, ``horizon_kwh``.
    metered : dict
        Enterprise name -> :class:`~simulator.inputs.load.metered.MeteredReport` as a dict.
    """

    enterprises_kw: pd.DataFrame
    total_kw: pd.Series
    summary: pd.DataFrame
    flexible_down_kw: pd.Series | None = None
    flexible_up_kw: pd.Series | None = None
    park: dict = field(default_factory=dict)
    metered: dict = field(default_factory=dict)

    def enterprise_kw(self, name: str) -> pd.Series:
        """One enterprise's profile [kW] on the model index."""
        return self.enterprises_kw[name]

    @property
    def has_flexibility(self) -> bool:
        """True if some load may shift within the day."""
        return self.flexible_down_kw is not None and bool((self.flexible_down_kw > 0).any())


def production_fraction(enterprise: Enterprise, year: int) -> float:
    """Production level [-] of an enterprise in ``year``: 0 before ``start_year``, then the ramp-up
    fractions year by year, then 1."""
    if enterprise.start_year is None:
        return 1.0
    k = year - enterprise.start_year
    if k < 0:
        return 0.0
    ramp = enterprise.ramp_up_fractions
    return float(ramp[k]) if k < len(ramp) else 1.0


def annual_energy_kwh(enterprise: Enterprise, hours_in_year: float) -> float:
    """Annual energy at full production [kWh] from whichever sizing the enterprise gives.

    ``peak_kw`` without ``load_factor`` uses the archetype's typical load factor.
    """
    if enterprise.annual_kwh is not None:
        return float(enterprise.annual_kwh)
    if enterprise.output_per_yr is not None and enterprise.intensity_kwh_per_unit is not None:
        return float(enterprise.output_per_yr * enterprise.intensity_kwh_per_unit)
    return float(enterprise.peak_kw * _load_factor(enterprise) * hours_in_year)


def _load_factor(enterprise: Enterprise) -> float:
    if enterprise.load_factor is not None:
        return float(enterprise.load_factor)
    arch = get_archetype(enterprise.archetype)
    if arch.typical_load_factor is None:
        raise InputError(InputIssue("scenario", f"load.enterprises '{enterprise.name}'.load_factor", None,
                                    f"a load factor (archetype {arch.key} has no typical_load_factor)"))
    return arch.typical_load_factor


def _sizing_text(enterprise: Enterprise) -> str:
    if enterprise.metered is not None:
        if enterprise.annual_kwh is not None:
            return f"metered, scaled to {enterprise.annual_kwh:,.0f} kWh/yr"
        if enterprise.output_per_yr is not None:
            return (f"metered, scaled by output {enterprise.output_per_yr:g} / {enterprise.metered.output_per_yr:g}")
        if enterprise.peak_kw is not None:
            return f"metered, scaled to a peak of {enterprise.peak_kw:,.0f} kW"
        return "metered, as measured"
    if enterprise.annual_kwh is not None:
        return "annual_kwh"
    if enterprise.output_per_yr is not None and enterprise.intensity_kwh_per_unit is not None:
        return f"output {enterprise.output_per_yr:g} x {enterprise.intensity_kwh_per_unit:g} kWh/unit"
    lf_source = "given" if enterprise.load_factor is not None else "archetype's typical"
    return f"peak {enterprise.peak_kw:g} kW x load factor {_load_factor(enterprise):g} ({lf_source})"


def _stop_days(enterprise: Enterprise, arch: Archetype, days: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Spring Festival stop flag and days since the stop's end (negative inside or before it) per day.

    ``calendar = 'own_stop'`` (default): the stop is ``stop_dates`` or the archetype's days around 初一
    (``spring_festival`` [before, after]); it overrides the statutory calendar inside it, so a 调休
    make-up workday that falls in the stop (2026-02-14) is a stop day. ``calendar = 'statutory'``: the stop
    is the statutory festival holiday block (holidays within 15 days of 初一) and make-up workdays are worked.
    An archetype without a festival stop (``spring_festival`` [0, 0, ...], continuous processes) has none
    unless ``stop_dates`` are given.
    """
    before, after, _ramp, _first = arch.spring_festival
    off = days["spring_festival_offset_days"].to_numpy()
    never = np.full(len(off), -10_000)
    if not (before or after) and enterprise.stop_dates is None:  # no festival stop (continuous processes)
        return np.zeros(len(off), dtype=bool), never
    if enterprise.calendar == "statutory":
        stopped = days["is_holiday"].to_numpy() & (np.abs(off) <= 15)
        if not stopped.any():
            return stopped, never
        return stopped, off - (int(off[stopped].max()) + 1)
    if enterprise.stop_dates is not None:
        first, last = enterprise.stop_dates
        dates = np.array([d.toordinal() for d in days.index])
        stopped = (dates >= first.toordinal()) & (dates <= last.toordinal())
        if not stopped.any() and not (dates[0] <= last.toordinal() + 60 and first.toordinal() <= dates[-1]):
            raise InputError(InputIssue("scenario", f"load.enterprises '{enterprise.name}'.stop_dates",
                                        f"{first}..{last}", f"dates in the model year {days.index[0].year}"))
        return stopped, dates - (last.toordinal() + 1)
    return (off >= -before) & (off < after), off - after


def _day_levels(enterprise: Enterprise, arch: Archetype, days: pd.DataFrame,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Daily level (relative) and working-day flag for each day of the year.

    The monthly levels are seasonal only: the Spring Festival's effect comes from the stop and restart
    ramp (:func:`_stop_days`), never also from a February factor (data/archetypes.md).
    """
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
    _before, _after, ramp, first = arch.spring_festival
    stopped, k = _stop_days(enterprise, arch, days)
    working = working & ~stopped  # a stop day is a day off, even a make-up workday inside the stop
    level = np.where(working, 1.0, arch.non_working_fraction)
    level = np.where(stopped, min(arch.non_working_fraction, 0.3), level)
    if ramp:
        ramping = (k >= 0) & (k < ramp)
        level = np.where(ramping, level * (first + (1 - first) * k / ramp), level)
    months = pd.DatetimeIndex(days.index.astype("datetime64[ns]")).month.to_numpy()
    level = level * np.asarray(arch.monthly)[months - 1]
    sigma = arch.variability_fraction if enterprise.variability_fraction is None else enterprise.variability_fraction
    if sigma > 0:
        level = level * _ar1_factor(rng, sigma, 0.7, len(level))
    return level, working


def _ar1_factor(rng: np.random.Generator, sigma: float, phi: float, n: int) -> np.ndarray:
    """1 + AR(1) noise of standard deviation ``sigma`` and lag-one correlation ``phi``, clipped to 0.5..1.5."""
    shocks = rng.normal(0.0, sigma * np.sqrt(1 - phi**2), n)
    noise = np.empty(n)
    noise[0] = rng.normal(0.0, sigma)
    for i in range(1, n):
        noise[i] = phi * noise[i - 1] + shocks[i]
    return np.clip(1.0 + noise, 0.5, 1.5)


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

    Returns
    -------
    pandas.Series
        Hourly [kW] on the calendar year; its energy is the annual energy at full production times
        :func:`production_fraction` (0 before ``start_year``, ramp-up levels after it).
    """
    arch = get_archetype(enterprise.archetype, field=f"load.enterprises[{number}].archetype")
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left", tz=timezone)
    fraction = production_fraction(enterprise, year)
    if fraction == 0.0:
        return pd.Series(0.0, index=index, name=enterprise.name)
    days = day_calendar(year)
    rng = np.random.default_rng([seed, number])
    level, working = _day_levels(enterprise, arch, days, rng)
    pattern = enterprise.shifts or arch.shifts
    off_shift = arch.off_shift_fraction if enterprise.off_shift_fraction is None else enterprise.off_shift_fraction
    work_shape = shift_shape(pattern, off_shift)
    off_shape = np.full(24, work_shape.mean())
    daily_shape = np.where(working[:, None], work_shape[None, :], off_shape[None, :])
    hourly = (daily_shape * level[:, None]).ravel()
    hourly_sigma = (arch.hourly_variability_fraction if enterprise.hourly_variability_fraction is None
                    else enterprise.hourly_variability_fraction)
    if hourly_sigma > 0:  # hour-to-hour noise (U), its own seeded stream: the daily noise stays as it was
        hourly = hourly * _ar1_factor(np.random.default_rng([seed, number, 1]), hourly_sigma, 0.5, len(hourly))
    # daylight-saving-free zones have exactly 24 h a day; guard anyway
    if len(hourly) != len(index):
        raise ValueError(f"time zone {timezone} has days that are not 24 h long; use a zone without DST")
    hourly = hourly / hourly.sum() * (annual_energy_kwh(enterprise, len(index)) * fraction)
    return pd.Series(hourly, index=index, name=enterprise.name)


def metered_year_kw(enterprise: Enterprise, year: int, timezone: str) -> tuple[pd.Series, dict]:
    """Profile [kW] of a metered enterprise on the calendar year (at the data's interval), scaled.

    The data are read with :func:`~simulator.inputs.load.metered.read_metered`, placed on ``year``
    (:func:`~simulator.inputs.load.metered.year_profile_kw`), scaled as the enterprise says (annual energy,
    output ratio or peak) and multiplied by the ramp-up level. Returns the series and the report.
    """
    src = enterprise.metered
    data = read_metered(src.file, timezone=src.timezone or timezone, sheet=src.sheet,
                        timestamp_column=src.timestamp_column, value_column=src.value_column, unit=src.unit,
                        interval_minutes=src.interval_minutes, fill=src.fill, duplicates=src.duplicates,
                        timestamps=src.timestamps, layout=src.layout,
                        field_name=f"load.enterprises '{enterprise.name}'.metered")
    if str(data.kw.index.tz) != timezone:
        data.kw = data.kw.tz_convert(timezone)
    kw = year_profile_kw(data, year)
    dt_h = pd.Timedelta(kw.index.freq).total_seconds() / 3600.0
    year_kwh = float(kw.sum() * dt_h)
    if enterprise.annual_kwh is not None:
        factor = enterprise.annual_kwh / year_kwh
    elif enterprise.output_per_yr is not None:
        factor = enterprise.output_per_yr / src.output_per_yr
    elif enterprise.peak_kw is not None:
        factor = enterprise.peak_kw / float(kw.max())
    else:
        factor = 1.0
    fraction = production_fraction(enterprise, year)
    if factor != 1.0:
        data.report.notes.append(f"scaled by {factor:.6g} ({_sizing_text(enterprise)})")
    if fraction != 1.0:
        data.report.notes.append(f"ramp-up: production level {fraction:g} in {year}")
    report = data.report.as_dict()
    report["scale_factor"] = factor
    report["full_production_kwh"] = year_kwh * factor
    return (kw * factor * fraction).rename(enterprise.name), report


def _flexibility(enterprise: Enterprise, section: LoadSection) -> tuple[float, float]:
    """(flexible share, up fraction) of an enterprise [-]."""
    arch = get_archetype(enterprise.archetype) if enterprise.archetype else None
    share = enterprise.flexible_fraction
    if share is None:
        share = arch.flexible_fraction if (arch is not None and section.archetype_flexibility) else 0.0
    up = enterprise.flexible_up_fraction
    if up is None:
        up = arch.flexible_up_fraction if arch is not None else 1.0
    return float(share), float(up)


def build_park_load(section: LoadSection, index: pd.DatetimeIndex) -> ParkLoad:
    """Build (or import) every enterprise's profile and the park total on the model index.

    Parameters
    ----------
    section : LoadSection
        The scenario's ``[load]`` section (with enterprises; metered file paths already resolved).
    index : pandas.DatetimeIndex
        Model index (hourly or sub-hourly, tz-aware, within one calendar year).

    Returns
    -------
    ParkLoad
    """
    year = int(index[0].year)
    tz = str(index.tz)
    dt_h = step_hours(index)
    columns, year_stats, reports = {}, {}, {}
    down = np.zeros(len(index))
    up = np.zeros(len(index))
    for number, ent in enumerate(section.enterprises):
        if ent.metered is not None:
            year_kw, reports[ent.name] = metered_year_kw(ent, year, tz)
        else:
            year_kw = enterprise_year_kw(ent, year, tz, section.seed, number)
        year_dt_h = pd.Timedelta(year_kw.index.freq).total_seconds() / 3600.0
        year_kwh = float(year_kw.sum() * year_dt_h)
        year_peak = float(year_kw.max())
        year_stats[ent.name] = (year_kwh, year_peak, year_kwh / (year_peak * len(year_kw) * year_dt_h)
                                if year_peak > 0 else 0.0)
        # sub-hourly steps hold the interval's mean power, coarser steps its mean: energy is preserved
        columns[ent.name] = on_index(year_kw, index)
        share, up_fraction = _flexibility(ent, section)
        down += share * columns[ent.name]
        up += share * up_fraction * columns[ent.name]
    frame = pd.DataFrame(columns, index=index)
    total = frame.sum(axis=1).rename("load_kw")
    peak_t = total.idxmax()
    rows = []
    for ent in section.enterprises:
        col = frame[ent.name]
        peak = float(col.max())
        horizon_kwh = float(col.sum() * dt_h)
        year_kwh, year_peak, year_lf = year_stats[ent.name]
        share, up_fraction = _flexibility(ent, section)
        hours = len(pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left", tz=tz))
        rows.append({
            "enterprise": ent.name,
            "archetype": ent.archetype or "",
            "shifts": "metered" if ent.metered is not None else (ent.shifts or get_archetype(ent.archetype).shifts),
            "source": "metered" if ent.metered is not None else "built",
            "sizing": _sizing_text(ent),
            "full_production_kwh": (annual_energy_kwh(ent, hours) if ent.metered is None
                                    else reports[ent.name]["full_production_kwh"]),
            "production_fraction": production_fraction(ent, year),
            "annual_kwh": year_kwh,
            "annual_peak_kw": year_peak,
            "annual_load_factor": year_lf,
            "horizon_kwh": horizon_kwh,
            "peak_kw": peak,
            "load_factor": horizon_kwh / (peak * len(index) * dt_h) if peak > 0 else 0.0,
            "peak_coincidence_fraction": float(col[peak_t] / peak) if peak > 0 else 0.0,
            "flexible_fraction": share,
            "flexible_up_fraction": up_fraction,
        })
    summary = pd.DataFrame(rows).set_index("enterprise")
    sum_peaks = float(summary["peak_kw"].sum())
    park = {"peak_kw": float(total.max()), "peak_time": peak_t.isoformat(),
            "sum_of_enterprise_peaks_kw": sum_peaks,
            "coincidence_factor": float(total.max()) / sum_peaks if sum_peaks > 0 else 0.0,
            "horizon_kwh": float(total.sum() * dt_h)}
    return ParkLoad(frame, total, summary, pd.Series(down, index=index, name="flexible_down_kw"),
                    pd.Series(up, index=index, name="flexible_up_kw"), park, reports)


def scenario_load(scenario, index: pd.DatetimeIndex) -> tuple[pd.Series, ParkLoad | None]:
    """The park load of a scenario on the model index: a profile CSV or the enterprises' profiles.

    Parameters
    ----------
    scenario : Scenario
    index : pandas.DatetimeIndex
        The model's time index.

    Returns
    -------
    load_kw : pandas.Series
        Park load [kW], named ``load_kw``.
    park_load : ParkLoad or None
        The per-enterprise profiles (None when the load came from ``[load] profile_csv``).
    """
    section = scenario.load
    if section.profile_csv is not None:
        series = read_profile_csv(section.profile_csv, index, "load.profile_csv", "load",
                                  section.profile_column, section.profile_unit)
        return series.rename("load_kw"), None
    park_load = build_park_load(section, index)
    return park_load.total_kw, park_load


def park_load(scenario) -> ParkLoad:
    """Build the park load of a validated scenario on its model index.

    Parameters
    ----------
    scenario : Scenario
        With ``[[load.enterprises]]`` (a scenario that only gives ``load.profile_csv`` has no
        enterprises to build).

    Raises
    ------
    ValueError
        If the scenario gives a park profile instead of enterprises.
    """
    if not scenario.load.enterprises:
        raise ValueError("the scenario gives load.profile_csv, not enterprises: there is no load to build")
    return build_park_load(scenario.load, scenario_index(scenario))
