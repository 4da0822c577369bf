"""Profile CSVs are decoded like metered files (UTF-8 with or without BOM, or GBK), and a file with a
header only, inf or 1e400 is an error naming the file and key."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.errors import InputError
from simulator.inputs.profiles import read_profile_csv
from simulator.inputs.timegrid import model_index

INDEX = model_index(2026, days=1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_encodings_read_alike(encoding, tmp_path):
    values = np.linspace(100.0, 200.0, len(INDEX))
    path = tmp_path / "p.csv"
    pd.DataFrame({"时间": [t.isoformat() for t in INDEX], "负荷": values}).to_csv(path, index=False,
                                                                                 encoding=encoding)
    series = read_profile_csv(path, INDEX, "load.profile_csv", "load", column="负荷")
    np.testing.assert_allclose(series.to_numpy(), values, rtol=1e-12)


def test_other_encoding_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("timestamp,load\n".encode("utf-16"))
    with pytest.raises(InputError, match=r"p.csv: load.profile_csv = .*UTF-8 or GBK"):
        read_profile_csv(path, INDEX, "load.profile_csv", "load")


@pytest.mark.parametrize("bad", ["inf", "-inf", "1e400", "1e12"])
def test_non_finite_or_absurd_load_is_refused(bad, tmp_path):
    rows = "".join(f"{t.isoformat()},{bad if i == 3 else 100}\n" for i, t in enumerate(INDEX))
    path = tmp_path / "p.csv"
    path.write_text("timestamp,load_kw\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match=r"load.profile_csv column 'load_kw' at 2026-01-01 03:00:00\+08:00 = .*finite"):
        read_profile_csv(path, INDEX, "load.profile_csv", "load")


def test_header_only_is_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("timestamp,load_kw\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a header and no data rows.*24 rows"):
        read_profile_csv(path, INDEX, "load.profile_csv", "load")


def test_inf_availability_is_refused(tmp_path):
    rows = "".join(f"{t.isoformat()},{'inf' if i == 5 else 0.5}\n" for i, t in enumerate(INDEX))
    path = tmp_path / "a.csv"
    path.write_text("timestamp,pv\n" + rows, encoding="utf-8")
    with pytest.raises(InputError, match=r"pv.availability_csv column 'pv' at .* = inf: expected availability in 0..1"):
        read_profile_csv(path, INDEX, "pv.availability_csv", "availability")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_power_curve_csv_is_decoded_alike_and_infinite_values_refused(encoding, tmp_path):
    from simulator.inputs.resource.wind import read_power_curve_csv

    path = tmp_path / "curve.csv"
    path.write_bytes("wind_speed_m_per_s,power_kw,备注\n0,0,切入\n5,1000,\n10,4500,额定\n".encode(encoding))
    speeds, power = read_power_curve_csv(path)
    np.testing.assert_allclose(power, [0.0, 1000 / 4500, 1.0], rtol=1e-12)
    path.write_text("wind_speed_m_per_s,power_kw\n0,0\n5,inf\n10,4500\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"curve.csv: power_kw = 'missing, non-numeric or infinite values'"):
        read_power_curve_csv(path)
