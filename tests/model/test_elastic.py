"""The dispatch of a re-design continued from the last dispatch's basis (simulator.model.elastic): the same
optimum as a dispatch from scratch, reached in fewer iterations, on an off-grid week."""
from __future__ import annotations

import highspy
import numpy as np
import pytest
from pyomo.common.collections import ComponentMap

from simulator.model import build_model, solve_model
from simulator.model.direct import compile_lp
from simulator.model.elastic import dispatch_design, redispatch_design, rule_slack_columns
from simulator.model.settings import DUAL_EDGE_WEIGHT, SolverSettings, dispatch_settings
from simulator.model.warm import _shift, _start_columns
from test_warm_elastic import _offgrid_week


def _shifted(scale: float):
    """The week's LP compiled, with the cold optimum's capacities times ``scale`` as the design."""
    inp = _offgrid_week(0.01)
    m = build_model(inp)
    assert solve_model(m).status == "optimal"
    names = ("gen_capacity_kw", "storage_energy_kwh", "storage_power_kw")
    optimum = {name: [(key, var.value) for key, var in getattr(m, name).items()] for name in names}
    m = build_model(inp)
    lp, columns, offset = compile_lp(m)
    design = ComponentMap((getattr(m, name)[key], scale * value) for name, pairs in optimum.items()
                          for key, value in pairs)
    idx, start = _start_columns(columns, design)
    lower, upper = np.array(lp.col_lower_, dtype=float), np.array(lp.col_upper_, dtype=float)
    row_lower, row_upper = np.array(lp.row_lower_, dtype=float), np.array(lp.row_upper_, dtype=float)
    slack, _ = rule_slack_columns(m, columns, lower, upper)
    return lp, idx, start, row_lower, row_upper, offset, slack


def _fresh(lp) -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(lp)
    return highs


def test_redispatch_from_the_basis_reaches_the_dispatch_optimum_of_the_new_design():
    lp, idx, start, row_lower, row_upper, offset, slack = _shifted(0.9)
    settings = dispatch_settings(SolverSettings(), off_grid=True)
    _shift(lp, idx, start, row_lower, row_upper, offset)
    highs, runs = _fresh(lp), []
    first, elastic, penalty = dispatch_design(highs, slack, settings, None, runs, True)
    assert first.status == "optimal" and elastic
    moved = start * 1.02  # a re-design: 2 % more of every capacity
    _shift(lp, idx, moved, row_lower, row_upper, offset)
    again, elastic, _ = redispatch_design(highs, lp, slack, settings, None, runs, elastic, penalty, True)
    # from scratch, the same design
    scratch_runs = []
    scratch, _, _ = dispatch_design(_fresh(lp), slack, settings, None, scratch_runs, True)
    assert again.status == scratch.status == "optimal"
    assert again.objective_cny_per_yr == pytest.approx(scratch.objective_cny_per_yr, rel=1e-9)
    assert len(runs) == 2  # one run from the basis, no fall-back to a dispatch from scratch
    assert runs[-1].simplex_iterations < scratch_runs[-1].simplex_iterations


def test_redispatch_without_a_basis_dispatches_from_scratch():
    """An instance without a basis (nothing solved on it yet): the shifted LP is passed again and dispatched
    as the first design was, to the same optimum as a dispatch from scratch."""
    lp, idx, start, row_lower, row_upper, offset, slack = _shifted(0.9)
    settings = dispatch_settings(SolverSettings(), off_grid=True)
    _shift(lp, idx, start, row_lower, row_upper, offset)
    runs, scratch_runs = [], []
    again, elastic, _ = redispatch_design(_fresh(lp), lp, slack, settings, None, runs, True, 1e4, True)
    scratch, _, _ = dispatch_design(_fresh(lp), slack, settings, None, scratch_runs, True)
    assert again.status == scratch.status == "optimal" and elastic
    assert again.objective_cny_per_yr == pytest.approx(scratch.objective_cny_per_yr, rel=1e-9)
    assert [r.simplex_iterations for r in runs] == [r.simplex_iterations for r in scratch_runs]


def test_devex_dispatch_reaches_the_steepest_edge_optimum():
    """The off-grid week's elastic dispatch priced by Devex ends at the optimum dual steepest edge reaches."""
    lp, idx, start, row_lower, row_upper, offset, slack = _shifted(0.9)
    _shift(lp, idx, start, row_lower, row_upper, offset)
    devex = dispatch_settings(SolverSettings(), off_grid=True)
    steepest = dispatch_settings(SolverSettings(options={"simplex_dual_edge_weight_strategy": 2}), off_grid=True)
    devex_highs, steepest_highs = _fresh(lp), _fresh(lp)
    a, _, _ = dispatch_design(devex_highs, slack, devex, None, [], True)
    b, _, _ = dispatch_design(steepest_highs, slack, steepest, None, [], True)
    assert a.status == b.status == "optimal"
    # the pricing the runs were given (options stay on the instance after a run)
    assert devex_highs.getOptionValue("simplex_dual_edge_weight_strategy")[1] == DUAL_EDGE_WEIGHT == 1
    assert steepest_highs.getOptionValue("simplex_dual_edge_weight_strategy")[1] == 2
    assert a.objective_cny_per_yr == pytest.approx(b.objective_cny_per_yr, rel=1e-9)

