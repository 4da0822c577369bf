"""One carbon price for the park: ``[policy] carbon_price_cny_per_t`` on grid CO2 and fuel CO2 alike.

The price per tonne of CO2 can be given once, in ``[policy]``, and then applies to the CO2 of grid imports
(``grid`` cost term ``carbon``, docs/formulation.md objective) and of boiler fuel (``heat_carbon``, eq. H9).
The older per-carrier keys ``[grid] carbon_price_cny_per_t`` and ``[heat] carbon_price_cny_per_t`` still
work alone (default 0: no price); giving the policy key together with either of them is refused, so the
number a run uses is never ambiguous.
"""
from __future__ import annotations

from simulator.errors import InputError, InputIssue


def carbon_prices_cny_per_t(scenario) -> dict:
    """The carbon price [CNY/t CO2] on ``grid`` and on ``fuel`` CO2 of a scenario.

    Raises
    ------
    InputError
        ``[policy] carbon_price_cny_per_t`` given together with a ``[grid]`` or ``[heat]`` carbon price.
    """
    policy = getattr(scenario.policy, "carbon_price_cny_per_t", None)
    heat = getattr(scenario, "heat", None)
    grid_price = scenario.grid.carbon_price_cny_per_t
    fuel_price = heat.carbon_price_cny_per_t if heat is not None else 0.0
    if policy is None:
        return {"grid": grid_price, "fuel": fuel_price}
    both = [name for name, section in (("grid", scenario.grid), ("heat", heat))
            if section is not None and "carbon_price_cny_per_t" in section.model_fields_set]
    if both:
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), f"{both[0]}.carbon_price_cny_per_t",
                                    getattr(scenario, both[0]).carbon_price_cny_per_t,
                                    "no value: policy.carbon_price_cny_per_t is given and prices all CO2; "
                                    "give the carbon price once"))
    return {"grid": policy, "fuel": policy}
