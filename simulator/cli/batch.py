"""``zcpark batch`` and ``zcpark compare``: the command-line side of batch studies (progress bar, report).

Exit codes of ``zcpark batch``: 0 every run optimal; 2 every run has an outcome but some are
infeasible or failed (their status and message are in the summary); 1 some runs could not be run by
the executor (a lost cluster connection, say; the same command retries them) or the study is wrong.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path

from simulator.cli.console import log

CONNECT_TIMEOUT = "20s"


def _on_sigterm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise SystemExit(128 + signum)


class _Bar:
    """Progress over runs (a tqdm bar on a terminal, plain lines when piped): done / failed / remaining."""

    def __init__(self, name: str, enabled: bool):
        self.name, self.enabled, self.progress = name, enabled, None

    def __call__(self, state) -> None:
        if not self.enabled:
            return
        from simulator.cli.console import Progress

        if self.progress is None:
            self.progress = Progress(self.name, state.total, initial=state.skipped)
        text = f"done {state.done}"
        if state.infeasible:
            text += f" (infeasible {state.infeasible})"
        text += f", failed {state.failed}, remaining {state.remaining}"
        if state.skipped:
            text += f" ({state.skipped} finished before)"
        self.progress.update(state.done + state.failed, text)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.close()


def cmd_batch(args) -> int:
    """Run a study from the command line; see the module docstring for exit codes."""
    from simulator.studies.batch.runner import finished_runs, run_study
    from simulator.studies.batch.study import load_study
    from simulator.errors import InputError, InputIssue

    study = load_study(args.study)
    client = None
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    bar = _Bar(study.name, enabled=not args.no_progress)
    try:
        if args.scheduler:
            from dask.distributed import Client

            try:
                client = Client(args.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise InputError(InputIssue("command line", "--scheduler", args.scheduler,
                                            f"a running dask scheduler (no answer in {CONNECT_TIMEOUT}: {exc})")) from None
            where = f"Dask scheduler {args.scheduler} ({len(client.scheduler_info()['workers'])} workers)"
        else:
            where = f"{args.workers or 'all'} local worker processes"
        before = len(set(finished_runs(args.out)) & {spec.run_id for spec in study.runs})
        log.info(f"study {study.name}: {len(study)} runs ({before} finished before, {len(study) - before} to run) "
                 f"on {where}; results in {args.out}")
        frame = run_study(study, args.out, executor=client, workers=args.workers, progress=bar,
                          retry_errors=args.retry_errors, report_lang=getattr(args, "report", None))
    except (KeyboardInterrupt, SystemExit) as exc:
        bar.close()
        done = finished_runs(args.out)
        unfinished = [spec.run_id for spec in study.runs if spec.run_id not in done]
        print(f"interrupted: finished runs are kept in {args.out}/runs; {len(unfinished)} runs not finished"
              + "".join(f"\n  {rid}: not finished" for rid in unfinished)
              + "\nrun the same command to resume", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else int(exc.code or 1)
    finally:
        bar.close()
        if client is not None:
            client.close()
        signal.signal(signal.SIGTERM, previous)
    ids = {spec.run_id for spec in study.runs}
    mine = frame[frame["run_id"].isin(ids)] if not frame.empty else frame
    counts = mine["status"].value_counts().to_dict() if not mine.empty else {}
    print("runs: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())), file=sys.stderr)
    failed = mine[mine["status"] != "optimal"] if not mine.empty else mine
    for _, row in failed.iterrows():
        message = str(row["message"]).splitlines()[0] if row["message"] else ""
        print(f"  {row['run_id']}: {row['status']}: {message[:200]}", file=sys.stderr)
    lost = frame.attrs.get("lost", {})
    for rid, message in lost.items():
        print(f"  {rid}: not run ({message}); run the same command again to retry", file=sys.stderr)
    listed = set(mine["run_id"]) if not mine.empty else set()
    for spec in study.runs:  # every run without a readable outcome, whatever the reason
        if spec.run_id not in listed and spec.run_id not in lost:
            print(f"  {spec.run_id}: not finished (no readable summary.json in {Path(args.out) / 'runs' / spec.run_id}); "
                  "run the same command again to retry", file=sys.stderr)
    out = Path(args.out)
    print(f"summary: {out / 'summary.csv'} and {out / 'summary.parquet'}")
    if lost or len(mine) < len(study):
        return 1
    return 0 if counts.get("optimal", 0) == len(study) else 2


def cmd_compare(args) -> int:
    """Write comparison plots and the HTML index of a study folder."""
    from simulator.studies.batch.compare import compare
    from simulator.errors import InputError, InputIssue

    folder = Path(args.dir)
    if not (folder / "runs").is_dir():
        raise InputError(InputIssue(str(folder), "<dir>", str(folder), "a study folder with runs/ (from zcpark batch)"))
    written = compare(folder)
    pages = [p for p in written if p.suffix == ".html"]
    print(f"{len(written) - len(pages)} plots and {', '.join(str(p) for p in pages)}")
    return 0
