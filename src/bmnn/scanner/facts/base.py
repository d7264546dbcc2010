"""What every facts reader shares: the empty `machine` object, the way a reader
records that it could not read something, and address and date helpers.

A reader never raises: it wraps its work in `guarded(machine, fact, what)`, which
turns any exception into a Vietnamese line in `machine["errors"]` and names the
fact in `machine["unread_facts"]`, so the verdict can tell "nothing found" from
"could not look" (scanner-notes §5.1: always list the raw evidence)."""

from __future__ import annotations

import ipaddress
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

# Interface kinds of the schema, with the words the evidence uses for them.
KIND_LABELS = {
    "ethernet": "có dây",
    "wifi": "Wi-Fi",
    "mobile": "mạng di động",
    "tethering": "chia sẻ mạng từ điện thoại",
    "vpn": "VPN",
    "bluetooth": "Bluetooth",
    "loopback": "loopback",
    "virtual": "ảo",
    "other": "khác",
}


def empty_machine() -> dict:
    """The `machine` object with every required field present and empty."""
    return {
        "hostname": "",
        "machine_id": None,
        "os": {},
        "users": [],
        "boot_time": None,
        "interfaces": [],
        "default_routes": [],
        "dns_servers": [],
        "public_connections": [],
        "os_connectivity": {"source": None, "value": None, "active_probe_disabled": None},
        "proxy": None,
        "network_history": [],
        "usb_history": [],
        "removable_drives": [],
        "probe": None,
        "errors": [],
        # Not in the schema's required list: which facts could not be read, by key,
        # so that verdict() need not parse the Vietnamese messages above.
        "unread_facts": [],
    }


def note_error(machine: dict, fact: str, message: str) -> None:
    machine["errors"].append(message)
    if fact not in machine["unread_facts"]:
        machine["unread_facts"].append(fact)


def describe(exc: BaseException) -> str:
    """A short Vietnamese reason for an exception (the detail stays for support)."""
    if isinstance(exc, PermissionError):
        return f"không đủ quyền ({exc})"
    if isinstance(exc, FileNotFoundError):
        return f"không tìm thấy ({exc})"
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"quá thời gian chờ {exc.timeout:g} giây"
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def guarded(machine: dict, fact: str, what: str) -> Iterator[None]:
    """Run a reader's body; on any failure record «Không đọc được <what>: <why>»."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - a reader must never stop collect()
        note_error(machine, fact, f"Không đọc được {what}: {describe(exc)}")


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from its text (an IPv6 zone «%eth0» dropped; an IPv4-mapped
    IPv6 address unwrapped, since Python 3.11 calls ::ffff:8.8.8.8 private)."""
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0].strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def is_public(text: str) -> bool:
    """A globally routed unicast address. Site-local fec0::/10 (Windows' default
    "no DNS configured" servers) is not, though Python calls it global."""
    ip = parse_ip(text)
    if ip is None or ip.is_multicast:
        return False
    if ip.version == 6 and ip.is_site_local:
        return False
    return ip.is_global


def is_link_local(text: str) -> bool:
    ip = parse_ip(text)
    return ip is not None and ip.is_link_local


def is_loopback(text: str) -> bool:
    ip = parse_ip(text)
    return ip is not None and ip.is_loopback


def iso_from_timestamp(seconds: float) -> str:
    """A POSIX timestamp as local time with its offset (unambiguous in the report)."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).astimezone().isoformat(timespec="seconds")


def as_list(value) -> list:
    """PowerShell's ConvertTo-Json writes one object where a list has one item."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]
