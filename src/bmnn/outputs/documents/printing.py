"""Printing a registered document kind: the print act (`outputs.services.issue`) and its builder,
shared by the page, the API and `bmnn print document`."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bmnn.core.errors import Refused
from bmnn.org.models import Person
from bmnn.outputs import docx as docx_out
from bmnn.outputs import documents
from bmnn.outputs import pdf as pdf_out
from bmnn.outputs import services
from bmnn.outputs.models import OutputFormat

FORMATS = (OutputFormat.PDF, OutputFormat.DOCX)
BASIS = "Nghị định 30/2020/NĐ-CP (thể thức văn bản hành chính)"


def _kind(code: str) -> documents.DocumentKind:
    try:
        return documents.get(code)
    except KeyError:
        raise Http404(_("Không tìm thấy.")) from None


def _render(params: dict, fmt: str, mark: services.PrintMark) -> services.Rendered:
    kind = _kind(params["kind"])
    person = Person.objects.get(pk=params["person"])
    obj = kind.lookup(person, params["pk"])
    model = kind.build(obj, person, timezone.localdate(mark.printed_at))
    model.mark_line = mark.line()
    return pdf_out.render(model) if fmt == OutputFormat.PDF else docx_out.render(model, mark.printed_at)


services.register_builder("document.", _render)


def print_document(person, code: str, pk: int, fmt: str):
    """Print one document: 404 when the kind or the object is not there for `person`; a format other
    than PDF or DOCX is refused. Returns (printout, bytes)."""
    kind = _kind(code)
    if fmt not in FORMATS:
        raise Refused(_("Văn bản chỉ in được ra PDF hoặc DOCX."), rule="outputs.document_format", basis=BASIS)
    obj = kind.lookup(person, pk)
    title = f"{kind.label} {kind.number(obj)}"
    return services.issue(person, form=f"document.{code}", fmt=fmt, unit=kind.unit(obj), obj=obj,
                          params={"kind": code, "pk": obj.pk, "person": person.pk}, level=kind.level(obj),
                          title=str(title), filename=f"{slugify(code)}-{obj.pk}.{fmt}")
