"""zcpark: zero-carbon park energy simulator.

Sizes PV, wind, battery storage and the declared grid connection of a Chinese industrial park so that
it meets the direct green-power supply (绿电直连, 发改能源〔2025〕650号) or zero-carbon park rules at the
lowest annual cost, following 以荷定源 (the source is sized by the load).

>>> from simulator import load_scenario, run
>>> result = run(load_scenario("scenarios/anning_battery_park.toml"))   # doctest: +SKIP
>>> result.summary["capacity"]                                           # doctest: +SKIP

The names below are imported on first use (module ``__getattr__``), so ``import simulator`` — and with
it ``zcpark --help`` — does not load pandas, Pyomo, pvlib, Dask or matplotlib.
"""
from simulator.errors import InfeasibleError, InputError, SolverError, ZcparkError

__version__ = "0.1.0"
__all__ = ["InfeasibleError", "InputError", "Result", "Scenario", "SolverError", "ZcparkError",
           "load_scenario", "plots", "run", "run_study", "__version__"]


def __getattr__(name: str):
    """Re-export ``run``, ``Result``, ``load_scenario``, ``Scenario``, ``run_study`` and ``plots`` on first
    use: they pull in pandas, Pyomo, pvlib, pydantic, Dask or matplotlib."""
    if name in ("run", "Result"):
        from simulator.results.run import Result, run

        return {"run": run, "Result": Result}[name]
    if name in ("load_scenario", "Scenario"):
        from simulator.scenario import Scenario, load_scenario

        return {"load_scenario": load_scenario, "Scenario": Scenario}[name]
    if name == "run_study":
        from simulator.studies.batch import run_study

        return run_study
    if name == "plots":
        from simulator.outputs import plots

        return plots
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
