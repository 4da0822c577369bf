"""Every numeric field of the scenario schema, walked programmatically, against negative, zero, NaN,
±inf and huge values (and hypothesis-drawn floats and integers): each value is either accepted, and
then lies in the range the schema documents for the field, or refused with an :class:`InputError`
that names the field's key. Validation only, no solve.
"""
from __future__ import annotations

import copy
import math
import re
import typing
from pathlib import Path

import annotated_types as at
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from park_fixtures import SMALL_PARK
from simulator.errors import InputError
from simulator.scenario import Scenario, scenario_from_dict
from simulator.scenario.fields import unwrap_annotation

METER_CSV = "timestamp,load_kw\n2025-01-01 00:00,100\n2025-01-01 01:00,100\n"

#: the small park with every optional part present, so that every field has a place to go
BASE = copy.deepcopy(SMALL_PARK)
BASE["pv"]["types"] = [{"name": "rooftop", "area_m2": 1e5, "kw_per_m2": 0.2}]
BASE["load"]["enterprises"] = [
    {"name": "smelter", "archetype": "electrolytic_aluminium", "annual_kwh": 8.76e7, "start_year": 2026},
    {"name": "works", "archetype": "electronics_assembly", "peak_kw": 5000.0, "load_factor": 0.5},
    {"name": "potline", "archetype": "electrolytic_aluminium", "output_per_yr": 5000.0,
     "intensity_kwh_per_unit": 13000.0},
    {"name": "meter", "output_per_yr": 100.0, "metered": {"file": "meter.csv", "output_per_yr": 90.0}},
]
BASE["park"]["other_energy_tce_per_yr"] = 1000.0
BASE["park"]["other_energy_co2_t_per_yr"] = 2000.0
BASE["planning"] = {"milestones": [2026, 2028]}
BASE["heat"] = {  # every numeric field of [heat] set in an item where it is valid
    "demands": [{"name": "wash", "carrier": "hot_water", "enterprise": "works", "annual_mwh": 500.0},
                {"name": "dry", "carrier": "steam", "archetype": "tobacco_food", "annual_steam_t": 1000.0}],
    "technologies": [
        {"name": "coal", "kind": "fuel_boiler", "carrier": "steam", "fuel": "coal", "efficiency_fraction": 0.8,
         "fuel_price_cny_per_gj": 40.0, "emission_t_co2_per_gj": 0.09, "capex_cny_per_kw": 200.0,
         "fixed_om_cny_per_kw_yr": 5.0, "lifetime_yr": 20, "existing_kw": 1000.0, "max_kw": 5000.0},
        {"name": "gas", "kind": "fuel_boiler", "carrier": "hot_water", "fuel": "gas", "fuel_price_cny_per_t": 4000.0,
         "fuel_lhv_gj_per_t": 48.0},
        {"name": "hp", "kind": "heat_pump", "carrier": "hot_water", "cop": 3.0}],
    "storage": [{"name": "tank", "max_kwh": 1e5}],
}
SPECIAL = [-1e30, -1e6, -1.0, -0.5, -1e-9, 0.0, 1e-9, 0.5, 1.0, 2.0, 1e6, 1e12, 1e30, 1e308,
           math.nan, math.inf, -math.inf, 10**20, -7]


def _numeric(annotation) -> bool:
    return unwrap_annotation(annotation)[0] in (int, float)


def _model_of(annotation):
    """The section model inside ``Model``, ``Optional[Model]`` or ``list[Model]`` (else None)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found[0], found[1] or typing.get_origin(annotation) is list
    return None


def _lookup(raw, path):
    node = raw
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        node = node[int(part[1:-1])] if part.startswith("[") else node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def numeric_fields(model=Scenario, prefix="", raw=BASE) -> list[tuple[str, object]]:
    """(key path, FieldInfo) of every int/float field, placed in the base's existing list items."""
    out = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        path = f"{prefix}{name}"
        nested = _model_of(info.annotation)
        if nested is not None:
            sub, is_list = nested
            if is_list:
                items = _lookup(raw, path) or []
                fields = {}
                for i in range(len(items)):  # each field in the first item that already sets it (else item 0)
                    for key, fi in numeric_fields(sub, f"{path}[{i}].", raw):
                        leaf = key[len(f"{path}[{i}]."):]
                        if leaf not in fields or (_lookup(raw, key) is not None and
                                                  _lookup(raw, fields[leaf][0]) is None):
                            fields[leaf] = (key, fi)
                out += list(fields.values())
            else:
                out += numeric_fields(sub, f"{path}.", raw)
        elif _numeric(info.annotation):
            out.append((path, info))
    return out


FIELDS = numeric_fields()


def _bounds(info):
    low = high = None
    for m in unwrap_annotation(info.annotation)[1] + list(info.metadata):  # the field's own constraints last
        if isinstance(m, (at.Ge, at.Gt)):
            low = (m.ge if isinstance(m, at.Ge) else m.gt, isinstance(m, at.Gt))
        if isinstance(m, (at.Le, at.Lt)):
            high = (m.le if isinstance(m, at.Le) else m.lt, isinstance(m, at.Lt))
    return low, high


def _set(raw, path, value):
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node = raw
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node.setdefault(part, {})
    node[parts[-1]] = value


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ranges")
    (path / "meter.csv").write_text(METER_CSV, encoding="utf-8")
    return path


def check(path, info, value, folder):
    """Accepted within the documented range, or refused naming the key."""
    raw = copy.deepcopy(BASE)
    _set(raw, path, value)
    leaf = path.rsplit(".", 1)[-1]
    try:
        scenario = scenario_from_dict(raw, source="s.toml", base_dir=folder)
    except InputError as exc:
        parent = path.rsplit(".", 1)[0]
        # the key itself, or a check of its section / list item whose message names the key
        named = [i for i in exc.issues if i.field == path or (
            (path.startswith(i.field) or i.field.startswith(parent + ".")) and leaf in str(i))]
        assert named, f"{path} = {value!r}: error does not name the key: {exc}"
        assert "\n" not in str(named[0])
        return False
    got = _lookup(scenario.model_dump(), path)
    assert got == value, f"{path} = {value!r} accepted as {got!r}"
    assert math.isfinite(got), f"{path} accepted {value!r}"
    (low, low_open), (high, high_open) = _bounds(info)
    assert (got > low if low_open else got >= low), f"{path} = {value!r} accepted below its range"
    assert (got < high if high_open else got <= high), f"{path} = {value!r} accepted above its range"
    return True


def test_the_walk_finds_every_section():
    sections = {p.split(".")[0] for p, _ in FIELDS}
    assert sections >= {"park", "weather", "pv", "wind", "storage", "grid", "policy", "finance", "solver",
                        "load", "planning", "heat"}
    paths = {p for p, _ in FIELDS}
    assert {"pv.types[0].capex_cny_per_kw", "load.enterprises[1].peak_kw", "load.enterprises[2].intensity_kwh_per_unit",
            "load.enterprises[3].metered.output_per_yr", "load.seed", "wind.weibull_k"} <= paths
    assert len(FIELDS) > 80


@pytest.mark.parametrize("path,info", FIELDS, ids=[p for p, _ in FIELDS])
def test_every_numeric_field_documents_a_finite_range(path, info):
    low, high = _bounds(info)
    assert low is not None and high is not None, f"{path}: no documented range (ge/gt and le/lt)"
    assert math.isfinite(low[0]) and math.isfinite(high[0])


@pytest.mark.parametrize("path,info", FIELDS, ids=[p for p, _ in FIELDS])
def test_special_values(path, info, folder):
    outcomes = {value: check(path, info, value, folder) for value in SPECIAL if not isinstance(value, float)
                or math.isfinite(value)}
    for value in (math.nan, math.inf, -math.inf):  # refused everywhere
        assert not check(path, info, value, folder), f"{path} accepted {value}"
    assert not all(outcomes.values()), f"{path} accepted every one of {list(outcomes)}"


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS),
       value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**15, 10**15)))
def test_any_value_is_accepted_in_range_or_refused_naming_the_key(field, value, folder):
    check(field[0], field[1], value, folder)
