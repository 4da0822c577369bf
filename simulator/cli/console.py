"""The terminal of ``zcpark``: logging set-up, Python warnings turned into one-line notes, progress.

Library code logs through ``logging`` (logger names under ``simulator``) and never prints; this module
decides what reaches the terminal:

- ``-q`` shows only notes (warnings) and errors, the default adds phase lines (INFO), ``-v`` adds the
  library's DEBUG lines, ``--debug`` the same plus tracebacks and where each Python warning came from;
- a Python warning (ours or a library's) becomes one line ``note: <message>``, never its source line;
- a note repeated word for word (the same holiday note for every enterprise, say) is shown once;
- progress over many steps is a tqdm bar when stderr is a terminal and one plain line per step when it
  is piped or redirected, so logs never hold carriage returns.
"""
from __future__ import annotations

import logging
import sys
import time
import warnings
from contextlib import contextmanager
from typing import Iterator

#: logger of the command line itself (phase lines, notes); a child of the package logger ``simulator``
log = logging.getLogger("simulator.cli")
_PACKAGE = logging.getLogger("simulator")
_active_bar = None  # the tqdm bar on screen, if any; log lines are written above it


def _is_tty() -> bool:
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


class _Handler(logging.Handler):
    """Writes to the *current* ``sys.stderr`` (tests swap it), above an active progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            if _active_bar is not None:
                from tqdm import tqdm

                tqdm.write(text, file=sys.stderr)
            else:
                sys.stderr.write(text + "\n")
                sys.stderr.flush()
        except Exception:  # noqa: BLE001 - logging must never break the command
            self.handleError(record)


class _Formatter(logging.Formatter):
    def __init__(self, debug: bool):
        super().__init__()
        self.debug, self.colour = debug, _is_tty()

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.levelno >= logging.ERROR:
            text = f"zcpark: {text}"
            return f"\033[31m{text}\033[0m" if self.colour else text
        if record.levelno >= logging.WARNING:
            text = f"note: {text}"
            return f"\033[33m{text}\033[0m" if self.colour else text
        if record.levelno < logging.INFO:
            return f"debug [{record.name}] {text}"
        return text


class _OncePerMessage(logging.Filter):
    """Drops a record whose level and text were already shown."""

    def __init__(self):
        super().__init__()
        self.seen: set[tuple[int, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.DEBUG:
            return True
        key = (record.levelno, record.getMessage())
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ARG001
    """``warnings.showwarning`` of the command: one line through the log, the origin only with --debug."""
    text = str(message).strip().splitlines()[0] if str(message).strip() else category.__name__
    if _PACKAGE.isEnabledFor(logging.DEBUG):
        text += f" ({category.__name__} at {filename}:{lineno})"
    logging.getLogger("simulator.cli.warnings").warning(text)


@contextmanager
def terminal(verbosity: int = 0, debug: bool = False) -> Iterator[None]:
    """Route the package's log and every Python warning to stderr for the duration of a command.

    Parameters
    ----------
    verbosity : int
        -1 quiet (notes and errors), 0 normal (phase lines), 1 verbose (library debug lines).
    debug : bool
        As verbose, and warnings name their origin.
    """
    level = logging.DEBUG if (debug or verbosity > 0) else logging.WARNING if verbosity < 0 else logging.INFO
    handler = _Handler()
    handler.setFormatter(_Formatter(debug))
    handler.addFilter(_OncePerMessage())
    previous_level, previous_propagate = _PACKAGE.level, _PACKAGE.propagate
    _PACKAGE.addHandler(handler)
    _PACKAGE.setLevel(level)
    _PACKAGE.propagate = False
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            yield
        finally:
            _PACKAGE.removeHandler(handler)
            _PACKAGE.setLevel(previous_level)
            _PACKAGE.propagate = previous_propagate


@contextmanager
def quiet(name: str) -> Iterator[None]:
    """Hold back the warnings of logger ``name`` while a command shows the same facts itself."""
    logger = logging.getLogger(name)
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def phase_printer(total_phases: tuple[str, ...]):
    """``progress(phase)`` callback of :func:`simulator.results.run.run`: one line per phase with the time."""
    started = time.perf_counter()

    def progress(phase: str) -> None:
        step = f"[{total_phases.index(phase) + 1}/{len(total_phases)}] " if phase in total_phases else ""
        log.info(f"{step}{phase} ... ({time.perf_counter() - started:.1f} s)")

    return progress


class Progress:
    """Progress over ``total`` steps: a tqdm bar on a terminal, one log line per step otherwise.

    ``update(done, text)`` sets the number of finished steps and a short status text.
    """

    def __init__(self, name: str, total: int, enabled: bool = True, initial: int = 0, unit: str = "run"):
        global _active_bar
        self.name, self.total, self.done, self.started = name, total, initial, time.perf_counter()
        self.bar = None
        self.enabled = enabled and log.isEnabledFor(logging.INFO)
        if self.enabled and _is_tty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit=unit, desc=name, file=sys.stderr,
                            dynamic_ncols=True, smoothing=0.1)
            _active_bar = self.bar

    def update(self, done: int, text: str = "") -> None:
        """Record ``done`` finished steps (of ``total``) and a status text."""
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(text, refresh=False)
            if done > self.done:
                self.bar.update(done - self.done)
            else:
                self.bar.refresh()
        elif done != self.done or text:
            log.info(f"{self.name}: {done}/{self.total} {text} ({time.perf_counter() - self.started:.1f} s)".replace(
                "  (", " ("))
        self.done = done

    def close(self) -> None:
        """Remove the bar (no-op when piped)."""
        global _active_bar
        if self.bar is not None:
            self.bar.close()
            if _active_bar is self.bar:
                _active_bar = None
            self.bar = None
