"""``python -m chaingraph``: the same as the ``chaingraph`` command."""

from chaingraph.launch import main

main()  # exits with the command's exit code
