"""The renderer's error."""

from __future__ import annotations

from chaingraph.errors import ChainGraphError

__all__ = ["RenderError"]


class RenderError(ChainGraphError):
    """The picture cannot be made (a missing extra, an unwritable path)."""
