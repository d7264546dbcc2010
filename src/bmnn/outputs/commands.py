"""`bmnn print <what>`: each kind of printout adds one sub-command here (`subcommand`), so the command
group does not need to know them: documents (`bmnn print document`), registers, the annual report.

Every sub-command prints as a named person (`--user`), who is the actor of the print act in the
ledger and must be allowed to print it, exactly as on the pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.core.management.base import CommandError

from bmnn.core.errors import Refused
from bmnn.org.models import Person


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    add_arguments: Callable  # (parser) -> None
    run: Callable  # (person, options) -> (printout, bytes)


SUBCOMMANDS: dict[str, Subcommand] = {}


def subcommand(name: str, help: str, add_arguments: Callable, run: Callable) -> None:
    SUBCOMMANDS[name] = Subcommand(name, help, add_arguments, run)


def person_named(username: str) -> Person:
    try:
        return Person.objects.get(username=username, is_active=True)
    except Person.DoesNotExist:
        raise CommandError(f"Không có người dùng đang hoạt động tên «{username}».") from None


def execute(name: str, options: dict, write: Callable[[str], None]) -> Path:
    person = person_named(options["user"])
    try:
        printout, content = SUBCOMMANDS[name].run(person, options)
    except Refused as refusal:
        raise CommandError(str(refusal)) from None
    except Exception as exc:  # a 404 for what the person may not see reads the same as "no such thing"
        if exc.__class__.__name__ == "Http404":
            raise CommandError("Không tìm thấy, hoặc người dùng không được phép biết.") from None
        raise
    target = Path(options.get("output") or printout.filename)
    target.write_bytes(content)
    pages = f", {printout.pages} trang" if printout.pages else ""
    write(f"Đã in «{printout.title}» ra {target} ({printout.fmt.upper()}{pages}, SHA-256 {printout.sha256[:16]}…).")
    return target


# --- bmnn print document -------------------------------------------------------------------

def _document_arguments(parser) -> None:
    parser.add_argument("--kind", help="Loại văn bản (xem --list)")
    parser.add_argument("--id", type=int, help="Mã đối tượng (quyết định, biên bản, yêu cầu…)")
    parser.add_argument("--list", action="store_true", help="Liệt kê các loại văn bản rồi thoát.")


def _document_run(person, options):
    from bmnn.outputs.documents.printing import print_document

    if not options.get("kind") or not options.get("id"):
        raise CommandError("Cần --kind và --id (xem bmnn print document --list).")
    return print_document(person, options["kind"], options["id"], options["format"])


subcommand("document", "In một văn bản (quyết định, biên bản, đề nghị…) theo thể thức Nghị định 30/2020.",
           _document_arguments, _document_run)
