"""Real peak periods in the typical-period screening (issue 21, docs/speed.md "third slot").

Checked against hand-solvable numbers and invariants: the excess of :func:`peak_periods` on a two-day
case by hand; the typical periods plus every other real day as a period of its own reproduce the full
horizon's optimum; a period of its own carries the real day's numbers at weight 1; the sizing with peak
periods holds, for each peak day, the connection a power balance of that day requires.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simulator.inputs.assemble import model_inputs
from simulator.inputs.load import scenario_load
from simulator.inputs.resource import build_resource
from simulator.inputs.timegrid import scenario_index
from simulator.model import build_model, solve_model
from simulator.model.reduction import peak_periods, reduce_inputs
from simulator.model.screening import (PEAK_PERIOD_ROUNDS, PEAK_PERIODS_MAX_SHARE, PEAK_PERIODS_PER_ROUND,
                                       size_with_peak_periods)
from simulator.model.solve import solver_settings
from park_fixtures import make_scenario


def _inputs(scenario):
    index = scenario_index(scenario)
    load, park = scenario_load(scenario, index)
    return model_inputs(scenario, load, build_resource(scenario, index).availability, park), index


def test_peak_periods_rank_the_excess_over_the_connection_by_hand():
    # two periods of 4 one-hour steps; PV 10 kW; load 10 then 20 kW; connection 5 kW
    pv = SimpleNamespace(name="pv", availability=np.array([0, 1, 1, 0, 0, 0.5, 0.5, 0], dtype=float))
    inp = SimpleNamespace(load_kw=np.array([10] * 4 + [20] * 4, dtype=float), generators=[pv], dt_h=1.0)
    caps = {"gen:pv": 10.0, "connection_kw": 5.0}
    # residual: [10, 0, 0, 10] and [20, 15, 15, 20]; above 5 kW: 5 + 5 = 10 kWh and 15 + 10 + 10 + 15 = 50 kWh
    assert peak_periods(inp, caps, 4, n=6) == [1, 0]
    assert peak_periods(inp, caps, 4, n=6, exclude=[1]) == [0]
    assert peak_periods(inp, caps, 4, n=1) == [1]
    assert peak_periods(inp, {**caps, "connection_kw": 20.0}, 4, n=6) == []  # no step above 20 kW


def test_extra_periods_carry_their_own_day_at_weight_one(small_raw):
    inp, index = _inputs(make_scenario(small_raw))
    reduced = reduce_inputs(inp, index, n_periods=2, period_hours=24, representation="distribution",
                            extra_periods=[4])
    assert reduced.weights.sum() == pytest.approx(7 * 24)  # the day left its cluster: weights still 7 days
    own = reduced.periods.sequence[4]
    assert own == reduced.periods.n_clusters - 1 and list(reduced.periods.sequence).count(own) == 1
    steps = slice(own * 24, (own + 1) * 24)
    assert np.array_equal(reduced.load_kw[steps], inp.load_kw[4 * 24:5 * 24])
    assert np.all(reduced.weights[steps] == 1.0)
    for g, full in zip(reduced.generators, inp.generators):
        assert np.array_equal(g.availability[steps], full.availability[4 * 24:5 * 24])
    assert reduced.labels["peak_period_dates"] == [str(index[4 * 24].date())]


def test_one_cluster_and_six_real_days_reproduce_the_full_optimum(small_raw):
    # K = 1 and days 1..6 as periods of their own: the cluster holds day 0 alone, its medoid; every
    # period is a real day of weight 1 in calendar order, so the optimum is the full week's (no
    # self-discharge: the inter-period storage linking is then exact, eq. 26-29)
    scenario = make_scenario(small_raw, **{"storage.self_discharge_per_h": 0.0})
    inp, index = _inputs(scenario)
    reduced = reduce_inputs(inp, index, n_periods=1, period_hours=24, representation="medoid",
                            extra_periods=range(1, 7))
    assert list(reduced.periods.sequence) == list(range(7))
    assert np.array_equal(reduced.load_kw, inp.load_kw)
    full = solve_model(build_model(inp))
    red = solve_model(build_model(reduced))
    assert red.objective_cny_per_yr == pytest.approx(full.objective_cny_per_yr, rel=1e-6)


@pytest.mark.parametrize("k, within, most", [(2, False, PEAK_PERIOD_ROUNDS * PEAK_PERIODS_PER_ROUND),
                                               (4, True, int(PEAK_PERIODS_MAX_SHARE * 4))])
def test_sizing_with_peak_periods_holds_each_peak_day_power_balance(small_raw, k, within, most):
    scenario = make_scenario(small_raw, **{"solver.typical_periods": k})
    inp, index = _inputs(scenario)
    screening = size_with_peak_periods(inp, index, solver_settings(scenario), scenario.solver, within=within)
    assert inp.grid.connected and inp.grid.capacity_charge_cny_per_kw_month > 0
    assert screening.peak_periods, "smoothed typical days miss the week's peak"
    assert len(screening.peak_periods) <= most
    assert 2 <= screening.rounds <= 1 + PEAK_PERIOD_ROUNDS
    # a screening's K periods hold its peak periods; a warm start's K typical periods come on top of them
    typical = k - len(screening.peak_periods) if within else k
    assert len(screening.medoids) == typical and screening.n_periods == typical + len(screening.peak_periods)
    caps = screening.capacities
    # on a peak day the model sees its real numbers: import <= M and the balance give, in every step,
    # M >= L_t - sum_g a_g,t C_g - P (storage power), an independent lower bound recomputed here
    gen = sum(np.asarray(g.availability) * caps[f"gen:{g.name}"] for g in inp.generators)
    need = np.asarray(inp.load_kw) - gen - caps["storage_kw"]
    for d in screening.peak_periods:
        day = slice(d * 24, (d + 1) * 24)
        assert caps["connection_kw"] >= need[day].max() - 1e-6 * inp.load_kw.max()


def test_without_a_peak_period_a_probe_of_k_periods_is_the_design(small_raw, monkeypatch):
    # K = 4 <= PEAK_PROBE_PERIODS: the probe is the K-period model, so when it names no peak period it is
    # the design itself, not sized a second time
    import simulator.model.screening as screening

    monkeypatch.setattr(screening, "peak_periods", lambda *args, **kwargs: [])
    scenario = make_scenario(small_raw, **{"solver.typical_periods": 4})
    inp, index = _inputs(scenario)
    design = size_with_peak_periods(inp, index, solver_settings(scenario), scenario.solver)
    assert design.rounds == 1 and design.peak_periods == [] and design.n_periods == 4
    assert len(design.medoids) == 4


def test_a_sizing_model_needs_room_for_a_typical_period(small_raw):
    from simulator.model.screening import typical_model

    scenario = make_scenario(small_raw, **{"solver.typical_periods": 2})
    inp, index = _inputs(scenario)
    with pytest.raises(ValueError, match="no room for typical ones next to 2 periods"):
        typical_model(inp, index, 2, 24, extra_periods=[3, 5])
