"""CLI side of the report layer: ``zcpark report DIR`` and the report step of ``zcpark run``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from simulator.outputs.i18n import label


def compliance_lines(summary: dict, colour: Callable[[str, bool], str], lang: str = "en") -> list[str]:
    """Terminal lines of the compliance table: result, rule, value, sense, limit, margin, legal basis.

    Enforced rules first, then the checked-only indicators (marked ``(checked)``); ``colour(text, ok)``
    colours a line green or red.
    """
    lines = []
    for enforced, rows in ((True, summary.get("compliance", [])), (False, summary.get("indicators", []))):
        for row in rows:
            mark = label("pass" if row["ok"] else "fail", lang)
            margin = row.get("margin")
            margin_text = f"margin {margin:+,.3f}" if margin is not None else ""
            note = "" if enforced else " (checked)"
            text = (f"{mark:4s} {row['rule']:28s} {row['value']:12,.3f} {row['sense']} {row['limit']:<12,.3f} "
                    f"{margin_text:18s} {row.get('basis', '')}{note}")
            lines.append("    " + colour(text, bool(row["ok"])))
    return lines


def write_outputs(folder: str | Path, lang: str = "zh") -> list[Path]:
    """Write the HTML report (``report_<lang>.html``) and ``results.xlsx`` of a result folder."""
    from simulator.outputs.excel import write_workbook
    from simulator.outputs.html import write_report

    return [write_report(folder, lang), write_workbook(folder, lang)]


def report_command(args) -> int:
    """``zcpark report DIR [--lang zh|en] [--no-excel]``: write the report (and workbook) of a result folder."""
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
