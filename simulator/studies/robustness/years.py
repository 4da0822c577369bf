"""N weather years for one park: seeded draws of the default weather generator, or several weather files.

Each year is the same scenario with another weather: the load, tariffs and costs stay as they are, so
the years differ only in the availability of PV and wind. All years are placed on the scenario's own
model index (weather files are mapped onto ``park.year`` by month, day and time, as a single file is).

What seeded draws vary: the default generator (``simulator/inputs/resource/weather.py``) keeps each month's
GHI at the target it is given, so by default each year's 12 targets are the station normals times factors
drawn with the CDSRD record's year-to-year statistics of that station (source: CDSRD;
:func:`simulator.inputs.resource.daily.record_year_factors`): each month's interannual CV, the
month-to-month correlation of the anomalies and a common-year part solved so that the annual GHI has the
record's CV (about 0.06 at Kunming). The seed also changes the sequence of clear and cloudy days and the
synthetic wind, and the year's mean synthetic hub wind is scaled by a seeded lognormal factor (mean 1, CV
``robustness.wind_annual_cv_fraction``, placeholder, tag U). ``monthly_ghi_spread_fraction`` (``zcpark robustness --ghi-spread``) replaces the record's
statistics by independent factors 1 + s z (z standard normal truncated at ±2), as before. Real multi-year
weather files, or recorded CDSRD years, are the better source where a planner has them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.data import default
from simulator.inputs.assemble import model_inputs
from simulator.inputs.model_inputs import ModelInputs
from simulator.inputs.resource import build_resource
from simulator.inputs.resource.daily import (DRY_MONTHS, cap_to_clear_sky, clear_sky_days, nearest_station,
                                             record_year_factors)
from simulator.inputs.resource.weather import station_monthly_ghi
from simulator.inputs.timegrid import scenario_index

logger = logging.getLogger(__name__)


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
    months_limited_to_clear_sky : list of int
        Months (1-12) whose drawn GHI was limited to 90 % of the clear-sky GHI.
    wind_speed_factor : float
        The year's synthetic hub wind mean relative to ``wind.mean_speed_hub_m_per_s`` [-] (seeded draws:
        lognormal, mean 1, CV ``robustness.wind_annual_cv_fraction``, tag U).
    """

    label: str
    scenario: object
    monthly_ghi_kwh_per_m2: list | None = None
    months_limited_to_clear_sky: list = field(default_factory=list)
    wind_speed_factor: float = 1.0


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


def weather_station(scenario) -> int:
    """WMO id whose statistics the default generator uses: ``weather.station`` or the nearest station."""
    if scenario.weather.station is not None:
        return int(scenario.weather.station)
    return nearest_station(scenario.park.latitude, scenario.park.longitude)[0]


def normal_monthly_ghi(scenario) -> np.ndarray:
    """The 12 monthly GHI normals [kWh/m2] the default generator uses for this scenario."""
    weather = scenario.weather
    if weather.monthly_ghi_kwh_per_m2 is not None:
        return np.asarray(weather.monthly_ghi_kwh_per_m2, dtype=float)
    return np.asarray(station_monthly_ghi(weather_station(scenario)), dtype=float)


def seeded_years(scenario, n_years: int, first_seed: int | None = None,
                 monthly_ghi_spread_fraction: float | None = None) -> list[WeatherYear]:
    """N draws of the default weather generator.

    Parameters
    ----------
    scenario : Scenario
        With ``weather.source = "default"``.
    n_years : int
        N >= 1.
    first_seed : int, optional
        Seeds are first_seed, first_seed + 1, ...; none = the scenario's ``weather.seed``.
    monthly_ghi_spread_fraction : float, optional
        None (default): each month's normal is scaled by a factor drawn with the station record's
        year-to-year statistics (see the module docstring). s >= 0: the explicit override, factors 1 + s z
        with z ~ N(0, 1) truncated at ±2 and independent between months [-]; 0 = every year keeps the
        station normals (only the day sequence varies).

    Returns
    -------
    list of WeatherYear
        ``monthly_ghi_kwh_per_m2`` holds each year's 12 targets [kWh/m2].
    """
    if scenario.weather.source != "default":
        raise ValueError("seeded years need weather.source = 'default'; give weather files instead")
    if n_years < 1:
        raise ValueError("n_years must be >= 1")
    if monthly_ghi_spread_fraction is not None and monthly_ghi_spread_fraction < 0:
        raise ValueError("monthly_ghi_spread_fraction must be >= 0")
    seed0 = scenario.weather.seed if first_seed is None else int(first_seed)
    normals = normal_monthly_ghi(scenario)
    station = weather_station(scenario)
    park = scenario.park
    wind_cv = float(default("robustness.wind_annual_cv_fraction"))
    base_wind = scenario.wind.mean_speed_hub_m_per_s
    cs_day, day_month = clear_sky_days(park.latitude, park.longitude, park.altitude_m, park.year, park.timezone)
    cs_month = np.bincount(day_month - 1, weights=cs_day, minlength=12)
    years = []
    for i in range(n_years):
        seed = seed0 + i
        if monthly_ghi_spread_fraction is None:
            factors = record_year_factors(station, normals, seed)
        elif monthly_ghi_spread_fraction > 0:
            z = np.clip(np.random.default_rng([seed, 7919]).standard_normal(12), -2.0, 2.0)
            factors = 1.0 + monthly_ghi_spread_fraction * z
        else:
            factors = np.ones(12)
        monthly, limited = cap_to_clear_sky(normals * factors, cs_month)
        if limited:
            logger.warning("seed %d: drawn GHI of month(s) %s limited to 90 %% of the clear-sky GHI", seed, limited)
        monthly = monthly.tolist()
        variant = _with_weather(scenario, seed=seed, station=station, monthly_ghi_kwh_per_m2=monthly,
                                monthly_ghi_normal_kwh_per_m2=normals.tolist())
        wind_factor = 1.0
        if wind_cv > 0:
            s = np.sqrt(np.log1p(wind_cv ** 2))
            z = float(np.clip(np.random.default_rng([seed, 7933]).standard_normal(), -2.5, 2.5))
            wind_factor = float(np.exp(s * z - 0.5 * s ** 2))
            wind = variant.wind.model_validate({**variant.wind.model_dump(),
                                                "mean_speed_hub_m_per_s": base_wind * wind_factor})
            variant = variant.model_copy(update={"wind": wind})
        years.append(WeatherYear(f"seed {seed}", variant, monthly, limited, wind_factor))
    return years


def recorded_years(scenario, first_year: int, last_year: int) -> list[WeatherYear]:
    """The recorded years first_year .. last_year of the scenario's multi-year file, one weather year each.

    The scenario needs ``[weather] source = "cdsrd"`` (a CDSRD station file), ``"nasa_power"`` or ``"era5"``
    (hourly point series) with ``file``; each year is checked when its weather is built (every day or
    hour present in the model's time zone, nothing filled).
    """
    if scenario.weather.source not in ("cdsrd", "nasa_power", "era5"):
        raise ValueError("recorded weather years need [weather] source = 'cdsrd', 'nasa_power' or 'era5' with "
                         "a multi-year file")
    if last_year < first_year:
        raise ValueError(f"weather years {first_year}:{last_year}: the last year is before the first")
    return [WeatherYear(str(y), _with_weather(scenario, year=y)) for y in range(int(first_year), int(last_year) + 1)]


def year_ghi_listing(years: list[WeatherYear], summaries: list) -> list[dict]:
    """Per year: label, annual GHI [kWh/m2] and dry-season (Nov-Apr) share of it [-], from the weather used."""
    out = []
    for year, summary in zip(years, summaries):
        weather = summary.get("weather") if isinstance(summary, dict) else None
        if not weather:
            out.append({"label": year.label, "ghi_kwh_per_m2_yr": None, "dry_season_share_fraction": None})
            continue
        monthly = list(weather["monthly_ghi_kwh_per_m2"].values())
        total = float(sum(monthly))
        dry = float(sum(monthly[m - 1] for m in DRY_MONTHS))
        out.append({"label": year.label, "ghi_kwh_per_m2_yr": total,
                    "dry_season_share_fraction": dry / total if total > 0 else None,
                    "months_limited_to_clear_sky": list(year.months_limited_to_clear_sky),
                    "wind_speed_factor": year.wind_speed_factor})
    return out


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


#: why the weather-year studies refuse [hydrogen] (simulator.inputs.hydrogen.refuse_hydrogen)
ROBUSTNESS_HYDROGEN = ("robustness studies share only PV, wind and storage across the weather years, so the "
                       "electrolyser and tank would be re-sized in every year; not modelled yet")


def year_set(scenario, years: list[WeatherYear]) -> YearSet:
    """Build the load once and the availability of every year; assemble one ModelInputs per year."""
    from simulator.inputs.hydrogen import refuse_hydrogen
    from simulator.inputs.sites import refuse_sites

    refuse_sites(scenario, "the weather-year robustness study")  # the years would size their lines apart
    refuse_hydrogen(scenario, ROBUSTNESS_HYDROGEN)
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
