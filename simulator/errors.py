"""Typed errors of the simulator.

Every error a user can cause names the file, the field (as a dotted key path), the value found
and what was expected, so that the CLI can print it as one readable line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ZcparkError(Exception):
    """Base class of every error the simulator raises on purpose."""


@dataclass
class InputIssue:
    """One problem found in an input.

    Parameters
    ----------
    source : str
        File (or other origin) the value came from.
    field : str
        Dotted key path (``storage.energy_capex_cny_per_kwh``) or column name.
    value : Any
        The offending value, as found.
    expected : str
        What would have been accepted.
    """

    source: str
    field: str
    value: Any
    expected: str

    def __str__(self) -> str:
        value = repr(self.value)
        if len(value) > 80:
            value = value[:77] + "..."
        return f"{self.source}: {self.field} = {value}: expected {self.expected}"


class InputError(ZcparkError, ValueError):
    """Bad input: one or more :class:`InputIssue`, all reported at once."""

    def __init__(self, issues: list[InputIssue] | InputIssue):
        if isinstance(issues, InputIssue):
            issues = [issues]
        self.issues = list(issues)
        if len(self.issues) == 1:
            message = str(self.issues[0])
        else:
            message = f"{len(self.issues)} input errors:\n" + "\n".join(
                f"  - {issue}" for issue in self.issues
            )
        super().__init__(message)


class InfeasibleError(ZcparkError):
    """The rule set cannot be met with the allowed capacities.

    Parameters
    ----------
    message : str
        Explanation naming the rules involved.
    rules : list of str
        Names of the active rules (compliance-table names) that may conflict.
    """

    def __init__(self, message: str, rules: list[str]):
        self.rules = list(rules)
        super().__init__(message)


class SolverError(ZcparkError):
    """The solver stopped without a usable optimum (time limit, numerical trouble, ...)."""
