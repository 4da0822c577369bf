"""The HTML report in a real headless Chromium: loads without console messages, renders, keeps Chinese text.

Chromium comes from Debian's ``chromium`` package (installed by ``.ci/run``). The test skips, with the
reason shown in the summary (pytest ``-ra``), only when no Chromium binary exists on this machine.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image

from simulator.outputs.html import write_report

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0")


def _chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary found (install Debian's chromium, "
                                "as .ci/run does); the browser test of the HTML report did not run")


def _browse(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile{len(list(tmp_path.glob('profile*')))}"
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


def console_messages(stderr: str) -> list[str]:
    """Lines Chromium logs for the page's console (``INFO:CONSOLE...`` / ``CONSOLE(...)``)."""
    return [line for line in stderr.splitlines() if re.search(r":CONSOLE[:(]|\bCONSOLE\(\d+\)", line)]


def test_console_detector_sees_errors(tmp_path):
    """Negative control: a page with a console.error and an uncaught exception is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><h1>测试</h1><script>'
                    'console.error("deliberate-error-xyz"); undefinedFunctionCall();</script></body></html>',
                    encoding="utf-8")
    proc = _browse(page, tmp_path, "--dump-dom")
    messages = console_messages(proc.stderr)
    assert any("deliberate-error-xyz" in m for m in messages), proc.stderr[-2000:]
    assert any("undefinedFunctionCall" in m for m in messages)
    assert "<h1>测试</h1>" in proc.stdout


def test_report_loads_renders_and_keeps_chinese_headings(default_dir, tmp_path):
    page = write_report(default_dir, "zh", tmp_path / "report_zh.html")
    proc = _browse(page, tmp_path, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert console_messages(proc.stderr) == []
    for heading in ("零碳园区 / 绿电直连 规划结果报告", "结论摘要", "目录", "主要输入", "政策合规性", "关键指标", "图表",
                    "假设与数据来源"):
        assert heading in dom, heading
    assert dom.index('<section id="summary"') < dom.index('<section id="inputs"')
    assert dom.count("<svg") >= 8
    assert "逐月电量平衡" in dom and "枯水期典型周调度" in dom  # chart text is text in the DOM
    shot = tmp_path / "shot.png"
    proc = _browse(page, tmp_path, "--window-size=1200,2400", f"--screenshot={shot}")
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    pixels = image.imread(shot)[..., :3]
    assert pixels.shape[0] >= 2000 and pixels.shape[1] >= 1000
    non_white = (pixels < 0.95).any(axis=2).mean()
    colours = len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    assert non_white > 0.05, f"screenshot nearly blank: {non_white:.1%} non-white pixels"
    assert colours > 50


def _ink(shot: Path) -> tuple[float, int]:
    """Share of non-white pixels and number of distinct colours of a screenshot."""
    pixels = image.imread(shot)[..., :3]
    return (pixels < 0.95).any(axis=2).mean(), len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0))


@pytest.mark.parametrize("lang, title", [("zh", "结论摘要"), ("en", "Summary")])
def test_summary_panel_is_in_the_dom_and_rendered_at_the_top(small_dir, tmp_path, lang, title):
    """The small park's report: the summary panel (verdict rows, figures) is in Chromium's DOM before the
    table of contents, and the first screen (which shows it) is not blank."""
    summary = json.loads((small_dir / "summary.json").read_text(encoding="utf-8"))
    page = write_report(small_dir, lang, tmp_path / f"report_{lang}.html")
    proc = _browse(page, tmp_path, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert console_messages(proc.stderr) == []
    dom = proc.stdout
    start = dom.index('<section id="summary"')
    panel = dom[start:dom.index("</section>", start)]
    assert start < dom.index('<nav id="contents"')
    assert f"<h2>{title}</h2>" in panel
    assert panel.count('<tr class="pass">') + panel.count('<tr class="fail">') == len(summary["compliance"])
    assert panel.count("<dt>") >= 8
    shot = tmp_path / f"top_{lang}.png"
    proc = _browse(page, tmp_path, "--window-size=1200,900", f"--screenshot={shot}")
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    non_white, colours = _ink(shot)
    assert non_white > 0.05, f"screenshot nearly blank: {non_white:.1%} non-white pixels"
    assert colours > 20


#: run after the report's own script: zoom by the button and by a wheel event, note each viewBox on <body>
ZOOM_PROBE = """<script>
var chart = document.querySelector("#dispatch-dry"), plot = chart.querySelector("svg.plot");
var views = [plot.getAttribute("viewBox")];
chart.querySelector("button[data-zoom=in]").click();
views.push(plot.getAttribute("viewBox"));
var box = plot.getBoundingClientRect();
chart.querySelector("svg.dispatch").dispatchEvent(new WheelEvent("wheel", {deltaY: -100, bubbles: true,
  cancelable: true, clientX: box.left + 0.25 * box.width, clientY: box.top + 10}));
views.push(plot.getAttribute("viewBox"));
chart.querySelector("button[data-zoom=reset]").click();
views.push(plot.getAttribute("viewBox"));
document.body.setAttribute("data-views", views.join("|"));
</script>"""


def test_sankey_and_zoomable_weeks_in_chromium(small_dir, tmp_path):
    """Energy-flow diagram and both season weeks are in the DOM; the button and the wheel zoom the time axis
    (the plot's viewBox narrows around the pointer), reset restores the week; the rendered charts are not blank."""
    text = write_report(small_dir, "zh", tmp_path / "report_zh.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', text) and "<link" not in text  # one self-contained file
    probe = tmp_path / "probe.html"
    probe.write_text(text.replace("</body>", ZOOM_PROBE + "</body>"), encoding="utf-8")
    proc = _browse(probe, tmp_path, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert console_messages(proc.stderr) == []
    dom = proc.stdout
    assert dom.count('class="sankey-flow"') >= 6 and "园区电网" in dom and "储能损耗" in dom
    assert 'id="dispatch-dry"' in dom and 'id="dispatch-wet"' in dom and "放大" in dom
    views = [[float(v) for v in view.split()] for view in re.search(r'data-views="([^"]+)"', dom).group(1).split("|")]
    full, button, wheel, reset = views
    assert full[0] == 0 and full[2] == pytest.approx(7 * 24)  # the whole week, hours on x
    assert button[2] == pytest.approx(full[2] / 2) and button[0] == pytest.approx(full[2] / 4)  # centred zoom
    assert wheel[2] == pytest.approx(0.8 * button[2])
    # anchored at the pointer (clientX is whole pixels: one pixel of the ~750 px plot is 1/750 of the view)
    assert wheel[0] == pytest.approx(button[0] + 0.25 * (button[2] - wheel[2]), abs=button[2] / 500)
    assert reset == full and all(v[1] == full[1] and v[3] == full[3] for v in views)  # y range kept
    # the diagram and the weeks alone on a page, rendered
    figures = "".join(text[text.index(f'<figure id="fig-{n}"'):text.index("</figure>", text.index(f'<figure id="fig-{n}"'))]
                      for n in ("sankey", "dry_week"))
    page = tmp_path / "figures.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{figures}</body></html>',
                    encoding="utf-8")
    shot = tmp_path / "figures.png"
    proc = _browse(page, tmp_path, "--window-size=1000,1000", f"--screenshot={shot}")
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    non_white, colours = _ink(shot)
    assert non_white > 0.15, f"screenshot nearly blank: {non_white:.1%} non-white pixels"
    assert colours > 50
