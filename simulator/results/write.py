"""Writing results atomically: each file goes to a temporary name in the same folder, then is renamed."""
from __future__ import annotations

import json
import math
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path next to ``path``; rename it onto ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600 files; results are meant to be shared
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


def write_table(table: pd.DataFrame, folder: Path, stem: str) -> list[Path]:
    """Write ``<stem>.csv`` and ``<stem>.parquet`` (index kept as the first column) atomically."""
    folder = Path(folder)
    csv_path, parquet_path = folder / f"{stem}.csv", folder / f"{stem}.parquet"
    with atomic_path(csv_path) as tmp:
        table.to_csv(tmp, encoding="utf-8")
    with atomic_path(parquet_path) as tmp:
        table.to_parquet(tmp)
    return [csv_path, parquet_path]
