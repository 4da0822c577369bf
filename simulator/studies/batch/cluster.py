"""A Dask LocalCluster set up for studies: one single-threaded worker process per core, the simulator
imported once when each worker starts, no statistical profiler.

Use it as ``with local_client(2) as client: run_study(study, out, executor=client)``. For workers started
by hand on other machines the same start-up is ``dask worker --preload simulator.studies.batch.preload``;
without it, :func:`prepare_workers` (called by ``run_study`` for every Dask client) does it on the cluster's
workers before the first run is sent.

Why these settings (docs/speed.md, "third slot: batches"):

- ``processes=True, threads_per_worker=1``: a run holds the GIL in Pyomo for most of its time, so two runs
  in one process would take turns; HiGHS is run single-threaded by the simulator anyway.
- :mod:`simulator.studies.batch.preload` in each worker at start: without it the first run on each worker
  imports pandas, Pyomo, pvlib, tsam and the simulator (1.5-3 s) and its run time includes that, and
  every run pays full garbage collections over the imported modules' objects (see that module); with it
  the cluster is ready to run when ``local_client`` returns, and runs cost what they cost on the local pool.
- no statistical profiler (``distributed.worker.profile.enabled = False``: the worker samples every
  thread's stack every 10 ms for the dashboard) and the event loop's health check every second instead
  of every 20 ms (``distributed.admin.tick.interval``): an idle worker then uses 1.1 % of a core instead
  of 2.6 %, and a 28-day run about 5 % less CPU (docs/speed.md).
"""
from __future__ import annotations

import contextlib
import importlib
import logging
import os
import time
from typing import Iterator

from distributed.diagnostics.plugin import WorkerPlugin

from simulator.errors import InputError, InputIssue


# the start-up module of every study worker (the same name as runner.PRELOAD, the local pool's; not
# imported from there: runner imports this module, and tests/test_architecture.py forbids the cycle)
PRELOAD = "simulator.studies.batch.preload"
# no statistical profiler; the event-loop health check every 1 s instead of every 20 ms (a busy run makes
# the worker's event loop take the interpreter lock from it 50 times a second otherwise)
CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s"}

log = logging.getLogger(__name__)


class PrepareWorker(WorkerPlugin):
    """Imports :mod:`simulator.studies.batch.preload` on every worker of a cluster, present and future.

    On a worker started with that preload it does nothing more. On a worker that already holds data,
    the objects alive at that moment are frozen out of the cyclic garbage collector's reach too (they are
    still freed by reference counting once unused)."""

    idempotent = True  # registered once per cluster, however many studies run on it
    name = "zcpark-prepare-worker"

    def setup(self, worker) -> None:  # noqa: ARG002 - the plugin interface
        importlib.import_module(PRELOAD)


def prepare_workers(client) -> None:
    """Prepare every worker of ``client``'s cluster for study runs before any is sent (see
    :class:`PrepareWorker`); waits until each present worker has imported the simulator."""
    client.register_plugin(PrepareWorker(), name=PrepareWorker.name)


@contextlib.contextmanager
def local_client(workers: int | None = None, timings: dict | None = None) -> Iterator:
    """A ``dask.distributed.Client`` on a fresh LocalCluster of ``workers`` single-threaded processes.

    Parameters
    ----------
    workers : int, optional
        Worker processes (default: number of CPUs).
    timings : dict, optional
        Filled with ``start_s`` (cluster started and every worker has imported the simulator [s]) and,
        when the block ends, ``close_s`` (client and cluster closed [s]), wall-clock seconds.

    Yields
    ------
    dask.distributed.Client
        Give it to :func:`simulator.studies.batch.run_study` as ``executor``.
    """
    if workers is None:
        workers = os.cpu_count() or 1
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise InputError(InputIssue("local_client", "workers", workers, "a whole number of processes >= 1"))
    import dask
    from dask.distributed import Client, LocalCluster

    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    with dask.config.set(CONFIG):  # the nannies copy the configuration into the worker processes
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               preload=[PRELOAD])
    closing = None
    try:
        client = Client(cluster)
        try:
            client.wait_for_workers(workers)
            timings["start_s"] = time.perf_counter() - t0
            log.info(f"Dask LocalCluster of {workers} workers started in {timings['start_s']:.1f} s")
            yield client
        finally:
            closing = time.perf_counter()
            client.close()
    finally:
        closing = closing or time.perf_counter()
        cluster.close()
        timings["close_s"] = time.perf_counter() - closing
