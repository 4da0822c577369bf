"""A new enterprise arriving in the park (园区招商; issue 18 point 5).

Three runs of the scenario file: as it is (base), with the new enterprises added and everything re-sized
(what they bring: marginal capacity, cost and green share), and with the new enterprises on the base
build — PV, wind, storage fixed at the base sizes (``existing`` = ``max``; the declared grid connection
may change, and is reported) — to see whether the park still meets every rule without building anything.
The scenario is re-read from its file with overrides, so every input is validated as usual.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from simulator.errors import InputError, InputIssue
from simulator.results.run import run
from simulator.scenario import load_scenario
from simulator.scenario.load_schema import Enterprise


def read_new_enterprises(path: str | Path) -> list[dict]:
    """The ``[[load.enterprises]]`` (or ``[[enterprises]]``) of a TOML file, each validated."""
    path = Path(path)
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    items = raw.get("load", {}).get("enterprises", raw.get("enterprises"))
    if not items:
        raise InputError(InputIssue(str(path), "load.enterprises", None, "at least one [[load.enterprises]]"))
    for i, item in enumerate(items):
        try:
            Enterprise.model_validate(item)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            raise InputError(InputIssue(str(path), f"load.enterprises[{i}]{'.' + where if where else ''}",
                                        item.get("name"), error["msg"])) from None
    return items


def _raw(path: Path) -> dict:
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def fixed_build_overrides(raw: dict, capacity: dict) -> dict:
    """Overrides that hold PV, wind and storage at ``capacity`` (the declared grid connection stays free: it
    is a declaration paid monthly, not a build; the run reports the connection it needs)."""
    out = {}
    types = raw.get("pv", {}).get("types")
    if types:
        out["pv.types"] = [{**t, "existing_kw": capacity.get(f"{t['name']}_kw", 0.0),
                            "max_kw": capacity.get(f"{t['name']}_kw", 0.0)} for t in types]
    else:
        out.update({"pv.existing_kw": capacity["pv_kw"], "pv.max_kw": capacity["pv_kw"]})
    wind_types = raw.get("wind", {}).get("types")
    if wind_types:
        out["wind.types"] = [{**t, "existing_kw": capacity.get(f"{t['name']}_kw", 0.0),
                              "max_kw": capacity.get(f"{t['name']}_kw", 0.0)} for t in wind_types]
    else:
        out.update({"wind.existing_kw": capacity["wind_kw"], "wind.max_kw": capacity["wind_kw"]})
    out.update({"storage.existing_kwh": capacity["storage_kwh"], "storage.max_kwh": capacity["storage_kwh"],
                "storage.existing_kw": capacity["storage_kw"], "storage.max_kw": capacity["storage_kw"]})
    return out


def newcomer_report(path: str | Path, new: list[dict], overrides: dict | None = None, base=None) -> dict:
    """What the new enterprises bring, and whether the base build still meets every rule with them.

    Parameters
    ----------
    path : path
        The park's scenario file.
    new : list of dict
        The new enterprises (:func:`read_new_enterprises`).
    overrides : dict, optional
        Overrides applied to every run (e.g. a shorter horizon).
    base : Result, optional
        The base run, if already made.
    """
    overrides = dict(overrides or {})
    raw = _raw(path)
    if raw.get("heat"):  # settled like a deal (studies.deal.refuse_heat): business as usual split by electricity
        raise InputError(InputIssue(str(path), "heat", "[heat] section", "a scenario without [heat] (newcomers "
                                    "are settled like a deal, whose settlement does not carry process heat)"))
    if raw.get("hydrogen"):  # nor the electrolyser's electricity
        raise InputError(InputIssue(str(path), "hydrogen", "[hydrogen] section", "a scenario without [hydrogen] "
                                    "(newcomers are settled per enterprise, which does not carry the "
                                    "electrolyser's electricity yet)"))
    names = [e["name"] for e in raw["load"].get("enterprises", [])]
    clash = sorted({e["name"] for e in new} & set(names))
    if clash:
        raise InputError(InputIssue("--add-enterprise", "name", clash, "names not already in the park"))
    enterprises = raw["load"]["enterprises"] + list(new)
    base = base or run(load_scenario(path, overrides=overrides))
    grown = run(load_scenario(path, overrides={**overrides, "load.enterprises": enterprises}))
    if base.status != "optimal":
        raise InputError(InputIssue(str(path), "status", base.status, "an optimal base run"))
    fixed = run(load_scenario(path, overrides={**overrides, "load.enterprises": enterprises,
                                               **fixed_build_overrides(raw, base.capacity)}))
    out = {"added": [e["name"] for e in new], "base": _brief(base), "resized": _brief(grown),
           "without_new_build": _brief(fixed)}
    if grown.status == "optimal":
        out["marginal"] = {
            "capacity": {k: grown.capacity[k] - base.capacity.get(k, 0.0) for k in grown.capacity},
            "cost_cny_per_yr": grown.summary["cost_cny_per_yr"]["total"] - base.summary["cost_cny_per_yr"]["total"],
            "load_kwh": grown.summary["energy"]["load_kwh"] - base.summary["energy"]["load_kwh"],
            "green_share": grown.summary["ratios"]["green_share"] - base.summary["ratios"]["green_share"]}
        out["new_enterprises"] = [r for r in grown.summary["enterprises"]["rows"] if r["enterprise"] in out["added"]]
    return out


def _brief(result) -> dict:
    s = result.summary
    out = {"status": result.status, "message": s.get("message", "")}
    if result.status == "optimal":
        out.update({"capacity": s["capacity"], "cost_cny_per_yr": s["cost_cny_per_yr"]["total"],
                    "green_share": s["ratios"]["green_share"], "compliant": bool(result.compliance["ok"].all()),
                    "failed_rules": [r["rule"] for r in s["compliance"] if not r["ok"]]})
    return out
