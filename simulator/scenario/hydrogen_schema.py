"""Pydantic models of the optional ``[hydrogen]`` section: electrolyser, tank, demand, fuel cell, sale.

Hydrogen is a product of the park (a demand in kg/h that must be met in every step) and a store (a tank
sized in kg, optionally turned back into power by a fuel cell or H2 engine). The electrolyser is sized in
kW of electricity in; its electricity is park load (docs/formulation.md "Hydrogen", eq. Y1-Y9). Numbers
left unset take the defaults of ``simulator/data/defaults.toml [hydrogen]`` (all tagged U). Without a
``[hydrogen]`` section nothing of this exists and the model is unchanged.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import Field, field_validator, model_validator

from simulator.data import default
from simulator.scenario.fields import Capex, Efficiency, Fraction, FixedOm, LifetimeYr, Section, SizedKw

#: upper bound of any hydrogen mass or flow given in a scenario [kg, kg/h, kg/day] (a 10^9 kg tank is
#: far above any plant; the bound only refuses typing slips such as 1e30)
MAX_H2_KG = 1.0e9


def _beyond_lhv(value, above: bool):
    """An electrolyser needs more than the LHV per kg, a fuel cell gives less (so no round trip gains energy)."""
    lhv = float(default("hydrogen.lhv_kwh_per_kg"))
    if value is not None and (value <= lhv if above else value >= lhv):
        raise ValueError(f"{'above' if above else 'below'} the lower heating value of hydrogen, {lhv} kWh/kg")
    return value


class Electrolyser(SizedKw):
    """The electrolyser: capacity C_Y [kW of electricity in] sized between ``existing_kw`` and ``max_kw``.

    Efficiency as ``efficiency_kwh_per_kg`` (electricity per kg of H2, system incl. compression) or as
    ``lhv_efficiency_fraction`` (H2 LHV out / electricity in; kWh/kg = LHV / fraction); none = default.
    ``min_load_fraction`` m: the model is a linear programme without on/off states, so the minimum load is
    held in *every* step, P_t >= m C_Y: the electrolyser never stops (hot standby). 0 (the default) drops
    it, and part load down to zero is then allowed — optimistic for plants that cannot run below a minimum
    but must stop (an on/off minimum would need integer variables, which this LP does not have).
    """

    efficiency_kwh_per_kg: Optional[float] = Field(None, gt=0, le=100, description="electricity per kg H2 "
                                                   "[kWh/kg], above the LHV (33.33); none = default")
    lhv_efficiency_fraction: Optional[Efficiency] = Field(None, description="H2 LHV out / electricity in")
    min_load_fraction: Fraction = Field(0.0, description="P_t >= m C_Y in every step (LP: no off state)")
    capex_cny_per_kw: Capex = Field(default_factory=lambda: default("hydrogen.electrolyser_capex_cny_per_kw"))
    fixed_om_cny_per_kw_yr: FixedOm = Field(
        default_factory=lambda: default("hydrogen.electrolyser_fixed_om_cny_per_kw_yr"))
    lifetime_yr: LifetimeYr = Field(default_factory=lambda: default("hydrogen.electrolyser_lifetime_yr"))

    @field_validator("efficiency_kwh_per_kg")
    @classmethod
    def _above_lhv(cls, value):
        return _beyond_lhv(value, above=True)

    @model_validator(mode="after")
    def _one_efficiency(self):
        if self.efficiency_kwh_per_kg is not None and self.lhv_efficiency_fraction is not None:
            raise ValueError("give efficiency_kwh_per_kg or lhv_efficiency_fraction, not both")
        return self


class HydrogenTank(Section):
    """The hydrogen store: rated content S [kg] sized; its level stays within [min, max] fill x S."""

    capex_cny_per_kg: Capex = Field(default_factory=lambda: default("hydrogen.tank_capex_cny_per_kg"))
    fixed_om_cny_per_kg_yr: FixedOm = Field(default_factory=lambda: default("hydrogen.tank_fixed_om_cny_per_kg_yr"))
    lifetime_yr: LifetimeYr = Field(default_factory=lambda: default("hydrogen.tank_lifetime_yr"))
    min_fill_fraction: Fraction = Field(default_factory=lambda: default("hydrogen.tank_min_fill_fraction"))
    max_fill_fraction: Fraction = Field(default_factory=lambda: default("hydrogen.tank_max_fill_fraction"))
    existing_kg: float = Field(0.0, ge=0, le=MAX_H2_KG, description="tank already built [kg]")
    max_kg: Optional[float] = Field(None, ge=0, le=MAX_H2_KG, description="none = unbounded")

    @model_validator(mode="after")
    def _window(self):
        if self.max_fill_fraction <= self.min_fill_fraction:
            raise ValueError(f"max_fill_fraction ({self.max_fill_fraction}) must be above min_fill_fraction "
                             f"({self.min_fill_fraction})")
        if self.max_kg is not None and self.max_kg < self.existing_kg:
            raise ValueError(f"max_kg ({self.max_kg}) must be >= existing_kg ({self.existing_kg})")
        return self


class FuelCell(SizedKw):
    """Back to power: a fuel cell or H2 engine, capacity [kW of electricity out] sized, efficiency kWh/kg."""

    efficiency_kwh_per_kg: float = Field(default_factory=lambda: default("hydrogen.fuel_cell_efficiency_kwh_per_kg"),
                                         gt=0, le=100, description="electricity out per kg H2 [kWh/kg], below the "
                                                                   "LHV (33.33)")
    capex_cny_per_kw: Capex = Field(default_factory=lambda: default("hydrogen.fuel_cell_capex_cny_per_kw"))
    fixed_om_cny_per_kw_yr: FixedOm = Field(
        default_factory=lambda: default("hydrogen.fuel_cell_fixed_om_cny_per_kw_yr"))
    lifetime_yr: LifetimeYr = Field(default_factory=lambda: default("hydrogen.fuel_cell_lifetime_yr"))

    @field_validator("efficiency_kwh_per_kg")
    @classmethod
    def _below_lhv(cls, value):
        return _beyond_lhv(value, above=False)


class HydrogenSection(Section):
    """Hydrogen of the park: a demand met in every step, the electrolyser, the tank, optional fuel cell and sale.

    Demand: either ``demand_kg_per_day`` (the same every day) spread over the hours by ``daily_shape``
    (24 non-negative weights for hours 0-23, normalised to their sum; none = flat), or ``demand_csv``
    (kg/h on the model horizon, one row per step, read like ``load.profile_csv``). The demand is met in
    every step (not per day): a daily total with a flexible delivery time is modelled by giving it as a
    flat shape and letting the tank buffer the hours.
    Sale: with ``sale_price_cny_per_kg`` > 0, up to ``sale_max_kg_per_h`` may be sold in each step.
    """

    demand_kg_per_day: Optional[float] = Field(None, ge=0, le=MAX_H2_KG, description="H2 demand [kg/day]")
    daily_shape: Optional[list[float]] = Field(None, min_length=24, max_length=24,
                                               description="24 hourly weights of the daily demand [-]")
    demand_csv: Optional[Path] = Field(None, description="H2 demand [kg/h] on the model horizon")
    demand_column: Optional[str] = None
    sale_price_cny_per_kg: float = Field(0.0, ge=0, le=1000, description="price of H2 sold [CNY/kg]")
    sale_max_kg_per_h: float = Field(0.0, ge=0, le=MAX_H2_KG, description="most H2 sold per hour [kg/h]")
    electrolyser: Electrolyser = Field(default_factory=Electrolyser)
    tank: HydrogenTank = Field(default_factory=HydrogenTank)
    fuel_cell: Optional[FuelCell] = Field(None, description="none = no conversion back to power")

    @model_validator(mode="after")
    def _one_demand(self):
        given = [k for k in ("demand_kg_per_day", "demand_csv") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"exactly one of demand_kg_per_day or demand_csv; got {given or 'none'}")
        if self.daily_shape is not None:
            if self.demand_kg_per_day is None:
                raise ValueError("daily_shape goes with demand_kg_per_day")
            if any(w < 0 for w in self.daily_shape) or not sum(self.daily_shape) > 0:
                raise ValueError("daily_shape needs 24 weights >= 0 with a positive sum")
        if self.demand_column is not None and self.demand_csv is None:
            raise ValueError("demand_column goes with demand_csv")
        if (self.sale_price_cny_per_kg > 0) != (self.sale_max_kg_per_h > 0):
            raise ValueError("sale_price_cny_per_kg and sale_max_kg_per_h go together (both > 0, or both 0)")
        return self
