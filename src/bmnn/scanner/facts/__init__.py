"""Facts about the machine being scanned and whether it is, or was, networked
(scanner-notes §5). Nothing here sends traffic unless `collect(probe=…)` is given.

- `collect(probe=None) -> dict`: the report's `machine` object.
- `verdict(machine) -> dict`: `{"value": isolated|independent_lan|connected|
  was_connected|unknown, "evidence": [Vietnamese sentences]}`.

Readers by platform: `common` (psutil), `linux` (/proc, /sys, /etc, nmcli),
`windows` (registry, one PowerShell run); each records what it could not read in
`machine["errors"]` and never raises."""

from .collector import collect
from .network_verdict import verdict

__all__ = ["collect", "verdict"]
