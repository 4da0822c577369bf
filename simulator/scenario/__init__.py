"""Scenario files: pydantic schema, TOML loading, overrides and validation errors."""
from simulator.scenario.loader import load_scenario, scenario_from_dict, set_by_path
from simulator.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "scenario_from_dict", "set_by_path"]
