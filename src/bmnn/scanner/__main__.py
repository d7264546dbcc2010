"""`python -m bmnn.scanner …` is `bmnn scan …` (without Django installed)."""

import sys

from bmnn.scanner.cli import main

if __name__ == "__main__":  # a spawned worker imports this module too: it must not scan again
    sys.exit(main())
