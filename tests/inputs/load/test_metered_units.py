"""Unit headers of metered files: every form a Chinese or English export uses is read with its scale
(万 = 10,000, MW = 1,000 kW, MW·h = 1,000 kWh); an unknown unit is refused, never guessed."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.inputs.load.metered import read_metered

STAMPS = pd.date_range("2026-03-02", periods=8, freq="15min").strftime("%Y-%m-%d %H:%M")
READING = 2.0  # every row of the file

#: header -> (unit read, mean power [kW] of a 15-min reading of 2 in that unit)
HEADERS = {
    "负荷(万千瓦)": ("kW", 2.0e4),
    "负荷(万kW)": ("kW", 2.0e4),
    "电量(万kWh)": ("kWh", 2.0e4 * 4),
    "电量(万千瓦时)": ("kWh", 2.0e4 * 4),
    "电量 (MW·h)": ("kWh", 2.0e3 * 4),
    "energy (MW.h)": ("kWh", 2.0e3 * 4),
    "energy (MWh)": ("kWh", 2.0e3 * 4),
    "电量(兆瓦时)": ("kWh", 2.0e3 * 4),
    "电量(kW·h)": ("kWh", 2.0 * 4),
    "电量（千瓦时）": ("kWh", 2.0 * 4),
    "energy_kwh": ("kWh", 2.0 * 4),
    "负荷(MW)": ("kW", 2.0e3),
    "负荷（兆瓦）": ("kW", 2.0e3),
    "负荷(千瓦)": ("kW", 2.0),
    "load (kW)": ("kW", 2.0),
    "load_kw": ("kW", 2.0),
}


def _write(path, header):
    pd.DataFrame({"时间": STAMPS, header: [READING] * len(STAMPS)}).to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.mark.parametrize("header", list(HEADERS))
def test_header_unit_and_scale(header, tmp_path):
    unit, kw = HEADERS[header]
    data = read_metered(_write(tmp_path / "m.csv", header))
    assert data.report.unit == unit and header in data.report.unit_basis
    np.testing.assert_allclose(data.kw.to_numpy(), kw, rtol=1e-12)
    assert data.report.energy_kwh == pytest.approx(kw * len(STAMPS) * 0.25, rel=1e-12)


@pytest.mark.parametrize("header", ["电量(GWh)", "负荷(MVA)", "power (W)", "电量(度)"])
def test_unknown_unit_is_refused(header, tmp_path):
    with pytest.raises(InputError, match=r"header = .*expected a unit zcpark knows"):
        read_metered(_write(tmp_path / "m.csv", header))


@pytest.mark.parametrize("header", ["功率", "负荷(总表)", "value"])
def test_no_unit_needs_a_given_unit(header, tmp_path):
    with pytest.raises(InputError, match=r"unit = 'auto'.*does not say kW or kWh"):
        read_metered(_write(tmp_path / "m.csv", header))
    data = read_metered(_write(tmp_path / "m.csv", header), unit="kWh")
    np.testing.assert_allclose(data.kw.to_numpy(), READING * 4)


def test_given_unit_may_not_drop_a_scaled_header(tmp_path):
    with pytest.raises(InputError, match=r"unit = 'kW'.*10000 x kW"):
        read_metered(_write(tmp_path / "m.csv", "负荷(万千瓦)"), unit="kW")


def test_gbk_file_with_chinese_unit(tmp_path):
    path = tmp_path / "m.csv"
    pd.DataFrame({"时间": STAMPS, "负荷(万千瓦)": [READING] * len(STAMPS)}).to_csv(path, index=False, encoding="gbk")
    np.testing.assert_allclose(read_metered(path).kw.to_numpy(), 2.0e4)


def test_absurd_load_after_scaling_is_refused(tmp_path):
    """2e4 万kW = 200 GW: each reading is a plain number, the scaled load is not plausible."""
    path = tmp_path / "m.csv"
    pd.DataFrame({"时间": STAMPS, "负荷(万千瓦)": [2.0e4] * len(STAMPS)}).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"column '负荷\(万千瓦\)' at 2026-03-02T00:00:00\+08:00 = '2e\+08 kW': "
                                         r"expected a mean load of at most 1e\+08 kW"):
        read_metered(path)
