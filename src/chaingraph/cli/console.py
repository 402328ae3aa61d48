"""Printing helpers every command uses: the console, warnings and notes on stderr, CSV on stdout."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["make_console", "print_csv", "print_warnings", "show_store_notes", "stdout"]


def make_console(**options: Any) -> Console:
    """A rich ``Console(**options)``: rich is imported when a command prints with it, not at start-up (a
    ``gaps --format json`` never does)."""
    from rich.console import Console

    return Console(**options)


def stdout() -> Console:
    """The console of a command's normal output (stdout)."""
    return make_console(highlight=False)


def print_warnings(warnings: list[str]) -> None:
    err = make_console(stderr=True, highlight=False, soft_wrap=True)
    for warning in warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False)


def print_csv(rows: list[dict[str, object]]) -> None:
    """*rows* as CSV on stdout, every cell inert for a spreadsheet (:mod:`chaingraph.cells`)."""
    from chaingraph.cells import csv_text

    if rows:
        sys.stdout.write(csv_text(list(rows[0]), ([row.get(c) for c in rows[0]] for row in rows)))


def show_store_notes() -> None:
    """Print the store layer's notes (a persistent store reused as it is, …) on stderr."""
    import logging

    class _Rich(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            style = "yellow" if record.levelno >= logging.WARNING else "dim"
            make_console(stderr=True, highlight=False, soft_wrap=True).print(
                f"{record.levelname.lower() if record.levelno >= logging.WARNING else 'note'}: {record.getMessage()}",
                style=style, markup=False)

    logger = logging.getLogger("chaingraph.store")
    if not any(isinstance(h, _Rich) for h in logger.handlers):
        logger.addHandler(_Rich())
        logger.setLevel(logging.INFO)
        logger.propagate = False
