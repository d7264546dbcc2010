"""Spreadsheet export of the lists a person may see (issue 6, item 6; docs/printing-export.md).

One mechanism, many lists: each list page declares a `ListSpec` (spec.py) whose rows come from the
page's own filtered, visibility-checked query; `workbook.py` lays any spec out as an XLSX sheet;
`act.py` is the act (allowed by role from the rulebook's `exports` forms, recorded as a Printout and
its ledger event); `views.py` and `api.py` are its page and API entry points."""
