"""``[[storage.types]]``: several storage technologies sized side by side (issue 20).

A type's unset fields take the shipped defaults of its ``technology`` (``simulator/data/defaults.toml``,
sections ``storage_<technology>``), then the values of the ``[storage]`` section.
"""
from __future__ import annotations

from typing import Optional

from pydantic import Field, field_validator, model_validator

from simulator.data import all_defaults
from simulator.scenario.fields import (Capex, Efficiency, EnergyKwh, FixedOm, Fraction, LifetimeYr, LossFraction,
                                       Name, PowerKw, PriceCnyPerKwh, Section)

#: plausibility bound of a storage duration and of equivalent full cycles per year (hours in a leap year)
MAX_HOURS = 8784

#: shipped storage technologies: every section ``[storage_<name>]`` of data/defaults.toml, so that a new
#: technology is one section of data (docs/architecture.md, "How to add a technology")
TECHNOLOGIES = tuple(dict.fromkeys(e.key.split(".")[0][len("storage_"):] for e in all_defaults()
                                   if e.key.startswith("storage_")))

#: fields a type may set; unset ones come from its technology, then from ``[storage]``
TYPE_FIELDS = ("energy_capex_cny_per_kwh", "power_capex_cny_per_kw", "fixed_om_cny_per_kwh_yr",
               "fixed_om_cny_per_kw_yr", "lifetime_yr", "charge_efficiency", "discharge_efficiency",
               "self_discharge_per_h", "soc_min_fraction", "soc_max_fraction", "min_duration_h", "max_duration_h",
               "throughput_cost_cny_per_kwh", "max_cycles_per_yr", "allow_grid_charging")


def technology_defaults(technology: str) -> dict:
    """The shipped defaults of one storage technology, by field name."""
    section = f"storage_{technology}."
    return {e.key[len(section):]: e.value for e in all_defaults() if e.key.startswith(section)}


class StorageType(Section):
    """One storage technology sized in energy (kWh) and power (kW) on its own."""

    name: Name = Field(description="short name; outputs use storage_<name>_kwh, storage_<name>_kw, ...")
    technology: Optional[str] = Field(None, description="shipped defaults: " + ", ".join(TECHNOLOGIES))
    energy_capex_cny_per_kwh: Optional[Capex] = None
    power_capex_cny_per_kw: Optional[Capex] = None
    fixed_om_cny_per_kwh_yr: Optional[FixedOm] = None
    fixed_om_cny_per_kw_yr: Optional[FixedOm] = None
    lifetime_yr: Optional[LifetimeYr] = None
    charge_efficiency: Optional[Efficiency] = None
    discharge_efficiency: Optional[Efficiency] = None
    self_discharge_per_h: Optional[LossFraction] = None
    soc_min_fraction: Optional[Fraction] = None
    soc_max_fraction: Optional[Fraction] = None
    min_duration_h: Optional[float] = Field(None, gt=0, le=MAX_HOURS)
    max_duration_h: Optional[float] = Field(None, gt=0, le=MAX_HOURS)
    throughput_cost_cny_per_kwh: Optional[PriceCnyPerKwh] = Field(None, description="wear per kWh discharged")
    max_cycles_per_yr: Optional[float] = Field(None, gt=0, le=MAX_HOURS, description="cap on equivalent full cycles")
    allow_grid_charging: Optional[bool] = None
    site: Optional[Name] = Field(None, description="name of the [[sites]] entry it stands at; none = the park")
    existing_kwh: EnergyKwh = 0.0
    existing_kw: PowerKw = 0.0
    max_kwh: Optional[EnergyKwh] = None
    max_kw: Optional[PowerKw] = None

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

