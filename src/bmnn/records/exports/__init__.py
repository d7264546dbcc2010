"""The records pages' lists as Excel exports (outputs.export): one ListSpec per list page, each
taking its rows from the page's own filtered, visibility-checked query."""

from bmnn.records.exports import acts, items, registers  # noqa: F401  (each registers its lists)
