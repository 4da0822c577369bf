"""Reading scenario files (TOML), applying overrides and turning validation errors into one report."""
from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any, Mapping

from pydantic import ValidationError

from simulator.errors import InputError, InputIssue
from simulator.scenario.fields import documented_range
from simulator.scenario.schema import Scenario

_MISSING = object()
#: pydantic error types that break a documented range; the message then states the whole range
_RANGE_ERRORS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "finite_number")


def _lookup(raw: Any, loc: tuple) -> Any:
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return node


def _key_path(loc: tuple) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part}]" if parts else f"[{part}]"
        else:
            parts.append(str(part))
    return ".".join(parts)


def validation_issues(error: ValidationError, raw: Mapping, source: str) -> list[InputIssue]:
    """Turn a pydantic error into one :class:`InputIssue` per problem (key path, value, expected)."""
    issues = []
    for item in error.errors():
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # pydantic reports union/literal branches in the location; keep the user's key path
        loc = tuple(p for p in loc if p not in ("literal", "float", "int", "str", "bool", "list", "dict"))
        kind = item["type"]
        value = _lookup(raw, loc)
        if kind == "extra_forbidden":
            expected = "no such key (unknown keys are errors; check the spelling)"
        elif kind == "missing":
            expected = f"a value (required key; {item['msg'].lower()})"
            value = "<missing>"
        else:
            msg = item["msg"]
            expected = msg[len("Value error, "):] if msg.startswith("Value error, ") else msg
            expected = expected[0].lower() + expected[1:] if expected else expected
            # a section-level check names its key as "key: expectation" (see schema.ParkSection)
            named = re.match(r"^([a-z_0-9]+): (.*)$", expected, flags=re.S) if kind == "value_error" else None
            if named and isinstance(value, Mapping) and named.group(1) in value:
                loc, expected = loc + (named.group(1),), named.group(2)
                value = value[named.group(1)]
        if kind in _RANGE_ERRORS:
            documented = documented_range(Scenario, tuple(item["loc"]))
            if documented is not None:
                expected = documented + (" (NaN and ±inf are refused)" if kind == "finite_number" else "")
        if value is _MISSING:
            value = item.get("input")
        issues.append(InputIssue(source, _key_path(loc) or "<scenario>", value, expected))
    return issues


def set_by_path(raw: dict, dotted: str, value: Any) -> None:
    """Set ``raw['a']['b'] = value`` for ``dotted='a.b'``, creating tables as needed."""
    parts = dotted.split(".")
    node = raw
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise InputError(InputIssue("overrides", dotted, value, f"'{part}' to be a table"))
    node[parts[-1]] = value


def scenario_from_dict(raw: Mapping, source: str = "<dict>", base_dir: Path | None = None,
                       overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Validate a scenario given as nested dicts.

    Parameters
    ----------
    raw : mapping
        Sections as in the TOML file.
    source : str
        Name used in error messages (the file path).
    base_dir : Path, optional
        Folder against which relative CSV paths are resolved.
    overrides : mapping, optional
        Dotted key path -> value, applied before validation (used by batch studies).

    Raises
    ------
    InputError
        With every problem found, each naming the key path, the value and what was expected.
    """
    data = copy.deepcopy(dict(raw))
    for key, value in (overrides or {}).items():
        set_by_path(data, key, value)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_issues(exc, data, source)) from None
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    issues = []
    for section, field in (("load", "profile_csv"), ("pv", "availability_csv"), ("wind", "availability_csv"),
                           ("grid", "import_price_csv"), ("grid", "export_price_csv"),
                           ("policy", "green_certificate_price_csv")):
        obj = getattr(scenario, section)
        path = getattr(obj, field)
        if path is None:
            continue
        resolved = path if path.is_absolute() else (base / path)
        if not resolved.is_file():
            issues.append(InputIssue(source, f"{section}.{field}", str(path),
                                     f"an existing CSV file (looked for {resolved})"))
        setattr(obj, field, resolved)
    for number, ent in enumerate(scenario.load.enterprises):  # metered enterprise files (CSV or Excel)
        if ent.metered is None:
            continue
        path = ent.metered.file
        resolved = path if path.is_absolute() else (base / path)
        if not resolved.is_file():
            issues.append(InputIssue(source, f"load.enterprises[{number}].metered.file", str(path),
                                     f"an existing CSV or Excel file (looked for {resolved})"))
        ent.metered.file = resolved
    for number, demand in enumerate(scenario.heat.demands if scenario.heat is not None else []):
        if demand.profile_csv is None:
            continue
        path = demand.profile_csv
        resolved = path if path.is_absolute() else (base / path)
        if not resolved.is_file():
            issues.append(InputIssue(source, f"heat.demands[{number}].profile_csv", str(path),
                                     f"an existing CSV file (looked for {resolved})"))
        demand.profile_csv = resolved
    h2 = scenario.hydrogen
    if h2 is not None and h2.demand_csv is not None:  # hydrogen demand [kg/h]
        resolved = h2.demand_csv if h2.demand_csv.is_absolute() else (base / h2.demand_csv)
        if not resolved.is_file():
            issues.append(InputIssue(source, "hydrogen.demand_csv", str(h2.demand_csv),
                                     f"an existing CSV file (looked for {resolved})"))
        h2.demand_csv = resolved
    if issues:
        raise InputError(issues)
    scenario.source_path = Path(source) if base_dir is not None else None
    return scenario


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Read and validate a scenario TOML file.

    Parameters
    ----------
    path : str or Path
        The scenario file.
    overrides : mapping, optional
        Dotted key path -> value replacing what the file says.

    Returns
    -------
    Scenario
        The validated scenario; relative CSV paths are resolved against the file's folder.

    Raises
    ------
    InputError
        If the file is missing, is not valid TOML, or any value is wrong (all reported at once).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(InputIssue(str(path), "<file>", str(path), "an existing scenario TOML file"))
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark (Windows editors) is not TOML
    except UnicodeDecodeError as exc:
        raise InputError(InputIssue(str(path), "<encoding>", str(exc)[:80], "a UTF-8 text file (TOML is UTF-8; "
                                    "save the file as UTF-8)")) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(InputIssue(str(path), "<toml syntax>", str(exc), "valid TOML")) from None
    return scenario_from_dict(raw, source=str(path), base_dir=path.parent, overrides=overrides)
