"""Checks that a workbook is written in one language: sheet names and header rows (shared by tests)."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from simulator.outputs.i18n import LABELS

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
#: a whole label that is an ASCII identifier with underscores: an untranslated key (``storage_charge_kwh``)
SNAKE = re.compile(r"^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$")
#: English labels of the catalogue whose Chinese label differs (they must not appear in a zh workbook)
ENGLISH_ONLY = {en for zh, en in LABELS.values() if zh != en}


def _stem(text: str) -> str:
    """A header without its trailing unit in brackets: ``总用电量 (kWh)`` -> ``总用电量``."""
    return re.sub(r"\s*\([^()]*\)$", "", text).strip()


def workbook_labels(path: Path) -> list[str]:
    """Sheet names and every text cell of each sheet's header row."""
    wb = openpyxl.load_workbook(path)
    texts = list(wb.sheetnames)
    for ws in wb:
        texts += [str(c.value) for c in ws[1] if c.value is not None]
    return texts


def assert_in_language(path: Path, lang: str) -> list[str]:
    """zh: no sheet name or header is an untranslated key or an English catalogue label; en: none holds a
    CJK character or is an untranslated key. Returns the labels checked."""
    texts = workbook_labels(path)
    assert len(texts) > 5, texts
    keys = [t for t in texts if SNAKE.match(_stem(t)) or SNAKE.match(t)]
    assert not keys, f"{path.name}: untranslated keys {keys}"
    if lang == "zh":
        english = [t for t in texts if _stem(t) in ENGLISH_ONLY and not CJK.search(t)]
        assert not english, f"{path.name}: English labels {english}"
    else:
        chinese = [t for t in texts if CJK.search(t)]
        assert not chinese, f"{path.name}: Chinese text {chinese}"
    return texts
