"""Units stated in the value header of a metered file: kW, MW, 万kW (mean power) or kWh, MW·h, 万kWh
(energy per interval), in English or Chinese. Nothing is guessed: a bracketed unit that is not known is
an error."""
from __future__ import annotations

import re

from simulator.errors import InputError, InputIssue

#: units a value header may state -> (kW or kWh, factor to kW or kWh); matched on the header lower-cased,
#: without spaces and with the product dot of "kW·h", "MW.h" removed; 万 = 10,000
UNITS = {
    "万千瓦时": ("kWh", 1e4), "万kwh": ("kWh", 1e4), "兆瓦时": ("kWh", 1e3), "mwh": ("kWh", 1e3),
    "千瓦时": ("kWh", 1.0), "kwh": ("kWh", 1.0), "万千瓦": ("kW", 1e4), "万kw": ("kW", 1e4),
    "兆瓦": ("kW", 1e3), "mw": ("kW", 1e3), "千瓦": ("kW", 1.0), "kw": ("kW", 1.0),
}
_UNIT_TOKEN = re.compile("|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)))
#: a unit in brackets at the end of a header: 负荷(万千瓦), 电量（MW·h）, energy [kWh]
_BRACKETED = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]\s*$")
#: text that looks like a unit of power or energy (so an unknown one is refused, not ignored)
_LOOKS_LIKE_UNIT = re.compile(r"(k|m|g|t|万|兆|千|亿|百万)?(w|瓦|va|j|度)(h|时)?")


def _normal_unit(text: str) -> str:
    text = re.sub(r"\s+", "", str(text).lower())
    return re.sub(r"(?<=[kmw瓦])[·.•*⋅-](?=h)", "", text)  # kW·h, MW.h, kw*h -> kwh, mwh


def unit_from_header(header: str, source: str = "", fld: str = "") -> tuple[str, float] | None:
    """(unit, factor to kW or kWh) stated by a value header, None if it states none.

    A bracketed unit at the end (``负荷(万千瓦)``, ``电量 (MW·h)``) must be one of :data:`UNITS`
    exactly; one that looks like a unit of power or energy but is not known (``GWh``, ``MVA``) is an
    :class:`InputError`, never a guess. Without brackets a known unit is looked for as a word
    (``load_kw``, ``kWh``).
    """
    bracketed = _BRACKETED.search(str(header))
    if bracketed:
        unit = _normal_unit(bracketed.group(1))
        if unit in UNITS:
            return UNITS[unit]
        if _LOOKS_LIKE_UNIT.fullmatch(unit):
            raise InputError(InputIssue(
                source, f"{fld} header", str(header),
                "a unit zcpark knows in the header (kW, MW, 万kW/万千瓦, 千瓦, 兆瓦 for mean power; kWh, kW·h, "
                "MWh, MW·h, 万kWh, 千瓦时, 兆瓦时 for energy per interval); rename the column or convert the file"))
    text = _normal_unit(header)
    for match in _UNIT_TOKEN.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha()):
            return UNITS[match.group(0)]
    return None
