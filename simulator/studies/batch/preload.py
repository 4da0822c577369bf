"""Prepare a worker process for study runs: importing this module imports everything a run needs, once.

It is the start-up of every study worker: the local pool's fork server imports it before forking the
workers (they inherit the imports), and Dask workers import it at start (``local_client`` passes it as
the workers' ``preload``; for workers started by hand: ``dask worker --preload simulator.studies.batch.preload``).

Two things happen on import:

1. every module of the stages a run goes through (``simulator.inputs``, ``simulator.model``,
   ``simulator.results``) is imported, including those a run imports only when it gets there (the
   typical-period start design with tsam and scikit-learn, the baseline, finance): otherwise the first
   run on each worker pays them (0.4-0.6 CPU s on this machine, docs/speed.md);
2. the objects created so far (modules, classes, functions: ≈ 190,000 objects) are moved out of the
   garbage collector's reach with :func:`gc.freeze` after one collection. A run builds millions of
   short-lived Pyomo objects, which trigger full collections; without the freeze every full collection
   traverses all the imported modules' objects again (0.26-0.37 s of a 28-day run of 1.1-1.3 CPU s, measured in
   docs/speed.md). Frozen objects are never freed, which costs nothing here: modules live as long as the
   process. The Python documentation recommends the same before forking worker processes (it also keeps
   the fork server's memory pages shared with the workers).

Not for the study process or any other long-lived process of a user: only worker processes import it.
"""
from __future__ import annotations

import gc
import importlib
import pkgutil

import simulator.inputs
import simulator.model
import simulator.results
import simulator.results.run  # noqa: F401 - the run function itself
import simulator.studies.batch.runner  # noqa: F401 - execute_run, the function the workers call

STAGES = (simulator.inputs, simulator.model, simulator.results)


def import_stages() -> list[str]:
    """Import every module of the packages in :data:`STAGES`; return their names."""
    names = []
    for package in STAGES:
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(info.name)
            names.append(info.name)
    return names


MODULES = import_stages()
gc.collect()
gc.freeze()
