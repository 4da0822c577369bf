"""The sizing model: one builder per technology block, policy rules, objective and solve."""
from simulator.model.build import build_model, check_prices
from simulator.inputs.model_inputs import GeneratorInput, GridInput, ModelInputs, PolicyInput, StorageInput, crf
from simulator.model.policy import RULE_NAMES, active_rules
from simulator.model.solve import SolveInfo, SolverSettings, solve_model, write_lp

__all__ = ["GeneratorInput", "GridInput", "ModelInputs", "PolicyInput", "StorageInput", "crf",
           "build_model", "check_prices", "RULE_NAMES", "active_rules", "SolveInfo", "SolverSettings",
           "solve_model", "write_lp"]
