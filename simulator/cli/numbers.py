"""Numbers in the terminal: engineering units (kW/MW, MWh/GWh, MCNY) and sensible significant figures.

No ``-0.000``, no ``103,975.624 <= 103,975.624 kW``: every value is rounded to a few significant figures
with thousands separators, and a margin smaller than what is shown reads ``at the limit``.
"""
from __future__ import annotations

import math

#: hours of a full year less a day: a horizon at least this long is "a year" (as simulator.studies.finance)
FULL_YEAR_H = 8760 - 24


def num(value: float | None, sig: int = 3) -> str:
    """``value`` with ``sig`` significant figures (whole numbers kept whole) and thousands separators."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if value == 0:
        return "0"
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(value))))
    rounded = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded:,.{decimals}f}" if rounded != 0 else "0"


def power(kw: float, sig: int = 4) -> str:
    """A power: MW from 1 MW up, else kW."""
    return f"{num(kw / 1e3, sig)} MW" if abs(kw) >= 1e3 else f"{num(kw, sig)} kW"


def energy(kwh: float, sig: int = 4) -> str:
    """An energy: GWh from 1 GWh up, MWh from 1 MWh up, else kWh."""
    if abs(kwh) >= 1e6:
        return f"{num(kwh / 1e6, sig)} GWh"
    if abs(kwh) >= 1e3:
        return f"{num(kwh / 1e3, sig)} MWh"
    return f"{num(kwh, sig)} kWh"


def money(cny: float, sig: int = 4, lang: str = "en") -> str:
    """An amount of money: ``en`` MCNY (million CNY) from 1 million up, else CNY; ``zh`` 亿元 from 1 亿,
    万元 from 1 万, else 元."""
    if lang == "zh":
        if abs(cny) >= 1e8:
            return f"{num(cny / 1e8, sig)} 亿元"
        return f"{num(cny / 1e4, sig)} 万元" if abs(cny) >= 1e4 else f"{num(cny, sig)} 元"
    return f"{num(cny / 1e6, sig)} MCNY" if abs(cny) >= 1e6 else f"{num(cny, sig)} CNY"


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage (``0.797`` -> ``79.7 %``)."""
    if fraction is None or not math.isfinite(fraction):
        return "n/a"
    value = round(100 * fraction, decimals) + 0.0
    return f"{value:.{decimals}f} %"


def is_full_year(horizon: dict) -> bool:
    """True when the modelled horizon covers a year (energies over it are annual energies)."""
    return horizon.get("steps", 0) * horizon.get("dt_h", 1.0) >= FULL_YEAR_H
