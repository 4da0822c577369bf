"""One compiled model updated in place as a mutable parameter moves (simulator/model/parametric.py)."""
from __future__ import annotations

import pyomo.environ as pyo
import pytest

from simulator.errors import SolverError
from simulator.model.direct import solve_direct
from simulator.model.parametric import ParametricModel


def _lp(theta: float) -> pyo.ConcreteModel:
    """min x + 2 y + θ z  s.t.  x + θ y + z ≥ 2 + θ,  0 ≤ x ≤ 1,  y, z ≥ 0.

    θ sits in a matrix entry, a row bound and a cost. By hand, per unit of the need R = 2 + θ: x costs
    1 (at most 1 unit), y 2/θ, z θ. With u = min(θ, 2/θ) the cheapest unlimited price: cost = R u if
    u ≤ 1, else 1 + (R − 1) u (x used to its limit).
    """
    m = pyo.ConcreteModel()
    m.theta = pyo.Param(mutable=True, initialize=theta)
    m.x = pyo.Var(bounds=(0, 1))
    m.y = pyo.Var(bounds=(0, None))
    m.z = pyo.Var(bounds=(0, None))
    m.need = pyo.Constraint(expr=m.x + m.theta * m.y + m.z >= 2 + m.theta)
    m.cost = pyo.Objective(expr=m.x + 2 * m.y + m.theta * m.z)
    return m


def _by_hand(theta: float) -> float:
    u = min(theta, 2.0 / theta) if theta > 0 else 0.0
    need = 2.0 + theta
    return need * u if u <= 1.0 else 1.0 + (need - 1.0) * u


@pytest.mark.parametrize("max_entry_changes", [64, 0])  # entries changed one by one / matrix handed over whole
def test_each_value_gives_the_hand_optimum_and_a_fresh_compile(monkeypatch, max_entry_changes):
    monkeypatch.setattr(ParametricModel, "MAX_ENTRY_CHANGES", max_entry_changes)
    m = _lp(1.0)
    line = ParametricModel(m, m.theta)
    assert line.n_changed == {"entries": 1, "rows": 1, "costs": 1}
    for theta in (0.5, 3.0, 0.0, 1.2, 1.8):
        m.theta = theta
        line.set_value(theta)
        info = line.direct.solve()
        assert info.status == "optimal"
        assert info.objective_cny_per_yr == pytest.approx(_by_hand(theta), rel=1e-9)
        fresh = solve_direct(_lp(theta))
        assert info.objective_cny_per_yr == pytest.approx(fresh.objective_cny_per_yr, rel=1e-9)
        if min(theta, 2.0 / theta if theta else 0.0) > 1.0:
            assert m.x.value == pytest.approx(1.0, abs=1e-9)  # x is the cheapest: used to its limit


def test_a_pattern_that_changes_with_the_parameter_is_refused():
    m = _lp(1.0)
    m.vanishing = pyo.Constraint(expr=(m.theta - 1) * m.y <= 5)  # the entry is 0 at θ = 1, not at θ = 2
    with pytest.raises(SolverError, match="matrix pattern of the model changes with theta"):
        ParametricModel(m, m.theta)
    line = ParametricModel(m, m.theta, points=(2.0, 3.0))  # compiled where the entry exists: fine
    m.theta = 1.0
    line.set_value(1.0)
    assert line.direct.solve().objective_cny_per_yr == pytest.approx(_by_hand(1.0), rel=1e-9)


def test_the_parameter_is_restored_and_bounds_may_not_move():
    m = _lp(0.7)
    m.w = pyo.Var(bounds=(0, m.theta))  # θ in a variable bound: not an affine change of rows and costs
    m.use_w = pyo.Constraint(expr=m.w + m.x >= 0)
    with pytest.raises(SolverError, match="variable bounds of the model change with theta"):
        ParametricModel(m, m.theta)
    assert pyo.value(m.theta) == 0.7
