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
# # Who gets the green power and who pays: per-enterprise results
#
# The sizing model treats the park as one customer. A smelter, a cell maker or a data centre signs
# only if it knows **its own** green power, bill and product carbon. This notebook runs the 曲靖
# zero-carbon park (`scenarios/qujing_zero_carbon_park.toml`, four enterprises) and reads the
# per-enterprise table that every run now writes (`enterprises.csv`, `summary.json` → `enterprises`),
# compares allocation rules, and computes the electricity carbon per tonne of aluminium of the 文山
# smelter (`scenarios/wenshan_green_aluminium.toml`). Rules and equations: `docs/enterprises.md`.
#
# `ZCPARK_FAST=1` solves one week (2–9 March) instead of the full year.

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from simulator import load_scenario
from simulator.results.allocation import enterprise_results
from simulator.results.run import run


def repo_root() -> Path:
    """The repository folder (the one holding scenarios/), from wherever the notebook runs."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios").is_dir():
            return folder
    raise FileNotFoundError("run the notebook inside the zcpark repository")


ROOT = repo_root()
FAST = os.environ.get("ZCPARK_FAST", "0") == "1"
OUT = Path(os.environ.get("ZCPARK_NOTEBOOK_OUT", ROOT / "results" / "notebooks")) / "05_who_pays"
OUT.mkdir(parents=True, exist_ok=True)
overrides = {"park.start": "2026-03-02", "park.days": 7} if FAST else {}

# %% [markdown]
# ## 1. Run the park and read the per-enterprise table
#
# Each hour's green power reaching the load is shared **pro rata to the enterprises' load in that hour**
# (after the model's load shifting; `[load] allocation = "pro_rata"`, the default). Storage discharge is
# green only for the green energy it stored: grid-charged energy is tracked through the state of charge.
# Energies are over the horizon [kWh]; bills and CO2 per year.

# %%
result = run(load_scenario(ROOT / "scenarios" / "qujing_zero_carbon_park.toml", overrides=overrides))
table = result.enterprises
block = result.summary["enterprises"]
columns = ["load_kwh", "green_kwh", "import_kwh", "green_share", "peak_kw", "capacity_charge_cny_per_yr",
           "demand_charge_cny_per_yr", "bill_cny_per_yr", "bill_cny_per_kwh", "co2_t_per_yr_location_based",
           "co2_t_per_yr_market_based"]
display(table[columns].round(3))
print("green supply cost:", round(block["park"]["green_cost_cny_per_kwh"], 4), "CNY/kWh")

# %% [markdown]
# The sums over the enterprises are the park's totals: load, grid energy, CO2, and the bills add up to
# the park's annual cost (less the value-of-lost-load penalty, which nobody is billed).

# %%
energy, cost = result.summary["energy"], result.summary["cost_cny_per_yr"]
checks = pd.DataFrame({
    "sum over enterprises": [table["load_kwh"].sum(), table["import_kwh"].sum(), table["bill_cny_per_yr"].sum(),
                             table["co2_t_per_yr_location_based"].sum()],
    "park": [energy["load_kwh"], energy["import_kwh"], cost["total"] - cost.get("unserved_penalty", 0.0),
             result.summary["co2_t_per_yr"]]}, index=["load_kwh", "import_kwh", "bill_cny_per_yr", "co2_t_per_yr"])
checks["difference"] = checks["sum over enterprises"] - checks["park"]
checks

# %% [markdown]
# ## 2. Who gets what
#
# Green and grid energy per enterprise and what each pays per kWh: the day-shift assembly plant and the
# offices use more of their power in the PV hours, so pro rata by hour gives them a higher green share.

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
(table[["green_kwh", "grid_direct_kwh", "grid_via_storage_kwh"]] / 1e3).plot.barh(stacked=True, ax=ax1)
ax1.set_xlabel("MWh over the horizon")
ax1.set_title("green and grid energy")
table["bill_cny_per_kwh"].plot.barh(ax=ax2, color="tab:gray")
ax2.set_xlabel("CNY/kWh")
ax2.set_title("bill per kWh")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 3. Another allocation rule, same dispatch
#
# The allocation is a results-stage rule: it does not change what is built or how it runs, only who
# is credited. Serving the cathode/anode plant first (`allocation = "priority"`) moves green power to it.

# %%
section = result.scenario.load.model_copy(update={"allocation": "priority", "priority": ["cathode_anode_materials"]})
priority, _ = enterprise_results(result.hourly, result.load, section, result.inputs, cost,
                                 energy["green_purchase_kwh"])
compare = pd.DataFrame({"pro_rata": table["green_share"], "priority": priority["green_share"]})
compare.round(3)

# %% [markdown]
# ## 4. Electricity carbon per tonne of aluminium (文山)
#
# The smelter gives its output (`output_per_yr = 400_000` t, illustrative), so the table carries the
# electricity carbon per tonne, location-based and market-based (with certificates, if the park buys
# any). This is the electricity (scope 2) part of the product's footprint that the EU CBAM and green
# aluminium labels ask for; the anode and process emissions are not modelled. Arithmetic in
# `docs/enterprises.md`.

# %%
wenshan = run(load_scenario(ROOT / "scenarios" / "wenshan_green_aluminium.toml", overrides=overrides))
smelter = wenshan.enterprises.loc["smelter"]
ef = wenshan.summary["emission_factor"]["kg_co2_per_kwh"]
by_hand = smelter["electricity_kwh_per_unit"] * (smelter["import_kwh"] / smelter["load_kwh"]) * ef / 1000
print(f"electricity {smelter['electricity_kwh_per_unit']:,.0f} kWh/t x grid share "
      f"{smelter['import_kwh'] / smelter['load_kwh']:.3f} x {ef} kg/kWh = {by_hand:.3f} t CO2/t "
      f"(table: {smelter['co2_t_per_unit_location_based']:.3f})")
smelter[["green_share", "electricity_kwh_per_unit", "co2_t_per_unit_location_based",
         "co2_t_per_unit_market_based"]].to_frame("smelter")

# %%
key_numbers = {
    "fast": FAST,
    "status": result.status,
    "enterprises": list(table.index),
    "load_kwh_sum": float(table["load_kwh"].sum()), "load_kwh_park": energy["load_kwh"],
    "import_kwh_sum": float(table["import_kwh"].sum()), "import_kwh_park": energy["import_kwh"],
    "bill_sum": float(table["bill_cny_per_yr"].sum()),
    "cost_less_penalty": cost["total"] - cost.get("unserved_penalty", 0.0),
    "priority_first_share": float(priority.loc["cathode_anode_materials", "green_share"]),
    "pro_rata_first_share": float(table.loc["cathode_anode_materials", "green_share"]),
    "smelter_co2_t_per_t": float(smelter["co2_t_per_unit_location_based"]),
    "smelter_co2_t_per_t_by_hand": float(by_hand),
}
(OUT / "key_numbers.json").write_text(json.dumps(key_numbers, indent=1))
key_numbers
