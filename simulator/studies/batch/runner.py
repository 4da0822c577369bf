"""Running a study: every run on an executor, each run's files stored atomically, resume by skipping.

The work of one run (:func:`execute_run`) happens on a worker (a local process or a Dask worker) and
returns the run's files as bytes; the study process writes them to ``DIR/runs/.tmp-<id>-<random>/``
and renames that folder to ``DIR/runs/<id>/``. A run folder therefore exists only when complete, a
killed study leaves at most ``.tmp-*`` folders (removed when the study is resumed), and workers need
no shared file system. Errors of a run (bad inputs, solver failures, any exception in the simulator)
are caught on the worker and recorded as the run's outcome (status ``error``); an infeasible rule
set is recorded with status ``infeasible``. An exception raised by the executor itself (a worker
process that died) leaves the run unrecorded, so that resuming the study runs it again.
"""
from __future__ import annotations

import concurrent.futures as cf
import importlib
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
import traceback
import uuid
import warnings
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from simulator.studies.batch.study import RunSpec, Study, load_study, longest_first
from simulator.studies.batch.summary import replace_atomically, write_summary
from simulator.errors import InputError, InputIssue, ZcparkError
from simulator.results.write import check_output_folder, pid_alive

RUNS = "runs"
PRELOAD = "simulator.studies.batch.preload"  # the start-up import of every worker process (local and Dask)
TMP_PREFIX = ".tmp-"
LOCK = ".study.lock"


class _Notes(logging.Handler):
    """Collects the package's log warnings during one run (they go into ``run.json`` ``warnings``)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def execute_run(spec: RunSpec, report_lang: str | None = None) -> dict:
    """Run one scenario of a study on a worker and return its files.

    Parameters
    ----------
    spec : RunSpec
        The scenario file and overrides.
    report_lang : ``"zh"``, ``"en"`` or None
        Also write the run's HTML report (``report_<lang>.html``); a failing report is a warning of
        the run, not an error.

    Returns
    -------
    dict
        ``{"record": dict, "files": {file name: bytes}}``. ``record`` is the content of ``run.json``
        (spec, status, message, error type, wall and CPU time [s], host, process id, warnings); ``files``
        holds what ``Result.write`` wrote (``summary.json`` always, hourly files when optimal).
        Never raises for a problem of the run itself.
    """
    from simulator.results.run import run
    from simulator.scenario import load_scenario

    t0, cpu0 = time.perf_counter(), time.process_time()
    record = spec.to_dict()
    record.update({"host": socket.gethostname(), "pid": os.getpid(), "started_utc": _utc_now(),
                   "attempt": uuid.uuid4().hex})
    files: dict[str, bytes] = {}
    error_type = None
    notes, package_log = _Notes(), logging.getLogger("simulator")
    package_log.addHandler(notes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            scenario = load_scenario(spec.scenario_file, overrides=spec.overrides)
            result = run(scenario)
            with tempfile.TemporaryDirectory(prefix="zcpark-run-") as tmp:
                result.write(tmp)
                if report_lang is not None:
                    _write_report(tmp, report_lang)
                for path in sorted(Path(tmp).iterdir()):
                    if path.is_file():
                        files[path.name] = path.read_bytes()
            status, message = result.status, result.summary.get("message", "")
        except ZcparkError as exc:
            files.clear()  # never a summary of another status next to this one
            status, message, error_type = "error", str(exc), type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - any failure of one run is that run's outcome
            files.clear()
            status, message, error_type = "error", f"{type(exc).__name__}: {exc}", type(exc).__name__
            files["error.txt"] = traceback.format_exc().encode("utf-8")
    package_log.removeHandler(notes)
    record.update({"status": status, "message": message, "error_type": error_type,
                   "warnings": sorted({str(w.message) for w in caught} | set(notes.messages)),
                   "wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - cpu0,
                   "finished_utc": _utc_now()})
    if "summary.json" not in files:
        summary = {"scenario": Path(spec.scenario_file).stem, "status": status, "message": message,
                   "error_type": error_type}
        files["summary.json"] = json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8")
    return {"record": record, "files": files}


def _write_report(folder: str, lang: str) -> None:
    try:
        from simulator.outputs.html import write_report

        write_report(folder, lang)
    except Exception as exc:  # noqa: BLE001 - the run's results stand without their report
        logging.getLogger(__name__).warning(f"report not written: {type(exc).__name__}: {exc}")


def store_outcome(runs_dir: Path, outcome: dict) -> Path:
    """Write a run's files into ``runs_dir/<id>/`` atomically (temporary folder, then rename).

    ``summary.json`` is written last inside the temporary folder. If the final folder already holds
    a finished run (the run was stored meanwhile) the new copy is discarded and the existing one kept;
    a damaged final folder (no ``summary.json``, or one that cannot be read) is replaced by the new one.
    """
    record = outcome["record"]
    final = runs_dir / record["run_id"]
    tmp = runs_dir / f"{TMP_PREFIX}{record['run_id']}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        for name, data in outcome["files"].items():
            if name != "summary.json":
                (tmp / name).write_bytes(data)
        (tmp / "run.json").write_text(_json_text(record), encoding="utf-8")
        (tmp / "summary.json").write_bytes(outcome["files"]["summary.json"])
        if final.exists():
            if run_status(final) is not None:
                shutil.rmtree(tmp)
                return final
            aside = runs_dir / f"{TMP_PREFIX}damaged-{record['run_id']}-{uuid.uuid4().hex[:8]}"
            os.rename(final, aside)  # removed below, or by the next start if killed here
            os.rename(tmp, final)
            shutil.rmtree(aside, ignore_errors=True)
            return final
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def run_status(folder: Path) -> str | None:
    """Status recorded in ``folder/summary.json``; None when the run is unfinished (no file, a file
    that cannot be read, or one without a status)."""
    try:
        summary = json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    status = summary.get("status") if isinstance(summary, dict) else None
    return status if isinstance(status, str) and status else None


def finished_runs(out_dir: str | Path) -> dict[str, str]:
    """Run id -> status of every finished run folder under ``DIR/runs`` (one whose ``summary.json``
    can be read and has a status; any other folder is unfinished and is run again)."""
    runs_dir = Path(out_dir) / RUNS
    done = {}
    if not runs_dir.is_dir():
        return done
    for folder in runs_dir.iterdir():
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        status = run_status(folder)
        if status is not None:
            done[folder.name] = status
    return done


@dataclass
class Progress:
    """Counts of a study in progress, given to the ``progress`` callback after each run.

    Attributes
    ----------
    total : int
        Runs in the study.
    skipped : int
        Runs already finished before this call (resume); they are also counted by outcome below.
    optimal, infeasible, failed : int
        Finished runs of the study by outcome (``failed`` = status ``error`` or lost to the executor).
    last : tuple of (run id, status) or None
    """

    total: int
    skipped: int = 0
    optimal: int = 0
    infeasible: int = 0
    failed: int = 0
    last: tuple | None = None
    lost: dict = field(default_factory=dict)

    @property
    def done(self) -> int:
        """Runs solved (optimal or infeasible), including those finished before this call."""
        return self.optimal + self.infeasible

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.failed


class _Lock:
    """``DIR/.study.lock`` with this process's id; refuses if another live process on this host holds it."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / LOCK

    def __enter__(self):
        host, pid = socket.gethostname(), os.getpid()
        if self.path.is_file():
            try:
                held = json.loads(self.path.read_text())
            except (OSError, ValueError):
                held = {}
            other = held.get("pid")
            if held.get("host") == host and isinstance(other, int) and other != pid and pid_alive(other):
                raise InputError(InputIssue(str(self.path.parent), "<out>", str(self.path.parent),
                                            f"a folder no other study is writing to (process {other} is)"))
        text = _json_text({"host": host, "pid": pid, "started_utc": _utc_now()})
        replace_atomically(lambda tmp: Path(tmp).write_text(text), self.path)
        return self

    def __exit__(self, *exc):
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def _clean_partial(runs_dir: Path) -> int:
    """Remove temporary folders left by a killed study; return how many."""
    count = 0
    for folder in runs_dir.glob(f"{TMP_PREFIX}*"):
        shutil.rmtree(folder, ignore_errors=True)
        count += 1
    return count


def _worker_init() -> None:
    """Set up a worker process: leave Ctrl-C to the study process (which stops handing out runs and
    shuts the workers down), and exit as soon as the study process is gone (killed with SIGKILL, say),
    instead of finishing its run for nobody: a watcher thread waits on the parent's sentinel (a pipe
    that closes when the study process dies). The fork server and the resource tracker exit once no
    worker holds their pipes."""
    importlib.import_module(PRELOAD)  # already imported under the fork server; the spawn fallback needs it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="zcpark-parent-watch", daemon=True).start()


def _process_context():
    """Start worker processes from a fork server that has imported the simulator once.

    The fork server imports :mod:`simulator.studies.batch.preload` (every module a run needs, then the
    imported objects frozen out of the garbage collector's reach). Workers start fast (no re-import per
    pool) and never inherit the threads of the study process (progress bar, Dask client) as plain
    ``fork`` would. Scripts that call :func:`run_study` need the
    usual ``if __name__ == "__main__":`` guard, as with any process pool that does not fork.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    return context


def _local_pool(count: int) -> cf.ProcessPoolExecutor:
    return cf.ProcessPoolExecutor(max_workers=count, mp_context=_process_context(), initializer=_worker_init)


def _make_executor(executor, workers: int | None):
    """(executor, owned): a local process pool when None; a Dask client's executor for a Client."""
    if executor is None:
        return _local_pool(workers or os.cpu_count() or 1), True
    if hasattr(executor, "get_executor") and not isinstance(executor, cf.Executor):  # dask.distributed.Client
        from simulator.studies.batch.cluster import prepare_workers

        prepare_workers(executor)
        return executor.get_executor(pure=False), True
    return executor, False


def run_study(study: Study | str | Path, out_dir: str | Path | None = None, executor=None,
              workers: int | None = None, progress: Callable[[Progress], None] | None = None,
              retry_errors: bool = False, report_lang: str | None = None) -> pd.DataFrame:
    """Run every run of a study that has no finished folder yet, then rebuild the summary.

    Runs are handed out longest horizon first (:func:`simulator.studies.batch.study.longest_first`), so
    that no long run starts when the other workers are about to finish.

    Parameters
    ----------
    study : Study or path
        An expanded study or a study TOML file.
    out_dir : path, optional
        Output folder: ``runs/<id>/`` per run, ``summary.csv`` and ``summary.parquet``
        (default: ``results/<study name>`` in the working folder).
    executor : optional
        Any ``concurrent.futures.Executor`` (its ``submit`` is used) or a ``dask.distributed.Client``.
        Default: a local process pool with ``workers`` processes.
    workers : int, optional
        Size of the default process pool (default: number of CPUs). Ignored with ``executor``.
    progress : callable, optional
        Called with a :class:`Progress` once before the first run and after every run.
    retry_errors : bool
        Run again the runs whose recorded status is ``error`` (their old folders are removed).
    report_lang : ``"zh"``, ``"en"`` or None
        Write each run's HTML report (``report_<lang>.html``) into its folder (a few seconds per run).

    Returns
    -------
    pandas.DataFrame
        The summary, one row per run folder (see :func:`simulator.studies.batch.summary.build_summary`);
        ``attrs["lost"]`` maps run ids that the executor could not run to the error message
        (they have no folder and run again on resume).
    """
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError(InputIssue("run_study", "workers", workers, "a whole number of processes >= 1"))
    if out_dir is not None:
        check_output_folder(out_dir)  # before any work (the default folder is checked below)
    if not isinstance(study, Study):
        study = load_study(study)
    out_dir = Path(out_dir) if out_dir is not None else Path("results") / study.name
    check_output_folder(out_dir)
    runs_dir = out_dir / RUNS
    runs_dir.mkdir(parents=True, exist_ok=True)
    note = progress or (lambda _p: None)
    with _Lock(out_dir):
        _clean_partial(runs_dir)
        text = _json_text({"name": study.name, "source": study.source, "description": study.description,
                           "varied_keys": study.varied_keys, "runs": [r.to_dict() for r in study.runs]})
        replace_atomically(lambda tmp: Path(tmp).write_text(text, encoding="utf-8"), out_dir / "study.json")
        finished = finished_runs(out_dir)
        if retry_errors:
            for rid in [r for r, status in finished.items() if status == "error"]:
                aside = runs_dir / f"{TMP_PREFIX}retry-{rid}"
                os.rename(runs_dir / rid, aside)
                shutil.rmtree(aside)
                del finished[rid]
        todo = longest_first([spec for spec in study.runs if spec.run_id not in finished])
        state = Progress(total=len(study.runs), skipped=len(study.runs) - len(todo))
        for spec in study.runs:
            status = finished.get(spec.run_id)
            if status == "optimal":
                state.optimal += 1
            elif status == "infeasible":
                state.infeasible += 1
            elif status is not None:
                state.failed += 1
        note(state)
        if todo:
            _run_all(todo, runs_dir, executor, workers, state, note, report_lang)
        frame = write_summary(out_dir)
    frame.attrs["lost"] = dict(state.lost)
    return frame


def _record(runs_dir: Path, outcome: dict, state: Progress, note: Callable[[Progress], None]) -> None:
    """Store one outcome and count it."""
    store_outcome(runs_dir, outcome)
    status = outcome["record"]["status"]
    if status == "optimal":
        state.optimal += 1
    elif status == "infeasible":
        state.infeasible += 1
    else:
        state.failed += 1
    state.last = (outcome["record"]["run_id"], status)
    note(state)


def _lose(spec: RunSpec, exc: BaseException, state: Progress, note: Callable[[Progress], None]) -> None:
    """The executor could not run ``spec``: no folder, so the next start runs it again."""
    state.failed += 1
    state.lost[spec.run_id] = f"{type(exc).__name__}: {exc}"
    state.last = (spec.run_id, "lost")
    note(state)


def crash_outcome(spec: RunSpec, exc: BaseException) -> dict:
    """The outcome of a run that killed the worker process running it (on its own, or on every retry)."""
    message = ("the worker process died while running this run (killed for lack of memory, or a crash in "
               f"a native library; see the system log): {type(exc).__name__}: {exc}")
    record = {**spec.to_dict(), "status": "error", "message": message, "error_type": "WorkerDied",
              "attempt": uuid.uuid4().hex, "finished_utc": _utc_now(), "warnings": []}
    summary = {"scenario": Path(spec.scenario_file).stem, "status": "error", "message": message,
               "error_type": "WorkerDied"}
    return {"record": record, "files": {"summary.json": _json_text(summary).encode("utf-8")}}


def _submit_all(pool, owned: bool, specs: list[RunSpec], fn: Callable, report_lang: str | None, runs_dir: Path,
                state: Progress, note: Callable[[Progress], None]) -> list[tuple[RunSpec, BaseException]]:
    """Run ``specs`` on ``pool``, storing each outcome as it comes; return the runs the executor failed
    (with its exception) in submission order."""
    futures = {}
    failed = []
    try:
        for spec in specs:
            futures[pool.submit(fn, spec, report_lang)] = spec
        for future in cf.as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - the executor failed, not the run
                failed.append((futures[future], exc))
                continue
            _record(runs_dir, outcome, state, note)
    except BaseException:
        for future in futures:
            future.cancel()
        if owned and isinstance(pool, cf.ProcessPoolExecutor):
            pool.shutdown(wait=False, cancel_futures=True)
        elif owned:
            pool.shutdown(wait=False)
        raise
    if owned:
        pool.shutdown(wait=True)
    order = {spec.run_id: i for i, spec in enumerate(specs)}
    return sorted(failed, key=lambda item: order[item[0].run_id])


def _run_all(todo: list[RunSpec], runs_dir: Path, executor, workers: int | None, state: Progress,
             note: Callable[[Progress], None], report_lang: str | None = None, fn: Callable = execute_run) -> None:
    """Run ``todo``; on the local pool, survive runs that kill their worker process.

    When a worker process dies, the local pool breaks and every unfinished run fails with it. The
    runs that were on the workers or next in line (the first ``workers + 1`` unfinished, as the pool
    hands out runs in order) are suspects: each is run again alone, and one that kills its worker
    alone is recorded as an error (``WorkerDied``). The other runs go back to a fresh pool. With a
    Dask client, Dask retries a run whose worker died and gives up with ``KilledWorker`` after
    several deaths: that run is recorded the same way. Other executor failures leave the run
    unrecorded (run again on resume).
    """
    if executor is not None:
        pool, owned = _make_executor(executor, workers)
        for spec, exc in _submit_all(pool, owned, todo, fn, report_lang, runs_dir, state, note):
            if type(exc).__name__ == "KilledWorker":
                _record(runs_dir, crash_outcome(spec, exc), state, note)
            else:
                _lose(spec, exc, state, note)
        return
    count = workers or os.cpu_count() or 1
    queue, suspects = list(todo), []
    while queue or suspects:
        alone = not queue
        batch, queue = (queue, []) if queue else ([suspects.pop(0)], [])
        failed = _submit_all(_local_pool(1 if alone else count), True, batch, fn, report_lang, runs_dir,
                             state, note)
        broken = [spec for spec, exc in failed if isinstance(exc, BrokenProcessPool)]
        for spec, exc in failed:
            if not isinstance(exc, BrokenProcessPool):
                _lose(spec, exc, state, note)
            elif alone:
                _record(runs_dir, crash_outcome(spec, exc), state, note)
        if not alone:
            suspects += broken[:count + 1]
            queue = broken[count + 1:]
