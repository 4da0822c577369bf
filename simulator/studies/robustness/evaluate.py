"""Evaluate one fixed design across N weather years.

For each year the sizing model is built with elastic rules (``build_model(inp, elastic=True)``) and the
generator and storage capacities are fixed (``simulator.model.screening.fix_capacities``): the LP then only
dispatches, a rule the design misses in a dry year is measured as a shortfall instead of making the
model infeasible, and the penalty on rule slack makes the dispatch meet the rules as far as the design
allows. The declared connection capacity stays free, as in the screening re-run (the year's dispatch
declares what it needs; its value is reported per year).

Every number is recomputed from the hourly results (``simulator.results.kpi``). Statistics over the
years: min, mean, max, P50 and P90, where P90 is the value that 90 % of the years do at least as well
as (the 10th percentile of a ratio that should be high, the 90th percentile of a cost, curtailment or
unserved energy). Percentiles interpolate linearly between years; with few years they are coarse.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from simulator.errors import SolverError
from simulator.model import build_model, solve_model
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.policy import active_rules
from simulator.model.solve import SolverSettings, dispatch_settings
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from simulator.studies.robustness.stress import dry_stress
from simulator.model.heat import fix_heat_capacities, heat_design_from_capacity
from simulator.model.screening import fix_capacities

logger = logging.getLogger(__name__)

#: metric -> True when higher is better (decides which tail P90 takes)
METRICS = {
    "green_share": True, "self_consumption": True, "feed_in": False, "curtailment": False,
    "cost_total_cny_per_yr": False, "re_available_kwh": True, "curtailed_kwh": False, "unserved_kwh": False,
    "import_kwh": False, "grid_connection_kw": False,
}


@dataclass
class YearOutcome:
    """The design's dispatch in one weather year (numbers recomputed from ``hourly``)."""

    label: str
    capacity: dict
    energy: dict
    ratios: dict
    cost: dict
    compliance: list
    rule_shortfall_kwh: dict
    monthly_green_share: dict
    worst_week: dict
    stress: dict
    hourly: pd.DataFrame | None = field(default=None, repr=False)
    solve_s: float = 0.0

    def row(self) -> dict:
        """Flat per-year record for tables."""
        out = {"year": self.label}
        out.update({k: self.ratios[k] for k in ("green_share", "self_consumption", "feed_in", "curtailment")})
        out["cost_total_cny_per_yr"] = self.cost["total"]
        for key in ("re_available_kwh", "curtailed_kwh", "unserved_kwh", "import_kwh"):
            out[key] = self.energy[key]
        out["grid_connection_kw"] = self.capacity["grid_connection_kw"]
        out.update({f"ok:{r['rule']}": bool(r["ok"]) for r in self.compliance})
        return out


def design_keys(capacity: dict, inp: ModelInputs) -> dict:
    """Contract capacities (``pv_kw``, ``pv_<type>_kw``, ``wind_kw``, ``storage_kwh``, ``storage_kw``) as
    the keys of :func:`simulator.model.screening.fix_capacities` (``gen:<name>``, ``storage_kwh``, ``storage_kw``)."""
    out = {}
    for g in inp.generators:
        key = f"{g.name}_kw" if g.name != g.kind else f"{g.kind}_kw"
        if key not in capacity:
            raise ValueError(f"the design has no capacity '{key}' for generator {g.name}")
        out[f"gen:{g.name}"] = float(capacity[key])
    for st in inp.stores:  # storage_kwh / storage_kw, or storage_<name>_kwh / _kw per technology
        prefix = "storage" if st.name == "storage" else f"storage_{st.name}"
        for key in (f"{prefix}_kwh", f"{prefix}_kw"):
            if key not in capacity and prefix != "storage":
                raise ValueError(f"the design has no capacity '{key}' for storage {st.name}")
            out[key] = float(capacity.get(key, 0.0))
    out.update(heat_design_from_capacity(capacity, inp))  # heat technologies and stores, fixed as well
    return out


def _green_by_period(hourly: pd.DataFrame, dt_h: float) -> tuple[dict, dict]:
    """Monthly green share and the worst rolling 7-day window of one year."""
    sc = (hourly["load_kw"] - hourly["import_kw"] - hourly["unserved_kw"]) * dt_h
    load = hourly["load_kw"] * dt_h
    by_month = pd.DataFrame({"sc": sc, "load": load}).groupby(hourly.index.month).sum()
    monthly = {int(mo): float(r.sc / r.load) if r.load > 0 else None for mo, r in by_month.iterrows()}
    daily = pd.DataFrame({"sc": sc, "load": load}).groupby(hourly.index.normalize()).sum()
    days = min(7, len(daily))
    window = daily.rolling(days).sum().dropna()
    share = window["sc"] / window["load"]
    end = share.idxmin()
    week = {"start": str((end - pd.Timedelta(days=days - 1)).date()), "end": str(end.date()), "days": days,
            "green_share": float(share.min())}
    return monthly, week


def dispatch_fixed(inp: ModelInputs, design: dict, index: pd.DatetimeIndex, settings: SolverSettings | None = None,
                   label: str = "", keep_hourly: bool = False) -> YearOutcome:
    """Dispatch one year with the design's capacities fixed and elastic rules.

    Parameters
    ----------
    inp : ModelInputs
        The year's inputs (full real sequence, no typical periods).
    design : dict
        ``gen:<name>`` [kW], ``storage_kwh``, ``storage_kw`` (see :func:`design_keys`).
    index : pandas.DatetimeIndex
        The inputs' time stamps.

    Raises
    ------
    SolverError
        If the dispatch has no optimum (e.g. the connection limit cannot carry the load).
    """
    if inp.periods is not None:
        raise ValueError("evaluate on full years, not typical periods")
    m = build_model(inp, elastic=True)
    fix_capacities(m, design)
    fix_heat_capacities(m, design)
    chosen = dispatch_settings(settings or SolverSettings(), off_grid=not inp.grid.connected, heat=inp.heat is not None)
    info = solve_model(m, chosen)
    if info.status != "optimal" and chosen.method != "simplex":
        # the elastic LP always has a solution; IPX can misreport it as infeasible (Qujing, seed 2027: a 4.4 GWh
        # shortfall of the 910 direct green share, which the simplex solves): solve it once more with the simplex
        logger.warning("weather year %s: %s ended %s; solving the dispatch again with the simplex", label,
                       chosen.method, info.status)
        m = build_model(inp, elastic=True)
        fix_capacities(m, design)
        fix_heat_capacities(m, design)
        info = solve_model(m, replace(chosen, method="simplex"))
    if info.status != "optimal":
        raise SolverError(f"weather year {label}: the dispatch with the design's capacities ended {info.status} "
                          f"(check grid.max_connection_kw; with [heat]: free cooling hours differ between "
                          f"weather years, so the chillers may be too small)")
    capacity = extract_capacities(m, inp)
    hourly = extract_hourly(m, inp, index)
    purchase = extract_green_purchase_kwh(m)
    energy = kpi.energy_totals(hourly, inp.dt_h)
    energy["green_purchase_kwh"] = purchase
    ratios = kpi.ratios(energy, inp.policy.available_basis)
    cost = kpi.costs(inp, capacity, hourly, purchase)
    compliance = kpi.compliance(inp, energy, purchase)
    shortfall = {r: float(m.rule_slack_kwh[r].value or 0.0) for r in active_rules(inp)}
    monthly, week = _green_by_period(hourly, inp.dt_h)
    # η_d of the storage; with several technologies the lowest (the most energy drawn per kWh delivered)
    eta = min((st.discharge_efficiency for st in inp.stores), default=1.0)
    stress = dry_stress(hourly, inp.dt_h, inp.policy.green_share_min_fraction, eta)
    return YearOutcome(label, capacity, energy, ratios, cost, compliance, shortfall, monthly, week, stress,
                       hourly if keep_hourly else None, info.solve_s)


def percentile_p90(values: np.ndarray, higher_is_better: bool) -> float:
    """The value that 90 % of the years do at least as well as."""
    return float(np.percentile(values, 10 if higher_is_better else 90))


@dataclass
class Evaluation:
    """A design across N weather years."""

    design: dict
    years: list
    elapsed_s: float = 0.0

    def table(self) -> pd.DataFrame:
        """One row per year: ratios, cost, energies, connection and each rule's ok flag."""
        return pd.DataFrame([y.row() for y in self.years])

    def statistics(self) -> dict:
        """metric -> {min, mean, max, p50, p90, higher_is_better}."""
        table = self.table()
        out = {}
        for metric, better in METRICS.items():
            v = table[metric].to_numpy(dtype=float)
            out[metric] = {"min": float(v.min()), "mean": float(v.mean()), "max": float(v.max()),
                           "p50": float(np.percentile(v, 50)), "p90": percentile_p90(v, better),
                           "higher_is_better": better}
        return out

    def probability_met(self) -> dict:
        """rule -> share of years in which the design meets it [-]."""
        rules = [r["rule"] for r in self.years[0].compliance]
        return {r: float(np.mean([next(c["ok"] for c in y.compliance if c["rule"] == r) for y in self.years]))
                for r in rules}

    def worst_month(self) -> dict:
        """The (year, month) with the lowest green share."""
        rows = [(y.label, mo, v) for y in self.years for mo, v in y.monthly_green_share.items() if v is not None]
        label, month, value = min(rows, key=lambda r: r[2])
        return {"year": label, "month": int(month), "green_share": float(value)}

    def worst_week(self) -> dict:
        """The rolling 7-day window with the lowest green share over all years."""
        year = min(self.years, key=lambda y: y.worst_week["green_share"])
        return {"year": year.label, **year.worst_week}

    def worst_stress(self) -> dict:
        """The year with the longest low-green run (ties: the larger bridging energy)."""
        year = max(self.years, key=lambda y: (y.stress["run_days"], y.stress["bridge_to_median_kwh"]))
        return {"year": year.label, **year.stress}

    def as_dict(self) -> dict:
        """JSON-ready block (the ``robustness.evaluation`` key of summary.json)."""
        stats = self.statistics()
        return {
            "design": self.design, "n_years": len(self.years),
            "years": self.table().to_dict(orient="records"),
            "statistics": stats,
            "p50_p90": [{"metric": k, "p50": v["p50"], "p90": v["p90"]} for k, v in stats.items()],
            "probability_met": self.probability_met(),
            "rule_shortfall_kwh": {y.label: y.rule_shortfall_kwh for y in self.years},
            "monthly_green_share": {y.label: y.monthly_green_share for y in self.years},
            "worst_month": self.worst_month(), "worst_week": self.worst_week(),
            "stress": {"worst": self.worst_stress(), "by_year": {y.label: y.stress for y in self.years}},
            "elapsed_s": self.elapsed_s,
        }


def evaluate_design(inputs: list[ModelInputs], labels: list[str], index: pd.DatetimeIndex, design: dict,
                    settings: SolverSettings | None = None, keep_hourly: bool = False) -> Evaluation:
    """Dispatch a fixed design in every weather year (see the module docstring).

    Parameters
    ----------
    inputs : list of ModelInputs
        One per weather year, all on ``index``.
    labels : list of str
        A name per year.
    design : dict
        ``gen:<name>`` [kW], ``storage_kwh``, ``storage_kw``.
    """
    if len(inputs) != len(labels) or not inputs:
        raise ValueError("give one label per year and at least one year")
    start = time.perf_counter()
    years = [dispatch_fixed(inp, design, index, settings, label, keep_hourly) for inp, label in zip(inputs, labels)]
    return Evaluation(dict(design), years, time.perf_counter() - start)
