"""The print and export acts. Each file handed out is a `Printout` row and a ledger event written in
the same transaction, so nobody prints or exports a secret register unnoticed; the row keeps what
is needed to make the same file again (`regenerate`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Callable

from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from bmnn.core.errors import Refused
from bmnn.core.ledger import record_event
from bmnn.outputs.models import OutputKind, Printout


@dataclass(frozen=True)
class PrintMark:
    """Who printed, and when: printed on the file ("In từ bmnn …") and kept on its row."""

    printed_at: dt.datetime
    printed_by_name: str

    @property
    def local(self) -> dt.datetime:
        return timezone.localtime(self.printed_at)

    def line(self) -> str:
        # On the paper, in Vietnamese whatever the screen language: the same bytes whoever regenerates it.
        with translation.override("vi"):
            return self._line()

    def _line(self) -> str:
        return _("In từ hệ thống bmnn ngày %(date)s lúc %(time)s, người in: %(name)s.") % {
            "date": self.local.strftime("%d/%m/%Y"), "time": self.local.strftime("%H:%M"),
            "name": self.printed_by_name}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    pages: int | None = None
    level: str = ""  # the highest level in the file, when only the builder knows it (a list export)


# form prefix → function(params, fmt, mark) → Rendered; each producer registers its own at import
# (outputs.registry), so `regenerate` can remake any printout from its row.
Builder = Callable[[dict, str, PrintMark], Rendered]
_BUILDERS: dict[str, Builder] = {}


def register_builder(prefix: str, builder: Builder) -> None:
    _BUILDERS[prefix] = builder


def builder_for(form: str) -> Builder:
    for prefix in sorted(_BUILDERS, key=len, reverse=True):
        if form.startswith(prefix):
            return _BUILDERS[prefix]
    raise LookupError(form)


def _now() -> dt.datetime:
    # Whole seconds: the mark printed on the file must be reproducible from the row.
    return timezone.now().replace(microsecond=0)


def issue(actor, *, kind: str = OutputKind.PRINT, form: str, form_version: str = "", fmt: str, unit=None,
          obj=None, object_type: str = "", object_id="", params: dict | None = None, level: str = "",
          title: str, filename: str, render: Builder | None = None) -> tuple[Printout, bytes]:
    """Make the file and record the act. `title` and `filename` go to the ledger: never secret content
    (a register's name, a document's type and number, not an item's summary)."""
    params = params or {}
    render = render or builder_for(form)
    mark = PrintMark(_now(), actor.full_name)
    rendered = render(params, fmt, mark)
    level = level or rendered.level
    if obj is not None:
        object_type, object_id = object_type or obj._meta.label_lower, object_id or obj.pk
    with transaction.atomic():
        printout = Printout.objects.create(
            kind=kind, form=form, form_version=form_version, fmt=fmt, unit=unit, object_type=object_type,
            object_id=str(object_id or ""), params=params, level=level or "", title=title[:300],
            filename=filename[:200], printed_at=mark.printed_at, printed_by=actor,
            printed_by_name=mark.printed_by_name, sha256=hashlib.sha256(rendered.content).hexdigest(),
            size=len(rendered.content), pages=rendered.pages)
        record_event(f"outputs.{kind}", actor=actor, unit=unit, obj=printout,
                     description=f"{printout.get_kind_display()}: {printout.title} ({fmt.upper()})",
                     payload={"form": form, "form_version": form_version, "fmt": fmt, "sha256": printout.sha256,
                              "object_type": object_type, "object_id": str(object_id or ""), "level": level or ""})
    return printout, rendered.content


def regenerate(actor, printout: Printout) -> tuple[bytes, bool]:
    """The same file again, from the row: same form version, parameters, time and printer's name.
    Returns the bytes and whether they match the SHA-256 recorded when it was first handed out
    (False means the records it was made from have changed since: the caller says so)."""
    mark = PrintMark(printout.printed_at, printout.printed_by_name)
    try:
        rendered = builder_for(printout.form)(printout.params, printout.fmt, mark)
    except LookupError:
        raise Refused(_("Không còn cách in lại mẫu “%(form)s”.") % {"form": printout.form},
                      rule="outputs.unknown_form") from None
    same = hashlib.sha256(rendered.content).hexdigest() == printout.sha256
    with transaction.atomic():
        record_event("outputs.reprint", actor=actor, unit=printout.unit, obj=printout,
                     description=f"{_('In lại')}: {printout.title} ({printout.fmt.upper()})",
                     payload={"sha256": printout.sha256, "identical": same})
    return rendered.content, same
