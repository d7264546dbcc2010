"""`bmnn print register`: a register (a year's series, one volume of it) or the inventory, as its keeper."""

from __future__ import annotations

from django.core.management.base import CommandError

from bmnn.core.access import today
from bmnn.outputs import register_prints as service
from bmnn.outputs.print_commands import print_subcommand
from bmnn.outputs.registers import KINDS


@print_subcommand("register", "In sổ đăng ký (đi, đến, chuyển giao, sao chụp) hoặc thống kê của một đơn vị.")
def register(parser):
    parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ PA03).")
    parser.add_argument("--kind", required=True, choices=list(KINDS),
                        help="Loại sổ: outgoing (đi), incoming (đến), handover (chuyển giao), reproduction "
                             "(sao, chụp), inventory (thống kê).")
    parser.add_argument("--year", type=int, help="Năm của sổ (mặc định năm nay).")
    parser.add_argument("--volume", type=int, help="Chỉ in một quyển (mặc định: mọi quyển của năm).")
    return run


def run(actor, options: dict):
    from bmnn.org.models import Unit

    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã «{options['unit']}».")
    return service.print_series(actor, unit, options["kind"], options.get("year") or today().year, options["fmt"],
                                volume=options.get("volume"))
