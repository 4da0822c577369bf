"""Pydantic models of a scenario file, one per TOML section.

Every field carries its unit in its name; every default comes from ``simulator/data/defaults.toml``
(see :func:`simulator.data.default_entry` for its source). Unknown keys are errors.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal, Optional
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator

from simulator.data import default
from simulator.scenario.fields import (Capex, ChargeCnyPerKwMonth, Efficiency, EnergyKwh, FixedOm, Fraction,
                                       LifetimeYr, LossFraction, Name, PlainText, PowerKw, PriceCnyPerKwh,
                                       Section, SizedKw)
from simulator.scenario.heat_schema import HeatSection
from simulator.scenario.hydrogen_schema import HydrogenSection
from simulator.scenario.load_schema import DealSection, LoadSection
from simulator.scenario.sites_schema import SiteSection
from simulator.scenario.storage_schema import MAX_HOURS, StorageType
from simulator.scenario.weather_schema import RECORDED_SOURCES, WeatherSection  # noqa: F401 (re-export)

__all__ = ["Scenario", "Section"]


def _d(key: str, **constraints):
    """Field default taken from the shipped defaults table, with the field's range (``ge``, ``le``...)."""
    return Field(default_factory=lambda: default(key), description=f"default: data/defaults.toml {key}",
                 **constraints)


class ParkSection(Section):
    """Where and when: site, model year and time grid."""

    name: Name = Field(description="short identifier, used for the output folder")
    name_zh: PlainText = ""
    description: str = ""
    province: str = "Yunnan"
    latitude: float = Field(ge=-90, le=90, description="degrees north")
    longitude: float = Field(ge=-180, le=180, description="degrees east")
    altitude_m: float = Field(ge=-500, le=6000)
    year: int = Field(ge=2000, le=2100, description="model year (calendar, holidays, tariffs)")
    timezone: str = Field("Asia/Shanghai", description="IANA time zone")
    timestep_minutes: Literal[60, 30, 15] = 60
    start: Optional[str] = Field(None, description="first day of a shorter horizon, YYYY-MM-DD")
    days: Optional[int] = Field(None, ge=1, le=366, description="length of a shorter horizon in days")
    other_energy_tce_per_yr: Optional[float] = Field(
        None, ge=0, le=1e10, description="park energy use other than electricity (fuels, heat), tce/yr; with "
        "other_energy_co2_t_per_yr it enables the CO2-per-tce indicator of 910号")
    other_energy_co2_t_per_yr: Optional[float] = Field(
        None, ge=0, le=1e11, description="CO2 emitted by that other energy use, t/yr")

    @model_validator(mode="after")
    def _other_energy_pair(self):
        if (self.other_energy_tce_per_yr is None) != (self.other_energy_co2_t_per_yr is None):
            raise ValueError("give both other_energy_tce_per_yr and other_energy_co2_t_per_yr, or neither")
        if self.start is not None and date.fromisoformat(self.start).year != self.year:
            raise ValueError(f"start: a day within park.year ({self.year})")
        first = date.fromisoformat(self.start) if self.start is not None else date(self.year, 1, 1)
        if self.days is not None and (first.toordinal() + self.days) > date(self.year + 1, 1, 1).toordinal():
            raise ValueError(f"days: a horizon (from {first}) that ends within park.year {self.year}")
        return self

    @field_validator("start")
    @classmethod
    def _start_is_a_day(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        try:
            ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and date.fromisoformat(value)
        except ValueError:
            ok = False
        if not ok:
            raise ValueError("a day YYYY-MM-DD (the horizon starts at midnight of that day; no time of day)")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except Exception:  # noqa: BLE001 - ZoneInfo raises several types for bad keys
            raise ValueError("an IANA time zone such as Asia/Shanghai") from None
        return value

    @field_validator("name")
    @classmethod
    def _name_is_path_safe(cls, value: str) -> str:
        if not value or value in (".", "..") or any(c in value for c in '/\\:*?"<>| \0'):
            raise ValueError("a non-empty name, not . or .., without spaces or / \\ : * ? \" < > |")
        return value


SiteSection.model_rebuild(_types_namespace={"WeatherSection": WeatherSection})


class TechnologyCosts(SizedKw):
    """Capacity bounds shared by generators."""

    enabled: bool = True
    max_kw: Optional[PowerKw] = Field(None, description="upper bound (land/roof limit); none = unbounded")
    availability_csv: Optional[Path] = Field(None, description="measured availability, kW per kW installed")
    availability_column: Optional[str] = None


class PVType(Section):
    """One PV type sized on its own (rooftop, ground, tracker); unset fields take the [pv] values."""

    name: Name = Field(description="short name; the generator is pv_<name>")
    mounting: Optional[Literal["fixed", "single_axis"]] = None
    tilt_deg: Optional[float] = Field(None, ge=0, le=90)
    azimuth_deg: Optional[float] = Field(None, ge=0, lt=360)
    bifacial_gain_fraction: Optional[float] = Field(None, ge=0, le=0.3)
    capex_cny_per_kw: Optional[Capex] = None
    fixed_om_cny_per_kw_yr: Optional[FixedOm] = None
    lifetime_yr: Optional[LifetimeYr] = None
    existing_kw: PowerKw = 0.0
    max_kw: Optional[PowerKw] = None
    area_m2: Optional[float] = Field(None, ge=0, le=1e10, description="roof or land area; with kw_per_m2 bounds the size")
    kw_per_m2: Optional[float] = Field(None, gt=0, le=0.5, description="kW DC per m2 of area")

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not value.isidentifier() or value != value.lower() or value == "pv":
            raise ValueError("a lower-case identifier other than 'pv' (e.g. rooftop, ground, tracker)")
        return value

    @model_validator(mode="after")
    def _area(self):
        if (self.area_m2 is None) != (self.kw_per_m2 is None):
            raise ValueError("give area_m2 and kw_per_m2 together")
        if self.max_capacity_kw is not None and self.max_capacity_kw < self.existing_kw:
            raise ValueError(f"the size limit ({self.max_capacity_kw} kW) is below existing_kw ({self.existing_kw})")
        return self

    @property
    def max_capacity_kw(self) -> Optional[float]:
        """Upper bound [kW]: the smaller of max_kw and area_m2 x kw_per_m2 (None = unbounded)."""
        limits = [v for v in (self.max_kw, None if self.area_m2 is None else self.area_m2 * self.kw_per_m2)
                  if v is not None]
        return min(limits) if limits else None


class PVSection(TechnologyCosts):
    """PV plant (pvlib PVWatts chain): fixed tilt or single-axis tracking; optional several types."""

    capex_cny_per_kw: Capex = _d("pv.capex_cny_per_kw")
    fixed_om_cny_per_kw_yr: FixedOm = _d("pv.fixed_om_cny_per_kw_yr")
    lifetime_yr: LifetimeYr = _d("pv.lifetime_yr")
    mounting: Literal["fixed", "single_axis"] = "fixed"
    tilt_deg: Optional[float] = Field(None, ge=0, le=90, description="none = chosen for the latitude")
    azimuth_deg: float = Field(180.0, ge=0, lt=360, description="180 = facing south")
    dc_ac_ratio: float = _d("pv.dc_ac_ratio", ge=0.5, le=3.0)
    system_losses_fraction: LossFraction = _d("pv.system_losses_fraction")
    inverter_efficiency_fraction: Efficiency = _d("pv.inverter_efficiency_fraction")
    gamma_pdc_per_c: float = _d("pv.gamma_pdc_per_c", ge=-0.01, le=0.0)
    temperature_model: Literal["open_rack_glass_glass", "close_mount_glass_glass", "open_rack_glass_polymer",
                               "insulated_back_glass_polymer"] = "open_rack_glass_glass"
    bifacial_gain_fraction: float = Field(0.0, ge=0, le=0.3, description="rear-side gain on the front-side DC")
    max_tracker_angle_deg: float = Field(default_factory=lambda: default("pv.max_tracker_angle_deg"), gt=0, le=90)
    ground_coverage_ratio: float = Field(default_factory=lambda: default("pv.ground_coverage_ratio"), gt=0, lt=1)
    degradation_first_year_fraction: float = Field(
        default_factory=lambda: default("pv.degradation_first_year_fraction"), ge=0, lt=0.2)
    degradation_annual_fraction: float = Field(
        default_factory=lambda: default("pv.degradation_annual_fraction"), ge=0, lt=0.05)
    degradation_basis: Literal["first_year", "lifetime_mean"] = Field(
        "first_year", description="availability of the first operating year or the mean over lifetime_yr")
    types: list[PVType] = Field(default_factory=list, description="several PV types sized side by side")

    @model_validator(mode="after")
    def _unique_types(self):
        names = [t.name for t in self.types]
        if len(set(names)) != len(names):
            raise ValueError("pv.types names must be unique")
        return self


class WindSection(TechnologyCosts):
    """Onshore wind farm (power curve, hub height, air density)."""

    capex_cny_per_kw: Capex = _d("wind.capex_cny_per_kw")
    fixed_om_cny_per_kw_yr: FixedOm = _d("wind.fixed_om_cny_per_kw_yr")
    lifetime_yr: LifetimeYr = _d("wind.lifetime_yr")
    turbine: str = "generic_4.5mw"
    hub_height_m: float = _d("wind.hub_height_m", ge=10, le=300)
    mean_speed_hub_m_per_s: float = _d("wind.mean_speed_hub_m_per_s", gt=0, le=25)
    weibull_k: float = _d("wind.weibull_k", ge=1.0, le=6.0)
    losses_fraction: LossFraction = _d("wind.losses_fraction")
    power_curve_csv: Optional[Path] = Field(
        None, description="own power curve: columns wind_speed_m_per_s and power_fraction (0..1) or power_kw")
    speed_source: Literal["auto", "synthetic", "weather"] = Field(
        "auto", description="hub wind from the weather file (auto when a file is given) or synthetic")
    shear_model: Literal["power", "log"] = "power"
    shear_exponent: float = Field(default_factory=lambda: default("wind.shear_exponent"), ge=0, le=0.6)
    roughness_length_m: float = Field(default_factory=lambda: default("wind.roughness_length_m"), gt=0, le=3)


class StorageSection(Section):
    """Battery storage with energy (kWh) and power (kW) sized separately; with ``types``, several
    technologies side by side, each taking unset values from its technology and then from this section."""

    enabled: bool = True
    energy_capex_cny_per_kwh: Capex = _d("storage.energy_capex_cny_per_kwh")
    power_capex_cny_per_kw: Capex = _d("storage.power_capex_cny_per_kw")
    fixed_om_cny_per_kwh_yr: FixedOm = _d("storage.fixed_om_cny_per_kwh_yr")
    fixed_om_cny_per_kw_yr: FixedOm = 0.0
    lifetime_yr: LifetimeYr = _d("storage.lifetime_yr")
    charge_efficiency: float = Field(default_factory=lambda: default("storage.charge_efficiency"), gt=0, le=1)
    discharge_efficiency: float = Field(default_factory=lambda: default("storage.discharge_efficiency"), gt=0, le=1)
    self_discharge_per_h: float = Field(default_factory=lambda: default("storage.self_discharge_per_h"), ge=0, lt=1)
    soc_min_fraction: float = Field(default_factory=lambda: default("storage.soc_min_fraction"), ge=0, le=1)
    soc_max_fraction: float = Field(default_factory=lambda: default("storage.soc_max_fraction"), ge=0, le=1)
    min_duration_h: Optional[float] = Field(None, gt=0, le=8784)
    max_duration_h: Optional[float] = Field(None, gt=0, le=8784)
    existing_kwh: EnergyKwh = 0.0
    existing_kw: PowerKw = 0.0
    max_kwh: Optional[EnergyKwh] = None
    max_kw: Optional[PowerKw] = None
    allow_grid_charging: bool = True
    site: Optional[Name] = Field(None, description="name of the [[sites]] entry it stands at; none = the park")
    throughput_cost_cny_per_kwh: PriceCnyPerKwh = Field(
        default_factory=lambda: default("storage.throughput_cost_cny_per_kwh"),
        description="wear cost per kWh discharged (eq. 30)")
    max_cycles_per_yr: Optional[float] = Field(None, gt=0, le=MAX_HOURS,
                                               description="cap on equivalent full cycles (eq. 31)")
    types: list[StorageType] = Field(default_factory=list, description="several technologies sized side by side")

    @model_validator(mode="after")
    def _consistent(self):
        names = [t.name for t in self.types]
        if len(set(names)) != len(names):
            raise ValueError("storage.types names must be unique")
        for t in self.types:
            t.resolved(self)  # raises on an inconsistent SOC window or duration bounds
        if self.types and (self.existing_kwh or self.existing_kw or self.max_kwh is not None
                           or self.max_kw is not None):
            raise ValueError("with storage.types, give existing_kwh/kw and max_kwh/kw per type")
        if self.soc_min_fraction >= self.soc_max_fraction:
            raise ValueError(f"soc_min_fraction ({self.soc_min_fraction}) must be below "
                             f"soc_max_fraction ({self.soc_max_fraction})")
        if self.min_duration_h and self.max_duration_h and self.min_duration_h > self.max_duration_h:
            raise ValueError("min_duration_h must not exceed max_duration_h")
        for cap, low in (("max_kwh", "existing_kwh"), ("max_kw", "existing_kw")):
            if getattr(self, cap) is not None and getattr(self, cap) < getattr(self, low):
                raise ValueError(f"{cap} must be >= {low}")
        return self


class GridSection(Section):
    """Connection to the public grid, tariff and its parts, price series, emission factor (docs/tariffs.md)."""

    connected: bool = Field(True, description="false = off-grid project (离网型)")
    tariff: str = _d("grid.tariff")
    tou_prices_cny_per_kwh: Optional[dict[Name, PriceCnyPerKwh]] = Field(None, description="band -> energy price")
    tou_hours: Optional[dict[Name, list[int]]] = Field(None, description="band -> hours of day (0-23)")
    tou_month_hours: Optional[dict[str, dict[Name, list[int]]]] = Field(
        None, description="month number (as string) -> band -> hours, overriding tou_hours in that month")
    tou_seasons: Optional[dict[Name, dict]] = Field(
        None, description="season name -> {months, prices_cny_per_kwh, hours (optional), name_zh}: replaces "
        "the tariff file's seasons (丰水期/枯水期/平水期); every month in exactly one season")
    import_price_csv: Optional[Path] = Field(
        None, description="energy part of the import price per step (timestamp, CNY/kWh), replacing the TOU "
        "table; the per-kWh parts are added to it (set them to 0 for an all-in price)")
    import_price_column: Optional[Name] = None
    export_price_cny_per_kwh: PriceCnyPerKwh = _d("grid.export_price_cny_per_kwh")
    export_price_csv: Optional[Path] = Field(
        None, description="export price per step (timestamp, CNY/kWh), replacing export_price_cny_per_kwh")
    export_price_column: Optional[Name] = None
    export_allowed: bool = Field(
        default_factory=lambda: default("grid.export_allowed"),
        description="false = no reverse flow (650号, where the spot market does not run continuously)")
    td_basis: Literal["energy", "capacity"] = Field(
        default_factory=lambda: default("grid.td_basis"),
        description="T&D paid per imported kWh, or (1192号, 绿电直连) per kW of declared connection: one or the other")
    td_cny_per_kwh: Optional[PriceCnyPerKwh] = Field(None, description="energy T&D price; none = tariff file")
    funds_cny_per_kwh: Optional[PriceCnyPerKwh] = Field(
        None, description="government funds and surcharges per kWh; none = tariff file")
    system_operation_cny_per_kwh: Optional[PriceCnyPerKwh] = Field(
        None, description="system operation fee per imported kWh; none = tariff file")
    td_load_rate_fraction: Optional[float] = Field(
        None, gt=0, le=1, description="average load rate converting T&D to a capacity fee; none = tariff file")
    capacity_charge_cny_per_kw_month: ChargeCnyPerKwMonth = _d("grid.capacity_charge_cny_per_kw_month")
    demand_charge_cny_per_kw_month: ChargeCnyPerKwMonth = _d("grid.demand_charge_cny_per_kw_month")
    max_connection_kw: Optional[PowerKw] = None
    export_max_kw: Optional[PowerKw] = Field(None, description="none = limited by the declared connection")
    emission_factor: str = _d("grid.emission_factor")
    carbon_price_cny_per_t: float = _d("grid.carbon_price_cny_per_t", ge=0, le=1e5)

    @model_validator(mode="after")
    def _one_source_per_price(self):
        given = self.model_fields_set
        tou = [k for k in ("tou_prices_cny_per_kwh", "tou_hours", "tou_month_hours", "tou_seasons")
               if getattr(self, k) is not None]
        if self.import_price_csv is not None and tou:
            raise ValueError(f"import_price_csv replaces the TOU table: remove {', '.join(tou)}")
        if self.import_price_column is not None and self.import_price_csv is None:
            raise ValueError("import_price_column needs import_price_csv")
        if self.export_price_csv is not None and "export_price_cny_per_kwh" in given:
            raise ValueError("give export_price_csv or export_price_cny_per_kwh, not both")
        if self.export_price_column is not None and self.export_price_csv is None:
            raise ValueError("export_price_column needs export_price_csv")
        if not self.export_allowed and self.export_max_kw not in (None, 0):
            raise ValueError(f"export_allowed = false contradicts export_max_kw = {self.export_max_kw}")
        return self


class PolicySection(Section):
    """Rule sets and thresholds (each rule switchable by name) and the 910号 energy accounting."""

    direct_supply: bool = Field(True, description="apply the 650号 rules of a grid-connected 绿电直连 project")
    rules: list[Literal["self_consumption", "green_share", "feed_in"]] = Field(
        default_factory=lambda: ["self_consumption", "green_share", "feed_in"],
        description="650号 rules that are enforced")
    self_consumption_min_fraction: float = Field(
        default_factory=lambda: default("policy.self_consumption_min_fraction"), ge=0, le=1)
    green_share_min_fraction: Optional[float] = Field(
        None, ge=0, le=1, description="none = 0.30, or 0.35 for projects starting in 2030 or later "
        "(project_start_year)")
    project_start_year: Optional[int] = Field(
        None, ge=2000, le=2100, description="commissioning year of the project (1192号: the 35 % green share "
        "applies to projects new from 2030); none = park.year")
    feed_in_max_fraction: float = Field(default_factory=lambda: default("policy.feed_in_max_fraction"), ge=0, le=1)
    available_basis: Literal["before_curtailment", "after_curtailment"] = Field(
        "before_curtailment", description="what 总可用发电量 means: potential or delivered generation")
    zero_carbon: bool = Field(False, description="apply the zero-carbon park shares (910号)")
    zero_carbon_direct_green_min_fraction: float = Field(
        default_factory=lambda: default("policy.zero_carbon_direct_green_min_fraction"), ge=0, le=1)
    zero_carbon_clean_share_min_fraction: float = Field(
        default_factory=lambda: default("policy.zero_carbon_clean_share_min_fraction"), ge=0, le=1)
    electricity_tce_basis: Literal["calorific", "primary"] = Field(
        "calorific", description="electricity in tce for the 910号 clean share and CO2 per tce: 当量值 "
        "(calorific, energy.kgce_per_kwh) or 等价值 (primary, energy.kgce_per_kwh_primary)")
    grid_clean_fraction: Fraction | Literal["yunnan"] = Field(
        default_factory=lambda: default("policy.grid_clean_fraction"),
        description="share of uncertified grid imports counted as clean energy in the 910号 clean share: a "
        "fraction, or 'yunnan' = policy.grid_clean_fraction_yunnan of data/defaults.toml")
    other_energy_clean_fraction: Fraction = _d("policy.other_energy_clean_fraction")
    green_certificate_price_cny_per_kwh: PriceCnyPerKwh = _d("policy.green_certificate_price_cny_per_kwh")
    green_certificate_price_csv: Optional[Path] = Field(
        None, description="certificate price per step (timestamp, CNY/kWh) or per month (month 1-12, CNY/kWh), "
        "replacing green_certificate_price_cny_per_kwh (docs/tariffs.md)")
    green_certificate_price_column: Optional[Name] = None
    unserved_max_fraction: float = Field(0.0, ge=0, le=1, description="cap on unserved energy / load")
    value_of_lost_load_cny_per_kwh: PriceCnyPerKwh = _d("policy.value_of_lost_load_cny_per_kwh")
    carbon_price_cny_per_t: Optional[float] = Field(
        None, ge=0, le=1e5, description="price on all CO2, grid imports and boiler fuel [CNY/t]; none = the "
        "[grid] and [heat] carbon prices (default 0); scenario/carbon.py")


class FinanceSection(Section):
    """Annualisation of investment."""

    discount_rate_fraction: float = Field(
        default_factory=lambda: default("finance.discount_rate_fraction"), ge=0, lt=1)


class SolverSection(Section):
    """HiGHS settings."""

    time_limit_s: Optional[float] = Field(None, gt=0, le=1e7)
    method: Literal["choose", "simplex", "ipm", "ipx", "hipo", "pdlp"] = Field(
        "ipx", description="HiGHS solver: 'ipx' is HiGHS's interior point IPX with crossover, fastest on the "
        "full-year sizing LP (benchmarks/bench_speed.py, docs/speed.md); 'choose' lets HiGHS pick (dual "
        "simplex here); 'ipm' lets HiGHS pick its interior point; 'hipo' needs the highspy-extras package")
    dualize: bool = Field(True, description="hand IPX the dual LP (HiGHS option ipx_dualize_strategy = 1): "
                          "same optimum, fewer costly iterations on the full-year sizing LP")
    threads: Optional[int] = Field(None, ge=1, le=1024)
    # ranges of these HiGHS options: HiGHS refuses smaller tolerances
    primal_feasibility_tolerance: Optional[float] = Field(None, ge=1e-10, le=1.0)
    dual_feasibility_tolerance: Optional[float] = Field(None, ge=1e-10, le=1.0)
    ipm_optimality_tolerance: Optional[float] = Field(None, ge=1e-12, le=1.0)
    presolve: bool = True
    crossover: bool = True
    time_reduction: Literal["none", "typical_periods"] = Field(
        "none", description="size on typical periods, then dispatch the full horizon with those sizes")
    warm_start: Literal["auto", "typical_periods", "none"] = Field(
        "auto", description="exact solve only: size on typical periods first, dispatch that design over the "
        "full horizon and let primal simplex move the capacities to the exact optimum (same optimum, 2-5x "
        "faster on a full year: docs/speed.md); 'auto' does so when the horizon holds at least "
        "4 x typical_periods whole periods")
    typical_periods: int = Field(24, ge=1, le=366, description="periods of a typical-period sizing; a screening of a "
                                 "grid-connected park that pays for its connection gives up to a quarter of them "
                                 "to its real peak periods (24 = 18 typical + 6 peak days); a warm start adds "
                                 "its peak periods to them")
    period_hours: int = Field(24, ge=1, le=168, description="length of a typical period [h]")
    typical_period_representation: Literal["distribution", "medoid", "mean", "distribution_minmax"] = Field(
        "distribution", description="tsam representation of each typical period")
    options: dict[str, float | int | str | bool] = Field(default_factory=dict,
                                                         description="any other HiGHS option")


class PlanningSection(Section):
    """Staged growth: milestone years for a multi-period sizing (``zcpark milestones``)."""

    milestones: list[int] = Field(min_length=1, description="milestone years, increasing, e.g. [2026, 2028, 2030]")
    end_year: Optional[int] = Field(None, ge=2000, le=2150, description="last year of the planning horizon; "
                                    "none = last milestone + data/defaults.toml planning.last_period_years - 1")
    cost_trends: bool = Field(True, description="scale PV, wind and storage capex per milestone by "
                              "data/defaults.toml [planning] *_capex_change_per_yr_fraction")

    @model_validator(mode="after")
    def _increasing(self):
        if self.milestones != sorted(set(self.milestones)) or not all(2000 <= y <= 2100 for y in self.milestones):
            raise ValueError("milestones must be strictly increasing years in 2000..2100")
        if self.end_year is not None and self.end_year < self.milestones[-1]:
            raise ValueError("end_year must not be before the last milestone")
        return self


class Scenario(Section):
    """A whole scenario: one park, its assumptions and the solver settings."""

    park: ParkSection
    load: LoadSection
    weather: WeatherSection = Field(default_factory=WeatherSection)
    pv: PVSection = Field(default_factory=PVSection)
    wind: WindSection = Field(default_factory=WindSection)
    storage: StorageSection = Field(default_factory=StorageSection)
    grid: GridSection = Field(default_factory=GridSection)
    policy: PolicySection = Field(default_factory=PolicySection)
    finance: FinanceSection = Field(default_factory=FinanceSection)
    solver: SolverSection = Field(default_factory=SolverSection)
    planning: Optional[PlanningSection] = Field(None, description="milestone years for staged growth")
    deal: Optional[DealSection] = Field(None, description="load-led joint project: direct-supply price and parties")
    heat: Optional[HeatSection] = Field(None, description="process heat: demands, technologies, heat storage")
    sites: list[SiteSection] = Field(default_factory=list, description="generation sites on direct lines (docs/sites.md)")
    hydrogen: Optional[HydrogenSection] = Field(None, description="hydrogen: electrolyser, tank, demand, fuel cell")
    source_path: Optional[Path] = Field(None, exclude=True, description="file the scenario was read from")

    @property
    def project_start_year(self) -> int:
        """Commissioning year of the project: ``policy.project_start_year``, else ``park.year``."""
        start = self.policy.project_start_year
        return self.park.year if start is None else start

    @property
    def green_share_min_fraction(self) -> float:
        """Effective 650号 green-share threshold: 0.35 for projects starting in 2030 or later (1192号)."""
        if self.policy.green_share_min_fraction is not None:
            return self.policy.green_share_min_fraction
        key = ("policy.green_share_min_fraction_2030" if self.project_start_year >= 2030
               else "policy.green_share_min_fraction")
        return float(default(key))
