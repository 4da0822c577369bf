"""Thermal store kinds (hot-water tank, steam accumulator, molten salt, chilled water): their defaults and a
hand-worked shift of steam from a cheap hour into a dear one through a steam accumulator (eq. H4-H6)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.data import default
from simulator.inputs.model_inputs import GridInput, HeatInput, HeatStorageInput, HeatTechInput, ModelInputs, PolicyInput
from simulator.model import build_model, solve_model
from simulator.results.extract import extract_capacities, extract_hourly
from simulator.results.heat import heat_balance
from simulator.scenario.heat_schema import HeatStorage


@pytest.mark.parametrize("kind,carrier", [("hot_water_tank", "hot_water"), ("steam_accumulator", "steam"),
                                          ("molten_salt", "steam"), ("chilled_water", "cooling")])
def test_each_kind_takes_its_own_tagged_defaults(kind, carrier):
    numbers = HeatStorage(name="s", kind=kind, carrier=carrier).resolved()
    prefix = "storage" if kind == "hot_water_tank" else kind
    for key, value in numbers.items():
        assert value == pytest.approx(default(f"heat.{prefix}_{key}"))
    given = HeatStorage(name="s", kind=kind, carrier=carrier, loss_per_h=0.01).resolved()
    assert given["loss_per_h"] == 0.01


def test_a_store_serves_only_its_carriers():
    with pytest.raises(ValueError, match="steam_accumulator stores steam"):
        HeatStorage(name="s", kind="steam_accumulator", carrier="hot_water")


def test_steam_accumulator_shifts_steam_from_the_cheap_hour():
    # Two steps of 1 h: steam 0 then 100 kW; electric boiler (η = 1, free) on grid power at 0.1 then 1.0
    # CNY/kWh; the accumulator (store capex 1 CNY/kWh over 25 yr: negligible) with its default losses.
    # Cyclic over the two steps with nothing left at the end of step 1: s_0 = d_1 / (η_d (1 − λ)) and
    # c_0 = s_0 / η_c, so c_0 = 100 / (η_c η_d (1 − λ)); E = max(s_0, c_0 / ρ).
    numbers = HeatStorage(name="acc", kind="steam_accumulator", carrier="steam", capex_cny_per_kwh=1.0).resolved()
    store = HeatStorageInput("acc", "steam", **numbers, kind="steam_accumulator")
    boiler = HeatTechInput("eb", "electric_boiler", "steam", 1.0, "electricity", 0.0, 0.0, 0.0, 0.0, 20)
    inp = ModelInputs(1.0, np.zeros(2), [], None, GridInput(True, np.array([0.1, 1.0]), np.zeros(2)),
                      PolicyInput(direct_supply_rules=()), 0.0,
                      heat=HeatInput({"steam": np.array([0.0, 100.0])}, [boiler], [store]))
    m = build_model(inp)
    assert solve_model(m).status == "optimal"
    hourly = extract_hourly(m, inp, pd.date_range("2026-01-01", periods=2, freq="h", tz="Asia/Shanghai"))
    assert heat_balance(inp, hourly)["balance_ok"]
    eta_c, eta_d, loss, rho = (numbers[k] for k in ("charge_efficiency", "discharge_efficiency", "loss_per_h",
                                                    "power_per_energy_per_h"))
    s0 = 100.0 / (eta_d * (1.0 - loss))
    c0 = s0 / eta_c
    assert hourly["heat_storage_acc_charge_kw"].iloc[0] == pytest.approx(c0, rel=1e-7)
    assert hourly["heat_storage_acc_discharge_kw"].iloc[1] == pytest.approx(100.0, rel=1e-7)
    assert hourly["heat_eb_kw"].iloc[1] == pytest.approx(0.0, abs=1e-6)
    assert extract_capacities(m, inp)["heat_storage_acc_kwh"] == pytest.approx(max(s0, c0 / rho), rel=1e-7)
