"""Dry-season stress: the longest run of low-green days, the storage energy that would bridge it, and
what the design does during it.

Definitions (per weather year, on the hourly results of a dispatch with the design's capacities):

- available green energy of day d: A_d = Σ_{t∈d} (pv_available_kw + wind_available_kw)_t Δt [kWh]
  (before curtailment, with the design's capacities); load of day d: L_d [kWh];
- a day is *low-green* when A_d < f · median_d(A_d), f = data/defaults.toml
  ``robustness.low_green_day_fraction`` (placeholder, tag U) unless given;
- the *stress run* is the longest run of consecutive low-green days (the first one when several tie);
- ``bridge_to_median_kwh`` = Σ_{d∈run} (median A − A_d): the green energy the run lacks compared with
  median days, i.e. what a store full at the run's start would have to hold to make the run look like
  ordinary days (an upper estimate: not all of a median day's energy reaches the load);
- ``bridge_to_rule_kwh`` = Σ_{d∈run} max(0, φ L_d − A_d) / η_d with φ the green-share threshold and
  η_d the discharge efficiency: the stored energy needed for the run's days to reach the green share φ
  even if every kWh of the day's own green energy were used;
- behaviour: green share during the run Σ(L − m − u)/ΣL, import, curtailment, unserved energy,
  storage state of charge at the run's start, its minimum and its end, storage discharge during the run.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.data import default


def daily_green(hourly: pd.DataFrame, dt_h: float) -> pd.DataFrame:
    """Daily sums [kWh]: ``available_kwh``, ``load_kwh``, ``self_consumed_kwh``, ``import_kwh``,
    ``curtailed_kwh``, ``unserved_kwh``, ``discharge_kwh`` (local calendar days)."""
    frame = pd.DataFrame({
        "available_kwh": (hourly["pv_available_kw"] + hourly["wind_available_kw"]) * dt_h,
        "load_kwh": hourly["load_kw"] * dt_h,
        "self_consumed_kwh": (hourly["load_kw"] - hourly["import_kw"] - hourly["unserved_kw"]) * dt_h,
        "import_kwh": hourly["import_kw"] * dt_h,
        "curtailed_kwh": hourly["curtailed_kw"] * dt_h,
        "unserved_kwh": hourly["unserved_kw"] * dt_h,
        "discharge_kwh": hourly["storage_discharge_kw"] * dt_h,
    }, index=hourly.index)
    return frame.groupby(hourly.index.normalize()).sum()


def longest_run(flags: np.ndarray) -> tuple[int, int]:
    """(start, length) of the longest run of True in ``flags``; (0, 0) when there is none."""
    best_start, best_len, start = 0, 0, None
    for i, flag in enumerate(list(flags) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start > best_len:
                best_start, best_len = start, i - start
            start = None
    return best_start, best_len


def dry_stress(hourly: pd.DataFrame, dt_h: float, green_share_min_fraction: float,
               discharge_efficiency: float = 1.0, low_fraction: float | None = None) -> dict:
    """The stress run of one year and the design's behaviour in it (see the module docstring).

    Parameters
    ----------
    hourly : pandas.DataFrame
        Hourly results of the output contract (whole days).
    dt_h : float
        Step length [h].
    green_share_min_fraction : float
        φ, the green-share threshold [-].
    discharge_efficiency : float
        η_d of the storage [-] (1 without storage).
    low_fraction : float, optional
        f [-]; none = data/defaults.toml ``robustness.low_green_day_fraction``.

    Returns
    -------
    dict
        ``run_days``, ``start``, ``end`` (dates), ``low_green_days`` (count over the year),
        ``median_day_available_kwh``, ``run_available_kwh``, ``run_load_kwh``, ``bridge_to_median_kwh``,
        ``bridge_to_rule_kwh``, ``run_green_share``, ``run_import_kwh``, ``run_curtailed_kwh``,
        ``run_unserved_kwh``, ``run_storage_discharge_kwh``, ``soc_start_kwh``, ``soc_min_kwh``,
        ``soc_end_kwh``, ``low_fraction``.
    """
    f = float(default("robustness.low_green_day_fraction") if low_fraction is None else low_fraction)
    days = daily_green(hourly, dt_h)
    median = float(days["available_kwh"].median())
    low = (days["available_kwh"] < f * median).to_numpy()
    start, length = longest_run(low)
    out = {"low_fraction": f, "low_green_days": int(low.sum()), "median_day_available_kwh": median,
           "run_days": int(length)}
    if length == 0:
        out.update(start=None, end=None, run_available_kwh=0.0, run_load_kwh=0.0, bridge_to_median_kwh=0.0,
                   bridge_to_rule_kwh=0.0, run_green_share=None, run_import_kwh=0.0, run_curtailed_kwh=0.0,
                   run_unserved_kwh=0.0, run_storage_discharge_kwh=0.0, soc_start_kwh=None, soc_min_kwh=None,
                   soc_end_kwh=None)
        return out
    run = days.iloc[start:start + length]
    first, last = run.index[0], run.index[-1]
    in_run = (hourly.index.normalize() >= first) & (hourly.index.normalize() <= last)
    soc = hourly.loc[in_run, "storage_soc_kwh"].to_numpy()
    position = int(np.nonzero(in_run)[0][0])
    soc_start = float(hourly["storage_soc_kwh"].iloc[position - 1]) if position > 0 else float(soc[0])
    load = float(run["load_kwh"].sum())
    out.update(
        start=str(first.date()), end=str(last.date()),
        run_available_kwh=float(run["available_kwh"].sum()), run_load_kwh=load,
        bridge_to_median_kwh=float((median - run["available_kwh"]).clip(lower=0.0).sum()),
        bridge_to_rule_kwh=float((green_share_min_fraction * run["load_kwh"] - run["available_kwh"])
                                 .clip(lower=0.0).sum() / discharge_efficiency),
        run_green_share=float(run["self_consumed_kwh"].sum() / load) if load > 0 else None,
        run_import_kwh=float(run["import_kwh"].sum()), run_curtailed_kwh=float(run["curtailed_kwh"].sum()),
        run_unserved_kwh=float(run["unserved_kwh"].sum()),
        run_storage_discharge_kwh=float(run["discharge_kwh"].sum()),
        soc_start_kwh=soc_start, soc_min_kwh=float(soc.min()), soc_end_kwh=float(soc[-1]))
    return out
