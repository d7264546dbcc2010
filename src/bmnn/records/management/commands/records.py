"""`bmnn records generate --items N [--unit CODE] [--seed N]`: synthetic items for load tests.

It writes straight into the tables (bulk inserts in batches), bypassing the acts:
no authority check and no ledger event per item — that is what makes a million items
take minutes. So it refuses to run unless told, in so many words, that the data is
synthetic (`--i-know-this-is-synthetic` or BMNN_ALLOW_SYNTHETIC=1); every item it
makes has the document type «Dữ liệu thử tải» and a reference ending in -TT; and ONE
ledger event (records.synthetic.generate) records the run: counts, seed, units.

What it makes, per item: a Mật / Tối mật / Tuyệt mật item, already issued, with 1–3
numbered copies in the unit's storage (each with its open custody period), and its
line in the unit's outgoing register. Every fifth item (when there is more than one
unit) was also sent to another unit: its copy 1 is held there and that unit's
incoming register has the line. Register numbers continue each (unit, kind, year)
series from its counter, in date order, gapless — as the acts would have left them."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

SYNTHETIC_TYPE = "Dữ liệu thử tải"
ENV_FLAG = "BMNN_ALLOW_SYNTHETIC"
LEVEL_WEIGHTS = (("MAT", 70), ("TOI_MAT", 25), ("TUYET_MAT", 5))


class Command(BaseCommand):
    help = "Công cụ dữ liệu tài liệu mật. generate: sinh dữ liệu thử tải (chỉ để đo hiệu năng)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="LỆNH")
        gen = sub.add_parser("generate", help="Sinh tài liệu giả (kèm bản, dòng sổ) để thử tải. KHÔNG dùng với dữ "
                                              "liệu thật.")
        gen.add_argument("--items", type=int, required=True, help="Số tài liệu cần sinh.")
        gen.add_argument("--unit", help="Mã đơn vị (đang hoạt động) giữ mọi tài liệu; mặc định: rải đều mọi đơn vị.")
        gen.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")
        gen.add_argument("--years", type=int, default=2, help="Số năm (tính đến năm nay) mà ngày văn bản trải ra.")
        gen.add_argument("--batch", type=int, default=5_000, help="Số tài liệu mỗi lượt ghi.")
        gen.add_argument("--actor", help="Tên đăng nhập người được ghi là người vào sổ (mặc định: một cán bộ của "
                                         "đơn vị).")
        gen.add_argument("--i-know-this-is-synthetic", action="store_true", dest="synthetic",
                         help=f"Xác nhận đây là dữ liệu giả (hoặc đặt {ENV_FLAG}=1).")
        gen.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, subcommand, **options):
        return getattr(self, "do_" + subcommand)(**options)

    def do_generate(self, *, items, unit=None, seed=1, years=2, batch=5_000, actor=None, synthetic=False,
                    no_progress=False, **_):
        if not (synthetic or os.environ.get(ENV_FLAG) == "1"):
            raise CommandError("Từ chối: lệnh này ghi thẳng dữ liệu GIẢ vào cơ sở dữ liệu, bỏ qua mọi kiểm tra thẩm "
                               "quyền. Chỉ dùng trên cơ sở dữ liệu thử; thêm --i-know-this-is-synthetic hoặc đặt "
                               f"{ENV_FLAG}=1 nếu đúng là vậy.")
        if items <= 0:
            raise CommandError("--items phải là số dương.")
        started = time.perf_counter()
        result = generate(items=items, unit_code=unit, seed=seed, years=years, batch=batch, actor_username=actor,
                          progress=not no_progress)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Đã sinh {result['items']:,} tài liệu, {result['copies']:,} bản, "
                          f"{result['entries']:,} dòng sổ trong {seconds:,.1f} s (sự kiện nhật ký số "
                          f"{result['ledger_seq']}).")


def _units(unit_code):
    from bmnn.org.models import Unit

    today = timezone.localdate()
    units = Unit.objects.valid_on(today).order_by("pk")
    if unit_code:
        units = units.filter(code=unit_code)
        if not units:
            raise CommandError(f"Không có đơn vị đang hoạt động mã {unit_code}.")
        return list(units[:1])
    units = list(units)
    if not units:
        raise CommandError("Chưa có đơn vị nào: tạo tổ chức trước (ví dụ bmnn demo).")
    return units


def _actor(username, units):
    from bmnn.org.models import Person, Tenure

    if username:
        try:
            return Person.objects.get(username=username)
        except Person.DoesNotExist:
            raise CommandError(f"Không có tài khoản {username}.") from None
    held = Tenure.objects.held_on(timezone.localdate()).filter(position__unit__in=units).select_related("person")
    person = next((t.person for t in held), None) or Person.objects.filter(is_system_admin=False).first()
    if person is None:
        raise CommandError("Chưa có cán bộ nào để ghi là người vào sổ; dùng --actor.")
    return person


def _progress(total, enabled):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="tài liệu", file=sys.stderr, smoothing=0.05)


class _Series:
    """Register volumes and counters for (unit, kind, year), continued from what is there."""

    def __init__(self, actor):
        self.actor = actor
        self.registers: dict = {}
        self.counters: dict = {}

    def next(self, unit, kind, year, on):
        from bmnn.records.models import Register, RegisterCounter

        key = (unit.pk, kind, year)
        if key not in self.counters:
            counter, _ = RegisterCounter.objects.get_or_create(unit=unit, kind=kind, year=year)
            register = (Register.objects.filter(unit=unit, kind=kind, year=year, closed_on__isnull=True)
                        .order_by("-volume").first())
            if register is None:
                last = Register.objects.filter(unit=unit, kind=kind, year=year).order_by("-volume").first()
                if last is not None and last.closed_for_year:
                    raise CommandError(f"Sổ {kind} {year} của {unit.code} đã khóa cuối năm.")
                register = Register.objects.create(
                    unit=unit, kind=kind, year=year, volume=(last.volume + 1) if last else 1,
                    parent_body_name=unit.parent.name if unit.parent_id else "", body_name=unit.name,
                    opened_on=on, opened_by=self.actor)
            self.counters[key], self.registers[key] = counter, register
        counter = self.counters[key]
        counter.last_number += 1
        return self.registers[key], counter.last_number

    def save(self):
        for counter in self.counters.values():
            counter.save(update_fields=["last_number"])


class _Table:
    """Plain multi-row INSERTs for one model, with ids chosen here.

    The ORM's bulk_create spends most of a million-item run building model instances
    and preparing each value; here every column's default is prepared once and only
    the columns a row sets are prepared per row. Columns added to a model later are
    filled with their default, so this keeps working as the models grow."""

    def __init__(self, model, connection, now, **fixed):
        self.model, self.connection = model, connection
        self.fields = [f for f in model._meta.concrete_fields]
        # Integers and text go to the driver as they are; other types (dates, uuids,
        # datetimes) through the field's own preparation.
        plain = (models.IntegerField, models.ForeignKey, models.CharField, models.TextField)
        self.prepare = {f.attname: (None if isinstance(f, plain) else f) for f in self.fields}
        self.defaults = {}
        for f in self.fields:
            if f.primary_key:
                continue
            if f.attname in fixed:
                value = fixed[f.attname]
            elif getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value = now
            else:
                value = f.get_default()
            self.defaults[f.attname] = f.get_db_prep_save(value, connection)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)}")
            self.last_id = cursor.fetchone()[0] or 0
        self.rows: list = []

    def add(self, **values) -> int:
        """Queue one row; returns its id. Values are Python values (prepared here)."""
        self.last_id += 1
        row = dict(self.defaults)
        for name, value in values.items():
            field = self.prepare[name]
            row[name] = value if field is None else field.get_db_prep_save(value, self.connection)
        row[self.model._meta.pk.attname] = self.last_id
        self.rows.append(tuple(row[f.attname] for f in self.fields))
        return self.last_id

    def flush(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, self.rows)
        count, self.rows = len(self.rows), []
        return count

    def reset_sequence(self) -> None:
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), [self.model])
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(*, items: int, unit_code: str | None = None, seed: int = 1, years: int = 2, batch: int = 5_000,
             actor_username: str | None = None, progress: bool = True) -> dict:
    from bmnn.core import ledger
    from bmnn.records.models import (
        Copy, CustodyRecord, ItemKind, ItemStatus, RegisterEntry, RegisterKind, SecretItem,
    )

    from django.db import connection

    from bmnn.core import text

    rng = random.Random(seed)
    units = _units(unit_code)
    actor = _actor(actor_username, units)
    today = timezone.localdate()
    first_day = dt.date(today.year - years + 1, 1, 1)
    span = (today - first_day).days + 1
    levels = [lvl for lvl, _ in LEVEL_WEIGHTS]
    weights = [w for _, w in LEVEL_WEIGHTS]
    now = timezone.now()
    tag = f"{seed}-{int(now.timestamp())}"  # references stay unique across runs
    series = _Series(actor)
    # Ids are taken after the current maximum: run this on an idle (scratch) database.
    item_rows = _Table(SecretItem, connection, now, kind=ItemKind.DOCUMENT, document_type=SYNTHETIC_TYPE,
                       status=ItemStatus.ISSUED, decided_by_id=actor.pk, drafter_id=actor.pk)
    copy_rows = _Table(Copy, connection, now)
    custody_rows = _Table(CustodyRecord, connection, now, since=now, act="synthetic")
    entry_rows = _Table(RegisterEntry, connection, now, recorded_by_id=actor.pk)
    folded_type = text.fold(SYNTHETIC_TYPE)
    counts = {"items": 0, "copies": 0, "entries": 0}
    bar = _progress(items, progress)
    for start in range(0, items, batch):
        size = min(batch, items - start)
        with transaction.atomic():
            for i in range(start, start + size):
                # Dates rise with i, so numbering in creation order is numbering in date order.
                on = first_day + dt.timedelta(days=i * span // items)
                unit = units[rng.randrange(len(units))]
                copies = rng.randint(1, 3)
                reference = f"{i + 1}/{tag}/{unit.code}-TT"
                # What Searchable.refresh_search() keeps (save() is not called here).
                item_id = item_rows.add(
                    uid=uuid.UUID(int=rng.getrandbits(128), version=4), reference=reference, issued_on=on,
                    level=rng.choices(levels, weights)[0], holding_unit_id=unit.pk, issuing_unit_id=unit.pk,
                    classified_on=on, copies_planned=copies, pages=rng.randint(1, 40),
                    search_text=f"{text.fold(reference)} {folded_type}", sort_key=text.sort_key(reference)[:600])
                receiver = units[rng.randrange(len(units))] if len(units) > 1 and i % 5 == 4 else None
                receiver = receiver if receiver is not unit else None
                for number in range(1, copies + 1):
                    holder = receiver if (receiver is not None and number == 1) else unit
                    place = f"Tủ {holder.code}"
                    copy_id = copy_rows.add(item_id=item_id, number=number, custodian_unit_id=holder.pk,
                                            storage_place=place)
                    custody_rows.add(copy_id=copy_id, custodian_unit_id=holder.pk, storage_place=place)
                register, number = series.next(unit, RegisterKind.OUTGOING, on.year, on)
                entry_rows.add(register_id=register.pk, unit_id=unit.pk, kind=RegisterKind.OUTGOING, year=on.year,
                               number=number, entry_date=on, item_id=item_id, copies_count=copies,
                               counterpart=receiver.name if receiver else "")
                if receiver is not None:
                    register, number = series.next(receiver, RegisterKind.INCOMING, on.year, on)
                    entry_rows.add(register_id=register.pk, unit_id=receiver.pk, kind=RegisterKind.INCOMING,
                                   year=on.year, number=number, entry_date=on, item_id=item_id, copies_count=1,
                                   counterpart=unit.name)
            counts["items"] += item_rows.flush()
            counts["copies"] += copy_rows.flush()
            custody_rows.flush()
            counts["entries"] += entry_rows.flush()
            series.save()
        if bar is not None:
            bar.update(size)
    if bar is not None:
        bar.close()
    for table in (item_rows, copy_rows, custody_rows, entry_rows):
        table.reset_sequence()  # PostgreSQL: the next ORM insert continues after our ids
    with transaction.atomic():
        event = ledger.record_event(
            "records.synthetic.generate", actor=None, unit=units[0] if len(units) == 1 else None,
            object_type="records.secretitem", object_id="synthetic",
            description=f"Sinh dữ liệu thử tải: {counts['items']} tài liệu «{SYNTHETIC_TYPE}» (không phải dữ liệu thật)",
            payload={**counts, "seed": seed, "years": years, "tag": tag, "units": [u.code for u in units],
                     "recorded_as": actor.pk, "document_type": SYNTHETIC_TYPE})
    return {**counts, "ledger_seq": event.seq}
