"""Typical periods for fast screening: cluster the year's days with tsam, keep their real sequence.

The reduced :class:`ModelInputs` has K typical periods of H steps each, ordered cluster by cluster; each
step carries the weight w_t = number of real periods its cluster stands for, and ``periods.sequence``
keeps the calendar order so that storage can carry energy across periods (eq. 26-29). Typical periods
are medoids: real days, so availabilities stay within 0..1 and prices are real tariff days.
"""
from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import tsam

from simulator.inputs.model_inputs import FlexibleInput, ModelInputs, PeriodStructure


def reduce_inputs(inp: ModelInputs, index: pd.DatetimeIndex, n_periods: int = 12,
                  period_hours: int = 24, representation: str = "medoid",
                  extra_periods: tuple | list = ()) -> ModelInputs:
    """Cluster the horizon into typical periods.

    Parameters
    ----------
    inp : ModelInputs
        Full-horizon inputs (one real sequence of steps).
    index : pandas.DatetimeIndex
        The steps' time stamps.
    n_periods : int
        K, number of typical periods (clusters), the ``extra_periods`` not counted.
    period_hours : int
        Length of a period [h]; the horizon must be a whole number of periods.
    representation : str
        tsam representation: ``medoid`` (a real period: default), ``mean``, ``distribution`` or
        ``distribution_minmax`` (synthetic periods whose values stay within the data's range).
    extra_periods : sequence of int
        Real periods (0-based, calendar order) kept as periods of their own, with their own numbers and
        weight 1, after the K clusters: e.g. the days a design's connection is short on over the real year
        (:func:`simulator.model.screening.size_with_peak_periods`). They are taken out before the other
        periods are clustered (into at most as many clusters as periods are left).

    Returns
    -------
    ModelInputs
        With ``step_weight`` and ``periods`` set; costs and rule sums keep their yearly meaning.
    """
    steps_per_period = int(round(period_hours / inp.dt_h))
    if inp.n_steps % steps_per_period:
        raise ValueError(f"the horizon ({inp.n_steps} steps) is not a whole number of {period_hours} h periods")
    n_real = inp.n_steps // steps_per_period
    if not 1 <= n_periods <= n_real:
        raise ValueError(f"typical periods must be between 1 and {n_real}")
    extra = sorted({int(d) for d in extra_periods})
    if extra and not 0 <= extra[0] <= extra[-1] < n_real:
        raise ValueError(f"extra periods must be between 0 and {n_real - 1}")
    columns = {"load": inp.load_kw}
    for g in inp.generators:
        columns[f"avail_{g.name}"] = g.availability
    columns["import_price"] = inp.grid.import_price_cny_per_kwh
    heat = getattr(inp, "heat", None)
    for c in (heat.carriers if heat is not None else []):  # process heat demand per carrier (eq. H1)
        columns[f"heat_{c}"] = np.asarray(heat.demand_kw[c], dtype=float)
    for j in (heat.technologies if heat is not None else []):  # free cooling by outdoor temperature (eq. C1)
        if j.availability is not None:
            columns[f"heat_avail_{j.name}"] = np.asarray(j.availability, dtype=float)
    hydrogen = getattr(inp, "hydrogen", None)
    if hydrogen is not None:  # hydrogen demand [kg/h] (eq. Y3)
        columns["h2_demand"] = np.asarray(hydrogen.demand_kg_per_h, dtype=float)
    frame = pd.DataFrame(columns, index=index.tz_localize(None))
    scale = frame.abs().max().replace(0, 1.0)
    # the extra periods are taken out before clustering: the clusters' representatives stand for the
    # other periods only (a representative that still held a peak day would count it twice)
    rest = np.setdiff1d(np.arange(n_real), extra).astype(int)
    if rest.size == 0:
        raise ValueError("at least one period must be left to cluster besides the extra periods")
    rows = (rest[:, None] * steps_per_period + np.arange(steps_per_period)).ravel()
    clustered = frame.iloc[rows].set_axis(pd.date_range(frame.index[0], periods=rows.size,
                                                        freq=pd.Timedelta(hours=inp.dt_h)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = tsam.aggregate(clustered / scale, min(n_periods, int(rest.size)), period_duration=period_hours,
                                temporal_resolution=inp.dt_h,
                                cluster=tsam.ClusterConfig(method="hierarchical", representation=representation),
                                preserve_column_means=False)
    assignment = np.full(n_real, -1, dtype=int)  # -1: an extra period
    assignment[rest] = np.asarray(result.cluster_assignments, dtype=int)
    counts = pd.Series(result.cluster_counts).sort_index()
    clusters = counts.index.to_numpy(dtype=int)
    # tsam's representatives: one row per (cluster, step), read by position (a .loc per cluster and series was
    # half of this function's time)
    reps = result.cluster_representatives
    rep_values = reps.to_numpy(dtype=float)
    rep_cluster = reps.index.get_level_values(0)
    rep_rows = {k: np.nonzero(rep_cluster == k)[0] for k in clusters}
    # each cluster's medoid is a real period: take that period's own numbers from the full inputs
    medoid = {}
    for k in clusters:
        members = np.nonzero(assignment == k)[0]
        target = rep_values[rep_rows[k], reps.columns.get_loc("load")] * scale["load"]
        errors = [np.abs(inp.load_kw[d * steps_per_period:(d + 1) * steps_per_period] - target).sum()
                  for d in members]
        medoid[k] = int(members[int(np.argmin(errors))])
    periods = [medoid[k] for k in clusters] + extra  # the real period each modelled period is taken from
    take = np.concatenate([np.arange(d * steps_per_period, (d + 1) * steps_per_period) for d in periods])
    remap = {int(k): i for i, k in enumerate(clusters)}
    sequence = np.array([remap.get(int(k), -1) for k in assignment])  # -1: an extra period, set below
    sequence[extra] = len(clusters) + np.arange(len(extra))
    weight = np.repeat(np.concatenate([counts.to_numpy(dtype=float), np.ones(len(extra))]), steps_per_period)
    n_own = len(extra) * steps_per_period

    def series(name: str, full: np.ndarray) -> np.ndarray:
        """The typical periods' values: the medoid's own numbers, or tsam's representative (the extra
        periods always their own numbers)."""
        if representation == "medoid":
            return np.asarray(full)[take]
        column = reps.columns.get_loc(name)
        return np.concatenate([rep_values[rep_rows[k], column] * scale[name] for k in clusters]
                              + [np.asarray(full)[take[len(take) - n_own:]]])

    gens = []
    for g in inp.generators:
        values = series(f"avail_{g.name}", g.availability)
        if values.min() < -1e-9 or values.max() > 1 + 1e-9:
            raise ValueError(f"typical-period availability of {g.name} leaves 0..1 "
                             f"({values.min():.4f}..{values.max():.4f}); use representation 'medoid'")
        gens.append(dataclasses.replace(g, availability=np.clip(values, 0.0, 1.0)))  # rounding noise only
    grid = inp.grid
    export = np.asarray(grid.export_price_cny_per_kwh)
    # an export price series (grid.export_price_csv) keeps each step's own pair of import and export
    # prices, so that export stays below import as in the full inputs (a representative import price
    # could fall below the medoid's export price)
    paired = bool(np.ptp(export) > 0) if export.size else False
    grid = dataclasses.replace(
        grid, import_price_cny_per_kwh=(np.asarray(grid.import_price_cny_per_kwh)[take] if paired
                                        else series("import_price", grid.import_price_cny_per_kwh)),
        export_price_cny_per_kwh=export[take],
        month_of_step=None if grid.month_of_step is None else np.asarray(grid.month_of_step)[take])
    flexible = None
    if inp.flexible is not None:
        fl = inp.flexible
        flexible = FlexibleInput(fl.down_max_kw[take], fl.up_max_kw[take],
                                 np.repeat(np.arange(len(periods)), steps_per_period))
    if heat is not None:
        techs = [j if j.availability is None else dataclasses.replace(
            j, availability=np.clip(series(f"heat_avail_{j.name}", j.availability), 0.0, 1.0))
            for j in heat.technologies]
        heat = dataclasses.replace(heat, demand_kw={c: np.maximum(series(f"heat_{c}", heat.demand_kw[c]), 0.0)
                                                    for c in heat.carriers}, technologies=techs)
    policy = inp.policy
    if getattr(policy, "green_certificate_price_series_cny_per_kwh", None) is not None:  # eq. 17a: the medoid's prices
        policy = dataclasses.replace(policy, green_certificate_price_series_cny_per_kwh=np.asarray(
            policy.green_certificate_price_series_cny_per_kwh)[take])
    if hydrogen is not None:
        hydrogen = dataclasses.replace(hydrogen, demand_kg_per_h=np.maximum(
            series("h2_demand", hydrogen.demand_kg_per_h), 0.0))
    labels = dict(inp.labels)
    labels["timestamps"] = list(map(str, index[take]))
    if "tou_band" in labels:
        labels["tou_band"] = np.asarray(labels["tou_band"])[take]
    labels["typical_period_medoids"] = [str(index[medoid[k] * steps_per_period].date()) for k in clusters]
    labels["peak_period_dates"] = [str(index[d * steps_per_period].date()) for d in extra]
    return dataclasses.replace(
        inp, load_kw=series("load", inp.load_kw), generators=gens, grid=grid, flexible=flexible, labels=labels,
        step_weight=weight, heat=heat, policy=policy, hydrogen=hydrogen,
        periods=PeriodStructure(steps_per_period, len(periods), sequence))


def peak_periods(inp: ModelInputs, capacities: dict, period_steps: int, n: int, exclude=()) -> list:
    """Real periods where a design's residual load stands highest above its connection.

    With the design's generator capacities C_g and connection M, the residual load is
    r_t = L_t − Σ_g a_g,t C_g [kW] and a period's excess e_d = Δt Σ_{t ∈ d} max(0, r_t − M) [kWh]: the
    energy storage would have to supply that period to keep the import within M. Typical periods smooth
    the year's worst periods out, so that a design sized on them may need a larger connection over the
    real year (its capacity charge is paid on the year's peak).

    Parameters
    ----------
    inp : ModelInputs
        Full-horizon inputs.
    capacities : dict
        ``gen:<name>`` [kW] and ``connection_kw`` [kW] (:func:`simulator.model.screening.read_capacities`).
    period_steps : int
        Steps per period.
    n : int
        At most this many periods.
    exclude : iterable of int
        Periods not to return (already periods of their own).

    Returns
    -------
    list of int
        Up to ``n`` periods (0-based) with e_d > 0, largest excess first.
    """
    residual = np.asarray(inp.load_kw, dtype=float).copy()
    for g in inp.generators:
        residual -= np.asarray(g.availability, dtype=float) * capacities.get(f"gen:{g.name}", 0.0)
    excess = inp.dt_h * np.maximum(residual - capacities.get("connection_kw", 0.0), 0.0)
    per_period = excess[: len(excess) // period_steps * period_steps].reshape(-1, period_steps).sum(axis=1)
    skip = {int(d) for d in exclude}
    order = [int(d) for d in np.argsort(-per_period, kind="stable") if per_period[d] > 0 and int(d) not in skip]
    return order[:n]
