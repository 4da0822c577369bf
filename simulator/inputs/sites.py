"""Numbers of ``[[sites]]`` for the model: each site's generators and its direct line (docs/sites.md)."""
from __future__ import annotations

import pandas as pd

from simulator.errors import InputError, InputIssue
from simulator.inputs.model_inputs import GeneratorInput, LineInput
from simulator.inputs.resource.build import resolve_path
from simulator.inputs.resource.wind import power_curve
from simulator.scenario.sites_schema import site_scenario


def site_issues(scenario, source: str) -> list[InputIssue]:
    """Problems of ``[[sites]]`` that need the rest of the scenario: repeated site names, storage placed at
    a site that does not exist, a missing weather file or an unknown turbine at a site, ``[planning]`` milestones (whose model does
    not carry the lines yet).

    Returns
    -------
    list of InputIssue
        One per problem, naming its key (``sites[i].name``, ``storage.site``, ``storage.types[i].site``).
    """
    issues = []
    seen = {}
    for number, site in enumerate(scenario.sites):
        if site.name in seen:
            issues.append(InputIssue(source, f"sites[{number}].name", site.name,
                                     f"a name not used by another site (sites[{seen[site.name]}] has it)"))
        seen.setdefault(site.name, number)
    for number, site in enumerate(scenario.sites):
        weather_file = site.weather.file if site.weather is not None else None
        if weather_file is not None and not resolve_path(weather_file, scenario).is_file():
            issues.append(InputIssue(source, f"sites[{number}].weather.file", str(weather_file),
                                     f"an existing weather file (looked for {resolve_path(weather_file, scenario)})"))
        turbine = site.wind.turbine if site.wind is not None else None
        if turbine is not None:
            try:
                power_curve(turbine)
            except InputError as exc:
                issues.append(InputIssue(source, f"sites[{number}].wind.turbine", turbine, exc.issues[0].expected))
    if scenario.sites and scenario.planning is not None:
        issues.append(InputIssue(source, "planning", "[planning]", "no [planning] section with [[sites]] (the "
                                 "milestone model does not carry the direct lines yet)"))
    names = ", ".join(seen) or "none given"
    st = scenario.storage
    placed = [("storage.site", st.site)] + [(f"storage.types[{i}].site", t.site) for i, t in enumerate(st.types)]
    for key, site in placed:
        if st.enabled and site is not None and site not in seen:
            issues.append(InputIssue(source, key, site, f"the name of a [[sites]] entry ({names}), or no key "
                                     "for storage at the park"))
    return issues


def check_sites(scenario) -> None:
    """Raise :class:`InputError` with every problem of :func:`site_issues`."""
    issues = site_issues(scenario, str(scenario.source_path or "scenario"))
    if issues:
        raise InputError(issues)


def site_generators(scenario, availability: pd.DataFrame) -> list[GeneratorInput]:
    """PV and wind of every site (``site_<name>_pv``, ``site_<name>_wind``) with the site's costs and bounds
    over the park's ``[pv]`` / ``[wind]`` (:func:`~simulator.scenario.sites_schema.site_scenario`)."""
    gens = []
    for site in scenario.sites:
        sub = site_scenario(scenario, site)
        for kind in ("pv", "wind"):
            if getattr(site, kind) is None:
                continue
            sec = getattr(sub, kind)
            name = f"site_{site.name}_{kind}"
            gens.append(GeneratorInput(name, kind, availability[name].to_numpy(dtype=float), sec.capex_cny_per_kw,
                                       sec.fixed_om_cny_per_kw_yr, sec.lifetime_yr, sec.existing_kw, sec.max_kw,
                                       site=site.name))
    return gens


def line_inputs(scenario) -> list[LineInput]:
    """The direct line of every site [kW, CNY/kW]: capex per kW = per MW·km × km / 1000, O&M per kW and
    year = the O&M fraction × that capex, capacities given in MW converted to kW."""
    lines = []
    for site in scenario.sites:
        capex = site.line_capex_cny_per_kw
        lines.append(LineInput(site.name, site.distance_km, capex, site.line_life_yr,
                               site.line_om_fraction_per_yr * capex, site.line_loss_fraction,
                               1000.0 * site.existing_line_mw,
                               None if site.line_max_mw is None else 1000.0 * site.line_max_mw))
    return lines


def refuse_sites(scenario, study: str) -> None:
    """Raise :class:`InputError` for a scenario with ``[[sites]]`` in a study that does not carry the direct
    lines yet (``study`` names it in the message)."""
    if getattr(scenario, "sites", None):
        raise InputError(InputIssue(str(scenario.source_path or "scenario"), "sites", f"{len(scenario.sites)} site(s)",
                                    f"a scenario without [[sites]] ({study} does not carry the direct lines yet)"))
