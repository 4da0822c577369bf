"""What can be known about a validated scenario without building its load, its resource or its model.

``zcpark validate`` and :func:`simulator.results.run.run` call :func:`check_scenario` so that a scenario
``validate`` accepts is not refused by ``run`` for a reason that was knowable before the solve: the time
grid, the prices of the horizon (tariff parts, seasons, price files; :func:`simulator.inputs.tariff.grid_prices`)
and the export price below the import price in every step (the model's own check,
:func:`simulator.inputs.tariff.check_export_below_import`), and the names of shipped tables (emission
factor, wind turbine, archetypes).
"""
from __future__ import annotations


from simulator.data import emission_factor_kg_per_kwh
from simulator.errors import InputError, InputIssue
from simulator.inputs.load.archetypes import get_archetype
from simulator.inputs.resource.wind import power_curve
from simulator.inputs.certificates import certificate_prices
from simulator.inputs.sites import site_issues
from simulator.inputs.tariff import grid_prices
from simulator.inputs.timegrid import scenario_index
from simulator.scenario.carbon import carbon_prices_cny_per_t


def check_scenario(scenario) -> None:
    """Refuse what ``run`` would refuse before solving; cheap (no load, weather or model is built).

    Raises
    ------
    InputError
        Every problem found, each naming its key.
    """
    source = str(scenario.source_path or "scenario")
    issues: list[InputIssue] = []

    def collect(check, *args, **kwargs):
        try:
            return check(*args, **kwargs)
        except InputError as exc:
            issues.extend(exc.issues)
            return None

    index = collect(scenario_index, scenario)
    grid = scenario.grid
    if index is not None:  # tariff table or price files, and the export price below the import price
        collect(grid_prices, scenario, index)
    if index is not None:
        issues.extend(typical_period_issues(scenario, len(index), source))
        collect(certificate_prices, scenario, index)  # the certificate price series, if any
    issues.extend(heat_issues(scenario, source))
    issues.extend(site_issues(scenario, source))
    collect(carbon_prices_cny_per_t, scenario)
    if getattr(scenario, "hydrogen", None) is not None:  # [hydrogen]: demand file, efficiencies, bounds
        from simulator.inputs.hydrogen import hydrogen_issues

        issues.extend(hydrogen_issues(scenario, source, index))
    collect(emission_factor_kg_per_kwh, grid.emission_factor)
    if scenario.wind.enabled and scenario.wind.power_curve_csv is None:
        collect(power_curve, scenario.wind.turbine)
    for number, ent in enumerate(scenario.load.enterprises):
        if ent.archetype is not None:
            collect(get_archetype, ent.archetype, source, f"load.enterprises[{number}].archetype")
    if issues:
        raise InputError(issues)


def typical_period_issues(scenario, n_steps: int, source: str) -> list[InputIssue]:
    """Problems of ``solver.time_reduction = 'typical_periods'`` or an explicit ``warm_start =
    'typical_periods'`` on this horizon (the model's reduction needs whole periods, at least
    ``typical_periods`` of them); ``warm_start = 'auto'`` simply does not apply on a short horizon."""
    solver = scenario.solver
    steps = solver.period_hours * 60 // scenario.park.timestep_minutes
    whole = n_steps // steps if n_steps % steps == 0 else 0
    wanted = {"solver.time_reduction": solver.time_reduction == "typical_periods",
              "solver.warm_start": solver.time_reduction == "none" and solver.warm_start == "typical_periods"}
    return [InputIssue(source, key, "typical_periods",
                       f"a horizon of whole {solver.period_hours} h periods (solver.period_hours), at least "
                       f"solver.typical_periods = {solver.typical_periods} of them ({n_steps} steps of "
                       f"{scenario.park.timestep_minutes} min given), or "
                       + ("time_reduction = 'none'" if key == "solver.time_reduction" else "warm_start = 'auto' / 'none'"))
            for key, asked in wanted.items() if asked and whole < solver.typical_periods]


def heat_issues(scenario, source: str) -> list[InputIssue]:
    """Problems of a ``[heat]`` section that need the rest of the scenario or the shipped tables: a demand
    shaped by an enterprise that is not in ``[[load.enterprises]]`` or by an unknown archetype, a heat pump
    without ``cop`` whose carrier's supply temperature lies outside the COP table, a ``billed_to`` that
    names no enterprise, and data-centre cooling that would count the cooling electricity twice."""
    from simulator.inputs.heat import heat_pump_cop

    heat = getattr(scenario, "heat", None)
    if heat is None:
        return []
    issues = []
    names = {e.name for e in scenario.load.enterprises}
    for number, d in enumerate(heat.demands):
        if d.billed_to is not None and d.billed_to not in names:
            issues.append(InputIssue(source, f"heat.demands[{number}].billed_to", d.billed_to,
                                     "the name of a [[load.enterprises]] entry "
                                     f"({', '.join(sorted(names)) or 'none'})"))
        if d.enterprise is not None and d.enterprise not in names:
            issues.append(InputIssue(source, f"heat.demands[{number}].enterprise", d.enterprise,
                                     "the name of a [[load.enterprises]] entry "
                                     f"({', '.join(sorted(names)) or 'none'})"))
        if d.archetype is not None:
            try:
                get_archetype(d.archetype, source, f"heat.demands[{number}].archetype")
            except InputError as exc:
                issues.extend(exc.issues)
    issues.extend(_it_load_issues(scenario, source))
    for t in heat.technologies:
        if t.kind == "heat_pump" and t.cop is None:
            key = f"heat.{t.carrier}_supply_temperature_c"
            try:
                heat_pump_cop(getattr(heat, f"{t.carrier}_supply_temperature_c"), source, key)
            except InputError as exc:
                issues.extend(i for i in exc.issues if i.field not in {x.field for x in issues})
    return issues


def _it_load_issues(scenario, source: str) -> list[InputIssue]:
    """Double counting of data-centre cooling: with ``it_load = true`` the enterprise's electricity is taken as
    IT only and the chillers add the cooling electricity, so the enterprise must not be sized by an intensity
    that includes cooling (the ``data_centre`` archetype's 10.95 GWh per MW IT is at PUE 1.25), and one
    enterprise's IT heat must not be a cooling demand twice."""
    issues, seen = [], set()
    ents = {e.name: e for e in scenario.load.enterprises}
    for number, d in enumerate(scenario.heat.demands):
        if not d.it_load or d.enterprise not in ents:
            continue
        key = f"heat.demands[{number}].enterprise"
        if d.enterprise in seen:
            issues.append(InputIssue(source, key, d.enterprise, "one it_load cooling demand per enterprise (its "
                                     "IT heat would be counted twice)"))
        seen.add(d.enterprise)
        e = ents[d.enterprise]
        with_cooling = get_archetype("data_centre").intensity_kwh_per_unit
        if e.output_per_yr is not None and e.intensity_kwh_per_unit == with_cooling:
            issues.append(InputIssue(source, key, d.enterprise,
                                     f"an enterprise sized as IT only: the data_centre archetype's intensity "
                                     f"({with_cooling:,.0f} kWh per MW IT) includes cooling at PUE 1.25, which "
                                     f"the chillers would add again; give intensity_kwh_per_unit = 8760000 (IT "
                                     f"only) or annual_kwh of the IT load"))
    return issues
