"""Study files: expansion of grids (product and zip), stable run ids, errors in the study file."""
from __future__ import annotations

import shutil

import pytest

from simulator.studies.batch.study import check_key_path, load_study, run_id, study_from_dict
from simulator.errors import InputError


def test_product_grid_has_every_combination_once(study_dir):
    study = load_study(study_dir / "grid_study.toml")
    assert len(study) == 2 * 2
    combos = {(r.varied["storage.energy_capex_cny_per_kwh"], r.varied["policy.green_share_min_fraction"])
              for r in study.runs}
    assert combos == {(400, 0.30), (400, 0.40), (900, 0.30), (900, 0.40)}
    assert study.varied_keys == ["storage.energy_capex_cny_per_kwh", "policy.green_share_min_fraction"]
    for spec in study.runs:
        assert spec.overrides["park.days"] == 7  # fixed overrides go to every run ...
        assert "park.days" not in spec.varied  # ... but are not varied inputs
        assert spec.run_id.startswith("park-")
    assert [r.index for r in study.runs] == [0, 1, 2, 3]
    assert len({r.run_id for r in study.runs}) == 4


def test_zip_grid_pairs_values_and_crosses_scenario_files(study_dir):
    study = load_study(study_dir / "mixed_study.toml")
    # 2 scenario files x 3 zipped points
    assert len(study) == 6
    points = [(r.varied["pv.max_kw"], r.varied["wind.max_kw"]) for r in study.runs[:3]]
    assert points == [(60000, 20000), (-1, 20000), (1000, 0)]
    assert {r.scenario_file.rsplit("/", 1)[-1] for r in study.runs} == {"park.toml", "no_such_park.toml"}


def test_run_id_is_stable_and_follows_the_inputs(study_dir, tmp_path):
    park = study_dir / "park.toml"
    first = run_id(park, {"pv.max_kw": 1000, "wind.max_kw": 0})
    # same inputs, other key order, other folder: same id
    assert run_id(park, {"wind.max_kw": 0, "pv.max_kw": 1000}) == first
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(park, moved / "park.toml")
    assert run_id(moved / "park.toml", {"pv.max_kw": 1000, "wind.max_kw": 0}) == first
    assert load_study(study_dir / "grid_study.toml").runs[0].run_id == load_study(
        study_dir / "grid_study.toml").runs[0].run_id
    # another override value or an edited scenario file: another id
    assert run_id(park, {"pv.max_kw": 1001, "wind.max_kw": 0}) != first
    (moved / "park.toml").write_text(park.read_text().replace("max_kw = 60000", "max_kw = 50000"))
    assert run_id(moved / "park.toml", {"pv.max_kw": 1000, "wind.max_kw": 0}) != first
    # a comment does not change the parsed scenario, so not the id either
    (moved / "park.toml").write_text("# comment\n" + park.read_text())
    assert run_id(moved / "park.toml", {"pv.max_kw": 1000, "wind.max_kw": 0}) == first


def test_duplicate_runs_collapse(study_dir):
    raw = {"study": {"scenarios": ["park.toml", "park.toml"]}, "grid": {"pv.max_kw": [1000, 1000]}}
    study = study_from_dict(raw, base_dir=study_dir)
    assert len(study) == 1


def test_errors_in_the_study_are_all_reported(study_dir):
    raw = {"study": {"scenarios": ["park.toml"], "mode": "zip", "colour": "red"},
           "grid": {"pv.max_kw": [1, 2], "wind.max_kw": [1, 2, 3], "storage.energy_capex": [400],
                    "policy.green_share_min_fraction": []},
           "extra": {}}
    with pytest.raises(InputError) as info:
        study_from_dict(raw, base_dir=study_dir, source="s.toml")
    fields = {issue.field for issue in info.value.issues}
    assert {"study.colour", "extra"} <= fields
    raw.pop("extra")
    raw["study"].pop("colour")
    with pytest.raises(InputError) as info:
        study_from_dict(raw, base_dir=study_dir, source="s.toml")
    fields = {issue.field for issue in info.value.issues}
    assert fields == {'grid."storage.energy_capex"', 'grid."policy.green_share_min_fraction"'}
    raw["grid"].pop("storage.energy_capex")
    raw["grid"].pop("policy.green_share_min_fraction")
    with pytest.raises(InputError, match="equal length"):
        study_from_dict(raw, base_dir=study_dir, source="s.toml")


def test_a_study_needs_a_scenario(study_dir):
    with pytest.raises(InputError, match="at least one scenario"):
        study_from_dict({"grid": {"pv.max_kw": [1]}}, base_dir=study_dir)
    with pytest.raises(InputError, match="existing study TOML"):
        load_study(study_dir / "nothing.toml")


def test_key_paths_are_checked_against_the_schema():
    assert check_key_path("storage.energy_capex_cny_per_kwh") is None
    assert check_key_path("policy.green_share_min_fraction") is None
    assert check_key_path("grid.tou_prices_cny_per_kwh.peak") is None  # free-form table
    assert "no key 'capex'" in check_key_path("pv.capex")
    assert "is a table" in check_key_path("storage")
    assert "is a value" in check_key_path("park.days.x")
    assert check_key_path("load.enterprises") is None  # the whole list may be replaced
    assert "is a list" in check_key_path("load.enterprises.annual_kwh")


def test_the_example_study_expands_to_six_runs_of_the_default_park():
    from simulator.cli.main import DEFAULT_SCENARIO

    study = load_study(DEFAULT_SCENARIO.parent / "studies" / "anning_storage_policy.toml")
    assert len(study) == 3 * 2
    assert {r.scenario_file for r in study.runs} == {str(DEFAULT_SCENARIO.resolve())}
    assert all(r.overrides["park.days"] == 14 for r in study.runs)
    assert study.varied_keys == ["storage.energy_capex_cny_per_kwh", "grid.export_allowed"]


def test_the_example_study_runs_differ():
    """The example study's runs size different parks (its comparison plots are not flat): each run on a
    three-day horizon of the same start (the study's own horizon is two weeks; docs/batch.md)."""
    from simulator.cli.main import DEFAULT_SCENARIO
    from simulator.results.run import run
    from simulator.scenario import load_scenario

    study = load_study(DEFAULT_SCENARIO.parent / "studies" / "anning_storage_policy.toml")
    sized = {}
    for spec in study.runs:
        result = run(load_scenario(spec.scenario_file, overrides={**spec.overrides, "park.days": 3}))
        assert result.status == "optimal", result.summary.get("message")
        key = (spec.varied["storage.energy_capex_cny_per_kwh"], spec.varied["grid.export_allowed"])
        sized[key] = result.capacity
    peak_pv = max(c["pv_kw"] for c in sized.values())
    assert peak_pv > 0
    # at least two distinct PV capacities (distinct by more than 1 % of the largest)
    pv = sorted(c["pv_kw"] for c in sized.values())
    assert sum(b - a > 0.01 * peak_pv for a, b in zip(pv, pv[1:])) >= 1, pv
    # each axis moves the sizing: dearer storage buys less storage; no feed-in changes the wind built
    for export in (True, False):
        assert sized[(700, export)]["storage_kwh"] < sized[(400, export)]["storage_kwh"]
    for cost in (400, 550, 700):
        peak_wind = max(sized[(cost, True)]["wind_kw"], sized[(cost, False)]["wind_kw"])
        assert abs(sized[(cost, True)]["wind_kw"] - sized[(cost, False)]["wind_kw"]) > 0.01 * peak_wind


def test_progress_bar_counts_done_failed_and_remaining(capsys):
    from simulator.cli.batch import _Bar
    from simulator.cli.console import terminal
    from simulator.studies.batch.runner import Progress

    with terminal():  # as the zcpark command sets it up; piped here, so plain lines
        bar = _Bar("s", enabled=True)
        state = Progress(total=4, skipped=1, optimal=1)
        bar(state)
        for kind in ("optimal", "infeasible", "failed"):
            setattr(state, kind, getattr(state, kind) + 1)
            bar(state)
        bar.close()
    err = capsys.readouterr().err
    assert "4/4" in err
    assert "done 3 (infeasible 1), failed 1, remaining 0 (1 finished before)" in err


def test_run_id_follows_the_content_of_named_data_files(tmp_path):
    park = tmp_path / "park.toml"
    profile = tmp_path / "load.csv"
    profile.write_text("timestamp,kw\n2026-01-01T00:00+08:00,1\n")
    park.write_text('[park]\nname = "p"\n[load]\nprofile_csv = "load.csv"\n[weather]\nfile = "w.epw"\n')
    first = run_id(park, {})
    assert run_id(park, {}) == first
    profile.write_text("timestamp,kw\n2026-01-01T00:00+08:00,2\n")
    second = run_id(park, {})
    assert second != first
    (tmp_path / "w.epw").write_text("weather")  # a weather file that appears changes the inputs too
    assert run_id(park, {}) not in (first, second)
