"""Every notebook of notebooks/ runs top to bottom in a Jupyter kernel and gives the expected key numbers.

Notebooks are jupytext percent-format ``.py`` files (no stored outputs). They are executed with nbclient
on a kernel that is this interpreter (a kernelspec written to a temporary JUPYTER_PATH, so a system-wide
``python3`` kernel is never picked up), with ``ZCPARK_FAST=1`` (short horizons) and
``ZCPARK_NOTEBOOK_OUT`` pointing at a temporary folder where each notebook writes ``key_numbers.json``.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FILES = sorted(NOTEBOOKS.glob("*.py")) + sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "zcpark-test-venv"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Execute every notebook once; return notebook stem -> (executed notebook, key numbers)."""
    base = tmp_path_factory.mktemp("notebooks")
    spec_dir = base / "jupyter" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "zcpark test (this interpreter)", "language": "python"}))
    out = base / "out"
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(base / "jupyter"))
    mp.setenv("ZCPARK_FAST", "1")
    mp.setenv("ZCPARK_NOTEBOOK_OUT", str(out))
    mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    done = {}
    try:
        for path in FILES:
            nb = jupytext.read(path)
            client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=300,
                                             resources={"metadata": {"path": str(NOTEBOOKS)}})
            client.execute()
            numbers = json.loads((out / path.stem / "key_numbers.json").read_text())
            done[path.stem] = (nb, numbers)
    finally:
        mp.undo()
    return done


def test_notebooks_are_stored_without_outputs():
    """Four notebooks; jupytext text files, or .ipynb without outputs."""
    assert len(FILES) >= 4
    for path in FILES:
        nb = jupytext.read(path)
        assert sum(c.cell_type == "markdown" for c in nb.cells) >= 4, f"{path.name}: explain in prose"
        if path.suffix == ".ipynb":
            assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name


def test_every_notebook_ran_and_drew(executed):
    """Every notebook executed (an error would have raised) and shows at least one figure."""
    assert set(executed) == {p.stem for p in FILES}
    for stem, (nb, numbers) in executed.items():
        images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if "image/png" in o.get("data", {})]
        assert images, f"{stem}: no figure displayed"
        if "fast" in numbers:
            assert numbers["fast"] is True


def test_quick_start_numbers(executed):
    """Default park, 14 days: optimal, compliant, energies consistent with the hourly results."""
    k = executed["01_quick_start"][1]
    assert k["status"] == "optimal" and k["compliant"]
    assert k["load_kwh"] == pytest.approx(k["hourly_load_kwh"], rel=1e-9)
    # 14 days of a ~975 GWh/yr park (three-shift plants, April): about 14/365 of the year, ± 15 %.
    assert k["load_kwh"] == pytest.approx(975e6 * 14 / 365, rel=0.15)
    assert k["green_share"] >= 0.30 - 1e-6
    assert k["pv_kw"] + k["wind_kw"] > 0


def test_park_load_numbers(executed):
    """Yuxi load: 270 GWh; metered 2024 (366 days) scaled x 1.5 onto 2026 (365 days); 15-min kWh header."""
    k = executed["02_park_load"][1]
    assert k["park_kwh"] == pytest.approx(270e6, rel=1e-6)
    assert 0.35 <= k["park_load_factor"] <= 0.75
    assert k["february_to_mean_day"] < 0.75
    assert k["metered_interval_minutes"] == 15 and k["metered_unit"] == "kWh"
    assert k["metered_scaled_kwh"] / k["metered_kwh"] == pytest.approx(1.5 * 365 / 366, rel=0.005)
    assert 0 < k["flexible_up_max_kw"] <= 0.3 * k["logistics_peak_kw"] * (1 + 1e-9)


def test_frontier_numbers(executed):
    """Cost never falls as the threshold rises; storage never makes it dearer; slack thresholds cost nothing."""
    k = executed["03_policy_frontier"][1]
    points = [(t, c, n) for t, c, n, s in zip(k["thresholds"], k["cost_cny_per_yr"],
                                               k["cost_without_storage_cny_per_yr"], k["status"])
              if s == "optimal"]
    assert len(points) >= 3
    costs = [c for _, c, _ in points]
    assert all(b >= a * (1 - 1e-6) for a, b in zip(costs, costs[1:]))
    for _, with_storage, without in points:
        if not math.isnan(without):
            assert with_storage <= without * (1 + 1e-6)
    for t, c, _ in points:
        if t <= k["unconstrained_green_share"]:
            assert c == pytest.approx(k["unconstrained_cost_cny_per_yr"], rel=1e-5)
    for share, (t, *_rest) in zip(k["green_share_fraction"], points):
        assert share >= t - 1e-6


def test_batch_numbers(executed):
    """Library batch: every park optimal and compliant; the off-grid park imports nothing."""
    k = executed["04_scenario_library_batch"][1]
    n = len(list((ROOT / "scenarios").glob("*.toml")))
    assert k["runs"] == n
    assert set(k["status"].values()) == {"optimal"}
    assert all(k["compliant"].values())
    assert k["import_kwh"]["binchuan_offgrid_hydrogen"] == 0
    assert k["green_share_fraction"]["qujing_zero_carbon_park"] >= 0.50 - 1e-6


def test_who_pays_numbers(executed):
    """Per-enterprise sums equal the park totals; priority credits the first enterprise more; carbon per
    tonne of aluminium = kWh/t x grid share x emission factor."""
    k = executed["05_who_pays"][1]
    assert k["status"] == "optimal" and len(k["enterprises"]) == 4
    assert k["load_kwh_sum"] == pytest.approx(k["load_kwh_park"], rel=1e-9)
    assert k["import_kwh_sum"] == pytest.approx(k["import_kwh_park"], rel=1e-9)
    assert k["bill_sum"] == pytest.approx(k["cost_less_penalty"], rel=1e-9)
    assert k["priority_first_share"] >= k["pro_rata_first_share"] - 1e-12
    assert k["smelter_co2_t_per_t"] == pytest.approx(k["smelter_co2_t_per_t_by_hand"], rel=1e-9)
