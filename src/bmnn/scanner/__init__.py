"""bmnn's endpoint scanner: finds files bearing secrecy stamps and tells whether the
machine is, or was, networked. Pure Python: nothing here imports Django, so the
scanner runs alone on an agency computer (`python -m bmnn.scanner`, or `bmnn scan`)."""

VERSION = "1.0.0"
