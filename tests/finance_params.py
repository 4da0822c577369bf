"""Finance parameters for hand-checked cash flows (tests/studies/test_finance.py, test_degradation.py)."""
from __future__ import annotations

from simulator.studies.finance import FinanceParams


def plain(**kw) -> FinanceParams:
    """No taxes, no escalation, no PV degradation, no residual: the cash flow is benefit − O&M − replacements
    (− augmentation); discount rate 8 %, 10 years. ``kw`` overrides any parameter."""
    values = dict(discount_rate_fraction=0.08, horizon_yr=10, pv_degradation_per_yr=0.0,
                  grid_price_escalation_per_yr=0.0, om_escalation_per_yr=0.0, battery_replacement_cost_fraction=1.0,
                  inverter_lifetime_yr=30, inverter_replacement_cny_per_kw=0.0, depreciation_yr=10,
                  residual_value_fraction=0.0, vat_fraction=0.0, vat_surcharge_fraction=0.0, income_tax_fraction=0.0)
    values.update(kw)
    return FinanceParams(**values)
