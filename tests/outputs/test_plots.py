"""Every plot function on the solved default scenario (full year) and on an off-grid week."""
from __future__ import annotations

import numpy as np
import openpyxl
import pytest
from matplotlib.figure import Figure

from simulator.outputs import plots
from simulator.outputs.data import read_results
from simulator.outputs.excel import write_workbook
from simulator.outputs.html import write_report

NAMES = ("monthly", "dry_week", "wet_week", "heatmap", "duration", "soc", "costs", "compliance")


@pytest.mark.parametrize("case", ["default_dir", "offgrid_dir"])
def test_every_plot_function_writes_a_non_empty_image(case, request, tmp_path):
    rf = read_results(request.getfixturevalue(case))
    for lang, fmt in (("en", "png"), ("zh", "svg")):  # the HTML tests cover zh SVG text further
        figures = plots.all_figures(rf.hourly, rf.summary, rf.dt_h, lang)
        assert tuple(figures) == NAMES
        assert all(isinstance(f, Figure) and f.axes for f in figures.values())
        paths = plots.save_figures(figures, tmp_path / lang, fmt)
        assert len(paths) == len(NAMES)
        for path in paths:
            assert path.stat().st_size > 2000, path  # a real chart, not an empty canvas


def test_monthly_balance_bars_add_up_to_the_load(default_dir):
    """Above-zero bars − charge − export = load per month (balance eq. 1; curtailment is outside it)."""
    rf = read_results(default_dir)
    fig = plots.monthly_energy_balance(rf.hourly, rf.dt_h)
    ax = fig.axes[0]
    up = down = np.zeros(12)
    labels = {t.get_label() for t in ax.containers}
    for container in ax.containers:
        heights = np.array([bar.get_height() for bar in container])
        if container.get_label() == "Curtailment":
            continue
        if (heights >= 0).all():
            up = up + heights
        else:
            down = down + heights
    load_gwh = rf.hourly["load_kw"].groupby(rf.hourly.index.month).sum().to_numpy() * rf.dt_h / 1e6
    assert "PV" in labels and "Grid import" in labels
    np.testing.assert_allclose(up + down, load_gwh, rtol=1e-6)


def test_typical_weeks_lie_in_their_season(default_dir):
    rf = read_results(default_dir)
    dry, found_dry = plots.typical_week(rf.hourly, plots.DRY_MONTHS, rf.dt_h)
    wet, found_wet = plots.typical_week(rf.hourly, plots.WET_MONTHS, rf.dt_h)
    assert found_dry and found_wet
    assert len(dry) == len(wet) == 7 * 24
    assert set(dry.index.month) <= set(plots.DRY_MONTHS)
    assert set(wet.index.month) <= set(plots.WET_MONTHS)


def test_off_grid_week_has_no_wet_season_and_says_so(offgrid_dir):
    rf = read_results(offgrid_dir)
    week, found = plots.typical_week(rf.hourly, plots.WET_MONTHS, rf.dt_h)
    assert not found and len(week) == len(rf.hourly)  # the one-week horizon lies in March
    fig = plots.dispatch_week(rf.hourly, "wet", rf.dt_h, "en")
    assert "season not in horizon" in fig.axes[0].get_title()
    assert rf.hourly["import_kw"].abs().max() == 0.0
    assert rf.hourly["unserved_kw"].sum() > 0, "the off-grid case should use its unserved allowance"


def test_svg_keeps_chinese_text_as_text(offgrid_dir):
    rf = read_results(offgrid_dir)
    svg = plots.figure_svg(plots.monthly_energy_balance(rf.hourly, rf.dt_h, "zh"))
    assert svg.startswith("<svg") and "逐月电量平衡" in svg and "缺供" in svg
    assert "sans-serif" in svg


def test_dispatch_week_rejects_unknown_season(offgrid_dir):
    rf = read_results(offgrid_dir)
    with pytest.raises(ValueError, match="dry"):
        plots.dispatch_week(rf.hourly, "monsoon", rf.dt_h)


def test_quarter_hour_run_without_storage(solve_small):
    """15-minute steps (Δt = 0.25 h) and no storage: plots, workbook and report use Δt, not the row count."""
    folder = solve_small({"park.timestep_minutes": 15, "park.days": 3, "storage.enabled": False})
    rf = read_results(folder)
    assert rf.dt_h == 0.25 and len(rf.hourly) == 3 * 96
    figures = plots.all_figures(rf.hourly, rf.summary, rf.dt_h, "en")
    assert "no storage" in [t.get_text() for t in figures["soc"].axes[0].texts]
    heat = figures["heatmap"].axes[0].images[0].get_array()
    assert heat.shape == (3, 24)  # quarter hours averaged into hours
    np.testing.assert_allclose(heat.mean(), rf.hourly["load_kw"].mean() / 1000, rtol=1e-9)
    wb = openpyxl.load_workbook(write_workbook(folder, "en"))
    monthly = list(wb["Monthly"].iter_rows(min_row=2, values_only=True))
    assert monthly[0][1] == pytest.approx(rf.hourly["load_kw"].sum() * 0.25)
    assert rf.summary["kpi"]["storage_cycles_per_yr"] == 0.0
    assert rf.summary["kpi"]["storage_round_trip_efficiency_fraction"] is None
    assert "no optimal solution" not in write_report(folder, "en").read_text(encoding="utf-8")
