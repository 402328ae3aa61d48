"""The ``chaingraph`` command's entry point: the files the command line names start loading
(:mod:`chaingraph.store.early`) before the command line's own modules are imported (:func:`chaingraph.cli.main`).

It imports nothing else of chaingraph first: the head start is worth what those imports cost (0.2 s).
"""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["main"]


def main() -> NoReturn:
    """Run the command line of this process, its ``--graph`` files loading from the start."""
    from chaingraph.store.early import start

    start(sys.argv[1:])
    from chaingraph.cli import main as command_line

    command_line()
