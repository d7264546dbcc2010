"""Facts every platform reads the same way, through psutil and the stdlib: host,
OS, users, boot time, interfaces, sessions to public addresses, and the join of
mounted partitions with the disks a platform module found to be removable.

None of these sends traffic: psutil reads the kernel's own tables."""

from __future__ import annotations

import platform
import socket

import psutil

from .base import guarded, is_loopback, is_public, iso_from_timestamp

# TCP states that exist only after a completed handshake: a public remote address in
# one of them proves a session with the Internet happened (TIME_WAIT: minutes ago).
_SESSION_STATES = {
    psutil.CONN_ESTABLISHED, psutil.CONN_FIN_WAIT1, psutil.CONN_FIN_WAIT2, psutil.CONN_CLOSE_WAIT,
    psutil.CONN_CLOSING, psutil.CONN_LAST_ACK, psutil.CONN_TIME_WAIT,
}


def read_identity(machine: dict) -> None:
    with guarded(machine, "hostname", "tên máy"):
        machine["hostname"] = socket.gethostname()  # reads the kernel's name; opens no socket
    with guarded(machine, "os", "thông tin hệ điều hành"):
        machine["os"] = {"system": platform.system(), "release": platform.release(),
                         "version": platform.version(), "platform": platform.platform()}


def read_users(machine: dict, users=None) -> None:
    users = users or psutil.users
    with guarded(machine, "users", "danh sách người dùng đang đăng nhập"):
        names = [u.name for u in users() if u.name]
        machine["users"] = list(dict.fromkeys(names))


def read_boot_time(machine: dict, boot_time=None) -> None:
    boot_time = boot_time or psutil.boot_time
    with guarded(machine, "boot_time", "thời điểm khởi động"):
        machine["boot_time"] = iso_from_timestamp(boot_time())


def guess_kind(name: str) -> str:
    """An interface's kind from its name alone: the fallback when the platform's own
    description (sysfs, Get-NetAdapter) is missing."""
    low = name.lower()
    if low == "lo" or "loopback" in low:
        return "loopback"
    if low.startswith(("wwan", "cellular")) or "mobile broadband" in low:
        return "mobile"
    if low.startswith(("wl", "wi-fi", "wifi")) or "wireless" in low:
        return "wifi"
    if low.startswith(("usb", "rndis")):
        return "tethering"
    if low.startswith(("tun", "tap", "wg")) or "vpn" in low:
        return "vpn"
    if low.startswith("bnep") or "bluetooth" in low:
        return "bluetooth"
    if low.startswith(("docker", "veth", "br-", "virbr", "vmnet", "vboxnet", "vethernet", "ifb", "dummy")):
        return "virtual"
    if low.startswith(("eth", "en", "em")) or "ethernet" in low:
        return "ethernet"
    return "other"


def read_interfaces(machine: dict, if_addrs=None, if_stats=None) -> None:
    """Every interface with its addresses, MAC and whether it is up; the kind is a
    name guess here that the platform module refines."""
    with guarded(machine, "interfaces", "danh sách giao diện mạng"):
        addrs, stats = (if_addrs or psutil.net_if_addrs)(), (if_stats or psutil.net_if_stats)()
        interfaces = []
        for name in sorted(set(addrs) | set(stats)):
            ips, mac = [], None
            for entry in addrs.get(name, []):
                if entry.family in (socket.AF_INET, socket.AF_INET6):
                    ips.append(entry.address.split("%", 1)[0])
                elif entry.family == psutil.AF_LINK and entry.address:
                    mac = entry.address.replace("-", ":").lower()
            stat = stats.get(name)
            kind = guess_kind(name)
            if ips and all(is_loopback(ip) for ip in ips):
                kind = "loopback"
            interfaces.append({"name": name, "kind": kind, "up": bool(stat and stat.isup),
                               "addresses": ips, "mac": mac, "description": None})
        machine["interfaces"] = interfaces


def read_public_connections(machine: dict, connections=None, process_name=None) -> None:
    """TCP sessions with a global remote address: only the address, port and process
    name are kept (never anything the process sent)."""
    connections, process_name = connections or psutil.net_connections, process_name or _process_namer()
    with guarded(machine, "public_connections", "các kết nối mạng đang mở"):
        seen, found = set(), []
        for conn in connections(kind="inet"):
            if conn.status not in _SESSION_STATES or not conn.raddr or not is_public(conn.raddr.ip):
                continue
            record = {"remote": conn.raddr.ip, "port": conn.raddr.port,
                      "process": process_name(conn.pid) if conn.pid else None, "status": conn.status}
            key = tuple(record.values())
            if key not in seen:
                seen.add(key)
                found.append(record)
        machine["public_connections"] = found


def _process_namer():
    """A pid → name lookup cached for one reading (pids are reused later)."""
    names: dict[int, str | None] = {}

    def name(pid: int) -> str | None:
        if pid not in names:
            try:
                names[pid] = psutil.Process(pid).name()
            except (psutil.Error, OSError):
                names[pid] = None
        return names[pid]

    return name


def join_drives(disks: list[dict], partitions, key) -> list[dict]:
    """One entry per mounted partition of a removable or USB disk (plus partitions
    Windows itself calls removable or cdrom), and one entry with an empty mountpoint
    for such a disk that is attached but not mounted.

    `disks`: dicts with `keys` (the partition keys that belong to the disk) and
    `device`, `bus`, `reported_as`, `size`, `model`; `key(partition)` gives a
    psutil partition's key (Linux: sdb1; Windows: E:)."""
    drives, mounted = [], set()
    by_key = {k: disk for disk in disks for k in disk["keys"]}
    for part in partitions:
        disk = by_key.get(key(part))
        opts = {o.strip().lower() for o in part.opts.split(",")}
        drive_type = next((o for o in ("removable", "cdrom", "fixed") if o in opts), None)  # Windows only
        if disk is None and drive_type not in ("removable", "cdrom"):
            continue
        if disk is not None:
            mounted.add(disk["device"])
        drives.append({
            "mountpoint": part.mountpoint, "device": part.device, "fstype": part.fstype or None,
            "bus": disk["bus"] if disk else None,
            "reported_as": (disk or {}).get("reported_as") or drive_type,
            "size": disk["size"] if disk else _size(part.mountpoint),
            "model": disk["model"] if disk else None,
        })
    for disk in disks:
        if disk["device"] not in mounted:
            drives.append({"mountpoint": "", "device": disk["device"], "fstype": None, "bus": disk["bus"],
                           "reported_as": disk.get("reported_as"), "size": disk["size"], "model": disk["model"]})
    return drives


def _size(mountpoint: str) -> int | None:
    try:
        return psutil.disk_usage(mountpoint).total
    except (OSError, psutil.Error):
        return None


def read_all(machine: dict) -> None:
    read_identity(machine)
    read_users(machine)
    read_boot_time(machine)
    read_interfaces(machine)
    read_public_connections(machine)

