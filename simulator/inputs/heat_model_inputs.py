"""The heat and cooling part of the model's inputs (docs/formulation.md eq. H1-H10, C1-C3).

Kept apart from :mod:`simulator.inputs.model_inputs`, which re-exports these classes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class HeatTechInput:
    """One heat technology j serving one carrier (eq. H1-H3, H7-H8).

    Attributes
    ----------
    name, kind, carrier : str
        Kind ``fuel_boiler``, ``electric_boiler`` or ``heat_pump``; carrier ``hot_water`` or ``steam``.
    heat_per_input : float
        η_j: heat out per fuel (LHV) or electricity in [kWh_th/kWh]: boiler efficiency or heat-pump COP.
    fuel : str
        ``coal``, ``gas`` or ``electricity``.
    fuel_price_cny_per_kwh : float
        Price of the fuel [CNY per kWh of fuel LHV] (0 for electric kinds: their electricity is in the balance).
    emission_kg_per_kwh : float
        CO2 of the fuel [kg per kWh of fuel LHV] (0 for electric kinds).
    capex_cny_per_kw, fixed_om_cny_per_kw_yr : float
        Investment [CNY/kW_th] and fixed O&M [CNY/kW_th/yr].
    lifetime_yr : int
    existing_kw : float
        Capacity already built [kW_th] (no investment cost).
    max_kw : float or None
        Upper bound [kW_th]; None = unbounded.
    availability : ndarray or None
        a_j,t [-]: h_j,t <= a_j,t C_j (free cooling: 1 where the outdoor temperature is at most its limit,
        else 0); None = always available.
    """

    name: str
    kind: str
    carrier: str
    heat_per_input: float
    fuel: str
    fuel_price_cny_per_kwh: float
    emission_kg_per_kwh: float
    capex_cny_per_kw: float
    fixed_om_cny_per_kw_yr: float
    lifetime_yr: int
    existing_kw: float = 0.0
    max_kw: float | None = None
    availability: np.ndarray | None = None

    @property
    def electric(self) -> bool:
        """True for kinds that take electricity from the park bus."""
        return self.fuel == "electricity"

    @property
    def heating(self) -> bool:
        """True for heat (hot water, steam), False for cooling: the electrified share counts heat only."""
        return self.carrier != "cooling"


@dataclass
class HeatStorageInput:
    """A heat store of one carrier (eq. H4-H6); energy E [kWh_th] sized, power = rate x E; ``kind``
    ``hot_water_tank``, ``steam_accumulator``, ``molten_salt`` or ``chilled_water``."""

    name: str
    carrier: str
    capex_cny_per_kwh: float
    fixed_om_cny_per_kwh_yr: float
    lifetime_yr: int
    loss_per_h: float
    charge_efficiency: float
    discharge_efficiency: float
    power_per_energy_per_h: float
    existing_kwh: float = 0.0
    max_kwh: float | None = None
    kind: str = "hot_water_tank"


@dataclass
class HeatDemandInput:
    """One heat demand of one carrier, its profile Q_d,t [kW_th] and the enterprise billed for it."""

    name: str
    carrier: str
    demand_kw: np.ndarray
    enterprise: str | None = None


@dataclass
class HeatInput:
    """Process heat (eq. H1-H9): demand per carrier, technologies, stores, carbon price on fuel CO2.

    Attributes
    ----------
    demand_kw : dict of str -> ndarray
        Q_c,t, heat demand of each carrier [kW_th], length T.
    technologies : list of HeatTechInput
    storages : list of HeatStorageInput
    carbon_price_cny_per_t : float
        Price on fuel CO2 [CNY/t].
    demands : list of HeatDemandInput
        Each ``[[heat.demands]]`` entry's profile and the enterprise billed for it (the per-enterprise
        view); empty when the inputs were built by hand.
    electrified_min_fraction : float or None
        φ_el: heat from electric kinds ≥ φ_el × all heat supplied, over the horizon (eq. H10; the
        electrification frontier, ``simulator.studies.heat_frontier``); None = no such constraint.
    """

    demand_kw: dict
    technologies: list[HeatTechInput]
    storages: list[HeatStorageInput] = field(default_factory=list)
    carbon_price_cny_per_t: float = 0.0
    demands: list = field(default_factory=list)
    electrified_min_fraction: float | None = None

    @property
    def carriers(self) -> list[str]:
        """Carriers with a demand, in a fixed order."""
        return sorted(self.demand_kw)
