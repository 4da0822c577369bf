"""Pydantic models of the ``[load]`` section: enterprises or a metered profile."""
from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

ShiftPattern = Literal["continuous", "3x8", "2x8", "1x8"]


class Enterprise(BaseModel):
    """One enterprise of the park, sized by whatever the planner knows.

    Exactly one way of sizing must be given: ``annual_kwh``; or ``output_per_yr`` times
    ``intensity_kwh_per_unit`` (e.g. t aluminium x 13,000 kWh/t); or ``peak_kw`` with ``load_factor``.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    archetype: str = Field(description="key of data/archetypes.toml, e.g. 'electrolytic_aluminium'")
    shifts: Optional[ShiftPattern] = Field(None, description="none = the archetype's usual pattern")
    workdays_per_week: Optional[Literal[5, 6, 7]] = Field(None, description="none = the archetype's")
    annual_kwh: Optional[float] = Field(None, gt=0)
    output_per_yr: Optional[float] = Field(None, gt=0, description="annual output in the archetype's unit")
    intensity_kwh_per_unit: Optional[float] = Field(None, gt=0)
    peak_kw: Optional[float] = Field(None, gt=0)
    load_factor: Optional[float] = Field(None, gt=0, le=1)
    start_year: Optional[int] = Field(None, ge=2000, le=2100, description="first year of operation")
    variability_fraction: Optional[float] = Field(None, ge=0, le=0.5,
                                                  description="day-to-day noise; none = archetype's")

    @model_validator(mode="after")
    def _one_sizing(self):
        ways = {
            "annual_kwh": self.annual_kwh is not None,
            "output_per_yr with intensity_kwh_per_unit": self.output_per_yr is not None,
            "peak_kw with load_factor": self.peak_kw is not None,
        }
        given = [k for k, v in ways.items() if v]
        if len(given) != 1:
            raise ValueError("exactly one of annual_kwh, output_per_yr (+ intensity_kwh_per_unit) or "
                             f"peak_kw (+ load_factor); got {given or 'none'}")
        if self.output_per_yr is not None and self.intensity_kwh_per_unit is None:
            raise ValueError("output_per_yr needs intensity_kwh_per_unit")
        if self.peak_kw is not None and self.load_factor is None:
            raise ValueError("peak_kw needs load_factor")
        return self


class LoadSection(BaseModel):
    """The park's load: enterprises to build, or a metered/given profile."""

    model_config = ConfigDict(extra="forbid")

    profile_csv: Optional[Path] = Field(None, description="timestamp + one value column, kW or kWh")
    profile_column: Optional[str] = None
    profile_unit: Literal["kW", "kWh"] = "kW"
    enterprises: list[Enterprise] = Field(default_factory=list)
    seed: int = Field(2026, description="seed of the day-to-day variation")

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
