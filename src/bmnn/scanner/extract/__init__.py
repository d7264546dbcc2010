"""Which function reads which detected type. Each takes (Source, Budget) and returns an
`Extraction` or raises `ExtractError`; modules are imported only when a file of their
type turns up, so a worker that never meets a PDF never loads PDFium."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from bmnn.scanner.model import Budget, Extraction, Source

EXTRACTORS: dict[str, str] = {
    "docx": "bmnn.scanner.extract.ooxml:extract_docx",  # .docx .docm .dotx .dotm
    "xlsx": "bmnn.scanner.extract.ooxml:extract_xlsx",  # .xlsx .xlsm .xltx
    "pptx": "bmnn.scanner.extract.ooxml:extract_pptx",  # .pptx .pptm .potx
    "odt": "bmnn.scanner.extract.odf:extract_odf",
    "ods": "bmnn.scanner.extract.odf:extract_odf",
    "odp": "bmnn.scanner.extract.odf:extract_odf",
    "rtf": "bmnn.scanner.extract.rtf:extract_rtf",
    "doc": "bmnn.scanner.extract.doc:extract_doc",
    "xls": "bmnn.scanner.extract.xls:extract_xls",
    "ooxml_encrypted": "bmnn.scanner.extract.ole:extract_encrypted_ooxml",  # OLE file holding EncryptedPackage
    "pdf": "bmnn.scanner.extract.pdf:extract_pdf",
    "text": "bmnn.scanner.extract.text:extract_text",
    "zip": "bmnn.scanner.extract.archive:extract_zip",
    "image": "bmnn.scanner.extract.ocr:extract_image",  # read only with --ocr and Tesseract; icons skipped
}

Extractor = Callable[[Source, Budget], Extraction]
_loaded: dict[str, Extractor] = {}


def extractor_for(kind: str) -> Extractor | None:
    target = EXTRACTORS.get(kind)
    if target is None:
        return None
    if kind not in _loaded:
        module, name = target.split(":")
        _loaded[kind] = getattr(importlib.import_module(module), name)
    return _loaded[kind]
