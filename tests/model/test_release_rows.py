"""Rows released once compiled (memory of a 15-minute year, docs/speed.md): same optimum, same results,
and a second compilation is refused instead of compiling a model without its rows."""
from __future__ import annotations

import pytest
import pyomo.environ as pyo

from simulator.errors import SolverError
from simulator.model import build_model, solve_model
from simulator.model.direct import KEPT_ROWS, compile_lp
from simulator.model.dispatch import single_dispatch
from simulator.results.extract import extract_hourly
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs


def test_released_model_solves_to_the_same_optimum_and_refuses_a_second_compilation():
    sc = make_scenario(SMALL_PARK)
    index, inp = scenario_inputs(sc)
    kept, released = build_model(inp), build_model(inp)
    a = solve_model(kept, keep_instance=True)
    b = solve_model(released, keep_instance=True, release=True)
    assert a.status == b.status == "optimal"
    assert b.objective_cny_per_yr == pytest.approx(a.objective_cny_per_yr, rel=1e-9)
    names = {c.local_name for c in released.component_objects(pyo.Constraint, descend_into=True)}
    assert names <= set(KEPT_ROWS) and "balance" in names
    with pytest.raises(SolverError, match="released"):
        compile_lp(released)
    # the one dispatch and the hourly table work on the released model as on the kept one
    one_a = single_dispatch(kept, inp, a.objective_cny_per_yr, solved=a.solved)
    one_b = single_dispatch(released, inp, b.objective_cny_per_yr, solved=b.solved)
    assert one_b["simultaneous_steps"] == one_a["simultaneous_steps"] == 0
    ha, hb = extract_hourly(kept, inp, index), extract_hourly(released, inp, index)
    peak_kw = float(inp.load_kw.max())
    assert (ha["load_kw"] - hb["load_kw"]).abs().max() <= 1e-6 * peak_kw
    # the same output columns
    assert list(ha.columns) == list(hb.columns)
