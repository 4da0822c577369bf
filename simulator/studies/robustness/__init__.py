"""Stable green supply: weather-year robustness and dry-season stress.

- :mod:`~simulator.studies.robustness.years`: N weather years (seeded draws of the default generator or files);
- :mod:`~simulator.studies.robustness.evaluate`: a fixed design dispatched in every year, P50/P90;
- :mod:`~simulator.studies.robustness.robust`: one design meeting the rules in every year (one block per year);
- :mod:`~simulator.studies.robustness.stress`: the longest run of low-green days and the energy to bridge it;
- :mod:`~simulator.studies.robustness.summary`: the ``robustness`` block of a result.

Multi-period sizing over load milestones is part of every result with ``[planning]``
(:mod:`simulator.results.milestones`).
"""
