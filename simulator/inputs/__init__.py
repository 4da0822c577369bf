"""Stage 2, inputs: from a validated scenario to the numbers the model needs.

- :mod:`~simulator.inputs.timegrid`: the model's time index and step length;
- :mod:`~simulator.inputs.profiles`: profile CSVs (load, availability) checked against that index;
- :mod:`~simulator.inputs.load`: the park load (calendar, archetypes, enterprises, metered data);
- :mod:`~simulator.inputs.resource`: weather to PV and wind availability per kW installed;
- :mod:`~simulator.inputs.tariff`: import prices per step from the tariff table;
- :mod:`~simulator.inputs.model_inputs`: :class:`ModelInputs`, the numbers-only hand-over to the model;
- :mod:`~simulator.inputs.assemble`: ``model_inputs(scenario, load_kw, availability, park_load)``.
"""
from simulator.inputs.assemble import model_inputs
from simulator.inputs.model_inputs import ModelInputs, crf

__all__ = ["ModelInputs", "crf", "model_inputs"]
