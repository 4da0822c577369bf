"""Metered interval data: unit and interval detection, gaps, duplicates, time zones, text, Excel, scaling."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.inputs.load import build_park_load
from simulator.inputs.load.metered import on_index, read_metered, year_profile_kw
from simulator.scenario.load_schema import LoadSection
from simulator.inputs.timegrid import model_index


def write_csv(path, stamps, values, header="load (kW)"):
    pd.DataFrame({"time": stamps, header: values}).to_csv(path, index=False)
    return path


def day_stamps(minutes=60, days=2, start="2026-03-02"):
    return pd.date_range(start, periods=days * 24 * 60 // minutes, freq=f"{minutes}min")


def test_hourly_kw_detected_from_header(tmp_path):
    stamps = day_stamps(60)
    values = np.arange(len(stamps), dtype=float)
    data = read_metered(write_csv(tmp_path / "m.csv", stamps.strftime("%Y-%m-%d %H:%M"), values))
    r = data.report
    assert (r.interval_minutes, r.unit) == (60, "kW")
    assert "detected" in r.interval_basis and "header" in r.unit_basis
    assert r.energy_kwh == pytest.approx(values.sum())
    assert str(data.kw.index.tz) == "Asia/Shanghai"
    assert data.kw.index[0] == pd.Timestamp("2026-03-02 00:00", tz="Asia/Shanghai")


def test_15_min_kwh_per_interval_becomes_kw(tmp_path):
    stamps = day_stamps(15)
    kwh = np.full(len(stamps), 25.0)  # 25 kWh per quarter hour = 100 kW
    data = read_metered(write_csv(tmp_path / "m.csv", stamps, kwh, header="电量(kWh)"))
    assert (data.report.interval_minutes, data.report.unit) == (15, "kWh")
    np.testing.assert_allclose(data.kw, 100.0)
    assert data.report.energy_kwh == pytest.approx(kwh.sum())
    # the same energy on an hourly and a 15-min model grid
    hourly = model_index(2026, start="2026-03-02", days=2)
    quarter = model_index(2026, timestep_minutes=15, start="2026-03-02", days=2)
    assert on_index(data.kw, hourly).sum() * 1.0 == pytest.approx(kwh.sum())
    assert on_index(data.kw, quarter).sum() * 0.25 == pytest.approx(kwh.sum())


def test_mw_header_is_converted_and_stated(tmp_path):
    stamps = day_stamps(60)
    data = read_metered(write_csv(tmp_path / "m.csv", stamps, np.full(len(stamps), 1.5), header="P [MW]"))
    np.testing.assert_allclose(data.kw, 1500.0)
    assert "x 1000" in data.report.unit_basis


def test_unit_must_be_stated_when_the_header_does_not_say(tmp_path):
    stamps = day_stamps(60)
    path = write_csv(tmp_path / "m.csv", stamps, np.ones(len(stamps)), header="value")
    with pytest.raises(InputError, match="unit"):
        read_metered(path)
    assert read_metered(path, unit="kWh").report.unit_basis == "given"
    with pytest.raises(InputError, match="header"):
        read_metered(write_csv(tmp_path / "n.csv", stamps, np.ones(len(stamps)), header="kWh"), unit="kW")


def test_gaps_are_reported_with_timestamps_and_filled_only_when_asked(tmp_path):
    stamps = day_stamps(60)
    values = np.arange(len(stamps), dtype=float)
    keep = np.ones(len(stamps), bool)
    keep[[5, 6, 7]] = False  # 05:00-07:00 missing rows
    values_txt = values.astype(object)
    values_txt[30] = ""  # an empty cell at day 2 06:00
    path = write_csv(tmp_path / "g.csv", stamps[keep], values_txt[keep])
    with pytest.raises(InputError) as err:
        read_metered(path)
    text = str(err.value)
    assert "2026-03-02T05:00:00+08:00 .. 2026-03-02T07:00:00+08:00 (3)" in text
    assert "2026-03-03T06:00:00+08:00" in text and "4 missing in 2 gaps" in text
    linear = read_metered(path, fill="linear")
    np.testing.assert_allclose(linear.kw.to_numpy(), values)  # a straight line is restored exactly
    assert linear.report.fill_method == "linear" and linear.report.missing_intervals == 4
    assert linear.report.gaps[0] == {"start": "2026-03-02T05:00:00+08:00", "end": "2026-03-02T07:00:00+08:00",
                                     "intervals": 3}
    # previous_day cannot fill the first day's gap: a clear error, not a silent guess
    with pytest.raises(InputError, match="earlier day with a value for 2026-03-02T05:00"):
        read_metered(path, fill="previous_day")
    second_day_only = write_csv(tmp_path / "h.csv", stamps[np.arange(48) != 30], values[np.arange(48) != 30])
    previous = read_metered(second_day_only, fill="previous_day")
    assert previous.kw.iloc[30] == values[6]  # day 2 06:00 copied from day 1 06:00
    assert previous.report.fill_method == "previous_day"


def test_duplicates_are_reported_and_treated_only_as_asked(tmp_path):
    stamps = list(day_stamps(60))
    values = list(np.full(len(stamps), 10.0))
    stamps.insert(3, stamps[2])
    values.insert(3, 20.0)
    path = write_csv(tmp_path / "d.csv", stamps, values)
    with pytest.raises(InputError, match="2026-03-02T02:00:00"):
        read_metered(path)
    first = read_metered(path, duplicates="first")
    mean = read_metered(path, duplicates="mean")
    assert first.kw.iloc[2] == 10.0 and mean.kw.iloc[2] == 15.0
    assert first.report.duplicates == ["2026-03-02T02:00:00+08:00"]
    assert len(first.kw) == 48


def test_text_in_the_value_column_names_the_timestamp(tmp_path):
    stamps = day_stamps(60)
    values = np.ones(len(stamps)).astype(object)
    values[10] = "n/a"
    with pytest.raises(InputError, match=r"2026-03-02 10:00:00\+08:00: 'n/a'"):
        read_metered(write_csv(tmp_path / "t.csv", stamps, values))
    bad_time = list(stamps.strftime("%Y-%m-%d %H:%M"))
    bad_time[4] = "yesterday"
    with pytest.raises(InputError, match="yesterday"):
        read_metered(write_csv(tmp_path / "u.csv", bad_time, np.ones(len(stamps))))


def test_timestamps_with_offset_and_dst_free_zone(tmp_path):
    # UTC stamps are converted to Beijing time; naive stamps in a DST zone fail clearly at a missing hour
    stamps = day_stamps(60).tz_localize("UTC")
    data = read_metered(write_csv(tmp_path / "z.csv", [t.isoformat() for t in stamps], np.ones(len(stamps))))
    assert data.kw.index[0] == pd.Timestamp("2026-03-02 08:00", tz="Asia/Shanghai")
    dst = day_stamps(60, start="2026-03-08")  # US clocks jump 02:00 -> 03:00 on 2026-03-08
    with pytest.raises(InputError, match="daylight saving"):
        read_metered(write_csv(tmp_path / "ny.csv", dst, np.ones(len(dst))), timezone="America/New_York")


def test_irregular_interval_is_refused(tmp_path):
    stamps = pd.date_range("2026-03-02", periods=20, freq="7min")
    with pytest.raises(InputError, match="15, 30 or 60"):
        read_metered(write_csv(tmp_path / "i.csv", stamps, np.ones(20)))
    with pytest.raises(InputError, match="interval_minutes"):
        read_metered(write_csv(tmp_path / "j.csv", day_stamps(60), np.ones(48)), interval_minutes=15)


def test_excel_file(tmp_path):
    stamps = day_stamps(15)
    frame = pd.DataFrame({"采集时间": stamps, "有功功率(kW)": np.full(len(stamps), 80.0)})
    path = tmp_path / "m.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="cover", index=False)
        frame.to_excel(writer, sheet_name="data", index=False)
    data = read_metered(path, sheet="data")
    assert (data.report.interval_minutes, data.report.unit) == (15, "kW")
    assert data.report.energy_kwh == pytest.approx(80.0 * 48)
    with pytest.raises(InputError, match="cover"):
        read_metered(path, sheet="nope")


def full_year_csv(path, year=2024):
    stamps = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left")
    # weekday 1000 kW, weekend 500 kW: the week structure must survive the move to another year
    values = np.where(stamps.weekday < 5, 1000.0, 500.0)
    return write_csv(path, stamps, values), values.sum()


def test_a_past_year_is_moved_by_whole_weeks_and_scaled_to_future_output(tmp_path):
    path, energy_2024 = full_year_csv(tmp_path / "y.csv")
    data = read_metered(path)
    kw = year_profile_kw(data, 2026)
    assert len(kw) == 8760
    weekday = kw.index.weekday < 5
    assert (kw[weekday] == 1000.0).all() and (kw[~weekday] == 500.0).all()
    assert "weeks" in data.report.notes[-1]
    # an enterprise metered in 2024 at 80,000 t output, planned at 120,000 t in 2026
    sec = LoadSection.model_validate({"enterprises": [
        {"name": "plant", "archetype": "industrial_silicon", "output_per_yr": 120_000,
         "metered": {"file": str(path), "output_per_yr": 80_000}},
        {"name": "to_energy", "metered": {"file": str(path)}, "annual_kwh": 1.0e7}]})
    load = build_park_load(sec, model_index(2026))
    year_energy = kw.sum()
    assert load.enterprises_kw["plant"].sum() == pytest.approx(1.5 * year_energy, rel=1e-9)
    assert load.enterprises_kw["to_energy"].sum() == pytest.approx(1.0e7, rel=1e-9)
    assert load.summary.loc["plant", "source"] == "metered"
    assert load.metered["plant"]["scale_factor"] == pytest.approx(1.5)
    assert energy_2024 > 0


def test_short_data_outside_the_horizon_is_refused(tmp_path):
    path = write_csv(tmp_path / "s.csv", day_stamps(60, days=30, start="2025-03-01"), np.ones(720))
    with pytest.raises(InputError, match="364 days"):
        year_profile_kw(read_metered(path), 2026)


def test_interval_end_labels_with_24_00(tmp_path):
    # 15-min energy labelled by interval end, as meters often export: 00:15 ... 24:00
    ends = pd.date_range("2026-03-02 00:15", periods=96, freq="15min")
    labels = [t.strftime("%Y-%m-%d %H:%M") for t in ends]
    labels[-1] = "2026-03-02 24:00"
    kwh = np.arange(96, dtype=float)
    data = read_metered(write_csv(tmp_path / "e.csv", labels, kwh, header="kWh"), timestamps="end")
    assert data.kw.index[0] == pd.Timestamp("2026-03-02 00:00", tz="Asia/Shanghai")
    assert data.kw.index[-1] == pd.Timestamp("2026-03-02 23:45", tz="Asia/Shanghai")
    np.testing.assert_allclose(data.kw.to_numpy(), kwh * 4)
    assert "interval ends" in data.report.interval_basis


def test_wide_daily_table_with_96_points(tmp_path):
    # one row per day, columns 00:15 ... 24:00 (用电信息采集 style), values kWh per quarter hour
    cols = [(pd.Timestamp("2026-03-02") + pd.Timedelta(minutes=15 * k)).strftime("%H:%M") for k in range(1, 96)]
    cols.append("24:00")
    frame = pd.DataFrame(np.full((2, 96), 10.0), columns=cols)
    frame.insert(0, "日期", ["2026-03-02", "2026-03-03"])
    frame.loc[1, "12:00"] = np.nan  # one missing reading
    path = tmp_path / "wide.xlsx"
    frame.to_excel(path, index=False)
    with pytest.raises(InputError, match="unit"):
        read_metered(path, layout="wide", timestamps="end")
    with pytest.raises(InputError, match=r"2026-03-03T12:00:00\+08:00"):
        read_metered(path, layout="wide", timestamps="end", unit="kWh")
    data = read_metered(path, layout="wide", timestamps="end", unit="kWh", fill="linear")
    assert len(data.kw) == 192 and data.report.interval_minutes == 15
    np.testing.assert_allclose(data.kw, 40.0)
    assert data.kw.index[0] == pd.Timestamp("2026-03-02 00:00", tz="Asia/Shanghai")


def test_gbk_encoded_semicolon_csv(tmp_path):
    stamps = day_stamps(60)
    text = "时间;有功功率(kW)\n" + "\n".join(f"{t:%Y/%m/%d %H:%M};{50.0}" for t in stamps) + "\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    data = read_metered(path)
    assert data.report.unit == "kW" and data.report.energy_kwh == pytest.approx(50.0 * 48)
