"""Stable green supply: weather-year robustness, staged load growth and dry-season stress.

- :mod:`~simulator.robustness.years`: N weather years (seeded draws of the default generator or files);
- :mod:`~simulator.robustness.evaluate`: a fixed design dispatched in every year, distributions, P50/P90;
- :mod:`~simulator.robustness.robust`: one design meeting the rules in every year (one block per year);
- :mod:`~simulator.robustness.milestones`: multi-period sizing over load milestones, capacities only grow;
- :mod:`~simulator.robustness.stress`: the longest run of low-green days and the energy to bridge it.
"""
