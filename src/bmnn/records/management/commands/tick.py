"""`bmnn tick [--on dd/mm/yyyy] [--only KEY …]`: apply what time decides (see
bmnn.records.services.tick). Safe to run as often as wanted: a second run on the same day
changes nothing. docs/operations.md shows how to schedule it (cron, systemd timer,
Windows Task Scheduler)."""

from __future__ import annotations

import datetime as dt
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from bmnn.core.access import today
from bmnn.records.services import tick


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(f"Ngày «{text}» không hợp lệ: viết theo dạng dd/mm/yyyy, ví dụ 05/01/2026.") from exc


class Command(BaseCommand):
    help = ("Áp dụng những việc đến hạn theo thời gian: tự động giải mật khi hết thời hạn bảo vệ, đánh dấu quá hạn "
            "(mang ra, thu hồi, thông báo). Chạy lại nhiều lần trong ngày không thay đổi gì thêm.")

    def add_arguments(self, parser):
        parser.add_argument("--on", type=_date, help="Ngày áp dụng (dd/mm/yyyy); mặc định: hôm nay.")
        parser.add_argument("--only", nargs="+", metavar="BƯỚC", help="Chỉ chạy các bước này (xem --list).")
        parser.add_argument("--list", action="store_true", help="Liệt kê các bước rồi thoát.")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, on=None, only=None, list=False, no_progress=False, **options):
        known = tick.steps()
        if list:
            for s in known:
                self.stdout.write(f"{s.key}\t{s.title}")
            return
        unknown = sorted(set(only or []) - {s.key for s in known})
        if unknown:
            raise CommandError("Không có bước: " + ", ".join(unknown) + ". Xem bmnn tick --list.")
        on = on or today()
        started = time.monotonic()
        bars = []

        def progress_for(step):
            if no_progress or not sys.stderr.isatty():
                return None
            from tqdm import tqdm

            bar = tqdm(desc=step.title, unit=" dòng", leave=False, file=sys.stderr)
            bars.append(bar)
            return bar.update

        outcomes = tick.run(on, only=only, progress_for=progress_for)
        for bar in bars:
            bar.close()
        self.stdout.write(f"bmnn tick ngày {on:%d/%m/%Y}:")
        for o in outcomes:
            self.stdout.write(f"  {o.step.title}: {o.changed}")
        self.stdout.write(f"Xong trong {time.monotonic() - started:.1f} giây.")
