"""Kill ``Result.write`` with SIGKILL before its k-th file operation, for every k.

:func:`kill_matrix` (called by the test, or ``python kill_writer.py RESULTS.pkl TEMPLATE WORK`` with the
(old, new) results pickled) for k = 0, 1, 2, ... copies the folder ``TEMPLATE`` (the old run written,
plus a user's files) to ``WORK/k`` and forks a child that writes the new run into it with ``os.replace``, ``os.rename`` and
``os.unlink`` wrapped to send SIGKILL to the child itself just before the k-th call (k = 0: no kill,
counts the calls). The child is a real process killed by the kernel: no ``finally`` block, no
``atexit``. The report is a stand-in written by the ``add_files`` hook (the real report takes
seconds per run): it names the run id of the summary it was staged with, so a test can tell whether
it belongs to the summary beside it. Returns ``{"calls": N, "killed": [k, ...], "failed": [k, ...]}``
(failed: the write raised, or hung for more than 60 s). A child that is not killed writes no Parquet
(the new run is infeasible in the test), so forking a process that has used Arrow's threads is safe.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path


def stand_in_report(stage: Path) -> None:
    """Write ``report_en.html`` naming the run id of the staged summary (through the same atomic write)."""
    from simulator.results.write import write_text

    run_id = json.loads((stage / "summary.json").read_text(encoding="utf-8"))["output"]["run_id"]
    write_text(f"<html><body>report of run {run_id}</body></html>\n", stage / "report_en.html")


def _child(new, folder: Path, kill_at: int, count_file: Path) -> None:
    calls = [0]

    def wrap(function):
        def wrapped(*args, **kwargs):
            calls[0] += 1
            if calls[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return wrapped

    os.replace, os.rename, os.unlink = wrap(os.replace), wrap(os.rename), wrap(os.unlink)
    new.write(folder, add_files=stand_in_report)
    count_file.write_text(str(calls[0]))


def _wait(pid: int, timeout_s: float = 60.0) -> int | None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def kill_matrix(new, template: Path, work_dir: Path) -> dict:
    """Write ``new`` into copies of ``template``, killed before each file operation in turn."""
    total, killed, failed, k = None, [], [], 0
    while total is None or k <= total:
        folder = work_dir / str(k)
        shutil.copytree(template, folder, symlinks=True)
        count_file = work_dir / f"count-{k}"
        pid = os.fork()
        if pid == 0:
            code = 3
            try:
                _child(new, folder, k, count_file)
                code = 0
            except BaseException:  # noqa: BLE001 - reported through the exit code
                traceback.print_exc()
            finally:
                os._exit(code)
        status = _wait(pid)
        if status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            killed.append(k)
        elif status is None or not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            failed.append(k)
        if k == 0:
            if not count_file.is_file():
                return {"calls": 0, "killed": killed, "failed": failed}
            total = int(count_file.read_text())
        k += 1
    return {"calls": total, "killed": killed, "failed": failed}


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as handle:
        _old, _new = pickle.load(handle)
    print(json.dumps(kill_matrix(_new, Path(sys.argv[2]), Path(sys.argv[3]))))
