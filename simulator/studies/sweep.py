"""Cost sweeps: the optimum at several values of one cost group, on one model and one solver.

When only cost numbers change between runs, the model need not be rebuilt. The objective carries a
mutable multiplier ``m.cost_factor[group]`` for each group of :data:`simulator.model.build.COST_FACTORS`
(PV investment, wind investment, storage investment, grid energy prices) and is linear in it, so the
model is compiled once at factor 1 and once at 0 (:mod:`simulator.model.direct`), handed to one HiGHS
instance, and each point only changes the column costs (``changeColsCost``). After the first point,
dual simplex restarts from the previous optimal basis (which stays primal feasible when only costs
change; after an interior point solve crossover leaves one). ``reuse=False`` rebuilds and re-solves from scratch at every
point instead (for comparison; see ``benchmarks/bench_sweep.py``).

Each point's costs and ratios are recomputed from its hourly results with the scaled inputs
(:func:`scaled_inputs`), so the reported cost equals what a separate run of the scaled scenario
would report.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.studies.frontier import _point, parse_numbers
from simulator.errors import InputError, InputIssue, SolverError
from simulator.model import build_model, solve_model
from simulator.model.direct import DirectModel, compile_lp
from simulator.model.build import COST_FACTORS
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.solve import SolverSettings
from simulator.model.warm import solve_point
from simulator.model.screening import capacity_vars
from simulator.outputs.csv_numbers import plain_float

COLUMNS = ["factor", "status", "cost_cny_per_yr", "pv_kw", "wind_kw", "storage_kwh", "storage_kw",
           "grid_connection_kw", "self_consumption_fraction", "green_share_fraction", "feed_in_fraction",
           "curtailment_fraction", "import_kwh_per_yr", "export_kwh_per_yr", "co2_t_per_yr", "solve_s"]


def _cost_line(m, group: str, settings: SolverSettings):
    """The model compiled into a :class:`DirectModel`, and the column costs and objective constant as a
    function of the group's factor f (the objective is linear in f: c(f) = c(0) + f (c(1) − c(0))).
    """
    m.cost_factor[group] = 1.0
    direct = DirectModel(m, settings)
    c1, offset1 = direct.col_cost.copy(), direct.offset_cny_per_yr
    m.cost_factor[group] = 0.0
    lp0, columns0, offset0 = compile_lp(m)
    m.cost_factor[group] = 1.0
    if len(columns0) != len(direct.columns) or any(a is not b for a, b in zip(columns0, direct.columns)):
        raise SolverError(f"the columns of the model change with cost_factor[{group}]; rebuild per point instead")
    c0 = np.asarray(lp0.col_cost_, dtype=float)
    return direct, lambda f: (c0 + f * (c1 - c0), offset0 + f * (offset1 - offset0))


def parse_factors(text: str) -> list[float]:
    """Multipliers from ``start:stop:step`` (stop included) or a comma list ``0.6,0.8,1,1.2`` [-].

    Raises
    ------
    InputError
        When the text is not of that form, the step is not positive or a value is negative.
    """
    return parse_numbers(text, "--factors", 0.0, None, "multipliers >= 0 (e.g. 0.6:1.4:0.2)")


def scaled_inputs(inp: ModelInputs, group: str, factor: float) -> ModelInputs:
    """The inputs with cost group ``group`` multiplied by ``factor`` (what ``m.cost_factor`` does).

    Raises
    ------
    InputError
        For a group not in :data:`COST_FACTORS` or a negative factor.
    """
    if group not in COST_FACTORS:
        raise InputError(InputIssue("sweep", "cost group", group, f"one of {', '.join(COST_FACTORS)}"))
    if not factor >= 0:
        raise InputError(InputIssue("sweep", f"{group} factor", factor, "a number >= 0"))
    if group in ("pv_capex", "wind_capex"):
        kind = group.split("_")[0]
        gens = [replace(g, capex_cny_per_kw=g.capex_cny_per_kw * factor) if g.kind == kind else g
                for g in inp.generators]
        return replace(inp, generators=gens)
    if group == "storage_capex":
        scaled = lambda st: replace(st, energy_capex_cny_per_kwh=st.energy_capex_cny_per_kwh * factor,  # noqa: E731
                                    power_capex_cny_per_kw=st.power_capex_cny_per_kw * factor)
        return replace(inp, storage=None if inp.storage is None else scaled(inp.storage),
                       storage_types=[scaled(st) for st in inp.storage_types])
    grid = inp.grid
    return replace(inp, grid=replace(grid, import_price_cny_per_kwh=grid.import_price_cny_per_kwh * factor,
                                     export_price_cny_per_kwh=grid.export_price_cny_per_kwh * factor))


@dataclass
class CostSweep:
    """Result of :func:`cost_sweep`.

    Attributes
    ----------
    group : str
    table : DataFrame
        One row per factor (columns :data:`COLUMNS`): status, annual cost [CNY/yr], capacities
        [kW, kWh], 650号 ratios [fraction], energy [kWh/yr], CO2 [t/yr], solve time [s].
    timings_s : dict
        ``build`` (once, or 0 when rebuilding per point), ``points`` (all points), ``per_point``.
    reuse : bool
    started_from_design : bool
        The first point was warm-started from the given design (``start``) and handed its basis on.
    """

    group: str
    table: pd.DataFrame
    timings_s: dict
    reuse: bool
    started_from_design: bool = False

    def write(self, folder: str | Path) -> Path:
        """Write ``sweep_<group>.csv`` into ``folder`` (created if needed); returns its path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"sweep_{self.group}.csv"
        tmp = path.with_suffix(".csv.tmp")
        self.table.to_csv(tmp, index=False, float_format=plain_float)
        tmp.replace(path)
        return path

    def write_pages(self, folder: str | Path, scenario: str = "") -> list[Path]:
        """Write the page ``sweep_<group>_zh.html`` / ``_en.html`` (:mod:`simulator.outputs.study_pages`)."""
        from simulator.outputs.study_pages import sweep_page, write_pages

        return write_pages(lambda lang: sweep_page(self.table, self.group, scenario, lang), folder, f"sweep_{self.group}")


def cost_sweep(inp: ModelInputs, group: str, factors: list[float], settings: SolverSettings | None = None,
               reuse: bool = True, progress=None, warm_method: str | None = "simplex",
               start: dict | None = None) -> CostSweep:
    """Size the park at each multiplier of one cost group.

    Parameters
    ----------
    inp : ModelInputs
        The base case (factor 1).
    group : str
        One of :data:`COST_FACTORS`.
    factors : list of float
        Multipliers [-] of the group's costs, solved in this order.
    settings : SolverSettings, optional
        For the first point (and every point without ``reuse``).
    reuse : bool
        Build and compile once, change only the column costs between points (default); False rebuilds
        every point.
    progress : callable, optional
        Called with (i, n, factor) before each point.
    warm_method : str or None
        With ``reuse``, the HiGHS method of the points after the first: ``"simplex"`` (default) restarts
        dual simplex from the previous optimal basis (left by crossover after an interior point solve);
        None keeps ``settings.method`` (an interior point method then starts afresh at every point).
    start : dict, optional
        With ``reuse``, capacities to start the first point from (``gen:<name>`` [kW], ``storage_kwh``,
        ``storage_kw``; e.g. :func:`simulator.model.screening.start_design`): the first point is solved by
        :func:`simulator.model.warm.solve_from_design_basis` and the reused instance restarts from its
        optimal basis. Same optimum, several times faster on a full year.

    Returns
    -------
    CostSweep
    """
    for f in factors:
        scaled_inputs(inp, group, f)  # validates group and factors before any solve
    note = progress or (lambda *_: None)
    rows = []
    settings = settings or SolverSettings()
    warm = replace(settings, method=warm_method) if warm_method else settings
    t0 = time.perf_counter()
    if reuse:
        m = build_model(inp)
        direct, cost_at = _cost_line(m, group, settings)
        design = capacity_vars(m, start) if start else None
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    started = False
    for i, factor in enumerate(factors):
        note(i, len(factors), factor)
        t_point = time.perf_counter()
        point_inp = scaled_inputs(inp, group, factor)
        if reuse:
            m.cost_factor[group] = float(factor)
            direct.set_costs(*cost_at(float(factor)))
            info, from_design = solve_point(direct, i == 0, design, settings, warm)
            started = started or from_design
            model = m
        else:
            model = build_model(point_inp)
            info = solve_model(model, settings)
        row = _point(model, point_inp, info, float("nan"), time.perf_counter() - t_point)
        row.pop("threshold_fraction")
        row["factor"] = float(factor)
        rows.append(row)
    points_s = time.perf_counter() - t1
    table = pd.DataFrame(rows)[COLUMNS]
    return CostSweep(group, table, {"build": build_s, "points": points_s,
                                    "per_point": points_s / max(1, len(factors))}, reuse, started)


__all__ = ["COLUMNS", "CostSweep", "cost_sweep", "parse_factors", "scaled_inputs"]
