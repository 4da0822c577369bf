"""Solved result folders shared by the report tests (each solved once per session)."""
from __future__ import annotations

from pathlib import Path

import pytest

from simulator.results.run import run

from park_fixtures import SMALL_PARK, make_scenario  # noqa: E402

#: the small park with the park's other energy use given (enables CO2 per tce)
OTHER_ENERGY = {"park.other_energy_tce_per_yr": 5000.0, "park.other_energy_co2_t_per_yr": 1000.0}
#: off-grid: no grid, some unserved load allowed and cheap enough to be used
OFF_GRID = {"grid.connected": False, "policy.unserved_max_fraction": 0.05,
            "policy.value_of_lost_load_cny_per_kwh": 0.8}


def _solve(scenario, folder: Path) -> Path:
    result = run(scenario)
    assert result.status == "optimal", result.summary.get("message")
    result.write(folder)
    return folder


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory) -> Path:
    """One-week grid-connected small park with other energy use, solved and written."""
    return _solve(make_scenario(SMALL_PARK, **OTHER_ENERGY), tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def offgrid_dir(tmp_path_factory) -> Path:
    """One-week off-grid small park with unserved load allowed, solved and written."""
    return _solve(make_scenario(SMALL_PARK, **OFF_GRID), tmp_path_factory.mktemp("offgrid"))


@pytest.fixture(scope="session")
def default_dir(default_full_year_dir) -> Path:
    """The default scenario (full year, hourly), solved once per session (tests/conftest.py)."""
    return default_full_year_dir


@pytest.fixture
def solve_small(tmp_path):
    """A function solving the small park with dotted-key overrides into ``tmp_path/run``; returns the folder."""
    def solve(overrides: dict) -> Path:
        return _solve(make_scenario(SMALL_PARK, **overrides), tmp_path / "run")
    return solve
