"""Stand-ins for ``execute_run`` that run in worker processes (importable there by module name)."""
from __future__ import annotations

import json
import os
import time

CRASH_VALUE = 3  # the run whose grid value is this one kills its worker process


def fake_run_or_crash(spec, report_lang=None) -> dict:
    """Return a small optimal outcome at once, or kill this process for the run with ``CRASH_VALUE``."""
    if spec.varied.get("pv.max_kw") == CRASH_VALUE:
        time.sleep(0.2)  # let the other worker be busy too
        os._exit(9)  # as the kernel's OOM killer would: no exception, no cleanup
    time.sleep(0.05)
    record = {**spec.to_dict(), "status": "optimal", "message": "", "error_type": None, "pid": os.getpid(),
              "attempt": f"{spec.run_id}-{os.getpid()}-{time.monotonic_ns()}"}
    summary = {"scenario": "fake", "status": "optimal", "message": ""}
    return {"record": record, "files": {"summary.json": json.dumps(summary).encode("utf-8")}}


def wait_long(spec, report_lang=None) -> dict:
    """Note this worker's process id in the folder ``spec.scenario_file``, then sleep for 5 minutes (a
    long run): the study process is killed meanwhile."""
    from pathlib import Path

    (Path(spec.scenario_file) / f"{os.getpid()}.pid").write_text(str(os.getpid()))
    time.sleep(300)
    return fake_run_or_crash(spec, report_lang)
