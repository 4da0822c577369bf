"""Stage 0, shipped data: every default number with its unit, source key (docs/sources.md), year and
confidence tag; the readers are in :mod:`simulator.data.catalog`."""
from simulator.data.catalog import (DefaultEntry, all_defaults, data_path, default, default_entry,
                                    emission_factor_kg_per_kwh, emission_factors, power_curves, stations,
                                    tariff)

__all__ = ["DefaultEntry", "all_defaults", "data_path", "default", "default_entry", "emission_factor_kg_per_kwh",
           "emission_factors", "power_curves", "stations", "tariff"]
