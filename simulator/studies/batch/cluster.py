"""A Dask LocalCluster set up for studies: one single-threaded worker process per core, the simulator
imported once when each worker starts, no statistical profiler.

Use it as ``with local_client(2) as client: run_study(study, out, executor=client)``. For workers started
by hand on other machines the same start-up is ``dask worker --preload simulator.studies.batch.preload``.

Why these settings (docs/speed.md, "third slot: batches"):

- ``processes=True, threads_per_worker=1``: a run holds the GIL in Pyomo for most of its time, so two runs
  in one process would take turns; HiGHS is run single-threaded by the simulator anyway.
- :mod:`simulator.studies.batch.preload` in each worker at start: without it the first run on each worker
  imports pandas, Pyomo, pvlib, tsam and the simulator (1.5-3 s) and its run time includes that, and
  every run pays full garbage collections over the imported modules' objects (see that module); with it
  the cluster is ready to run when ``local_client`` returns, and runs cost what they cost on the local pool.
- no statistical profiler (``distributed.worker.profile.enabled = False``): the worker samples every
  thread's stack every 10 ms for the dashboard, a cost on every run that no study reads.
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
from typing import Iterator

from simulator.errors import InputError, InputIssue

from simulator.studies.batch.runner import PRELOAD
CONFIG = {"distributed.worker.profile.enabled": False}

log = logging.getLogger(__name__)


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
