"""Numbers in the CSV files a user opens: full precision (they read back to the same float), never in
exponent notation (``302395000``, not ``3.02395e+08``; ``0.00000000157``, not ``1.57e-09``)."""
from __future__ import annotations

import numpy as np


def plain_float(value: float) -> str:
    """Shortest positional text of ``value`` that reads back to the same float; ``-0.0`` is ``0``.

    Used as ``DataFrame.to_csv(float_format=plain_float)`` (pandas writes NaN as an empty cell first).
    """
    return np.format_float_positional(float(value) + 0.0, trim="-")
