"""Weather and availability profiles of a whole year, with their summary (``zcpark resource``).

FILE is a scenario (``.toml``: its site, weather source, PV types and wind settings) or a weather file
(EPW, PVGIS TMY CSV/JSON, TMY3, plain CSV) read for the site stored in the file or given on the command
line, with the shipped PV and wind defaults. Files written (atomically):

- ``weather.csv``: timestamp, ``ghi``, ``dni``, ``dhi`` [W/m2], ``temp_air`` [degC], ``wind_speed`` [m/s];
- ``availability.csv``: timestamp and one column per generator [kW per kW installed];
- ``resource_summary.json``: per generator the annual specific yield [kWh/kW], full-load hours,
  monthly profile and dry-season share; the weather's annual and monthly GHI and every conversion made.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.resource import MONTHS, Resource, build_resource
from simulator.results.write import FolderCommit, atomic_path, check_output_folder, write_json
from simulator.inputs.timegrid import model_index
from simulator.outputs.csv_numbers import plain_float

EXTENSION_FORMAT = {".epw": "epw", ".json": "pvgis"}


def weather_file_scenario(path: Path, source: str | None, year: int, timezone: str, latitude: float | None,
                          longitude: float | None, altitude_m: float | None):
    """A scenario around a bare weather file: its site (from the file unless given) and the shipped defaults."""
    from simulator.inputs.resource.readers import read_weather
    from simulator.scenario import scenario_from_dict

    source = source or EXTENSION_FORMAT.get(path.suffix.lower())
    if source is None:
        raise InputError(InputIssue(str(path), "--format", None, "epw, pvgis, tmy3 or csv for a .csv file"))
    if None in (latitude, longitude, altitude_m):
        _, meta = read_weather(path, source, model_index(year, timezone), latitude=latitude, longitude=longitude)
        latitude = meta["latitude"] if latitude is None else latitude
        longitude = meta["longitude"] if longitude is None else longitude
        altitude_m = meta["altitude_m"] if altitude_m is None else altitude_m
        if None in (latitude, longitude, altitude_m):
            raise InputError(InputIssue(str(path), "site", "not in the file",
                                        "--latitude, --longitude and --altitude for a plain CSV"))
    raw = {"park": {"name": path.stem.replace(" ", "_") or "weather", "latitude": float(latitude),
                    "longitude": float(longitude), "altitude_m": float(altitude_m), "year": year,
                    "timezone": timezone},
           "weather": {"source": source, "file": str(path.resolve())},
           # the load is not built by the resource step; a scenario needs one entry
           "load": {"enterprises": [{"name": "none", "archetype": "park_offices", "annual_kwh": 1.0}]}}
    return scenario_from_dict(raw, source=str(path))


def year_resource(scenario) -> Resource:
    """The resource of a scenario over its whole model year (the horizon of the scenario is ignored)."""
    park = scenario.park
    return build_resource(scenario, model_index(park.year, park.timezone, park.timestep_minutes))


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    out = frame.copy()
    out.index = out.index.map(lambda t: t.isoformat())
    out.index.name = "timestamp"
    with atomic_path(path) as tmp:
        out.to_csv(tmp, float_format=plain_float, encoding="utf-8")


def write_resource(scenario, folder: str | Path) -> tuple[dict, list[Path]]:
    """Write weather, availability and summary of a scenario's model year to ``folder``.

    Returns
    -------
    summary : dict
        The ``resource_summary.json`` content.
    written : list of Path
    """
    folder = check_output_folder(folder, ("weather.csv", "availability.csv", "resource_summary.json"))
    resource = year_resource(scenario)
    park = scenario.park
    summary = {"scenario": park.name, "site": {"latitude": park.latitude, "longitude": park.longitude,
                                               "altitude_m": park.altitude_m, "year": park.year,
                                               "timezone": park.timezone},
               "basis": "whole model year; PV per kW DC (AC output), wind per kW rated", **resource.summary}
    # one set, committed together (a weather.csv of an earlier year never stays beside a new summary)
    with FolderCommit(folder, producer="resource", last="resource_summary.json") as commit:
        if resource.weather is not None:
            _write_frame(resource.weather, commit.stage / "weather.csv")
        _write_frame(resource.availability, commit.stage / "availability.csv")
        write_json(summary, commit.stage / "resource_summary.json")
        commit.commit()
    names = (["weather.csv"] if resource.weather is not None else []) + ["availability.csv", "resource_summary.json"]
    return summary, [folder / name for name in names]


def format_summary(summary: dict) -> str:
    """A short text table of a resource summary (what the CLI prints)."""
    lines = []
    w = summary.get("weather")
    if w:
        lines.append(f"weather  {w['source']}: GHI {w['ghi_kwh_per_m2_yr']:,.0f} kWh/m2/yr, diffuse fraction "
                     f"{w['diffuse_fraction']:.2f}, mean {w['temp_air_mean_c']:.1f} degC, wind "
                     f"{w['wind_speed_mean_m_per_s']:.1f} m/s at {w['wind_height_m']:g} m")
        for note in w.get("conversions", []):
            lines.append(f"  conversion: {note}")
    header = f"{'generator':14s} {'kWh/kW/yr':>10s} {'dry share':>9s}  " + " ".join(f"{m:>5s}" for m in MONTHS)
    lines.append(header)
    for name, item in summary.items():
        if not isinstance(item, dict) or "specific_yield_kwh_per_kw" not in item:
            continue
        months = " ".join(f"{item['monthly_kwh_per_kw'][m]:5.0f}" for m in MONTHS)
        lines.append(f"{name:14s} {item['specific_yield_kwh_per_kw']:10,.0f} {item['dry_season_share']:9.1%}  {months}")
    return "\n".join(lines)
