"""One measured run time per park, in one place: the table "Measured run times per park" of docs/speed.md.

Every park of scenarios/ has a row. README.md, scenarios/README.md, the scenario files (their header
comments), the packaged default scenario and the study files may quote a time of that table (rounded to
the digits they show) or point to it, but state no other run time: a duration (``N s``, ``N min``) that is
not a table time rounded is a free-standing claim and fails. Text in code spans (`` `...` ``) is literal
command or output text, not a claim, and is skipped.
"""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Measured run times per park"
DURATION = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s?(s|seconds|min|minutes)\b")
#: the files a new user reads for a run time
QUOTING = (["README.md", "scenarios/README.md"] + sorted(str(p.relative_to(REPO)) for p in
           [*REPO.glob("scenarios/*.toml"), *REPO.glob("scenarios/studies/*.toml"),
            *REPO.glob("simulator/data/scenarios/*.toml")]))


def _seconds(number: str, unit: str) -> float:
    return float(number.replace(",", "")) * (60.0 if unit.startswith("min") else 1.0)


def table() -> tuple[dict[str, str], list[float]]:
    """Rows of the table (first cell -> row text) and every duration in it [s]."""
    text = (REPO / "docs" / "speed.md").read_text(encoding="utf-8")
    assert text.count(SECTION) == 1, "docs/speed.md needs exactly one section " + SECTION
    body = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) > 3 and not set(cells[0]) <= set("-: ") and cells[0] != "park":
            rows[cells[0].strip("`* ")] = line
    times = [_seconds(n, u) for row in rows.values() for n, u in DURATION.findall(row)]
    return rows, times


def _matches(number: str, unit: str, times: list[float]) -> bool:
    """A quoted duration is a table time rounded to the decimals it shows."""
    decimals = len(number.split(".")[1]) if "." in number else 0
    scale = 60.0 if unit.startswith("min") else 1.0
    quoted = float(number.replace(",", ""))
    return any(abs(round(t / scale, decimals) - quoted) < 1e-9 for t in times)


def claims(path: Path) -> list[tuple[int, str, str]]:
    """(line number, number, unit) of each duration stated outside code spans (for TOML: in comments)."""
    found = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if path.suffix == ".toml":
            if "#" not in line:
                continue
            line = line.split("#", 1)[1]
        line = re.sub(r"`[^`]*`", "", line)
        found += [(i, n, u) for n, u in DURATION.findall(line)]
    return found


def test_every_park_has_one_measured_run_time():
    rows, times = table()
    parks = sorted(p.stem for p in (REPO / "scenarios").glob("*.toml"))
    missing = [p for p in parks if p not in rows]
    assert not missing, f"no row in docs/speed.md '{SECTION}' for {missing}"
    for park in parks:
        assert DURATION.search(rows[park]), f"{park}: no time in its row"
        assert re.search(r"20\d\d-\d\d-\d\d", rows[park]), f"{park}: no date in its row"
    assert len(times) >= len(parks)


def test_readme_and_scenarios_quote_the_table_or_state_no_time():
    _, times = table()
    wrong = [f"{name}:{line}: {number} {unit}" for name in QUOTING for line, number, unit in claims(REPO / name)
             if not _matches(number, unit, times)]
    assert not wrong, "run times not in docs/speed.md '" + SECTION + "': " + "; ".join(wrong)


def test_the_check_finds_a_free_standing_claim(tmp_path):
    _, times = table()
    doc = tmp_path / "README.md"
    doc.write_text("A full year takes 11 min on a laptop.\nExample: `[3/7] build ... (0.7 s)`\n", encoding="utf-8")
    assert claims(doc) == [(1, "11", "min")] and not _matches("11", "min", times + [600.0])
    assert _matches("10", "min", [600.0]) and _matches("10.4", "s", [10.42]) and not _matches("10.5", "s", [10.42])
