"""Pydantic models of the optional ``[heat]`` section: process heat demand, heat technologies, heat storage.

Carriers are ``hot_water`` and ``steam``, both in kW of heat (kW_th). Steam given in t/h (a profile)
or t/yr (an annual demand) is converted with ``heat.steam_enthalpy_kj_per_kg`` (kJ delivered per kg):
1 t/h = enthalpy / 3.6 kW. Technology numbers left unset take the defaults of
``simulator/data/defaults.toml [heat]`` for their kind and fuel (resolved in ``simulator.inputs.heat``).
Without a ``[heat]`` section nothing of this exists and the model is the electricity-only one.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, Field, model_validator

from simulator.data import default
from simulator.scenario.fields import (Capex, Efficiency, EnergyKwh, FixedOm, LifetimeYr, LossFraction, PowerKw,
                                       Section, SizedKw)
from simulator.scenario.load_schema import ShiftPattern

Carrier = Literal["hot_water", "steam", "cooling"]
#: technology kinds that serve the cooling carrier (and only it)
COOLING_KINDS = ("chiller", "free_cooling")


def _identifier(value: str) -> str:
    if not value.isidentifier() or value != value.lower():
        raise ValueError("a lower-case identifier (letters, digits, _), used in column names")
    return value


Name = Annotated[str, AfterValidator(_identifier)]


class HeatDemand(Section):
    """One heat demand of one carrier: a shape (an enterprise's, an archetype's or a profile CSV) and a size.

    Shape: ``enterprise`` (the named ``[[load.enterprises]]`` entry's electricity profile shape over the
    year: its shifts, calendar, season, ramp-up and day-to-day variation) or ``archetype`` (with optional
    ``shifts`` / ``workdays_per_week``, as for an enterprise), scaled to ``annual_mwh`` (MWh heat per year at
    full production) or ``annual_steam_t`` (steam only); or ``profile_csv`` (metered, on the model horizon,
    read like ``load.profile_csv``) in ``profile_unit`` kW, kWh per step or t/h of steam.
    """

    name: Name = Field(description="identifier of this demand")
    carrier: Carrier
    enterprise: Optional[str] = Field(None, description="name of a [[load.enterprises]] entry whose shape is used")
    archetype: Optional[str] = Field(None, description="key of data/archetypes.toml whose shape is used")
    shifts: Optional[ShiftPattern] = None
    workdays_per_week: Optional[Literal[5, 6, 7]] = None
    annual_mwh: Optional[float] = Field(None, gt=0, le=1e9, description="heat demand at full production [MWh_th/yr]")
    annual_steam_t: Optional[float] = Field(None, gt=0, le=1e9, description="steam demand at full production [t/yr]")
    profile_csv: Optional[Path] = Field(None, description="metered heat profile on the model horizon")
    profile_column: Optional[str] = None
    profile_unit: Literal["kW", "kWh", "t_per_h"] = "kW"
    it_load: bool = Field(False, description="cooling of a data centre: the demand is the IT heat, equal to the "
                          "named enterprise's electricity, which is then taken as IT only (docs/formulation.md, "
                          "Cooling); no annual size")
    outdoor_share_fraction: Optional[float] = Field(
        None, ge=0, le=1, description="cooling sized by annual_mwh: share of the annual cooling that follows "
        "the outdoor temperature (cooling degree-hours above balance_temperature_c); none = 0")
    balance_temperature_c: Optional[float] = Field(None, ge=-10, le=35, description="with outdoor_share_fraction; "
                                                   "none = default")
    billed_to: Optional[str] = Field(None, description="the [[load.enterprises]] entry whose bill carries this "
                                     "demand in the per-enterprise view; none = ``enterprise``")

    @property
    def owner(self) -> Optional[str]:
        """The enterprise billed for this demand (``billed_to``, else the shape's ``enterprise``)."""
        return self.billed_to if self.billed_to is not None else self.enterprise

    @model_validator(mode="after")
    def _one_shape(self):
        shapes = [k for k in ("enterprise", "archetype", "profile_csv") if getattr(self, k) is not None]
        if len(shapes) != 1:
            raise ValueError(f"exactly one of enterprise, archetype or profile_csv; got {shapes or 'none'}")
        sizes = [k for k in ("annual_mwh", "annual_steam_t") if getattr(self, k) is not None]
        if (self.outdoor_share_fraction is not None or self.balance_temperature_c is not None) and (
                self.carrier != "cooling" or self.annual_mwh is None or self.it_load):
            raise ValueError("outdoor_share_fraction / balance_temperature_c go with a cooling demand sized by "
                             "annual_mwh")
        if self.it_load:
            if self.carrier != "cooling" or self.enterprise is None or sizes:
                raise ValueError("it_load = true needs carrier = 'cooling' and enterprise = the data centre, and no "
                                 f"annual size (the IT electricity is the heat to remove); got carrier = "
                                 f"{self.carrier!r}, enterprise = {self.enterprise!r}, sizes {sizes}")
            return self
        if self.profile_csv is not None:
            if sizes:
                raise ValueError(f"a profile_csv is used as metered; {sizes} must not be given with it")
            if self.profile_unit == "t_per_h" and self.carrier != "steam":
                raise ValueError("profile_unit = 't_per_h' only for carrier = 'steam'")
        elif len(sizes) != 1:
            raise ValueError(f"exactly one of annual_mwh or annual_steam_t; got {sizes or 'none'}")
        elif self.profile_column is not None or self.profile_unit != "kW":
            raise ValueError("profile_column / profile_unit go with profile_csv")
        if self.annual_steam_t is not None and self.carrier != "steam":
            raise ValueError("annual_steam_t only for carrier = 'steam'")
        if (self.shifts or self.workdays_per_week) and self.archetype is None:
            raise ValueError("shifts / workdays_per_week go with archetype (an enterprise brings its own)")
        return self


class HeatTechnology(SizedKw):
    """One heat supply technology serving one carrier, sized like PV (existing_kw <= capacity <= max_kw).

    ``fuel_boiler`` burns ``fuel`` (coal or gas) at ``efficiency_fraction`` (heat out / fuel LHV in);
    ``electric_boiler`` turns electricity into heat at ``efficiency_fraction``; ``heat_pump`` at ``cop``
    (none = the COP table of data/defaults.toml at the carrier's supply temperature). Electric kinds add
    their electricity to the park's electric load.
    """

    name: Name
    kind: Literal["fuel_boiler", "electric_boiler", "heat_pump", "chiller", "free_cooling"]
    carrier: Carrier
    fuel: Optional[Literal["coal", "gas"]] = Field(None, description="fuel_boiler only")
    efficiency_fraction: Optional[Efficiency] = Field(None, description="boilers; none = default")
    cop: Optional[float] = Field(None, ge=1, le=50, description="heat_pump (none = table by supply temperature), "
                                 "chiller or free_cooling (none = default)")
    free_cooling_max_c: Optional[float] = Field(None, ge=-30, le=30, description="free_cooling: outdoor temperature "
                                                "[degC] up to which it runs; none = default")
    fuel_price_cny_per_gj: Optional[float] = Field(None, ge=0, le=1e4, description="LHV basis; none = default")
    fuel_price_cny_per_t: Optional[float] = Field(None, ge=0, le=1e5,
                                                  description="with fuel_lhv_gj_per_t (or its default)")
    fuel_lhv_gj_per_t: Optional[float] = Field(None, gt=0, le=60)
    emission_t_co2_per_gj: Optional[float] = Field(None, ge=0, le=0.2, description="LHV basis; none = default")
    capex_cny_per_kw: Optional[Capex] = Field(None, description="new capacity [CNY/kW_th]; none = default")
    fixed_om_cny_per_kw_yr: Optional[FixedOm] = Field(None, description="none = default")
    lifetime_yr: Optional[LifetimeYr] = Field(None, description="none = default")
    existing_kw: PowerKw = Field(0.0, description="capacity already built [kW_th]")
    max_kw: Optional[PowerKw] = Field(None, description="none = unbounded")

    @model_validator(mode="after")
    def _consistent(self):
        fuel_keys = ("fuel", "fuel_price_cny_per_gj", "fuel_price_cny_per_t", "fuel_lhv_gj_per_t",
                     "emission_t_co2_per_gj")
        if self.kind == "fuel_boiler":
            if self.fuel is None:
                raise ValueError("a fuel_boiler needs fuel = 'coal' or 'gas'")
            if self.fuel_price_cny_per_gj is not None and self.fuel_price_cny_per_t is not None:
                raise ValueError("give fuel_price_cny_per_gj or fuel_price_cny_per_t, not both")
            if self.fuel_lhv_gj_per_t is not None and self.fuel_price_cny_per_t is None:
                raise ValueError("fuel_lhv_gj_per_t converts fuel_price_cny_per_t; give that price too (or drop it)")
        else:
            given = [k for k in fuel_keys if getattr(self, k) is not None]
            if given:
                raise ValueError(f"{given} only for kind = 'fuel_boiler'")
        if self.cop is not None and self.kind not in ("heat_pump", *COOLING_KINDS):
            raise ValueError("cop only for kind = 'heat_pump', 'chiller' or 'free_cooling'")
        if self.efficiency_fraction is not None and self.kind in ("heat_pump", *COOLING_KINDS):
            raise ValueError(f"a {self.kind} takes cop, not efficiency_fraction")
        if self.cop is not None and self.kind == "heat_pump" and self.cop > 10:
            raise ValueError("a heat_pump's cop must be <= 10")
        if (self.kind in COOLING_KINDS) != (self.carrier == "cooling"):
            raise ValueError(f"chillers and free cooling serve carrier = 'cooling', and only they do; got kind = "
                             f"{self.kind!r} for carrier = {self.carrier!r}")
        if self.free_cooling_max_c is not None and self.kind != "free_cooling":
            raise ValueError("free_cooling_max_c only for kind = 'free_cooling'")
        return self


#: heat store kinds -> the carriers they may serve; numbers left unset take data/defaults.toml [heat]
#: ``<kind>_<field>`` (the hot-water tank's keys are ``storage_<field>``)
STORE_CARRIERS = {"hot_water_tank": ("hot_water",), "steam_accumulator": ("steam",),
                  "molten_salt": ("steam", "hot_water"), "chilled_water": ("cooling",)}


class HeatStorage(Section):
    """A thermal store of one carrier, its energy E [kWh_th] sized.

    ``kind``: ``hot_water_tank`` (sensible heat in water), ``steam_accumulator`` (Ruths, saturated water
    releasing steam), ``molten_salt`` (two-tank salt with a steam generator), ``chilled_water`` (cooling).
    Charge and discharge are each at most ``power_per_energy_per_h`` x E [kW]; the stored heat decays by
    ``loss_per_h`` per hour. Numbers not given take the defaults of the kind.
    """

    name: Name
    kind: Literal["hot_water_tank", "steam_accumulator", "molten_salt", "chilled_water"] = "hot_water_tank"
    carrier: Carrier = "hot_water"
    capex_cny_per_kwh: Optional[Capex] = None
    fixed_om_cny_per_kwh_yr: Optional[FixedOm] = None
    lifetime_yr: Optional[LifetimeYr] = None
    loss_per_h: Optional[LossFraction] = None
    charge_efficiency: Optional[Efficiency] = None
    discharge_efficiency: Optional[Efficiency] = None
    power_per_energy_per_h: Optional[float] = Field(None, gt=0, le=10)
    existing_kwh: EnergyKwh = Field(0.0, description="store already built [kWh_th]")
    max_kwh: Optional[EnergyKwh] = Field(None, description="none = unbounded")

    @model_validator(mode="after")
    def _bounds(self):
        if self.max_kwh is not None and self.max_kwh < self.existing_kwh:
            raise ValueError("max_kwh must be >= existing_kwh")
        if self.carrier not in STORE_CARRIERS[self.kind]:
            raise ValueError(f"a {self.kind} stores {' or '.join(STORE_CARRIERS[self.kind])}, not {self.carrier}")
        return self

    def resolved(self) -> dict:
        """The store's numbers, given or the kind's defaults (``HeatStorageInput`` fields)."""
        prefix = "storage" if self.kind == "hot_water_tank" else self.kind
        out = {}
        for key in ("capex_cny_per_kwh", "fixed_om_cny_per_kwh_yr", "lifetime_yr", "loss_per_h",
                    "charge_efficiency", "discharge_efficiency", "power_per_energy_per_h"):
            given = getattr(self, key)
            out[key] = given if given is not None else default(f"heat.{prefix}_{key}")
        out["lifetime_yr"] = int(out["lifetime_yr"])
        return out


class HeatSection(Section):
    """Process heat of the park: demands per carrier, the technologies that serve them, heat storage."""

    demands: list[HeatDemand] = Field(min_length=1)
    technologies: list[HeatTechnology] = Field(min_length=1)
    storage: list[HeatStorage] = Field(default_factory=list)
    carbon_price_cny_per_t: float = Field(0.0, ge=0, le=1e5, description="price on fuel CO2 [CNY/t]")
    steam_enthalpy_kj_per_kg: float = Field(default_factory=lambda: default("heat.steam_enthalpy_kj_per_kg"),
                                            gt=1000, lt=3500, description="heat delivered per kg of steam")
    hot_water_supply_temperature_c: float = Field(
        default_factory=lambda: default("heat.hot_water_supply_temperature_c"), gt=30, lt=150)
    steam_supply_temperature_c: float = Field(
        default_factory=lambda: default("heat.steam_supply_temperature_c"), gt=100, lt=300)

    @model_validator(mode="after")
    def _every_carrier_served(self):
        names = [x.name for x in [*self.demands, *self.technologies, *self.storage]]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"heat demand, technology and storage names must be unique; repeated: {dup}")
        reserved = [t.name for t in self.technologies if t.name.split("_")[0] in ("demand", "electric", "storage")]
        if reserved:
            raise ValueError(f"technology names must not start with demand, electric or storage (column names "
                             f"heat_demand_*, heat_electric_kw, heat_storage_*); got {reserved}")
        served = {t.carrier for t in self.technologies}
        for d in self.demands:
            if d.carrier not in served:
                raise ValueError(f"demand '{d.name}' ({d.carrier}) has no technology of that carrier")
        for s in self.storage:
            if s.carrier not in served:
                raise ValueError(f"storage '{s.name}' ({s.carrier}) has no technology of that carrier")
        return self
