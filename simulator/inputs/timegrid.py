"""The model's time grid: one tz-aware DatetimeIndex and its step length."""
from __future__ import annotations

import pandas as pd

from simulator.errors import InputError, InputIssue


def model_index(year: int, timezone: str = "Asia/Shanghai", timestep_minutes: int = 60,
                start: str | None = None, days: int | None = None) -> pd.DatetimeIndex:
    """Time stamps (start of each step) of the model horizon.

    Parameters
    ----------
    year : int
        Model year; the default horizon is the whole calendar year.
    timezone : str
        IANA time zone, e.g. ``Asia/Shanghai``.
    timestep_minutes : int
        Step length [min]: 60, 30 or 15.
    start : str, optional
        First day (YYYY-MM-DD) of a shorter horizon, within ``year``.
    days : int, optional
        Length of a shorter horizon [days].

    Returns
    -------
    pandas.DatetimeIndex
        Tz-aware, regular, with ``freq`` set.
    """
    try:
        first = pd.Timestamp(start, tz=timezone) if start else pd.Timestamp(year=year, month=1, day=1, tz=timezone)
    except Exception as exc:  # noqa: BLE001 - pandas raises several types here
        raise InputError(InputIssue("scenario", "park.start / park.timezone", f"{start} / {timezone}",
                                    f"a date YYYY-MM-DD and an IANA time zone ({exc})")) from None
    if first.year != year:
        raise InputError(InputIssue("scenario", "park.start", start, f"a date within park.year {year}"))
    year_end = pd.Timestamp(year=year + 1, month=1, day=1, tz=timezone)
    end = year_end if days is None else first + pd.Timedelta(days=days)
    if end > year_end:
        raise InputError(InputIssue("scenario", "park.days", days,
                                    f"a horizon that ends within park.year {year}"))
    return pd.date_range(first, end, freq=f"{timestep_minutes}min", inclusive="left", name="timestamp")


def step_hours(index: pd.DatetimeIndex) -> float:
    """Step length [h] of a regular index."""
    if index.freq is None:
        raise ValueError("index must be regular with a freq")
    return pd.Timedelta(index.freq).total_seconds() / 3600.0


def scenario_index(scenario) -> pd.DatetimeIndex:
    """The model index of a :class:`~simulator.scenario.Scenario`."""
    park = scenario.park
    return model_index(park.year, park.timezone, park.timestep_minutes, park.start, park.days)
