"""``[[sites]]``: generation sites away from the park, each linked to it by a direct line (专线).

A site has its own location (and optionally its own weather), its own PV and wind sized separately, and
a line whose capacity is a decision variable, priced per MW·km, with losses (docs/sites.md). The park's
own roof PV and wind stay in ``[pv]`` / ``[wind]``. Unset PV or wind keys of a site take the park's
``[pv]`` / ``[wind]`` values; size bounds (``existing_kw``, ``max_kw``) are the site's own.

``weather`` is typed by name (``WeatherSection`` of :mod:`simulator.scenario.weather_schema`, which resolves it
with ``SiteSection.model_rebuild``) so that this module does not import the schema that imports it.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from simulator.data import default
from simulator.scenario.fields import (Capex, FixedOm, LifetimeYr, LossFraction, Name, PlainText, PowerKw,
                                       Section, SizedKw)

#: names a site may not take: the park itself and the prefixes of output columns
RESERVED_SITE_NAMES = ("park", "pv", "wind", "storage", "grid", "line", "site")
#: longest direct line [km] (plausibility bound)
MAX_DISTANCE_KM = 3000.0
#: largest line investment per MW of capacity and km [CNY/(MW km)] (about 100 x the placeholders)
MAX_LINE_CAPEX_CNY_PER_MW_KM = 1.0e6


class SitePV(SizedKw):
    """PV at a site: unset keys take the park's ``[pv]`` values; bounds are the site's own."""

    capex_cny_per_kw: Optional[Capex] = None
    fixed_om_cny_per_kw_yr: Optional[FixedOm] = None
    lifetime_yr: Optional[LifetimeYr] = None
    mounting: Optional[Literal["fixed", "single_axis"]] = None
    tilt_deg: Optional[float] = Field(None, ge=0, le=90)
    azimuth_deg: Optional[float] = Field(None, ge=0, lt=360)
    bifacial_gain_fraction: Optional[float] = Field(None, ge=0, le=0.3)
    dc_ac_ratio: Optional[float] = Field(None, ge=0.5, le=3.0)
    max_kw: Optional[PowerKw] = Field(None, description="land limit at the site; none = unbounded")


class SiteWind(SizedKw):
    """Wind at a site: unset keys take the park's ``[wind]`` values; bounds are the site's own."""

    capex_cny_per_kw: Optional[Capex] = None
    fixed_om_cny_per_kw_yr: Optional[FixedOm] = None
    lifetime_yr: Optional[LifetimeYr] = None
    turbine: Optional[str] = None
    hub_height_m: Optional[float] = Field(None, ge=10, le=300)
    mean_speed_hub_m_per_s: Optional[float] = Field(None, gt=0, le=25)
    weibull_k: Optional[float] = Field(None, ge=1.0, le=6.0)
    losses_fraction: Optional[LossFraction] = None
    speed_source: Optional[Literal["auto", "synthetic", "weather"]] = None
    max_kw: Optional[PowerKw] = Field(None, description="land limit at the site; none = unbounded")


class SiteSection(Section):
    """One generation site and its direct line to the park (docs/sites.md)."""

    name: Name = Field(description="lower-case identifier; outputs use site_<name>_pv_kw, line_<name>_kw, ...")
    name_zh: PlainText = ""
    latitude: Optional[float] = Field(None, ge=-90, le=90, description="degrees north; none = the park's")
    longitude: Optional[float] = Field(None, ge=-180, le=180, description="degrees east; none = the park's")
    altitude_m: Optional[float] = Field(None, ge=-500, le=6000, description="none = the park's")
    weather: Optional["WeatherSection"] = Field(  # noqa: F821 - resolved by schema.py (module docstring)
        None, description="the site's own weather; none = the park's [weather] (the default year is then "
        "generated at the site's location)")
    distance_km: float = Field(gt=0, le=MAX_DISTANCE_KM, description="length of the direct line to the park")
    voltage_kv: Literal[110, 220] = Field(default_factory=lambda: default("line.voltage_kv"),
                                          description="chooses the default line cost and losses")
    line_capex_cny_per_mw_km: Optional[float] = Field(
        None, ge=0, le=MAX_LINE_CAPEX_CNY_PER_MW_KM,
        description="line investment per MW of capacity and km; none = data/defaults.toml by voltage_kv")
    line_life_yr: LifetimeYr = Field(default_factory=lambda: default("line.lifetime_yr"))
    line_om_fraction_per_yr: float = Field(default_factory=lambda: default("line.om_fraction_per_yr"), ge=0, le=0.2,
                                           description="yearly O&M as a fraction of the line's investment")
    loss_fraction_per_100km: Optional[float] = Field(
        None, ge=0, lt=1, description="losses per 100 km of line; none = data/defaults.toml by voltage_kv")
    loss_fraction: Optional[LossFraction] = Field(None, description="fixed loss fraction of the whole line")
    existing_line_mw: float = Field(0.0, ge=0, le=1e5, description="line capacity already built")
    line_max_mw: Optional[float] = Field(None, ge=0, le=1e5, description="upper bound of the line capacity")
    pv: Optional[SitePV] = Field(None, description="PV at the site; none = no PV there")
    wind: Optional[SiteWind] = Field(None, description="wind at the site; none = no wind there")

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not value.isidentifier() or value != value.lower() or value in RESERVED_SITE_NAMES:
            raise ValueError(f"a lower-case identifier other than {', '.join(RESERVED_SITE_NAMES)} (e.g. ridge)")
        return value

    @model_validator(mode="after")
    def _line(self):
        if self.loss_fraction is not None and self.loss_fraction_per_100km is not None:
            raise ValueError("loss_fraction: give loss_fraction or loss_fraction_per_100km, not both")
        if self.line_loss_fraction >= 1.0:
            raise ValueError(f"loss_fraction_per_100km: losses below 100 % over {self.distance_km} km")
        if self.line_max_mw is not None and self.line_max_mw < self.existing_line_mw:
            raise ValueError(f"line_max_mw: at least existing_line_mw ({self.existing_line_mw})")
        if self.pv is None and self.wind is None:
            raise ValueError("a [sites.pv] or [sites.wind] table: a site without generation needs no line")
        return self

    @property
    def line_loss_fraction(self) -> float:
        """λ, fraction of the sent power lost on the line [-]: fixed, or per 100 km × distance / 100."""
        if self.loss_fraction is not None:
            return float(self.loss_fraction)
        per_100km = (self.loss_fraction_per_100km if self.loss_fraction_per_100km is not None
                     else default(f"line.loss_fraction_per_100km_{self.voltage_kv}kv"))
        return float(per_100km) * self.distance_km / 100.0

    @property
    def line_capex_cny_per_kw(self) -> float:
        """Line investment per kW of line capacity [CNY/kW]: per MW·km × distance / 1000."""
        per_mw_km = (self.line_capex_cny_per_mw_km if self.line_capex_cny_per_mw_km is not None
                     else default(f"line.capex_cny_per_mw_km_{self.voltage_kv}kv"))
        return float(per_mw_km) * self.distance_km / 1000.0


def site_scenario(scenario, site: SiteSection):
    """The scenario the resource stage sees for a site: the site's location, its weather (or the park's),
    ``[pv]`` / ``[wind]`` with the site's keys over the park's, no sites of its own.

    Parameters
    ----------
    scenario : Scenario
        The whole scenario.
    site : SiteSection
        One of ``scenario.sites``.

    Returns
    -------
    Scenario
        A copy (not re-validated: every part was validated where it came from).
    """
    park = scenario.park
    located = park.model_copy(update={
        "latitude": park.latitude if site.latitude is None else site.latitude,
        "longitude": park.longitude if site.longitude is None else site.longitude,
        "altitude_m": park.altitude_m if site.altitude_m is None else site.altitude_m})
    bounds = {"enabled": True, "types": [], "availability_csv": None, "availability_column": None}

    def merged(section, own):
        if own is None:
            return section.model_copy(update={"enabled": False, "types": []} if hasattr(section, "types")
                                      else {"enabled": False})
        update = {k: v for k, v in own.model_dump().items() if v is not None}
        update.update({k: v for k, v in bounds.items() if hasattr(section, k)})
        update.update(existing_kw=own.existing_kw, max_kw=own.max_kw)
        if "power_curve_csv" in type(section).model_fields and own.turbine is not None:
            update["power_curve_csv"] = None  # a site's own turbine replaces the park's curve file
        return section.model_copy(update=update)

    return scenario.model_copy(update={"park": located, "weather": site.weather or scenario.weather,
                                       "pv": merged(scenario.pv, site.pv), "wind": merged(scenario.wind, site.wind),
                                       "sites": []})


def site_generator_names(site: SiteSection) -> list[tuple[str, str]]:
    """(generator name, kind) of a site's PV and wind: ``site_<name>_pv``, ``site_<name>_wind``."""
    return [(f"site_{site.name}_{kind}", kind) for kind in ("pv", "wind") if getattr(site, kind) is not None]
