"""The direct sparse-matrix hand-over to HiGHS (simulator/model/direct.py) against Pyomo's own interface."""
from __future__ import annotations

import io

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.contrib.solver.solvers.highs import Highs

from park_fixtures import SMALL_PARK, make_scenario
from simulator.inputs.assemble import model_inputs
from simulator.model.solve import solver_settings
from simulator.errors import SolverError
from simulator.model import build_model, solve_model
from simulator.model.direct import compile_lp, solve_direct
from simulator.inputs.resource import build_resource
from simulator.inputs.load import scenario_load
from simulator.inputs.timegrid import scenario_index


def test_compiled_matrix_matches_a_hand_written_lp():
    # min 3x + 2y + 5   s.t.  x + y >= 4,  x - y == 1,  1 <= x + 2y <= 9,  z fixed at 2 (moved out),
    # w in no row and not in the objective (not a column); 0 <= x <= 10, y >= 0.
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 10))
    m.y = pyo.Var(domain=pyo.NonNegativeReals)
    m.z = pyo.Var()
    m.z.fix(2.0)
    m.w = pyo.Var(bounds=(1.0, 3.0))
    m.c1 = pyo.Constraint(expr=m.x + m.y >= 4)
    m.c2 = pyo.Constraint(expr=m.x - m.y == 1)
    m.c3 = pyo.Constraint(expr=pyo.inequality(1, m.x + 2 * m.y + m.z, 11))
    m.obj = pyo.Objective(expr=3 * m.x + 2 * m.y + 5)
    lp, columns, offset = compile_lp(m)
    assert [v.name for v in columns] == ["x", "y"]
    assert offset == 5.0
    dense = np.zeros((lp.num_row_, lp.num_col_))
    start, index, value = (np.asarray(a) for a in (lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_))
    for j in range(lp.num_col_):
        dense[index[start[j]:start[j + 1]], j] = value[start[j]:start[j + 1]]
    # the ranged row c3 becomes two rows, its fixed term z = 2 moved to the bounds: x + 2y <= 9, x + 2y >= -1
    rows = {(tuple(dense[i]), float(lp.row_lower_[i]), float(lp.row_upper_[i])) for i in range(lp.num_row_)}
    inf = float("inf")
    assert rows == {((1.0, 1.0), 4.0, inf), ((1.0, -1.0), 1.0, 1.0), ((1.0, 2.0), -inf, 9.0), ((1.0, 2.0), -1.0, inf)}
    assert list(lp.col_lower_) == [0.0, 0.0] and list(lp.col_upper_) == [10.0, inf]
    info = solve_direct(m)
    # optimum by hand: x - y = 1 and x + y >= 4 -> x = 2.5, y = 1.5 (x + 2y = 5.5 within 1..9): 7.5 + 3 + 5
    assert info.status == "optimal"
    assert info.objective_cny_per_yr == pytest.approx(15.5)
    assert (m.x.value, m.y.value) == pytest.approx((2.5, 1.5))
    assert m.z.value == 2.0 and 1.0 <= m.w.value <= 3.0


def test_infeasible_model_is_reported_not_loaded():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 1))
    m.c = pyo.Constraint(expr=m.x >= 2)
    m.obj = pyo.Objective(expr=m.x)
    info = solve_direct(m)
    assert info.status in ("infeasible", "infeasible_or_unbounded")
    assert m.x.value is None and info.objective_cny_per_yr is None


def test_integer_variables_are_refused_not_relaxed():
    m = pyo.ConcreteModel()
    m.n = pyo.Var(domain=pyo.NonNegativeIntegers)
    m.c = pyo.Constraint(expr=m.n >= 0.5)
    m.obj = pyo.Objective(expr=m.n)
    with pytest.raises(SolverError, match="integer variables.*n"):
        compile_lp(m)


def _week_inputs():
    scenario = make_scenario(SMALL_PARK)
    index = scenario_index(scenario)
    load, park = scenario_load(scenario, index)
    return scenario, model_inputs(scenario, load, build_resource(scenario, index).availability, park)


def test_direct_hand_over_gives_pyomos_optimum_and_a_feasible_point():
    scenario, inp = _week_inputs()
    direct_model, pyomo_model = build_model(inp), build_model(inp)
    stream = io.StringIO()
    direct = solve_model(direct_model, solver_settings(scenario), log_streams=[stream])
    reference = solve_model(pyomo_model, solver_settings(scenario), solver=Highs())
    assert direct.status == reference.status == "optimal"
    assert direct.objective_cny_per_yr == pytest.approx(reference.objective_cny_per_yr, rel=1e-9)
    assert pyo.value(direct_model.objective) == pytest.approx(direct.objective_cny_per_yr, rel=1e-9)
    assert "HiGHS" in direct.log and "HiGHS" in stream.getvalue()
    assert 0.0 <= direct.handover_s <= direct.solve_s
    worst = 0.0
    for con in direct_model.component_data_objects(pyo.Constraint, active=True):
        body, lower, upper = pyo.value(con.body), pyo.value(con.lower), pyo.value(con.upper)
        scale = max(1.0, abs(body))
        if lower is not None:
            worst = max(worst, (lower - body) / scale)
        if upper is not None:
            worst = max(worst, (body - upper) / scale)
    assert worst < 1e-7
