"""Pydantic models of the ``[load]`` section: enterprises (built or metered) or one metered park profile."""
from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from simulator.scenario.fields import MAX_ENERGY_KWH, EnergyKwh, Name, PowerKw, Section, Seed

ShiftPattern = Literal["continuous", "3x8", "2x8", "1x8"]


#: largest annual output of an enterprise, in its archetype's unit (t, pieces, ...; plausibility bound)
MAX_OUTPUT_PER_YR = 1e12
#: largest electricity intensity [kWh per unit of output] (plausibility bound)
MAX_INTENSITY_KWH_PER_UNIT = 1e9


class MeteredSource(Section):
    """Interval data of one enterprise, as utilities and 用电信息采集 systems export it (CSV or Excel).

    Nothing is guessed silently: the interval is detected from the timestamps and must be 15, 30 or
    60 min (or is given); the unit (kW = mean power, kWh = energy per interval) is given, or read from
    the value column's header (``kWh``/``电量`` or ``kW``/``功率``/``负荷``) and reported; gaps and
    duplicated timestamps are reported with their timestamps and are errors unless ``fill`` /
    ``duplicates`` say how to treat them.
    """

    file: Path = Field(description="CSV (.csv, .txt) or Excel (.xlsx, .xlsm) file; relative to the scenario")
    sheet: Optional[str] = Field(None, description="Excel sheet name; none = the first sheet")
    timestamp_column: Optional[str] = Field(None, description="none = the first column")
    value_column: Optional[str] = Field(None, description="none = the only other column")
    unit: Literal["auto", "kW", "kWh"] = Field("auto", description="auto = from the value column's header")
    interval_minutes: Optional[Literal[15, 30, 60]] = Field(None, description="none = detected")
    timezone: Optional[str] = Field(None, description="zone of naive timestamps; none = the park's")
    fill: Literal["none", "linear", "previous_day"] = Field(
        "none", description="how to fill missing intervals; none = missing intervals are an error")
    duplicates: Literal["error", "first", "mean"] = Field(
        "error", description="what to do with repeated timestamps; error = refuse the file")
    timestamps: Literal["start", "end"] = Field(
        "start", description="whether a timestamp labels the start or the end (00:15 ... 24:00) of its interval")
    layout: Literal["long", "wide"] = Field(
        "long", description="long = one row per interval; wide = one row per day, one column per time of day")
    output_per_yr: Optional[float] = Field(
        None, gt=0, le=MAX_OUTPUT_PER_YR, description="the enterprise's annual output in the metered year, to scale to a future output")


class Enterprise(Section):
    """One enterprise of the park, sized by whatever the planner knows.

    A built enterprise gives exactly one way of sizing: ``annual_kwh``; or ``output_per_yr`` times
    ``intensity_kwh_per_unit`` (e.g. t aluminium x 13,000 kWh/t); or ``peak_kw`` with ``load_factor``
    (none = the archetype's typical load factor). A metered enterprise (``metered``) gives at most one:
    ``annual_kwh`` (scaled to it), ``output_per_yr`` (scaled by output_per_yr / metered.output_per_yr)
    or ``peak_kw`` (scaled to that peak); none = as metered.
    """

    name: Name
    archetype: Optional[str] = Field(None, description="key of data/archetypes.toml, e.g. 'electrolytic_aluminium'; "
                                     "required unless metered")
    shifts: Optional[ShiftPattern] = Field(None, description="none = the archetype's usual pattern")
    workdays_per_week: Optional[Literal[5, 6, 7]] = Field(None, description="none = the archetype's")
    annual_kwh: Optional[EnergyKwh] = Field(None, gt=0, description="annual energy at full production [kWh]")
    output_per_yr: Optional[float] = Field(None, gt=0, le=MAX_OUTPUT_PER_YR,
                                           description="annual output in the archetype's unit")
    intensity_kwh_per_unit: Optional[float] = Field(None, gt=0, le=MAX_INTENSITY_KWH_PER_UNIT)
    peak_kw: Optional[PowerKw] = Field(None, gt=0)
    load_factor: Optional[float] = Field(None, gt=0, le=1)
    start_year: Optional[int] = Field(None, ge=2000, le=2100, description="first year of operation")
    ramp_up_fractions: list[float] = Field(
        default_factory=list, description="production level in start_year, start_year + 1, ... (each in 0..1); "
        "full production after the last; empty = full from start_year")
    off_shift_fraction: Optional[float] = Field(None, ge=0, le=1, description="load outside shift hours relative "
                                                "to shift hours; none = the archetype's")
    variability_fraction: Optional[float] = Field(None, ge=0, le=0.5,
                                                  description="day-to-day noise; none = archetype's")
    flexible_fraction: Optional[float] = Field(
        None, ge=0, le=1, description="share of the load that may shift within a day; none = 0, or the "
        "archetype's when load.archetype_flexibility is true")
    flexible_up_fraction: Optional[float] = Field(
        None, ge=0, le=10, description="how far the flexible part may rise above its level, as a fraction of it; "
        "none = the archetype's (1.0 if not given)")
    metered: Optional[MeteredSource] = None

    @field_validator("ramp_up_fractions")
    @classmethod
    def _fractions(cls, value):
        if any(not 0.0 <= v <= 1.0 for v in value):
            raise ValueError("every ramp-up fraction must be in 0..1")
        return value

    @model_validator(mode="after")
    def _one_sizing(self):
        if self.metered is None and self.archetype is None:
            raise ValueError("a built enterprise needs an archetype (or give metered data)")
        if self.ramp_up_fractions and self.start_year is None:
            raise ValueError("ramp_up_fractions needs start_year")
        ways = {
            "annual_kwh": self.annual_kwh is not None,
            "output_per_yr": self.output_per_yr is not None,
            "peak_kw": self.peak_kw is not None,
        }
        given = [k for k, v in ways.items() if v]
        if self.metered is not None:
            if len(given) > 1:
                raise ValueError(f"a metered enterprise is scaled by at most one of annual_kwh, output_per_yr, "
                                 f"peak_kw; got {given}")
            if self.output_per_yr is not None and self.metered.output_per_yr is None:
                raise ValueError("scaling metered data by output_per_yr needs metered.output_per_yr "
                                 "(the output in the metered year)")
            return self
        if len(given) != 1:
            raise ValueError("exactly one of annual_kwh, output_per_yr (+ intensity_kwh_per_unit) or "
                             f"peak_kw (+ load_factor); got {given or 'none'}")
        if self.output_per_yr is not None and self.intensity_kwh_per_unit is None:
            raise ValueError("output_per_yr needs intensity_kwh_per_unit")
        if self.output_per_yr is not None and self.output_per_yr * self.intensity_kwh_per_unit > MAX_ENERGY_KWH:
            raise ValueError(f"intensity_kwh_per_unit: output_per_yr x intensity_kwh_per_unit of at most "
                             f"{MAX_ENERGY_KWH:g} kWh/yr; got {self.output_per_yr * self.intensity_kwh_per_unit:g}")
        return self


class LoadSection(Section):
    """The park's load: enterprises to build or import, or one metered/given park profile."""

    profile_csv: Optional[Path] = Field(None, description="timestamp + one value column, kW or kWh")
    profile_column: Optional[str] = None
    profile_unit: Literal["kW", "kWh"] = "kW"
    enterprises: list[Enterprise] = Field(default_factory=list)
    seed: Seed = Field(2026, description="seed of the day-to-day variation")
    archetype_flexibility: bool = Field(
        False, description="use each archetype's flexible_fraction for enterprises that give none; "
        "false = only enterprises with an explicit flexible_fraction are shiftable")

    @model_validator(mode="after")
    def _something(self):
        if self.profile_csv is None and not self.enterprises:
            raise ValueError("give profile_csv or at least one [[load.enterprises]]")
        if self.profile_csv is not None and self.enterprises:
            raise ValueError("give profile_csv or enterprises, not both")
        names = [e.name for e in self.enterprises]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"enterprise names must be unique; repeated: {dup}")
        return self
