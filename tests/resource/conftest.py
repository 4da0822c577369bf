"""Fixtures of the resource tests (the file writers live in resource_files.py)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pvlib
import pytest
from resource_files import TMY3_PATH, write_epw


@pytest.fixture(scope="session")
def tmy3_path() -> Path:
    """pvlib's shipped TMY3 example (Greensboro, NC; UTC-5; hour-ending stamps)."""
    return TMY3_PATH


@pytest.fixture(scope="session")
def tmy3_raw() -> pd.DataFrame:
    """The TMY3 file as pvlib reads it (mapped names, pvlib's hour-ending index)."""
    data, _ = pvlib.iotools.read_tmy3(str(TMY3_PATH), map_variables=True)
    return data


@pytest.fixture
def epw_path(tmp_path, tmy3_raw) -> Path:
    return write_epw(tmp_path / "greensboro.epw", tmy3_raw)
