"""Result folders are written as one consistent set and never mix runs."""
from __future__ import annotations

import json
import sys

import pytest

from simulator import run
from simulator.errors import InputError
from park_fixtures import make_scenario


def test_rewriting_a_folder_replaces_the_whole_run(small_raw, tmp_path):
    out = tmp_path / "out"
    optimal = run(make_scenario(small_raw))
    optimal.write(out)
    assert (out / "hourly.csv").exists()
    infeasible = run(make_scenario(small_raw, **{"pv.max_kw": 10, "wind.max_kw": 10}))
    assert infeasible.status == "infeasible"
    infeasible.write(out)
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["status"] == "infeasible"
    assert not (out / "hourly.csv").exists() and not (out / "hourly.parquet").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging or old folders left


def test_a_folder_with_other_files_is_not_replaced(small_raw, tmp_path):
    (tmp_path / "my_notes.txt").write_text("keep me")
    result = run(make_scenario(small_raw))
    with pytest.raises(InputError, match="--out"):
        result.write(tmp_path)
    assert (tmp_path / "my_notes.txt").read_text() == "keep me"


def test_a_failure_while_writing_leaves_the_earlier_run_intact(small_raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    result = run(make_scenario(small_raw))
    result.write(out)
    before = (out / "summary.json").read_bytes()

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sys.modules["simulator.results.run"], "write_json", boom)
    with pytest.raises(OSError, match="disk full"):
        result.write(out)
    assert (out / "summary.json").read_bytes() == before
    assert (out / "hourly.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
