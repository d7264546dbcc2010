"""The `bmnn` command. Every sub-command is a Django management command, so
`bmnn ledger verify` is `manage.py ledger verify`, `bmnn serve` is
`manage.py serve`, and any other Django command (migrate, createsuperuser…)
works too."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["scan"]:
        # The endpoint scanner runs on agency computers without Django: never set it up.
        from bmnn.scanner.cli import main as scan

        sys.exit(scan(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    # Vietnamese output must survive a Windows console or a redirected pipe.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["scan-import"]:  # a Django command's name is its module's: computers' scan_import
        args[0] = "scan_import"
    execute_from_command_line(["bmnn", *args])


if __name__ == "__main__":  # pragma: no cover
    main()
