"""Settlement and price window of a load-led joint project (issue 18 points 3-4)."""
from __future__ import annotations

import dataclasses
import json
import warnings

import numpy as np
import pytest

from park_fixtures import SMALL_PARK_TOML
from simulator.errors import InputError
from simulator.results.run import run
from simulator.scenario import load_scenario
from simulator.studies.deal import build_deal, check_deal, price_window, settlement, window_figure

@pytest.fixture(scope="module")
def week(tmp_path_factory):
    path = tmp_path_factory.mktemp("deal") / "park.toml"
    path.write_text(SMALL_PARK_TOML + "\n[deal]\nenterprise_equity_fraction = 0.51\nhurdle_irr_fraction = 0.06\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a week's operation scaled to a year: the finance module warns
        result = run(load_scenario(path))
        deal = build_deal(result)
    return path, result, deal


def test_window_edges_reproduce_the_hurdle_irr_and_the_bau_bill(week):
    _path, result, d = week
    w = price_window(d)
    assert w["exists"]
    assert d.project_irr(w["price_low_cny_per_kwh"]) == pytest.approx(0.06, abs=1e-6)
    binding = w["binding_enterprise"]
    bill = d.bills(w["price_high_cny_per_kwh"])[binding]
    assert bill == pytest.approx(d.bau_cny_per_yr[binding], rel=1e-6)
    # every other enterprise still saves at the upper edge; the project beats its hurdle inside the window
    assert (d.bills(w["price_high_cny_per_kwh"]) <= d.bau_cny_per_yr * (1 + 1e-9)).all()
    assert d.project_irr(0.5 * (w["price_low_cny_per_kwh"] + w["price_high_cny_per_kwh"])) > 0.06
    # the BAU bills share the grid-only twin's bill exactly (computed directly: scale 1)
    assert d.bau_cny_per_yr.sum() == pytest.approx(result.summary["baseline"]["cost_cny_per_yr"], rel=1e-9)
    assert d.bau_scale == pytest.approx(1.0, rel=1e-9)
    # flat price: the weighted green energy is the credited green energy per year
    k = result.summary["horizon"]["year_weight"]
    np.testing.assert_allclose(d.green_weighted_kwh_per_yr, result.enterprises["green_kwh"] * k, rtol=1e-9)


def test_settlement_adds_up(week):
    _path, result, d = week
    st = settlement(d, 0.3)
    bills = {r["enterprise"]: r["bill_cny_per_yr"] for r in st["enterprises"]}
    table = result.enterprises
    for name, bill in bills.items():  # the grid part as in enterprises.csv, the green part at 0.3 CNY/kWh
        expected = table.loc[name, "bill_cny_per_yr"] - table.loc[name, "green_cny_per_yr"] \
            + 0.3 * d.green_weighted_kwh_per_yr[name]
        assert bill == pytest.approx(expected, rel=1e-12)
    e = st["equity"]
    assert e["enterprises_npv_cny"] + e["generation_company_npv_cny"] == pytest.approx(st["project"]["npv_cny"])
    assert e["enterprises_npv_cny"] == pytest.approx(0.51 * st["project"]["npv_cny"])


def test_no_window_says_by_how_much(week):
    _path, _result, d = week
    # the enterprises accept 0.01 CNY/kWh at most
    d = dataclasses.replace(d, bau_cny_per_yr=d.other_cny_per_yr + 0.01 * d.green_weighted_kwh_per_yr)
    w = price_window(d)
    assert not w["exists"]
    assert w["miss_cny_per_kwh"] == pytest.approx(w["price_low_cny_per_kwh"] - 0.01, rel=1e-6)
    assert "misses by" in w["miss"]


def test_deal_needs_its_section_and_known_names(week):
    path, _result, _d = week
    with pytest.raises(InputError, match="bau_bill_cny_per_yr"):
        check_deal(load_scenario(path, overrides={"deal.bau_bill_cny_per_yr": {"nobody": 1.0}}))
    with pytest.raises(InputError, match="deal"):
        check_deal(load_scenario(path, overrides={"deal": None}))
    with pytest.raises(InputError, match="deal.hurdle_irr_fraction"):
        check_deal(load_scenario(path, overrides={"deal": {"enterprise_equity_fraction": 0.51}}))


def test_tou_shape_keeps_the_average_and_the_chart_draws_in_both_languages(week):
    _path, result, d = week
    result.scenario.deal.price_shape = "tou"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tou = build_deal(result)
    finally:
        result.scenario.deal.price_shape = "flat"
    assert tou.green_weighted_kwh_per_yr.sum() == pytest.approx(d.green_weighted_kwh_per_yr.sum(), rel=1e-9)
    w = price_window(d)
    for lang in ("zh", "en"):
        fig = window_figure(d, w, lang)
        assert len(fig.axes) == 2 and fig.axes[0].get_lines()


def test_zcpark_deal_cli(week, tmp_path, capsys):
    from simulator.cli.main import main

    path, _result, _d = week
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["deal", str(path), "--out", str(tmp_path / "deal"), "--lang", "en"])
    assert code == 0
    report = json.loads((tmp_path / "deal" / "deal.json").read_text(encoding="utf-8"))
    assert report["window"]["exists"] and (tmp_path / "deal" / "deal_price_window_en.png").stat().st_size > 0
    assert "price window:" in capsys.readouterr().out


def test_a_new_enterprise_arriving(week, tmp_path, capsys):
    from simulator.cli.main import main
    from simulator.studies.newcomer import newcomer_report, read_new_enterprises

    path, result, _d = week
    small = tmp_path / "small.toml"
    small.write_text('[[load.enterprises]]\nname = "bakery"\narchetype = "tobacco_food"\nannual_kwh = 2e6\n',
                     encoding="utf-8")
    big = tmp_path / "big.toml"
    big.write_text('[[load.enterprises]]\nname = "dc"\narchetype = "data_centre"\nannual_kwh = 5e8\n',
                   encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = newcomer_report(path, read_new_enterprises(big), base=result)
    # a data centre of 500 GWh/yr adds its 7-day energy to the park, and the resized park buys for it
    k = result.summary["horizon"]["year_weight"]
    assert report["marginal"]["load_kwh"] == pytest.approx(5e8 / k, rel=0.05)
    assert report["new_enterprises"][0]["enterprise"] == "dc"
    assert report["resized"]["compliant"]
    # on the base build (PV, wind, storage held; the connection may grow) even all the green power the plants
    # could generate is under 30 % of the new load, so the 650号 green share cannot be met: the run is
    # infeasible and names the rule
    fixed = report["without_new_build"]
    energy = result.summary["energy"]
    assert energy["re_available_kwh"] / (energy["load_kwh"] + report["marginal"]["load_kwh"]) < 0.30
    assert fixed["status"] == "infeasible" and "650_green_share" in fixed["message"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["deal", str(path), "--add-enterprise", str(small), "--out", str(tmp_path / "d"), "--lang", "en"])
    assert code == 0
    written = json.loads((tmp_path / "d" / "newcomer.json").read_text(encoding="utf-8"))
    assert written["added"] == ["bakery"] and "without new build" in capsys.readouterr().out
    with pytest.raises(InputError, match="names not already in the park"):
        newcomer_report(path, [{"name": "smelter", "archetype": "tobacco_food", "annual_kwh": 1.0}], base=result)
