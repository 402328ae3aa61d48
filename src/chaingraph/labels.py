"""Choosing a label in the user's language.

Labels travel as ``{"zh": …, "en": …}`` dicts; output picks the asked-for language, else Chinese (every
entity has a Chinese label, the shapes require it), else English.

>>> pick({"zh": "綦江区", "en": "Qijiang District"}, "en")
'Qijiang District'
>>> pick({"zh": "綦江区"}, "en")
'綦江区'
>>> pick(None, "zh")
''
"""

from __future__ import annotations

__all__ = ["pick"]


def pick(label: dict[str, str] | str | None, lang: str) -> str:
    """The label in *lang*, else Chinese, else English; a plain string is returned as it is."""
    if isinstance(label, str) or label is None:
        return label or ""
    return label.get(lang) or label.get("zh") or label.get("en") or ""
