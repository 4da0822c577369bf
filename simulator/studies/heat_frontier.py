"""The electrification frontier: the park's annual cost against the share of its heat that is electrified.

The free optimum (no constraint on how the heat is made) has some electrified share φ_0 = heat from
electric boilers and heat pumps / all heat supplied. Each point of the frontier adds eq. H10,
Σ_t w_t Σ_{j electric} h_j,t ≥ φ Σ_t w_t Σ_j h_j,t, and sizes everything again (PV, wind, storage,
connection and the heat technologies together). The model is built and compiled once: the constraint's
row is affine in φ, so one HiGHS instance receives only the changed matrix entries and restarts from
the previous basis (:class:`simulator.model.parametric.ParametricModel`). Above φ_0 every point only
tightens the feasible set, so the cost cannot fall (an LP); below φ_0 the constraint is slack and the
cost equals the free optimum.

Outputs (:meth:`HeatFrontier.write`): ``heat_frontier.csv`` (plain numbers), ``heat_frontier.json``,
``heat_frontier.png`` and a page in each language ``heat_frontier_zh.html`` / ``heat_frontier_en.html``.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.model_inputs import KWH_PER_GJ, ModelInputs
from simulator.model import build_model, solve_model
from simulator.model.parametric import ParametricModel
from simulator.model.solve import SolverSettings
from simulator.outputs.csv_numbers import plain_float
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from simulator.results.heat import fuel_co2_t, fuel_kwh

#: columns of the table before the per-technology capacities ``heat_<name>_kw``
COLUMNS = ["electrified_min_fraction", "status", "cost_cny_per_yr", "cost_above_free_cny_per_yr",
           "electrified_fraction", "heat_electricity_kwh_per_yr", "fuel_gj_per_yr", "fuel_co2_t_per_yr",
           "co2_t_per_yr", "co2_electricity_t_per_yr", "pv_kw", "wind_kw", "storage_kwh", "storage_kw",
           "grid_connection_kw", "solve_s"]


def electrified_fraction(inp: ModelInputs, hourly: pd.DataFrame) -> float:
    """φ = Σ_t w_t Σ_{electric j} h_j,t / Σ_t w_t Σ_j h_j,t [-] recomputed from the hourly table (0 without heat)."""
    w = np.asarray(inp.weights, dtype=float)
    heating = [j for j in inp.heat.technologies if j.heating]  # cooling is electric anyway: not counted
    total = sum(float(w @ hourly[f"heat_{j.name}_kw"].to_numpy()) for j in heating)
    electric = sum(float(w @ hourly[f"heat_{j.name}_kw"].to_numpy()) for j in heating if j.electric)
    return electric / total if total > 0 else 0.0


def _point(m, inp: ModelInputs, info, phi: float, solve_s: float) -> dict:
    """One row of the table, every number recomputed from the model's hourly values (not its constraints)."""
    row = {c: math.nan for c in COLUMNS}
    row.update(electrified_min_fraction=phi, status=info.status, solve_s=solve_s)
    row.update({f"heat_{j.name}_kw": math.nan for j in inp.heat.technologies})
    if info.status != "optimal":
        return row
    k, dt = inp.year_weight, inp.dt_h
    cap = extract_capacities(m, inp)
    hourly = extract_hourly(m, inp, pd.RangeIndex(inp.n_steps))
    cost = kpi.costs(inp, cap, hourly, extract_green_purchase_kwh(m))
    w = np.asarray(inp.weights, dtype=float)
    fuel_co2 = sum(fuel_co2_t(inp, hourly).values()) * k
    grid_co2 = k * dt * float(w @ hourly["import_kw"].to_numpy()) * inp.grid.emission_kg_per_kwh / 1000.0
    row.update(cost_cny_per_yr=cost["total"], electrified_fraction=electrified_fraction(inp, hourly),
               heat_electricity_kwh_per_yr=k * dt * float(w @ hourly["heat_electric_kw"].to_numpy()),
               fuel_gj_per_yr=sum(fuel_kwh(inp, hourly).values()) * k / KWH_PER_GJ, fuel_co2_t_per_yr=fuel_co2,
               co2_electricity_t_per_yr=grid_co2, co2_t_per_yr=grid_co2 + fuel_co2,
               **{key: cap[key] for key in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw")},
               **{f"heat_{j.name}_kw": cap[f"heat_{j.name}_kw"] for j in inp.heat.technologies})
    return row


def _with_share(inp: ModelInputs, phi: float | None) -> ModelInputs:
    return replace(inp, heat=replace(inp.heat, electrified_min_fraction=phi))


def free_optimum(inp: ModelInputs, settings: SolverSettings | None = None) -> dict:
    """The optimum without eq. H10 (how the heat is made is left to the cost): one row of the table."""
    free = _with_share(inp, None)
    t0 = time.perf_counter()
    m = build_model(free)
    info = solve_model(m, settings)
    return _point(m, free, info, math.nan, time.perf_counter() - t0)


@dataclass
class HeatFrontier:
    """A swept electrification frontier.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per required share φ [fraction]: :data:`COLUMNS` and ``heat_<technology>_kw``; costs
        [CNY/yr], energies and CO2 per year; non-optimal points have NaN numbers.
    free : dict
        The free optimum (same columns; ``electrified_fraction`` is φ_0).
    park : str
        Scenario name, for the titles.
    timings_s : dict
        ``build``, ``points`` and ``per_point`` [s].
    """

    table: pd.DataFrame
    free: dict
    park: str = ""
    timings_s: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Everything but the table, JSON-ready."""
        return {"park": self.park, "free": {k: (None if isinstance(v, float) and math.isnan(v) else v)
                                            for k, v in self.free.items()}, "timings_s": self.timings_s}

    def write(self, folder: str | Path, plot: bool = True) -> list[Path]:
        """Write ``heat_frontier.csv`` / ``.json``, and with ``plot`` the PNG and the zh and en pages."""
        from simulator.results.write import write_json, write_text

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "heat_frontier.csv", folder / "heat_frontier.json"]
        write_text(self.table.to_csv(index=False, float_format=plain_float), paths[0])
        write_json(self.to_dict(), paths[1])
        if plot:  # matplotlib and the templates only when asked for
            from simulator.outputs.heat_report import frontier_figure, frontier_page
            from simulator.outputs.html import CSS
            from simulator.outputs.plots import save_figures

            paths += save_figures({"heat_frontier": frontier_figure(self.table, self.free, "en")}, folder)
            for lang in ("zh", "en"):
                path = folder / f"heat_frontier_{lang}.html"
                write_text(frontier_page(self.table, self.free, self.park, lang, CSS), path)
                paths.append(path)
        return paths


def default_shares(free_share: float, n_points: int = 6) -> list[float]:
    """n_points shares from the free optimum's φ_0 to 1, evenly spaced [fraction]."""
    if n_points < 2:
        raise ValueError("at least two points")
    return [float(x) for x in np.linspace(min(max(free_share, 0.0), 1.0), 1.0, n_points)]


def electrification_sweep(inp: ModelInputs, shares: list[float] | None = None, settings: SolverSettings | None = None,
                          n_points: int = 6, park: str = "", progress=None) -> HeatFrontier:
    """Size the park at each required electrified share of heat.

    Parameters
    ----------
    inp : ModelInputs
        Inputs of a park with ``[heat]`` (:func:`simulator.studies.frontier.prepare_inputs`).
    shares : list of float, optional
        Required shares φ in [0, 1], solved in this order; None = ``n_points`` from the free optimum's
        share to 1.
    settings : SolverSettings, optional
    n_points : int
        Points of the default range.
    park : str
        Name for the titles.
    progress : callable, optional
        Called with (i, n, φ) before each point.

    Raises
    ------
    InputError
        No ``[heat]`` section, no electric heat technology, or a share outside [0, 1].
    """
    if inp.heat is None:
        raise InputError(InputIssue("scenario", "heat", None, "a [heat] section (the frontier sweeps its "
                                    "electrified share)"))
    if not any(j.electric and j.heating for j in inp.heat.technologies):
        raise InputError(InputIssue("scenario", "heat.technologies", "no electric kind",
                                    "an electric_boiler or heat_pump to electrify the heat with"))
    bad = [x for x in shares or [] if not 0.0 <= x <= 1.0]
    if bad:
        raise InputError(InputIssue("command line", "--heat", bad, "shares within 0 and 1"))
    settings = settings or SolverSettings()
    free = free_optimum(inp, settings)
    if free["status"] != "optimal":
        raise InputError(InputIssue("scenario", "heat", free["status"], "a feasible park without the "
                                    "electrification constraint (run it with zcpark run first)"))
    shares = shares if shares is not None else default_shares(free["electrified_fraction"], n_points)
    note = progress or (lambda *_: None)
    t0 = time.perf_counter()
    swept = _with_share(inp, 0.5)
    m = build_model(swept)
    line = ParametricModel(m, m.heat_electrified_min_fraction, settings, (0.5, 2.0))
    build_s = time.perf_counter() - t0
    warm = replace(settings, method="simplex")
    rows = []
    t1 = time.perf_counter()
    for i, phi in enumerate(shares):
        note(i, len(shares), phi)
        t_point = time.perf_counter()
        m.heat_electrified_min_fraction = float(phi)
        line.set_value(phi)
        info = line.direct.solve(settings if i == 0 else warm)
        rows.append(_point(m, _with_share(inp, phi), info, phi, time.perf_counter() - t_point))
    points_s = time.perf_counter() - t1
    columns = COLUMNS + [f"heat_{j.name}_kw" for j in inp.heat.technologies]
    table = pd.DataFrame(rows, columns=columns)
    table["cost_above_free_cny_per_yr"] = table["cost_cny_per_yr"] - free["cost_cny_per_yr"]
    free["cost_above_free_cny_per_yr"] = 0.0
    return HeatFrontier(table, free, park, {"build": build_s, "points": points_s,
                                            "per_point": points_s / max(1, len(shares))})
