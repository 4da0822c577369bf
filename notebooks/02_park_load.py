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
# # Building a park's load from its enterprises and from metered data
#
# 以荷定源: the source is sized by the load, so the load comes first. This notebook builds the load of
# the 玉溪 light-industry park (`scenarios/yuxi_light_industry.toml`) from its enterprises' archetypes,
# then replaces one enterprise by **metered interval data** (a 15-minute export as a utility's
# 用电信息采集 system gives it), scaled to a planned output, and finally marks part of a load as
# **shiftable** within the day.
#
# Building a year of load takes about a second, so `ZCPARK_FAST=1` changes nothing here.

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import display
import numpy as np
import pandas as pd

from simulator import load_scenario
from simulator.inputs.load import park_load, read_metered
from simulator.outputs import plots
from simulator.scenario.loader import scenario_from_dict


def repo_root() -> Path:
    """The repository folder (the one holding scenarios/), from wherever the notebook runs."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios").is_dir():
            return folder
    raise FileNotFoundError("run the notebook inside the zcpark repository")


ROOT = repo_root()
OUT = Path(os.environ.get("ZCPARK_NOTEBOOK_OUT", ROOT / "results" / "notebooks")) / "02_park_load"
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## 1. Enterprises from archetypes
#
# Each `[[load.enterprises]]` names an archetype of `simulator/data/archetypes.toml` (shift pattern,
# weekly and monthly levels, Spring Festival stop and restart, day-to-day variation) and one way of
# sizing it: annual energy, output × intensity, or peak × load factor. The summary says what each
# enterprise contributes and how its peak coincides with the park's.

# %%
scenario = load_scenario(ROOT / "scenarios" / "yuxi_light_industry.toml")
load = park_load(scenario)
table = load.summary[["archetype", "shifts", "annual_kwh", "annual_peak_kw", "annual_load_factor",
                      "peak_coincidence_fraction"]].copy()
table["annual_kwh"] /= 1e6
table["annual_peak_kw"] /= 1e3
table = table.rename(columns={"annual_kwh": "GWh/yr", "annual_peak_kw": "peak MW"})
print(f"park peak {load.park['peak_kw'] / 1e3:.1f} MW at {load.park['peak_time']}, "
      f"coincidence factor {load.park['coincidence_factor']:.2f}")
table.round(3)

# %% [markdown]
# **What to read:** a coincidence factor below 1 means the enterprises do not all peak at the same hour,
# so the park needs less connection and less green capacity than the sum of the plants' peaks suggests.

# %% [markdown]
# ## 2. The year at a glance
#
# Daily energy per enterprise shows the **Spring Festival stop** (2026-02-17 is 初一) and the gradual
# restart of light industry (about 30 % on the first day back, full after four to five weeks), and the
# Sunday dips. The heatmap (day × hour) shows the two-shift working day.

# %%
daily = load.enterprises_kw.resample("D").sum() / 1e3   # MWh per day (hourly steps)
ax = daily.plot.area(figsize=(10, 4), linewidth=0)
ax.set_ylabel("MWh per day")
ax.set_title("Daily energy per enterprise, Yuxi light-industry park")
plt.show()

# %%
display(plots.load_heatmap(load.total_kw.to_frame("load_kw")))

# %% [markdown]
# **What to read:** the February trough is weeks of PV output with little load — the time when the
# feed-in cap (≤ 20 % of available green generation) bites and storage or curtailment must absorb
# the noon peak. Size checks over the whole year, not an average day.

# %% [markdown]
# ## 3. Metered data instead of an archetype
#
# Real studies start from meter exports. Here we *make* such an export (synthetic, for the example:
# a 2024 year of 15-minute energy readings of a pharmaceutical plant, with a Chinese header), read it
# and use it for the biomedicine enterprise, scaled from the metered year's output (8,000 t) to the
# planned output (12,000 t).

# %%
stamps = pd.date_range("2024-01-01", "2024-12-31 23:45", freq="15min")
hour = stamps.hour + stamps.minute / 60
rng = np.random.default_rng(7)
working = (stamps.dayofweek < 6) & ((hour >= 8) & (hour < 24))
kw = np.where(working, 9_000.0, 4_500.0) * (1 + 0.03 * rng.standard_normal(len(stamps)))
meter = pd.DataFrame({"时间": stamps.strftime("%Y-%m-%d %H:%M"), "有功电量(kWh)": np.round(kw * 0.25, 2)})
meter_file = OUT / "pharma_2024_15min.csv"
meter.to_csv(meter_file, index=False)
metered_kwh = float(meter["有功电量(kWh)"].sum())

data = read_metered(meter_file)
print(f"interval {data.report.interval_minutes} min ({data.report.interval_basis}); "
      f"unit {data.report.unit} ({data.report.unit_basis}); missing {data.report.missing_intervals}")

# %% [markdown]
# The unit came from the header (`电量(kWh)` = energy per interval) and the interval from the
# timestamps; a file with gaps or repeated timestamps would be refused with the timestamps listed,
# unless `fill` / `duplicates` say how to treat them. Now the same file as a scenario enterprise:

# %%
raw = scenario.model_dump(mode="json", exclude_none=True)
raw["load"]["enterprises"] = [e for e in raw["load"]["enterprises"] if e["name"] != "biomedicine"]
raw["load"]["enterprises"].append({
    "name": "biomedicine",
    "archetype": "electronics_assembly",     # labels and flexibility only; the shape is metered
    "output_per_yr": 12_000,                 # planned output, t/yr
    "metered": {"file": meter_file.name, "output_per_yr": 8_000},   # output in the metered year
})
metered_scenario = scenario_from_dict(raw, source="yuxi + metered biomedicine", base_dir=OUT)
metered_load = park_load(metered_scenario)
bio_kwh = float(metered_load.enterprises_kw["biomedicine"].sum())
print(f"metered 2024: {metered_kwh / 1e6:.1f} GWh; planned 2026: {bio_kwh / 1e6:.1f} GWh "
      f"(x {bio_kwh / metered_kwh:.3f}; output ratio 1.5)")
for note in metered_load.metered["biomedicine"]["notes"]:
    print("-", note)

# %%
week = slice("2026-04-06", "2026-04-12")
both = pd.DataFrame({"archetype (two shifts)": load.enterprises_kw["biomedicine"][week],
                     "metered, scaled": metered_load.enterprises_kw["biomedicine"][week]}) / 1e3
ax = both.plot(figsize=(10, 3.5))
ax.set_ylabel("MW")
ax.set_title("Biomedicine plant, one April week")
plt.show()

# %% [markdown]
# **What to read:** where the archetype and the meter disagree — working days (this plant works
# Saturdays), shift hours, the level at night (clean-room air handling) — the meter is right. Use
# metered data where they exist: the night load is what storage or the grid has to carry.
#
# ## 4. Shiftable load
#
# `flexible_fraction` lets part of an enterprise's load move within each day (the day's energy is
# kept); the sizing model then decides when it runs. The band below is how far the park load may go
# down or up in each hour.

# %%
raw_flex = scenario.model_dump(mode="json", exclude_none=True)
for e in raw_flex["load"]["enterprises"]:
    if e["name"] == "logistics":
        e["flexible_fraction"] = 0.3          # charging of electric forklifts and trucks, cold-store pre-cooling
flex_load = park_load(scenario_from_dict(raw_flex, source="yuxi + flexible logistics", base_dir=ROOT / "scenarios"))
band = pd.DataFrame({"load": flex_load.total_kw, "lowest": flex_load.total_kw - flex_load.flexible_down_kw,
                     "highest": flex_load.total_kw + flex_load.flexible_up_kw})[week] / 1e3
ax = band["load"].plot(figsize=(10, 3.5), color="k")
ax.fill_between(band.index, band["lowest"], band["highest"], alpha=0.3, label="shiftable range")
ax.set_ylabel("MW")
ax.legend()
plt.show()

# %%
key_numbers = {
    "park_kwh": float(load.total_kw.sum()),
    "park_load_factor": float(load.total_kw.mean() / load.total_kw.max()),
    "february_to_mean_day": float(daily.sum(axis=1)[daily.index.month == 2].mean() / daily.sum(axis=1).mean()),
    "metered_kwh": metered_kwh,
    "metered_scaled_kwh": bio_kwh,
    "metered_interval_minutes": int(data.report.interval_minutes),
    "metered_unit": data.report.unit,
    "flexible_up_max_kw": float(flex_load.flexible_up_kw.max()),
    "logistics_peak_kw": float(flex_load.enterprises_kw["logistics"].max()),
}
(OUT / "key_numbers.json").write_text(json.dumps(key_numbers, indent=1))
key_numbers
