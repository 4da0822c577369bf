"""Shared fixtures: small scenarios that solve in about a second."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.scenario import scenario_from_dict
from park_fixtures import REPO, SMALL_PARK, make_scenario  # noqa: F401 (re-exported)


@pytest.fixture
def small_raw() -> dict:
    """A one-week, two-enterprise park near Kunming as a raw scenario dict (mutable copy)."""
    return copy.deepcopy(SMALL_PARK)


@pytest.fixture
def small_scenario(small_raw):
    """The small park as a validated Scenario."""
    return scenario_from_dict(small_raw)


@pytest.fixture(scope="session")
def default_full_year_dir(tmp_path_factory) -> Path:
    """`zcpark run` with no file (the shipped default scenario, full year hourly), as `make run` does;
    run once per test session in a subprocess and shared by every test that needs a full-year result."""
    out = tmp_path_factory.mktemp("default_full_year") / "anning_battery_park"
    proc = subprocess.run([sys.executable, "-m", "simulator.cli", "run", "--out", str(out)],
                          capture_output=True, text=True, timeout=1800, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out
