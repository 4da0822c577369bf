"""Readers of the shipped default data, each value with its unit, source, year and confidence tag.

Files in this folder:

- ``defaults.toml``: every default number of the scenario sections (value, unit, tag, year, source);
- ``emission_factors.csv``: grid CO2 emission factors (kg CO2/kWh) by region and data year;
- ``tariffs/*.toml``: time-of-use tariffs (hour -> band, band -> price);
- ``yunnan_stations.csv``: monthly GHI of 14 Yunnan stations (kWh/m2/month);
- ``wind_power_curves.csv``: normalised turbine power curves;
- ``climate_normals.csv``: monthly temperature and wind shapes of the default weather year (placeholders).
- ``cdsrd_daily_stats.csv``, ``cdsrd_station_stats.csv``: day-to-day and year-to-year GHI statistics of the
  stations from the CDSRD record (``cdsrd_daily_stats.md``);
- ``daily_ghi_quantiles.csv``, ``daily_ghi_process.csv``: the default generator's daily process fitted to
  them (``daily_ghi_fit.md``).

Values tagged ``U`` are placeholders the user should override; :func:`default_entry` exposes the
tag so that reports can list them.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from simulator.errors import InputError, InputIssue


@dataclass(frozen=True)
class DefaultEntry:
    """One shipped default value with its provenance."""

    key: str
    value: Any
    unit: str
    tag: str
    year: int
    source: str

    @property
    def is_placeholder(self) -> bool:
        """True when the value is unverified (tag ``U``)."""
        return self.tag == "U"


def data_path(name: str):
    """Path of a shipped data file (a ``Traversable``)."""
    return resources.files("simulator.data").joinpath(name)


@lru_cache(maxsize=None)
def _defaults() -> dict[str, DefaultEntry]:
    with data_path("defaults.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    entries = {}
    for section, items in raw.items():
        for name, item in items.items():
            key = f"{section}.{name}"
            entries[key] = DefaultEntry(key, item["value"], item["unit"], item["tag"],
                                        int(item["year"]), item["source"])
    return entries


def default_entry(key: str) -> DefaultEntry:
    """Return the shipped default ``section.name`` with unit, tag and source."""
    return _defaults()[key]


def default(key: str) -> Any:
    """Return the value of the shipped default ``section.name``."""
    return _defaults()[key].value


def all_defaults() -> list[DefaultEntry]:
    """All shipped defaults, in file order."""
    return list(_defaults().values())


@lru_cache(maxsize=None)
def emission_factors() -> pd.DataFrame:
    """Grid emission factors, indexed by key, column ``kg_co2_per_kwh`` with source and year."""
    with data_path("emission_factors.csv").open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle).set_index("key")


def emission_factor_kg_per_kwh(key: str) -> float:
    """Emission factor (kg CO2/kWh) for a key of ``emission_factors.csv``."""
    table = emission_factors()
    if key not in table.index:
        raise InputError(InputIssue("emission_factors.csv", "grid.emission_factor", key,
                                    "one of " + ", ".join(table.index)))
    return float(table.loc[key, "kg_co2_per_kwh"])


@lru_cache(maxsize=None)
def tariff(name: str) -> dict:
    """A shipped TOU tariff table ``tariffs/<name>.toml`` as a dict."""
    path = data_path("tariffs").joinpath(f"{name}.toml")
    if not path.is_file():
        names = sorted(p.name[:-5] for p in data_path("tariffs").iterdir() if p.name.endswith(".toml"))
        raise InputError(InputIssue("scenario", "grid.tariff", name, "one of " + ", ".join(names)))
    with path.open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
def stations() -> pd.DataFrame:
    """The Yunnan station table, indexed by WMO id (int)."""
    with data_path("yunnan_stations.csv").open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle).set_index("wmo_id")


@lru_cache(maxsize=None)
def power_curves() -> pd.DataFrame:
    """Normalised wind power curves, indexed by wind speed (m/s), one column per turbine class."""
    with data_path("wind_power_curves.csv").open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle).set_index("wind_speed_m_per_s")
