"""``[policy] green_certificate_price_csv``: per-step or monthly series, checked before any solve."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from park_fixtures import SMALL_PARK
from simulator.errors import InputError
from simulator.inputs.certificates import certificate_prices
from simulator.inputs.precheck import check_scenario
from simulator.inputs.timegrid import scenario_index
from simulator.scenario import scenario_from_dict

KEY = "policy.green_certificate_price_csv"


def scenario(tmp_path, text: str | None = None, **policy):
    raw = copy.deepcopy(SMALL_PARK)
    raw["park"].update(start="2026-03-30", days=3)  # across the end of March
    raw["policy"] = {"zero_carbon": True, **policy}
    if text is not None:
        (tmp_path / "gec.csv").write_text(text, encoding="utf-8")
        raw["policy"]["green_certificate_price_csv"] = "gec.csv"
    return scenario_from_dict(raw, source=str(tmp_path / "park.toml"), base_dir=tmp_path)


def monthly(prices) -> str:
    return "month,price_cny_per_kwh\n" + "".join(f"{m},{p}\n" for m, p in zip(range(1, 13), prices))


def test_monthly_prices_map_onto_the_steps(tmp_path):
    sc = scenario(tmp_path, monthly([0.001 * m for m in range(1, 13)]))
    index = scenario_index(sc)
    prices = certificate_prices(sc, index)
    np.testing.assert_array_equal(prices, 0.001 * index.month.to_numpy())
    assert set(np.round(prices, 6)) == {0.003, 0.004}


def test_per_step_prices_are_read_on_the_horizon(tmp_path):
    index = scenario_index(scenario(tmp_path))
    values = np.linspace(0.002, 0.01, len(index))
    frame = pd.DataFrame({"timestamp": index.strftime("%Y-%m-%dT%H:%M:%S%z"), "price": values})
    prices = certificate_prices(scenario(tmp_path, frame.to_csv(index=False)), index)
    np.testing.assert_allclose(prices, values, rtol=1e-12)


@pytest.mark.parametrize("text, key, value", [
    (monthly([0.005] * 11), f"{KEY} month", "missing [12], repeated []"),
    (monthly([0.005] * 5 + [-0.001] + [0.005] * 6), f"{KEY} line 7 price_cny_per_kwh", -0.001),
    ("month,price\n" + "".join(f"{m},0.005\n" for m in [1, 1] + list(range(3, 13))), f"{KEY} month",
     "missing [2], repeated [1]"),
])
def test_bad_month_tables_are_refused_by_validate(tmp_path, text, key, value):
    sc = scenario(tmp_path, text)
    with pytest.raises(InputError) as exc:
        check_scenario(sc)
    assert [(i.field, i.value) for i in exc.value.issues] == [(key, value)]
    assert exc.value.issues[0].source.endswith("gec.csv")


def test_a_step_series_with_a_gap_is_refused(tmp_path):
    index = scenario_index(scenario(tmp_path))
    frame = pd.DataFrame({"timestamp": index.strftime("%Y-%m-%dT%H:%M:%S%z"), "price": 0.005}).drop(index=5)
    with pytest.raises(InputError) as exc:
        check_scenario(scenario(tmp_path, frame.to_csv(index=False)))
    assert exc.value.issues[0].field.startswith(KEY)


def test_series_beside_a_flat_price_or_without_zero_carbon_is_refused(tmp_path):
    with pytest.raises(InputError) as exc:
        check_scenario(scenario(tmp_path, monthly([0.005] * 12), green_certificate_price_cny_per_kwh=0.004))
    assert [i.field for i in exc.value.issues] == [KEY]
    with pytest.raises(InputError) as exc:
        check_scenario(scenario(tmp_path, monthly([0.005] * 12), zero_carbon=False))
    assert "zero_carbon" in exc.value.issues[0].expected
