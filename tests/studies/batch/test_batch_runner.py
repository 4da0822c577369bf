"""Running studies on the local process pool: outcomes recorded, resume, summary, comparison page."""
from __future__ import annotations

import concurrent.futures as cf
import json
import socket
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pandas as pd
import pytest

from simulator.studies.batch import build_summary, load_study, run_study, study_from_dict
from simulator.cli import main
from simulator.errors import InputError


@pytest.fixture(scope="module")
def mixed(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("mixed_out")
    seen = []
    frame = run_study(inputs / "mixed_study.toml", out, workers=2, progress=lambda p: seen.append(p.last),
                      report_lang="en")
    return out, frame, seen


def _attempts(out):
    return {f.name: json.loads((f / "run.json").read_text())["attempt"] for f in (out / "runs").iterdir()
            if not f.name.startswith(".")}


def test_failed_and_infeasible_runs_are_recorded_and_the_others_complete(mixed, inputs):
    out, frame, seen = mixed
    study = load_study(inputs / "mixed_study.toml")
    assert sorted(frame["run_id"]) == sorted(r.run_id for r in study.runs)
    assert len([s for s in seen if s is not None]) == 6  # one progress call per run
    park = frame[frame["scenario_file"].str.endswith("/park.toml")].set_index("pv.max_kw")
    assert park.loc[60000, "status"] == "optimal"
    assert park.loc[60000, "compliant"]
    bad = park.loc[-1]
    assert bad["status"] == "error" and bad["error_type"] == "InputError"
    assert "pv.max_kw = -1" in bad["message"] and "in [0, " in bad["message"]
    infeasible = park.loc[1000]
    assert infeasible["status"] == "infeasible"
    assert "650_green_share" in infeasible["message"]
    assert np.isnan(infeasible["pv_kw"])  # no numbers for an infeasible rule set
    missing = frame[frame["scenario_file"].str.endswith("/no_such_park.toml")]
    assert len(missing) == 3 and set(missing["status"]) == {"error"}
    assert missing["message"].str.contains("existing scenario TOML file").all()
    # every run folder is complete; nothing temporary is left; the lock is released
    for folder in (out / "runs").iterdir():
        assert not folder.name.startswith("."), folder
        assert {"summary.json", "run.json"} <= {p.name for p in folder.iterdir()}
    assert not (out / ".study.lock").exists()
    # the optimal run's row is its summary.json, and its hourly file agrees with its capacities
    rid = park.loc[60000, "run_id"]
    summary = json.loads((out / "runs" / rid / "summary.json").read_text())
    assert park.loc[60000, "objective_cny_per_yr"] == pytest.approx(summary["objective_cny_per_yr"], rel=1e-12)
    hourly = pd.read_csv(out / "runs" / rid / "hourly.csv")
    assert (hourly["pv_available_kw"] <= park.loc[60000, "pv_kw"] + 1e-6).all()
    assert hourly["load_kw"].sum() == pytest.approx(park.loc[60000, "load_kwh"], rel=1e-9)


def test_summary_files_match_the_run_folders(mixed):
    out, frame, _ = mixed
    rebuilt = build_summary(out)
    pd.testing.assert_frame_equal(rebuilt, frame)
    from_csv = pd.read_csv(out / "summary.csv")
    from_parquet = pd.read_parquet(out / "summary.parquet")
    for table in (from_csv, from_parquet):
        assert list(table["run_id"]) == list(frame["run_id"])
        assert list(table["status"]) == list(frame["status"])
        np.testing.assert_allclose(table["objective_cny_per_yr"].astype(float),
                                   frame["objective_cny_per_yr"].astype(float), rtol=1e-12)


def test_resume_skips_finished_runs_and_retry_reruns_only_errors(mixed, inputs):
    out, frame, _ = mixed
    before = _attempts(out)
    states = []
    again = run_study(inputs / "mixed_study.toml", out, workers=1, progress=states.append)
    assert [s.skipped for s in states] == [6]  # called once, nothing to run
    assert _attempts(out) == before
    pd.testing.assert_frame_equal(again, frame)
    errors = set(frame.loc[frame["status"] == "error", "run_id"])
    run_study(inputs / "mixed_study.toml", out, workers=1, retry_errors=True)
    after = _attempts(out)
    assert set(after) == set(before)
    assert {rid for rid in after if after[rid] != before[rid]} == errors


def test_compare_writes_plots_and_an_index_linking_reports(mixed, tmp_path):
    out, frame, _ = mixed
    code = main(["compare", str(out)])
    assert code == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    for rid in frame["run_id"]:
        assert f'href="runs/{rid}/"' in page
    # batch wrote a report for the optimal and the infeasible run, none for runs with bad inputs
    solved = frame.loc[frame["status"] != "error", "run_id"]
    assert len(solved) == 2
    for rid in solved:
        assert (out / "runs" / rid / "report_en.html").is_file()
        assert f'href="runs/{rid}/report_en.html"' in page
    assert page.count(">report_en</a>") == 2
    assert "infeasible" in page and "650_green_share" in page
    for name in ("ranking.png", "vs_pv_max_kw.png", "vs_wind_max_kw.png"):
        assert (out / "compare" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f'src="compare/{name}"' in page
    zh, en = ((out / f"compare_{lang}.html").read_text(encoding="utf-8") for lang in ("zh", "en"))
    for rid in frame["run_id"]:  # both language pages link every run, plots embedded (one self-contained file)
        assert f'href="runs/{rid}/"' in zh and f'href="runs/{rid}/"' in en
    assert "多方案对比" in zh and "无可行解" in zh and "Comparison of the runs" in en
    assert zh.count('src="data:image/png;base64,') == 3


def test_grid_study_costs_rise_with_storage_cost_and_green_floor(grid_local):
    """Invariants of an LP: raising a cost or tightening a constraint never lowers the optimum."""
    _, _, frame = grid_local
    assert set(frame["status"]) == {"optimal"}
    assert frame["compliant"].all()
    key_cost, key_share = "storage.energy_capex_cny_per_kwh", "policy.green_share_min_fraction"
    table = frame.set_index([key_cost, key_share])["objective_cny_per_yr"]
    for share in (0.30, 0.40):
        assert table[(400, share)] <= table[(900, share)] * (1 + 1e-7)
    for cost in (400, 900):
        assert table[(cost, 0.30)] <= table[(cost, 0.40)] * (1 + 1e-7)
    assert (frame["green_share_fraction"] >= frame[key_share] - 1e-6).all()
    assert (frame["650_green_share_limit"] == frame[key_share]).all()


def test_cli_batch_exit_codes(inputs, tmp_path, capsys):
    bad = tmp_path / "bad_study.toml"
    bad.write_text('[study]\nscenarios = ["%s"]\n[grid]\n"pv.capex" = [1]\n' % (inputs / "park.toml"))
    assert main(["batch", str(bad), "--out", str(tmp_path / "o"), "--no-progress"]) == 1
    assert "no key 'capex'" in capsys.readouterr().err
    good = str(inputs / "grid_study.toml")
    assert main(["batch", good, "--out", str(tmp_path / "o"), "--workers", "0", "--no-progress"]) == 1
    assert "workers = 0: expected a whole number of processes >= 1" in capsys.readouterr().err


def test_a_folder_in_use_by_a_live_study_is_refused(inputs, tmp_path):
    study = study_from_dict({"study": {"scenarios": ["no_such_park.toml"]}}, base_dir=inputs)
    out = tmp_path / "busy"
    out.mkdir()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / ".study.lock").write_text(json.dumps({"host": socket.gethostname(), "pid": other.pid}))
        with pytest.raises(InputError, match=f"process {other.pid} is"):
            run_study(study, out, workers=1)
        assert not (out / "runs").exists() or not list((out / "runs").iterdir())
    finally:
        other.kill()
        other.wait()
    # the holder is gone: the stale lock is taken over (the study runs and releases it)
    frame = run_study(study, out, workers=1)
    assert list(frame["status"]) == ["error"]
    assert not (out / ".study.lock").exists()


class _BrokenExecutor(cf.Executor):
    """An executor whose worker 'dies' on every task (as a killed process or a lost Dask worker)."""

    def submit(self, fn, /, *args, **kwargs):
        future = cf.Future()
        future.set_exception(BrokenProcessPool("worker died"))
        return future


def test_runs_lost_by_the_executor_leave_no_folder_and_run_again(inputs, tmp_path):
    study = load_study(inputs / "mixed_study.toml")
    states = []
    frame = run_study(study, tmp_path / "lost", executor=_BrokenExecutor(), progress=states.append)
    assert set(frame.attrs["lost"]) == {r.run_id for r in study.runs}
    assert "worker died" in next(iter(frame.attrs["lost"].values()))
    assert frame.empty and not list((tmp_path / "lost" / "runs").iterdir())
    assert (states[-1].failed, states[-1].remaining) == (6, 0)


def test_an_unexpected_exception_is_the_run_outcome_with_its_traceback(inputs, tmp_path, monkeypatch):
    import importlib

    from simulator.studies.batch.runner import execute_run, store_outcome

    def boom(scenario):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(importlib.import_module("simulator.results.run"), "run", boom)
    spec = load_study(inputs / "grid_study.toml").runs[0]
    outcome = execute_run(spec)  # in this process: no pool needed
    assert outcome["record"]["status"] == "error"
    assert outcome["record"]["error_type"] == "RuntimeError"
    folder = store_outcome(tmp_path, outcome)
    assert folder.name == spec.run_id
    assert set(p.name for p in folder.iterdir()) == {"summary.json", "run.json", "error.txt"}
    assert "solver exploded" in (folder / "error.txt").read_text()
    summary = json.loads((folder / "summary.json").read_text())
    assert (summary["status"], summary["message"]) == ("error", "RuntimeError: solver exploded")
    # storing the same run again keeps the first copy and leaves nothing temporary
    again = execute_run(spec)
    store_outcome(tmp_path, again)
    assert json.loads((folder / "run.json").read_text())["attempt"] == outcome["record"]["attempt"]
    assert [p.name for p in tmp_path.iterdir()] == [spec.run_id]


def test_a_run_that_kills_its_worker_is_recorded_and_the_study_goes_on(inputs, tmp_path):
    from crashing import CRASH_VALUE, fake_run_or_crash

    from simulator.studies.batch.runner import Progress, _run_all

    values = list(range(1, 11))
    study = study_from_dict({"study": {"base": "park.toml"}, "grid": {"pv.max_kw": values}}, base_dir=inputs)
    runs_dir = tmp_path / "runs"
    runs_dir.mkdir()
    state = Progress(total=len(study))
    _run_all(study.runs, runs_dir, None, 2, state, lambda _p: None, None, fn=fake_run_or_crash)
    folders = {f.name: json.loads((f / "run.json").read_text()) for f in runs_dir.iterdir()}
    assert set(folders) == {r.run_id for r in study.runs}  # every run has its outcome, none lost
    assert not state.lost
    status = {rec["varied"]["pv.max_kw"]: rec["status"] for rec in folders.values()}
    assert status == {v: ("error" if v == CRASH_VALUE else "optimal") for v in values}
    crashed = next(rec for rec in folders.values() if rec["status"] == "error")
    assert crashed["error_type"] == "WorkerDied" and "worker process died" in crashed["message"]
    assert (state.optimal, state.failed) == (len(values) - 1, 1)
