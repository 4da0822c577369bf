"""Which HiGHS method and pricing the project gives its own LPs (simulator.model.settings): dual simplex
priced by Devex for the dispatch LPs of off-grid and heat parks and for the typical-period sizing of a
grid-connected park with at most one linked store; a method or option the user set is kept."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from simulator.model.settings import DUAL_EDGE_WEIGHT, SolverSettings, dispatch_settings, sizing_settings

KEY = "simplex_dual_edge_weight_strategy"


@pytest.mark.parametrize("method", ["ipx", "ipm", "choose"])
def test_dispatch_settings_price_dual_simplex_by_devex_where_they_choose_it(method):
    for chosen in (dispatch_settings(SolverSettings(method=method), off_grid=True),
                   dispatch_settings(SolverSettings(method=method), heat=True)):
        options = chosen.highs_options()
        assert options["solver"] == "simplex" and options[KEY] == DUAL_EDGE_WEIGHT == 1
    grid = dispatch_settings(SolverSettings(method=method))  # grid-connected: the method as set (IPX on the primal)
    assert grid.method == method and KEY not in grid.highs_options()


def _inputs(connected=True, stores=1, hydrogen=False):
    """The parts of ModelInputs sizing_settings reads."""
    return SimpleNamespace(grid=SimpleNamespace(connected=connected), stores=[object()] * stores,
                           hydrogen=object() if hydrogen else None)


@pytest.mark.parametrize("method", ["ipx", "ipm", "choose"])
def test_sizing_settings_give_a_grid_connected_one_store_sizing_to_devex_dual_simplex(method):
    own = SolverSettings(method=method)
    for inp in (_inputs(), _inputs(stores=0), _inputs(stores=0, hydrogen=True)):  # at most one linked store
        options = sizing_settings(own, inp).highs_options()
        assert options["solver"] == "simplex" and options[KEY] == DUAL_EDGE_WEIGHT
    # as set where IPX is faster: off grid, two or more linked stores (storage technologies, a hydrogen tank)
    for inp in (_inputs(connected=False), _inputs(stores=2), _inputs(stores=3), _inputs(hydrogen=True)):
        assert sizing_settings(own, inp) is own
    assert own == SolverSettings(method=method)  # the caller's settings untouched


def test_a_method_or_pricing_the_user_chose_is_kept():
    for method in ("simplex", "pdlp"):
        assert sizing_settings(SolverSettings(method=method), _inputs()) == SolverSettings(method=method)
        assert KEY not in dispatch_settings(SolverSettings(method=method), off_grid=True).highs_options()
    own = SolverSettings(options={KEY: 2})
    assert sizing_settings(own, _inputs()).highs_options()[KEY] == 2
    assert dispatch_settings(own, off_grid=True).highs_options()[KEY] == 2
    assert own.options == {KEY: 2}
