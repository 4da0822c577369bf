"""The Jinja2 environment of every HTML page (templates in ``simulator/outputs/templates``, autoescaped)."""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One shared environment: autoescape on, blocks trimmed."""
    return Environment(loader=PackageLoader("simulator.outputs", "templates"),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       trim_blocks=True, lstrip_blocks=True)
