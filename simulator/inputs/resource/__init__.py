"""Weather and green-power resource: availability per kW installed for each generator type.

- :mod:`~simulator.inputs.resource.readers`: weather files (EPW, PVGIS, TMY3, CSV) to the glossary names;
- :mod:`~simulator.inputs.resource.weather`: the embedded default year from station monthly means;
- :mod:`~simulator.inputs.resource.solar`: the pvlib chain per PV type;
- :mod:`~simulator.inputs.resource.wind`: hub-height wind and the power curve;
- :mod:`~simulator.inputs.resource.build`: ``build_resource(scenario, index)``, the pipeline's entry point.
"""
from simulator.inputs.resource.build import (DRY_SEASON_MONTHS, MONTHS, PVUnit, Resource, build_resource,
                                             pv_units)

__all__ = ["DRY_SEASON_MONTHS", "MONTHS", "PVUnit", "Resource", "build_resource", "pv_units"]
