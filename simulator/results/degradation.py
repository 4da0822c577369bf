"""Storage capacity fade over the years: state of health, and the augmentation that keeps the energy rating.

The sizing model is one year (or one year per milestone): it cannot hold a rating that declines from year
to year. Its sizes are read as ratings that are *kept*: the energy lost each year is bought back
(augmentation) and that cost is shown in the finance cash flows (:mod:`simulator.studies.finance`) and the
milestone results (:mod:`simulator.results.milestones`). docs/storage.md states the model and its limits.

Fade model (linear in age and throughput, per technology, ``data/defaults.toml [degradation]``, tag U):
the usable rating E loses f = c_cal + c_cyc · n_cyc of E per year, where c_cal is the calendar fade
[1/yr], c_cyc the fade per equivalent full cycle and n_cyc = discharge per year / (window · E) the
equivalent full cycles per year of the dispatch (window = soc_max − soc_min: the cycle of the cycle-life
figures). Without augmentation the state of health after a years is SOH(a) = max(0, 1 − f a), reset to 1
by each replacement at the end of the lifetime. With augmentation the fleet keeps E; because the fade is
linear, every kWh of the fleet (old or added) loses f per year, so the energy to add each year is f · E
whatever the fleet's age mix, bought at ``augmentation_cost_fraction`` × today's energy capex.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from simulator.data import default


@dataclass
class StoreFade:
    """Fade of one storage technology of a sized park.

    Attributes
    ----------
    name : str
        Output prefix of the store (``storage`` or ``storage_<name>``).
    technology : str
        Key of the fade defaults (``storage`` for the single section and types without a technology).
    energy_kwh : float
        Rating E [kWh].
    cycles_per_yr : float
        n_cyc, equivalent full cycles per year [1/yr].
    calendar_fade_per_yr, cycle_fade_per_cycle : float
        c_cal [1/yr], c_cyc [1/cycle].
    energy_capex_cny_per_kwh : float
        Today's energy capex [CNY/kWh].
    lifetime_yr : int
        Calendar life: the fleet is replaced after it.
    augmentation_cost_fraction : float
        Augmentation price / today's energy capex [-].
    """

    name: str
    technology: str
    energy_kwh: float
    cycles_per_yr: float
    calendar_fade_per_yr: float
    cycle_fade_per_cycle: float
    energy_capex_cny_per_kwh: float
    lifetime_yr: int
    augmentation_cost_fraction: float

    @property
    def fade_per_yr(self) -> float:
        """f = c_cal + c_cyc n_cyc [1/yr]."""
        return self.calendar_fade_per_yr + self.cycle_fade_per_cycle * self.cycles_per_yr

    @property
    def augmentation_kwh_per_yr(self) -> float:
        """f E [kWh/yr] added each year to keep the rating."""
        return self.fade_per_yr * self.energy_kwh

    @property
    def augmentation_cny_per_yr(self) -> float:
        """f E × fraction × energy capex [CNY/yr] (today's prices)."""
        return self.augmentation_kwh_per_yr * self.augmentation_cost_fraction * self.energy_capex_cny_per_kwh

    def as_dict(self) -> dict:
        return {**asdict(self), "fade_per_yr": self.fade_per_yr,
                "augmentation_kwh_per_yr": self.augmentation_kwh_per_yr,
                "augmentation_cny_per_yr": self.augmentation_cny_per_yr}


def fade_defaults(technology: str | None) -> tuple[float, float, str]:
    """(c_cal [1/yr], c_cyc [1/cycle], key) of a technology; None = the single ``[storage]`` section's."""
    key = technology or "storage"
    return (float(default(f"degradation.{key}_calendar_fade_per_yr")),
            float(default(f"degradation.{key}_cycle_fade_per_cycle")), key)


def soh_by_year(fade_per_yr: float, years: int, lifetime_yr: int) -> np.ndarray:
    """SOH at the end of operating years 1..N without augmentation [-]: max(0, 1 − f a), a = (y − 1) mod L + 1
    (a replacement at the end of year L, 2L, ... restores the rating)."""
    y = np.arange(1, int(years) + 1)
    age = (y - 1) % int(lifetime_yr) + 1
    return np.maximum(1.0 - fade_per_yr * age, 0.0)


def store_fades(inp, scenario, capacity: dict, discharge_kwh_per_yr: dict) -> list[StoreFade]:
    """The :class:`StoreFade` of every storage technology of a sized park.

    Parameters
    ----------
    inp : ModelInputs
        The run's inputs (``inp.stores``).
    scenario : Scenario
        For each ``[[storage.types]]`` entry's ``technology``.
    capacity : dict
        Capacities of the output contract (``storage_kwh`` or ``storage_<name>_kwh``) [kWh].
    discharge_kwh_per_yr : dict
        Discharge per year by store prefix [kWh/yr].
    """
    technology = {t.name: t.technology for t in (scenario.storage.types or [])} if scenario is not None else {}
    fraction = float(default("degradation.augmentation_cost_fraction"))
    out = []
    for st in inp.stores:
        prefix = "storage" if st.name == "storage" else f"storage_{st.name}"
        energy = float(capacity.get(f"{prefix}_kwh", 0.0))
        window = st.soc_max_fraction - st.soc_min_fraction
        cycles = discharge_kwh_per_yr.get(prefix, 0.0) / (window * energy) if energy > 0 and window > 0 else 0.0
        cal, cyc, key = fade_defaults(technology.get(st.name))
        out.append(StoreFade(prefix, key, energy, cycles, cal, cyc, st.energy_capex_cny_per_kwh, int(st.lifetime_yr),
                             fraction))
    return out


def hourly_discharge_kwh_per_yr(inp, hourly, year_weight: float) -> dict:
    """Discharge per year by store prefix [kWh/yr] from an hourly table (weighted steps × Δt × k)."""
    w = inp.weights
    out = {}
    for st in inp.stores:
        prefix = "storage" if st.name == "storage" else f"storage_{st.name}"
        out[prefix] = float(np.dot(w, hourly[f"{prefix}_discharge_kw"].to_numpy())) * inp.dt_h * year_weight
    return out


def block_discharge_kwh_per_yr(block, inp) -> dict:
    """Discharge per year by store prefix [kWh/yr] read from a solved model or block (Σ_t w_t d_t Δt k)."""
    w = inp.weights
    out = {}
    for st in inp.stores:
        prefix = "storage" if st.name == "storage" else f"storage_{st.name}"
        d = np.fromiter(((block.discharge_kw[st.name, t].value or 0.0) for t in range(inp.n_steps)), dtype=float)
        out[prefix] = float(np.dot(w, d)) * inp.dt_h * inp.year_weight
    return out


def milestone_storage_health(inputs: list, blocks: list, capacities: list, milestones: list, scenario=None,
                             operating_discounted: list | None = None) -> tuple[list[dict], float]:
    """Storage fade over the milestones: per milestone, the state of health the fleet would have without
    augmentation and the augmentation that keeps the rating; and its present value.

    Builds of milestone q age through the periods up to milestone p at each period's own fade f_r
    (its dispatch's cycles): SOH_p = Σ_q Δ_q max(0, 1 − Σ_{r=q}^{p−1} f_r (y_{r+1} − y_r)) / E_p, energy-weighted
    over the stores; existing storage counts as new at the first milestone. Augmentation in the period of
    milestone p: f_p E_p [kWh/yr] at today's augmentation price [CNY/yr]; its present value at the first
    milestone is Σ_p D_p × that cost (D_p of eq. M2). The milestone LP itself sizes without fade (a build
    keeps its rating): this is the cost of keeping it so, reported beside the plan.

    Returns
    -------
    rows : list of dict
        Per milestone: ``storage_soh_fraction`` (None without storage), ``augmentation_kwh_per_yr``,
        ``augmentation_cny_per_yr``, ``fades`` (:meth:`StoreFade.as_dict` per store).
    float
        Present value of the augmentation [CNY] (0 without ``operating_discounted``).
    """
    fades = [store_fades(inp, scenario, cap, block_discharge_kwh_per_yr(b, inp))
             for inp, b, cap in zip(inputs, blocks, capacities)]
    rows = []
    for p, period in enumerate(fades):
        kept = total = 0.0
        for s, fade in enumerate(period):
            for q in range(p + 1):
                built = fades[q][s].energy_kwh - (fades[q - 1][s].energy_kwh if q > 0 else 0.0)
                loss = sum(fades[r][s].fade_per_yr * (milestones[r + 1] - milestones[r]) for r in range(q, p))
                kept += max(0.0, built) * max(0.0, 1.0 - loss)
            total += fade.energy_kwh
        rows.append({"storage_soh_fraction": kept / total if total > 0 else None,
                     "augmentation_kwh_per_yr": sum(f.augmentation_kwh_per_yr for f in period),
                     "augmentation_cny_per_yr": sum(f.augmentation_cny_per_yr for f in period),
                     "fades": [f.as_dict() for f in period]})
    present = (sum(d * row["augmentation_cny_per_yr"] for d, row in zip(operating_discounted, rows))
               if operating_discounted is not None else 0.0)
    return rows, float(present)
