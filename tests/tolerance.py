"""Float tolerances that scale with the problem, so a test holds on any CPU.

HiGHS meets each row to its primal feasibility tolerance (1e-7 by default) on the *scaled* problem;
after unscaling, a value it computes may be off by that tolerance times the size of the numbers around
it. A check of a solved value therefore allows ``solver_atol(scale)``: the tolerance times the largest
magnitude of the quantities involved (at least 1), times a safety factor of 10 for rounding that adds
up over the steps of a year. Values computed by our own arithmetic from the same floats (ratios recomputed
from hourly results, for example) keep tight tolerances, and so do the hand-solvable models of fixed size
(a few steps, values of order 100): their tolerances were chosen for that size, about 1e-8 of it.
"""
from __future__ import annotations

import numpy as np

#: HiGHS's default primal feasibility tolerance [-]
SOLVER_FEASIBILITY_TOLERANCE = 1e-7
#: allowance for rounding that accumulates over many steps and rows
SAFETY_FACTOR = 10.0


def solver_atol(*scales) -> float:
    """Absolute tolerance for a solved value: 10 × 1e-7 × the largest magnitude of ``scales`` (≥ 1).

    ``scales`` may be numbers, arrays or pandas objects (their largest absolute value counts).
    """
    largest = max([1.0] + [float(np.nanmax(np.abs(np.asarray(s, dtype=float)))) for s in scales])
    return SAFETY_FACTOR * SOLVER_FEASIBILITY_TOLERANCE * largest
