"""Park load: Chinese calendar, industry archetypes, enterprise profiles, metered data and aggregation.

Python API: :func:`scenario_load` (a scenario's park load on the model index),
:func:`build_park_load` (a ``[load]`` section on a model index, :class:`ParkLoad` with one column per
enterprise, the park total and a summary table) and :func:`read_metered` (one metered interval-data
file, with its report). Writing load files (``zcpark load``) is :mod:`simulator.outputs.load_files`.
"""
from simulator.inputs.load.builder import (ParkLoad, build_park_load, enterprise_year_kw, park_load,
                                           scenario_load)
from simulator.inputs.load.metered import MeteredData, MeteredReport, read_metered

__all__ = ["MeteredData", "MeteredReport", "ParkLoad", "build_park_load", "enterprise_year_kw", "park_load", "read_metered",
           "scenario_load"]
