"""Study files: a list of scenario files and/or a base scenario, a grid of overrides, stable run ids.

A study file is TOML::

    [study]
    name = "storage_cost_sweep"           # optional, used in titles
    scenarios = ["parks/a.toml", "parks/b.toml"]   # scenario files (relative to the study file)
    base = "parks/c.toml"                 # optional: one more scenario file (a "base scenario")
    mode = "product"                      # "product" (every combination) or "zip" (i-th with i-th)

    [overrides]                           # applied to every run (not a varied input)
    "park.days" = 7

    [grid]                                # dotted key -> list of values, one run per combination
    "storage.energy_capex_cny_per_kwh" = [400, 550, 700]
    "policy.green_share_min_fraction" = [0.30, 0.35]

Every scenario file is run at every grid point, so ``scenarios = [a, b]`` with the grid above gives
2 x 3 x 2 = 12 runs. Without a ``[grid]`` each file is run once. The run id is
``<file stem>-<12 hex digits>``, the digits being a SHA-256 of the parsed scenario file, the content
of the data files it names (profiles, weather and metered files: keys ``file``, ``*_csv``, ``*_file``)
and every override of the run; editing any of these gives a new id, and moving or renaming the study
file does not change ids.
"""
from __future__ import annotations

import calendar
import hashlib
import itertools
import json
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel

from simulator.errors import InputError, InputIssue
from simulator.scenario.schema import ParkSection, Scenario

STUDY_KEYS = {"name", "description", "scenarios", "base", "mode"}
TOP_KEYS = {"study", "overrides", "grid"}


@dataclass(frozen=True)
class RunSpec:
    """One run of a study: a scenario file and the overrides applied to it.

    Attributes
    ----------
    run_id : str
        Stable id (folder name under ``DIR/runs/``).
    index : int
        Position in the study (0-based), used to order the summary.
    scenario_file : str
        Absolute path of the scenario TOML.
    overrides : dict
        Dotted key -> value: the study's fixed overrides plus this run's grid point.
    varied : dict
        Dotted key -> value of the grid point only (the inputs that vary across the study).
    """

    run_id: str
    index: int
    scenario_file: str
    overrides: dict = field(hash=False)
    varied: dict = field(hash=False)

    def to_dict(self) -> dict:
        """Plain-data form, written to ``run.json``."""
        return {"run_id": self.run_id, "index": self.index, "scenario_file": self.scenario_file,
                "overrides": dict(self.overrides), "varied": dict(self.varied)}


@dataclass
class Study:
    """An expanded study: the runs in order and the keys that vary.

    Attributes
    ----------
    name : str
    runs : list of RunSpec
    varied_keys : list of str
        Grid keys, in file order (the summary's input columns).
    source : str
        The study file (or ``<dict>``).
    """

    name: str
    runs: list[RunSpec]
    varied_keys: list[str]
    source: str = "<dict>"
    description: str = ""

    def __len__(self) -> int:
        return len(self.runs)


def _data_files(node: Any, where: str = "") -> list[tuple[str, str]]:
    """(key path, file name) of every input file a scenario names: keys ``file``, ``*_csv``, ``*_file``."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}" if where else str(key)
            if isinstance(value, str) and (key == "file" or key.endswith(("_csv", "_file"))):
                found.append((path, value))
            else:
                found += _data_files(value, path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _data_files(value, f"{where}[{i}]")
    return found


def _file_fingerprint(path: Path) -> Any:
    """The parsed scenario file plus the hashes of the data files it names (raw bytes if unparsable)."""
    if not path.is_file():
        return {"missing_file": str(path)}
    data = path.read_bytes()
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {"unparsed_sha256": hashlib.sha256(data).hexdigest()}
    files = {}
    for key, name in _data_files(raw):
        data_path = Path(name) if Path(name).is_absolute() else path.parent / name
        files[key] = hashlib.sha256(data_path.read_bytes()).hexdigest() if data_path.is_file() else f"missing:{name}"
    return {"scenario": raw, "csv": files}


def run_id(scenario_file: str | Path, overrides: Mapping[str, Any]) -> str:
    """Stable id of a run: ``<file stem>-<first 12 hex digits of SHA-256 of the inputs>``.

    Parameters
    ----------
    scenario_file : path
        The scenario TOML (its parsed content and its CSV profiles enter the hash, not its path).
    overrides : mapping
        Dotted key -> value applied to the scenario.
    """
    path = Path(scenario_file)
    payload = {"file": _file_fingerprint(path), "overrides": {k: overrides[k] for k in sorted(overrides)}}
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=True)
    return f"{path.stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def _annotation_model(annotation: Any) -> Any:
    """The pydantic model (or dict) inside an annotation such as ``Optional[Model]``."""
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    if origin in (dict, list):
        return origin
    for arg in typing.get_args(annotation):
        inner = _annotation_model(arg)
        if inner is dict or (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return inner
    return annotation


def check_key_path(dotted: str) -> str | None:
    """Return None if ``dotted`` names a scenario field, else what is wrong with it."""
    node: Any = Scenario
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if node is dict:
            return None  # free-form table (tariff bands, solver options)
        if node is list:
            return (f"'{'.'.join(parts[:i])}' is a list (such as [[load.enterprises]]); overrides cannot "
                    f"reach inside it: give the whole list, or use one scenario file per variant")
        if not (isinstance(node, type) and issubclass(node, BaseModel)):
            return f"'{'.'.join(parts[:i])}' is a value, not a table"
        fields = {name: f for name, f in node.model_fields.items() if not f.exclude}
        if part not in fields:
            return f"no key '{part}' in [{'.'.join(parts[:i]) or 'scenario'}] (known: {', '.join(sorted(fields))})"
        node = _annotation_model(fields[part].annotation)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return f"'{dotted}' is a table; give a key inside it"
    return None


def _as_list(value: Any) -> list:
    return [value] if isinstance(value, str) else list(value)


def study_from_dict(raw: Mapping, base_dir: str | Path = ".", source: str = "<dict>") -> Study:
    """Expand a study given as nested dicts (the parsed TOML) into runs.

    Parameters
    ----------
    raw : mapping
        ``{"study": {...}, "overrides": {...}, "grid": {...}}``.
    base_dir : path
        Folder against which relative scenario paths are resolved.
    source : str
        Name used in error messages.

    Raises
    ------
    InputError
        With every problem in the study file (unknown keys, missing scenarios, grid lists of
        different lengths in zip mode, dotted keys that name no scenario field).
    """
    issues: list[InputIssue] = []
    base_dir = Path(base_dir)
    for key in raw:
        if key not in TOP_KEYS:
            issues.append(InputIssue(source, key, raw[key], f"one of the tables {sorted(TOP_KEYS)}"))
    head = raw.get("study", {})
    if not isinstance(head, Mapping):
        raise InputError(InputIssue(source, "study", head, "a table"))
    for key in head:
        if key not in STUDY_KEYS:
            issues.append(InputIssue(source, f"study.{key}", head[key], f"one of {sorted(STUDY_KEYS)}"))
    mode = head.get("mode", "product")
    if mode not in ("product", "zip"):
        issues.append(InputIssue(source, "study.mode", mode, "'product' or 'zip'"))
    files: list[str] = []
    for key in ("base", "scenarios"):
        value = head.get(key)
        if value is None:
            continue
        if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
            issues.append(InputIssue(source, f"study.{key}", value, "a path or a list of paths (strings)"))
            continue
        files += _as_list(value)
    if not files:
        issues.append(InputIssue(source, "study.scenarios", None, "at least one scenario file (scenarios or base)"))
    fixed = raw.get("overrides", {})
    grid = raw.get("grid", {})
    for table, name in ((fixed, "overrides"), (grid, "grid")):
        if not isinstance(table, Mapping):
            issues.append(InputIssue(source, name, table, "a table of dotted keys"))
    if issues:
        raise InputError(issues)
    for key in list(fixed) + list(grid):
        problem = check_key_path(key)
        if problem:
            table = "overrides" if key in fixed else "grid"
            issues.append(InputIssue(source, f'{table}."{key}"', fixed.get(key, grid.get(key)), problem))
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            issues.append(InputIssue(source, f'grid."{key}"', values, "a non-empty list of values"))
    if mode == "zip" and not issues:
        lengths = {key: len(values) for key, values in grid.items()}
        if len(set(lengths.values())) > 1:
            issues.append(InputIssue(source, "grid", lengths, "lists of equal length in zip mode"))
    if issues:
        raise InputError(issues)

    keys = list(grid)
    if not keys:
        points: list[tuple] = [()]
    elif mode == "zip":
        points = list(zip(*(grid[k] for k in keys)))
    else:
        points = list(itertools.product(*(grid[k] for k in keys)))
    runs: list[RunSpec] = []
    seen: set[str] = set()
    for name in files:
        path = Path(name) if Path(name).is_absolute() else base_dir / name
        path = path.resolve()
        for point in points:
            varied = dict(zip(keys, point))
            overrides = {**fixed, **varied}
            rid = run_id(path, overrides)
            if rid in seen:
                continue  # the same inputs twice: one run
            seen.add(rid)
            runs.append(RunSpec(rid, len(runs), str(path), overrides, varied))
    return Study(name=str(head.get("name", Path(source).stem)), runs=runs, varied_keys=keys, source=source,
                 description=str(head.get("description", "")))


def _park_table(scenario_file: str) -> dict:
    """The ``[park]`` table of a scenario file as written (empty if the file cannot be read)."""
    try:
        raw = tomllib.loads(Path(scenario_file).read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    park = raw.get("park")
    return park if isinstance(park, dict) else {}


def horizon_steps(spec: RunSpec, tables: dict | None = None) -> int:
    """Time steps of a run's horizon (``park.days`` or the whole ``park.year``, at ``park.timestep_minutes``),
    read from its scenario file and overrides without validating them; 0 when they do not say (a run
    that will fail on its bad input). An estimate of the run's cost, used only to order the runs.

    ``tables`` (scenario file -> its ``[park]`` table) is filled and reused when given: each file is read once.
    """
    tables = {} if tables is None else tables
    if spec.scenario_file not in tables:
        tables[spec.scenario_file] = _park_table(spec.scenario_file)
    park = {**tables[spec.scenario_file],
            **{key.split(".", 1)[1]: value for key, value in spec.overrides.items() if key.startswith("park.")}}
    minutes = park.get("timestep_minutes", ParkSection.model_fields["timestep_minutes"].default)
    days, year = park.get("days"), park.get("year")
    if days is None and isinstance(year, int):
        days = 366 if calendar.isleap(year) else 365
    if not (isinstance(days, int) and isinstance(minutes, int)) or days < 1 or minutes < 1:
        return 0
    return days * 24 * 60 // minutes


def longest_first(runs: list[RunSpec]) -> list[RunSpec]:
    """The runs ordered by :func:`horizon_steps`, longest first; runs of equal length keep their order.

    Handing out the longest runs first evens out the workers' finishing times: a full-year run started
    last would keep one worker busy long after the others have finished (list scheduling, longest
    processing time first)."""
    tables: dict = {}
    return sorted(runs, key=lambda spec: -horizon_steps(spec, tables))


def load_study(path: str | Path) -> Study:
    """Read a study TOML file and expand it into runs (scenario paths relative to the file).

    Raises
    ------
    InputError
        If the file is missing, is not TOML, or the study is malformed.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(InputIssue(str(path), "<file>", str(path), "an existing study TOML file"))
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(InputIssue(str(path), "<toml syntax>", str(exc), "valid TOML")) from None
    return study_from_dict(raw, base_dir=path.parent, source=str(path))
