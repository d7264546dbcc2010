"""`bmnn scan` and `python -m bmnn.scanner`: scan, write the JSON report, print a summary.

Exit status: 0 when the scan completed (whatever it found), 2 on bad arguments, 130 when
interrupted (the partial report is written first), 1 when the scanner itself could not
start its readers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import socket
import sys
from datetime import datetime

LEVELS = {"TUYET_MAT": "TUYỆT MẬT", "TOI_MAT": "TỐI MẬT", "MAT": "MẬT", None: "(dấu khác / other mark)"}
TIERS = {"marked": "có dấu / marked", "review": "cần xem / review"}
VERDICTS = {
    "isolated": "không kết nối / isolated",
    "independent_lan": "mạng LAN độc lập / independent LAN",
    "connected": "ĐANG KẾT NỐI / connected",
    "was_connected": "ĐÃ TỪNG KẾT NỐI / was connected",
    "unknown": "không xác định / unknown",
}
PROBLEMS = {
    "unreadable": "không đọc được / unreadable", "encrypted": "có mật khẩu / encrypted",
    "needs_ocr": "cần OCR / needs OCR", "too_large": "quá lớn / too large", "timeout": "quá thời gian / timeout",
    "memory": "quá bộ nhớ / memory", "crashed": "trình đọc hỏng / crashed", "bomb": "bom nén / archive bomb",
    "denied": "bị từ chối / denied", "unsupported": "chưa hỗ trợ / unsupported", "link": "liên kết / link",
}
TABLE_ROWS = 50


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bmnn scan",
        description="Quét máy tính tìm tệp mang dấu độ mật và thu thập thông tin kết nối mạng của máy. "
                    "Chỉ đọc: không sửa, chuyển hay gửi tệp nào. / Scan this computer for files bearing "
                    "secrecy marks and collect its network facts. Read-only.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="thư mục hoặc tệp cần quét; mặc định: mọi ổ cố định và di động / folders or files "
                             "to scan; default: every fixed and removable volume")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="tệp báo cáo JSON; mặc định bmnn-scan-<máy>-<yyyymmdd-HHMM>.json trong thư mục hiện "
                             "tại / JSON report file")
    parser.add_argument("--jobs", "-j", type=_positive, metavar="N",
                        help="số tiến trình đọc; mặc định: số nhân CPU / reader processes; default: CPU count")
    parser.add_argument("--ocr", action="store_true",
                        help="nhận dạng chữ trên ảnh và trang quét (chậm, cần Tesseract) / OCR images and scanned pages")
    parser.add_argument("--full", action="store_true",
                        help="đọc toàn bộ nội dung và cả thư mục hệ thống / read every part and page, and system "
                             "folders too")
    parser.add_argument("--cache", metavar="FILE",
                        help="tệp bộ nhớ đệm để lần quét sau bỏ qua tệp không đổi / cache file for skipping "
                             "unchanged files")
    parser.add_argument("--no-cache", action="store_true", help="không dùng bộ nhớ đệm / no cache")
    parser.add_argument("--probe", metavar="HOST",
                        help="thử kết nối chủ động tới HOST (mặc định không gửi gì) / one active connectivity "
                             "check to HOST (none by default)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="không hiện tiến độ và bảng kết quả / no progress bar and no table")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương / a positive integer is needed: {text!r}")
    return value


def default_output(now: datetime | None = None) -> str:
    host = re.sub(r"[^A-Za-z0-9._-]+", "_", socket.gethostname()) or "host"
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M")
    return os.path.join(os.getcwd(), f"bmnn-scan-{host}-{stamp}.json")


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        for path in args.paths:
            if not os.path.exists(path):
                parser.error(f"không có đường dẫn / no such path: {path}")
        if args.cache and args.no_cache:
            parser.error("--cache và --no-cache không đi cùng nhau / --cache and --no-cache exclude each other")
    except SystemExit as exit_:
        return int(exit_.code or 0)

    from bmnn.scanner import cache, scan
    from bmnn.scanner.pool import WorkerStartError

    output = os.path.abspath(args.output or default_output())
    cache_path = None if args.no_cache else os.path.abspath(args.cache or cache.default_path())
    try:
        report = scan.run(args.paths or None, output=output, jobs=args.jobs, ocr=args.ocr, full=args.full,
                          cache_path=cache_path, probe=args.probe, progress=not args.quiet)
    except KeyboardInterrupt:
        print("\nĐã dừng / stopped.", file=sys.stderr)
        return 130
    except WorkerStartError as exc:
        print(f"Không khởi động được trình đọc / the readers could not start:\n{exc}", file=sys.stderr)
        return 1
    print(summary(report, output, quiet=args.quiet))
    return 0 if report["completed"] else 130


def summary(report: dict, output: str, *, quiet: bool = False) -> str:
    verdict = report["verdict"]
    findings = report["findings"]
    lines = [f"Máy / machine: {report['machine'].get('hostname', '?')}",
             f"Mạng / network: {VERDICTS.get(verdict['value'], verdict['value'])}",
             f"Tệp mang dấu / files with marks: {len(findings)} — báo cáo / report: {output}"]
    if not report["completed"]:
        lines.append("Quét bị ngắt: chạy lại cùng lệnh để quét tiếp / interrupted: run the same command to resume.")
    if quiet:
        return "\n".join(lines)
    stats = report["stats"]
    lines[2:2] = [f"  - {item}" for item in verdict["evidence"][:5]]
    lines.append(f"Tệp / files: {stats['files_seen']} thấy / seen, {stats['files_scanned']} đọc / read, "
                 f"{stats['files_from_cache']} không đổi / unchanged, {stats['skipped']} bỏ qua / skipped, "
                 f"{stats['seconds']:.1f} s")
    if findings:
        lines.append("")
        lines.append(f"{'Độ mật / level':<24} {'Mức / tier':<18} Đường dẫn / path")
        for finding in findings[:TABLE_ROWS]:
            lines.append(f"{LEVELS.get(finding['level'], finding['level']):<24} "
                         f"{TIERS.get(finding['tier'], finding['tier']):<18} {finding['path']}")
        if len(findings) > TABLE_ROWS:
            lines.append(f"… và {len(findings) - TABLE_ROWS} tệp khác trong báo cáo / and "
                         f"{len(findings) - TABLE_ROWS} more in the report")
    counts: dict[str, int] = {}
    for problem in report["problems"]:
        counts[problem["kind"]] = counts.get(problem["kind"], 0) + 1
    if counts:
        lines.append("")
        lines.append("Không đọc được hết / not fully read:")
        for kind, count in sorted(counts.items(), key=lambda item: -item[1]):
            lines.append(f"  {PROBLEMS.get(kind, kind)}: {count}")
    return "\n".join(lines)
