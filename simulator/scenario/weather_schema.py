"""The ``[weather]`` section of a scenario: the embedded default year or a weather file (docs/resource.md).

Kept apart from :mod:`simulator.scenario.schema`, which re-exports it; ``[[sites]]`` entries use it too.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from simulator.data import default
from simulator.scenario.fields import Section, Seed


RECORDED_SOURCES = ("cdsrd", "nasa_power", "era5")   # multi-year files: one calendar year chosen by weather.year


class WeatherSection(Section):
    """Weather source for PV and wind: the embedded default year or a weather file (docs/resource.md)."""

    source: Literal["default", "epw", "pvgis", "tmy3", "csv", "cdsrd", "nasa_power", "era5"] = Field(
        "default", description="embedded default weather year, or the format of `file`")
    year: Optional[int] = Field(None, ge=1950, le=2100,
                                description="cdsrd, nasa_power, era5: the recorded calendar year of `file`")
    file: Optional[Path] = Field(None, description="weather file (relative to the scenario file)")
    columns: Optional[dict[str, str]] = Field(
        None, description="plain CSV: pvlib name (ghi, dni, dhi, temp_air, wind_speed) -> file column")
    time_column: str = Field("timestamp", description="plain CSV: time-stamp column")
    file_timezone: Optional[str] = Field(None, description="plain CSV: zone of naive stamps; none = park.timezone")
    time_label: Literal["start", "end"] = Field("start", description="plain CSV: stamps mark step starts or ends")
    year_mapping: Literal["map", "strict"] = Field(
        "map", description="map = typical year mapped by month/day/time onto park.year; strict = file holds park.year")
    wind_height_m: float = Field(10.0, ge=1, le=300, description="plain CSV: height of wind_speed (files: 10 m)")
    station: Optional[int] = Field(None, ge=0, le=99999, description="WMO id of a station in data/yunnan_stations.csv")
    monthly_ghi_kwh_per_m2: Optional[list[float]] = Field(
        None, description="12 monthly GHI sums (kWh/m2) for a site without a station")
    monthly_ghi_normal_kwh_per_m2: Optional[list[float]] = Field(
        None, description="12 normal monthly GHI sums (kWh/m2) that monthly_ghi_kwh_per_m2 departs from (a drawn "
                          "robustness year): the departure is made by more or fewer cloudy days")
    seed: Seed = 2026
    intraday_spread: float = Field(default_factory=lambda: default("weather.intraday_spread"), ge=0, le=5,
                                   description="default weather: within-day clearness variability")

    @field_validator("monthly_ghi_kwh_per_m2", "monthly_ghi_normal_kwh_per_m2")
    @classmethod
    def _twelve(cls, value):
        if value is not None and (len(value) != 12 or any(v <= 0 or v > 300 for v in value)):
            raise ValueError("12 positive monthly sums of at most 300 kWh/m2")
        return value

    @model_validator(mode="after")
    def _file_matches_source(self):
        if self.source != "default" and self.file is None:
            raise ValueError(f"source = '{self.source}' needs weather.file")
        if self.source == "default" and self.file is not None:
            raise ValueError("weather.file given but source = 'default': set source to epw, pvgis, tmy3, csv, cdsrd, "
                             "nasa_power or era5")
        if self.monthly_ghi_normal_kwh_per_m2 is not None and self.monthly_ghi_kwh_per_m2 is None:
            raise ValueError("monthly_ghi_normal_kwh_per_m2 needs monthly_ghi_kwh_per_m2 (the drawn year it is the "
                             "normal of)")
        if (self.source in RECORDED_SOURCES) != (self.year is not None):
            raise ValueError("source = 'cdsrd', 'nasa_power' or 'era5' needs weather.year (the recorded year), "
                             "and only they take one")
        return self
