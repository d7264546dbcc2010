"""A printout handed to the browser as a download: the right content type, and a Content-Disposition with
an ASCII name for old clients (Vietnamese letters folded: "Sổ đăng ký" → "so-dang-ky") and the Vietnamese
name as `filename*=UTF-8''…` (RFC 6266)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.text import slugify

from bmnn.core.text import fold

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}


def ascii_filename(filename: str, fmt: str = "") -> str:
    stem, _, ext = filename.rpartition(".")
    # fold() first: slugify alone drops đ ("đăng" would become "ang").
    return f"{slugify(fold(stem)) or 'bmnn'}.{ext or fmt}"


def attachment(content: bytes, filename: str, fmt: str, headers: dict | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (f"attachment; filename=\"{ascii_filename(filename, fmt)}\"; "
                                       f"filename*=UTF-8''{quote(filename)}")
    response["Cache-Control"] = "no-store"  # a secret printout must not linger in a shared cache
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def inline_png(content: bytes, filename: str, *, cacheable: bool = False) -> HttpResponse:
    """A PNG shown in the page (a stamp): inline, never kept by a shared cache; one that carries
    nothing of an item (`cacheable`) may stay in the person's own browser for a few minutes."""
    response = HttpResponse(content, content_type=CONTENT_TYPES["png"])
    response["Content-Disposition"] = f"inline; filename=\"{slugify(filename.rpartition('.')[0]) or 'bmnn'}.png\""
    response["Cache-Control"] = "private, max-age=300" if cacheable else "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
