"""Imports every producer of printouts so each registers its builder (services.register_builder)."""

from bmnn.outputs.documents import printing  # noqa: E402,F401  (documents.*)
from bmnn.outputs import register_prints  # noqa: F401  (registers, their series and the inventory)
from bmnn.outputs import register_cli  # noqa: F401  (bmnn print register)
from bmnn.outputs.export import act  # noqa: E402,F401  (list exports: one builder for every list)
from bmnn.records import exports as records_exports  # noqa: E402,F401
from bmnn.computers import exports as computers_exports  # noqa: E402,F401
from bmnn.records.services import annual_report_document  # noqa: E402,F401  (report.annual)
from bmnn.outputs.documents import councils, declass, destruction, periods, stocktake  # noqa: E402,F401
# requests: classification record (TT 24 Mẫu 01), reproduction papers (Mẫu 10, 13), provision (Mẫu 17), carry-out
from bmnn.outputs.documents import carryout, classification_record, provision, reproduction  # noqa: E402,F401
from bmnn.outputs.documents import envelopes, stamp_sheet  # noqa: E402,F401  (envelope-sheet, stamp-sheet)
