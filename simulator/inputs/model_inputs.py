"""Plain-number inputs of the sizing model (NumPy arrays and floats only, no pandas, no files)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.data import default
from simulator.inputs.heat_model_inputs import (HeatDemandInput, HeatInput, HeatStorageInput,  # noqa: F401 (re-export)
                                               HeatTechInput)


def crf(rate: float, years: int) -> float:
    """Capital recovery factor r / (1 - (1 + r)^-n) [1/yr]; 1/n when r = 0 (eq. 20)."""
    if years <= 0:
        raise ValueError("lifetime must be positive")
    if rate == 0:
        return 1.0 / years
    return rate / (1 - (1 + rate) ** (-years))


@dataclass
class GeneratorInput:
    """One generator type g (eq. 2, 6).

    Attributes
    ----------
    name : str
        ``pv``, ``wind`` or a sub-type such as ``pv_rooftop``.
    kind : str
        ``pv`` or ``wind`` (totals in the outputs are per kind).
    availability : ndarray
        a_g,t [kW per kW installed], length T, in 0..1.
    capex_cny_per_kw, fixed_om_cny_per_kw_yr : float
        Investment [CNY/kW] and fixed O&M [CNY/kW/yr].
    lifetime_yr : int
        Economic life [yr] for the CRF.
    existing_kw : float
        Capacity already built (no investment cost) [kW].
    max_kw : float or None
        Upper bound [kW]; None = unbounded.
    site : str
        ``park`` (on the park bus) or the name of the site whose line carries its power (docs/sites.md).
    """

    name: str
    kind: str
    availability: np.ndarray
    capex_cny_per_kw: float
    fixed_om_cny_per_kw_yr: float
    lifetime_yr: int
    existing_kw: float = 0.0
    max_kw: float | None = None
    site: str = "park"


@dataclass
class StorageInput:
    """One storage technology s (eq. 3-6, 30-31); energy E_s [kWh] and power P_s [kW] sized separately.

    Attributes
    ----------
    throughput_cost_cny_per_kwh : float
        Wear cost w_s per kWh discharged [CNY/kWh] (eq. 30); 0 = none.
    max_cycles_per_yr : float or None
        N_s, cap on equivalent full cycles per year: k Σ_t w_t d_s,t Δt <= N_s E_s (eq. 31); None = no cap.
    name : str
        ``storage`` for the single ``[storage]`` section, otherwise the type's name (outputs use
        ``storage_<name>_*``).
    site : str
        ``park`` or the name of the site it stands at (charged only from that site's generation).
    """

    energy_capex_cny_per_kwh: float
    power_capex_cny_per_kw: float
    fixed_om_cny_per_kwh_yr: float
    fixed_om_cny_per_kw_yr: float
    lifetime_yr: int
    charge_efficiency: float
    discharge_efficiency: float
    self_discharge_per_h: float
    soc_min_fraction: float
    soc_max_fraction: float
    min_duration_h: float | None = None
    max_duration_h: float | None = None
    existing_kwh: float = 0.0
    existing_kw: float = 0.0
    max_kwh: float | None = None
    max_kw: float | None = None
    allow_grid_charging: bool = True
    throughput_cost_cny_per_kwh: float = 0.0
    max_cycles_per_yr: float | None = None
    name: str = "storage"
    site: str = "park"


@dataclass
class GridInput:
    """Public-grid exchange and tariffs (eq. 4, 7-9, 21).

    Attributes
    ----------
    import_price_cny_per_kwh : ndarray
        π_t, everything paid per imported kWh [CNY/kWh], length T.
    capacity_charge_cny_per_kw_month : float
        Everything paid per kW of declared connection [CNY/kW/month].
    per_kwh_parts_cny_per_kwh : dict
        Cost name -> flat part of π_t [CNY/kWh] (shown apart in the cost breakdown; the rest of π_t
        is the energy part ``grid_energy``). Empty = π_t is reported as one part.
    capacity_parts_cny_per_kw_month : dict
        Cost name -> part of the capacity charge [CNY/kW/month]; must sum to it when given.
    export_allowed : bool
        False = no reverse flow (650号): x_t = 0. ``export_max_kw`` is then 0 as well.
    """

    connected: bool
    import_price_cny_per_kwh: np.ndarray
    export_price_cny_per_kwh: np.ndarray
    capacity_charge_cny_per_kw_month: float = 0.0
    demand_charge_cny_per_kw_month: float = 0.0
    month_of_step: np.ndarray | None = None
    max_connection_kw: float | None = None
    export_max_kw: float | None = None
    emission_kg_per_kwh: float = 0.0
    carbon_price_cny_per_t: float = 0.0
    per_kwh_parts_cny_per_kwh: dict = field(default_factory=dict)
    capacity_parts_cny_per_kw_month: dict = field(default_factory=dict)
    export_allowed: bool = True

    def check(self) -> None:
        """Parts consistent with the totals; no export bound above 0 when export is not allowed (ValueError)."""
        if self.capacity_parts_cny_per_kw_month and not np.isclose(
                sum(self.capacity_parts_cny_per_kw_month.values()), self.capacity_charge_cny_per_kw_month,
                rtol=1e-12, atol=0.0):
            raise ValueError("capacity_parts_cny_per_kw_month do not sum to capacity_charge_cny_per_kw_month")
        energy = np.asarray(self.import_price_cny_per_kwh) - sum(self.per_kwh_parts_cny_per_kwh.values())
        if (energy < -1e-12).any():
            raise ValueError("per_kwh_parts_cny_per_kwh exceed the import price")
        if not self.export_allowed and self.export_max_kw != 0.0:
            raise ValueError("export_allowed = False needs export_max_kw = 0")


@dataclass
class LineInput:
    """The direct line (专线) of one site l to the park (eq. L1-L4, docs/sites.md).

    Attributes
    ----------
    site : str
        Name of the site it connects.
    distance_km : float
        Length [km].
    capex_cny_per_kw : float
        Investment per kW of line capacity [CNY/kW] (per MW·km × distance / 1000).
    lifetime_yr : int
        Economic life [yr] for the CRF.
    fixed_om_cny_per_kw_yr : float
        O&M per kW of line capacity and year [CNY/kW/yr] (fraction of the investment × capex).
    loss_fraction : float
        λ_l, share of the sent power lost on the way [-], 0 <= λ < 1.
    existing_kw : float
        Line capacity already built (no investment cost) [kW].
    max_kw : float or None
        Upper bound of the line capacity [kW]; None = unbounded.
    """

    site: str
    distance_km: float
    capex_cny_per_kw: float
    lifetime_yr: int
    fixed_om_cny_per_kw_yr: float
    loss_fraction: float
    existing_kw: float = 0.0
    max_kw: float | None = None


@dataclass
class PolicyInput:
    """Switchable policy rules with thresholds (eq. 10-17).

    The 910号 clean share (eq. 17) counts total energy use: ``grid_clean_fraction`` f of uncertified
    imports counts as clean; the park's other energy use [tce/yr] enters with its clean part, electricity
    is converted at ``electricity_kgce_per_kwh`` (当量值 or 等价值) [kgce/kWh].
    ``green_certificate_price_series_cny_per_kwh`` (length T) prices certificates per step, bought against
    that step's imports (eq. 17a); None = the flat ``green_certificate_price_cny_per_kwh`` on a horizon total.
    """

    direct_supply_rules: tuple[str, ...] = ("self_consumption", "green_share", "feed_in")
    self_consumption_min_fraction: float = 0.60
    green_share_min_fraction: float = 0.30
    feed_in_max_fraction: float = 0.20
    available_basis: str = "before_curtailment"
    zero_carbon: bool = False
    zero_carbon_direct_green_min_fraction: float = 0.50
    zero_carbon_clean_share_min_fraction: float = 0.90
    green_certificate_price_cny_per_kwh: float = 0.0
    unserved_max_fraction: float = 0.0
    value_of_lost_load_cny_per_kwh: float = 0.0
    grid_clean_fraction: float = 0.0
    electricity_kgce_per_kwh: float = field(default_factory=lambda: float(default("energy.kgce_per_kwh")))
    other_energy_tce_per_yr: float = 0.0
    other_energy_clean_tce_per_yr: float = 0.0
    green_certificate_price_series_cny_per_kwh: np.ndarray | None = None

    def other_energy_kwh_equivalent(self, year_weight: float) -> tuple[float, float]:
        """Other energy use (all, clean part) of the horizon in kWh of electricity at the chosen tce basis.

        The 910号 clean-energy share counts total energy use in tce (eq. 17):
        [S + B + f (Σm Δt − B)] c + O_c / k >= θ (ΣL Δt c + O / k), written in kWh by dividing by c
        [tce/kWh]: O / (k c) and O_c / (k c).
        """
        per_kwh_tce = self.electricity_kgce_per_kwh / 1000.0
        scale = 1.0 / (year_weight * per_kwh_tce)
        return self.other_energy_tce_per_yr * scale, self.other_energy_clean_tce_per_yr * scale


@dataclass
class FlexibleInput:
    """Shiftable load (eq. 23-25): load that may move within its day, keeping the day's energy.

    Attributes
    ----------
    down_max_kw : ndarray
        D_t, how far the load may be lowered in step t [kW], length T.
    up_max_kw : ndarray
        U_t, how far the load may be raised in step t [kW], length T.
    day_of_step : ndarray of int
        Day number of each step (local calendar day); energy is preserved within each day.
    """

    down_max_kw: np.ndarray
    up_max_kw: np.ndarray
    day_of_step: np.ndarray


@dataclass
class PeriodStructure:
    """Typical periods (eq. 26-29): steps are ordered cluster by cluster, H steps each.

    Attributes
    ----------
    period_steps : int
        H, steps per period (24 for typical days at hourly resolution).
    n_clusters : int
        Periods of the reduced model: the K typical ones and any real periods kept as their own.
    sequence : ndarray of int
        Typical period standing for each real period of the year, in calendar order (length D).
    """

    period_steps: int
    n_clusters: int
    sequence: np.ndarray


#: kWh per GJ (1 GJ = 10^6 kJ, 1 kWh = 3,600 kJ)
KWH_PER_GJ = 1.0e6 / 3600.0


@dataclass
class ModelInputs:
    """Everything the sizing model needs, as numbers.

    Attributes
    ----------
    dt_h : float
        Step length Δt [h].
    load_kw : ndarray
        L_t [kW], length T.
    generators : list of GeneratorInput
    storage : StorageInput or None
        The single storage of a ``[storage]`` section without types.
    grid : GridInput
    policy : PolicyInput
    discount_rate_fraction : float
        r for the CRF [1/yr].
    flexible : FlexibleInput or None
        Shiftable share of the load; None = the load is fixed.
    step_weight : ndarray or None
        w_t, how many real steps each modelled step stands for (typical periods); None = all 1.
    periods : PeriodStructure or None
        Typical-period structure for storage linking; None = the steps are one real sequence.
    storage_types : list of StorageInput
        Several storage technologies side by side (``[[storage.types]]``); then ``storage`` is None.
    heat : HeatInput or None
        Process heat block (eq. H1-H9); None = electricity only.
    lines : list of LineInput
        Direct lines of the generation sites (eq. L1-L4); empty = every generator is on the park bus.
    hydrogen : simulator.inputs.hydrogen.HydrogenInput or None
        Hydrogen chain (eq. Y1-Y9); None = no hydrogen.
    """

    dt_h: float
    load_kw: np.ndarray
    generators: list[GeneratorInput]
    storage: StorageInput | None
    grid: GridInput
    policy: PolicyInput
    discount_rate_fraction: float = 0.08
    labels: dict = field(default_factory=dict)
    flexible: FlexibleInput | None = None
    step_weight: np.ndarray | None = None
    periods: PeriodStructure | None = None
    storage_types: list[StorageInput] = field(default_factory=list)
    heat: HeatInput | None = None
    lines: list[LineInput] = field(default_factory=list)
    hydrogen: object | None = None

    @property
    def stores(self) -> list[StorageInput]:
        """Every storage technology of the model: ``[storage]``, the ``storage_types`` or none."""
        return [self.storage] if self.storage is not None else list(self.storage_types)

    @property
    def weights(self) -> np.ndarray:
        """w_t [-]: real steps represented by each modelled step (ones unless typical periods)."""
        return np.ones(self.n_steps) if self.step_weight is None else np.asarray(self.step_weight, dtype=float)

    @property
    def n_steps(self) -> int:
        """T, the number of steps."""
        return int(len(self.load_kw))

    @property
    def year_weight(self) -> float:
        """k = 8760 / (Σ_t w_t Δt): scales the horizon's operating cost to a year (eq. 19)."""
        return 8760.0 / (float(self.weights.sum()) * self.dt_h)

    def check(self) -> None:
        """Assert that every array has length T and finite values (raises ValueError)."""
        T = self.n_steps
        arrays = {"load_kw": self.load_kw, "import_price": self.grid.import_price_cny_per_kwh,
                  "export_price": self.grid.export_price_cny_per_kwh}
        arrays.update({f"availability[{g.name}]": g.availability for g in self.generators})
        for name, arr in arrays.items():
            arr = np.asarray(arr)
            if arr.shape != (T,):
                raise ValueError(f"{name} has shape {arr.shape}, expected ({T},)")
            if not np.isfinite(arr).all():
                raise ValueError(f"{name} has NaN or infinite values")
        for g in self.generators:
            if (g.availability < 0).any() or (g.availability > 1 + 1e-9).any():
                raise ValueError(f"availability[{g.name}] outside 0..1")
        kinds = [g.kind for g in self.generators]
        for g in self.generators:
            if kinds.count(g.kind) > 1 and g.name == g.kind:
                raise ValueError(f"with several {g.kind} types, none may be named '{g.kind}'")
        if self.storage is not None and self.storage_types:
            raise ValueError("give either storage or storage_types, not both")
        names = [st.name for st in self.stores]
        if len(set(names)) != len(names):
            raise ValueError(f"storage names must be unique: {names}")
        if (self.load_kw < 0).any():
            raise ValueError("load_kw has negative values")
        self._check_sites()
        if self.heat is not None:
            for carrier, arr in self.heat.demand_kw.items():
                arr = np.asarray(arr)
                if arr.shape != (T,) or not np.isfinite(arr).all() or (arr < 0).any():
                    raise ValueError(f"heat demand {carrier} must have shape ({T},), finite values >= 0")
            served = {j.carrier for j in self.heat.technologies}
            if not set(self.heat.demand_kw) <= served:
                raise ValueError(f"heat carriers without a technology: {sorted(set(self.heat.demand_kw) - served)}")
            if any(j.heat_per_input <= 0 for j in self.heat.technologies):
                raise ValueError("heat technologies need an efficiency or COP > 0")
        if self.hydrogen is not None:
            self.hydrogen.check(T)
        self.grid.check()
        series = self.policy.green_certificate_price_series_cny_per_kwh
        if series is not None:
            arr = np.asarray(series, dtype=float)
            if arr.shape != (T,) or not np.isfinite(arr).all() or (arr < 0).any():
                raise ValueError(f"green certificate prices must have shape ({T},), finite values >= 0")
        if self.flexible is not None:
            fl = self.flexible
            for name, arr in (("flexible.down_max_kw", fl.down_max_kw), ("flexible.up_max_kw", fl.up_max_kw),
                              ("flexible.day_of_step", fl.day_of_step)):
                arr = np.asarray(arr)
                if arr.shape != (T,) or not np.isfinite(arr).all():
                    raise ValueError(f"{name} must have shape ({T},) and finite values")
            if (fl.down_max_kw < 0).any() or (fl.up_max_kw < 0).any():
                raise ValueError("flexible bounds must be >= 0")
            if (fl.down_max_kw > self.load_kw + 1e-9).any():
                raise ValueError("flexible.down_max_kw exceeds the load")

    def _check_sites(self) -> None:
        """Every site of a generator or store has exactly one line; losses in [0, 1) (ValueError)."""
        lines = [line.site for line in self.lines]
        if len(set(lines)) != len(lines) or "park" in lines:
            raise ValueError(f"one line per site, none named 'park': {lines}")
        for item in list(self.generators) + self.stores:
            if item.site != "park" and item.site not in lines:
                raise ValueError(f"{item.name} stands at site '{item.site}', which has no line")
        for line in self.lines:
            if not 0.0 <= line.loss_fraction < 1.0:
                raise ValueError(f"line {line.site}: loss_fraction {line.loss_fraction} outside [0, 1)")
