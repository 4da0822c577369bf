"""The bad inputs the tests try, in one list, and the table of their outcomes in docs/reliability.md.

Each :class:`Case` changes the one-week small park (``tests/park_fixtures.py``) by dotted-key overrides
and/or files written next to it, and names the key its error must name. :func:`outcome` runs a case up
to the stage where it must be refused, never further (no solve): validation plus the checks
``zcpark validate`` makes, then the load (files), or the milestones command.

``tests/scenario/test_bad_inputs.py`` runs every case and checks that docs/reliability.md is the table
generated from this list. After changing the list or an error message, rewrite the table with::

    PYTHONPATH=. python tests/scenario/bad_inputs.py
"""
from __future__ import annotations

import copy
import math
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # run as a script: park_fixtures sits in tests/
    sys.path.insert(0, str(TESTS))

from park_fixtures import REPO, SMALL_PARK  # noqa: E402
from simulator.errors import InputError  # noqa: E402

DOC = REPO / "docs" / "reliability.md"
NAN, INF = math.nan, math.inf
SMALL_PARK_WEEK = [f"2026-03-{d:02d}T{h:02d}:00:00+08:00" for d in range(2, 9) for h in range(24)]


def _profile(values: list[str]) -> str:
    return "timestamp,load_kw\n" + "".join(f"{t},{v}\n" for t, v in zip(SMALL_PARK_WEEK, values))


def _metered(header: str, values: list[str], stamps: list[str] | None = None) -> str:
    stamps = stamps or [f"2025-01-01 {h:02d}:00" for h in range(len(values))]
    return f"时间,{header}\n" + "".join(f"{t},{v}\n" for t, v in zip(stamps, values))


def _one(**ent) -> dict:
    """``load.enterprises`` with one enterprise (replacing the small park's two)."""
    return {"load.enterprises": [{"name": "smelter", "archetype": "electrolytic_aluminium", **ent}]}


def _metered_enterprise(**metered) -> dict:
    return {"load.enterprises": [{"name": "meter", "metered": {"file": "meter.csv", **metered}}]}


_PROFILE = {"load.enterprises": [], "load.profile_csv": "profile.csv"}
_SEASONAL_LOW_BAND = {  # March gets a band priced below the 0.20 CNY/kWh export price
    "grid.tou_prices_cny_per_kwh": {"peak": 0.675, "flat": 0.45, "valley": 0.225, "deep_valley": 0.15},
    "grid.tou_month_hours": {"3": {"peak": [9, 10, 11, 18, 19, 20, 21], "flat": [7, 8, 12, 13, 14, 15, 16, 17, 22],
                                   "valley": [0, 1, 2, 6, 23], "deep_valley": [3, 4, 5]}},
}


@dataclass(frozen=True)
class Case:
    """One bad input.

    Attributes
    ----------
    name : str
        What is wrong, as the table shows it.
    key : str
        Key (dotted path, or file column) the error line must name.
    overrides : dict
        Dotted key -> value on the small park.
    files : dict
        File name -> text (UTF-8) written next to the scenario.
    stage : str
        ``validate`` (validation and the checks of ``zcpark validate``), ``load`` (reading the load's
        files) or ``milestones`` (``zcpark milestones``).
    """

    name: str
    key: str
    overrides: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    stage: str = "validate"


_HEAT = {"demands": [{"name": "wash", "carrier": "hot_water", "enterprise": "factory", "annual_mwh": 500.0}],
         "technologies": [{"name": "hp", "kind": "heat_pump", "carrier": "hot_water"}]}


def _heat(**changes) -> dict:
    """A [heat] section for the small park, with top-level keys or the first demand / technology changed."""
    heat = copy.deepcopy(_HEAT)
    for key, value in changes.items():
        section, _, leaf = key.partition(".")
        if leaf:
            heat[section][0][leaf] = value
        else:
            heat[key] = value
    return {"heat": heat}


CASES: list[Case] = [
    # numbers of the scenario: ranges, NaN and inf
    Case("PV lifetime 0 yr", "pv.lifetime_yr", {"pv.lifetime_yr": 0}),
    Case("storage lifetime -5 yr", "storage.lifetime_yr", {"storage.lifetime_yr": -5}),
    Case("PV capex NaN", "pv.capex_cny_per_kw", {"pv.capex_cny_per_kw": NAN}),
    Case("PV capex inf", "pv.capex_cny_per_kw", {"pv.capex_cny_per_kw": INF}),
    Case("PV capex negative", "pv.capex_cny_per_kw", {"pv.capex_cny_per_kw": -3300.0}),
    Case("wind capex negative", "wind.capex_cny_per_kw", {"wind.capex_cny_per_kw": -1.0}),
    Case("storage energy capex 1e30", "storage.energy_capex_cny_per_kwh",
         {"storage.energy_capex_cny_per_kwh": 1e30}),
    Case("annual_kwh inf", "load.enterprises[0].annual_kwh", _one(annual_kwh=INF)),
    Case("annual_kwh 1e30", "load.enterprises[0].annual_kwh", _one(annual_kwh=1e30)),
    Case("peak_kw inf", "load.enterprises[0].peak_kw", _one(peak_kw=INF)),
    Case("output x intensity absurd", "load.enterprises[0].intensity_kwh_per_unit",
         _one(output_per_yr=1e12, intensity_kwh_per_unit=1e8)),
    Case("PV dc_ac_ratio 0", "pv.dc_ac_ratio", {"pv.dc_ac_ratio": 0}),
    Case("PV system losses 1.5", "pv.system_losses_fraction", {"pv.system_losses_fraction": 1.5}),
    Case("PV inverter efficiency 2.0", "pv.inverter_efficiency_fraction", {"pv.inverter_efficiency_fraction": 2.0}),
    Case("PV gamma_pdc 5 per degC", "pv.gamma_pdc_per_c", {"pv.gamma_pdc_per_c": 5}),
    Case("wind weibull_k 0", "wind.weibull_k", {"wind.weibull_k": 0}),
    Case("wind mean speed NaN", "wind.mean_speed_hub_m_per_s", {"wind.mean_speed_hub_m_per_s": NAN}),
    Case("wind losses -0.5", "wind.losses_fraction", {"wind.losses_fraction": -0.5}),
    Case("wind hub height -100 m", "wind.hub_height_m", {"wind.hub_height_m": -100}),
    Case("wind hub height 5000 m", "wind.hub_height_m", {"wind.hub_height_m": 5000}),
    Case("[load] seed -1", "load.seed", {"load.seed": -1}),
    Case("[weather] seed -1", "weather.seed", {"weather.seed": -1}),
    Case("grid capacity charge inf", "grid.capacity_charge_cny_per_kw_month",
         {"grid.capacity_charge_cny_per_kw_month": INF}),
    Case("grid export_max_kw inf", "grid.export_max_kw", {"grid.export_max_kw": INF}),
    Case("TOU price NaN", "grid.tou_prices_cny_per_kwh.peak",
         {"grid.tou_prices_cny_per_kwh": {"peak": NAN, "flat": 0.45, "valley": 0.225}}),
    Case("storage charge efficiency 0", "storage.charge_efficiency", {"storage.charge_efficiency": 0}),
    Case("discount rate 1", "finance.discount_rate_fraction", {"finance.discount_rate_fraction": 1.0}),
    Case("solver tolerance 1e-20", "solver.primal_feasibility_tolerance",
         {"solver.primal_feasibility_tolerance": 1e-20}),
    # names and dates
    Case("empty enterprise name", "load.enterprises[0].name", _one(name="", annual_kwh=1e6)),
    Case("enterprise name a formula", "load.enterprises[0].name",
         _one(name='=HYPERLINK("http://x","y")', annual_kwh=1e6)),
    Case("park name_zh a formula", "park.name_zh", {"park.name_zh": "@SUM(A1:A9)"}),
    Case("TOU band name a formula", "grid.tou_prices_cny_per_kwh.=1+1",
         {"grid.tou_prices_cny_per_kwh": {"=1+1": 0.5}}),
    Case("start not at midnight", "park.start", {"park.start": "2026-03-02T06:00"}),
    Case("horizon past the year end", "park.days", {"park.start": "2026-12-30", "park.days": 5}),
    Case("unknown time zone", "park.timezone", {"park.timezone": "Asia/Kunming_City"}),
    # what run refused only at the model build
    Case("seasonal TOU band below the export price", "grid.export_price_cny_per_kwh", _SEASONAL_LOW_BAND),
    Case("typical periods on a too short horizon", "solver.time_reduction",
         {"solver.time_reduction": "typical_periods", "solver.typical_periods": 12}),
    Case("warm start on a horizon of partial periods", "solver.warm_start",
         {"solver.warm_start": "typical_periods", "solver.period_hours": 48, "solver.typical_periods": 2}),
    # files
    Case("profile CSV with a header only", "load.profile_csv", _PROFILE,
         {"profile.csv": "timestamp,load_kw\n"}, "load"),
    Case("profile CSV with inf", "load.profile_csv column 'load_kw'", _PROFILE,
         {"profile.csv": _profile(["1000"] * 5 + ["inf"] + ["1000"] * 162)}, "load"),
    Case("profile CSV with 1e400", "load.profile_csv column 'load_kw'", _PROFILE,
         {"profile.csv": _profile(["1000"] * 7 + ["1e400"] + ["1000"] * 160)}, "load"),
    Case("meter file with inf", "load.enterprises 'meter'.metered column '负荷(kW)'", _metered_enterprise(),
         {"meter.csv": _metered("负荷(kW)", ["100", "inf", "100"])}, "load"),
    Case("meter file with 1e400", "load.enterprises 'meter'.metered column '负荷(kW)'", _metered_enterprise(),
         {"meter.csv": _metered("负荷(kW)", ["100", "1e400", "100"])}, "load"),
    Case("meter stamps all equal, duplicates = first", "load.enterprises 'meter'.metered timestamps",
         _metered_enterprise(duplicates="first"),
         {"meter.csv": _metered("负荷(kW)", ["100"] * 4, ["2025-01-01 00:00"] * 4)}, "load"),
    Case("meter header with an unknown unit", "load.enterprises 'meter'.metered.value_column header",
         _metered_enterprise(), {"meter.csv": _metered("电量(GWh)", ["1", "1", "1"])}, "load"),
    Case("meter header 万kW with unit = kW given", "load.enterprises 'meter'.metered.unit",
         _metered_enterprise(unit="kW"), {"meter.csv": _metered("负荷(万千瓦)", ["1", "1", "1"])}, "load"),
    # commands
    Case("zcpark milestones without [planning]", "planning", {}, {}, "milestones"),
    # process heat ([heat])
    Case("heat demand shaped by an unknown enterprise", "heat.demands[0].enterprise",
         _heat(**{"demands.enterprise": "boilerhouse"})),
    Case("heat pump COP table does not reach 50 °C", "heat.hot_water_supply_temperature_c",
         _heat(hot_water_supply_temperature_c=50.0)),
    Case("heat pump given an efficiency instead of a COP", "heat.technologies[0]",
         _heat(**{"technologies.efficiency_fraction": 0.9})),
    Case("heat demand billed to an unknown enterprise", "heat.demands[0].billed_to",
         _heat(**{"demands.billed_to": "boilerhouse"})),
    Case("carbon price in [policy] and in [heat]", "heat.carbon_price_cny_per_t",
         {**_heat(carbon_price_cny_per_t=50.0), "policy.carbon_price_cny_per_t": 80.0}),
    Case("free cooling limit for a boiler", "heat.technologies[0]",
         _heat(**{"technologies.free_cooling_max_c": 10.0})),
    Case("heat demand NaN MWh", "heat.demands[0].annual_mwh", _heat(**{"demands.annual_mwh": NAN})),
    # hydrogen ([hydrogen])
    Case("hydrogen demand NaN kg/day", "hydrogen.demand_kg_per_day", {"hydrogen": {"demand_kg_per_day": NAN}}),
    Case("electrolyser below the heating value of hydrogen (30 kWh/kg < 33.33)",
         "hydrogen.electrolyser.efficiency_kwh_per_kg",
         {"hydrogen": {"demand_kg_per_day": 100.0, "electrolyser": {"efficiency_kwh_per_kg": 30.0}}}),
    Case("electrolyser max_kw too small for the mean hydrogen demand", "hydrogen.electrolyser.max_kw",
         {"hydrogen": {"demand_kg_per_day": 2400.0, "electrolyser": {"max_kw": 1000.0}}}),
    Case("hydrogen demand file with one row for a week", "hydrogen.demand_csv",
         {"hydrogen": {"demand_csv": "h2.csv"}},
         files={"h2.csv": "timestamp,kg_per_h\n2026-03-02T00:00:00+08:00,10\n"}),
    Case("hydrogen with [planning] milestones", "hydrogen",
         {"hydrogen": {"demand_kg_per_day": 100.0}, "planning.milestones": [2026, 2028]}),
]


def outcome(case: Case, folder: Path) -> str:
    """The error text of a case (paths inside ``folder`` shown relative to it).

    Raises
    ------
    AssertionError
        If the case is not refused with an :class:`InputError` at its stage.
    """
    from simulator.inputs.precheck import check_scenario
    from simulator.scenario import scenario_from_dict

    folder = Path(folder)
    for name, text in case.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    raw = copy.deepcopy(SMALL_PARK)
    try:
        scenario = scenario_from_dict(raw, source=str(folder / "scenario.toml"), base_dir=folder,
                                      overrides=case.overrides)
        check_scenario(scenario)
        if case.stage == "load":
            from simulator.inputs.load import scenario_load
            from simulator.inputs.timegrid import scenario_index

            scenario_load(scenario, scenario_index(scenario))
        elif case.stage == "milestones":
            from simulator.results.milestones import scenario_milestones

            scenario_milestones(scenario)
    except InputError as exc:
        return str(exc).replace(str(folder) + "/", "").replace(str(folder), ".")
    raise AssertionError(f"{case.name}: accepted, expected an error naming {case.key}")


def table(rows: list[tuple[Case, str]]) -> str:
    """docs/reliability.md from the cases and their error texts."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    lines = [
        "# Reliability: bad inputs and what zcpark says",
        "",
        "Generated by `tests/scenario/bad_inputs.py` from its list of cases; `tests/scenario/test_bad_inputs.py`",
        "fails when this table is out of date (rewrite it with `PYTHONPATH=. python tests/scenario/bad_inputs.py`).",
        "Each case changes the one-week small park of `tests/park_fixtures.py`; each is refused before any",
        "solve with one line `zcpark: error: <file>: <key> = <value>: expected <what>` (the CLI prefixes",
        "`zcpark: error: ` to the text below; several problems give one line each).",
        "",
        "Beyond this list, `tests/scenario/test_ranges_property.py` tries negative, zero, NaN, ±inf and huge",
        "values in every numeric field of the schema (hypothesis, derandomized): each is refused with its key",
        "or accepted within the range the schema documents.",
        "",
        f"**{len(rows)} cases, {len(rows)} refused with the expected key, 0 accepted, 0 internal errors.**",
        "",
        "| # | input | stage | error |",
        "|---|---|---|---|",
    ]
    for number, (case, text) in enumerate(rows, 1):
        lines.append(f"| {number} | {cell(case.name)} | {case.stage} | `{cell(text)}` |")
    return "\n".join(lines) + "\n"


def generate() -> str:
    """The table, running every case in a temporary folder."""
    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append((case, outcome(case, Path(tmp))))
    return table(rows)


if __name__ == "__main__":
    DOC.write_text(generate(), encoding="utf-8")
    print(f"written {DOC} ({len(CASES)} cases)")
