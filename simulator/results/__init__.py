"""Results: extraction from the solved model, KPIs and compliance, atomic writing."""
from simulator.results.kpi import balance_residual_kw, compliance, costs, energy_totals, ratios

__all__ = ["balance_residual_kw", "compliance", "costs", "energy_totals", "ratios"]
