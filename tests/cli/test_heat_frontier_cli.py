"""``zcpark frontier FILE --heat``: the electrification frontier from the command line (one 玉溪 week)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulator.cli.main import main

SCENARIO = Path(__file__).parents[2] / "scenarios" / "yuxi_tobacco_steam.toml"


def test_heat_frontier_command_writes_its_table(tmp_path, capsys):
    out = tmp_path / "hf"
    argv = ["frontier", str(SCENARIO), "--heat", "0.6,1", "--no-plot", "--out", str(out),
            "--set", "park.days=1", "--set", "park.start=2026-04-06"]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "electrification frontier" in text and "free optimum" in text
    table = pd.read_csv(out / "heat_frontier.csv")
    assert table["electrified_min_fraction"].tolist() == [0.6, 1.0]
    assert (table["electrified_fraction"] >= table["electrified_min_fraction"] - 1e-6).all()
    assert table["cost_cny_per_yr"].iloc[1] >= table["cost_cny_per_yr"].iloc[0] * (1 - 1e-6)


def test_heat_alone(tmp_path, capsys):
    assert main(["frontier", str(SCENARIO), "--heat", "--green-share", "0.3:0.5:0.1", "--out", str(tmp_path)]) == 1
    assert "--heat alone" in capsys.readouterr().err
