"""``python -m chaingraph``: the same as the ``chaingraph`` command."""

from chaingraph.cli import main

raise SystemExit(main())
