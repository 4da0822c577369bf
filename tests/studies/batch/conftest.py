"""Fixtures of the batch tests: the one-week small park as a TOML file and small study files."""
from __future__ import annotations

from pathlib import Path

import pytest

from park_fixtures import SMALL_PARK_TOML  # noqa: E402 (the same park as SMALL_PARK, as TOML)

# four optimal runs: 2 storage costs x 2 green-share floors (the 650号 rule is on by default)
GRID_STUDY = """\
[study]
name = "grid_study"
base = "park.toml"
mode = "product"

[overrides]
"park.days" = 7

[grid]
"storage.energy_capex_cny_per_kwh" = [400, 900]
"policy.green_share_min_fraction" = [0.30, 0.40]
"""

# zipped: an optimal run, a bad-input run (negative limit), an infeasible run (1 MW of PV, no wind,
# green share >= 30 %); and a scenario file that does not exist
MIXED_STUDY = """\
[study]
name = "mixed_study"
scenarios = ["park.toml", "no_such_park.toml"]
mode = "zip"

[grid]
"pv.max_kw" = [60000, -1, 1000]
"wind.max_kw" = [20000, 20000, 0]
"""


def write_inputs(folder: Path) -> Path:
    """Write ``park.toml`` (the one-week small park) and the study files above into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "park.toml").write_text(SMALL_PARK_TOML, encoding="utf-8")
    (folder / "grid_study.toml").write_text(GRID_STUDY, encoding="utf-8")
    (folder / "mixed_study.toml").write_text(MIXED_STUDY, encoding="utf-8")
    return folder


@pytest.fixture
def study_dir(tmp_path: Path) -> Path:
    """A folder with ``park.toml`` and the study files (fresh for each test)."""
    return write_inputs(tmp_path / "inputs")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A folder with ``park.toml`` and the study files, shared by the tests of one module."""
    return write_inputs(tmp_path_factory.mktemp("batch_inputs"))


@pytest.fixture(scope="session")
def grid_local(tmp_path_factory):
    """The grid study run once on the local pool (2 workers): (inputs folder, study folder, summary)."""
    from simulator.studies.batch import run_study

    folder = write_inputs(tmp_path_factory.mktemp("grid_inputs"))
    out = tmp_path_factory.mktemp("grid_local")
    return folder, out, run_study(folder / "grid_study.toml", out, workers=2)
