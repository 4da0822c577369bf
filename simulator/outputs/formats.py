"""Numbers as a reader of each language expects them: Chinese conventions in ``zh`` (MW/MWh/GWh, 万元/亿元,
%), engineering conventions in ``en`` (MW/MWh/GWh, MCNY, %).

A :class:`Cell` is one table cell of the report; a numeric cell keeps the raw number (``data-value``, the same
in every language) beside its formatted text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """One table cell: ``text`` as shown; ``value`` the raw number of a numeric cell (None for text cells)."""

    text: str
    value: float | None = None
    numeric: bool = False
    cls: str = ""

    @property
    def data_value(self) -> str:
        """The raw number as ``repr`` (empty for a missing number)."""
        return "" if self.value is None else repr(float(self.value))


def _clean(text: str) -> str:
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]  # "-0.0": a rounding residue, not a negative number
    return text


def money(value: float | None, lang: str) -> str:
    """[CNY] as 万元 / 亿元 (zh; 亿元 from 1 亿) or MCNY (en); ``—`` when missing."""
    if value is None or not math.isfinite(float(value)):
        return "—"
    v = float(value)
    if lang == "zh":
        return _clean(f"{v / 1e8:,.2f} 亿元" if abs(v) >= 1e8 else f"{v / 1e4:,.1f} 万元")
    return _clean(f"{v / 1e6:,.2f} MCNY")


def energy(value_kwh: float | None, lang: str) -> str:
    """[kWh] as GWh from 10 GWh, else MWh (both languages)."""
    if value_kwh is None or not math.isfinite(float(value_kwh)):
        return "—"
    v = float(value_kwh)
    return _clean(f"{v / 1e6:,.2f} GWh" if abs(v) >= 1e7 else f"{v / 1e3:,.1f} MWh")


def power(value_kw: float | None) -> str:
    """[kW] as MW with 0.01 MW resolution."""
    if value_kw is None or not math.isfinite(float(value_kw)):
        return "—"
    return _clean(f"{float(value_kw) / 1e3:,.2f} MW")


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage (``0.823`` → ``82.3 %``)."""
    if value is None or not math.isfinite(float(value)):
        return "—"
    return _clean(f"{100 * float(value):,.{digits}f} %")


def num_cell(value, kind: str = "number", lang: str = "en") -> Cell:
    """A numeric cell; ``kind``: number, percent, mega (value/1e3, kWh → MWh), money (whole units), ratio,
    cny (万元/亿元 or MCNY), mw (kW → MW)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return Cell("—", None, True)
    v = float(value)
    text = {"percent": lambda: percent(v), "mega": lambda: f"{v / 1e3:,.1f}", "money": lambda: f"{v:,.0f}",
            "ratio": lambda: f"{v:,.3f}", "number": lambda: f"{v:,.2f}", "cny": lambda: money(v, lang),
            "mw": lambda: f"{v / 1e3:,.2f}"}[kind]()
    return Cell(_clean(text), v, True)
