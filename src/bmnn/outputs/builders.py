"""Imports every producer of printouts so each registers its builder (services.register_builder)."""

from bmnn.outputs.documents import printing  # noqa: E402,F401  (documents.*)
from bmnn.outputs import register_prints  # noqa: F401  (registers, their series and the inventory)
from bmnn.outputs import register_cli  # noqa: F401  (bmnn print register)
