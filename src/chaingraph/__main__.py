"""``python -m chaingraph``: the same as the ``chaingraph`` command."""

from chaingraph.cli import main

main()  # exits with the command's exit code
