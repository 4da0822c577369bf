"""Stage 7, the ``zcpark`` command: one module per group of sub-commands; only this stage prints."""
from simulator.cli.main import main

__all__ = ["main"]
