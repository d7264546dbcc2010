"""The acts on secret items, one module per area; this package re-exports them so
that callers write `from bmnn.records import services; services.record_item(...)`."""

from bmnn.records.services.items import grant_access, open_item, record_item, visible_items  # noqa: F401
from bmnn.records.services.classification import (decide, propose, report_unmarked,  # noqa: F401
                                                  return_to_drafter)
from bmnn.records.services.lists import load_list, load_list_file  # noqa: F401
