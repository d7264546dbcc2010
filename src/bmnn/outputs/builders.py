"""Imports every producer of printouts so each registers its builder (services.register_builder)."""

from bmnn.outputs.documents import printing  # noqa: E402,F401  (documents.*)
from bmnn.records.services import annual_report_document  # noqa: E402,F401  (report.annual)
