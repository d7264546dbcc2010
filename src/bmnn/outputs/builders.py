"""Imports every producer of printouts so each registers its builder (services.register_builder)."""

from bmnn.outputs.documents import printing  # noqa: E402,F401  (documents.*)
from bmnn.outputs.documents import councils, declass, destruction, periods, stocktake  # noqa: E402,F401
