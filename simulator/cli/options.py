"""Options shared by the sub-commands: verbosity, ``--set KEY=VALUE`` scenario overrides, the default scenario.

``--set`` takes the dotted keys of batch studies (``park.days=14``, ``grid.export_price_cny_per_kwh=0.2``);
the value is read as a TOML literal (``14``, ``0.2``, ``true``, ``"text"``, ``[2026, 2030]``), falling back
to the plain text when it is not one (``--set park.name=my_park``); a date such as ``park.start=2026-03-01``
stays text, as the scenario file writes it. The overrides are applied by
:func:`simulator.scenario.load_scenario` before validation, so a wrong key or value is the same one-line
error as in the file.
"""
from __future__ import annotations

import argparse
import datetime
import re
import tomllib
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

#: the scenario ``zcpark run`` uses without a file; shipped inside the package (simulator/data/scenarios/)
DEFAULT_SCENARIO_NAME = "anning_battery_park.toml"
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def add_common_arguments(parser: argparse.ArgumentParser, top: bool) -> None:
    """``-q``, ``-v`` and ``--debug``, accepted before and after the sub-command.

    On the sub-command parsers the defaults are suppressed so that an option given before the
    sub-command is not reset by the sub-parser.
    """
    default = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug lines", **default)
    parser.add_argument("-q", "--quiet", action="store_true", help="only notes and errors on stderr", **default)
    parser.add_argument("-v", "--verbose", action="store_true", help="also the library's debug lines", **default)


def add_set_argument(parser: argparse.ArgumentParser, metavar: str = "KEY=VALUE", help_extra: str = "") -> None:
    """``--set KEY=VALUE`` (repeatable) on a command that reads a scenario."""
    parser.add_argument("--set", dest="set", action="append", default=[], metavar=metavar,
                        help="change a scenario value without editing the file, e.g. --set park.days=14 "
                             "--set grid.export_price_cny_per_kwh=0.2 (dotted keys as in studies; VALUE is "
                             "a TOML literal; repeatable)" + help_extra)


def parse_value(text: str) -> Any:
    """A ``--set`` value: a TOML literal if it is one (dates stay text), else the text itself."""
    try:
        value = tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    if isinstance(value, (datetime.date, datetime.time)):
        return text
    return value


def parse_sets(items: list[str], option: str = "--set") -> dict[str, Any]:
    """Dotted key -> value of the ``--set`` items.

    Raises
    ------
    InputError
        For an item without ``=`` or a key that is not ``section.key`` (dotted names).
    """
    from simulator.errors import InputError, InputIssue

    out: dict[str, Any] = {}
    issues = []
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not _KEY.match(key):
            issues.append(InputIssue("command line", option, item,
                                     "KEY=VALUE with a dotted scenario key, e.g. park.days=14"))
            continue
        out[key] = parse_value(text.strip())
    if issues:
        raise InputError(issues)
    return out


def load_with_sets(path: str | Path, items: list[str] | None = None):
    """The scenario of ``path`` with the ``--set`` items applied, validated (one error line per problem).

    A problem with a value given by ``--set`` names ``--set`` as its source, not the file.
    """
    from simulator.errors import InputError, InputIssue
    from simulator.scenario import load_scenario

    overrides = parse_sets(items or [])
    try:
        return load_scenario(path, overrides=overrides)
    except InputError as exc:
        if not overrides:
            raise
        issues = [InputIssue(f"{issue.source} with --set", issue.field, issue.value, issue.expected)
                  if any(issue.field == key or issue.field.startswith(key + ".") or issue.field.startswith(key + "[")
                         for key in overrides) else issue for issue in exc.issues]
        raise InputError(issues) from None


@contextmanager
def default_scenario_path() -> Iterator[Path]:
    """A file-system path of the shipped default scenario (package data, so it works after ``pip install``)."""
    ref = resources.files("simulator.data").joinpath("scenarios", DEFAULT_SCENARIO_NAME)
    with resources.as_file(ref) as path:
        yield Path(path)
