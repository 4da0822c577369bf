"""Building blocks shared by every section of the scenario schema.

:class:`Section` is the base of every section: unknown keys are errors and **no number may be NaN or
±inf** (``allow_inf_nan=False`` holds for every float of every section, nested lists and dicts
included). The annotated types below give each kind of quantity its physical range; a field declared
with one of them documents its range in the schema (``Field`` ``ge``/``gt``/``le``/``lt``, shown by
``Scenario.model_json_schema()``) and is checked when the scenario is validated, so that a value the
model cannot use is refused with its key before any work is done.

The upper limits are plausibility bounds, not data: they lie far above any park this tool sizes and
only keep absurd values (a unit slip, ``1e30``) from reaching the solver.
"""
from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Optional

import annotated_types as at
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

#: largest power of any capacity, peak or connection [kW] (100 GW; plausibility bound)
MAX_POWER_KW = 1e8
#: largest energy: annual consumption of an enterprise, storage capacity [kWh] (1,000 TWh; plausibility bound)
MAX_ENERGY_KWH = 1e12
#: largest investment cost per kW or per kWh [CNY] (about 30 x today's PV or wind capex; plausibility bound)
MAX_CAPEX_CNY_PER_UNIT = 1e5
#: largest fixed O&M cost per kW or kWh and year [CNY/yr]
MAX_OM_CNY_PER_UNIT_YR = 1e4
#: largest energy price or value per kWh: import, export, certificates, lost load [CNY/kWh]
MAX_PRICE_CNY_PER_KWH = 1e3
#: largest monthly capacity or demand charge [CNY/kW/month]
MAX_CHARGE_CNY_PER_KW_MONTH = 1e3
#: largest lifetime of an asset [yr]
MAX_LIFETIME_YR = 100
#: largest random seed (numpy accepts any non-negative integer; 32 bits keep every seed portable)
MAX_SEED = 2**32 - 1
#: first characters that make a spreadsheet read a cell as a formula (CSV/xlsx formula injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class Section(BaseModel):
    """Base of every section: unknown keys are rejected, NaN and ±inf are rejected in every number,
    and assignments are validated like the file's values."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False,
                              ser_json_inf_nan="strings")


def _plain_text(value: str) -> str:
    if value and value[0] in FORMULA_START:
        raise ValueError("text that does not start with = + - @ or a tab/line break (a spreadsheet would "
                         "read it as a formula when the name is written to CSV or xlsx)")
    return value


def _name(value: str) -> str:
    if not value.strip():
        raise ValueError("a non-empty name")
    if value != value.strip():
        raise ValueError("a name without leading or trailing spaces")
    return _plain_text(value)


#: free text that ends up in tables (may be empty; no formula)
PlainText = Annotated[str, AfterValidator(_plain_text)]
#: a name: non-empty, no surrounding spaces, no formula
Name = Annotated[str, AfterValidator(_name)]

#: a share in 0..1
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
#: an efficiency in (0, 1]
Efficiency = Annotated[float, Field(gt=0.0, le=1.0)]
#: a loss in [0, 1): a loss of 1 leaves nothing
LossFraction = Annotated[float, Field(ge=0.0, lt=1.0)]
#: an asset lifetime [yr]
LifetimeYr = Annotated[int, Field(ge=1, le=MAX_LIFETIME_YR)]
#: a power, capacity or connection [kW]
PowerKw = Annotated[float, Field(ge=0.0, le=MAX_POWER_KW)]
#: a storage capacity or annual energy [kWh]
EnergyKwh = Annotated[float, Field(ge=0.0, le=MAX_ENERGY_KWH)]
#: an investment cost [CNY/kW] or [CNY/kWh]
Capex = Annotated[float, Field(ge=0.0, le=MAX_CAPEX_CNY_PER_UNIT)]
#: a fixed O&M cost [CNY/kW/yr] or [CNY/kWh/yr]
FixedOm = Annotated[float, Field(ge=0.0, le=MAX_OM_CNY_PER_UNIT_YR)]
#: an energy price [CNY/kWh]
PriceCnyPerKwh = Annotated[float, Field(ge=0.0, le=MAX_PRICE_CNY_PER_KWH)]
#: a monthly charge per kW [CNY/kW/month]
ChargeCnyPerKwMonth = Annotated[float, Field(ge=0.0, le=MAX_CHARGE_CNY_PER_KW_MONTH)]
#: a random seed
Seed = Annotated[int, Field(ge=0, le=MAX_SEED)]


def unwrap_annotation(annotation) -> tuple[Any, list]:
    """(type, constraints) of ``T``, ``Optional[T]``, ``Annotated[T, Field(...)]`` and their combinations."""
    metadata: list = []
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        for item in extra:
            metadata += list(getattr(item, "metadata", [item]))
        annotation = base
    return annotation, metadata


def documented_range(model: type[BaseModel], loc: tuple) -> str | None:
    """The range a numeric field documents, as ``an integer in [1, 100]`` or ``a number in (0, 1]``.

    Parameters
    ----------
    model : pydantic model class
        Where ``loc`` starts (the scenario).
    loc : tuple
        Key path as pydantic reports it (list positions as ints, dict keys as str).

    Returns
    -------
    str or None
        None if ``loc`` does not lead to a bounded int or float field.
    """
    annotation, info = model, None
    for part in loc:
        kind, _ = unwrap_annotation(annotation)
        if isinstance(part, int) or typing.get_origin(kind) in (list, dict):
            args = typing.get_args(kind)
            annotation = args[-1] if args else None
            info = None
            continue
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)) or part not in kind.model_fields:
            return None
        info = kind.model_fields[part]
        annotation = info.annotation
    kind, metadata = unwrap_annotation(annotation)
    if kind not in (int, float):
        return None
    low = high = None
    for item in metadata + (list(info.metadata) if info is not None else []):  # the field's own last
        if isinstance(item, (at.Ge, at.Gt)):
            low = ("[", item.ge) if isinstance(item, at.Ge) else ("(", item.gt)
        if isinstance(item, (at.Le, at.Lt)):
            high = ("]", item.le) if isinstance(item, at.Le) else (")", item.lt)
    if low is None or high is None:
        return None
    def number(value) -> str:
        return str(value) if isinstance(value, int) else f"{value:g}"

    what = "an integer" if kind is int else "a finite number"
    return f"{what} in {low[0]}{number(low[1])}, {number(high[1])}{high[0]}"


class SizedKw(Section):
    """Base of a section sized in kW between what is already built and an optional upper bound.

    ``existing_kw <= capacity <= max_kw``; subclasses may re-declare either field to give it its own
    description, and keep the check.
    """

    existing_kw: PowerKw = Field(0.0, description="capacity already built [kW]")
    max_kw: Optional[PowerKw] = Field(None, description="upper bound [kW]; none = unbounded")

    @model_validator(mode="after")
    def _max_at_least_existing(self):
        if self.max_kw is not None and self.max_kw < self.existing_kw:
            raise ValueError(f"max_kw: at least existing_kw ({self.existing_kw})")
        return self
