"""The ``[hydrogen]`` section as numbers: demand [kg/h] per step and the chain's parameters (eq. Y1-Y9).

The demand is ``demand_kg_per_day`` spread over the hours of each day by ``daily_shape`` (a step takes the
rate of the hour it starts in: kg/h, so sub-hourly steps keep the daily total), or a ``demand_csv`` of
kg/h on the model horizon read like ``load.profile_csv``. Efficiencies become kWh/kg; an LHV efficiency
η gives LHV / η with the LHV of ``data/defaults.toml [hydrogen]``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.data import default
from simulator.errors import InputError, InputIssue
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.timegrid import step_hours


@dataclass
class HydrogenInput:
    """The hydrogen chain (eq. Y1-Y9): electrolyser C_Y [kW], tank S [kg], optional fuel cell C_F [kW].

    Attributes
    ----------
    demand_kg_per_h : ndarray
        D_t, hydrogen demand [kg/h], length T; met in every step.
    electrolyser_kwh_per_kg : float
        e_Y, electricity per kg produced [kWh/kg].
    electrolyser_min_load_fraction : float
        m, P_t >= m C_Y in every step [-] (0 = none).
    electrolyser_capex_cny_per_kw, electrolyser_fixed_om_cny_per_kw_yr : float
        [CNY/kW], [CNY/kW/yr] of electricity input capacity.
    electrolyser_lifetime_yr : int
    electrolyser_existing_kw, electrolyser_max_kw : float, float or None
    tank_capex_cny_per_kg, tank_fixed_om_cny_per_kg_yr : float
        [CNY/kg], [CNY/kg/yr] of rated content.
    tank_lifetime_yr : int
    tank_min_fill_fraction, tank_max_fill_fraction : float
        Level window as fractions of S [-].
    tank_existing_kg, tank_max_kg : float, float or None
    fuel_cell : bool
        Whether a fuel cell (or H2 engine) exists.
    fuel_cell_kwh_per_kg : float
        e_F, electricity out per kg used [kWh/kg].
    fuel_cell_capex_cny_per_kw, fuel_cell_fixed_om_cny_per_kw_yr : float
    fuel_cell_lifetime_yr : int
    fuel_cell_existing_kw, fuel_cell_max_kw : float, float or None
    sale_price_cny_per_kg, sale_max_kg_per_h : float
        Price [CNY/kg] and cap [kg/h] of hydrogen sold (0 = no sale).
    """

    demand_kg_per_h: np.ndarray
    electrolyser_kwh_per_kg: float
    electrolyser_min_load_fraction: float
    electrolyser_capex_cny_per_kw: float
    electrolyser_fixed_om_cny_per_kw_yr: float
    electrolyser_lifetime_yr: int
    tank_capex_cny_per_kg: float
    tank_fixed_om_cny_per_kg_yr: float
    tank_lifetime_yr: int
    tank_min_fill_fraction: float = 0.0
    tank_max_fill_fraction: float = 1.0
    electrolyser_existing_kw: float = 0.0
    electrolyser_max_kw: float | None = None
    tank_existing_kg: float = 0.0
    tank_max_kg: float | None = None
    fuel_cell: bool = False
    fuel_cell_kwh_per_kg: float = 0.0
    fuel_cell_capex_cny_per_kw: float = 0.0
    fuel_cell_fixed_om_cny_per_kw_yr: float = 0.0
    fuel_cell_lifetime_yr: int = 10
    fuel_cell_existing_kw: float = 0.0
    fuel_cell_max_kw: float | None = None
    sale_price_cny_per_kg: float = 0.0
    sale_max_kg_per_h: float = 0.0

    def check(self, n_steps: int) -> None:
        """Raise ValueError on a demand of the wrong length, non-finite or negative values, or bad efficiencies."""
        d = np.asarray(self.demand_kg_per_h, dtype=float)
        if d.shape != (n_steps,) or not np.isfinite(d).all() or (d < 0).any():
            raise ValueError(f"hydrogen demand must have shape ({n_steps},), finite values >= 0")
        if self.electrolyser_kwh_per_kg <= 0 or (self.fuel_cell and self.fuel_cell_kwh_per_kg <= 0):
            raise ValueError("hydrogen efficiencies must be > 0 kWh/kg")
        if not 0 <= self.tank_min_fill_fraction < self.tank_max_fill_fraction <= 1:
            raise ValueError("hydrogen tank fill window must satisfy 0 <= min < max <= 1")


def demand_kg_per_h(section, index: pd.DatetimeIndex) -> np.ndarray:
    """D_t [kg/h] on the model index from ``demand_kg_per_day`` x shape, or from ``demand_csv``."""
    if section.demand_csv is not None:
        kg = read_profile_csv(section.demand_csv, index, "hydrogen.demand_csv", "load", section.demand_column, "kW")
        return kg.to_numpy(dtype=float)
    shape = np.ones(24) if section.daily_shape is None else np.asarray(section.daily_shape, dtype=float)
    per_hour = section.demand_kg_per_day * shape / shape.sum()  # kg in hour h = kg/h over hour h
    return per_hour[np.asarray(index.hour)]


def electrolyser_kwh_per_kg(ely) -> float:
    """e_Y [kWh/kg]: given, from an LHV efficiency (LHV / η), or the default."""
    if ely.efficiency_kwh_per_kg is not None:
        return float(ely.efficiency_kwh_per_kg)
    if ely.lhv_efficiency_fraction is not None:
        return float(default("hydrogen.lhv_kwh_per_kg")) / ely.lhv_efficiency_fraction
    return float(default("hydrogen.electrolyser_efficiency_kwh_per_kg"))


def chain_issues(h2, demand: np.ndarray, source: str) -> list[InputIssue]:
    """Problems of a ``[hydrogen]`` section found without solving: an electrolyser whose ``max_kw`` cannot
    make the mean demand (infeasible whatever the tank). (A round trip that gains energy cannot be given:
    the schema keeps the electrolyser above and the fuel cell below the LHV of 33.33 kWh/kg.)"""
    issues = []
    e_y = electrolyser_kwh_per_kg(h2.electrolyser)
    need_kw = float(demand.mean()) * e_y if demand.size else 0.0
    ely = h2.electrolyser
    if ely.max_kw is not None and ely.max_kw < need_kw:
        issues.append(InputIssue(source, "hydrogen.electrolyser.max_kw", ely.max_kw,
                                 f">= {need_kw:,.0f} kW, the mean demand {demand.mean():,.1f} kg/h x "
                                 f"{e_y:.2f} kWh/kg (no tank can make up a shortfall of production)"))
    return issues


def hydrogen_issues(scenario, source: str, index: pd.DatetimeIndex | None) -> list[InputIssue]:
    """Everything :func:`hydrogen_input` would refuse, plus ``[planning]`` milestones (whose model does not
    carry the hydrogen chain yet), for the cheap pre-solve check of ``simulator.inputs.precheck``."""
    h2 = getattr(scenario, "hydrogen", None)
    if h2 is None:
        return []
    issues = []
    if getattr(scenario, "planning", None) is not None:
        issues.append(InputIssue(source, "hydrogen", "[hydrogen] with [planning]",
                                 "one of the two: the milestone model links only PV, wind and storage between "
                                 "milestones and does not carry the hydrogen chain yet"))
    if index is None:
        return issues
    try:
        demand = demand_kg_per_h(h2, index)
    except InputError as exc:
        return issues + list(exc.issues)
    return issues + chain_issues(h2, demand, source)


def hydrogen_input(scenario, index: pd.DatetimeIndex) -> tuple[HydrogenInput, dict]:
    """The hydrogen block's numbers for a scenario with ``[hydrogen]``, and a record for the summary.

    Raises
    ------
    InputError
        A demand file that does not fit the model horizon (from :func:`read_profile_csv`) or a problem of
        :func:`chain_issues` — all before any solve.
    """
    h2 = scenario.hydrogen
    source = str(scenario.source_path or "scenario")
    e_y = electrolyser_kwh_per_kg(h2.electrolyser)
    fc = h2.fuel_cell
    demand = demand_kg_per_h(h2, index)
    issues = chain_issues(h2, demand, source)
    if issues:
        raise InputError(issues)
    ely, tank = h2.electrolyser, h2.tank
    out = HydrogenInput(
        demand, e_y, ely.min_load_fraction, ely.capex_cny_per_kw, ely.fixed_om_cny_per_kw_yr, ely.lifetime_yr,
        tank.capex_cny_per_kg, tank.fixed_om_cny_per_kg_yr, tank.lifetime_yr, tank.min_fill_fraction,
        tank.max_fill_fraction, ely.existing_kw, ely.max_kw, tank.existing_kg, tank.max_kg,
        sale_price_cny_per_kg=h2.sale_price_cny_per_kg, sale_max_kg_per_h=h2.sale_max_kg_per_h)
    if fc is not None:
        out.fuel_cell = True
        out.fuel_cell_kwh_per_kg = fc.efficiency_kwh_per_kg
        out.fuel_cell_capex_cny_per_kw = fc.capex_cny_per_kw
        out.fuel_cell_fixed_om_cny_per_kw_yr = fc.fixed_om_cny_per_kw_yr
        out.fuel_cell_lifetime_yr = fc.lifetime_yr
        out.fuel_cell_existing_kw = fc.existing_kw
        out.fuel_cell_max_kw = fc.max_kw
    dt = step_hours(index)
    record = {"electrolyser_kwh_per_kg": e_y, "demand_horizon_kg": float(demand.sum() * dt),
              "demand_peak_kg_per_h": float(demand.max()) if demand.size else 0.0,
              "demand_basis": "demand_csv" if h2.demand_csv is not None else "demand_kg_per_day x daily_shape"}
    return out, record


def refuse_hydrogen(scenario, study: str) -> None:
    """Raise a one-line :class:`InputError` for a scenario with ``[hydrogen]`` in a study that does not
    model the hydrogen chain yet (``study`` names it and why), before any solve."""
    if getattr(scenario, "hydrogen", None) is not None:
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), "hydrogen", "[hydrogen] section",
                                    f"a scenario without [hydrogen] ({study})"))
