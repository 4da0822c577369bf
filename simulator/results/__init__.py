"""Stage 4, results: extraction from the solved model, KPIs and compliance, the business-as-usual
baseline, the summary, the end-to-end :func:`run` and atomic writing."""
from simulator.results.kpi import balance_residual_kw, compliance, costs, energy_totals, ratios
from simulator.results.run import Result, run

__all__ = ["Result", "balance_residual_kw", "compliance", "costs", "energy_totals", "ratios", "run"]
