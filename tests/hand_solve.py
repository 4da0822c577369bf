"""Solve a hand-made :class:`ModelInputs` and check what every hand case relies on.

The hand-solvable tests (tests/model/test_*.py) build small inputs whose optimum is known on paper; this
solves them and checks, before any test-specific assertion, that the solve is optimal, the electricity
balance holds per step (to the solver tolerance scaled by the largest flow) and the cost breakdown
recomputed from the hourly results equals the solver's objective.
"""
from __future__ import annotations

import pandas as pd
import pytest

from simulator.model import build_model, solve_model
from simulator.results import kpi
from simulator.results.extract import extract_capacities, extract_green_purchase_kwh, extract_hourly


def solve_hand(inp):
    """Build and solve ``inp``; return ``(m, info, hourly, capacity, cost)`` after the common checks.

    Parameters
    ----------
    inp : simulator.inputs.model_inputs.ModelInputs
        Hourly steps from 2026-01-01 (Asia/Shanghai) are used as the time stamps.

    Returns
    -------
    tuple
        The solved Pyomo model, its SolveInfo, the hourly table [kW], the capacities [kW, kWh, ...] and
        the cost breakdown [CNY/yr].
    """
    m = build_model(inp)
    info = solve_model(m)
    assert info.status == "optimal"
    index = pd.date_range("2026-01-01", periods=inp.n_steps, freq="h", tz="Asia/Shanghai")
    hourly = extract_hourly(m, inp, index)
    capacity = extract_capacities(m, inp)
    assert kpi.balance_residual_kw(hourly) <= kpi.balance_tolerance_kw(hourly)
    cost = kpi.costs(inp, capacity, hourly, extract_green_purchase_kwh(m))
    assert cost["total"] == pytest.approx(info.objective_cny_per_yr, rel=1e-9, abs=1e-6)
    return m, info, hourly, capacity, cost
