"""Every bad input of tests/scenario/bad_inputs.py is refused with one error naming its key, before any
solve; docs/reliability.md is the table of those outcomes, regenerated here and compared."""
from __future__ import annotations

import pytest

from bad_inputs import CASES, DOC, generate, outcome
from park_fixtures import SMALL_PARK_TOML


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_naming_its_key(case, tmp_path):
    text = outcome(case, tmp_path)
    first = text.splitlines()[0]
    assert case.key in first, text
    assert ": expected " in first and "internal error" not in text


def test_reliability_table_is_current():
    assert DOC.read_text(encoding="utf-8") == generate(), (
        "docs/reliability.md is out of date: run `PYTHONPATH=. python tests/scenario/bad_inputs.py`")


@pytest.mark.parametrize("name", ["PV capex NaN", "seasonal TOU band below the export price"])
def test_cli_validate_prints_the_error_line(name, tmp_path, monkeypatch, capsys):
    """`zcpark validate` on the case written as a TOML file: exit 1, the same line after `zcpark: error:`."""
    from simulator.cli.main import main

    case = next(c for c in CASES if c.name == name)
    text = outcome(case, tmp_path)
    body = SMALL_PARK_TOML
    if name == "PV capex NaN":
        body = body.replace("[pv]\n", "[pv]\ncapex_cny_per_kw = nan\n")
    else:
        body += ("\n[grid]\ntou_prices_cny_per_kwh = { peak = 0.675, flat = 0.45, valley = 0.225, "
                 "deep_valley = 0.15 }\n[grid.tou_month_hours.3]\npeak = [9, 10, 11, 18, 19, 20, 21]\n"
                 "flat = [7, 8, 12, 13, 14, 15, 16, 17, 22]\nvalley = [0, 1, 2, 6, 23]\ndeep_valley = [3, 4, 5]\n")
    (tmp_path / "scenario.toml").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "scenario.toml"]) == 1
    assert capsys.readouterr().err.strip() == f"zcpark: error: {text}"
