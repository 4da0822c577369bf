"""Hand-made inputs for the robustness tests: a flat 1,000 kW load, PV only, a few days."""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.inputs.model_inputs import GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput

DAYS = 7


def index(days: int = DAYS, year: int = 2026) -> pd.DatetimeIndex:
    """Hourly stamps from 1 March of ``year``."""
    return pd.date_range(f"{year}-03-01", periods=24 * days, freq="h", tz="Asia/Shanghai", name="timestamp")


def pv_shape(days: int = DAYS) -> np.ndarray:
    """A clear-day PV availability: half a sine from 07:00 to 19:00, peak 0.7 [kW/kW]."""
    hour = np.arange(24)
    day = np.where((hour >= 7) & (hour < 19), 0.7 * np.sin(np.pi * (hour - 7 + 0.5) / 12), 0.0)
    return np.tile(day, days)


def inputs(pv_scale: float = 1.0, load_kw: float = 1000.0, days: int = DAYS, pv_capex: float = 3300.0,
           storage_capex: float = 500.0, storage: bool = True, green_share: float = 0.30,
           day_scales: np.ndarray | None = None) -> ModelInputs:
    """Flat load, PV availability ``pv_scale`` x the clear-day shape (per day ``day_scales`` if given)."""
    avail = pv_shape(days) * pv_scale
    if day_scales is not None:
        avail = avail * np.repeat(np.asarray(day_scales, dtype=float), 24)
    T = 24 * days
    gens = [GeneratorInput("pv", "pv", avail, pv_capex, 50.0, 25)]
    st = StorageInput(storage_capex, 150.0, 10.0, 0.0, 15, 0.95, 0.95, 0.0, 0.05, 0.95) if storage else None
    price = np.where((np.arange(T) % 24 >= 8) & (np.arange(T) % 24 < 22), 0.6, 0.3)
    grid = GridInput(True, price, np.full(T, 0.2), 0.0, 0.0, None)
    policy = PolicyInput(("self_consumption", "green_share", "feed_in"), 0.60, green_share, 0.20)
    return ModelInputs(1.0, np.full(T, load_kw), gens, st, grid, policy, 0.08)
