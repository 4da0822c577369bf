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
# # A batch study across the scenario library
#
# `scenarios/` holds seven parks of Yunnan: the 安宁 battery park (2026 and 2030 rules), a 文山
# green-aluminium smelter, a 玉溪 light-industry park, a 昆明 data centre with electronics, an
# off-grid green-hydrogen park at 宾川 and a 曲靖 zero-carbon park (scenarios/README.md). This notebook
# runs them all as one batch study (in parallel worker processes, resumable: finished runs are not run
# again) and compares them side by side.
#
# `ZCPARK_FAST=1` solves one April week per park (for the test suite); the full version solves every
# park over the whole year (about 10-20 minutes on two cores).

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, display

from simulator.studies.batch import run_study
from simulator.studies.batch.compare import compare
from simulator.studies.batch.study import study_from_dict


def repo_root() -> Path:
    """The repository folder (the one holding scenarios/), from wherever the notebook runs."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios").is_dir():
            return folder
    raise FileNotFoundError("run the notebook inside the zcpark repository")


ROOT = repo_root()
FAST = os.environ.get("ZCPARK_FAST", "0") == "1"
OUT = Path(os.environ.get("ZCPARK_NOTEBOOK_OUT", ROOT / "results" / "notebooks")) / "04_scenario_library_batch"
files = sorted(p.name for p in (ROOT / "scenarios").glob("*.toml"))
overrides = {"park.start": "2026-04-06", "park.days": 7} if FAST else {}
workers = min(2, os.cpu_count() or 1)

# %% [markdown]
# ## 1. Run the study
#
# A study is a list of scenario files and, optionally, a grid of overrides (`zcpark batch STUDY.toml`
# does the same from the command line). Each run gets a folder `runs/<id>/` with the usual result
# files; `summary.csv` has one row per run.

# %%
study = study_from_dict({"study": {"name": "yunnan_library", "scenarios": files}, "overrides": overrides},
                        base_dir=ROOT / "scenarios", source="scenario library")
frame = run_study(study, OUT, workers=workers)
frame = frame.set_index("scenario").sort_index()
frame[["status", "compliant", "pv_kw", "wind_kw", "storage_kwh", "grid_connection_kw",
       "green_share_fraction", "cost_of_supply_cny_per_kwh"]].round(3)

# %% [markdown]
# ## 2. Cost of supply and green share
#
# **What to read:** cost of supply is every annual cost (plant annuities, O&M, grid energy, capacity
# fee, minus export revenue) per kWh the park uses — the number to compare with today's grid tariff.
# A park whose green share sits far above its rule's threshold is buying green power because it is
# cheap, not because the rule forces it; one sitting exactly on the threshold is rule-bound, and a
# tighter rule will cost it money (compare the two 安宁 runs).

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
frame["cost_of_supply_cny_per_kwh"].plot.barh(ax=ax1, color="tab:blue")
ax1.set_xlabel("cost of supply, CNY/kWh")
frame["green_share_fraction"].plot.barh(ax=ax2, color="tab:green")
for value in (0.30, 0.35, 0.50):   # 650 rule 2026, 2030; zero-carbon park list
    ax2.axvline(value, color="k", lw=0.8, alpha=0.6)
ax2.set_xlabel("green share (lines: 30 %, 35 % rules; 50 % zero-carbon list)")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 3. What each park builds, per unit of load
#
# Capacities divided by the park's mean load make parks of very different size comparable.
#
# **What to read:** flat 24/7 loads (aluminium, data centre, hydrogen) need wind and storage to go
# beyond the daytime PV share; a light-industry park with a Spring Festival stop is limited by feed-in
# rather than by green share; the off-grid park needs several times its mean load in PV and wind plus
# long storage, because nothing can be imported in a cloudy spell.

# %%
mean_load_kw = frame["load_kwh"] * frame["year_weight"] / 8760.0
per_load = pd.DataFrame({
    "PV kW per kW of mean load": frame["pv_kw"] / mean_load_kw,
    "wind kW per kW": frame["wind_kw"] / mean_load_kw,
    "storage kWh per kW": frame["storage_kwh"] / mean_load_kw,
})
ax = per_load.plot.barh(figsize=(9, 5))
ax.set_xlabel("per kW of mean park load")
plt.tight_layout()
plt.show()
per_load.round(2)

# %% [markdown]
# ## 4. The study's own comparison page
#
# `compare` (the same as `zcpark compare DIR`) writes a ranking plot and `index.html` linking every
# run's HTML report.

# %%
backend = matplotlib.get_backend()
written = compare(OUT)
plt.switch_backend(backend)   # the library plots with Agg; restore the notebook's backend
for path in written:
    if path.suffix == ".png":
        display(Image(filename=str(path), width=600))
print("open", OUT / "index.html")

# %%
key_numbers = {
    "fast": FAST,
    "runs": int(len(frame)),
    "status": frame["status"].to_dict(),
    "compliant": {k: bool(v) for k, v in frame["compliant"].items()},
    "green_share_fraction": frame["green_share_fraction"].astype(float).to_dict(),
    "cost_of_supply_cny_per_kwh": frame["cost_of_supply_cny_per_kwh"].astype(float).to_dict(),
    "import_kwh": frame["import_kwh"].astype(float).to_dict(),
}
(OUT / "key_numbers.json").write_text(json.dumps(key_numbers, indent=1))
key_numbers
