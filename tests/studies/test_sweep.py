"""Cost sweeps on one persistent model (simulator/studies/sweep.py) against rebuilding every point."""
from __future__ import annotations

import numpy as np
import pytest

from park_fixtures import SMALL_PARK, make_scenario
from simulator.studies.frontier import prepare_inputs
from simulator.studies.sweep import cost_sweep, scaled_inputs
from simulator.errors import InputError
from simulator.model import SolverSettings, build_model, solve_model

FACTORS = [1.4, 1.0, 0.6]


@pytest.fixture(scope="module")
def week():
    return prepare_inputs(make_scenario(SMALL_PARK))


@pytest.mark.parametrize("group", ["pv_capex", "grid_prices"])
def test_reused_model_gives_the_rebuilt_optimum_at_every_factor(week, group):
    settings = SolverSettings(method="choose")
    reused = cost_sweep(week, group, FACTORS, settings, reuse=True)
    rebuilt = cost_sweep(week, group, FACTORS, settings, reuse=False)
    assert list(reused.table["status"]) == ["optimal"] * 3
    # the cost recomputed from hourly results with the scaled inputs is each rebuilt model's optimum
    np.testing.assert_allclose(reused.table["cost_cny_per_yr"], rebuilt.table["cost_cny_per_yr"], rtol=1e-7)
    for factor, cost in zip(FACTORS, reused.table["cost_cny_per_yr"]):
        info = solve_model(build_model(scaled_inputs(week, group, factor)), settings)
        assert cost == pytest.approx(info.objective_cny_per_yr, rel=1e-7)


def test_a_sweep_started_from_a_design_has_the_same_optima(week):
    # a design 30 % above the base optimum, within the capacity limits (dispatchable: more capacity
    # never hurts this grid-connected park)
    base = build_model(week)
    solve_model(base)
    above = {"gen:pv": base.gen_capacity_kw["pv"], "gen:wind": base.gen_capacity_kw["wind"],
             "storage_kwh": base.storage_energy_kwh["storage"], "storage_kw": base.storage_power_kw["storage"]}
    design = {key: min(1.3 * var.value, var.ub if var.ub is not None else float("inf")) for key, var in above.items()}
    settings = SolverSettings(method="choose")
    started = cost_sweep(week, "pv_capex", FACTORS, settings, start=design)
    plain = cost_sweep(week, "pv_capex", FACTORS, settings)
    assert started.started_from_design and not plain.started_from_design
    assert list(started.table["status"]) == ["optimal"] * 3
    np.testing.assert_allclose(started.table["cost_cny_per_yr"], plain.table["cost_cny_per_yr"], rtol=1e-7)


def test_cheaper_pv_never_buys_less_pv(week):
    table = cost_sweep(week, "pv_capex", [1.5, 1.0, 0.5], SolverSettings(method="choose")).table
    pv = table["pv_kw"].to_numpy()
    assert pv[0] <= pv[1] * (1 + 1e-6) and pv[1] <= pv[2] * (1 + 1e-6)
    assert pv[2] > pv[0]  # the sweep range actually moves the optimum


def test_scaled_inputs_scale_only_their_group(week):
    scaled = scaled_inputs(week, "storage_capex", 0.5)
    assert scaled.storage.energy_capex_cny_per_kwh == pytest.approx(0.5 * week.storage.energy_capex_cny_per_kwh)
    assert scaled.storage.power_capex_cny_per_kw == pytest.approx(0.5 * week.storage.power_capex_cny_per_kw)
    assert [g.capex_cny_per_kw for g in scaled.generators] == [g.capex_cny_per_kw for g in week.generators]
    prices = scaled_inputs(week, "grid_prices", 2.0).grid
    np.testing.assert_allclose(prices.import_price_cny_per_kwh, 2.0 * week.grid.import_price_cny_per_kwh)
    np.testing.assert_allclose(prices.export_price_cny_per_kwh, 2.0 * week.grid.export_price_cny_per_kwh)


def test_unknown_group_and_negative_factor_are_named(week):
    with pytest.raises(InputError, match="cost group.*pv_price.*pv_capex"):
        cost_sweep(week, "pv_price", [1.0])
    with pytest.raises(InputError, match="wind_capex factor.*-0.5"):
        cost_sweep(week, "wind_capex", [1.0, -0.5])


def test_cli_sweep_writes_the_table_it_prints(tmp_path, capsys):
    import pandas as pd

    from park_fixtures import SMALL_PARK_TOML
    from simulator.cli import main

    scenario = tmp_path / "park.toml"
    scenario.write_text(SMALL_PARK_TOML, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["sweep", str(scenario), "--group", "storage_capex", "--factors", "0.5:1.5:0.5",
                 "--method", "choose", "--out", str(out)]) == 0
    table = pd.read_csv(out / "sweep_storage_capex.csv")
    assert list(table["factor"]) == [0.5, 1.0, 1.5] and set(table["status"]) == {"optimal"}
    assert table["storage_kwh"].is_monotonic_decreasing
    printed = capsys.readouterr().out
    assert "storage_capex sweep" in printed and "model reused" in printed
    assert main(["sweep", str(scenario), "--group", "storage_capex", "--factors", "1,-2"]) == 1
