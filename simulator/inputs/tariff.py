"""Time-of-use tariffs: hour of day (and month) -> band -> price, on the model index."""
from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.data import tariff as shipped_tariff
from simulator.errors import InputError, InputIssue


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
