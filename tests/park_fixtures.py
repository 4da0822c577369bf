"""Shared test data: the one-week small park and a helper to validate it with overrides.

A uniquely named module (not ``conftest``), so that ``from park_fixtures import ...`` works whatever
order pytest imports the folders' conftest files in.
"""
from __future__ import annotations

from pathlib import Path

from simulator.scenario import scenario_from_dict

REPO = Path(__file__).resolve().parent.parent

SMALL_PARK = {
    "park": {"name": "small_park", "latitude": 25.0, "longitude": 102.65, "altitude_m": 1889,
             "year": 2026, "start": "2026-03-02", "days": 7},
    "weather": {"station": 56778},
    "load": {"enterprises": [
        {"name": "smelter", "archetype": "electrolytic_aluminium", "annual_kwh": 8.76e7},
        {"name": "factory", "archetype": "electronics_assembly", "annual_kwh": 2.0e7},
    ]},
    "pv": {"max_kw": 60_000},
    "wind": {"max_kw": 20_000},
    "storage": {"max_duration_h": 8},
}

#: the same one-week park as a scenario file's text
SMALL_PARK_TOML = """\
[park]
name = "small_park"
latitude = 25.0
longitude = 102.65
altitude_m = 1889
year = 2026
start = "2026-03-02"
days = 7

[weather]
station = 56778

[[load.enterprises]]
name = "smelter"
archetype = "electrolytic_aluminium"
annual_kwh = 8.76e7

[[load.enterprises]]
name = "factory"
archetype = "electronics_assembly"
annual_kwh = 2.0e7

[pv]
max_kw = 60000

[wind]
max_kw = 20000

[storage]
max_duration_h = 8
"""


def smelter_week_toml(name: str, days: int = 3) -> str:
    """Scenario text of a short-horizon park with one aluminium smelter (PV and wind limited)."""
    return f"""
[park]
name = "{name}"
latitude = 25.0
longitude = 102.65
altitude_m = 1889
year = 2026
start = "2026-03-02"
days = {days}

[weather]
station = 56778

[[load.enterprises]]
name = "smelter"
archetype = "electrolytic_aluminium"
annual_kwh = 8.76e7

[pv]
max_kw = 60000

[wind]
max_kw = 20000
"""


def make_scenario(raw: dict, **overrides):
    """Validate a raw dict with dotted-key overrides (``{"policy.zero_carbon": True}``)."""
    return scenario_from_dict(raw, overrides=overrides)


def scenario_inputs(sc):
    """(time index, model inputs) of a validated scenario: load, resource and inputs as ``zcpark run`` builds them."""
    from simulator.inputs.assemble import model_inputs
    from simulator.inputs.load import scenario_load
    from simulator.inputs.resource import build_resource
    from simulator.inputs.timegrid import scenario_index

    index = scenario_index(sc)
    load, park = scenario_load(sc, index)
    return index, model_inputs(sc, load, build_resource(sc, index).availability, park)
