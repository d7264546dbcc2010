"""python -m bmnn.scanner.corpus DEST [--scale N] [--seed S] [--formats docx,pdf…] [--no-problems] [--hostile]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bmnn.scanner.corpus import generate, read_labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bmnn.scanner.corpus",
        description="Tạo bộ tài liệu mẫu có nhãn để kiểm thử bộ quét / "
                    "Write the labelled test corpus for the scanner.")
    parser.add_argument("dest", type=Path, help="thư mục đích / destination folder")
    parser.add_argument("--scale", type=int, default=1,
                        help="số bản của mỗi trường hợp thường / copies of each ordinary case (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên / random seed (default 1)")
    parser.add_argument("--formats", default=None,
                        help="chỉ các định dạng này, ví dụ docx,xlsx,pdf / only these formats (sniff kinds)")
    parser.add_argument("--no-problems", action="store_true",
                        help="bỏ các tệp hỏng, mã hóa, ảnh quét / leave out broken, encrypted and scanned files")
    parser.add_argument("--hostile", action="store_true",
                        help="thêm bộ tệp độc hại vào DEST/hostile (bom zip, tệp 2 GB…) / "
                             "also write the hostile set under DEST/hostile")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale phải ≥ 1 / must be at least 1")
    started = time.monotonic()
    formats = [kind.strip() for kind in args.formats.split(",") if kind.strip()] if args.formats else None
    dest = generate(args.dest, scale=args.scale, seed=args.seed, hostile=args.hostile, formats=formats,
                    problems=not args.no_problems)
    labels = read_labels(dest)
    print(f"Đã ghi {len(labels['files'])} nhãn vào {dest / 'labels.json'} trong {time.monotonic() - started:.1f} s / "
          f"wrote {len(labels['files'])} labels", file=sys.stderr)
    for skipped in labels["skipped"]:
        print(f"Bỏ qua / skipped {skipped['case']}: {skipped['reason']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
