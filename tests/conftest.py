"""Shared fixtures: small scenarios that solve in about a second."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture
def small_raw() -> dict:
    """A one-week, two-enterprise park near Kunming as a raw scenario dict (mutable copy)."""
    return copy.deepcopy(SMALL_PARK)


@pytest.fixture
def small_scenario(small_raw):
    """The small park as a validated Scenario."""
    return scenario_from_dict(small_raw)


def make_scenario(raw: dict, **overrides):
    """Validate a raw dict with dotted-key overrides (``{"policy.zero_carbon": True}``)."""
    return scenario_from_dict(raw, overrides=overrides)


@pytest.fixture(scope="session")
def default_full_year_dir(tmp_path_factory) -> Path:
    """`zcpark run` with no file (the shipped default scenario, full year hourly), as `make run` does;
    run once per test session in a subprocess and shared by every test that needs a full-year result."""
    out = tmp_path_factory.mktemp("default_full_year") / "anning_battery_park"
    proc = subprocess.run([sys.executable, "-m", "simulator.cli", "run", "--out", str(out)],
                          capture_output=True, text=True, timeout=1800, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out
