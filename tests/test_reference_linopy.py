"""The Pyomo model against an independent linopy formulation of the same LP (tests/reference)."""
from __future__ import annotations

import pytest

from simulator import run
from park_fixtures import make_scenario

linopy = pytest.importorskip("linopy", reason="linopy is in the test extra; install with pip install -e .[test]")
from reference.linopy_model import solve_linopy  # noqa: E402


@pytest.mark.parametrize("overrides", [
    {},
    {"policy.green_share_min_fraction": 0.6, "storage.max_duration_h": 4, "storage.min_duration_h": 1},
    {"grid.export_price_cny_per_kwh": 0.1, "policy.rules": ["green_share", "feed_in"], "pv.existing_kw": 5000},
])
def test_same_optimum_as_an_independent_linopy_model(small_raw, overrides):
    result = run(make_scenario(small_raw, **overrides))
    assert result.status == "optimal"
    reference = solve_linopy(result.inputs, {"output_flag": False})
    assert reference["objective_cny_per_yr"] == pytest.approx(result.summary["objective_cny_per_yr"], rel=1e-7)


def test_sites_and_lines_same_optimum_as_the_linopy_model(small_raw):
    # a wind farm on a ridge 40 km away and a PV site on a limited line: eq. L1-L4 written independently
    raw = dict(small_raw, sites=[
        {"name": "ridge", "latitude": 25.2, "longitude": 102.9, "altitude_m": 2500, "distance_km": 40,
         "wind": {"max_kw": 60_000, "mean_speed_hub_m_per_s": 8.0}},
        {"name": "valley", "distance_km": 15, "loss_fraction": 0.01, "line_max_mw": 20, "pv": {"capex_cny_per_kw": 2500}}])
    raw["park"] = dict(small_raw["park"], days=3)
    result = run(make_scenario(raw))
    assert result.status == "optimal"
    reference = solve_linopy(result.inputs, {"output_flag": False})
    assert reference["objective_cny_per_yr"] == pytest.approx(result.summary["objective_cny_per_yr"], rel=1e-7)
    assert result.summary["capacity"]["line_valley_kw"] <= 20_000 * (1 + 1e-9)
