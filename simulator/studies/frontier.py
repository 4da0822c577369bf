"""Cost-of-green frontier: size the system at each value of one rule's threshold.

The model is built and compiled once; each point changes only the mutable threshold
``m.rule_threshold_fraction[rule]`` (simulator/model/policy.py): the compiled LP is affine in it, so
one HiGHS instance receives only the changed matrix entries and row bounds
(:class:`simulator.model.parametric.ParametricModel`) and restarts from the previous basis. The first
point can start from a typical-day design (``start``). ``reuse=False`` rebuilds the model and the
solver at every point instead (for comparison; see benchmarks/bench_frontier.py).

Beside the sweep the frontier reports

- the *unconstrained* optimum: the same model with the swept rule switched off (other rules stay);
  where the rule is slack the frontier equals it;
- the business-as-usual twin (grid only, :mod:`simulator.results.baseline`);
- optionally the off-grid variant of the park (no exchange with the public grid, 100 % green): where
  the frontier rises above its cost, off-grid would be the cheaper way to reach that share.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.results.baseline import baseline_summary
from simulator.data import default
from simulator.errors import InputError, InputIssue
from simulator.model import build_model, solve_model
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.parametric import ParametricModel
from simulator.model.policy import RULE_NAMES, active_rules
from simulator.model.solve import SolverSettings
from simulator.model.warm import solve_from_design, solve_point
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly
from simulator.model.screening import capacity_vars
from simulator.outputs.csv_numbers import plain_float

#: short names accepted on the command line -> compliance-table rule names
RULE_ALIASES = {
    "self_consumption": "650_self_consumption",
    "green_share": "650_green_share",
    "feed_in": "650_feed_in",
    "unserved": "off_grid_unserved",
    "direct_green_share": "910_direct_green_share",
    "clean_share": "910_clean_share",
}

#: PolicyInput field holding each rule's threshold
THRESHOLD_FIELD = {
    "650_self_consumption": "self_consumption_min_fraction",
    "650_green_share": "green_share_min_fraction",
    "650_feed_in": "feed_in_max_fraction",
    "off_grid_unserved": "unserved_max_fraction",
    "910_direct_green_share": "zero_carbon_direct_green_min_fraction",
    "910_clean_share": "zero_carbon_clean_share_min_fraction",
}

#: sense of each rule: ">=" rules make the frontier non-decreasing, "<=" rules non-increasing
RULE_SENSE = {"650_self_consumption": ">=", "650_green_share": ">=", "650_feed_in": "<=",
              "off_grid_unserved": "<=", "910_direct_green_share": ">=", "910_clean_share": ">="}

#: the ratio (from kpi.ratios or the compliance table) each rule limits
RULE_RATIO = {"650_self_consumption": "self_consumption", "650_green_share": "green_share",
              "650_feed_in": "feed_in", "910_direct_green_share": "green_share"}

COLUMNS = ["threshold_fraction", "status", "cost_cny_per_yr", "pv_kw", "wind_kw", "storage_kwh", "storage_kw",
           "grid_connection_kw", "re_available_kwh_per_yr", "curtailed_kwh_per_yr", "import_kwh_per_yr",
           "export_kwh_per_yr", "curtailment_fraction", "self_consumption_fraction", "green_share_fraction",
           "feed_in_fraction", "co2_t_per_yr", "cost_above_unconstrained_cny_per_yr", "off_grid_cheaper",
           "solve_s"]


def rule_name(name: str) -> str:
    """Compliance-table name of a rule given by its short or full name.

    Raises
    ------
    InputError
        For an unknown name.
    """
    full = RULE_ALIASES.get(name, name)
    if full not in RULE_NAMES:
        raise InputError(InputIssue("command line", "rule", name,
                                    "one of " + ", ".join(list(RULE_ALIASES) + list(RULE_NAMES))))
    return full


def parse_numbers(text: str, field: str, lower: float, upper: float | None, expected: str) -> list[float]:
    """Numbers from ``start:stop:step`` (stop included) or a comma list, each within [lower, upper].

    Raises
    ------
    InputError
        Naming ``field`` when the text is not of that form, the step is not positive or a value is
        outside the range (``expected`` says what was expected).
    """
    issue = lambda why: InputError(InputIssue("command line", field, text, why))  # noqa: E731
    try:
        if ":" in text:
            start, stop, step = (float(x) for x in text.split(":"))
            if step <= 0 or stop < start:
                raise issue("start:stop:step with step > 0 and stop >= start")
            n = int(math.floor((stop - start) / step + 1e-9)) + 1
            values = [round(start + i * step, 10) for i in range(n)]
        else:
            values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise issue(f"start:stop:step or a comma list of {expected}") from None
    if not values or any(not (lower <= v and (upper is None or v <= upper)) for v in values):
        raise issue(expected)
    return values


def parse_range(text: str) -> list[float]:
    """Thresholds from ``start:stop:step`` (stop included) or a comma list ``0.3,0.35,0.5`` [fraction].

    Raises
    ------
    InputError
        When the text is not of that form, the step is not positive or a value is outside 0..1.
    """
    return parse_numbers(text, "threshold range", 0.0, 1.0, "fractions between 0 and 1 (e.g. 0.3:1.0:0.05)")


def with_rule(inp: ModelInputs, rule: str, threshold: float | None = None) -> ModelInputs:
    """``inp`` with ``rule`` enforced (switched on if it was not) and optionally a new threshold.

    Raises
    ------
    InputError
        When the rule cannot apply (650号 rules need a grid-connected park, the unserved cap an
        off-grid one).
    """
    pol = inp.policy
    if rule.startswith("650_"):
        if not inp.grid.connected:
            raise InputError(InputIssue("scenario", "grid.connected", False, f"a grid-connected park for {rule}"))
        short = rule[4:]
        rules = pol.direct_supply_rules if short in pol.direct_supply_rules else (*pol.direct_supply_rules, short)
        pol = replace(pol, direct_supply_rules=tuple(rules))
    elif rule == "off_grid_unserved":
        if inp.grid.connected:
            raise InputError(InputIssue("scenario", "grid.connected", True, "an off-grid park for off_grid_unserved"))
        if pol.unserved_max_fraction <= 0 and (threshold is None or threshold <= 0):
            raise InputError(InputIssue("scenario", "policy.unserved_max_fraction", 0.0,
                                        "a positive cap to sweep (with 0 the model has no unserved variable)"))
    else:
        pol = replace(pol, zero_carbon=True)
    if threshold is not None:
        pol = replace(pol, **{THRESHOLD_FIELD[rule]: float(threshold)})
    return replace(inp, policy=pol)


def off_grid_inputs(inp: ModelInputs) -> ModelInputs:
    """The off-grid variant: no import, no export, no 650号 rules, unserved capped as in ``inp``."""
    grid = replace(inp.grid, connected=False)
    pol = replace(inp.policy, direct_supply_rules=(), zero_carbon=False)
    return replace(inp, grid=grid, policy=pol)


@dataclass
class Frontier:
    """A swept frontier.

    Attributes
    ----------
    rule : str
        Compliance-table name of the swept rule.
    table : pandas.DataFrame
        One row per threshold, columns :data:`COLUMNS` (costs [CNY/yr], capacities [kW, kWh],
        energies per year [kWh/yr], ratios [fraction]); non-optimal points have NaN numbers.
    unconstrained : dict
        The optimum with the swept rule switched off: ``cost_cny_per_yr`` and the rule's ratio value
        (``ratio_fraction``); thresholds the unconstrained optimum already meets are slack.
    baseline : dict
        :func:`simulator.results.baseline.baseline_summary` of the park (grid only).
    off_grid : dict or None
        ``status`` and ``cost_cny_per_yr`` of the off-grid variant; None when not computed.
    marks : dict
        Policy thresholds of this rule to mark on the plot (label -> fraction).
    timings_s : dict
        ``build`` (first build), ``points`` (all points), ``per_point`` (mean) [s], ``reuse`` (bool).
    """

    rule: str
    table: pd.DataFrame
    unconstrained: dict
    baseline: dict
    off_grid: dict | None = None
    marks: dict = field(default_factory=dict)
    timings_s: dict = field(default_factory=dict)

    @property
    def off_grid_cheaper_from(self) -> float | None:
        """First threshold at which off-grid supply costs less than the frontier (None if never)."""
        rows = self.table[self.table["off_grid_cheaper"] == True]  # noqa: E712 - column holds bools and NaN
        return float(rows["threshold_fraction"].iloc[0]) if len(rows) else None

    def to_dict(self) -> dict:
        """Everything but the table, JSON-ready."""
        return {"rule": self.rule, "unconstrained": self.unconstrained, "baseline": self.baseline,
                "off_grid": self.off_grid, "off_grid_cheaper_from_fraction": self.off_grid_cheaper_from,
                "marks": self.marks, "timings_s": self.timings_s}

    def write(self, folder: str | Path, plot: bool = True) -> list[Path]:
        """Write ``frontier.csv``, ``frontier.json`` and (with ``plot``) ``frontier.png`` atomically."""
        from simulator.results.write import write_json, write_text

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "frontier.csv", folder / "frontier.json"]
        write_text(self.table.to_csv(index=False, float_format=plain_float), paths[0])
        write_json(self.to_dict(), paths[1])
        if plot:
            paths.append(plot_frontier(self, folder / "frontier.png"))
        return paths

    def write_pages(self, folder: str | Path, scenario: str = "") -> list[Path]:
        """Write the page ``frontier_zh.html`` / ``frontier_en.html`` (:mod:`simulator.outputs.study_pages`)."""
        from simulator.outputs.study_pages import frontier_page, write_pages

        return write_pages(lambda lang: frontier_page(self.table, self.to_dict(), scenario, lang), folder, "frontier")


def policy_marks(rule: str) -> dict:
    """Thresholds of the legal texts for ``rule`` (label -> fraction), from simulator/data/defaults.toml.

    Labels name the notice by number (650 = 发改能源〔2025〕650号, 910 = 发改环资〔2025〕910号) in ASCII so
    that plots render without CJK fonts.
    """
    return {
        "650_green_share": {"650 (2025)": default("policy.green_share_min_fraction"),
                            "650 from 2030": default("policy.green_share_min_fraction_2030"),
                            "zero-carbon park list": default("policy.zero_carbon_direct_green_min_fraction")},
        "650_self_consumption": {"650": default("policy.self_consumption_min_fraction")},
        "650_feed_in": {"650 (provincial cap)": default("policy.feed_in_max_fraction")},
        "910_direct_green_share": {"national list": default("policy.zero_carbon_direct_green_min_fraction")},
        "910_clean_share": {"910": default("policy.zero_carbon_clean_share_min_fraction")},
    }.get(rule, {})


def _point(m, inp: ModelInputs, info, threshold: float, solve_s: float) -> dict:
    row = {c: math.nan for c in COLUMNS}
    row.update(threshold_fraction=threshold, status=info.status, solve_s=solve_s)
    if info.status != "optimal":
        return row
    k = inp.year_weight
    cap = extract_capacities(m, inp)
    hourly = extract_hourly(m, inp, pd.RangeIndex(inp.n_steps))
    energy = kpi.energy_totals(hourly, inp.dt_h)
    ratios = kpi.ratios(energy, inp.policy.available_basis)
    cost = kpi.costs(inp, cap, hourly, extract_green_purchase_kwh(m))
    row.update(cost_cny_per_yr=cost["total"], **{key: cap[key] for key in
                                                 ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw")},
               re_available_kwh_per_yr=energy["re_available_kwh"] * k,
               curtailed_kwh_per_yr=energy["curtailed_kwh"] * k, import_kwh_per_yr=energy["import_kwh"] * k,
               export_kwh_per_yr=energy["export_kwh"] * k, curtailment_fraction=ratios["curtailment"],
               self_consumption_fraction=ratios["self_consumption"], green_share_fraction=ratios["green_share"],
               feed_in_fraction=ratios["feed_in"],
               co2_t_per_yr=energy["import_kwh"] * k * inp.grid.emission_kg_per_kwh / 1000.0)
    if getattr(inp, "heat", None) is not None:  # fuel CO2 of the boilers is the park's CO2 too (eq. H7)
        from simulator.results.heat import fuel_co2_t

        row["co2_t_per_yr"] += sum(fuel_co2_t(inp, hourly).values()) * k
    return row


def _unconstrained(inp: ModelInputs, rule: str, settings: SolverSettings | None, start: dict | None) -> dict:
    """Optimum with the constraint of ``rule`` deactivated (every other rule kept)."""
    m = build_model(inp)
    getattr(m, RULE_NAMES[rule][1]).deactivate()
    info = solve_from_design(m, capacity_vars(m, start), settings) if start else solve_model(m, settings)
    out = {"status": info.status, "cost_cny_per_yr": math.nan, "ratio_fraction": math.nan}
    if info.status == "optimal":
        row = _point(m, inp, info, math.nan, info.solve_s)
        out["cost_cny_per_yr"] = row["cost_cny_per_yr"]
        ratio = RULE_RATIO.get(rule)
        if ratio is not None:
            out["ratio_fraction"] = row[f"{ratio}_fraction"]
        out.update({key: row[key] for key in ("pv_kw", "wind_kw", "storage_kwh", "storage_kw", "grid_connection_kw")})
    return out


def sweep(inp: ModelInputs, rule: str, thresholds: list[float], settings: SolverSettings | None = None,
          reuse: bool = True, off_grid: bool = False, progress=None, start: dict | None = None,
          warm_method: str | None = "simplex") -> Frontier:
    """Size the system at every threshold of one rule.

    Parameters
    ----------
    inp : ModelInputs
        The park's model inputs (from :func:`prepare_inputs`); the rule is switched on if needed.
    rule : str
        Short (``green_share``) or compliance-table (``650_green_share``) name.
    thresholds : list of float
        Threshold values [fraction], in the order they are solved.
    settings : SolverSettings, optional
    reuse : bool
        Build and compile once and change only the threshold's numbers in one HiGHS instance
        (:class:`~simulator.model.parametric.ParametricModel`; default); False rebuilds every point.
    off_grid : bool
        Also solve the off-grid variant (can be slow or infeasible for a large park).
    progress : callable, optional
        Called with (i, n, threshold) before each point.
    start : dict, optional
        With ``reuse``, capacities to start the first point from (``gen:<name>`` [kW], ``storage_kwh``,
        ``storage_kw``; :func:`simulator.model.screening.start_design`); later points restart from the
        previous basis.
    warm_method : str or None
        With ``reuse``, the HiGHS method of the points after the first: ``"simplex"`` (default) restarts
        from the previous basis; None keeps ``settings.method`` at every point.

    Returns
    -------
    Frontier
    """
    rule = rule_name(rule)
    inp = with_rule(inp, rule)
    if rule not in active_rules(inp):
        raise InputError(InputIssue("scenario", "policy", rule, "a rule the scenario's park type can enforce"))
    note = progress or (lambda *_: None)
    rows = []
    t0 = time.perf_counter()
    settings = settings or SolverSettings()
    warm = replace(settings, method=warm_method) if warm_method else settings
    if reuse:
        m = build_model(inp)
        # with electric heat (or electricity into hydrogen) the load-share rules hold (1 − φ) Σ E_t (eq. H3,
        # Y7): at φ = 1 those entries vanish, so the model is compiled at two values where none does
        load_terms = getattr(inp, "heat", None) is not None or getattr(inp, "hydrogen", None) is not None
        points = (0.5, 2.0) if load_terms else (1.0, 2.0)
        line = ParametricModel(m, m.rule_threshold_fraction[rule], settings, points)
        design = capacity_vars(m, start) if start else None
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    started = False
    for i, theta in enumerate(thresholds):
        note(i, len(thresholds), theta)
        t_point = time.perf_counter()
        point_inp = with_rule(inp, rule, theta)
        if reuse:
            m.rule_threshold_fraction[rule] = float(theta)
            line.set_value(theta)
            info, from_design = solve_point(line.direct, i == 0, design, settings, warm)
            started = started or from_design
            rows.append(_point(m, point_inp, info, theta, time.perf_counter() - t_point))
        else:
            pm = build_model(point_inp)
            info = solve_model(pm, settings)
            rows.append(_point(pm, point_inp, info, theta, time.perf_counter() - t_point))
    points_s = time.perf_counter() - t1
    table = pd.DataFrame(rows, columns=COLUMNS)
    free = _unconstrained(inp, rule, settings, start)
    table["cost_above_unconstrained_cny_per_yr"] = table["cost_cny_per_yr"] - free["cost_cny_per_yr"]
    base = baseline_summary(inp, settings=settings)
    og = None
    if off_grid:
        og_inp = off_grid_inputs(inp)
        m_og = build_model(og_inp)
        info = solve_model(m_og, settings)
        og = {"status": info.status, "cost_cny_per_yr": math.nan,
              "unserved_max_fraction": og_inp.policy.unserved_max_fraction}
        if info.status == "optimal":
            row = _point(m_og, og_inp, info, math.nan, info.solve_s)
            og.update({key: row[key] for key in ("cost_cny_per_yr", "pv_kw", "wind_kw", "storage_kwh", "storage_kw",
                                                 "curtailment_fraction")})
    ok = table["status"] == "optimal"
    if og is not None and og["status"] == "optimal":
        table["off_grid_cheaper"] = np.where(ok, table["cost_cny_per_yr"] > og["cost_cny_per_yr"], None)
    else:
        table["off_grid_cheaper"] = None
    timings = {"reuse": reuse, "started_from_design": started, "build": build_s, "points": points_s,
               "per_point": points_s / max(1, len(thresholds))}
    return Frontier(rule, table, free, base, og, policy_marks(rule), timings)


def prepare_inputs(scenario) -> ModelInputs:
    """Load, resource and model inputs of a scenario (the steps of :func:`simulator.results.run.run` before the build)."""
    from simulator.inputs.assemble import model_inputs
    from simulator.inputs.resource import build_resource
    from simulator.inputs.load import scenario_load
    from simulator.inputs.timegrid import scenario_index

    index = scenario_index(scenario)
    load_kw, _ = scenario_load(scenario, index)
    resource = build_resource(scenario, index)
    return model_inputs(scenario, load_kw, resource.availability)


def plot_frontier(front: Frontier, path: str | Path) -> Path:
    """Three panels against the threshold: annual cost, capacities, curtailment; policy marks as lines."""
    import matplotlib.pyplot as plt

    t = front.table
    x = t["threshold_fraction"]
    fig, axes = plt.subplots(3, 1, figsize=(8, 10), sharex=True)
    ax = axes[0]
    ax.plot(x, t["cost_cny_per_yr"] / 1e6, "o-", label="optimum at threshold")
    ax.axhline(front.unconstrained["cost_cny_per_yr"] / 1e6, color="grey", ls=":", label="rule switched off")
    ax.axhline(front.baseline["cost_cny_per_yr"] / 1e6, color="black", ls="--", label="grid only (business as usual)")
    if front.off_grid and front.off_grid["status"] == "optimal":
        ax.axhline(front.off_grid["cost_cny_per_yr"] / 1e6, color="tab:green", ls="-.", label="off-grid (100 % green)")
        cheaper = front.off_grid_cheaper_from
        if cheaper is not None:
            ax.axvspan(cheaper, float(x.max()), color="tab:green", alpha=0.08, label="off-grid cheaper")
    ax.set_ylabel("annual cost [million CNY/yr]")
    ax.legend(fontsize=8)
    ax = axes[1]
    for col, label, scale in (("pv_kw", "PV [MW]", 1e3), ("wind_kw", "wind [MW]", 1e3),
                              ("storage_kwh", "storage [MWh]", 1e3), ("storage_kw", "storage [MW]", 1e3),
                              ("grid_connection_kw", "connection [MW]", 1e3)):
        ax.plot(x, t[col] / scale, "o-", ms=3, label=label)
    ax.set_ylabel("capacity [MW, MWh]")
    ax.legend(fontsize=8)
    ax = axes[2]
    ax.plot(x, 100 * t["curtailment_fraction"], "o-", color="tab:red")
    ax.set_ylabel("curtailment [% of available]")
    ax.set_xlabel(f"threshold of {front.rule} [fraction]")
    for ax in axes:
        for label, value in front.marks.items():
            ax.axvline(value, color="tab:purple", lw=0.8, ls="--")
        ax.grid(alpha=0.3)
    for label, value in front.marks.items():
        axes[0].annotate(label, (value, 1.0), xycoords=("data", "axes fraction"), rotation=90, va="top",
                         ha="right", fontsize=7, color="tab:purple")
    fig.suptitle(f"Cost-of-green frontier: {front.rule}")
    fig.tight_layout()
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    tmp.replace(path)
    return path


__all__ = ["Frontier", "RULE_ALIASES", "parse_range", "plot_frontier", "policy_marks", "prepare_inputs",
           "rule_name", "sweep", "with_rule"]
