"""N weather years for one park: seeded draws of the default weather generator, or several weather files.

Each year is the same scenario with another weather: the load, tariffs and costs stay as they are, so
the years differ only in the availability of PV and wind. All years are placed on the scenario's own
model index (weather files are mapped onto ``park.year`` by month, day and time, as a single file is).

What seeded draws do and do not vary: the default generator (``simulator/inputs/resource/weather.py``) solves
each month's clearness so that the month's GHI equals the station normal, so a different seed changes the
sequence of clear and cloudy days and the synthetic wind, but not the monthly irradiation. To also vary
the months' totals, ``monthly_ghi_spread_fraction`` scales each month's normal by a seeded factor
1 + s z (z standard normal, truncated at ±2; s from data/defaults.toml ``robustness.monthly_ghi_spread_fraction``,
a placeholder, tag U). Real multi-year weather files are the better source where a planner has them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.inputs.assemble import model_inputs
from simulator.data import stations
from simulator.errors import InputError, InputIssue
from simulator.inputs.model_inputs import ModelInputs
from simulator.inputs.resource import build_resource
from simulator.inputs.resource.weather import station_monthly_ghi
from simulator.inputs.timegrid import scenario_index


@dataclass
class WeatherYear:
    """One weather year of a park.

    Attributes
    ----------
    label : str
        ``seed 2026`` or the weather file's name.
    scenario : Scenario
        The park's scenario with this year's weather section.
    monthly_ghi_kwh_per_m2 : list of float or None
        The monthly GHI targets used for a seeded draw [kWh/m2] (None for files).
    """

    label: str
    scenario: object
    monthly_ghi_kwh_per_m2: list | None = None


@dataclass
class YearSet:
    """Model inputs of N weather years on one index.

    Attributes
    ----------
    index : pandas.DatetimeIndex
        The common model index.
    labels : list of str
    inputs : list of ModelInputs
        One per year; identical except for the generators' availability.
    resource_summaries : list of dict
        ``Resource.summary`` of each year (annual yield, monthly profile, dry-season share).
    load_kw : pandas.Series
        The park load [kW] (common to all years).
    park_load : ParkLoad or None
    """

    index: pd.DatetimeIndex
    labels: list
    inputs: list
    resource_summaries: list
    load_kw: pd.Series
    park_load: object = None
    years: list = field(default_factory=list)


def _with_weather(scenario, **changes):
    """Copy of ``scenario`` whose weather section has the given fields changed (validated)."""
    weather = scenario.weather.model_validate({**scenario.weather.model_dump(), **changes})
    return scenario.model_copy(update={"weather": weather})


def normal_monthly_ghi(scenario) -> np.ndarray:
    """The 12 monthly GHI normals [kWh/m2] the default generator uses for this scenario."""
    weather, park = scenario.weather, scenario.park
    if weather.monthly_ghi_kwh_per_m2 is not None:
        return np.asarray(weather.monthly_ghi_kwh_per_m2, dtype=float)
    station = weather.station
    if station is None:
        table = stations()
        dist = (table["latitude"] - park.latitude) ** 2 + (table["longitude"] - park.longitude) ** 2
        station = int(dist.idxmin())
    return np.asarray(station_monthly_ghi(station), dtype=float)


def seeded_years(scenario, n_years: int, first_seed: int | None = None,
                 monthly_ghi_spread_fraction: float = 0.0) -> list[WeatherYear]:
    """N draws of the default weather generator.

    Parameters
    ----------
    scenario : Scenario
        With ``weather.source = "default"``.
    n_years : int
        N >= 1.
    first_seed : int, optional
        Seeds are first_seed, first_seed + 1, ...; none = the scenario's ``weather.seed``.
    monthly_ghi_spread_fraction : float
        s >= 0: each month's GHI normal is scaled by 1 + s z with z ~ N(0, 1) truncated at ±2, drawn from
        the year's seed [-]; 0 = every year keeps the station normals (only the day sequence varies).

    Returns
    -------
    list of WeatherYear
    """
    if scenario.weather.source != "default":
        raise ValueError("seeded years need weather.source = 'default'; give weather files instead")
    if n_years < 1:
        raise ValueError("n_years must be >= 1")
    if monthly_ghi_spread_fraction < 0:
        raise ValueError("monthly_ghi_spread_fraction must be >= 0")
    seed0 = scenario.weather.seed if first_seed is None else int(first_seed)
    normals = normal_monthly_ghi(scenario)
    years = []
    for i in range(n_years):
        seed = seed0 + i
        if monthly_ghi_spread_fraction > 0:
            z = np.clip(np.random.default_rng([seed, 7919]).standard_normal(12), -2.0, 2.0)
            monthly = (normals * (1.0 + monthly_ghi_spread_fraction * z)).tolist()
            variant = _with_weather(scenario, seed=seed, monthly_ghi_kwh_per_m2=monthly)
        else:
            monthly = None
            variant = _with_weather(scenario, seed=seed)
        years.append(WeatherYear(f"seed {seed}", variant, monthly))
    return years


def file_years(scenario, files: list, source: str) -> list[WeatherYear]:
    """One weather year per file (e.g. several years of measured or reanalysis weather).

    Parameters
    ----------
    files : list of path
        Weather files, relative to the scenario file's folder when not absolute.
    source : str
        Their format: ``epw``, ``pvgis``, ``tmy3`` or ``csv`` (see ``[weather]``).
    """
    if not files:
        raise ValueError("give at least one weather file")
    return [WeatherYear(Path(f).name, _with_weather(scenario, source=source, file=Path(f))) for f in files]


def refuse_heat(scenario) -> None:
    """Raise :class:`InputError` for a scenario with ``[heat]``: the robustness studies share and fix only
    the PV, wind and storage capacities, so heat equipment would be re-sized in every weather year."""
    if getattr(scenario, "heat", None) is not None:
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), "heat", "[heat] section",
                                    "a scenario without [heat] (robustness studies do not model heat yet)"))


def year_set(scenario, years: list[WeatherYear]) -> YearSet:
    """Build the load once and the availability of every year; assemble one ModelInputs per year."""
    refuse_heat(scenario)
    from simulator.inputs.load import scenario_load  # the run's own load step (profile CSV or enterprises)

    index = scenario_index(scenario)
    load_kw, park_load = scenario_load(scenario, index)
    inputs, summaries = [], []
    for year in years:
        resource = build_resource(year.scenario, index)
        inputs.append(model_inputs(year.scenario, load_kw, resource.availability, park_load))
        summaries.append(resource.summary)
    return YearSet(index, [y.label for y in years], inputs, summaries, load_kw, park_load, years)


def green_potential_kwh_per_kw(inputs: list[ModelInputs]) -> list[dict]:
    """Σ_t a_g,t Δt of each generator in each year [kWh per kW over the horizon]."""
    return [{g.name: float(g.availability.sum() * inp.dt_h) for g in inp.generators} for inp in inputs]
