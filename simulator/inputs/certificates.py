"""Green-certificate (GEC) prices of the 910号 clean-share rule: a flat price or a series (docs/tariffs.md).

``[policy] green_certificate_price_csv`` gives the price [CNY/kWh] either per step (a timestamp column,
checked like every profile: the horizon covered exactly, no gaps or duplicates, finite) or per month (a
``month`` column 1..12, each month once). The series replaces the flat
``green_certificate_price_cny_per_kwh``; giving both is refused, as is a series without the zero-carbon
rules that buy certificates.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.textfile import read_text

KEY = "policy.green_certificate_price_csv"


def _monthly(path: Path, frame: pd.DataFrame, column: str | None, index: pd.DatetimeIndex) -> np.ndarray:
    """Prices of a month table on the model index [CNY/kWh]."""
    values = [c for c in frame.columns if c != "month"]
    name = column if column is not None else (values[0] if len(values) == 1 else None)
    if name is None or name not in frame.columns:
        raise InputError(InputIssue(str(path), KEY, ", ".join(values) or "no price column",
                                    "one price column besides month, or policy.green_certificate_price_column"))
    months = pd.to_numeric(frame["month"], errors="coerce")
    prices = pd.to_numeric(frame[name], errors="coerce")
    for row, (month, price) in enumerate(zip(months, prices), start=2):
        if not (np.isfinite(month) and month == int(month) and 1 <= month <= 12):
            raise InputError(InputIssue(str(path), f"{KEY} line {row} month", frame["month"].iloc[row - 2],
                                        "a month number 1..12"))
        if not (np.isfinite(price) and price >= 0):
            raise InputError(InputIssue(str(path), f"{KEY} line {row} {name}", frame[name].iloc[row - 2],
                                        "a finite price >= 0 [CNY/kWh]"))
    if months.duplicated().any() or set(months.astype(int)) != set(range(1, 13)):
        missing = sorted(set(range(1, 13)) - set(months.astype(int)))
        repeated = sorted(set(months[months.duplicated()].astype(int)))
        raise InputError(InputIssue(str(path), f"{KEY} month", f"missing {missing}, repeated {repeated}",
                                    "each month 1..12 exactly once"))
    table = dict(zip(months.astype(int), prices.astype(float)))
    return np.array([table[m] for m in index.month], dtype=float)


def certificate_issues(scenario, source: str) -> list[InputIssue]:
    """A series given beside an explicit flat price, or without ``policy.zero_carbon``."""
    pol = scenario.policy
    if pol.green_certificate_price_csv is None:
        return []
    issues = []
    if "green_certificate_price_cny_per_kwh" in pol.model_fields_set:
        issues.append(InputIssue(source, KEY, str(pol.green_certificate_price_csv),
                                 "either the series or policy.green_certificate_price_cny_per_kwh, not both"))
    if not pol.zero_carbon:
        issues.append(InputIssue(source, KEY, str(pol.green_certificate_price_csv),
                                 "policy.zero_carbon = true (certificates are bought only for the 910号 clean share)"))
    return issues


def certificate_prices(scenario, index: pd.DatetimeIndex) -> np.ndarray | None:
    """The certificate price per step [CNY/kWh] from ``green_certificate_price_csv``; None without one.

    Raises
    ------
    InputError
        Naming the file, the key and the first bad value.
    """
    pol = scenario.policy
    issues = certificate_issues(scenario, str(scenario.source_path or "scenario"))
    if issues:
        raise InputError(issues)
    if pol.green_certificate_price_csv is None:
        return None
    path = Path(pol.green_certificate_price_csv)
    text = read_text(path, str(path), KEY)
    try:
        head = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(InputIssue(str(path), KEY, str(exc)[:80], "a CSV file")) from None
    if "month" in head.columns:
        return _monthly(path, head, pol.green_certificate_price_column, index)
    series = read_profile_csv(path, index, KEY, "price", pol.green_certificate_price_column)
    values = series.to_numpy(dtype=float)
    if (values < 0).any():
        t = int(np.flatnonzero(values < 0)[0])
        raise InputError(InputIssue(str(path), f"{KEY} at {index[t]}", float(values[t]), "a price >= 0 [CNY/kWh]"))
    return values
