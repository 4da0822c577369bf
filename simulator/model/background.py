"""The start design's HiGHS run on a helper thread, while the caller builds the full model.

A warm-started run (:func:`simulator.results.run.run`) first sizes the park on typical periods
(:func:`simulator.model.screening.start_design`), then builds and compiles the full-horizon model. The two
do not depend on each other, and HiGHS holds no GIL while it runs: so where the start design is a single
sizing (off grid, a park without a capacity or demand charge, or a horizon without room for the peak
periods), :func:`begin_start_design` builds and compiles the typical-period model, leaves its HiGHS run
to a helper thread and returns; the caller builds and compiles the full model meanwhile (pure Python, on
the GIL) and then takes the design from :meth:`PendingDesign.result`. On the small off-grid benchmark park
that hides the typical-period run (0.25 s of 3 s end to end, docs/speed.md "sixth slot"). A start design
of several sizings (a grid-connected park paying for its connection: each round needs the last design's
peak periods) is made in full before the call returns.

The helper's run is quiet (:func:`~simulator.model.direct.run_logged`): no log and no interrupt callback,
so HiGHS never waits for the GIL the caller holds (with them the run took 1.2 s instead of 0.25 s), and
the start design's log was never kept anyway. ``timings_s.start_design`` of such a run is the time
on the caller's thread (building and compiling the typical-period model, then the wait for the design);
the sizing's own time, run on the helper thread while the cores were shared with the build, is
``solver.warm_start.design_sizing_s``. HiGHS keeps its task scheduler per thread (a
``thread_local`` executor handle), so the helper's run uses threads of its own; they are released when
it ends, as highspy does after a solve on its own thread. Runs on the caller's thread log through
HiGHS's logging callback rather than the process's file descriptors, so nothing the caller writes while
the helper runs ends up in a solver log.
"""
from __future__ import annotations

import threading

import highspy
import pandas as pd

from simulator.errors import SolverError
from simulator.inputs.model_inputs import ModelInputs
from simulator.model.direct import DirectModel
from simulator.model.screening import Screening, TypicalModel, single_sizing_start, start_design, typical_model
from simulator.model.settings import SolveInfo, SolverSettings, sizing_settings


class PendingDesign:
    """A start design, ready or with its typical-period HiGHS run under way on a helper thread.

    Made by :func:`begin_start_design`; :meth:`result` waits for the run and returns the design,
    :meth:`cancel` waits for it and drops the design (the caller failed meanwhile).
    """

    def __init__(self, design: Screening | None = None, sizing: TypicalModel | None = None,
                 direct: DirectModel | None = None):
        self._design = design
        self._sizing = sizing
        self._direct = direct
        self._info: SolveInfo | None = None
        self._error: BaseException | None = None
        self._thread = None
        if direct is not None:
            self._thread = threading.Thread(target=self._run, name="zcpark-start-design", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._info = self._direct.solve(quiet=True)  # its own settings; never waits for the GIL; values loaded
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by result()
            self._error = exc
        finally:
            highspy.Highs.resetGlobalScheduler(False)  # as highspy after a solve on its own thread

    @property
    def running(self) -> bool:
        """Whether the HiGHS run is on a helper thread and not yet taken by :meth:`result` or :meth:`cancel`."""
        return self._thread is not None

    def result(self) -> Screening | None:
        """The design (None where :func:`~simulator.model.screening.start_design` gives None: the
        typical-period model has no optimum); waits for the HiGHS run. The typical-period model and
        the HiGHS instance are let go here: only the design is kept.

        Raises
        ------
        Exception
            What the run raised, at every call, except a solver failure (None then, as ``start_design``).
        """
        if self._thread is not None:
            _join(self._thread)
            self._thread = None
            direct, sizing, info = self._direct, self._sizing, self._info
            self._direct = self._sizing = self._info = None  # the models are garbage once the design is read
            if isinstance(self._error, SolverError):
                self._error = None  # as start_design: no start design
            elif self._error is None:
                info.solve_s += direct.handover_s  # as solve_model: compilation and hand-over included
                try:
                    self._design = sizing.design(info)
                except SolverError:
                    self._design = None
        if self._error is not None:
            raise self._error
        return self._design

    def cancel(self) -> None:
        """Wait for the HiGHS run to end and drop the design and the models (the caller failed meanwhile).

        The run is quiet (:func:`~simulator.model.direct.run_logged`): it has no interrupt callback to
        stop it, and it is short (a typical-period model), so it is waited for rather than left running
        inside HiGHS while the interpreter shuts down.
        """
        if self._thread is not None:
            _join(self._thread)
        self._thread = self._direct = self._sizing = self._info = self._design = self._error = None


def _join(thread: threading.Thread) -> None:
    """Wait for ``thread`` even through Ctrl-C (its run is short); the interrupt is raised afterwards."""
    interrupted = None
    while thread.is_alive():
        try:
            thread.join()
        except KeyboardInterrupt as exc:  # a thread left inside HiGHS at shutdown can abort the interpreter
            interrupted = exc
    if interrupted is not None:
        raise interrupted


def begin_start_design(inp: ModelInputs, index: pd.DatetimeIndex, solver, settings: SolverSettings,
                       source: str = "scenario", background: bool = True) -> PendingDesign:
    """:func:`~simulator.model.screening.start_design`, with its HiGHS run on a helper thread where it is
    a single sizing and ``background`` is true (same arguments; an input error is raised here, before any
    thread starts). The caller then holds the typical-period model until :meth:`PendingDesign.result`:
    :func:`simulator.results.run.run` asks for the thread up to ``direct.OVERLAP_MAX_STEPS`` steps only."""
    if not (background and single_sizing_start(inp, solver)):  # no start, an input error, several sizings, no thread
        return PendingDesign(design=start_design(inp, index, solver, settings, source))
    try:
        sizing = typical_model(inp, index, solver.typical_periods, solver.period_hours,
                               solver.typical_period_representation)
        direct = DirectModel(sizing.model, sizing_settings(settings, inp))  # as start_design sizes
    except SolverError:
        return PendingDesign()
    return PendingDesign(sizing=sizing, direct=direct)


__all__ = ["PendingDesign", "begin_start_design"]
