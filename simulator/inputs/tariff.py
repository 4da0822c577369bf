"""Time-of-use tariffs: hour of day (and month) -> band -> price, on the model index."""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.data import tariff as shipped_tariff
from simulator.errors import InputError, InputIssue
from simulator.scenario.fields import MAX_PRICE_CNY_PER_KWH


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


def import_prices(grid, index: pd.DatetimeIndex, source: str = "scenario") -> tuple[np.ndarray, np.ndarray, dict]:
    """Import price [CNY/kWh] and TOU band of every step.

    Parameters
    ----------
    grid : GridSection
        ``tariff`` names a shipped table; ``tou_prices_cny_per_kwh``, ``tou_hours`` and
        ``tou_month_hours`` replace parts of it.
    index : pandas.DatetimeIndex
        Model index (local time).

    Returns
    -------
    prices : ndarray
        [CNY/kWh] per step.
    bands : ndarray of str
        Band name per step.
    meta : dict
        Name, source, tag of the tariff used.
    """
    table = shipped_tariff(grid.tariff)
    prices = dict(table["prices_cny_per_kwh"])
    prices.update(grid.tou_prices_cny_per_kwh or {})
    for band, value in prices.items():  # the scenario's are validated; a table's are checked here
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_PRICE_CNY_PER_KWH:
            raise InputError(InputIssue(source, f"grid.tou_prices_cny_per_kwh.{band}", value,
                                        f"a finite price in 0..{MAX_PRICE_CNY_PER_KWH:g} CNY/kWh (tariff "
                                        f"'{grid.tariff}')"))
    hours = grid.tou_hours or table["hours"]
    base = _hour_map(hours, prices, "grid.tou_hours", source)
    month_maps = {}
    raw_months = dict(table.get("month_hours", {}))
    raw_months.update(grid.tou_month_hours or {})
    for month, mh in raw_months.items():
        if not str(month).isdigit() or not 1 <= int(month) <= 12:
            raise InputError(InputIssue(source, "grid.tou_month_hours", month, "month numbers 1..12"))
        month_maps[int(month)] = _hour_map(mh, prices, f"grid.tou_month_hours.{month}", source)
    hour = index.hour.to_numpy()
    month = index.month.to_numpy()
    bands = base[hour]
    for mo, mapping in month_maps.items():
        sel = month == mo
        bands[sel] = mapping[hour[sel]]
    price = np.array([prices[b] for b in bands], dtype=float)
    meta = {"name": table.get("name", grid.tariff), "source": table.get("source", ""),
            "tag": table.get("tag", "") if not (grid.tou_prices_cny_per_kwh or grid.tou_hours) else "scenario",
            "prices_cny_per_kwh": prices}
    return price, bands.astype(str), meta


def check_export_below_import(export_cny_per_kwh: np.ndarray, import_cny_per_kwh: np.ndarray,
                              timestamps: list | None, source: str) -> None:
    """Refuse export prices >= import prices: the LP would buy grid power only to sell it back.

    Used by the model before it is built and by ``zcpark validate`` on the tariff of the horizon, so
    that both refuse the same scenarios.

    Parameters
    ----------
    export_cny_per_kwh, import_cny_per_kwh : ndarray
        Prices of every step [CNY/kWh].
    timestamps : list, optional
        Labels of the steps, for the message.
    source : str
        File the prices came from.

    Raises
    ------
    InputError
        Naming the first step where ρ_t >= π_t and both prices.
    """
    bad = np.asarray(export_cny_per_kwh) >= np.asarray(import_cny_per_kwh)
    if bad.any():
        t = int(bad.argmax())
        label = timestamps[t] if timestamps is not None else None
        raise InputError(InputIssue(
            source, "grid.export_price_cny_per_kwh", float(np.asarray(export_cny_per_kwh)[t]),
            f"a price below the import price {float(np.asarray(import_cny_per_kwh)[t]):.4f} CNY/kWh in "
            f"every step (first violation at step {t}{f', {label}' if label else ''}; otherwise the model "
            f"would buy grid power only to sell it back)"))
