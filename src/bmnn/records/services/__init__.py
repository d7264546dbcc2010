"""The acts on secret items, one module per area; this package re-exports them so
that callers write `from bmnn.records import services; services.record_item(...)`."""

from bmnn.records.services.items import grant_access, open_item, record_item, visible_items  # noqa: F401
