"""The `bmnn` command. Every sub-command is a Django management command, so
`bmnn ledger verify` is `manage.py ledger verify`, `bmnn serve` is
`manage.py serve`, and any other Django command (migrate, createsuperuser…)
works too."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")
    # Vietnamese output must survive a Windows console or a redirected pipe.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["bmnn", *args])


if __name__ == "__main__":  # pragma: no cover
    main()
