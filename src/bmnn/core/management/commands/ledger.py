"""`bmnn ledger verify | checkpoint | checkpoints | export | public-key`.

verify exits 0 when the ledger is intact, 1 when it is not (the first fault is
named), 2 when it could not run (bad file, bad key)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from bmnn.core.ledger_verify import format_at, format_int


class Command(BaseCommand):
    help = "Nhật ký chống sửa đổi: kiểm tra, ký điểm kiểm chứng, xuất, in khóa công khai."
    # `verify --file` must run on a machine without the database: no checks that touch it.
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="LỆNH")
        verify = sub.add_parser("verify", help="Kiểm tra toàn vẹn chuỗi và chữ ký các điểm kiểm chứng.")
        verify.add_argument("--file", help="Kiểm tra một tệp xuất (JSON lines) thay vì cơ sở dữ liệu; "
                                           "không cần cơ sở dữ liệu.")
        verify.add_argument("--public-key", action="append", dest="public_keys", default=[],
                            help="Khóa công khai tin cậy (64 ký tự hex); bắt buộc với --file. Có thể lặp.")
        verify.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")
        verify.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        sub.add_parser("checkpoint", help="Ký điểm kiểm chứng cho đầu chuỗi hiện tại.")
        listing = sub.add_parser("checkpoints", help="Liệt kê các điểm kiểm chứng.")
        listing.add_argument("--json", action="store_true", help="Xuất dạng JSON để gửi cơ quan cấp trên.")
        export = sub.add_parser("export", help="Xuất nhật ký (JSON lines) để kiểm tra ở nơi khác.")
        export.add_argument("--from", dest="from_seq", type=int, help="Từ sự kiện số (mặc định 1).")
        export.add_argument("--to", dest="to_seq", type=int, help="Đến sự kiện số (mặc định: đầu chuỗi).")
        export.add_argument("--output", help="Tệp đích (mặc định: in ra màn hình).")
        sub.add_parser("public-key", help="In khóa công khai Ed25519 của cơ sở (hex).")

    def handle(self, *args, subcommand, **options):
        return getattr(self, "do_" + subcommand.replace("-", "_"))(**options)

    # --- verify -------------------------------------------------------------
    def do_verify(self, *, file=None, public_keys=(), no_progress=False, json=False, **_):
        from bmnn.core import ledger_verify

        try:
            if file:
                if not public_keys:
                    raise CommandError("Cần --public-key: chữ ký chỉ có giá trị khi đối chiếu với khóa công khai "
                                       "tin cậy mà cơ quan cấp trên đang giữ.", returncode=2)
                report = ledger_verify.verify_file(file, public_keys)
            else:
                from bmnn.core.ledger_canon import normalise_public_key

                trusted = {normalise_public_key(k) for k in public_keys} or None
                report = ledger_verify.verify_database(trusted_keys=trusted, progress=not no_progress)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Không kiểm tra được: {exc}", returncode=2) from exc
        if json:
            self.stdout.write(_json(report.as_dict()))
        else:
            for line in report.lines():
                self.stdout.write(line)
        if not report.ok:
            sys.exit(1)

    # --- checkpoints ----------------------------------------------------------
    def do_checkpoint(self, **_):
        from bmnn.core.checkpoints import checkpoint_now

        checkpoint, created = checkpoint_now()
        verb = "Đã ký" if created else "Đã có"
        self.stdout.write(f"{verb} điểm kiểm chứng tại sự kiện #{checkpoint.seq} "
                          f"({format_at(checkpoint.at_us)}).")
        self.stdout.write(f"Mã băm đầu chuỗi: {checkpoint.head_hash}")
        self.stdout.write(f"Chữ ký: {checkpoint.signature}")
        self.stdout.write(f"Khóa công khai: {checkpoint.public_key}")

    def do_checkpoints(self, *, json=False, **_):
        from bmnn.core.checkpoints import export_document

        document = export_document()
        if json:
            self.stdout.write(_json(document))
            return
        self.stdout.write(f"Khóa công khai của cơ sở: {document['public_key']}")
        self.stdout.write(f"Số điểm kiểm chứng: {format_int(len(document['checkpoints']))}")
        for cp in document["checkpoints"]:
            self.stdout.write(f"#{cp['seq']}  {format_at(cp['at_us'])}  {cp['head_hash']}  {cp['signature']}")

    # --- export, public key --------------------------------------------------
    def do_export(self, *, from_seq=None, to_seq=None, output=None, **_):
        from bmnn.core.ledger_export import export_lines

        if from_seq is not None and to_seq is not None and from_seq > to_seq:
            raise CommandError("--from phải nhỏ hơn hoặc bằng --to.", returncode=2)
        events = 0
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as handle:
                for line in export_lines(from_seq, to_seq):
                    handle.write(line + "\n")
                    events += line.startswith('{"type":"event"')
            self.stderr.write(f"Đã xuất {format_int(events)} sự kiện vào {output}.")
        else:
            for line in export_lines(from_seq, to_seq):
                self.stdout.write(line)

    def do_public_key(self, **_):
        from bmnn.core.checkpoints import installation_public_key

        self.stdout.write(installation_public_key())


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
