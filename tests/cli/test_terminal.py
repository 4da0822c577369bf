"""A clean terminal: no Python warning text, no carriage returns when piped, options anywhere, a light --help.

The commands run in subprocesses with stdout/stderr piped, as a user's log file would receive them, on the
one-week small park with a [planning] section (milestones 2026 and 2030, whose 2030 holiday calendar is not
published: the library logs a note for each, which must reach the terminal as one line, once).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from park_fixtures import SMALL_PARK_TOML

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "pyomo", "pvlib", "dask", "matplotlib", "scipy", "pydantic", "tqdm")
PLANNED = SMALL_PARK_TOML + "\n[planning]\nmilestones = [2026, 2030]\n"


def zcpark(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def assert_clean(proc: subprocess.CompletedProcess) -> None:
    """No warning text, traceback, echoed source line or carriage return on either stream."""
    for stream in (proc.stdout, proc.stderr):
        assert "\r" not in stream
        assert "Traceback" not in stream
        assert not re.search(r"\w+Warning\b", stream), stream
        assert not re.search(r"\.py:\d+", stream), stream
    assert "\033[" not in proc.stderr  # no colour codes when piped


def test_help_and_the_package_import_no_heavy_module():
    code = ("import sys, simulator, simulator.cli.main; m = sys.modules['simulator.cli.main']; "
            f"m.build_parser().format_help(); print(sorted(x for x in {HEAVY!r} if x in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    proc = subprocess.run([sys.executable, "-m", "simulator.cli", "--help"], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert proc.returncode == 0 and "milestones" in proc.stdout and "init" in proc.stdout


def test_the_package_still_re_exports_on_first_use():
    import simulator
    from simulator import Result, Scenario, load_scenario, plots, run, run_study
    from simulator.results.run import run as run_function

    assert run is run_function and Result.__name__ == "Result" and Scenario.__name__ == "Scenario"
    assert callable(load_scenario) and callable(run_study) and plots.__name__ == "simulator.outputs.plots"
    with pytest.raises(AttributeError):
        simulator.no_such_name  # noqa: B018


def test_commands_on_a_short_park_print_no_warning_text(tmp_path):
    (tmp_path / "park.toml").write_text(PLANNED, encoding="utf-8")
    validate = zcpark("validate", "park.toml", cwd=tmp_path)
    assert validate.returncode == 0 and validate.stderr == ""
    run = zcpark("run", "park.toml", "--out", "run", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert_clean(run)
    assert "[1/7] load" in run.stderr  # phase lines, one per line (the sixth: one dispatch)
    notes = [line for line in run.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == len(set(notes)) >= 1  # the 2030 calendar, asked for by every enterprise: noted once
    assert any("2030" in n and "not published" in n for n in notes)
    (tmp_path / "week.toml").write_text(SMALL_PARK_TOML, encoding="utf-8")  # without [planning]: one solve
    finance = zcpark("finance", "week.toml", "--out", "fin", cwd=tmp_path)
    assert finance.returncode == 0, finance.stderr
    assert_clean(finance)
    assert "note: the run covers less than a year" in finance.stderr
    milestones = zcpark("milestones", "park.toml", "--out", "ms", "-q", cwd=tmp_path)
    assert milestones.returncode == 0, milestones.stderr
    assert_clean(milestones)
    assert "milestones" not in milestones.stderr  # -q: notes only, no phase lines
    plan = json.loads((tmp_path / "ms" / "milestones.json").read_text(encoding="utf-8"))
    assert plan["milestones"] == [2026, 2030]


def test_debug_and_verbosity_after_the_sub_command(tmp_path, capsys):
    from simulator.cli import main
    from simulator.errors import InputError

    bad = tmp_path / "bad.toml"
    bad.write_text("[park]\n", encoding="utf-8")
    with pytest.raises(InputError):
        main(["validate", str(bad), "--debug"])
    with pytest.raises(InputError):
        main(["--debug", "validate", str(bad)])
    assert main(["validate", str(bad), "-q"]) == 1  # no traceback without --debug
    assert "Traceback" not in capsys.readouterr().err


def test_python_warnings_become_one_line_notes(tmp_path, capsys, monkeypatch):
    """A warning raised inside a command (ours or a library's) is one ``note:`` line without source text."""
    import warnings

    from simulator.cli import main, options

    def warn_then_fail(path, items=None):
        warnings.warn("something to note\nsecond line", FutureWarning, stacklevel=1)
        warnings.warn("something to note\nsecond line", FutureWarning, stacklevel=1)
        raise KeyError("stop")

    monkeypatch.setattr(sys.modules["simulator.cli.main"], "load_with_sets", warn_then_fail)
    assert main(["validate", "any.toml"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "note: something to note"
    assert err.count("something to note") == 1 and "FutureWarning" not in err and "second line" not in err
    assert options.parse_sets([]) == {}


def test_progress_is_plain_lines_when_piped(capsys):
    from simulator.cli.console import Progress, terminal

    with terminal():
        bar = Progress("study", 3)
        for done in (1, 2, 3):
            bar.update(done, f"done {done}")
        bar.close()
    err = capsys.readouterr().err
    assert "\r" not in err
    assert err.splitlines()[0].startswith("study: 1/3 done 1 (") and len(err.splitlines()) == 3
