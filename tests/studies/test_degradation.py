"""Storage fade over the years (docs/storage.md): state of health and augmentation worked out by hand, and
their cash flows in the finance view."""
from __future__ import annotations

import numpy as np
import pytest

from simulator.inputs.model_inputs import GridInput, ModelInputs, PolicyInput, StorageInput
from simulator.results.degradation import StoreFade, fade_defaults, soh_by_year, store_fades
from simulator.studies.finance import Asset, InvestmentCase, cash_flows, indicators
from finance_params import plain

# LFP defaults (tag U): 1 %/yr calendar, 0.20 / 6,000 per equivalent full cycle
CAL, CYC = 0.01, 0.0000333


def lfp(energy_kwh=1000.0, cycles=300.0, life=4):
    return StoreFade("storage", "storage", energy_kwh, cycles, CAL, CYC, 500.0, life, 0.6)


def test_defaults_are_the_lfp_figures():
    assert fade_defaults(None)[:2] == (CAL, CYC)
    assert fade_defaults("lfp_4h")[:2] == (CAL, CYC)
    assert fade_defaults("pumped_hydro")[:2] == (0.0, 0.0)


def test_soh_after_n_years_by_hand():
    # 300 cycles/yr: f = 0.01 + 0.0000333 x 300 = 0.01999 per year
    f = lfp().fade_per_yr
    assert f == pytest.approx(0.01999, rel=1e-12)
    soh = soh_by_year(f, 10, 4)
    # ages 1, 2, 3, 4, then a replacement at the end of year 4 restores the rating: 1, 2, 3, 4, 1, 2
    assert soh[0] == pytest.approx(1 - 0.01999)
    assert soh[3] == pytest.approx(1 - 4 * 0.01999)
    assert soh[4] == pytest.approx(1 - 0.01999)
    assert soh[9] == pytest.approx(1 - 2 * 0.01999)
    # a fleet that would fade below zero stops at zero (SOH is a share of the rating)
    assert soh_by_year(0.3, 4, 10).tolist() == pytest.approx([0.7, 0.4, 0.1, 0.0])


def test_augmentation_by_hand():
    # E = 1,000 kWh at 300 cycles: 19.99 kWh/yr to add, at 0.6 x 500 CNY/kWh = 5,997 CNY/yr
    fade = lfp()
    assert fade.augmentation_kwh_per_yr == pytest.approx(19.99, rel=1e-12)
    assert fade.augmentation_cny_per_yr == pytest.approx(5997.0, rel=1e-12)


def test_cycles_from_the_dispatch():
    # 270,000 kWh discharged a year from 1,000 kWh with a 5-95 % window: 270,000 / 900 = 300 cycles
    st = StorageInput(500.0, 0.0, 0.0, 0.0, 4, 0.95, 0.95, 0.0, 0.05, 0.95, 0.0, 8.0)
    inp = ModelInputs(1.0, np.zeros(2), [], st, GridInput(True, np.ones(2), np.zeros(2)), PolicyInput(), 0.0)
    fade, = store_fades(inp, None, {"storage_kwh": 1000.0}, {"storage": 270_000.0})
    assert fade.cycles_per_yr == pytest.approx(300.0)
    assert fade.fade_per_yr == pytest.approx(0.01999)


def test_augmentation_cash_flow_by_hand():
    # storage lifetime 4 in a 10-yr horizon: replaced in years 4 and 8 (rating restored), so augmentation
    # is bought in years 1, 2, 3, 5, 6, 7, 9 (not the last year) at 5,997 CNY each
    case = InvestmentCase([Asset("storage", "storage", 500_000.0, 4)], 0.0, 100_000.0, 0.0, 0.0, 1.0e5,
                          storage_fades=[lfp()])
    p = plain()
    flows = cash_flows(case, p)
    expected = np.array([0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0]) * 5997.0
    assert flows["augmentation"].to_numpy() == pytest.approx(expected)
    assert flows["augmentation_kwh"].to_numpy() == pytest.approx(expected / 300.0)
    # cash flow = benefit − replacement − augmentation (no taxes) + in year 10 the unused half of the year-8
    # replacement (2 of its 4 years left: 250,000)
    replacement = np.array([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]) * 500_000.0
    benefit = np.array([0] + [100_000.0] * 10)
    investment = np.array([500_000.0] + [0.0] * 10)
    residual = np.array([0.0] * 10 + [250_000.0])
    assert flows["cash_flow"].to_numpy() == pytest.approx(benefit - replacement - expected - investment + residual)
    assert flows["storage_usable_fraction"].to_numpy() == pytest.approx(np.ones(11))
    assert flows["storage_soh_fraction"].iloc[4] == pytest.approx(1 - 4 * 0.01999)
    out = indicators(flows, p)
    assert out["augmentation_pv_cny"] == pytest.approx(sum(5997.0 / 1.08 ** y for y in (1, 2, 3, 5, 6, 7, 9)))
    assert out["storage_capacity_basis"].startswith("rating kept")
    # without augmentation: no cost, the usable rating is the SOH, and the indicators say the benefit is not cut
    off = cash_flows(case, plain(storage_augmentation=False))
    assert off["augmentation"].abs().sum() == 0
    assert off["storage_usable_fraction"].to_numpy()[1:] == pytest.approx(soh_by_year(0.01999, 10, 4))
    assert "cannot re-dispatch" in indicators(off, plain(storage_augmentation=False))["storage_capacity_basis"]
    # with VAT and income tax: augmentation is expensed (taxable income falls by its net-of-VAT amount)
    taxed = plain(vat_fraction=0.13, income_tax_fraction=0.25)
    with_aug, without = cash_flows(case, taxed), cash_flows(case, plain(vat_fraction=0.13, income_tax_fraction=0.25,
                                                                        storage_augmentation=False))
    assert (without["taxable"] - with_aug["taxable"]).iloc[1] == pytest.approx(5997.0 / 1.13)
