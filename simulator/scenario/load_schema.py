"""Pydantic models of the ``[load]`` section: enterprises (built or metered) or one metered park profile."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from simulator.scenario.fields import MAX_ENERGY_KWH, EnergyKwh, Name, PlainText, PowerKw, Section, Seed

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
    # calendar (issue 18 point 6)
    calendar: Literal["own_stop", "statutory"] = Field(
        "own_stop", description="own_stop = the archetype's Spring Festival stop (days before/after 初一), or "
        "stop_dates, which overrides statutory 调休 make-up workdays inside it; statutory = stop on the "
        "statutory festival holidays only and work the make-up workdays")
    stop_dates: Optional[tuple[dt.date, dt.date]] = Field(
        None, description="own Spring Festival stop [first, last day] (inclusive); only with calendar = 'own_stop'; "
        "none = the archetype's days around 初一")
    hourly_variability_fraction: Optional[float] = Field(
        None, ge=0, le=0.2, description="hour-to-hour noise (standard deviation); none = the archetype's")
    # green allocation and product carbon (issue 18 points 1-2)
    green_share_contract: Optional[float] = Field(
        None, ge=0, le=1, description="fixed share of each hour's self-consumed green power (load.allocation = "
        "'contract'), capped at the enterprise's load in that hour")
    output_unit: Optional[PlainText] = Field(
        None, description="unit of output_per_yr for carbon per product unit; none = the archetype's unit")

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
        if self.stop_dates is not None:
            if self.calendar != "own_stop":
                raise ValueError("stop_dates needs calendar = 'own_stop'")
            first, last = self.stop_dates
            if not 0 <= (last - first).days <= 60:
                raise ValueError("stop_dates must be [first, last] with last - first in 0..60 days")
        # output_per_yr sizes the load only together with intensity_kwh_per_unit (or metered data); next to
        # annual_kwh or peak_kw it is the product output for carbon per unit only
        output_only = (self.output_per_yr is not None and self.intensity_kwh_per_unit is None
                       and self.metered is None and (self.annual_kwh is not None or self.peak_kw is not None))
        ways = {
            "annual_kwh": self.annual_kwh is not None,
            "output_per_yr": self.output_per_yr is not None and not output_only,
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
        if self.output_per_yr is not None and self.intensity_kwh_per_unit is None and not output_only:
            raise ValueError("output_per_yr needs intensity_kwh_per_unit")
        if (self.output_per_yr is not None and not output_only
                and self.output_per_yr * self.intensity_kwh_per_unit > MAX_ENERGY_KWH):
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
    allocation: Literal["pro_rata", "priority", "contract"] = Field(
        "pro_rata", description="how each hour's self-consumed green power is shared among the enterprises "
        "(docs/enterprises.md): pro rata to load, in the order of 'priority', or fixed green_share_contract "
        "shares with the remainder pro rata")
    priority: list[str] = Field(default_factory=list, description="enterprise names, first served first "
                                "(allocation = 'priority'); enterprises not listed share the rest pro rata")

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
        unknown = [n for n in self.priority if n not in names]
        if unknown or len(set(self.priority)) != len(self.priority):
            raise ValueError(f"priority must list distinct enterprise names; unknown or repeated: "
                             f"{unknown or self.priority}")
        if self.priority and self.allocation != "priority":
            raise ValueError("priority is given but allocation is not 'priority'")
        if self.allocation == "priority" and not self.priority:
            raise ValueError("allocation = 'priority' needs priority = [enterprise names]")
        contract = {e.name: e.green_share_contract for e in self.enterprises if e.green_share_contract is not None}
        if contract and self.allocation != "contract":
            raise ValueError("green_share_contract is given but allocation is not 'contract'")
        if self.allocation == "contract":
            if not contract:
                raise ValueError("allocation = 'contract' needs green_share_contract on at least one enterprise")
            if sum(contract.values()) > 1.0 + 1e-9:
                raise ValueError(f"green_share_contract values add up to {sum(contract.values()):g} > 1")
        return self


class DealSection(Section):
    """``[deal]``: a load-led joint project selling green power to the enterprises (docs/enterprises.md).

    The project company owns the PV, wind and storage and sells the green power credited to each
    enterprise (``[load] allocation``) at a direct-supply price; the enterprises buy grid power at the tariff.
    """

    price_cny_per_kwh: Optional[float] = Field(
        None, gt=0, le=1e3, description="direct-supply price to report the settlement at; none = only the price window")
    price_shape: Literal["flat", "tou"] = Field(
        "flat", description="flat, or shaped like the import tariff (π_t / green-weighted mean π) with the same "
        "average over the green power")
    enterprise_equity_fraction: Optional[float] = Field(
        None, ge=0, le=1, description="the enterprises' share in the project company (load-led: 0.51 or more); "
        "required by zcpark deal")
    hurdle_irr_fraction: Optional[float] = Field(
        None, gt=-0.99, lt=1, description="the generation company's hurdle project IRR [1/yr]; required by zcpark deal")
    bau_bill_cny_per_yr: dict[str, float] = Field(
        default_factory=dict, description="each enterprise's business-as-usual bill [CNY/yr]; an enterprise not "
        "given gets its share of the grid-only twin's bill (its load at the tariff, charges by coincident peak)")
