"""Warm start from a design that misses a rule over the horizon (zero-carbon park, the Qujing case of
docs/speed.md): the typical periods are sized again with the shortfall to spare, that design is
dispatched, and primal simplex moves it to the optimum — the cold solve's, to 1e-9 relative."""
from __future__ import annotations

import pytest
from pyomo.common.collections import ComponentMap

from simulator.model import build_model, solve_model
from simulator.model.screening import TYPICAL_STORAGE_FACTOR, Screening, redesigner, scaled_capacities
from simulator.model.solve import solver_settings
from simulator.model.warm import REDESIGN_MARGIN, solve_from_design
from park_fixtures import SMALL_PARK, make_scenario, scenario_inputs


def _zero_carbon_week():
    sc = make_scenario(SMALL_PARK, **{"policy.zero_carbon": True, "policy.direct_supply": True,
                                      "pv.max_kw": 300_000, "wind.max_kw": 100_000,
                                      "solver.typical_periods": 2, "solver.period_hours": 24})
    index, inp = scenario_inputs(sc)
    return sc, index, inp


@pytest.mark.parametrize("budget", [1, None])
def test_design_short_of_a_rule_is_sized_again_and_reaches_the_cold_optimum(budget, monkeypatch):
    """``budget``: iterations of the primal trial before a re-design (None: the default, which closes this
    week's shortfall without one); a trial that ends at its budget is undone, the design sized again and
    its dispatch continued from the first dispatch's basis."""
    from simulator.model import warm

    if budget is not None:
        monkeypatch.setattr(warm, "REDESIGN_TRIAL_MIN_ITERATIONS", budget)
        monkeypatch.setattr(warm, "REDESIGN_TRIAL_ITERATIONS_PER_ROW", 0.0)
    sc, index, inp = _zero_carbon_week()
    settings = solver_settings(sc)
    m = build_model(inp)
    cold = solve_model(m, settings)
    assert cold.status == "optimal"
    optimum = {name: [(key, var.value) for key, var in getattr(m, name).items()]
               for name in ("gen_capacity_kw", "storage_energy_kwh", "storage_power_kw")}
    m = build_model(inp)
    # generators at a third of the optimum cannot meet the green-share rules over the week
    design = ComponentMap((getattr(m, name)[key], (0.3 if name == "gen_capacity_kw" else 1.0) * value)
                          for name, pairs in optimum.items() for key, value in pairs)
    asked = []
    redesign = redesigner(inp, index, sc.solver, settings, m)
    info = solve_from_design(m, design, settings, redesign=lambda extra: asked.append(extra) or redesign(extra))
    report = info.warm_start
    assert report["design_status"] == "infeasible", report
    if budget is None:  # primal simplex closed the shortfall within its budget: no re-design
        assert report["primal_trial"] == "closed" and not asked, report
    else:
        assert report["primal_trial"] == "over budget" and asked, report
        trial = report["runs"][2]  # plain dispatch, elastic dispatch, the trial
        assert trial["status"] == "iteration_limit" and trial["simplex_iterations"] == budget, report["runs"]
    # the margin asked for is the shortfall the elastic dispatch paid, times REDESIGN_MARGIN: positive
    assert all(kwh > 0 for extra in asked for kwh in extra.values())
    assert report["redesign_margins_kwh"] == asked
    assert report["used"] and info.status == "optimal"
    assert info.objective_cny_per_yr == pytest.approx(cold.objective_cny_per_yr, rel=1e-9)
    assert all(m.rule_slack_kwh[r].value == 0.0 for r in m.RULES)
    assert REDESIGN_MARGIN > 1.0


def test_a_redesign_starts_from_the_sized_storage_times_the_factor():
    from simulator.model.screening import size_on_typical_periods

    sc, index, inp = _zero_carbon_week()
    settings = solver_settings(sc)
    m = build_model(inp)
    start = redesigner(inp, index, sc.solver, settings, m)({})  # no margin: the plain typical-period sizing
    sized = size_on_typical_periods(inp, index, settings, sc.solver.typical_periods, sc.solver.period_hours,
                                    sc.solver.typical_period_representation)
    assert inp.grid.connected and sized.capacities["storage_kwh"] > 0.0
    for var, key in ((m.storage_energy_kwh["storage"], "storage_kwh"), (m.storage_power_kw["storage"], "storage_kw")):
        assert start[var] == pytest.approx(TYPICAL_STORAGE_FACTOR * sized.capacities[key], rel=1e-6)


def test_rule_margin_tightens_the_typical_period_rule():
    """A margin of X kWh on a rule makes the typical periods meet it with X to spare (recomputed sums)."""
    from simulator.model.screening import size_on_typical_periods

    sc, index, inp = _zero_carbon_week()
    settings = solver_settings(sc)
    plain = size_on_typical_periods(inp, index, settings, 2, 24)
    total_kwh = float((inp.load_kw * inp.weights).sum() * inp.dt_h)
    margin = 0.3 * total_kwh  # the rule asks 50 % of the load self-supplied: now 80 %
    tight = size_on_typical_periods(inp, index, settings, 2, 24,
                                    rule_margin_kwh={"910_direct_green_share": margin})
    # more green capacity is needed to self-supply 30 % more of the week's load
    green = lambda caps: sum(v for k, v in caps.items() if k.startswith("gen:"))  # noqa: E731
    assert green(tight.capacities) > 1.01 * green(plain.capacities)
    assert tight.objective_cny_per_yr > (1 + 1e-3) * plain.objective_cny_per_yr


def test_screened_design_short_of_a_rule_is_sized_again_until_the_year_meets_it():
    from simulator.model.screening import Screening, fix_capacities, screen_with_margins, size_on_typical_periods

    sc, index, inp = _zero_carbon_week()
    settings = solver_settings(sc)
    sized = size_on_typical_periods(inp, index, settings, 2, 24)
    # a design with a third of the generators misses the green-share rules over the week
    short = {k: (v / 3 if k.startswith("gen:") else v) for k, v in sized.capacities.items()}
    m = build_model(inp, elastic=True)
    fix_capacities(m, short)
    info = solve_model(m, settings)
    total_kwh = float((inp.load_kw * inp.weights).sum() * inp.dt_h)
    assert max(m.rule_slack_kwh[r].value for r in m.RULES) > 1e-3 * total_kwh
    first = Screening(short, sized.objective_cny_per_yr, 2, 24, 0.0, 0.0, 0.0, [])
    screening, info = screen_with_margins(m, inp, index, sc.solver, settings, first, info,
                                          lambda model: solve_model(model, settings))
    assert info.status == "optimal" and screening.rule_margins_kwh
    assert max(m.rule_slack_kwh[r].value for r in m.RULES) <= 1e-9 * total_kwh
    # the design is the typical-period sizing with the recorded margins; the one dispatched has its
    # battery storage times the factor (grid-connected), and it is what the model holds
    again = size_on_typical_periods(inp, index, settings, 2, 24, rule_margin_kwh=screening.rule_margins_kwh)
    assert screening.capacities == pytest.approx(again.capacities, rel=1e-6)
    assert screening.storage_factor == TYPICAL_STORAGE_FACTOR
    assert screening.fixed_capacities == pytest.approx(scaled_capacities(again, inp)[0], rel=1e-6)
    assert m.storage_energy_kwh["storage"].value == pytest.approx(screening.fixed_capacities["storage_kwh"], rel=1e-9)


def test_run_starts_from_the_peak_period_design_and_reaches_the_cold_optimum():
    # a grid-connected park paying a capacity price: the start design is sized on K typical days and, on top
    # of them, the real peak days of a probe design as periods of their own (docs/speed.md, third and eighth
    # slots); only the start differs from the cold solve, so the objective is the cold one to 1e-9 relative
    from simulator import run
    from simulator.model.screening import PEAK_PERIODS_PER_ROUND

    overrides = {"park.days": 28, "policy.direct_supply": True, "solver.typical_periods": 7,
                 "solver.period_hours": 24}
    warm = run(make_scenario(SMALL_PARK, **overrides, **{"solver.warm_start": "typical_periods"}))
    cold = run(make_scenario(SMALL_PARK, **overrides, **{"solver.warm_start": "none"}))
    assert warm.status == cold.status == "optimal"
    report = warm.summary["solver"]["warm_start"]
    assert report["used"] and len(report["design_peak_periods"]) == PEAK_PERIODS_PER_ROUND
    assert report["typical_periods"] == 7  # the warm start's K typical days, its peak days on top
    assert all(0 <= d < 28 for d in report["design_peak_periods"])
    assert warm.summary["objective_cny_per_yr"] == pytest.approx(cold.summary["objective_cny_per_yr"], rel=1e-9)
    # grid-connected: it started from the design's storage times TYPICAL_STORAGE_FACTOR, the rest as designed
    assert report["start_storage_factor"] == TYPICAL_STORAGE_FACTOR
    design, begin = report["design_capacities"], report["start_capacities"]
    assert set(begin) == set(design)
    for key, value in design.items():
        expected = value * TYPICAL_STORAGE_FACTOR if key in ("storage_kwh", "storage_kw") else value
        assert begin[key] == pytest.approx(expected, rel=1e-12)


def _inputs(**overrides):
    sc = make_scenario(SMALL_PARK, **overrides)
    return scenario_inputs(sc)[1]


def _design(capacities: dict) -> Screening:
    return Screening(capacities=capacities, objective_cny_per_yr=0.0, n_periods=7, period_hours=24, reduce_s=0.0,
                     build_s=0.0, solve_s=0.0, medoids=[])


def test_scaled_capacities_scale_storage_on_grid_keep_its_duration_under_a_cap_and_leave_off_grid_alone():
    design = {"gen:pv": 1000.0, "storage_kwh": 4000.0, "storage_kw": 1000.0, "connection_kw": 800.0}
    begin, factor = scaled_capacities(_design(design), _inputs())
    assert factor == TYPICAL_STORAGE_FACTOR > 1.0
    assert begin == {**design, "storage_kwh": 4000.0 * factor, "storage_kw": 1000.0 * factor}
    # a cap below the scaled energy: energy stops at the cap, power by the same factor (duration 4 h kept)
    capped, _ = scaled_capacities(_design(design), _inputs(**{"storage.max_kwh": 4200.0}))
    assert capped["storage_kwh"] == pytest.approx(4200.0, rel=1e-12)
    assert capped["storage_kw"] == pytest.approx(1050.0, rel=1e-12)
    # a design already at its cap is not moved
    at_cap, _ = scaled_capacities(_design(design), _inputs(**{"storage.max_kw": 1000.0}))
    assert (at_cap["storage_kwh"], at_cap["storage_kw"]) == (4000.0, 1000.0)
    off, factor = scaled_capacities(_design(design), _inputs(**{"grid.connected": False, "policy.direct_supply": False}))
    assert factor == 1.0 and off == design
