"""Links named for a reader: an id alone (``SW240302``) means nothing once ids are codes, so every list of
links an output prints shows the id and the label (``SW240302 铜``), in the output language.

>>> chain = {"links": [{"id": "AL07", "label": {"zh": "电解铝", "en": "Primary aluminium"}},
...                    {"id": "AL09", "label": {}}]}
>>> join_links(["AL07", "AL09"], link_names(chain, "zh"), "zh")
'AL07 电解铝、AL09'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from chaingraph.words import Lang, pick

__all__ = ["join_links", "link_names"]


def link_names(chain: dict[str, Any], lang: Lang) -> dict[str, str]:
    """Every link of one chain of the analysis JSON, by id: ``"id label"``."""
    return {link["id"]: f"{link['id']} {pick(link['label'], lang)}".rstrip() for link in chain["links"]}


def join_links(ids: Iterable[str], names: dict[str, str], lang: Lang) -> str:
    """*ids* as a list a reader can read, in the order given."""
    return ("、" if lang == "zh" else ", ").join(names.get(link, link) for link in ids)
