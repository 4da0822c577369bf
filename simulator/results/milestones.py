"""Staged load growth (以荷定源 over time): the multi-period plan of a scenario and its results.

The model (eq. M1-M4) is built by :mod:`simulator.model.milestones`; this module builds each milestone
year's inputs, solves (from the typical-period plan where it applies) and reports capacities, builds and
each period's ratios, compliance and cost.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd
import pyomo.environ as pyo
from pyomo.common.collections import ComponentMap

from simulator.data import default
from simulator.errors import InputError, InputIssue, SolverError
from simulator.model.heat import heat_design
from simulator.model.milestones import build_milestone_model
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.reduction import reduce_inputs
from simulator.model.solve import SolverSettings, solve_model
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from simulator.model.warm import solve_from_design
from simulator.model.screening import capacity_vars, read_capacities, warm_start_applies


@dataclass
class MilestonePlan:
    """Outcome of the multi-period sizing.

    Attributes
    ----------
    milestones : list of int
    end_year : int
    status : str
    capacity : list of dict
        Installed capacities at each milestone (output-contract names) [kW, kWh].
    build : list of dict
        What is built at each milestone (difference to the previous one) [kW, kWh].
    periods : list of dict
        Per milestone: year, load_kwh, green-share threshold, ratios, compliance, annual cost.
    present_value_cny : float or None
        Objective (M3) [CNY, present value at the first milestone].
    warm_start : dict or None
        With start designs: whether the solve started from them (``SolveInfo.warm_start``).
    """

    milestones: list
    end_year: int
    status: str
    capacity: list
    build: list
    periods: list
    present_value_cny: float | None
    investment_pv_cny: float | None
    operation_pv_cny: float | None
    method: str
    build_s: float
    solve_s: float
    discount: dict
    warm_start: dict | None = None

    def as_dict(self) -> dict:
        """JSON-ready block (the ``milestones`` key of summary.json)."""
        return {"milestones": self.milestones, "end_year": self.end_year, "status": self.status,
                "method": self.method, "capacity": self.capacity, "build": self.build, "periods": self.periods,
                "present_value_cny": self.present_value_cny, "investment_pv_cny": self.investment_pv_cny,
                "operation_pv_cny": self.operation_pv_cny, "discount": self.discount,
                "build_s": self.build_s, "solve_s": self.solve_s, "warm_start": self.warm_start}


def plan_milestones(inputs: list[ModelInputs], milestones: list[int], end_year: int, discount_rate: float,
                    settings: SolverSettings | None = None, indexes: list[pd.DatetimeIndex] | None = None,
                    typical_periods: int | None = None, period_hours: int = 24,
                    start: list[dict] | None = None, scenario=None) -> MilestonePlan:
    """Solve the multi-period sizing (eq. M1-M4).

    Parameters
    ----------
    inputs : list of ModelInputs
        One per milestone (full horizons), with that year's load, thresholds and prices.
    milestones : list of int
        The milestone years, increasing.
    end_year : int
        Last year of the planning horizon (>= the last milestone).
    discount_rate : float
        r [1/yr].
    indexes : list of pandas.DatetimeIndex, optional
        Each milestone's index: needed for per-period results on full horizons and for typical periods.
    typical_periods : int, optional
        Cluster each milestone's year into K typical periods (medoids); per-period ratios are then not
        reported here (check each milestone's capacities with a full-year run).
    start : list of dict, optional
        One design per milestone to start the solve from (``gen:<name>`` [kW], ``storage_kwh``,
        ``storage_kw``; e.g. each period's ``design`` of a typical-period plan): primal simplex moves them
        to the optimum (:func:`simulator.model.warm.solve_from_design`); same optimum.
    scenario : Scenario, optional
        For the technology of each ``[[storage.types]]`` entry (its fade defaults); None = the ``[storage]``
        fade for every store.
    """
    method = "full_years"
    if typical_periods is not None:
        if indexes is None:
            raise ValueError("typical periods need the indexes")
        inputs = [reduce_inputs(inp, idx, typical_periods, period_hours, "medoid") for inp, idx in zip(inputs, indexes)]
        method = "typical_periods"
    t0 = time.perf_counter()
    m = build_milestone_model(inputs, list(milestones), end_year, discount_rate)
    t1 = time.perf_counter()
    if start:
        if len(start) != len(m.periods):
            raise ValueError(f"{len(start)} start designs for {len(m.periods)} milestones")
        design = ComponentMap()
        for block, capacities in zip(m.periods, start):
            design.update(capacity_vars(block, capacities))
        info = solve_from_design(m, design, settings or SolverSettings())
    else:
        info = solve_model(m, settings or SolverSettings())
    if info.status != "optimal":
        if info.status not in ("infeasible", "infeasible_or_unbounded"):
            raise SolverError(f"the milestone sizing ended {info.status} ({info.termination})")
        return MilestonePlan(list(milestones), end_year, info.status, [], [], [], None, None, None, method,
                             t1 - t0, info.solve_s, m.discount)
    capacity, build, periods = [], [], []
    previous = None
    for p, (inp, b) in enumerate(zip(inputs, m.periods)):
        cap = extract_capacities(b, inp)
        capacity.append(cap)
        if previous is None:
            existing = {"pv_kw": sum(g.existing_kw for g in inp.generators if g.kind == "pv"),
                        "wind_kw": sum(g.existing_kw for g in inp.generators if g.kind == "wind"),
                        "storage_kwh": sum(st.existing_kwh for st in inp.stores),
                        "storage_kw": sum(st.existing_kw for st in inp.stores)}
        else:
            existing = previous
        keys = ["pv_kw", "wind_kw", "storage_kwh", "storage_kw"]
        if inp.heat is not None:  # heat technologies and stores grow too (model.heat.grow_heat_capacities)
            keys += [k for k in cap if k.startswith("heat_")]
            if previous is None:
                existing.update({f"heat_{j.name}_kw": j.existing_kw for j in inp.heat.technologies})
                existing.update({f"heat_storage_{s.name}_kwh": s.existing_kwh for s in inp.heat.storages})
        build.append({k: cap[k] - existing.get(k, 0.0) for k in keys})
        previous = cap
        row = {"year": int(milestones[p]), "green_share_min_fraction": inp.policy.green_share_min_fraction,
               "load_kwh": float((inp.load_kw * inp.weights).sum() * inp.dt_h),
               "annual_cost_cny_per_yr": float(pyo.value(sum(b.cost_terms.values()))),
               "design": {**read_capacities(b), **(heat_design(b) if inp.heat is not None else {})}}
        if method == "full_years" and indexes is not None:
            hourly = extract_hourly(b, inp, indexes[p])
            purchase = extract_green_purchase_kwh(b)
            energy = kpi.energy_totals(hourly, inp.dt_h)
            row["ratios"] = kpi.ratios(energy, inp.policy.available_basis)
            row["compliance"] = kpi.compliance(inp, energy, purchase)
        periods.append(row)
    from simulator.results.degradation import milestone_storage_health  # fade and augmentation (docs/storage.md)

    health, augmentation_pv = milestone_storage_health(inputs, list(m.periods), capacity, list(milestones), scenario,
                                                       m.discount["operating_years_discounted"])
    for row, extra in zip(periods, health):
        row.update(extra)
    m.discount = {**m.discount, "augmentation_pv_cny": augmentation_pv}
    return MilestonePlan(list(milestones), end_year, "optimal", capacity, build, periods,
                         float(info.objective_cny_per_yr), float(pyo.value(m.investment_pv_cny)),
                         float(pyo.value(m.operation_pv_cny)), method, t1 - t0, info.solve_s, m.discount,
                         info.warm_start)


def cost_factor(kind: str, year: int, base_year: int) -> float:
    """Price multiplier (1 + c)^(year − base_year) with c from data/defaults.toml [planning] (tag U)."""
    change = float(default(f"planning.{kind}_capex_change_per_yr_fraction"))
    return (1.0 + change) ** (year - base_year)


def milestone_scenario(scenario, year: int, base_year: int, cost_trends: bool = True):
    """The scenario as it stands in a milestone year: ``park.year`` moved (and ``park.start`` with it),
    capex of PV, wind and storage scaled by :func:`cost_factor` relative to ``base_year``."""
    park = scenario.park.model_dump()
    park["year"] = year
    if park.get("start"):
        park["start"] = f"{year}{park['start'][4:]}"
    update = {"park": scenario.park.model_validate(park)}
    if cost_trends:
        pv = scenario.pv.model_dump()
        f = cost_factor("pv", year, base_year)
        pv["capex_cny_per_kw"] *= f
        for t in pv.get("types") or []:
            if t.get("capex_cny_per_kw") is not None:
                t["capex_cny_per_kw"] *= f
        wind = scenario.wind.model_dump()
        wind["capex_cny_per_kw"] *= cost_factor("wind", year, base_year)
        st = scenario.storage.model_dump()
        fs = cost_factor("storage", year, base_year)
        st["energy_capex_cny_per_kwh"] *= fs
        st["power_capex_cny_per_kw"] *= fs
        for t, typ in zip(st.get("types") or [], scenario.storage.types):  # each type's own capex, as resolved
            values = typ.resolved(scenario.storage)
            t["energy_capex_cny_per_kwh"] = values["energy_capex_cny_per_kwh"] * fs
            t["power_capex_cny_per_kw"] = values["power_capex_cny_per_kw"] * fs
        update.update(pv=scenario.pv.model_validate(pv), wind=scenario.wind.model_validate(wind),
                      storage=scenario.storage.model_validate(st))
    return scenario.model_copy(update=update)


def scenario_milestones(scenario, settings: SolverSettings | None = None) -> MilestonePlan:
    """Multi-period sizing of a scenario with a ``[planning]`` section (full years unless the scenario's
    ``solver.time_reduction`` is ``typical_periods``)."""
    from simulator.inputs.assemble import model_inputs
    from simulator.model.solve import solver_settings
    from simulator.inputs.resource import build_resource
    from simulator.inputs.load import scenario_load
    from simulator.inputs.timegrid import scenario_index

    from simulator.inputs.hydrogen import refuse_hydrogen

    refuse_hydrogen(scenario, "the milestone model links only PV, wind and storage capacities between "
                              "milestones; the hydrogen chain is not modelled over milestones yet")
    plan = scenario.planning
    if plan is None:
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), "planning", None,
                                    "a [planning] section with milestones = [year, ...] (the milestone years "
                                    "to size over)"))
    from simulator.inputs.sites import refuse_sites

    refuse_sites(scenario, "the milestone model")
    years = list(plan.milestones)
    end = plan.end_year if plan.end_year is not None else years[-1] + int(default("planning.last_period_years")) - 1
    inputs, indexes = [], []
    for y in years:
        variant = milestone_scenario(scenario, y, years[0], plan.cost_trends)
        index = scenario_index(variant)
        load_kw, park_load = scenario_load(variant, index)
        resource = build_resource(variant, index)
        inputs.append(model_inputs(variant, load_kw, resource.availability, park_load))
        indexes.append(index)
    solver = scenario.solver
    settings = settings or solver_settings(scenario)
    tp = solver.typical_periods if solver.time_reduction == "typical_periods" else None
    start = None
    if tp is None and warm_start_applies(inputs[0], solver):
        # full years: start from the typical-period plan (same optimum; [solver] warm_start)
        pre = plan_milestones(inputs, years, end, scenario.finance.discount_rate_fraction, settings, indexes,
                              solver.typical_periods, solver.period_hours)
        start = [period["design"] for period in pre.periods] if pre.status == "optimal" else None
    return plan_milestones(inputs, years, end, scenario.finance.discount_rate_fraction, settings, indexes, tp,
                           solver.period_hours, start, scenario)
