"""Investment indicators (NPV, IRR, payback, LCOE) of a sized project: see :mod:`simulator.results.finance`.

The maths moved down to the results stage so that every run's ``summary.json`` and report carry them; this
module keeps the studies' import path (``zcpark finance``, :mod:`simulator.studies.deal`).
"""
from __future__ import annotations

from simulator.results.finance import (Asset, FinanceParams, InvestmentCase, case_from_result, cash_flows,
                                       indicators, investment_summary, irr, lcoe_cny_per_kwh, npv, payback_yr)

__all__ = ["Asset", "FinanceParams", "InvestmentCase", "case_from_result", "cash_flows", "indicators", "irr",
           "investment_summary", "lcoe_cny_per_kwh", "npv", "payback_yr"]
