"""The ``chaingraph`` command line (the package's commands still live in :mod:`chaingraph.cli.data`)."""

from chaingraph.cli.data import app, main

__all__ = ["app", "main"]
