"""The energy-flow diagram: a hand-solvable case, and every node balanced on a solved week, re-added from
the bands' ``data-kwh`` in the written report and recomputed from ``hourly.csv``."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from simulator.outputs.html import write_report
from simulator.outputs.sankey import Flow, energy_flows, node_totals, sankey_svg


def _hand_table() -> pd.DataFrame:
    """Two 1-h steps: 10 kW PV available (2 curtailed), 5 kW import, store 3 in and 2.4 out, 1 kW export."""
    index = pd.date_range("2026-01-01", periods=2, freq="h", tz="Asia/Shanghai")
    return pd.DataFrame({"load_kw": [10.0, 12.4], "pv_available_kw": [10.0, 0.0], "pv_kw": [8.0, 0.0],
                         "wind_available_kw": [0.0, 0.0], "wind_kw": [0.0, 0.0], "import_kw": [5.0, 10.0],
                         "storage_charge_kw": [3.0, 0.0], "storage_discharge_kw": [0.0, 2.4],
                         "export_kw": [0.0, 0.0], "curtailed_kw": [2.0, 0.0], "unserved_kw": [0.0, 0.0]},
                        index=index)


def test_hand_case_flows_are_the_hand_sums():
    flows = {(f.source, f.target): f.kwh_per_yr for f in energy_flows(_hand_table(), 1.0, 10.0)}
    assert flows == pytest.approx({("pv", "curtailed"): 20.0, ("pv", "bus"): 80.0, ("grid_import", "bus"): 150.0,
                                   ("storage_discharge", "bus"): 24.0, ("bus", "load"): 224.0,
                                   ("bus", "storage_charge"): 30.0, ("storage_charge", "storage_returned"): 24.0,
                                   ("storage_charge", "storage_losses"): 6.0})


def test_discharge_above_charge_is_drawn_from_the_stock_and_balances():
    table = _hand_table()
    table["storage_charge_kw"] = [1.0, 0.0]  # 1 in, 2.4 out: the stock gave 1.4
    table["import_kw"] = [7.0, 10.0]
    flows = energy_flows(table, 1.0, 1.0)
    assert Flow("storage_stock", "storage_charge", pytest.approx(1.4)) in flows
    inflow, outflow = node_totals(flows)["storage_charge"]
    assert inflow == pytest.approx(outflow)


def _svg_flows(text: str) -> list[Flow]:
    start = text.index('<svg xmlns="http://www.w3.org/2000/svg" class="sankey"')
    svg = text[start:text.index("</svg>", start)]
    return [Flow(s, t, float(v)) for s, t, v in
            re.findall(r'class="sankey-flow" data-source="([^"]+)" data-target="([^"]+)" data-kwh="([^"]+)"', svg)]


@pytest.mark.parametrize("lang, name", [("zh", "园区电网"), ("en", "Park network")])
def test_report_diagram_balances_every_node_against_hourly_csv(small_dir, tmp_path, lang, name):
    summary = json.loads((small_dir / "summary.json").read_text(encoding="utf-8"))
    hourly = pd.read_csv(small_dir / "hourly.csv", index_col=0)
    text = write_report(small_dir, lang, tmp_path / f"r_{lang}.html").read_text(encoding="utf-8")
    assert 'id="fig-sankey"' in text and name in text
    flows = _svg_flows(text)
    h = summary["horizon"]
    k, dt = h["year_weight"], h["dt_h"]
    per_yr = lambda col: hourly[col].sum() * dt * k  # noqa: E731
    load = per_yr("load_kw")
    # the model meets its balance to the solver's tolerance per step; the diagram drops bands < 1e-9 of the load
    tol = summary["checks"]["balance_tolerance_kw"] * h["steps"] * dt * k + 1e-8 * load
    totals = node_totals(flows)
    for node, (inflow, outflow) in totals.items():
        if inflow > 0 and outflow > 0:
            assert abs(inflow - outflow) <= tol, (node, inflow, outflow)
    assert totals["bus"][0] == pytest.approx(per_yr("pv_kw") + per_yr("wind_kw") + per_yr("import_kw")
                                             + per_yr("storage_discharge_kw") + per_yr("unserved_kw"), abs=tol)
    assert totals["load"][0] == pytest.approx(load, abs=tol)
    assert totals["storage_charge"][0] == pytest.approx(per_yr("storage_charge_kw"), abs=tol)
    sources = sum(v[1] for n, v in totals.items() if v[0] == 0)
    sinks = sum(v[0] for n, v in totals.items() if v[1] == 0)
    assert sources == pytest.approx(sinks, abs=4 * tol)
    available = per_yr("pv_available_kw") + per_yr("wind_available_kw")
    assert totals.get("pv", (0, 0))[1] + totals.get("wind", (0, 0))[1] == pytest.approx(available, abs=tol)
    ents = {f.target[4:]: f.kwh_per_yr for f in flows if f.source == "load"}
    assert set(ents) == {r["enterprise"] for r in summary["enterprises"]["rows"]}


def test_svg_nodes_carry_their_values():
    svg = sankey_svg(energy_flows(_hand_table(), 1.0, 10.0), "en")
    nodes = dict(re.findall(r'data-node="([^"]+)" data-kwh="([^"]+)"', svg))
    assert float(nodes["bus"]) == pytest.approx(254.0) and float(nodes["load"]) == pytest.approx(224.0)
    assert "Storage losses" in svg


def test_heat_electricity_is_split_off_the_load_when_enterprises_do_not_add_up():
    table = _hand_table()
    table["heat_electric_kw"] = [4.0, 2.0]
    flows = {(f.source, f.target): f.kwh_per_yr for f in energy_flows(table, 1.0, 1.0, enterprise_rows=[])}
    assert flows[("load", "heat_electric")] == pytest.approx(6.0)
    assert flows[("load", "other_load")] == pytest.approx(22.4 - 6.0)
    rows = [{"enterprise": "a", "load_kwh": 10.0}]  # 10 of 22.4 kWh: not the park load, so not drawn as its split
    assert all(not f.target.startswith("ent:") for f in energy_flows(table, 1.0, 1.0, rows))
