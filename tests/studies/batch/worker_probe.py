"""What a worker process has prepared before its first run (importable there by module name)."""
from __future__ import annotations

import gc
import os
import sys

# modules a run imports only when it gets there (the typical-period start design, baseline, finance)
LATE_MODULES = ("simulator.model.screening", "tsam", "sklearn", "simulator.results.baseline",
                "simulator.results.finance")


def worker_state() -> dict:
    """This process's id, how many objects are frozen out of the garbage collector's reach, and which of
    :data:`LATE_MODULES` are imported."""
    return {"pid": os.getpid(), "frozen": gc.get_freeze_count(),
            "imported": sorted(name for name in LATE_MODULES if name in sys.modules)}
