"""A printout or an export as an HTTP download: the right content type, and a Content-Disposition with
an ASCII name for old clients and the Vietnamese name as `filename*=UTF-8''…` (RFC 6266)."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse

from bmnn.core.text import fold

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}


def ascii_filename(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(stem or ext)).strip("-") or "bmnn"
    return f"{safe}.{ext}" if dot else safe


def content_disposition(filename: str) -> str:
    return f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(content: bytes, filename: str, fmt: str, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(len(content))
    for name, value in (headers or {}).items():
        response[name] = value
    return response
