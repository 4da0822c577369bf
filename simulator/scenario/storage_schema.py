"""``[[storage.types]]``: several storage technologies sized side by side (issue 20).

A type's unset fields take the shipped defaults of its ``technology`` (``simulator/data/defaults.toml``,
sections ``storage_<technology>``), then the values of the ``[storage]`` section.
"""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simulator.data import all_defaults

#: shipped storage technologies (sections ``[storage_<name>]`` of data/defaults.toml)
TECHNOLOGIES = ("lfp_2h", "lfp_4h", "vanadium_flow", "pumped_hydro")

#: fields a type may set; unset ones come from its technology, then from ``[storage]``
TYPE_FIELDS = ("energy_capex_cny_per_kwh", "power_capex_cny_per_kw", "fixed_om_cny_per_kwh_yr",
               "fixed_om_cny_per_kw_yr", "lifetime_yr", "charge_efficiency", "discharge_efficiency",
               "self_discharge_per_h", "soc_min_fraction", "soc_max_fraction", "min_duration_h", "max_duration_h",
               "throughput_cost_cny_per_kwh", "max_cycles_per_yr", "allow_grid_charging")


def technology_defaults(technology: str) -> dict:
    """The shipped defaults of one storage technology, by field name."""
    section = f"storage_{technology}."
    return {e.key[len(section):]: e.value for e in all_defaults() if e.key.startswith(section)}


class StorageType(BaseModel):
    """One storage technology sized in energy (kWh) and power (kW) on its own."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = Field(description="short name; outputs use storage_<name>_kwh, storage_<name>_kw, ...")
    technology: Optional[str] = Field(None, description="shipped defaults: " + ", ".join(TECHNOLOGIES))
    energy_capex_cny_per_kwh: Optional[float] = Field(None, ge=0)
    power_capex_cny_per_kw: Optional[float] = Field(None, ge=0)
    fixed_om_cny_per_kwh_yr: Optional[float] = Field(None, ge=0)
    fixed_om_cny_per_kw_yr: Optional[float] = Field(None, ge=0)
    lifetime_yr: Optional[int] = Field(None, ge=1)
    charge_efficiency: Optional[float] = Field(None, gt=0, le=1)
    discharge_efficiency: Optional[float] = Field(None, gt=0, le=1)
    self_discharge_per_h: Optional[float] = Field(None, ge=0, lt=1)
    soc_min_fraction: Optional[float] = Field(None, ge=0, le=1)
    soc_max_fraction: Optional[float] = Field(None, ge=0, le=1)
    min_duration_h: Optional[float] = Field(None, gt=0)
    max_duration_h: Optional[float] = Field(None, gt=0)
    throughput_cost_cny_per_kwh: Optional[float] = Field(None, ge=0, description="wear per kWh discharged")
    max_cycles_per_yr: Optional[float] = Field(None, gt=0, description="cap on equivalent full cycles")
    allow_grid_charging: Optional[bool] = None
    existing_kwh: float = Field(0.0, ge=0)
    existing_kw: float = Field(0.0, ge=0)
    max_kwh: Optional[float] = Field(None, ge=0)
    max_kw: Optional[float] = Field(None, ge=0)

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not value.isidentifier() or value != value.lower() or value == "storage":
            raise ValueError("a lower-case identifier other than 'storage' (e.g. lfp_2h, flow, hydro)")
        return value

    @field_validator("technology")
    @classmethod
    def _known(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and value not in TECHNOLOGIES:
            raise ValueError(f"one of {', '.join(TECHNOLOGIES)} (or leave it out)")
        return value

    @model_validator(mode="after")
    def _bounds(self):
        for cap, low in (("max_kwh", "existing_kwh"), ("max_kw", "existing_kw")):
            if getattr(self, cap) is not None and getattr(self, cap) < getattr(self, low):
                raise ValueError(f"{cap} must be >= {low}")
        return self

    def resolved(self, section) -> dict:
        """Every field of :data:`TYPE_FIELDS`: this type's value, else its technology's, else ``[storage]``'s.

        Raises
        ------
        ValueError
            If the resolved SOC window or duration bounds are inconsistent.
        """
        tech = technology_defaults(self.technology) if self.technology else {}
        out = {}
        for key in TYPE_FIELDS:
            own = getattr(self, key)
            out[key] = own if own is not None else tech[key] if key in tech else getattr(section, key)
        if out["soc_min_fraction"] >= out["soc_max_fraction"]:
            raise ValueError(f"storage type {self.name}: soc_min_fraction must be below soc_max_fraction")
        low, high = out["min_duration_h"], out["max_duration_h"]
        if low is not None and high is not None and low > high:
            raise ValueError(f"storage type {self.name}: min_duration_h must not exceed max_duration_h")
        return out

