"""Industry load archetypes (data in ``simulator/data/archetypes.toml``)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from simulator.data import data_path
from simulator.errors import InputError, InputIssue

SHIFT_PATTERNS = ("continuous", "3x8", "2x8", "1x8")


@dataclass(frozen=True)
class Archetype:
    """Load behaviour of one industry; see ``archetypes.toml`` for the meaning of each field."""

    key: str
    name_zh: str
    name_en: str
    unit: str
    intensity_kwh_per_unit: float
    shifts: str
    workdays_per_week: int
    off_shift_fraction: float
    non_working_fraction: float
    spring_festival: tuple[int, int, int, float]
    monthly: tuple[float, ...]
    variability_fraction: float
    flexible_fraction: float
    tag: str
    source: str
    flexible_up_fraction: float = 1.0
    typical_load_factor: float | None = None
    hourly_variability_fraction: float = 0.0


@lru_cache(maxsize=None)
def archetypes() -> dict[str, Archetype]:
    """All shipped archetypes by key."""
    with data_path("archetypes.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    out = {}
    for key, item in raw.items():
        monthly = tuple(float(v) for v in item["monthly"])
        if len(monthly) != 12:
            raise ValueError(f"archetypes.toml: {key}.monthly must have 12 values")
        mean = sum(monthly) / 12.0
        sf = item["spring_festival"]
        out[key] = Archetype(
            key=key, name_zh=item["name_zh"], name_en=item["name_en"], unit=item["unit"],
            intensity_kwh_per_unit=float(item["intensity_kwh_per_unit"]), shifts=item["shifts"],
            workdays_per_week=int(item["workdays_per_week"]),
            off_shift_fraction=float(item["off_shift_fraction"]),
            non_working_fraction=float(item["non_working_fraction"]),
            spring_festival=(int(sf[0]), int(sf[1]), int(sf[2]), float(sf[3])),
            monthly=tuple(v / mean for v in monthly),
            variability_fraction=float(item["variability_fraction"]),
            flexible_fraction=float(item["flexible_fraction"]), tag=item["tag"], source=item["source"],
            flexible_up_fraction=float(item.get("flexible_up_fraction", 1.0)),
            typical_load_factor=(float(item["typical_load_factor"]) if "typical_load_factor" in item else None),
            hourly_variability_fraction=float(item.get("hourly_variability_fraction", 0.0)))
        _check(out[key])
    return out


def _check(arch: Archetype) -> None:
    """Refuse shipped data that the builder cannot use (raises ValueError naming the key)."""
    problems = []
    if arch.shifts not in SHIFT_PATTERNS:
        problems.append(f"shifts {arch.shifts!r} not in {SHIFT_PATTERNS}")
    if arch.workdays_per_week not in (5, 6, 7):
        problems.append("workdays_per_week must be 5, 6 or 7")
    for name in ("off_shift_fraction", "non_working_fraction", "flexible_fraction", "flexible_up_fraction"):
        value = getattr(arch, name)
        if not 0.0 <= value <= (10.0 if name == "flexible_up_fraction" else 1.0):
            problems.append(f"{name} = {value} out of range")
    if not 0.0 <= arch.variability_fraction <= 0.5:
        problems.append("variability_fraction must be in 0..0.5")
    if not 0.0 <= arch.hourly_variability_fraction <= 0.2:
        problems.append("hourly_variability_fraction must be in 0..0.2")
    if arch.typical_load_factor is not None and not 0.0 < arch.typical_load_factor <= 1.0:
        problems.append("typical_load_factor must be in (0, 1]")
    if min(arch.monthly) <= 0:
        problems.append("monthly levels must be positive")
    if problems:
        raise ValueError(f"archetypes.toml [{arch.key}]: " + "; ".join(problems))


def get_archetype(key: str, source: str = "scenario", field: str = "load.enterprises.archetype") -> Archetype:
    """Look up an archetype, with a clear error listing the known keys."""
    table = archetypes()
    if key not in table:
        raise InputError(InputIssue(source, field, key, "one of " + ", ".join(sorted(table))))
    return table[key]


def shift_shape(pattern: str, off_shift_fraction: float) -> np.ndarray:
    """Relative hourly load (24 values, max 1) of a working day for a shift pattern.

    Parameters
    ----------
    pattern : {'continuous', '3x8', '2x8', '1x8'}
        Shift pattern; 1x8 works 08-17 with a lunch dip, 2x8 works 08-24, 3x8 works round the clock
        with short dips at the shift changes (00, 08, 16).
    off_shift_fraction : float
        Load outside shift hours relative to shift hours [-].
    """
    shape = np.full(24, float(off_shift_fraction))
    if pattern == "continuous":
        shape[:] = 1.0
    elif pattern == "3x8":
        shape[:] = 1.0
        shape[[0, 8, 16]] = 0.96
    elif pattern == "2x8":
        shape[8:24] = 1.0
        shape[[8, 16]] = 0.96
        shape[7] = (1.0 + off_shift_fraction) / 2
    elif pattern == "1x8":
        shape[8:17] = 1.0
        shape[12] = 0.75
        shape[[7, 17]] = (1.0 + off_shift_fraction) / 2
    else:
        raise ValueError(f"unknown shift pattern {pattern!r}; expected one of {SHIFT_PATTERNS}")
    return shape
