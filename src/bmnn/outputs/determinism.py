"""Byte-identical files for the same content. DOCX and XLSX are zip archives whose members carry the
time they were written, and whose document properties carry the time they were saved; both are set
to the printout's own time so regenerating a printout gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def fixed_zip(content: bytes, when: dt.datetime) -> bytes:
    if when.tzinfo is not None:  # the same instant gives the same bytes whatever zone it is expressed in
        when = when.astimezone(dt.timezone.utc)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
