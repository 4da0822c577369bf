"""Planning analyses around the sizing model.

- :mod:`~simulator.analysis.baseline`: business-as-usual twin (grid only plus existing assets);
- :mod:`~simulator.analysis.frontier`: cost of each step of one rule's threshold (model reused);
- :mod:`~simulator.analysis.finance`: NPV, IRR, payback and LCOE over a horizon;
- :mod:`~simulator.analysis.sensitivity`: tornado of cost and sizes for ±20 % on the main inputs.

Submodules are imported explicitly (``from simulator.analysis.frontier import sweep``).
"""
