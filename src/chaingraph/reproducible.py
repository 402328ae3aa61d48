"""Dates that make output files reproducible: the time of the output (``SOURCE_DATE_EPOCH``, the
reproducible-builds convention, or now), and the same time on every member of a zip (XLSX, DOCX), whose
writers stamp each member with the moment of saving — so the same input and date give the same bytes.

>>> import os
>>> os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
>>> output_time().isoformat()
'2023-11-14T22:13:20+00:00'
>>> del os.environ["SOURCE_DATE_EPOCH"]
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, datetime

__all__ = ["fixed_zip_times", "output_time"]


def output_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when it is set, else now, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


def fixed_zip_times(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every member dated *stamp*, to the minute (openpyxl and python-docx stamp members with
    the current time); a zip cannot date a member before 1980, so an earlier *stamp* (``SOURCE_DATE_EPOCH=0``)
    dates them 1980-01-01, as Python's own zipfile does, and only the document's properties keep it."""
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=max(when, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl sets "modified" to the time of saving
                modified = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*when).encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + modified + rb"\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()
