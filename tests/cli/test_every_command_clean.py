"""Every sub-command on the default park (a two-day horizon by --set) ends with exit code 0 and prints no
Python warning text, traceback, source line or carriage return on stdout or stderr.

The commands run one after the other in one subprocess (imports paid once), each with file descriptors 1
and 2 redirected to its own files, so that anything written to the streams — by Python warnings, logging
or C libraries — is seen. One-line ``note:`` lines are the sanctioned form of a notice and are allowed.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from test_terminal import assert_clean

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "scenarios" / "anning_battery_park.toml"

#: every sub-command of README "Command line"; {park} is the default park, {out} the working folder
COMMANDS = {
    "init": ["init", "{out}/init", "--name", "my_park"],
    "validate": ["validate", "{park}", "--set", "park.days=2"],
    "run": ["run", "{park}", "--set", "park.days=2", "--out", "{out}/run", "--report-lang", "zh"],
    "report": ["report", "{out}/run", "--lang", "en"],
    "load": ["load", "{park}", "--set", "park.days=2", "--out", "{out}/load"],
    "resource": ["resource", "{park}", "--set", "park.days=2", "--out", "{out}/resource"],
    "frontier": ["frontier", "{park}", "--set", "park.days=2", "--green-share", "0.3:0.5:0.1", "--out",
                 "{out}/frontier"],
    "sweep": ["sweep", "{park}", "--set", "park.days=2", "--group", "pv_capex", "--factors", "0.8,1.2", "--out",
              "{out}/sweep"],
    "finance": ["finance", "{park}", "--set", "park.days=2", "--out", "{out}/finance"],
    "sensitivity": ["sensitivity", "{park}", "--set", "park.days=2", "--inputs", "pv_capex", "--workers", "1",
                    "--out", "{out}/sensitivity"],
    "robustness": ["robustness", "{park}", "--set", "park.days=2", "--years", "2", "--out", "{out}/robustness",
                   "--lang", "zh"],
    "milestones": ["milestones", "{park}", "--set", "park.days=2", "--set", "planning.milestones=[2026, 2027]",
                   "--out", "{out}/milestones", "--lang", "zh"],
    "deal": ["deal", "{park}", "--set", "park.days=2", "--set", "deal.enterprise_equity_fraction=0.51",
             "--set", "deal.hurdle_irr_fraction=0.06", "--out", "{out}/deal"],
    "batch": ["batch", "{out}/study.toml", "--out", "{out}/study", "--workers", "1"],
    "compare": ["compare", "{out}/study"],
}

STUDY = """[study]
name = "two_points"
base = "{park}"

[overrides]
"park.days" = 2

[grid]
"storage.energy_capex_cny_per_kwh" = [400, 700]
"""

DRIVER = r'''
import json, os, sys, tempfile
from simulator.cli.main import main

commands, results = json.loads(sys.argv[1]), {}
for name, argv in commands.items():
    with tempfile.TemporaryFile("w+b") as out, tempfile.TemporaryFile("w+b") as err:
        sys.stdout.flush(); sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        finally:
            sys.stdout.flush(); sys.stderr.flush()
            os.dup2(saved[0], 1); os.dup2(saved[1], 2)
            os.close(saved[0]); os.close(saved[1])
        out.seek(0); err.seek(0)
        results[name] = [code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")]
print(json.dumps(results))
'''


def test_every_command_on_the_default_park_prints_no_warning_text(tmp_path):
    (tmp_path / "study.toml").write_text(STUDY.format(park=DEFAULT.as_posix()), encoding="utf-8")
    commands = {name: [part.format(park=DEFAULT, out=tmp_path) for part in argv] for name, argv in COMMANDS.items()}
    proc = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(commands)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr == ""  # nothing escaped the per-command capture
    results = json.loads(proc.stdout.splitlines()[-1])
    assert set(results) == set(COMMANDS)
    for name, (code, out, err) in results.items():
        assert code == 0, f"{name}: exit {code}\n{err[-2000:]}"
        assert_clean(subprocess.CompletedProcess([name], code, out, err))
        notes = [line for line in err.splitlines() if line.startswith("note:")]
        assert len(notes) == len(set(notes)), f"{name}: a note repeated: {notes}"
    # the terminal lines of robustness and milestones in the language asked for (--lang zh)
    assert "单年优化方案在 2 个气象年中" in results["robustness"][1] and "枯水期压力" in results["robustness"][1]
    assert "光伏" in results["milestones"][1] and re.search("(万元|亿元)；", results["milestones"][1])
    assert "PV " not in results["milestones"][1]
    # each command did its work (files as README "Command line" names them)
    for path in ("init/my_park.toml", "run/summary.json", "run/report_zh.html", "run/report_en.html",
                 "load/load_summary.csv", "frontier/frontier.csv", "finance/finance.json",
                 "sensitivity/tornado.csv", "robustness/summary.json", "milestones/milestones.json",
                 "deal/deal.json", "study/summary.csv", "study/index.html"):
        assert (tmp_path / path).is_file(), path
