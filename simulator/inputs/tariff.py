"""Grid prices on the model index: the tariff's parts, time-of-use bands by season, or price series.

The import price of a step is the sum of its parts (docs/tariffs.md): the energy part (TOU table of
``simulator/data/tariffs/<name>.toml``, with optional seasons, or ``[grid] import_price_csv``), plus the
per-kWh parts (government funds and surcharges, system operation fee, and the T&D price when
``td_basis = "energy"``). With ``td_basis = "capacity"`` (1192号) the T&D price is charged instead as a fee
per kW of the declared connection, T&D price x average load rate x 730 h per month, on top of the
capacity price: the T&D price is used once, one way or the other. The export price is flat
(``export_price_cny_per_kwh``) or a series (``export_price_csv``); it must be below the import price in
every step (:func:`check_export_below_import`), checked by ``zcpark validate`` and by every run through
:func:`grid_prices`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.data import tariff as shipped_tariff
from simulator.errors import InputError, InputIssue
from simulator.inputs.profiles import read_profile_csv
from simulator.scenario.fields import MAX_PRICE_CNY_PER_KWH

#: hours per month in the 1192号 capacity fee (8760 / 12; the formula is U, docs/tariffs.md)
HOURS_PER_MONTH = 730.0
#: per-kWh and capacity parts of a tariff file's [parts] table, overridable in [grid]
PART_KEYS = ("td_cny_per_kwh", "funds_cny_per_kwh", "system_operation_cny_per_kwh", "td_load_rate_fraction")


@dataclass
class GridPrices:
    """Prices of every step and the tariff's parts.

    Attributes
    ----------
    import_cny_per_kwh : ndarray
        π_t, everything paid per imported kWh [CNY/kWh] (energy part + per-kWh parts).
    energy_cny_per_kwh : ndarray
        The energy part of π_t [CNY/kWh].
    per_kwh_parts : dict
        Cost name -> flat part of π_t [CNY/kWh] (``grid_td``, ``grid_funds``, ``grid_system_operation``).
    capacity_parts : dict
        Cost name -> fee per kW of declared connection [CNY/kW/month] (``capacity_charge``, ``grid_td_capacity``).
    export_cny_per_kwh : ndarray
        ρ_t [CNY/kWh].
    bands : ndarray of str
        TOU band per step (``season:band`` with seasons, ``series`` for a price file).
    meta : dict
        Tariff name, source, tag and every part with its source.
    """

    import_cny_per_kwh: np.ndarray
    energy_cny_per_kwh: np.ndarray
    per_kwh_parts: dict
    capacity_parts: dict
    export_cny_per_kwh: np.ndarray
    bands: np.ndarray
    meta: dict = field(default_factory=dict)

    @property
    def capacity_charge_cny_per_kw_month(self) -> float:
        """Total fee per kW of declared connection [CNY/kW/month]."""
        return float(sum(self.capacity_parts.values()))


def _hour_map(hours: dict[str, list[int]], prices: dict[str, float], where: str, source: str) -> np.ndarray:
    """24 band names from band -> hours; every hour exactly once, every band priced."""
    owner = [None] * 24
    for band, hs in hours.items():
        if band not in prices:
            raise InputError(InputIssue(source, f"{where}.{band}", hs, f"a band with a price (bands: {sorted(prices)})"))
        for h in hs:
            if not isinstance(h, int) or not 0 <= h <= 23:
                raise InputError(InputIssue(source, f"{where}.{band}", h, "hours of day 0..23"))
            if owner[h] is not None:
                raise InputError(InputIssue(source, f"{where}.{band}", h, f"each hour in one band only (also in {owner[h]})"))
            owner[h] = band
    missing = [h for h in range(24) if owner[h] is None]
    if missing:
        raise InputError(InputIssue(source, where, missing, "every hour 0..23 assigned to a band"))
    return np.array(owner, dtype=object)


def _check_prices(prices: dict, where: str, source: str, tariff_name: str) -> dict:
    """Band -> price as floats; each a finite price in 0..MAX_PRICE_CNY_PER_KWH (tables are not validated)."""
    for band, value in prices.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_PRICE_CNY_PER_KWH:
            raise InputError(InputIssue(source, f"{where}.{band}", value,
                                        f"a finite price in 0..{MAX_PRICE_CNY_PER_KWH:g} CNY/kWh (tariff "
                                        f"'{tariff_name}')"))
    return {band: float(v) for band, v in prices.items()}


def _seasons(raw: dict, base_hours: dict, where: str, source: str, tariff_name: str) -> dict[int, tuple]:
    """Month -> (season name, prices, hours); every month 1..12 in exactly one season."""
    by_month: dict[int, tuple] = {}
    for name, season in raw.items():
        if not isinstance(season, dict) or "months" not in season or "prices_cny_per_kwh" not in season:
            raise InputError(InputIssue(source, f"{where}.{name}", season,
                                        "a table with months and prices_cny_per_kwh (optional hours, name_zh)"))
        unknown = set(season) - {"months", "prices_cny_per_kwh", "hours", "name_zh"}
        if unknown:
            raise InputError(InputIssue(source, f"{where}.{name}", sorted(unknown), "only months, prices_cny_per_kwh, "
                                        "hours, name_zh"))
        prices = _check_prices(dict(season["prices_cny_per_kwh"]), f"{where}.{name}.prices_cny_per_kwh", source,
                               tariff_name)
        hours = season.get("hours") or base_hours
        _hour_map(hours, prices, f"{where}.{name}.hours", source)
        for month in season["months"]:
            if not isinstance(month, int) or not 1 <= month <= 12:
                raise InputError(InputIssue(source, f"{where}.{name}.months", month, "month numbers 1..12"))
            if month in by_month:
                raise InputError(InputIssue(source, f"{where}.{name}.months", month,
                                            f"each month in one season only (also in {by_month[month][0]})"))
            by_month[month] = (name, prices, hours)
    missing = [mo for mo in range(1, 13) if mo not in by_month]
    if missing:
        raise InputError(InputIssue(source, where, missing, "every month 1..12 in exactly one season"))
    return by_month


def energy_prices(grid, index: pd.DatetimeIndex, source: str = "scenario") -> tuple[np.ndarray, np.ndarray, dict]:
    """Energy part of the import price [CNY/kWh] and TOU band of every step.

    Parameters
    ----------
    grid : GridSection
        ``import_price_csv`` (a series) or ``tariff`` (a shipped table) with the overrides
        ``tou_prices_cny_per_kwh``, ``tou_hours``, ``tou_month_hours`` and ``tou_seasons``.
    index : pandas.DatetimeIndex
        Model index (local time).

    Returns
    -------
    prices : ndarray
        [CNY/kWh] per step.
    bands : ndarray of str
        Band per step (``season:band`` when the tariff has seasons; ``series`` for a price file).
    meta : dict
        Name, source, tag of the table or file used.
    """
    if grid.import_price_csv is not None:
        series = read_profile_csv(grid.import_price_csv, index, "grid.import_price_csv", "price",
                                  grid.import_price_column)
        if (series < 0).any():
            t = series.index[int(np.argmax(series.to_numpy() < 0))]
            raise InputError(InputIssue(str(grid.import_price_csv), f"grid.import_price_csv at {t}",
                                        float(series[t]), "an import price >= 0 CNY/kWh"))
        meta = {"name": f"price series {Path(grid.import_price_csv).name}", "source": str(grid.import_price_csv),
                "tag": "scenario"}
        return series.to_numpy(dtype=float), np.full(len(index), "series"), meta
    table = shipped_tariff(grid.tariff)
    tname = f"tariffs/{grid.tariff}.toml"
    prices = dict(table["prices_cny_per_kwh"])
    prices.update(grid.tou_prices_cny_per_kwh or {})
    prices = _check_prices(prices, "grid.tou_prices_cny_per_kwh", source, grid.tariff)
    hours = grid.tou_hours or table["hours"]
    base = _hour_map(hours, prices, "grid.tou_hours", source)
    raw_seasons = grid.tou_seasons if grid.tou_seasons is not None else table.get("seasons")
    seasons = _seasons(raw_seasons, hours, "grid.tou_seasons" if grid.tou_seasons else "seasons",
                       source if grid.tou_seasons else tname, grid.tariff) if raw_seasons else {}
    raw_months = dict(table.get("month_hours", {}))
    raw_months.update(grid.tou_month_hours or {})
    month_hours = {}
    for month, mh in raw_months.items():
        if not str(month).isdigit() or not 1 <= int(month) <= 12:
            raise InputError(InputIssue(source, "grid.tou_month_hours", month, "month numbers 1..12"))
        month_hours[int(month)] = mh
    hour = index.hour.to_numpy()
    month = index.month.to_numpy()
    price = np.empty(len(index))
    bands = np.empty(len(index), dtype=object)
    for mo in np.unique(month):
        sel = month == mo
        name, mprices, mhours = seasons.get(int(mo), (None, prices, None))
        if int(mo) in month_hours:
            mapping = _hour_map(month_hours[int(mo)], mprices, f"grid.tou_month_hours.{mo}", source)
        else:
            mapping = base if mhours is None else _hour_map(mhours, mprices, f"seasons.{name}.hours", source)
        b = mapping[hour[sel]]
        price[sel] = [mprices[x] for x in b]
        bands[sel] = b if name is None else [f"{name}:{x}" for x in b]
    scenario_made = grid.tou_prices_cny_per_kwh or grid.tou_hours or grid.tou_seasons or grid.tou_month_hours
    meta = {"name": table.get("name", grid.tariff), "source": table.get("source", ""),
            "tag": "scenario" if scenario_made else table.get("tag", ""), "prices_cny_per_kwh": prices}
    if seasons:
        meta["seasons"] = {name: sorted(mo for mo, s in seasons.items() if s[0] == name)
                           for name in dict.fromkeys(s[0] for s in seasons.values())}
    return price, bands.astype(str), meta


def tariff_parts(grid, source: str = "scenario") -> dict:
    """The tariff's parts with value, unit, tag and source: the table's [parts], replaced by [grid] keys."""
    table = shipped_tariff(grid.tariff)
    raw = table.get("parts", {})
    out = {}
    for key in PART_KEYS:
        given = getattr(grid, key)
        if given is not None:
            out[key] = {"value": float(given), "tag": "scenario", "source": source}
        elif key in raw:
            entry = raw[key]
            value = entry.get("value") if isinstance(entry, dict) else None
            if not isinstance(value, (int, float)) or not np.isfinite(value) or value < 0:
                raise InputError(InputIssue(f"tariffs/{grid.tariff}.toml", f"parts.{key}", entry,
                                            "{ value = <finite number >= 0>, tag = ..., source = ... }"))
            out[key] = {"value": float(value), "tag": entry.get("tag", ""), "source": entry.get("source", "")}
        else:
            raise InputError(InputIssue(f"tariffs/{grid.tariff}.toml", f"parts.{key}", None,
                                        f"a value in the tariff file or grid.{key} in the scenario"))
    return out


def check_export_below_import(export_cny_per_kwh: np.ndarray, import_cny_per_kwh: np.ndarray,
                              timestamps: list | None, source: str,
                              field_name: str = "grid.export_price_cny_per_kwh") -> None:
    """Refuse export prices >= import prices: the LP would buy grid power only to sell it back.

    Used by the model before it is built and, through :func:`grid_prices`, by ``zcpark validate`` on the
    prices of the horizon, so that both refuse the same scenarios.

    Parameters
    ----------
    export_cny_per_kwh, import_cny_per_kwh : ndarray
        ρ_t and π_t (every per-kWh part) of every step [CNY/kWh].
    timestamps : list, optional
        Labels of the steps, for the message.
    source : str
        File the prices came from.
    field_name : str
        Key named in the message (``grid.export_price_csv`` for a price file).

    Raises
    ------
    InputError
        Naming the first step where ρ_t >= π_t and both prices.
    """
    export, imported = np.asarray(export_cny_per_kwh), np.asarray(import_cny_per_kwh)
    bad = export >= imported
    if bad.any():
        t = int(bad.argmax())
        label = None if timestamps is None else timestamps[t]
        raise InputError(InputIssue(
            source, field_name, float(export[t]),
            f"a price below the import price {float(imported[t]):.4f} CNY/kWh in every step (first "
            f"violation at step {t}{f', {label}' if label is not None else ''}; otherwise the model would buy "
            f"grid power only to sell it back)"))


def grid_prices(scenario, index: pd.DatetimeIndex) -> GridPrices:
    """All grid prices of a scenario on the model index, checked (used by ``validate`` and ``run``).

    Raises
    ------
    InputError
        Bad tariff table or price file, or an export price not below the import price in some step
        (only when the park is connected and may export).
    """
    g = scenario.grid
    source = str(scenario.source_path or "scenario")
    energy, bands, meta = energy_prices(g, index, source)
    parts = tariff_parts(g, source)
    per_kwh = {"grid_funds": parts["funds_cny_per_kwh"]["value"],
               "grid_system_operation": parts["system_operation_cny_per_kwh"]["value"]}
    capacity = {"capacity_charge": float(g.capacity_charge_cny_per_kw_month)}
    td = parts["td_cny_per_kwh"]["value"]
    if g.td_basis == "energy":
        per_kwh["grid_td"] = td
    else:
        capacity["grid_td_capacity"] = td * parts["td_load_rate_fraction"]["value"] * HOURS_PER_MONTH
    total = energy + sum(per_kwh.values())
    if g.export_price_csv is not None:
        export = read_profile_csv(g.export_price_csv, index, "grid.export_price_csv", "price",
                                  g.export_price_column).to_numpy(dtype=float)
        export_source, export_field = str(g.export_price_csv), "grid.export_price_csv"
    else:
        export = np.full(len(index), float(g.export_price_cny_per_kwh))
        export_source, export_field = source, "grid.export_price_cny_per_kwh"
    if g.connected and g.export_allowed:
        check_export_below_import(export, total, [str(t) for t in index], export_source, export_field)
    meta = {**meta, "td_basis": g.td_basis, "parts": parts, "per_kwh_parts_cny_per_kwh": per_kwh,
            "capacity_parts_cny_per_kw_month": capacity, "export_allowed": g.export_allowed}
    return GridPrices(total, energy, per_kwh, capacity, export, bands, meta)
