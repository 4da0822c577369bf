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
# # Quick start: size a park, read its KPIs and plots
#
# This notebook sizes the default park — the 安宁 new-energy battery cluster
# (`scenarios/anning_battery_park.toml`), grid-connected 绿电直连 under the 2026 rules of
# 发改能源〔2025〕650号 — and walks through what a planner reads from the result.
#
# Set the environment variable `ZCPARK_FAST=1` to solve a 14-day horizon instead of the full year
# (the test suite does; a full year takes one to two minutes). With a short horizon, energies are
# sums over those days, costs are scaled to a year, and the rules hold over those days only.

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

from IPython.display import display
import pandas as pd

from simulator import load_scenario, run
from simulator.outputs import plots


def repo_root() -> Path:
    """The repository folder (the one holding scenarios/), from wherever the notebook runs."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios").is_dir():
            return folder
    raise FileNotFoundError("run the notebook inside the zcpark repository")


ROOT = repo_root()
FAST = os.environ.get("ZCPARK_FAST", "0") == "1"
OUT = Path(os.environ.get("ZCPARK_NOTEBOOK_OUT", ROOT / "results" / "notebooks")) / "01_quick_start"
overrides = {"park.start": "2026-04-06", "park.days": 14} if FAST else {}

# %% [markdown]
# ## 1. Load the scenario and run it
#
# `load_scenario` validates the TOML file (every error at once) and fills each default from
# `simulator/data/defaults.toml`; `overrides` changes any key without editing the file.

# %%
scenario = load_scenario(ROOT / "scenarios" / "anning_battery_park.toml", overrides=overrides)
result = run(scenario)
summary = result.summary
print(summary["status"], "-", scenario.park.description)
print("horizon:", summary["horizon"]["start"], "to", summary["horizon"]["end"])

# %% [markdown]
# ## 2. What to build
#
# Capacities are the optimum of the annual cost (annuity of investment + O&M + grid energy +
# capacity charge − export revenue) under the rules. PV and wind in kW DC/AC installed, storage in kWh
# and kW, and the declared grid connection (接网容量) on which the capacity fee is paid.

# %%
capacity = pd.Series(summary["capacity"]) / 1000
capacity.index = [k.replace("_kw", "_MW").replace("_kwh", "_MWh") for k in capacity.index]
capacity.round(1).to_frame("size")

# %% [markdown]
# ## 3. Does the park comply?
#
# The compliance table is recomputed from the hourly results, not read back from the model. `margin`
# is how far the value is on the safe side of its limit: a margin near zero means the rule is
# **binding** — it, not cost alone, sets the size of the plant.

# %%
result.compliance[["rule", "basis", "value", "limit", "sense", "margin", "ok"]].round(3)

# %% [markdown]
# ## 4. Key figures
#
# Cost of supply (all annual costs per kWh used), the levelised cost of the green plant, CO2 and the
# comparison with the business-as-usual twin (grid only): the extra cost of compliance is what the
# park pays per year for being a 绿电直连 project.

# %%
base = summary["baseline"]
kpis = pd.Series({
    "annual cost, million CNY/yr": summary["objective_cny_per_yr"] / 1e6,
    "cost of supply, CNY/kWh": summary["cost_of_supply_cny_per_kwh"],
    "LCOE of the green plant, CNY/kWh": summary["lcoe_cny_per_kwh"],
    "green share": summary["ratios"]["green_share"],
    "self-consumption": summary["ratios"]["self_consumption"],
    "feed-in": summary["ratios"]["feed_in"],
    "curtailment": summary["ratios"]["curtailment"],
    "storage cycles per year": summary["kpi"]["storage_cycles_per_yr"],
    "CO2, t/yr": summary["co2_t_per_yr"],
    "grid-only cost, million CNY/yr": base.get("cost_cny_per_yr", float("nan")) / 1e6,
    "CO2 avoided, t/yr": base.get("co2_avoided_t_per_yr", float("nan")),
})
kpis.round(3).to_frame("value")

# %% [markdown]
# ## 5. Plots and what to read from them
#
# **Monthly energy balance.** Bars above zero are what meets the load each month (PV, wind, storage,
# grid); a planner looks at the dry season (Nov–May), when PV and wind are strongest in Yunnan and hydro
# is short, and at the wet months, when the grid fills the gap.

# %%
dt_h = summary["horizon"]["dt_h"]
display(plots.monthly_energy_balance(result.hourly, dt_h))

# %% [markdown]
# **A typical dispatch week.** Storage charges from the midday PV peak and discharges in the evening;
# exports appear when storage is full. If the grid import line is flat at the declared connection,
# the connection (not energy) is the constraint.

# %%
display(plots.dispatch_week(result.hourly, "dry", dt_h))

# %% [markdown]
# **Duration curves.** Sorted hourly load, import and green supply: the import curve's peak is the
# connection to declare; the hours where green supply exceeds the load are what storage or export
# must absorb.

# %%
display(plots.duration_curves(result.hourly, dt_h))

# %% [markdown]
# **Costs and rules.** Where the money goes (annuities, O&M, grid energy, capacity fee, minus export
# revenue), and each rule against its limit.

# %%
display(plots.cost_breakdown(summary))
display(plots.compliance_bars(summary))

# %% [markdown]
# ## 6. Save the results
#
# `Result.write` writes `summary.json`, `hourly.csv` and `hourly.parquet` (atomically); `zcpark report`
# turns the folder into the HTML report and `results_<lang>.xlsx`.

# %%
written = result.write(OUT / "result")
key_numbers = {
    "status": summary["status"],
    "fast": FAST,
    "pv_kw": summary["capacity"]["pv_kw"],
    "wind_kw": summary["capacity"]["wind_kw"],
    "storage_kwh": summary["capacity"]["storage_kwh"],
    "green_share": summary["ratios"]["green_share"],
    "compliant": bool(result.compliance["ok"].all()),
    "cost_of_supply_cny_per_kwh": summary["cost_of_supply_cny_per_kwh"],
    "load_kwh": summary["energy"]["load_kwh"],
    "hourly_load_kwh": float(result.hourly["load_kw"].sum() * dt_h),
}
(OUT / "key_numbers.json").write_text(json.dumps(key_numbers, indent=1))
print("written to", OUT / "result")
key_numbers
