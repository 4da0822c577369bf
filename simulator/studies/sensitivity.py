"""Tornado sensitivity: the optimum's cost and sizes for ±20 % on the main inputs, one at a time.

Built on the batch machinery (:func:`simulator.studies.batch.run_study`): every perturbation is one run of
a study — the base scenario file plus scenario overrides — so runs go to a local process pool by
default or to any ``concurrent.futures`` executor / Dask client, finished runs are kept and skipped
on a rerun, and each run writes its own ``summary.json``.

Inputs and how each is perturbed by a factor f = 1 ± δ (a scenario override each):

- ``pv_capex``, ``wind_capex``: ``pv.capex_cny_per_kw``, ``wind.capex_cny_per_kw``;
- ``storage_capex``: ``storage.energy_capex_cny_per_kwh`` and ``storage.power_capex_cny_per_kw`` together;
- ``grid_prices``: every TOU import price and the export price together (scaling import alone by
  0.8 would push the valley price below the export price, which the model refuses); the capacity
  charge is not varied;
- ``load_level``: ``annual_kwh``, ``output_per_yr`` and ``peak_kw`` of every enterprise (not
  possible for measured profiles: ``load.profile_csv`` or metered enterprises — then skipped, with a
  warning);
- ``irradiation``: ``weather.monthly_ghi_kwh_per_m2`` = f × the station's (or given) monthly GHI; a
  month pushed above 97 % of clear sky makes that run fail with the weather module's error, which
  the tornado reports (skipped when PV availability comes from a CSV).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.outputs.csv_numbers import plain_float

logger = logging.getLogger(__name__)

INPUTS = ("pv_capex", "wind_capex", "storage_capex", "grid_prices", "load_level", "irradiation")
METRICS = {"objective_cny_per_yr": ("annual cost", 1e6, "million CNY/yr"), "pv_kw": ("PV", 1e3, "MW"),
           "wind_kw": ("wind", 1e3, "MW"), "storage_kwh": ("storage energy", 1e3, "MWh"),
           "storage_kw": ("storage power", 1e3, "MW"), "grid_connection_kw": ("connection", 1e3, "MW")}


def _monthly_ghi(scenario) -> list[float]:
    from simulator.data import stations
    from simulator.inputs.resource.weather import station_monthly_ghi

    weather, park = scenario.weather, scenario.park
    if weather.monthly_ghi_kwh_per_m2 is not None:
        return list(weather.monthly_ghi_kwh_per_m2)
    station = weather.station
    if station is None:
        table = stations()
        dist = (table["latitude"] - park.latitude) ** 2 + (table["longitude"] - park.longitude) ** 2
        station = int(dist.idxmin())
    return [float(x) for x in station_monthly_ghi(station)]


def perturbation(scenario, name: str, factor: float) -> dict | None:
    """Scenario overrides (dotted key -> value) that scale input ``name`` by ``factor``; None if impossible.

    Raises
    ------
    InputError
        For an unknown input name.
    """
    from simulator.data import tariff

    if name == "pv_capex":
        return {"pv.capex_cny_per_kw": scenario.pv.capex_cny_per_kw * factor}
    if name == "wind_capex":
        return {"wind.capex_cny_per_kw": scenario.wind.capex_cny_per_kw * factor}
    if name == "storage_capex":
        st = scenario.storage
        out = {"storage.energy_capex_cny_per_kwh": st.energy_capex_cny_per_kwh * factor,
               "storage.power_capex_cny_per_kw": st.power_capex_cny_per_kw * factor}
        if st.types:  # each technology's own capex, as resolved from its technology and [storage]
            types = []
            for t in st.types:
                values = t.resolved(st)
                types.append({**t.model_dump(exclude_none=True),
                              "energy_capex_cny_per_kwh": values["energy_capex_cny_per_kwh"] * factor,
                              "power_capex_cny_per_kw": values["power_capex_cny_per_kw"] * factor})
            out["storage.types"] = types
        return out
    if name == "grid_prices":
        prices = dict(tariff(scenario.grid.tariff)["prices_cny_per_kwh"])
        prices.update(scenario.grid.tou_prices_cny_per_kwh or {})
        return {"grid.tou_prices_cny_per_kwh": {band: float(p) * factor for band, p in prices.items()},
                "grid.export_price_cny_per_kwh": scenario.grid.export_price_cny_per_kwh * factor}
    if name == "load_level":
        load = scenario.load
        if load.profile_csv is not None or any(e.metered is not None for e in load.enterprises):
            return None
        ents = []
        for e in load.enterprises:
            raw = e.model_dump(mode="json", exclude_unset=True)
            for key in ("annual_kwh", "output_per_yr", "peak_kw"):
                if raw.get(key) is not None:
                    raw[key] = raw[key] * factor
            ents.append(raw)
        return {"load.enterprises": ents}
    if name == "irradiation":
        if scenario.pv.availability_csv is not None:
            return None
        return {"weather.monthly_ghi_kwh_per_m2": [g * factor for g in _monthly_ghi(scenario)]}
    raise InputError(InputIssue("sensitivity", "input", name, "one of " + ", ".join(INPUTS)))


def tornado_study(scenario_file: str | Path, inputs=INPUTS, delta_fraction: float = 0.2,
                  overrides: dict | None = None):
    """The batch study of a tornado: the base run plus a low and a high run per input.

    Parameters
    ----------
    scenario_file : path
        Scenario TOML.
    inputs : sequence of str
        Names from :data:`INPUTS`.
    delta_fraction : float
        δ, relative change [-] (0.2 = ±20 %).
    overrides : dict, optional
        Applied to every run (e.g. ``{"park.days": 7}``).

    Returns
    -------
    simulator.studies.batch.Study
        Runs with ``varied = {"sensitivity_input": name, "sensitivity_factor": f}`` (base: ``base``, 1).
    """
    from simulator.studies.batch import RunSpec, Study, run_id
    from simulator.scenario import load_scenario

    if not 0 < delta_fraction < 1:
        raise InputError(InputIssue("sensitivity", "delta_fraction", delta_fraction, "a fraction in (0, 1)"))
    path = Path(scenario_file).resolve()
    fixed = dict(overrides or {})
    scenario = load_scenario(path, overrides=fixed)
    specs = [("base", 1.0, {})]
    for name in inputs:
        for factor in (1.0 - delta_fraction, 1.0 + delta_fraction):
            change = perturbation(scenario, name, factor)
            if change is None:
                logger.warning(f"sensitivity input {name} cannot be varied for this scenario (measured profile)")
                break
            specs.append((name, factor, change))
    runs = []
    for i, (name, factor, change) in enumerate(specs):
        ov = {**fixed, **change}
        runs.append(RunSpec(run_id(path, ov), i, str(path), ov,
                            {"sensitivity_input": name, "sensitivity_factor": round(factor, 10)}))
    return Study(name=f"tornado_{path.stem}", runs=runs, varied_keys=["sensitivity_input", "sensitivity_factor"],
                 source=str(path), description=f"one-at-a-time ±{delta_fraction:.0%} sensitivity")


@dataclass
class Tornado:
    """Tornado table: one row per (input, metric).

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``input``, ``metric``, ``base``, ``low``, ``high`` (metric at factor 1 − δ and 1 + δ,
        NaN when that run was not optimal), ``low_change_fraction``, ``high_change_fraction``
        (relative to base; NaN when base is 0), ``swing`` (|high − low|), ``low_status``, ``high_status``.
    runs : pandas.DataFrame
        The batch summary (one row per run).
    delta_fraction : float
    """

    table: pd.DataFrame
    runs: pd.DataFrame
    delta_fraction: float

    def write(self, folder: str | Path, plot: bool = True) -> list[Path]:
        """Write ``tornado.csv`` and (with ``plot``) ``tornado.png`` into ``folder``."""
        from simulator.results.write import write_text

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "tornado.csv"]
        write_text(self.table.to_csv(index=False, float_format=plain_float), paths[0])
        if plot:
            paths.append(plot_tornado(self, folder / "tornado.png"))
        return paths

    def write_pages(self, folder: str | Path, scenario: str = "") -> list[Path]:
        """Write the page ``tornado_zh.html`` / ``tornado_en.html`` (:mod:`simulator.outputs.study_pages`)."""
        from simulator.outputs.study_pages import tornado_page, write_pages

        return write_pages(lambda lang: tornado_page(self.table, self.delta_fraction, scenario, lang), folder, "tornado")


def tornado_table(runs: pd.DataFrame, delta_fraction: float, metrics=tuple(METRICS)) -> pd.DataFrame:
    """Build the tornado table from a batch summary with ``sensitivity_input``/``sensitivity_factor`` columns.

    Raises
    ------
    InputError
        When the base run is missing or not optimal.
    """
    if "sensitivity_input" not in runs:
        lost = runs.attrs.get("lost", {})
        raise InputError(InputIssue("sensitivity", "runs", len(runs),
                                    f"finished runs of the tornado study (lost: {lost or 'none'})"))
    base_rows = runs[runs["sensitivity_input"] == "base"]
    if base_rows.empty or base_rows["status"].iloc[0] != "optimal":
        status = None if base_rows.empty else base_rows["status"].iloc[0]
        message = "" if base_rows.empty else base_rows["message"].iloc[0]
        raise InputError(InputIssue("sensitivity", "base run", status, f"an optimal base run ({message})"))
    base = base_rows.iloc[0]
    rows = []
    for name in [n for n in dict.fromkeys(runs["sensitivity_input"]) if n != "base"]:
        sel = runs[runs["sensitivity_input"] == name]
        low = sel[sel["sensitivity_factor"] < 1.0]
        high = sel[sel["sensitivity_factor"] > 1.0]

        def value(frame, metric):
            if frame.empty or frame["status"].iloc[0] != "optimal" or metric not in frame:
                return np.nan
            return float(frame[metric].iloc[0])

        for metric in metrics:
            b = float(base[metric])
            lo, hi = value(low, metric), value(high, metric)
            rows.append({"input": name, "metric": metric, "base": b, "low": lo, "high": hi,
                         "low_change_fraction": (lo - b) / b if b else np.nan,
                         "high_change_fraction": (hi - b) / b if b else np.nan,
                         "swing": abs(hi - lo),
                         "low_status": low["status"].iloc[0] if not low.empty else None,
                         "high_status": high["status"].iloc[0] if not high.empty else None})
    return pd.DataFrame(rows)


def run_sensitivity(scenario_file: str | Path, out_dir: str | Path, inputs=INPUTS, delta_fraction: float = 0.2,
                    overrides: dict | None = None, executor=None, workers: int | None = None,
                    progress=None) -> Tornado:
    """Run the tornado study with :func:`simulator.studies.batch.run_study` and build the table.

    ``out_dir`` receives the batch folders (``runs/``, ``summary.csv``); call :meth:`Tornado.write`
    for ``tornado.csv`` and ``tornado.png``. ``executor``/``workers`` as in ``run_study``.
    """
    from simulator.studies.batch import run_study

    study = tornado_study(scenario_file, inputs, delta_fraction, overrides)
    runs = run_study(study, out_dir, executor=executor, workers=workers, progress=progress)
    return Tornado(tornado_table(runs, delta_fraction), runs, delta_fraction)


def plot_tornado(tornado: Tornado, path: str | Path) -> Path:
    """One tornado panel per metric: bars of the change [%] at −δ and +δ, widest swing on top."""
    import matplotlib.pyplot as plt

    t = tornado.table
    metrics = list(dict.fromkeys(t["metric"]))
    fig, axes = plt.subplots(len(metrics), 1, figsize=(8, 2.0 + 1.6 * len(metrics)), squeeze=False)
    pct = int(round(100 * tornado.delta_fraction))
    for ax, metric in zip(axes[:, 0], metrics):
        part = t[t["metric"] == metric].copy()
        base = float(part["base"].iloc[0]) if len(part) else 0.0
        part["order"] = np.fmax((part["low"] - base).abs(), (part["high"] - base).abs()).fillna(0.0)
        part = part.sort_values("order")
        y = np.arange(len(part))
        label, scale, unit = METRICS.get(metric, (metric, 1.0, ""))
        ax.barh(y - 0.2, (part["low"] - base) / scale, height=0.4, color="tab:blue", label=f"input -{pct} %")
        ax.barh(y + 0.2, (part["high"] - base) / scale, height=0.4, color="tab:orange", label=f"input +{pct} %")
        ax.set_yticks(y, part["input"])
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(f"{label}: base {base / scale:,.2f} {unit}", fontsize=9)
        ax.set_xlabel(f"change [{unit}]", fontsize=8)
        ax.grid(axis="x", alpha=0.3)
    axes[0, 0].legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=100)
    plt.close(fig)
    tmp.replace(path)
    return path


__all__ = ["INPUTS", "METRICS", "Tornado", "perturbation", "plot_tornado", "run_sensitivity", "tornado_study",
           "tornado_table"]
