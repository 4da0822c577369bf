"""Park load: Chinese calendar, industry archetypes, enterprise profiles and aggregation."""
from simulator.load.builder import ParkLoad, build_park_load, enterprise_year_kw

__all__ = ["ParkLoad", "build_park_load", "enterprise_year_kw"]
