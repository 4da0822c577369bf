"""Reading a written result folder (``summary.json``, ``hourly.parquet``/``.csv``, ``scenario.json``).

The report layer reads only these files; it never touches the solver's objects.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.results.write import JOURNAL, file_table, recover


@dataclass
class ResultFolder:
    """The files of one run.

    Attributes
    ----------
    folder : Path
    summary : dict
        ``summary.json``.
    hourly : pandas.DataFrame or None
        Per-step results on a tz-aware index [kW, kWh for SOC]; None when the run was not optimal.
    scenario : dict or None
        ``scenario.json`` (validated inputs echoed by the run), None for folders written before it existed.
    """

    folder: Path
    summary: dict
    hourly: pd.DataFrame | None
    scenario: dict | None

    @property
    def dt_h(self) -> float:
        """Step length [h]."""
        return float(self.summary.get("horizon", {}).get("dt_h", 1.0))

    @property
    def year_weight(self) -> float:
        """k = 8760 / (T Δt): factor from horizon sums to a year [-]."""
        return float(self.summary.get("horizon", {}).get("year_weight", 1.0))

    @property
    def optimal(self) -> bool:
        """True when the run has an optimal solution and hourly results."""
        return self.summary.get("status") == "optimal" and self.hourly is not None


def _timezone(scenario: dict | None) -> str:
    return (scenario or {}).get("park", {}).get("timezone", "Asia/Shanghai")


def _check_files(folder: Path, summary: dict) -> None:
    """Each data file listed in ``summary.json`` (key ``output``) must be the one written with it."""
    listed = (summary.get("output") or {}).get("files") or {}
    names = [name for name in listed if (folder / name).is_file()]
    for name, actual in file_table(folder, names).items():
        if actual != listed[name]:
            raise InputError(InputIssue(str(folder), name, f"{actual['bytes']} bytes",
                                        f"the file written with summary.json ({listed[name]['bytes']} bytes, "
                                        "same SHA-256): the folder mixes two runs; run zcpark again"))


def read_results(folder: str | Path) -> ResultFolder:
    """Read a result folder written by ``zcpark run`` / :meth:`simulator.results.run.Result.write`.

    Parameters
    ----------
    folder : path
        Folder holding at least ``summary.json``.

    Returns
    -------
    ResultFolder

    Raises
    ------
    InputError
        If ``summary.json`` is missing, or the run is optimal but neither hourly file exists.
    """
    folder = Path(folder)
    if (folder / JOURNAL).is_file():  # a write killed after its commit point: finish it first
        try:
            recover(folder)
        except OSError as exc:
            raise InputError(InputIssue(str(folder), JOURNAL, "present", "a result folder whose last write "
                                        f"finished (finishing it failed: {exc}); run zcpark again")) from None
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise InputError(InputIssue(str(folder), "summary.json", "missing",
                                    "a result folder written by `zcpark run`"))
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(InputIssue(str(folder), "summary.json", "unreadable", f"valid JSON ({exc})")) from None
    _check_files(folder, summary)
    scenario_path = folder / "scenario.json"
    scenario = json.loads(scenario_path.read_text(encoding="utf-8")) if scenario_path.is_file() else None
    hourly = None
    if summary.get("status") == "optimal":
        parquet, csv = folder / "hourly.parquet", folder / "hourly.csv"
        if parquet.is_file():
            hourly = pd.read_parquet(parquet)
        elif csv.is_file():
            hourly = pd.read_csv(csv, index_col="timestamp")
            hourly.index = pd.to_datetime(hourly.index, utc=True).tz_convert(_timezone(scenario))
        else:
            raise InputError(InputIssue(str(folder), "hourly.parquet / hourly.csv", "missing",
                                        "the hourly results of an optimal run"))
    return ResultFolder(folder, summary, hourly, scenario)
