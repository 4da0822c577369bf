"""Recorded CDSRD years ([weather] source = "cdsrd") from a small synthetic file in the CDSRD daily format."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulator.cli import main
from simulator.errors import InputError
from simulator.inputs.resource import build_resource
from simulator.inputs.timegrid import scenario_index
from simulator.scenario import scenario_from_dict

COLUMNS = ["Station", "latitude(deg)", "longitude(deg)", "altitude(m)", "year", "month", "day", "GHI(MJ/m2)",
           "DHI(MJ/m2)"]


def write_cdsrd(path: Path, years=(2009, 2010), drop=None, dhi_over_ghi_days=()) -> pd.DataFrame:
    """Synthetic station file: a seasonal GHI with cloudy days, DHI 35-70 % of GHI (same columns as CDSRD)."""
    dates = pd.date_range(f"{years[0]}-01-01", f"{years[-1]}-12-31", freq="D")
    rng = np.random.default_rng(5)
    doy = dates.day_of_year.to_numpy()
    ghi = 16.0 + 4.0 * np.sin(2 * np.pi * (doy - 80) / 365) - 7.0 * (rng.random(len(dates)) < 0.2)
    dhi = ghi * rng.uniform(0.35, 0.7, len(dates))
    for day in dhi_over_ghi_days:
        dhi[dates.get_loc(pd.Timestamp(day))] = ghi[dates.get_loc(pd.Timestamp(day))] * 1.3
    frame = pd.DataFrame({"Station": 56778, "latitude(deg)": 25.0, "longitude(deg)": 102.65, "altitude(m)": 1889.1,
                          "year": dates.year, "month": dates.month, "day": dates.day,
                          "GHI(MJ/m2)": np.round(ghi, 3), "DHI(MJ/m2)": np.round(dhi, 3)})[COLUMNS]
    if drop is not None:
        frame = frame[pd.to_datetime(frame[["year", "month", "day"]]) != pd.Timestamp(drop)]
    frame.to_csv(path, index=False)
    return frame


def scenario(path: Path, year: int = 2009, days: int = 7):
    return scenario_from_dict({
        "park": {"name": "cdsrd_park", "latitude": 25.0, "longitude": 102.65, "altitude_m": 1889, "year": 2026,
                 "start": "2026-03-02", "days": days},
        "weather": {"source": "cdsrd", "file": str(path), "year": year, "station": 56778},
        "load": {"enterprises": [{"name": "smelter", "archetype": "electrolytic_aluminium", "annual_kwh": 8.76e7}]},
        "pv": {"max_kw": 60_000}, "wind": {"max_kw": 20_000}, "storage": {"max_duration_h": 8}})


def test_recorded_year_keeps_daily_ghi_and_diffuse_fraction(tmp_path, caplog):
    path = tmp_path / "56778.csv"
    frame = write_cdsrd(path, dhi_over_ghi_days=("2009-07-01",))
    sc = scenario(path)
    with caplog.at_level("WARNING"):
        resource = build_resource(sc, scenario_index(sc))
    assert "DHI > GHI on 1 days of 2009 set to GHI" in caplog.text
    assert any("DHI > GHI" in note for note in resource.summary["weather"]["conversions"])
    from simulator.inputs.resource.weather import recorded_weather
    from simulator.inputs.timegrid import model_index

    full = model_index(2026, "Asia/Shanghai", 60)
    weather, _ = recorded_weather(sc, full, path)
    rec = frame[frame["year"] == 2009]
    ghi_day_mj = weather["ghi"].resample("D").sum().to_numpy() * 3.6 / 1000.0     # 1-h steps, W/m2 -> MJ/m2
    np.testing.assert_allclose(ghi_day_mj, rec["GHI(MJ/m2)"].to_numpy(), rtol=1e-9)
    dhi_day_mj = weather["dhi"].resample("D").sum().to_numpy() * 3.6 / 1000.0
    expected = np.minimum(rec["DHI(MJ/m2)"].to_numpy(), rec["GHI(MJ/m2)"].to_numpy())
    # the recorded diffuse fraction is met on every day whose beam fits under the clear-sky beam
    assert np.mean(np.abs(dhi_day_mj - expected) <= 1e-3 * rec["GHI(MJ/m2)"].to_numpy()) > 0.97
    july1 = weather.loc["2026-07-01"]
    assert july1["dhi"].sum() == pytest.approx(july1["ghi"].sum(), rel=1e-9)
    assert (weather["dhi"] <= weather["ghi"] + 1e-9).all() and (weather["dni"] >= 0).all()
    summary = resource.summary["weather"]
    assert summary["source"] == "cdsrd"
    assert summary["ghi_kwh_per_m2_yr"] == pytest.approx(rec["GHI(MJ/m2)"].sum() / 3.6, rel=1e-9)


def test_bad_recorded_years_are_refused(tmp_path):
    path = tmp_path / "56778.csv"
    write_cdsrd(path, drop="2009-05-05")
    with pytest.raises(InputError, match="1 missing or invalid days in 2009, first 2009-05-05"):
        sc = scenario(path)
        build_resource(sc, scenario_index(sc))
    with pytest.raises(InputError, match="a year of the file"):
        sc = scenario(path, year=2015)
        build_resource(sc, scenario_index(sc))
    with pytest.raises(Exception, match="needs weather.year"):
        scenario_from_dict({"park": {"name": "p", "latitude": 25.0, "longitude": 102.65},
                            "weather": {"source": "cdsrd", "file": str(path)}})


def test_cli_robustness_runs_the_recorded_years(tmp_path, capsys):
    path = tmp_path / "56778.csv"
    frame = write_cdsrd(path)
    toml = tmp_path / "park.toml"
    toml.write_text("\n".join([
        "[park]", 'name = "cdsrd_park"', "latitude = 25.0", "longitude = 102.65", "altitude_m = 1889", "year = 2026",
        'start = "2026-03-02"', "days = 7", "[weather]", 'source = "cdsrd"', 'file = "56778.csv"', "year = 2009",
        "station = 56778", "[[load.enterprises]]", 'name = "smelter"', 'archetype = "electrolytic_aluminium"',
        "annual_kwh = 8.76e7", "[pv]", "max_kw = 60000", "[wind]", "max_kw = 20000", "[storage]",
        "max_duration_h = 8"]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["robustness", str(toml), "--weather-years", "2009:2010", "--no-robust", "--out", str(out)]) == 0
    block = json.loads((out / "summary.json").read_text(encoding="utf-8"))["robustness"]
    assert block["labels"] == ["2009", "2010"] and block["weather"]["method"] == "recorded CDSRD years"
    for row in block["weather"]["years"]:
        rec = frame[frame["year"] == int(row["label"])]
        assert row["ghi_kwh_per_m2_yr"] == pytest.approx(rec["GHI(MJ/m2)"].sum() / 3.6, rel=1e-9)
        dry = rec[rec["month"].isin([11, 12, 1, 2, 3, 4])]["GHI(MJ/m2)"].sum() / rec["GHI(MJ/m2)"].sum()
        assert row["dry_season_share_fraction"] == pytest.approx(dry, rel=1e-9)
    assert "2010: GHI" in capsys.readouterr().out
