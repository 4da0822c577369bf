"""The study summary: one row per run folder, rebuilt from ``DIR/runs/*/`` so it always matches them.

Columns (flat, unit-suffixed; absent values are empty):

- ``run_id``, ``index`` (position in the study), ``scenario`` (park name), ``scenario_file``;
- one column per varied input, named by its dotted key (``storage.energy_capex_cny_per_kwh``);
- ``status`` (``optimal`` / ``infeasible`` / ``error``), ``message``, ``error_type``, ``compliant``
  (every compliance rule met);
- capacities ``pv_kw``, ``wind_kw``, ``storage_kwh``, ``storage_kw``, ``grid_connection_kw`` (and any
  per-type capacity key of ``summary.json``);
- ``objective_cny_per_yr``, ``cost_<item>_cny_per_yr``, ``lcoe_cny_per_kwh``,
  ``cost_of_supply_cny_per_kwh``, ``co2_t_per_yr``;
- ratios ``self_consumption_fraction``, ``green_share_fraction``, ``feed_in_fraction``,
  ``curtailment_fraction``; energy over the modelled horizon ``load_kwh``, ``import_kwh``, ... and
  ``year_weight`` (factor from the horizon to a year); the numeric ``kpi`` entries of ``summary.json``
  (``storage_cycles_per_yr``, ``peak_import_kw``, ...) and of its ``baseline`` (the grid-only twin) as
  ``baseline_<key>`` (``baseline_extra_cost_of_compliance_cny_per_yr``, ``baseline_savings_cny_per_yr``, ...);
- per compliance rule ``<rule>_value``, ``<rule>_limit``, ``<rule>_ok``;
- timings ``time_<phase>_s`` (from ``summary.json``), ``wall_s`` and ``cpu_s`` (the whole run on its
  worker: elapsed and CPU time of the worker process, HiGHS threads included),
  ``worker`` (host:pid), ``finished_utc``.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

RUNS = "runs"
SUMMARY_CSV = "summary.csv"
SUMMARY_PARQUET = "summary.parquet"


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def summary_row(summary: dict, record: dict) -> dict:
    """Flatten one run's ``summary.json`` and ``run.json`` into a summary row."""
    row = {"run_id": record.get("run_id"), "index": record.get("index"),
           "scenario": summary.get("scenario"), "scenario_file": record.get("scenario_file")}
    for key, value in (record.get("varied") or {}).items():
        row[key] = value
    row["status"] = summary.get("status", record.get("status"))
    row["message"] = summary.get("message", record.get("message", ""))
    row["error_type"] = summary.get("error_type", record.get("error_type"))
    compliance = summary.get("compliance") or []
    row["compliant"] = all(bool(c.get("ok")) for c in compliance) if compliance else None
    for key, value in (summary.get("capacity") or {}).items():
        row[key] = value
    row["objective_cny_per_yr"] = summary.get("objective_cny_per_yr")
    for key, value in (summary.get("cost_cny_per_yr") or {}).items():
        row[f"cost_{key}_cny_per_yr"] = value
    for key in ("lcoe_cny_per_kwh", "cost_of_supply_cny_per_kwh", "co2_t_per_yr"):
        row[key] = summary.get(key)
    for key, value in (summary.get("ratios") or {}).items():
        row[key if key.endswith("_fraction") else f"{key}_fraction"] = value
    for key, value in (summary.get("energy") or {}).items():
        row[key] = value
    row["year_weight"] = (summary.get("horizon") or {}).get("year_weight")
    for key, value in (summary.get("kpi") or {}).items():
        if _is_number(value) and key not in row:
            row[key] = value
    for key, value in (summary.get("baseline") or {}).items():
        if _is_number(value):
            row[f"baseline_{key}"] = value
    for key, value in (summary.get("heat") or {}).items():  # process heat: electrified share, fuel, CO2
        if _is_number(value):
            row[f"heat_{key}"] = value
    for key, value in (summary.get("hydrogen") or {}).items():  # hydrogen: t/yr, full-load hours, CNY/kg
        if _is_number(value):
            row[f"h2_{key}"] = value
    for item in compliance:
        rule = item.get("rule")
        row[f"{rule}_value"] = item.get("value")
        row[f"{rule}_limit"] = item.get("limit")
        row[f"{rule}_ok"] = item.get("ok")
    for key, value in (summary.get("timings_s") or {}).items():
        row[f"time_{key}_s"] = value
    row["wall_s"] = record.get("wall_s")
    row["cpu_s"] = record.get("cpu_s")
    row["worker"] = f"{record.get('host')}:{record.get('pid')}" if record.get("host") else None
    row["finished_utc"] = record.get("finished_utc")
    return row


def build_summary(out_dir: str | Path) -> pd.DataFrame:
    """One row per complete run folder of ``DIR/runs`` (ordered by study index, then id).

    Folders without a readable ``summary.json`` with a status (never complete, or damaged) and hidden
    temporary folders are ignored.
    """
    runs_dir = Path(out_dir) / RUNS
    rows = []
    if runs_dir.is_dir():
        for folder in sorted(runs_dir.iterdir()):
            if folder.name.startswith(".") or not (folder / "summary.json").is_file():
                continue
            summary = _read_json(folder / "summary.json")
            if not isinstance(summary.get("status"), str) or not summary["status"]:
                continue  # damaged (a truncated file): unfinished, run again on resume
            record = _read_json(folder / "run.json")
            record.setdefault("run_id", folder.name)
            rows.append(summary_row(summary, record))
    # column order as in a complete (optimal) row, so that failed runs listed first do not reorder it
    ordered = sorted(rows, key=lambda row: row.get("status") != "optimal")
    columns = list(dict.fromkeys(key for row in ordered for key in row))
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return pd.DataFrame(columns=["run_id", "index", "scenario", "scenario_file", "status", "message"])
    frame = frame.sort_values(["index", "run_id"], kind="stable", na_position="last").reset_index(drop=True)
    return frame


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns that mix types (a varied input given as 1 and "a") become strings for Parquet."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype != object:
            continue
        kinds = {type(v) for v in out[column] if v is not None and not (isinstance(v, float) and pd.isna(v))}
        if len(kinds) > 1 or (kinds and not kinds <= {str, bool}):
            out[column] = [None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                           for v in out[column]]
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_atomically(write, path: Path) -> None:
    """Call ``write(tmp)`` on a temporary name next to ``path``, then rename it onto ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_summary(out_dir: str | Path) -> pd.DataFrame:
    """Rebuild the summary from the run folders and write ``summary.csv`` and ``summary.parquet`` atomically."""
    out_dir = Path(out_dir)
    frame = build_summary(out_dir)
    replace_atomically(lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8"), out_dir / SUMMARY_CSV)
    replace_atomically(lambda tmp: _parquet_safe(frame).to_parquet(tmp, index=False), out_dir / SUMMARY_PARQUET)
    return frame
