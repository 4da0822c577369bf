"""One compiled model, re-solved as one mutable parameter moves: the LP is affine in the parameter.

A threshold sweep changes ``m.rule_threshold_fraction[rule]``, which multiplies variables in the rule
row (θ · available energy) and constants on its right-hand side (θ · load). Every number of the compiled
LP — matrix entries, row bounds, costs, objective constant — is then affine in θ. The model is
compiled at two values of the parameter; each new value only changes the entries, bounds and costs
that differ between the two (``changeCoeff``, ``changeRowsBounds``, ``changeColsCost``) in one HiGHS
instance (:class:`~simulator.model.direct.DirectModel`), which restarts from its last basis. This
replaces Pyomo's persistent interface, whose row-by-row hand-over costs about 10 s for a full year.
"""
from __future__ import annotations

import highspy
import numpy as np
import pyomo.environ as pyo

from simulator.errors import SolverError
from simulator.model.direct import DirectModel, compile_lp
from simulator.model.solve import SolverSettings


def _arrays(compiled):
    lp = compiled[0]
    return (np.asarray(lp.a_matrix_.start_), np.asarray(lp.a_matrix_.index_), np.asarray(lp.a_matrix_.value_),
            np.asarray(lp.row_lower_, dtype=float), np.asarray(lp.row_upper_, dtype=float),
            np.asarray(lp.col_cost_, dtype=float), float(compiled[2]))


def _bound_line(b1: np.ndarray, b2: np.ndarray, span: float) -> np.ndarray:
    """Slope of row bounds; infinite bounds must stay the same infinity."""
    finite = np.isfinite(b1) & np.isfinite(b2)
    if np.any(~finite & (b1 != b2)):
        raise SolverError("a row bound turns infinite as the parameter moves; rebuild per point instead")
    return np.where(finite, (np.where(finite, b2, 0.0) - np.where(finite, b1, 0.0)) / span, 0.0)


class ParametricModel:
    """A model compiled once into HiGHS, updated in place for each value of one mutable parameter.

    Parameters
    ----------
    m : ConcreteModel
        A linear model with one objective.
    param : ParamData
        A mutable parameter of ``m`` (e.g. ``m.rule_threshold_fraction["650_green_share"]``).
    settings : SolverSettings, optional
    points : tuple of two floats
        The parameter values the model is compiled at; non-zero, so that no term vanishes and both
        compilations have the same matrix pattern.

    Attributes
    ----------
    direct : DirectModel
        The HiGHS instance and the model's columns; ``direct.solve`` solves at the value last set.
    value : float
        The parameter value the instance holds.

    Raises
    ------
    SolverError
        If the columns, rows or matrix pattern differ between the two compilations (the LP is not
        affine in the parameter with a fixed pattern): rebuild per value instead.
    """

    def __init__(self, m: pyo.ConcreteModel, param, settings: SolverSettings | None = None,
                 points: tuple = (1.0, 2.0)):
        p1, p2 = (float(p) for p in points)
        if p1 == p2 or 0.0 in (p1, p2):
            raise ValueError("two distinct non-zero parameter values are needed")
        original = param.value
        try:
            param.set_value(p2)
            second = compile_lp(m)
            param.set_value(p1)
            first = compile_lp(m)
        finally:
            param.set_value(original)
        if len(first[1]) != len(second[1]) or any(a is not b for a, b in zip(first[1], second[1])):
            raise SolverError(f"the columns of the model change with {param.name}; rebuild per value instead")
        for name in ("col_lower_", "col_upper_"):
            if not np.array_equal(getattr(first[0], name), getattr(second[0], name)):
                raise SolverError(f"the variable bounds of the model change with {param.name}; "
                                  "rebuild per value instead")
        start1, index1, value1, rl1, ru1, cost1, off1 = _arrays(first)
        start2, index2, value2, rl2, ru2, cost2, off2 = _arrays(second)
        if rl1.size != rl2.size or not (np.array_equal(start1, start2) and np.array_equal(index1, index2)):
            raise SolverError(f"the matrix pattern of the model changes with {param.name}; rebuild per value instead")
        span = p2 - p1
        slope = (value2 - value1) / span
        moving = np.flatnonzero(slope)
        self._moving = moving
        self._entry_col = np.repeat(np.arange(start1.size - 1, dtype=np.int32), np.diff(start1))[moving]
        self._entry_row = index1[moving].astype(np.int32)
        self._entry = (value1[moving], slope[moving])
        lower_slope, upper_slope = _bound_line(rl1, rl2, span), _bound_line(ru1, ru2, span)
        self._rows = np.flatnonzero((lower_slope != 0.0) | (upper_slope != 0.0)).astype(np.int32)
        self._bounds = (rl1[self._rows], lower_slope[self._rows], ru1[self._rows], upper_slope[self._rows])
        cost_slope = (cost2 - cost1) / span
        self._costs = np.flatnonzero(cost_slope).astype(np.int32)
        self._cost = (cost1[self._costs], cost_slope[self._costs])
        self._offset = (off1, (off2 - off1) / span)
        self._p1 = p1
        self._lp, self._values = first[0], value1
        self.direct = DirectModel(m, settings, compiled=first)
        self.value = p1

    def set_value(self, value: float) -> None:
        """Move the HiGHS instance to parameter ``value`` (the Pyomo parameter is left to the caller)."""
        d = float(value) - self._p1
        highs = self.direct.highs
        entries = self._entry[0] + d * self._entry[1]
        if entries.size > self.MAX_ENTRY_CHANGES:
            self._pass_matrix(entries)
        else:
            for row, col, v in zip(self._entry_row.tolist(), self._entry_col.tolist(), entries.tolist()):
                highs.changeCoeff(row, col, v)
        if self._rows.size:
            lower0, lower_slope, upper0, upper_slope = self._bounds
            highs.changeRowsBounds(self._rows.size, self._rows, lower0 + d * lower_slope, upper0 + d * upper_slope)
        if self._costs.size:
            highs.changeColsCost(self._costs.size, self._costs, self._cost[0] + d * self._cost[1])
        highs.changeObjectiveOffset(self._offset[0] + d * self._offset[1])
        self.value = float(value)

    #: above this many moving matrix entries the matrix is handed over whole (``passModel``, basis kept):
    #: HiGHS deletes an entry set to zero and re-inserts it later, each time moving the whole matrix
    MAX_ENTRY_CHANGES = 64

    def _pass_matrix(self, entries: np.ndarray) -> None:
        highs = self.direct.highs
        basis = highs.getBasis()
        values = self._values.copy()
        values[self._moving] = entries
        self._lp.a_matrix_.value_ = values
        if highs.passModel(self._lp) == highspy.HighsStatus.kError:
            raise SolverError("HiGHS refused the updated model")
        if basis.valid:
            highs.setBasis(basis)

    @property
    def n_changed(self) -> dict:
        """How many matrix entries, row bounds and costs move with the parameter."""
        return {"entries": int(self._entry_row.size), "rows": int(self._rows.size), "costs": int(self._costs.size)}


__all__ = ["ParametricModel"]
