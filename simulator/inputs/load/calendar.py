"""Chinese working-day calendar: statutory holidays and 调休 make-up workdays.

Uses the ``holidays`` package (country ``CN``), which knows the published holiday schedules and the
weekend days that become working days (``weekend_workdays``). For a year whose schedule is not yet
published the package only knows rule-based holidays and no make-up days; :func:`day_calendar` logs a
warning (logger ``simulator.inputs.load.calendar``).
"""
from __future__ import annotations

import datetime as dt
import logging

import holidays
import numpy as np
import pandas as pd


logger = logging.getLogger(__name__)


def day_calendar(year: int) -> pd.DataFrame:
    """One row per day of ``year`` with the day type.

    Parameters
    ----------
    year : int
        Calendar year.

    Returns
    -------
    pandas.DataFrame
        Indexed by date (``datetime.date``), columns ``weekday`` (0 = Monday), ``is_holiday``
        (statutory day off, including substituted days), ``is_makeup_workday`` (调休 weekend day that is
        worked), ``is_working_day`` (for a five-day factory), ``spring_festival_offset_days`` (days
        since 初一, the first day of the Spring Festival; negative before).
    """
    cn = holidays.country_holidays("CN", years=[year - 1, year, year + 1])
    makeup = {d for d in cn.weekend_workdays if d.year == year}
    if not makeup:
        logger.warning(f"the holiday schedule of {year} is not published in the installed 'holidays' package: "
                       f"statutory holidays are estimated from the rules and 调休 make-up workdays are unknown")
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    dates = [d.date() for d in days]
    festival = sorted(d for d, name in cn.items()
                      if name == "Chinese New Year (Spring Festival)")
    firsts = [d for i, d in enumerate(festival) if i == 0 or (d - festival[i - 1]).days > 1]
    ordinals = np.array([d.toordinal() for d in dates])
    offsets = np.full(len(dates), 10_000)
    for first in firsts:
        off = ordinals - first.toordinal()
        offsets = np.where(np.abs(off) < np.abs(offsets), off, offsets)
    return pd.DataFrame({
        "weekday": days.weekday,
        "is_holiday": [d in cn for d in dates],
        "is_makeup_workday": [d in makeup for d in dates],
        "is_working_day": [cn.is_working_day(d) for d in dates],
        "spring_festival_offset_days": offsets,
    }, index=pd.Index(dates, name="date"))


def is_working_day(date: dt.date) -> bool:
    """True if ``date`` is a working day in China (handles 调休)."""
    return holidays.country_holidays("CN", years=date.year).is_working_day(date)
