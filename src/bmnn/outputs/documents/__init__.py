"""Documents bmnn prints for the acts it records: one `DocumentKind` per document (an extension
decision, a destruction record, …), registered by the module that builds it.

A kind says which objects it prints (found through the same visibility as their pages: who may not
see an object gets a 404, not a document), how to make the `AdminDocument` of one, and the highest
secrecy level it carries. The view, the API, the CLI (`bmnn print document`) and the regenerating
builder are shared (`outputs.documents.printing`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from bmnn.outputs.document import AdminDocument


@dataclass(frozen=True)
class DocumentKind:
    code: str  # in URLs and on the CLI: "extension-decision"
    label: str  # Vietnamese name of the document, lazily translated
    # person, pk → the object, or Http404 when the person may not see it
    lookup: Callable[[object, int], object]
    # object, person, on (the print date) → the document
    build: Callable[[object, object, dt.date], AdminDocument]
    level: Callable[[object], str] = lambda obj: ""  # the highest level it carries ("" when none)
    unit: Callable[[object], object] = lambda obj: getattr(obj, "unit", None)
    number: Callable[[object], str] = lambda obj: str(obj.pk)  # named in the title and the ledger (never content)


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.code] = kind
    return kind


def get(code: str) -> DocumentKind:
    return KINDS[code]
