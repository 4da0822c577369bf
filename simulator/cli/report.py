"""CLI side of the report layer: ``zcpark report DIR`` and the report step of ``zcpark run``."""
from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Callable

from simulator.cli.numbers import num, percent, power


#: unit of the value and limit of the rules that are not fractions (the others are shown as percentages)
RULE_UNITS = {"peak_import_within_declared": "kW", "910_co2_per_tce": "t/tce"}


def _rule_texts(row: dict, lang: str = "en") -> tuple[str, str, str]:
    """Value, limit and margin of a compliance row as shown: % and percentage points for shares, MW for
    powers; a margin that rounds to zero at the shown precision is ``at the limit`` (in ``lang``)."""
    from simulator.outputs.i18n import label

    unit, margin = RULE_UNITS.get(row["rule"]), row.get("margin")
    margin_of = lambda text: label("t_margin", lang).format(value=text)  # noqa: E731
    if unit == "kW":
        value, limit = power(row["value"]), power(row["limit"])
        scale, shown_unit, step = (1e3, "MW", 10 ** (math.floor(math.log10(max(abs(row["limit"]), 1.0))) - 3))
        margin_text = None if margin is None else margin_of(f"{num(margin / scale, 4)} {shown_unit}")
    elif unit is not None:
        value, limit = f"{num(row['value'], 3)} {unit}", f"{num(row['limit'], 3)} {unit}"
        step = 10 ** (math.floor(math.log10(max(abs(row["limit"]), 1e-9))) - 2)
        margin_text = None if margin is None else margin_of(f"{num(margin, 3)} {unit}")
    else:
        value, limit, step = percent(row["value"]), percent(row["limit"]), 0.0005
        margin_text = None if margin is None else margin_of(label("t_pp", lang).format(value=f"{100 * margin:+.1f}"))
    if margin is not None and abs(margin) < step:
        margin_text = label("t_at_limit", lang)
    return value, limit, margin_text or ""


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a CJK character takes two)."""
    return text + " " * max(0, width - sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))


def compliance_lines(summary: dict, colour: Callable[[str, bool], str], lang: str = "en") -> list[str]:
    """Terminal lines of the compliance table: result, rule, value, sense, limit, margin, legal basis.

    Enforced rules first, then the checked-only indicators (marked ``(checked)``); ``colour(text, ok)``
    colours a line green or red. Shares are percentages with margins in percentage points (pp).
    """
    from simulator.outputs.i18n import label

    lines = []
    for enforced, rows in ((True, summary.get("compliance", [])), (False, summary.get("indicators", []))):
        for row in rows:
            mark = label("pass" if row["ok"] else "fail", lang)
            value, limit, margin_text = _rule_texts(row, lang)
            note = "" if enforced else label("t_checked", lang)
            text = (f"{_pad(mark, 4)} {row['rule']:28s} {value:>10s} {row['sense']} {limit:<10s} "
                    f"{_pad(margin_text, 18)} {row.get('basis', '')}{note}")
            lines.append("    " + colour(text, bool(row["ok"])))
    return lines


#: languages of the report and workbook ``zcpark run`` writes unless ``--report-lang`` says otherwise
REPORT_LANGS = ("zh", "en")


def report_langs(choice: str) -> tuple[str, ...]:
    """The languages of ``--report-lang``: ``both`` (the default) or one of ``zh`` / ``en``."""
    return REPORT_LANGS if choice == "both" else (choice,)


def write_outputs(folder: str | Path, langs: tuple[str, ...] = REPORT_LANGS) -> list[Path]:
    """Write the HTML report (``report_<lang>.html``) and workbook (``results_<lang>.xlsx``) of a result folder
    in each language of ``langs`` (both by default; each language has its own files)."""
    from simulator.outputs.excel import write_workbook
    from simulator.outputs.html import write_report

    paths = []
    for lang in langs:
        paths += [write_report(folder, lang), write_workbook(folder, lang)]
    return paths


def report_command(args) -> int:
    """``zcpark report DIR [--lang zh|en] [--no-excel]``: write the report (and workbook) of a result folder in
    one language; the other language's files are left as they are."""
    from simulator.outputs.html import write_report

    paths = [write_report(args.folder, args.lang)]
    if not args.no_excel:
        from simulator.outputs.excel import write_workbook

        paths.append(write_workbook(args.folder, args.lang))
    from simulator.results.write import register_files

    register_files(args.folder, [path.name for path in paths])  # replaced or removed by the next run
    for path in paths:
        print(f"written {path}", file=sys.stdout)
    return 0
