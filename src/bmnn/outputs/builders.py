"""Imports every producer of printouts so each registers its builder (services.register_builder)."""

from bmnn.outputs.documents import printing  # noqa: E402,F401  (documents.*)
# requests: classification record (TT 24 Mẫu 01), reproduction papers (Mẫu 10, 13), provision (Mẫu 17), carry-out
from bmnn.outputs.documents import carryout, classification_record, provision, reproduction  # noqa: E402,F401
