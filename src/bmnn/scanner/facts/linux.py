"""Linux facts from /proc, /sys and /etc (scanner-notes §5.1–5.3), all read from a
`root` so that tests build a fake tree in a temporary folder.

NetworkManager's saved connections are read from their [connection] section only:
the [wifi-security], [802-1x] and [vpn-secrets] sections hold passwords, and the
reader never keeps a line outside [connection]."""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
from pathlib import Path

import psutil

from .base import guarded, iso_from_timestamp, note_error
from .common import guess_kind, join_drives

ROOT = Path("/")
RTF_UP, RTF_REJECT = 0x0001, 0x0200
ARPHRD_LOOPBACK, ARPHRD_PPP, ARPHRD_NONE = 772, 512, 65534

# USB network drivers: a phone sharing its connection, or a mobile-broadband modem.
TETHERING_DRIVERS = {"rndis_host", "ipheth", "cdc_ether", "cdc_ncm", "cdc_eem"}
MOBILE_DRIVERS = {"qmi_wwan", "cdc_mbim", "sierra_net", "huawei_cdc_ncm", "option", "gobinet", "mhi_net"}

# NetworkManager connection types → history kinds.
NM_KINDS = {
    "802-11-wireless": "wifi", "wifi": "wifi",
    "802-3-ethernet": "ethernet", "ethernet": "ethernet", "pppoe": "ethernet",
    "gsm": "mobile", "cdma": "mobile",
    "vpn": "vpn", "wireguard": "vpn", "tun": "vpn",
    "bluetooth": "bluetooth",
}
NM_NOT_RUNNING = 8  # nmcli's exit status when NetworkManager is not running


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


# --- routes and DNS ---------------------------------------------------------------


def parse_ipv4_routes(text: str) -> list[dict]:
    routes = []
    for line in text.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 8:
            continue
        iface, dest, gateway, flags, mask = cols[0], cols[1], cols[2], int(cols[3], 16), cols[7]
        if int(dest, 16) or int(mask, 16) or not flags & RTF_UP or flags & RTF_REJECT:
            continue
        gw = int.from_bytes(bytes.fromhex(gateway), "little")  # the kernel writes it in host order
        routes.append({"interface": iface, "gateway": str(ipaddress.IPv4Address(gw)) if gw else None,
                       "family": "ipv4"})
    return routes


def parse_ipv6_routes(text: str) -> list[dict]:
    routes = []
    for line in text.splitlines():
        cols = line.split()
        if len(cols) < 10:
            continue
        dest, prefix, nexthop, flags, iface = cols[0], cols[1], cols[4], int(cols[8], 16), cols[9]
        if int(dest, 16) or int(prefix, 16) or not flags & RTF_UP or flags & RTF_REJECT or iface == "lo":
            continue
        gw = int(nexthop, 16)
        routes.append({"interface": iface, "gateway": str(ipaddress.IPv6Address(gw)) if gw else None,
                       "family": "ipv6"})
    return routes


def read_default_routes(machine: dict, root: Path = ROOT) -> None:
    with guarded(machine, "default_routes", "bảng định tuyến (/proc/net/route)"):
        routes = parse_ipv4_routes(_read(root / "proc/net/route"))
        ipv6 = root / "proc/net/ipv6_route"
        if ipv6.exists():  # absent when IPv6 is disabled: not an error
            routes += parse_ipv6_routes(_read(ipv6))
        machine["default_routes"] = routes


def parse_resolv_conf(text: str) -> list[str]:
    servers = []
    for line in text.splitlines():
        cols = line.split()
        if len(cols) >= 2 and cols[0] == "nameserver":
            servers.append(cols[1].split("%", 1)[0])
    return servers


def read_dns_servers(machine: dict, root: Path = ROOT) -> None:
    """resolv.conf; when it names only systemd-resolved's local stub, the upstream
    servers the stub forwards to are in /run/systemd/resolve/resolv.conf."""
    with guarded(machine, "dns_servers", "máy chủ DNS (/etc/resolv.conf)"):
        servers = parse_resolv_conf(_read(root / "etc/resolv.conf"))
        upstream = root / "run/systemd/resolve/resolv.conf"
        if all(s.startswith("127.") for s in servers) and upstream.exists():
            servers += parse_resolv_conf(_read(upstream))
        machine["dns_servers"] = list(dict.fromkeys(servers))


# --- interface kinds --------------------------------------------------------------


def interface_kind(name: str, root: Path = ROOT) -> tuple[str, str | None]:
    """(kind, description) from /sys/class/net/<name>; the description names the
    driver, the evidence an auditor checks against the device in front of them."""
    net = root / "sys/class/net" / name
    if not net.exists():
        return guess_kind(name), None
    uevent = _uevent(net / "uevent")
    devtype = uevent.get("DEVTYPE", "")
    driver = _driver(net)
    description = f"driver {driver}" if driver else None
    real = os.path.realpath(net)
    low = name.lower()
    if _int(net / "type") == ARPHRD_LOOPBACK:
        return "loopback", None
    if (net / "wireless").is_dir() or (net / "phy80211").exists() or devtype == "wlan":
        return "wifi", description
    if devtype == "wwan" or driver in MOBILE_DRIVERS or (low.startswith("wwan") and driver not in TETHERING_DRIVERS):
        return "mobile", description
    if driver in TETHERING_DRIVERS or low.startswith(("usb", "rndis")):
        return "tethering", description
    if devtype == "bluetooth" or low.startswith("bnep") or "/bluetooth/" in real:
        return "bluetooth", description
    if (net / "tun_flags").exists() or devtype == "wireguard" or low.startswith(("tun", "tap", "wg")):
        return "vpn", description
    if _int(net / "type") == ARPHRD_PPP:
        return "other", "PPP (quay số, PPPoE hoặc VPN)"
    virtual = os.path.realpath(root / "sys/devices/virtual")
    if real.startswith(virtual + os.sep):
        return "virtual", description
    if _int(net / "type") == 1:
        return "ethernet", description
    return "other", description


def classify_interfaces(machine: dict, root: Path = ROOT) -> None:
    with guarded(machine, "interface_kinds", "loại giao diện mạng (/sys/class/net)"):
        for iface in machine["interfaces"]:
            iface["kind"], iface["description"] = interface_kind(iface["name"], root)


def _uevent(path: Path) -> dict[str, str]:
    try:
        return dict(line.split("=", 1) for line in _read(path).splitlines() if "=" in line)
    except OSError:
        return {}


def _driver(net: Path) -> str | None:
    link = net / "device" / "driver"
    try:
        return os.path.basename(os.readlink(link)) or None
    except OSError:
        return None


def _int(path: Path) -> int | None:
    try:
        return int(_read(path).strip())
    except (OSError, ValueError):
        return None


# --- NetworkManager: saved connections and its own verdict ------------------------


def parse_nm_connection(text: str) -> dict:
    """The [connection] section's id, uuid, type and timestamp: nothing else is kept."""
    fields, inside = {}, False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == "[connection]"
            continue
        if inside and "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            if key in ("id", "uuid", "type", "timestamp"):
                fields[key] = value
    return fields


def _nm_timestamps(root: Path) -> dict[str, int]:
    """NetworkManager keeps each connection's last activation in this keyfile,
    not in the connection file (older versions wrote it there too)."""
    path = root / "var/lib/NetworkManager/timestamps"
    stamps = {}
    try:
        text = _read(path)
    except OSError:
        return stamps
    for line in text.splitlines():
        if "=" in line and not line.startswith("["):
            key, value = line.split("=", 1)
            try:
                stamps[key.strip()] = int(value.strip())
            except ValueError:
                pass
    return stamps


def read_nm_history(machine: dict, root: Path = ROOT) -> dict[str, dict]:
    """Saved NetworkManager connections into network_history; returns them by uuid
    (so that the active ones can be marked current)."""
    folder = root / "etc/NetworkManager/system-connections"
    by_uuid: dict[str, dict] = {}
    if not folder.is_dir():
        return by_uuid
    with guarded(machine, "network_history", "lịch sử mạng của NetworkManager"):
        stamps = _nm_timestamps(root)
        denied = []
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.name.endswith(("~", ".bak", ".tmp")):
                continue
            try:
                fields = parse_nm_connection(_read(path))
            except PermissionError:
                denied.append(path.name)
                continue
            if not fields.get("id") and not fields.get("type"):
                continue
            stamp = stamps.get(fields.get("uuid", "")) or _positive_int(fields.get("timestamp"))
            entry = {
                "name": fields.get("id") or path.stem,
                "kind": NM_KINDS.get(fields.get("type", ""), "other"),
                "first_connected": None,
                "last_connected": iso_from_timestamp(stamp) if stamp else None,
                "source": "networkmanager",
            }
            machine["network_history"].append(entry)
            if fields.get("uuid"):
                by_uuid[fields["uuid"]] = entry
        if denied:
            note_error(machine, "network_history",
                       f"Không đọc được {len(denied)} kết nối đã lưu của NetworkManager "
                       f"(cần quyền root): {', '.join(denied[:5])}")
    return by_uuid


def _positive_int(text: str | None) -> int | None:
    try:
        value = int(text or "")
    except ValueError:
        return None
    return value if value > 0 else None


def nm_check_enabled(root: Path = ROOT) -> bool:
    """Whether NetworkManager's own connectivity check is configured. Without it NM
    reports "full" for any device with a default route (nm-device.c: "make an
    optimistic guess"), so its "full" then proves nothing about the Internet."""
    files = [root / "etc/NetworkManager/NetworkManager.conf"]
    by_name: dict[str, Path] = {}
    for folder in ("usr/lib/NetworkManager/conf.d", "run/NetworkManager/conf.d", "etc/NetworkManager/conf.d"):
        d = root / folder
        if d.is_dir():
            for path in d.glob("*.conf"):
                by_name[path.name] = path  # a later folder shadows a file of the same name
    files += [by_name[name] for name in sorted(by_name)]
    settings: dict[str, str] = {}
    for path in files:
        try:
            text = _read(path)
        except OSError:
            continue
        inside = False
        for raw in text.splitlines():
            line = raw.strip()
            if line.startswith("["):
                inside = line == "[connectivity]"
            elif inside and "=" in line and not line.startswith(("#", ";")):
                key, value = (part.strip() for part in line.split("=", 1))
                settings[key] = value
    if settings.get("enabled", "true").lower() in ("false", "no", "0"):
        return False
    if settings.get("interval", "300").strip() == "0":
        return False
    return bool(settings.get("uri"))


def read_nm_connectivity(machine: dict, root: Path = ROOT, run=None, which=None) -> set[str]:
    """NetworkManager's last known verdict (`nmcli networking connectivity` without
    "check" reports it and starts no new check of ours); returns the uuids of the
    active connections."""
    run, which = run or subprocess.run, which or shutil.which
    nmcli = which("nmcli")
    if not nmcli:
        return set()
    active: set[str] = set()
    with guarded(machine, "os_connectivity", "đánh giá kết nối của NetworkManager (nmcli)"):
        done = run([nmcli, "-t", "networking", "connectivity"], capture_output=True, text=True, timeout=3)
        if done.returncode == NM_NOT_RUNNING:
            return active  # NetworkManager installed but not running: the OS has no verdict
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip() or f"mã thoát {done.returncode}")
        machine["os_connectivity"] = {"source": "networkmanager", "value": done.stdout.strip() or None,
                                      "active_probe_disabled": not nm_check_enabled(root)}
    with guarded(machine, "network_history", "các kết nối đang dùng của NetworkManager (nmcli)"):
        done = run([nmcli, "-t", "-f", "UUID", "connection", "show", "--active"],
                   capture_output=True, text=True, timeout=3)
        if done.returncode == 0:
            active = {line.strip() for line in done.stdout.splitlines() if line.strip()}
    return active


# --- disks, identity --------------------------------------------------------------


def removable_disks(root: Path = ROOT) -> list[dict]:
    """Whole disks that are removable or sit on a USB bus (a USB hard disk reports
    removable=0 but its sysfs path goes through the USB controller), and SD cards."""
    disks = []
    block = root / "sys/block"
    if not block.is_dir():
        return disks
    for entry in sorted(block.iterdir()):
        real = os.path.realpath(entry)
        removable = _int(entry / "removable") == 1
        usb = "/usb" in real
        sd = "/mmc_host/" in real and _read_or(entry / "device/type").strip() == "SD"
        if not (removable or usb or sd) or entry.name.startswith(("loop", "ram", "zram")):
            continue
        keys = {entry.name} | {p.name for p in entry.iterdir() if (p / "partition").exists()}
        sectors = _int(entry / "size")
        model = " ".join(_read_or(entry / f"device/{f}").strip() for f in ("vendor", "model")).strip()
        disks.append({
            "keys": keys, "device": f"/dev/{entry.name}",
            "bus": "usb" if usb else "sd" if sd else None,
            "reported_as": "removable" if removable else "fixed",
            "size": sectors * 512 if sectors is not None else None,
            "model": model or None,
        })
    return disks


def _read_or(path: Path, default: str = "") -> str:
    try:
        return _read(path)
    except OSError:
        return default


def read_removable_drives(machine: dict, root: Path = ROOT, partitions=None) -> None:
    partitions = partitions or psutil.disk_partitions
    with guarded(machine, "removable_drives", "ổ đĩa rời (/sys/block)"):
        machine["removable_drives"] = join_drives(removable_disks(root), partitions(all=False),
                                                  key=lambda p: os.path.basename(p.device))


def read_machine_id(machine: dict, root: Path = ROOT) -> None:
    with guarded(machine, "machine_id", "mã máy (/etc/machine-id)"):
        for candidate in ("etc/machine-id", "var/lib/dbus/machine-id"):
            path = root / candidate
            if path.exists():
                machine["machine_id"] = _read(path).strip() or None
                return
        raise FileNotFoundError("/etc/machine-id")


def read_distribution(machine: dict, root: Path = ROOT) -> None:
    with guarded(machine, "os", "tên bản phân phối (/etc/os-release)"):
        for candidate in ("etc/os-release", "usr/lib/os-release"):
            path = root / candidate
            if path.exists():
                for line in _read(path).splitlines():
                    if line.startswith("PRETTY_NAME="):
                        machine["os"]["distribution"] = line.split("=", 1)[1].strip().strip('"')
                return


def collect_into(machine: dict, root: Path = ROOT, run=None, which=None, partitions=None) -> None:
    read_machine_id(machine, root)
    read_distribution(machine, root)
    classify_interfaces(machine, root)
    read_default_routes(machine, root)
    read_dns_servers(machine, root)
    saved = read_nm_history(machine, root)
    for uuid in read_nm_connectivity(machine, root, run=run, which=which):
        if uuid in saved:
            saved[uuid]["current"] = True  # the network in use now is judged by the present facts
    read_removable_drives(machine, root, partitions)
