"""`bmnn print register`: a register (a year's series, one volume of it) or the inventory, as its keeper
(outputs.commands: the command group, the person, the file and the messages)."""

from __future__ import annotations

from django.core.management.base import CommandError

from bmnn.core.access import today
from bmnn.outputs import register_prints as service
from bmnn.outputs.commands import subcommand
from bmnn.outputs.registers import KINDS


def _arguments(parser) -> None:
    parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ PA03).")
    parser.add_argument("--kind", required=True, choices=list(KINDS),
                        help="Loại sổ: outgoing (đi), incoming (đến), handover (chuyển giao), reproduction "
                             "(sao, chụp), inventory (thống kê).")
    parser.add_argument("--year", type=int, help="Năm của sổ (mặc định năm nay).")
    parser.add_argument("--volume", type=int, help="Chỉ in một quyển (mặc định: mọi quyển của năm).")


def _run(person, options: dict):
    from bmnn.org.models import Unit

    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã «{options['unit']}».")
    if not service.is_register_keeper(person, unit):
        raise CommandError(f"{service.KEEPER_BASIS}: chỉ văn thư, cán bộ bảo mật hoặc lãnh đạo của đơn vị mới "
                           f"được in sổ đăng ký bí mật nhà nước của {unit.name}.")
    return service.print_series(person, unit, options["kind"], options.get("year") or today().year,
                                options["format"], volume=options.get("volume"))


subcommand("register", "In sổ đăng ký (đi, đến, chuyển giao, sao chụp) hoặc thống kê của một đơn vị.", _arguments,
           _run)
