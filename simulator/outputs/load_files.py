"""The park load on its own: write its profiles and summary table (``zcpark load FILE --out DIR``).

The load itself is built by :func:`simulator.inputs.load.park_load` (a
:class:`~simulator.inputs.load.ParkLoad`: one column per enterprise, the park total, the summary table).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulator.inputs.load.builder import ParkLoad, park_load
from simulator.results.write import FolderCommit, atomic_path, check_output_folder, write_json, write_text
from simulator.outputs.csv_numbers import plain_float

#: the files of ``zcpark load``, in the order they are listed (``load_summary.json`` is moved in last)
LOAD_FILES = ("load_profiles.csv", "load_profiles.parquet", "load_summary.csv", "load_summary.json")


def profiles_frame(load: ParkLoad) -> pd.DataFrame:
    """One column per enterprise [kW], ``park_total_kw`` and, with flexibility, its bounds [kW]."""
    frame = load.enterprises_kw.add_suffix("_kw")
    frame["park_total_kw"] = load.total_kw
    if load.has_flexibility:
        frame["flexible_down_kw"] = load.flexible_down_kw
        frame["flexible_up_kw"] = load.flexible_up_kw
    frame.index.name = "timestamp"
    return frame


def write_load(load: ParkLoad, folder: str | Path, scenario_name: str = "") -> list[Path]:
    """Write ``load_profiles.csv``/``.parquet``, ``load_summary.csv`` and ``load_summary.json`` atomically.

    Returns
    -------
    list of Path
        The files written; ``load_summary.json`` last (its presence means the set is complete).
    """
    folder = check_output_folder(folder, LOAD_FILES)
    frame = profiles_frame(load)
    csv_frame = frame.copy()
    csv_frame.index = csv_frame.index.map(lambda t: t.isoformat())
    csv_frame.index.name = "timestamp"
    with FolderCommit(folder, producer="load", last="load_summary.json") as commit:
        stage = commit.stage
        write_text(csv_frame.to_csv(float_format="%.6f"), stage / "load_profiles.csv")
        with atomic_path(stage / "load_profiles.parquet") as tmp:
            frame.to_parquet(tmp)
        write_text(load.summary.to_csv(float_format=plain_float), stage / "load_summary.csv")
        write_json({"scenario": scenario_name, "park": load.park,
                    "enterprises": load.summary.reset_index().to_dict(orient="records"),
                    "metered": load.metered}, stage / "load_summary.json")
        commit.commit()
    return [folder / name for name in LOAD_FILES]


def load_command(file: str | Path, out: str | Path | None = None, overrides: dict | None = None) -> str:
    """What ``zcpark load FILE --out DIR`` does: build, write, and return the text to show.

    ``out`` defaults to ``results/<scenario name>/load``; ``overrides`` (dotted key -> value) are applied
    to the scenario before validation (``--set``).
    """
    from simulator.scenario import load_scenario

    scenario = load_scenario(file, overrides=overrides)
    load = park_load(scenario)
    folder = Path(out) if out else Path("results") / scenario.park.name / "load"
    written = write_load(load, folder, scenario.park.name)
    table = load.summary[["archetype", "shifts", "annual_kwh", "horizon_kwh", "peak_kw", "load_factor",
                          "annual_load_factor", "peak_coincidence_fraction", "flexible_fraction"]].copy()
    table["annual_kwh"] = table["annual_kwh"] / 1e6
    table["horizon_kwh"] = table["horizon_kwh"] / 1e6
    table["peak_kw"] = table["peak_kw"] / 1e3
    table = table.rename(columns={"annual_kwh": "year_GWh", "horizon_kwh": "horizon_GWh", "peak_kw": "peak_MW",
                                  "annual_load_factor": "year_load_factor",
                                  "peak_coincidence_fraction": "at_park_peak"})
    park = load.park
    lines = [f"park load of '{scenario.park.name}' ({len(load.total_kw)} steps from {load.total_kw.index[0]})",
             table.to_string(float_format=lambda v: f"{v:,.3f}"),
             f"park: peak {park['peak_kw'] / 1e3:,.3f} MW at {park['peak_time']}, sum of enterprise peaks "
             f"{park['sum_of_enterprise_peaks_kw'] / 1e3:,.3f} MW, coincidence factor "
             f"{park['coincidence_factor']:.3f}, energy {park['horizon_kwh'] / 1e6:,.3f} GWh"]
    for name, report in load.metered.items():
        lines.append(f"metered '{name}': {report['interval_minutes']} min ({report['interval_basis']}), "
                     f"{report['unit']} ({report['unit_basis']}), {report['missing_intervals']} missing intervals "
                     f"(fill: {report['fill_method']}), duplicates: {report['duplicates_action']}")
        lines += [f"  note: {n}" for n in report["notes"]]
    lines.append(f"written to {folder}/ ({', '.join(p.name for p in written)})")
    return "\n".join(lines)
