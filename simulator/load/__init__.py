"""Park load: Chinese calendar, industry archetypes, enterprise profiles, metered data and aggregation.

Python API: :func:`park_load` (scenario -> :class:`ParkLoad` with one column per enterprise, the park
total and a summary table), :func:`build_park_load` (a ``[load]`` section on a model index) and
:func:`read_metered` (one metered interval-data file, with its report).
"""
from simulator.load.builder import ParkLoad, build_park_load, enterprise_year_kw
from simulator.load.export import park_load, write_load
from simulator.load.metered import MeteredData, MeteredReport, read_metered

__all__ = ["MeteredData", "MeteredReport", "ParkLoad", "build_park_load", "enterprise_year_kw", "park_load",
           "read_metered", "write_load"]
