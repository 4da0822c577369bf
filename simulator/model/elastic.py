"""Elastic rules in the dispatch of a start design (:mod:`simulator.model.warm`).

A design that misses a rule over the full horizon cannot be dispatched as it is. Its rules are then made
elastic: each rule's slack s_r ≥ 0 (``rule_slack_kwh``, held at zero in the LP itself) is opened at a
penalty per kWh, the dispatch ends optimal with the shortfall in the slacks, and after primal simplex has
moved the capacities the penalty is raised until no slack is left (:func:`close_slack`): the optimum is
then the LP's own. Off grid the design's dispatch is elastic from the start; grid-connected only once the
plain dispatch proved infeasible.
"""
from __future__ import annotations

import highspy
import numpy as np
import pyomo.environ as pyo

from simulator.model.direct import column_positions, run_logged
from simulator.model.solve import SolveInfo, SolverSettings

#: cost of a kWh of rule slack in the elastic start [CNY/kWh]; raised 100-fold while the optimum uses slack
ELASTIC_START_PENALTY_CNY_PER_KWH = 1.0e4
#: how often the penalty is raised before the start is given up (a cold solve instead)
ELASTIC_START_ROUNDS = 3
#: penalty of an elastic dispatch opened after the plain one proved infeasible, or after IPX called the
#: elastic one infeasible [CNY/kWh]; raised 100-fold by ``close_slack`` while the optimum pays slack
ELASTIC_RETRY_PENALTY_CNY_PER_KWH = 1.0e2


def rules_of(m: pyo.ConcreteModel) -> set:
    """The names of the model's active rules (compliance-table names); empty without rules."""
    return set(m.RULES) if hasattr(m, "RULES") else set()


H2_SHORTFALL = "h2_shortfall"  # the label of the hydrogen shortfall column h (eq. Y3b) among the rule slacks


def rule_slack_columns(m: pyo.ConcreteModel, columns: list, lower: np.ndarray,
                       upper: np.ndarray) -> tuple[np.ndarray, list]:
    """Columns of the rule slacks s_r (``rule_slack_kwh``) held at zero (a non-elastic model), and their rules;
    with them the hydrogen shortfall h (``h2_shortfall_kwh``, eq. Y3b: the hydrogen demand has no rule slack),
    labelled :data:`H2_SHORTFALL`."""
    rule_of = [(m.rule_slack_kwh[r], r) for r in m.RULES] if hasattr(m, "rule_slack_kwh") else []
    if hasattr(m, "h2_shortfall_kwh"):
        rule_of.append((m.h2_shortfall_kwh, H2_SHORTFALL))
    if not rule_of:
        return np.zeros(0, dtype=np.int32), []
    found = zip(column_positions(columns, [var for var, _ in rule_of]), [r for _, r in rule_of])
    out = sorted((j, r) for j, r in found if j is not None and lower[j] == 0.0 and upper[j] == 0.0)
    return np.array([j for j, _ in out], dtype=np.int32), [r for _, r in out]


def open_slack(highs: highspy.Highs, slack: np.ndarray, penalty: float) -> None:
    """Let every rule be missed at ``penalty`` per kWh (s_r ≥ 0): the elastic design dispatch."""
    k = int(slack.size)
    highs.changeColsBounds(k, slack, np.zeros(k), np.full(k, highspy.kHighsInf))
    highs.changeColsCost(k, slack, np.full(k, penalty))


def close_slack(highs: highspy.Highs, slack: np.ndarray, penalty: float, settings: SolverSettings, log_streams,
                runs: list, report: dict) -> SolveInfo | None:
    """From the optimum of the elastic LP to the optimum of the LP itself.

    While the elastic optimum misses a rule (some s_r > 0), the penalty is raised 100-fold and primal
    simplex continues (the point stays feasible). An optimum with every s_r = 0 is feasible for the LP
    itself with the same cost, and no point of the LP costs less (each is a point of the elastic LP at
    the same cost): it is the LP's optimum. The slacks are then held at zero again (a dual simplex run
    that only confirms the basis). None if the penalty never drives the slacks out.
    """
    k = int(slack.size)
    tol = settings.primal_feasibility_tolerance or 1e-7
    for _ in range(ELASTIC_START_ROUNDS):
        values = np.asarray(highs.getSolution().col_value, dtype=float)[slack]
        if np.all(values <= tol):
            break
        penalty *= 100.0
        highs.changeColsCost(k, slack, np.full(k, penalty))
        runs.append(run_logged(highs, settings, log_streams, solver="simplex", simplex_strategy=4))
        if runs[-1].status != "optimal":
            return None
    else:
        return None
    report["elastic_penalty_cny_per_kwh"] = penalty
    highs.changeColsBounds(k, slack, np.zeros(k), np.zeros(k))
    highs.changeColsCost(k, slack, np.zeros(k))
    return run_logged(highs, settings, log_streams, solver="simplex", simplex_strategy=1)


def energy_scale(row_lower: np.ndarray, row_upper: np.ndarray) -> float:
    """The largest finite row bound of the LP (the yearly sums of the rules, kWh per horizon) [kWh]."""
    bounds = np.concatenate([row_lower, row_upper])
    bounds = np.abs(bounds[np.isfinite(bounds)])
    return float(bounds.max()) if bounds.size else 1.0


def interior(settings: SolverSettings) -> bool:
    """Whether the dispatch runs use an interior point method (IPX) rather than simplex."""
    method = settings.highs_options().get("solver")
    return method in ("ipx", "ipm", "hipo", "choose")


def dispatch_design(highs: highspy.Highs, slack: np.ndarray, design: SolverSettings, log_streams, runs: list,
                    elastic: bool) -> tuple[SolveInfo, bool, float]:
    """The design's dispatch on ``highs`` (the shifted LP, d fixed) with the dispatch settings ``design``
    (:func:`simulator.model.settings.dispatch_settings`), ending with a basis (crossover on).

    Rules elastic from the start when ``elastic`` (at ``ELASTIC_START_PENALTY_CNY_PER_KWH``), else once
    the plain dispatch proved infeasible (at ``ELASTIC_RETRY_PENALTY_CNY_PER_KWH``, by dual simplex from
    the basis of that proof). IPX can call the
    elastic dispatch infeasible when the penalty spreads the costs over many decades (Qujing: 5e-3 to
    1e4 CNY/kWh, docs/speed.md) although its slacks make every rule satisfiable; it is then run at the
    lower penalty, and by dual simplex if IPX still says so. ``close_slack`` raises the penalty
    where the optimum still pays slack.

    Returns
    -------
    SolveInfo
        The last run (appended to ``runs`` with every other).
    bool
        Whether the rules are elastic.
    float
        The slack penalty in force [CNY/kWh].
    """
    penalty = ELASTIC_START_PENALTY_CNY_PER_KWH
    if elastic:
        open_slack(highs, slack, penalty)
    runs.append(run_logged(highs, design, log_streams, run_crossover="on"))
    if runs[-1].status == "infeasible" and slack.size and not elastic:  # not dispatchable: rules elastic
        # by dual simplex from the basis that proved the plain dispatch infeasible: IPX made no progress on
        # Qujing's elastic dispatch and its clean-up ran dual simplex from scratch (docs/speed.md, third slot)
        elastic, penalty = True, ELASTIC_RETRY_PENALTY_CNY_PER_KWH
        open_slack(highs, slack, penalty)
        runs.append(run_logged(highs, design, log_streams, solver="simplex", simplex_strategy=1))
    if runs[-1].status == "infeasible" and elastic and penalty > ELASTIC_RETRY_PENALTY_CNY_PER_KWH \
            and interior(design):
        penalty = ELASTIC_RETRY_PENALTY_CNY_PER_KWH
        open_slack(highs, slack, penalty)
        runs.append(run_logged(highs, design, log_streams, run_crossover="on"))
    if runs[-1].status == "infeasible" and elastic and interior(design):
        runs.append(run_logged(highs, design, log_streams, solver="simplex",
                               simplex_strategy=1))
    return runs[-1], elastic, penalty


def redispatch_design(highs: highspy.Highs, lp: highspy.HighsLp, slack: np.ndarray, design: SolverSettings,
                      log_streams, runs: list, elastic: bool, penalty: float,
                      off_grid: bool) -> tuple[SolveInfo, bool, float]:
    """The dispatch of a re-design on ``highs``, from the basis of the last design's dispatch.

    A re-design only moves the start values v, so only the row bounds (shifted by −A·v) and the
    objective's constant change: the last dispatch's optimal basis (on ``highs``, restored after a
    primal trial) stays dual feasible, and dual simplex continues from it (Anning off grid: 31 iterations
    against 22,868 from scratch, docs/speed.md). The rule slacks stay as they were: open at the penalty
    in force once the first dispatch was elastic (a grid-connected re-design that meets every rule then
    ends with zero slack, and :func:`close_slack` confirms it). Without a basis, or if that run ends
    infeasible, unbounded or in error, the shifted LP is passed again and dispatched from scratch; a run
    out of time or interrupted ends the dispatch.
    """
    if highs.getBasis().valid:
        n = int(lp.num_row_)
        highs.changeRowsBounds(n, np.arange(n, dtype=np.int32), np.asarray(lp.row_lower_, dtype=float),
                               np.asarray(lp.row_upper_, dtype=float))
        highs.changeObjectiveOffset(float(lp.offset_))
        runs.append(run_logged(highs, design, log_streams, solver="simplex", simplex_strategy=1))
        if runs[-1].status in ("optimal", "time_limit", "interrupted"):  # out of time: no second dispatch
            return runs[-1], elastic, penalty
    highs.passModel(lp)
    return dispatch_design(highs, slack, design, log_streams, runs, off_grid)


__all__ = ["ELASTIC_RETRY_PENALTY_CNY_PER_KWH", "ELASTIC_START_PENALTY_CNY_PER_KWH", "ELASTIC_START_ROUNDS",
           "H2_SHORTFALL", "close_slack", "dispatch_design", "energy_scale", "interior", "open_slack",
           "redispatch_design", "rule_slack_columns", "rules_of"]
