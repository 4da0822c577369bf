# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The policy frontier: what each step of green share costs, and what storage buys
#
# The 650号 rule asks for a green share of at least 30 % (35 % from 2030); zero-carbon parks aim at
# 50 % direct green supply and 90 % clean energy. This notebook sizes the default 安宁 battery park at
# a sweep of green-share thresholds (one model built once, re-solved per threshold) and repeats the
# sweep **without storage**: the gap between the two curves is what storage is worth to this park.
#
# `ZCPARK_FAST=1` solves 14 April days and four thresholds (for the test suite); the full version
# solves the whole year at eight thresholds, twice (with and without storage): each point is a
# full-year solve of one to two minutes on two cores, so expect half an hour — or shorten the horizon
# in `horizon` below.

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Image, display

from simulator import load_scenario
from simulator.studies.frontier import prepare_inputs, sweep


def repo_root() -> Path:
    """The repository folder (the one holding scenarios/), from wherever the notebook runs."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios").is_dir():
            return folder
    raise FileNotFoundError("run the notebook inside the zcpark repository")


ROOT = repo_root()
FAST = os.environ.get("ZCPARK_FAST", "0") == "1"
OUT = Path(os.environ.get("ZCPARK_NOTEBOOK_OUT", ROOT / "results" / "notebooks")) / "03_policy_frontier"
horizon = {"park.start": "2026-04-06", "park.days": 14} if FAST else {}
thresholds = [0.3, 0.5, 0.7, 0.9] if FAST else [round(x, 2) for x in np.arange(0.30, 1.001, 0.10)]
SCENARIO = ROOT / "scenarios" / "anning_battery_park.toml"

# %% [markdown]
# ## 1. Sweep the green-share threshold, with and without storage

# %%
with_storage = sweep(prepare_inputs(load_scenario(SCENARIO, overrides=horizon)), "green_share", thresholds)
no_storage = sweep(prepare_inputs(load_scenario(SCENARIO, overrides={**horizon, "storage.enabled": False})),
                   "green_share", thresholds)
cols = ["threshold_fraction", "status", "cost_cny_per_yr", "green_share_fraction", "pv_kw", "wind_kw",
        "storage_kwh", "curtailment_fraction"]
table = with_storage.table[cols].copy()
table["cost_without_storage_cny_per_yr"] = no_storage.table["cost_cny_per_yr"].to_numpy()
table["storage_value_cny_per_yr"] = table["cost_without_storage_cny_per_yr"] - table["cost_cny_per_yr"]
print(f"unconstrained optimum (rule off): green share {with_storage.unconstrained['ratio_fraction']:.3f}, "
      f"{with_storage.unconstrained['cost_cny_per_yr'] / 1e6:.1f} million CNY/yr")
print(f"grid only (business as usual): {with_storage.baseline['cost_cny_per_yr'] / 1e6:.1f} million CNY/yr")
(table.assign(cost_cny_per_yr=table["cost_cny_per_yr"] / 1e6,
              cost_without_storage_cny_per_yr=table["cost_without_storage_cny_per_yr"] / 1e6,
              storage_value_cny_per_yr=table["storage_value_cny_per_yr"] / 1e6)
      .rename(columns=lambda c: c.replace("_cny_per_yr", " (M CNY/yr)")).round(3))

# %% [markdown]
# ## 2. The cost of green
#
# **What to read:** the flat start of the curve is the green share the park reaches *for free* — where
# PV and wind are already cheaper than grid power (the unconstrained optimum). A rule below that level
# costs nothing; beyond it each step costs more than the last, because the extra green energy has to
# come in hours without sun (wind, storage) or is partly curtailed. The vertical lines are the 650号
# thresholds of 2026 and 2030 and the 50 % direct-supply target of the national zero-carbon park list.

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
x = table["threshold_fraction"]
ax.plot(x, table["cost_cny_per_yr"] / 1e6, "o-", label="PV + wind + storage")
ax.plot(x, table["cost_without_storage_cny_per_yr"] / 1e6, "s--", label="PV + wind, no storage")
ax.axhline(with_storage.baseline["cost_cny_per_yr"] / 1e6, color="grey", lw=1, ls=":", label="grid only")
for name, value in {"650 (2026)": 0.30, "650 (2030)": 0.35, "national list 50 %": 0.50}.items():
    ax.axvline(value, color="k", lw=0.8, alpha=0.5)
    ax.text(value, ax.get_ylim()[1], name, rotation=90, va="top", ha="right", fontsize=8)
ax.set_xlabel("green share threshold (self-consumed green / park use)")
ax.set_ylabel("annual cost, million CNY/yr")
ax.legend()
plt.show()

# %% [markdown]
# ## 3. What gets built as the rule tightens
#
# **What to read:** PV grows first (cheapest energy, but only by day); wind and storage take over at
# high shares because they cover the night. Curtailment rising steeply is the sign that the next step
# is being bought with plant that is mostly idle — the point where a planner should look at other
# levers (flexible load, a different site, green certificates for a zero-carbon park).
#
# The right panel is the annual cost saved by allowing storage at each threshold; a missing bar means
# the threshold cannot be met at all without storage (the no-storage sweep is infeasible there).

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
caps = table.set_index("threshold_fraction")[["pv_kw", "wind_kw", "storage_kwh"]] / 1e3
caps.columns = ["PV, MW", "wind, MW", "storage, MWh"]
caps.plot(ax=ax1, marker="o")
ax1.set_xlabel("green share threshold")
ax1.set_title("sizes with storage allowed")
value = table.set_index("threshold_fraction")["storage_value_cny_per_yr"] / 1e6
value.plot.bar(ax=ax2, color="tab:green")
ax2.set_ylabel("million CNY/yr")
ax2.set_title("what storage saves per year")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 4. Files
#
# `Frontier.write` saves `frontier.csv`, `frontier.json` and a three-panel `frontier.png` (the same
# as `zcpark frontier FILE --green-share 0.3:1.0:0.05`).

# %%
backend = matplotlib.get_backend()
written = with_storage.write(OUT)
plt.switch_backend(backend)   # the library plots with Agg; restore the notebook's backend
display(Image(filename=str(OUT / "frontier.png"), width=500))

# %%
ok = table["status"] == "optimal"
key_numbers = {
    "fast": FAST,
    "thresholds": [float(t) for t in x],
    "status": list(table["status"]),
    "cost_cny_per_yr": [float(c) for c in table["cost_cny_per_yr"]],
    "cost_without_storage_cny_per_yr": [float(c) for c in table["cost_without_storage_cny_per_yr"]],
    "green_share_fraction": [float(c) for c in table["green_share_fraction"]],
    "unconstrained_cost_cny_per_yr": float(with_storage.unconstrained["cost_cny_per_yr"]),
    "unconstrained_green_share": float(with_storage.unconstrained["ratio_fraction"]),
    "baseline_cost_cny_per_yr": float(with_storage.baseline["cost_cny_per_yr"]),
}
(OUT / "key_numbers.json").write_text(json.dumps(key_numbers, indent=1))
key_numbers
