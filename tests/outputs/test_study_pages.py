"""Study pages (frontier, tornado, sweep, robustness, compare) in both languages, and the catalogue they use.

The frontier and sweep pages come from the commands on the one-week small park (short sweeps); the tornado
page from a hand-made table (the command itself is tested in tests/studies/test_sensitivity.py, which also
checks its pages); robustness and compare pages are checked in their own command tests.
"""
from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from simulator.cli import main
from simulator.outputs import i18n, i18n_more
from simulator.outputs.study_pages import COLUMNS, PAGE_LABELS, STATUSES, tornado_page, write_pages

from park_fixtures import SMALL_PARK_TOML

CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(page: Path) -> str:
    """Visible text of a page (tags, scripts and SVG paths dropped)."""
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _page_keys() -> set[str]:
    """Every catalogue key a study page can show."""
    keys = set(PAGE_LABELS) | {key for key, _ in COLUMNS.values()} | {f"status_{s}" for s in STATUSES}
    keys |= {f"group_{g}" for g in ("pv_capex", "wind_capex", "storage_capex", "grid_prices")}
    keys |= {f"in_{name}" for name in ("base", "pv_capex", "wind_capex", "storage_capex", "grid_prices",
                                        "load_level", "irradiation")}
    return keys


def test_every_page_label_has_chinese_and_english_and_no_key_is_defined_twice():
    source = Path(i18n.__file__).read_text(encoding="utf-8")
    literal = next(node for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "LABELS")
    assert not {k.value for k in literal.value.keys} & set(i18n_more.LABELS_MORE)  # one catalogue entry per key
    for key in _page_keys() | set(i18n_more.LABELS_MORE):
        zh, en = i18n.LABELS[key]
        assert zh.strip() and en.strip(), key
        if key not in ("u_mw_mwh",):
            assert CJK.search(zh) and not CJK.search(en), key


def test_study_names_match_the_catalogue():
    """Inputs and cost groups the studies know have labels (names copied in the CLI, checked here too)."""
    from simulator.cli.analysis import COST_GROUPS, SENSITIVITY_INPUTS

    assert {f"group_{g}" for g in COST_GROUPS} | {f"in_{n}" for n in SENSITIVITY_INPUTS} <= set(i18n.LABELS)


def _assert_both_languages(paths: list[Path], zh_words: tuple[str, ...], en_words: tuple[str, ...]):
    by_lang = {p.stem.rsplit("_", 1)[1]: _text(p) for p in paths}
    assert set(by_lang) == {"zh", "en"}
    for word in zh_words:
        assert word in by_lang["zh"], word
    for word in en_words:
        assert word in by_lang["en"], word
    leftover = [k for k in _page_keys() | set(i18n_more.LABELS_MORE)
                if re.search(rf"(?<![\w/.]){re.escape(k)}(?![\w/.])", by_lang["zh"])]
    assert leftover == [], leftover  # no untranslated catalogue key on the Chinese page
    assert not CJK.search(by_lang["en"].replace("small_park", ""))


def test_tornado_page_in_both_languages(tmp_path):
    table = pd.DataFrame({"input": ["pv_capex", "pv_capex"], "metric": ["objective_cny_per_yr", "pv_kw"],
                          "base": [2.0e7, 1.0e4], "low": [1.9e7, 1.2e4], "high": [2.1e7, 0.8e4],
                          "low_change_fraction": [-0.05, 0.2], "high_change_fraction": [0.05, -0.2],
                          "swing": [2e6, 4e3], "low_status": ["optimal", "optimal"],
                          "high_status": ["optimal", "infeasible"]})
    paths = write_pages(lambda lang: tornado_page(table, 0.2, "small_park", lang), tmp_path, "tornado")
    _assert_both_languages(paths, ("敏感性分析", "光伏投资", "年化总成本", "2,000.0 万元", "无可行解", "-5.0 %"),
                           ("Sensitivity (tornado)", "PV capex", "20.00 MCNY", "infeasible"))
    assert "<svg" in paths[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def park_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "park.toml"
    path.write_text(SMALL_PARK_TOML, encoding="utf-8")
    return path


def test_frontier_command_writes_both_pages(park_file, tmp_path):
    out = tmp_path / "frontier"
    assert main(["frontier", str(park_file), "--green-share", "0.3,0.6", "--no-off-grid", "--no-plot",
                 "--set", "park.days=2", "--out", str(out)]) == 0
    table = pd.read_csv(out / "frontier.csv")
    paths = [out / "frontier_zh.html", out / "frontier_en.html"]
    _assert_both_languages(paths, ("规则限值–成本前沿", "650号 自发自用电量 / 总用电量", "光伏 (MW)", "不施加该规则"),
                           ("Cost frontier", "PV (MW)", "Rule switched off"))
    zh = paths[0].read_text(encoding="utf-8")
    for value in table["pv_kw"]:  # the table's numbers, raw in data-value
        assert f'data-value="{float(value)!r}"' in zh


def test_sweep_command_writes_both_pages(park_file, tmp_path):
    out = tmp_path / "sweep"
    assert main(["sweep", str(park_file), "--group", "pv_capex", "--factors", "0.8,1.2", "--set", "park.days=2",
                 "--out", str(out)]) == 0
    paths = [out / "sweep_pv_capex_zh.html", out / "sweep_pv_capex_en.html"]
    _assert_both_languages(paths, ("成本参数扫描", "光伏投资", "倍数", "绿电占比"), ("Cost sweep", "PV capex", "Factor"))
