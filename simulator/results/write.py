"""Writing result folders so that no file is lost and no reader sees two runs mixed.

Every file is written to a temporary name in the folder it belongs to and renamed onto its name
(:func:`atomic_path`). A run's set of files is committed as one (:class:`FolderCommit`):

1. the files are written into a hidden stage folder *inside* the result folder
   (``.zcpark-stage-<random>/``), so the folder itself is never renamed (a mount point works);
2. a journal ``.zcpark-commit.json`` is written atomically: the files to move in, the files of the
   previous run to remove, the new manifest. Its appearance is the commit point;
3. the files are moved onto their names (``os.replace``, same file system), stale files of the
   previous run are removed, ``summary.json`` is moved last, the manifest ``.zcpark-run.json`` is
   replaced, the stage and the journal are removed.

A process killed before step 2 leaves the old result untouched (the stage is removed by the next
write); killed after it, the next write or read of the folder finishes the moves from the journal
(:func:`recover`). Only files listed in the manifest (written by zcpark) are ever replaced or
removed; any other file in the folder (notes, plots, the scenario file, other commands' outputs) is
left alone. ``summary.json`` holds the run id and the size and SHA-256 of every other file of the run
(key ``files``), so a reader can check the set. See docs/results_folders.md.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from simulator.errors import InputError, InputIssue

#: the manifest: which files of the folder zcpark wrote, per producer (``run``, ``load``, ...)
MANIFEST = ".zcpark-run.json"
#: the marker of folders written by earlier zcpark versions (whole-folder swap)
LEGACY_MARKER = ".zcpark-run"
#: the journal of a commit in progress
JOURNAL = ".zcpark-commit.json"
STAGE_PREFIX = ".zcpark-stage-"
TMP_PREFIX = ".zcpark-tmp-"
#: every file a run (``Result.write`` and its report) may write into its folder
RUN_FILES = ("summary.json", "scenario.json", "hourly.csv", "hourly.parquet", "load_enterprises.csv",
             "enterprises.csv", "enterprises.parquet", "solver.log", "report_zh.html", "report_en.html",
             "results_zh.xlsx", "results_en.xlsx", "results.xlsx")  # results.xlsx: the name before both languages


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_folder(folder: str | Path) -> Path:
    """Create ``folder`` and its parents with the user's umask (as ``mkdir -p``); return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path next to ``path``; rename it onto ``path`` only if the block succeeds."""
    path = Path(path)
    make_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; results are meant to be shared
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _clean(obj):
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        return _clean(obj.item())
    return obj


def write_json(data: dict, path: Path) -> None:
    """Write ``data`` as UTF-8 JSON (non-finite floats become null), atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(_clean(data), ensure_ascii=False, indent=2), encoding="utf-8")


def write_hourly(hourly: pd.DataFrame, folder: Path) -> list[Path]:
    """Write ``hourly.csv`` and ``hourly.parquet`` atomically; timestamps in ISO 8601 with offset."""
    folder = Path(folder)
    csv_path, parquet_path = folder / "hourly.csv", folder / "hourly.parquet"
    frame = hourly.copy()
    frame.index = frame.index.map(lambda t: t.isoformat())
    frame.index.name = "timestamp"
    with atomic_path(csv_path) as tmp:
        frame.to_csv(tmp, encoding="utf-8")
    with atomic_path(parquet_path) as tmp:
        hourly.to_parquet(tmp)
    return [csv_path, parquet_path]


def write_text(text: str, path: Path) -> None:
    """Write a text file atomically (UTF-8)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _out_issue(path: Path, expected: str, key: str = "--out") -> InputError:
    return InputError(InputIssue("command line", key, str(path), expected))


def read_manifest(folder: Path) -> dict:
    """The manifest of ``folder``: ``{"format": 1, "sets": {producer: {"run_id", "files", ...}}}``.

    A folder written by an earlier zcpark version (marker ``.zcpark-run``) owns the :data:`RUN_FILES`
    it holds; a folder without either owns nothing.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and isinstance(manifest.get("sets"), dict):
            return manifest
    except (OSError, ValueError):
        pass
    sets = {}
    if (folder / LEGACY_MARKER).is_file():
        sets["run"] = {"run_id": None, "files": [n for n in RUN_FILES if (folder / n).is_file()]}
    return {"format": 1, "sets": sets}


def owned_files(folder: str | Path) -> set[str]:
    """Names of the files in ``folder`` that zcpark wrote (any producer)."""
    return {name for entry in read_manifest(Path(folder))["sets"].values() for name in entry.get("files", [])}


def check_output_folder(path: str | Path, names: tuple[str, ...] = (), key: str = "--out") -> Path:
    """Check, before any work, that results can be written to ``path``; return it (absolute).

    The folder may exist (files zcpark did not write are kept) or not (it is created with its parents
    when written). ``names`` are the files the command will write: each must be free or written by
    zcpark earlier. ``key`` names the option in the error (``--out``, or ``<folder>``).

    Raises
    ------
    InputError
        If a path component is a file, the folder (or its nearest existing parent) cannot be written
        to, or a file of ``names`` exists and was not written by zcpark (or is a folder).
    """
    path = Path(path).absolute()
    probe = path
    while not probe.exists():
        if probe.is_symlink():
            raise _out_issue(path, f"a folder ({probe} is a link to nothing)", key)
        probe = probe.parent
    if not probe.is_dir():
        raise _out_issue(path, f"a folder ({probe} is a file)", key)
    try:
        fd, name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}probe.", suffix=".tmp", dir=probe)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise _out_issue(path, f"a folder you can write to ({probe}: {exc.strerror or exc})", key) from None
    if probe == path:
        owned = owned_files(path)
        for name in names:
            target = path / name
            if target.is_dir():
                raise _out_issue(path, f"a folder where '{name}' can be written (a folder of that name is in the "
                                       "way)", key)
            if target.exists() and name not in owned:
                raise _out_issue(path, f"a folder without a '{name}' that zcpark did not write (move it, or "
                                       "choose another folder)", key)
    return path


@contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (one writer at a time; no lock file is created)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_manifest(folder: Path, manifest: dict) -> None:
    write_json(manifest, folder / MANIFEST)
    with contextlib.suppress(FileNotFoundError):
        (folder / LEGACY_MARKER).unlink()


def _apply(folder: Path, journal: dict) -> None:
    """Carry out a committed journal (idempotent: each step checks what is left to do)."""
    stage = folder / journal["stage"]
    moves = journal["moves"]
    for name in moves[:-1]:
        if (stage / name).exists():
            os.replace(stage / name, folder / name)
    for name in journal["remove"]:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    if (stage / moves[-1]).exists():
        os.replace(stage / moves[-1], folder / moves[-1])
    _write_manifest(folder, journal["manifest"])
    shutil.rmtree(stage, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        (folder / JOURNAL).unlink()


def _recover_unlocked(folder: Path) -> bool:
    finished = False
    journal_path = folder / JOURNAL
    if journal_path.is_file():
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
        except ValueError:  # cannot happen (written atomically); an unreadable journal commits nothing
            journal = None
        if journal is not None:
            _apply(folder, journal)
            finished = True
        else:
            journal_path.unlink()
    for leftover in folder.glob(f"{STAGE_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in folder.glob(f"{TMP_PREFIX}*"):
        if leftover.is_file():
            leftover.unlink()
    return finished


def recover(folder: str | Path) -> bool:
    """Finish a commit interrupted after its commit point, remove stages and temporary files of
    writes interrupted before it. Returns True if a commit was finished."""
    folder = Path(folder)
    if not folder.is_dir():
        return False
    with _locked(folder):
        return _recover_unlocked(folder)


def file_table(folder: Path, names: list[str]) -> dict:
    """``{name: {"bytes": size, "sha256": hex digest}}`` of files in ``folder``."""
    table = {}
    for name in names:
        digest = hashlib.sha256()
        with open(folder / name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        table[name] = {"bytes": (folder / name).stat().st_size, "sha256": digest.hexdigest()}
    return table


class FolderCommit:
    """Write a set of files into ``folder`` as one: ``with FolderCommit(folder) as c: ...; c.commit()``.

    Write the files into ``c.stage`` (a hidden folder inside ``folder``), then call :meth:`commit`.
    Leaving the block without committing (an exception) removes the stage and leaves ``folder`` as
    it was.

    Parameters
    ----------
    folder : path
        The result folder (created with its parents, with the user's umask).
    producer : str
        Which command's set this is (``run``, ``load``, ``resource``): a commit replaces the files of
        the previous commit of the same producer and never touches other files.
    last : str
        The file moved in last (the commit marker readers look for).
    """

    def __init__(self, folder: str | Path, producer: str = "run", last: str = "summary.json"):
        self.folder, self.producer, self.last = Path(folder), producer, last
        self.run_id = uuid.uuid4().hex
        self.stage: Path | None = None
        self.committed = False
        self._lock = None

    def __enter__(self) -> "FolderCommit":
        make_folder(self.folder)
        self._lock = _locked(self.folder)
        self._lock.__enter__()
        try:
            _recover_unlocked(self.folder)
            self.stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=self.folder))
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:  # after the commit point the stage is the journal's: a failed move is finished by recover()
            if self.stage is not None and not self.committed and self.stage.exists():
                shutil.rmtree(self.stage, ignore_errors=True)
        finally:
            self._lock.__exit__(*exc)

    def commit(self) -> list[Path]:
        """Move the staged files in (see the module docstring); return their final paths."""
        names = sorted(p.name for p in self.stage.iterdir() if p.is_file() and not p.name.startswith(TMP_PREFIX))
        if self.last not in names:
            raise ValueError(f"{self.last} was not written")
        manifest = read_manifest(self.folder)
        old = set(manifest["sets"].get(self.producer, {}).get("files", []))
        others = {n for key, entry in manifest["sets"].items() if key != self.producer for n in entry.get("files", [])}
        stale = sorted(old - set(names) - others)
        manifest = {"format": 1, "sets": {**manifest["sets"], self.producer: {
            "run_id": self.run_id, "files": names,
            "written_utc": datetime.now(timezone.utc).isoformat(timespec="seconds")}}}
        for name in names:  # on disk before the commit point, so a crash cannot commit empty files
            with open(self.stage / name, "rb") as handle:
                os.fsync(handle.fileno())
        journal = {"run_id": self.run_id, "stage": self.stage.name,
                   "moves": [n for n in names if n != self.last] + [self.last], "remove": stale, "manifest": manifest}
        write_json(journal, self.folder / JOURNAL)  # the commit point
        self.committed = True
        _apply(self.folder, journal)
        return [self.folder / name for name in names]


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_legacy_leftovers(folder: str | Path) -> list[str]:
    """Tidy what a killed write of zcpark before the per-file scheme left next to ``folder``.

    That version wrote ``.<name>.staging-<random>/`` beside the folder and swapped it in through
    ``.<name>.old-<pid>/``. A staging folder was never committed: it is removed. An ``old`` folder of
    a dead process is the previous result (with any user files that were in it): it is moved back when
    ``folder`` is missing (the kill came between the two renames), removed otherwise (the swap was
    done). Returns what was done, one line per leftover.
    """
    folder = Path(folder).absolute()
    done = []
    if not folder.parent.is_dir():
        return done
    for leftover in sorted(folder.parent.glob(f".{folder.name}.staging-*")):
        shutil.rmtree(leftover, ignore_errors=True)
        done.append(f"removed {leftover.name}")
    for leftover in sorted(folder.parent.glob(f".{folder.name}.old-*")):
        pid = leftover.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or pid_alive(int(pid)):
            continue
        if not folder.exists():
            os.replace(leftover, folder)
            done.append(f"restored {folder.name} from {leftover.name}")
        else:
            shutil.rmtree(leftover, ignore_errors=True)
            done.append(f"removed {leftover.name}")
    return done


def register_files(folder: str | Path, names: list[str], producer: str = "run") -> None:
    """Add files written into ``folder`` after its commit (a report) to the manifest of ``producer``,
    so that the next commit of that producer replaces or removes them."""
    folder = Path(folder)
    with _locked(folder):
        manifest = read_manifest(folder)
        entry = dict(manifest["sets"].get(producer, {"run_id": None, "files": []}))
        entry["files"] = sorted(set(entry.get("files", [])) | set(names))
        manifest["sets"][producer] = entry
        _write_manifest(folder, manifest)


def write_table(table: pd.DataFrame, folder: Path, stem: str) -> list[Path]:
    """Write ``<stem>.csv`` and ``<stem>.parquet`` (index kept as the first column) atomically."""
    folder = Path(folder)
    csv_path, parquet_path = folder / f"{stem}.csv", folder / f"{stem}.parquet"
    with atomic_path(csv_path) as tmp:
        table.to_csv(tmp, encoding="utf-8")
    with atomic_path(parquet_path) as tmp:
        table.to_parquet(tmp)
    return [csv_path, parquet_path]
