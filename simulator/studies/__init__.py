"""Stage 6, studies: many runs and analyses around the sizing model.

- :mod:`~simulator.studies.batch`: many scenarios and a grid of overrides, locally or on Dask;
- :mod:`~simulator.studies.frontier`: cost of each step of one rule's threshold (model reused);
- :mod:`~simulator.studies.sweep`: the optimum at several multipliers of one cost group;
- :mod:`~simulator.studies.finance`: NPV, IRR, payback and LCOE over a horizon;
- :mod:`~simulator.studies.sensitivity`: tornado of cost and sizes for ±20 % on the main inputs;
- :mod:`~simulator.studies.robustness`: weather years, the robust design, dry-season stress.

Submodules are imported explicitly (``from simulator.studies.frontier import sweep``).
"""
