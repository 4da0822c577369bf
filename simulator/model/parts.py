"""Shared bookkeeping while the model is built: balance terms and cost terms of each block."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ModelParts:
    """Terms that technology blocks add to the balance (eq. 1) and to the objective (eq. 19).

    Attributes
    ----------
    supply : list of callables t -> expression
        Power into the park bus at step t [kW].
    demand : list of callables t -> expression
        Power out of the park bus at step t besides the load [kW].
    costs : dict of str -> expression
        Annual cost terms [CNY/yr], by cost-breakdown name.
    load : list of callables t -> expression
        Power that belongs to the park's electric load besides L_t (electricity for heat, eq. H3) [kW]:
        counted as load in the rule sums (eq. 11, 13, 16, 17); each term is also in ``demand``.
    fuel_kwh : list of expressions
        Fuel burnt over the horizon, weighted by w_t [kWh of fuel LHV] (eq. H7): non-clean energy in the
        denominator of the 910号 clean-energy share (eq. 17).
    green : list of callables t -> expression
        Green power arriving at the park bus at step t [kW]: the park's own generators and, with
        ``[[sites]]``, what the direct lines deliver (eq. L3); bounds export (eq. 9) and green-only charging
        (eq. 22).
    """

    supply: list = field(default_factory=list)
    demand: list = field(default_factory=list)
    costs: dict = field(default_factory=dict)
    load: list = field(default_factory=list)
    fuel_kwh: list = field(default_factory=list)
    green: list = field(default_factory=list)

    def green_kw(self, t):
        """Green power at the park bus at step t [kW]: the sum of the ``green`` terms."""
        return sum(f(t) for f in self.green)

    def add_cost(self, name: str, expression) -> None:
        """Add an annual cost term [CNY/yr] under a breakdown name."""
        self.costs[name] = self.costs[name] + expression if name in self.costs else expression
