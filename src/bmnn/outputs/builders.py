"""Imports every producer of printouts so each registers its builder (services.register_builder)."""

from bmnn.outputs.documents import printing  # noqa: E402,F401  (documents.*)
from bmnn.outputs.documents import envelopes, stamp_sheet  # noqa: E402,F401  (envelope-sheet, stamp-sheet)
