"""Is this machine connected beyond an independent LAN? Judged WITHOUT sending traffic.

Connection to the Internet cannot be proven without traffic, so this module
collects local evidence (interfaces, routes, resolvers, the TCP table, the OS's
own last verdict) and gives a tri-state verdict with the evidence behind it
(scanner-notes §5.1):

- INTERNET_LIKELY: an OS verdict of Internet, an established session to a global
  address, a wireless/mobile adapter up with a default route, or a default route
  together with a public DNS resolver;
- NETWORK_ONLY: a non-loopback interface is up with a usable address, nothing
  above (may be a lawful independent LAN: a default route alone proves nothing);
- OFFLINE: no non-loopback interface is up with a usable address.

`assess(facts)` is pure: tests feed it fabricated facts. `collect_facts()` reads
the machine (psutil, /proc, /sys, and on Windows `route print`, `ipconfig /all`,
PowerShell), each source guarded so one failure only adds a note. No Django here.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
from dataclasses import dataclass, field

INTERNET_LIKELY = "INTERNET_LIKELY"
NETWORK_ONLY = "NETWORK_ONLY"
OFFLINE = "OFFLINE"
EXIT_CODES = {OFFLINE: 0, NETWORK_ONLY: 1, INTERNET_LIKELY: 2}
VERDICT_TEXT = {
    INTERNET_LIKELY: "Có dấu hiệu máy đang kết nối Internet.",
    NETWORK_ONLY: "Máy có kết nối mạng nhưng không thấy dấu hiệu Internet (có thể là mạng LAN độc lập).",
    OFFLINE: "Máy không kết nối mạng.",
}

# Interface kinds. "radio" kinds are the ones that usually reach the Internet
# without passing the body's own network: Wi-Fi, mobile broadband, phone tethering.
LOOPBACK, WIRED, WIRELESS, MOBILE, VIRTUAL = "loopback", "wired", "wireless", "mobile", "virtual"
RADIO_KINDS = {WIRELESS, MOBILE}
KIND_TEXT = {LOOPBACK: "loopback", WIRED: "có dây", WIRELESS: "không dây (Wi-Fi)",
             MOBILE: "di động/chia sẻ từ điện thoại", VIRTUAL: "ảo"}

# Well-known public resolvers, named in the report; any other global resolver is
# flagged too, as "public".
KNOWN_RESOLVERS = {
    "8.8.8.8": "Google", "8.8.4.4": "Google", "2001:4860:4860::8888": "Google", "2001:4860:4860::8844": "Google",
    "1.1.1.1": "Cloudflare", "1.0.0.1": "Cloudflare", "2606:4700:4700::1111": "Cloudflare",
    "9.9.9.9": "Quad9", "149.112.112.112": "Quad9", "208.67.222.222": "OpenDNS", "208.67.220.220": "OpenDNS",
    "203.113.131.1": "VNPT", "203.113.131.2": "VNPT", "203.113.188.1": "Viettel", "203.113.188.2": "Viettel",
    "210.245.24.20": "FPT", "210.245.24.22": "FPT",
}

_WIRELESS_NAME = re.compile(r"wi-?fi|wlan|wireless|^wl|802\.11", re.I)
_MOBILE_NAME = re.compile(r"wwan|cellular|mobile|rndis|^ppp|^usb|^rmnet|^wwp|tethering", re.I)
_VIRTUAL_NAME = re.compile(r"^(veth|docker|br-|virbr|vmnet|vboxnet|tun|tap|wg|zt|tailscale|ifb|dummy)|"
                           r"vethernet|virtualbox|vmware|hyper-v|loopback pseudo", re.I)
_MOBILE_DRIVERS = {"rndis_host", "cdc_ether", "cdc_ncm", "cdc_mbim", "qmi_wwan", "ipheth", "huawei_cdc_ncm"}


@dataclass
class Interface:
    name: str
    is_up: bool
    addresses: list[str] = field(default_factory=list)
    kind: str = WIRED


@dataclass
class Route:
    family: str  # "ipv4" / "ipv6"
    gateway: str
    interface: str  # a name, or on Windows a local address or interface index


@dataclass
class Connection:
    remote: str
    port: int
    status: str
    pid: int | None = None


@dataclass
class PastNetwork:
    """A network the machine remembers (saved Wi-Fi, a past connection): history, not the present."""

    name: str
    kind: str  # wired / wireless / mobile / vpn / other
    last_connected: str = ""  # ISO date-time when the OS records it
    source: str = ""


@dataclass
class Facts:
    platform: str = ""
    interfaces: list[Interface] = field(default_factory=list)
    default_routes: list[Route] = field(default_factory=list)
    dns_servers: list[str] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    connections_readable: bool = True
    os_connectivity: dict | None = None  # {"source": ..., "value": ..., "internet": bool}
    history: list[PastNetwork] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Assessment:
    verdict: str
    reasons: list[str]
    warnings: list[str]

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    @property
    def text(self) -> str:
        return VERDICT_TEXT[self.verdict]


# --- Pure helpers -----------------------------------------------------------------

def parse_ip(value: str):
    """An address without its zone (fe80::1%eth0) and with IPv4-mapped IPv6 unwrapped; None if not an IP."""
    try:
        address = ipaddress.ip_address(str(value).split("%", 1)[0].strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def is_global(value: str) -> bool:
    address = parse_ip(value)
    return bool(address and address.is_global)


def is_usable(value: str) -> bool:
    """An address that can talk to other machines: not loopback, link-local, unspecified or multicast."""
    address = parse_ip(value)
    return bool(address) and not (address.is_loopback or address.is_link_local or address.is_unspecified
                                  or address.is_multicast)


def resolver_label(server: str) -> str:
    if server in KNOWN_RESOLVERS:
        return f"công cộng ({KNOWN_RESOLVERS[server]})"
    return "công cộng" if is_global(server) else "nội bộ"


def kind_from_name(name: str) -> str:
    """A guess from the interface's name; on Linux `collect_facts` corrects it from /sys."""
    if name == "lo" or name.lower().startswith("loopback"):
        return LOOPBACK
    if _VIRTUAL_NAME.search(name):
        return VIRTUAL
    if _WIRELESS_NAME.search(name):
        return WIRELESS
    if _MOBILE_NAME.search(name):
        return MOBILE
    return WIRED


def route_interfaces(route: Route, interfaces: list[Interface]) -> list[Interface]:
    """The interfaces a route leaves by: matched by name, or (Windows) by local address."""
    return [i for i in interfaces
            if i.name == route.interface or route.interface in {a.split("%", 1)[0] for a in i.addresses}]


def assess(facts: Facts) -> Assessment:
    reasons: list[str] = []
    warnings: list[str] = []
    up = [i for i in facts.interfaces if i.is_up and i.kind != LOOPBACK]
    routed: dict[str, Interface] = {}
    unplaced_routes = []
    for route in facts.default_routes:
        found = route_interfaces(route, facts.interfaces)
        routed.update({i.name: i for i in found})
        if not found:
            unplaced_routes.append(route)

    # Evidence of the Internet.
    if facts.os_connectivity and facts.os_connectivity.get("internet"):
        reasons.append(f"Hệ điều hành ghi nhận có Internet ({facts.os_connectivity['source']}: "
                       f"{facts.os_connectivity['value']}).")
    established = [c for c in facts.connections if c.status == "ESTABLISHED" and is_global(c.remote)]
    for c in established[:10]:
        reasons.append(f"Đang có kết nối tới địa chỉ Internet {c.remote}:{c.port}"
                       + (f" (tiến trình {c.pid})." if c.pid else "."))
    if len(established) > 10:
        reasons.append(f"… và {len(established) - 10} kết nối khác tới địa chỉ Internet.")
    for i in up:
        if i.kind in RADIO_KINDS and any(is_usable(a) for a in i.addresses) and (i.name in routed or unplaced_routes):
            reasons.append(f"Card mạng {KIND_TEXT[i.kind]} «{i.name}» đang bật và có tuyến mặc định.")
    public_dns = [s for s in facts.dns_servers if is_global(s)]
    if facts.default_routes and public_dns:
        reasons.append("Có tuyến mặc định và máy chủ DNS công cộng: "
                       + ", ".join(f"{s} ({resolver_label(s)})" for s in public_dns) + ".")
    if reasons:
        verdict = INTERNET_LIKELY
    else:
        # A virtual interface (container bridge, VPN adapter left up) counts only if traffic leaves by it.
        networked = [i for i in up if any(is_usable(a) for a in i.addresses)
                     and (i.kind != VIRTUAL or i.name in routed)]
        if networked:
            verdict = NETWORK_ONLY
            reasons.append("Card mạng đang bật và có địa chỉ: " + ", ".join(
                f"{i.name} ({', '.join(a for a in i.addresses if is_usable(a))})" for i in networked) + ".")
            if facts.default_routes:
                reasons.append("Có tuyến mặc định (" + ", ".join(f"qua {r.gateway or '?'}" for r in facts.default_routes)
                               + "); riêng điều này không chứng tỏ có Internet: mạng LAN độc lập cũng có thể có cổng.")
        else:
            verdict = OFFLINE
            reasons.append("Không có card mạng nào (ngoài loopback) đang bật với địa chỉ dùng được.")

    # What does not decide the verdict but an inspector should see.
    for i in facts.interfaces:
        if i.kind in RADIO_KINDS and not i.is_up:
            warnings.append(f"Máy có card mạng {KIND_TEXT[i.kind]} «{i.name}» (đang tắt).")
    if not facts.connections_readable:
        warnings.append("Không đọc được bảng kết nối của mọi tiến trình (cần quyền quản trị); "
                        "kết luận có thể thiếu bằng chứng.")
    if facts.default_routes and not facts.dns_servers:
        warnings.append("Không xác định được máy chủ DNS.")
    remembered = [n for n in facts.history if n.kind in (WIRELESS, MOBILE, "vpn")]
    if remembered:
        warnings.append("Máy đã từng kết nối mạng không dây, di động hoặc VPN: "
                        + ", ".join(f"«{n.name}»" + (f" (lần cuối {n.last_connected[:10]})" if n.last_connected else "")
                                    for n in remembered[:10]) + ".")
    if facts.os_connectivity and not facts.os_connectivity.get("internet"):
        warnings.append(f"Hệ điều hành ghi nhận: {facts.os_connectivity['source']} = {facts.os_connectivity['value']}.")
    warnings.extend(facts.notes)
    return Assessment(verdict, reasons, warnings)


# --- Parsers of system outputs (pure, tested with fabricated text) ------------------

RTF_UP, RTF_REJECT = 0x0001, 0x0200


def parse_proc_route(text: str) -> list[Route]:
    """Default IPv4 routes from /proc/net/route (hex, little-endian)."""
    routes = []
    for line in text.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 8:
            continue
        iface, destination, gateway, flags, mask = cols[0], cols[1], cols[2], int(cols[3], 16), cols[7]
        if destination == "00000000" and mask == "00000000" and flags & RTF_UP:
            gw = socket.inet_ntoa(struct.pack("<I", int(gateway, 16))) if int(gateway, 16) else ""
            routes.append(Route("ipv4", gw, iface))
    return routes


def parse_proc_ipv6_route(text: str) -> list[Route]:
    """Default IPv6 routes (::/0) from /proc/net/ipv6_route, leaving out the kernel's reject route on lo."""
    routes = []
    for line in text.splitlines():
        cols = line.split()
        if len(cols) < 10:
            continue
        destination, prefix, next_hop, flags, iface = cols[0], cols[1], cols[4], int(cols[8], 16), cols[9]
        if int(destination, 16) == 0 and prefix == "00" and flags & RTF_UP and not flags & RTF_REJECT and iface != "lo":
            gw = str(ipaddress.IPv6Address(int(next_hop, 16))) if int(next_hop, 16) else ""
            routes.append(Route("ipv6", gw, iface))
    return routes


def parse_resolv_conf(text: str) -> list[str]:
    servers = []
    for line in text.splitlines():
        cols = line.split("#", 1)[0].split()
        if len(cols) >= 2 and cols[0] == "nameserver" and parse_ip(cols[1]):
            servers.append(cols[1])
    return servers


def parse_route_print(text: str) -> list[Route]:
    """Default routes from Windows `route print` (active routes only; numbers are not localised)."""
    routes = []
    for line in text.splitlines():
        cols = line.split()
        # IPv4 active route: destination netmask gateway interface metric
        if len(cols) == 5 and cols[0] == "0.0.0.0" and cols[1] == "0.0.0.0" and cols[4].isdigit():
            routes.append(Route("ipv4", cols[2] if parse_ip(cols[2]) else "", cols[3]))
        # IPv6 active route: if-index metric destination gateway
        elif len(cols) == 4 and cols[2] == "::/0" and cols[0].isdigit():
            routes.append(Route("ipv6", cols[3] if parse_ip(cols[3]) else "", cols[0]))
    return routes


def parse_ipconfig_dns(text: str) -> list[str]:
    """DNS servers from Windows `ipconfig /all`: the "DNS Servers" line and its continuation lines.

    The label is localised but keeps "DNS"; values are separated by " : " (IPv6
    addresses have colons of their own)."""
    servers: list[str] = []
    in_dns = False
    for line in text.splitlines():
        if " : " in line:
            label, value = line.split(" : ", 1)
            in_dns = "DNS" in label.upper() and parse_ip(value) is not None
            value = value.strip()
        else:
            value = line.strip()
            if not value or parse_ip(value) is None:
                in_dns = False
                continue
        if in_dns and parse_ip(value) and value not in servers:
            servers.append(value.split("%", 1)[0])
    return servers


# Windows NetworkList profile NameType → kind (forensic references, scanner-notes §5.1).
WINDOWS_NAME_TYPES = {6: WIRED, 23: "vpn", 71: WIRELESS, 243: MOBILE}
NM_TYPES = {"ethernet": WIRED, "802-3-ethernet": WIRED, "wifi": WIRELESS, "802-11-wireless": WIRELESS,
            "gsm": MOBILE, "cdma": MOBILE, "bluetooth": MOBILE, "vpn": "vpn", "wireguard": "vpn"}


def parse_systemtime(raw: bytes) -> str:
    """A Windows SYSTEMTIME (8 little-endian uint16: year, month, weekday, day, h, m, s, ms) as ISO text."""
    if not raw or len(raw) < 16:
        return ""
    year, month, _weekday, day, hour, minute, second, _ms = struct.unpack("<8H", raw[:16])
    if not (1601 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"


def parse_nmconnection(name: str, text: str) -> PastNetwork:
    """A NetworkManager keyfile: the connection's id and type ([connection] id=, type=)."""
    values, section = {}, ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "connection" and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return PastNetwork(values.get("id", name), NM_TYPES.get(values.get("type", ""), "other"),
                       source="NetworkManager")


# --- Collection (reads the machine; never sends anything) ---------------------------

def _run(args: list[str], facts: Facts, timeout: float = 15) -> str:
    try:
        kwargs = {"creationflags": 0x08000000} if sys.platform == "win32" else {}  # CREATE_NO_WINDOW
        done = subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=timeout,
                              check=False, **kwargs)
        return done.stdout or ""
    except (OSError, subprocess.SubprocessError) as exc:
        facts.notes.append(f"Không chạy được «{' '.join(args[:2])}»: {exc.__class__.__name__}.")
        return ""


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return None


def _linux_kind(name: str) -> str:
    base = f"/sys/class/net/{name}"
    if not os.path.exists(base):
        return kind_from_name(name)
    if name == "lo":
        return LOOPBACK
    if os.path.exists(f"{base}/wireless") or os.path.exists(f"{base}/phy80211"):
        return WIRELESS
    driver = os.path.basename(os.path.realpath(f"{base}/device/driver")) if os.path.exists(f"{base}/device") else ""
    if driver in _MOBILE_DRIVERS or (_read(f"{base}/type") or "").strip() == "512":  # 512: PPP
        return MOBILE
    if os.path.realpath(base).startswith("/sys/devices/virtual/"):
        return VIRTUAL
    return kind_from_name(name) if kind_from_name(name) != VIRTUAL else WIRED


def _collect_interfaces(facts: Facts) -> None:
    import psutil

    stats = psutil.net_if_stats()
    ip_families = {socket.AF_INET, socket.AF_INET6}
    for name, addresses in sorted(psutil.net_if_addrs().items()):
        stat = stats.get(name)
        kind = _linux_kind(name) if sys.platform.startswith("linux") else kind_from_name(name)
        if stat is not None and "loopback" in (getattr(stat, "flags", "") or ""):
            kind = LOOPBACK
        facts.interfaces.append(Interface(
            name=name, is_up=bool(stat and stat.isup), kind=kind,
            addresses=[a.address for a in addresses if a.family in ip_families]))


def _collect_connections(facts: Facts) -> None:
    import psutil

    try:
        connections = psutil.net_connections(kind="inet")
    except (psutil.AccessDenied, PermissionError, OSError):
        facts.connections_readable = False
        return
    for c in connections:
        if c.raddr:
            facts.connections.append(Connection(remote=c.raddr.ip, port=c.raddr.port, status=c.status, pid=c.pid))


def _collect_linux(facts: Facts) -> None:
    facts.default_routes += parse_proc_route(_read("/proc/net/route") or "")
    facts.default_routes += parse_proc_ipv6_route(_read("/proc/net/ipv6_route") or "")
    servers = parse_resolv_conf(_read("/etc/resolv.conf") or "")
    if servers and all(parse_ip(s) and parse_ip(s).is_loopback for s in servers):
        # A local stub (systemd-resolved 127.0.0.53): its upstream servers are what matter.
        upstream = parse_resolv_conf(_read("/run/systemd/resolve/resolv.conf") or "")
        servers = upstream or servers
    facts.dns_servers = servers
    if shutil.which("nmcli"):
        # Without "check", nmcli reports NetworkManager's last known state and sends nothing.
        value = _run(["nmcli", "-t", "networking", "connectivity"], facts, timeout=5).strip()
        if value:
            facts.os_connectivity = {"source": "NetworkManager", "value": value, "internet": value == "full"}
    _linux_history(facts)


def _linux_history(facts: Facts) -> None:
    folder = "/etc/NetworkManager/system-connections"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        text = _read(os.path.join(folder, name))
        base = name.removesuffix(".nmconnection")
        facts.history.append(parse_nmconnection(base, text) if text is not None
                             else PastNetwork(base, "other", source="NetworkManager"))


def _windows_history(facts: Facts) -> None:
    import winreg

    path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\NetworkList\Profiles"
    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as profiles:
        for index in range(winreg.QueryInfoKey(profiles)[0]):
            with winreg.OpenKey(profiles, winreg.EnumKey(profiles, index)) as profile:
                def value(name, default=None):
                    try:
                        return winreg.QueryValueEx(profile, name)[0]
                    except OSError:
                        return default
                facts.history.append(PastNetwork(
                    str(value("ProfileName", "?")), WINDOWS_NAME_TYPES.get(value("NameType", 0), "other"),
                    parse_systemtime(value("DateLastConnected", b"") or b""), source="Windows NetworkList"))


def _collect_windows(facts: Facts) -> None:
    facts.default_routes = parse_route_print(_run(["route", "print"], facts))
    facts.dns_servers = parse_ipconfig_dns(_run(["ipconfig", "/all"], facts))
    if shutil.which("powershell"):
        value = _run(["powershell", "-NoProfile", "-NonInteractive", "-Command",
                      "(Get-NetConnectionProfile | ForEach-Object { $_.IPv4Connectivity.ToString() + '/' + "
                      "$_.IPv6Connectivity.ToString() }) -join ','"], facts).strip()
        if value:
            facts.os_connectivity = {"source": "Windows NCSI (Get-NetConnectionProfile)", "value": value,
                                     "internet": "Internet" in value}
    try:
        import winreg

        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                             r"Software\Policies\Microsoft\Windows\NetworkConnectivityStatusIndicator")
        if winreg.QueryValueEx(key, "NoActiveProbe")[0] == 1:
            facts.notes.append("Chính sách NoActiveProbe=1: Windows không thăm dò Internet, "
                               "nên nhận định của Windows có thể báo thiếu.")
    except (ImportError, OSError):
        pass
    try:
        _windows_history(facts)
    except (ImportError, OSError) as exc:
        facts.notes.append(f"Không đọc được lịch sử mạng của Windows: {exc.__class__.__name__}.")


def collect_facts() -> Facts:
    facts = Facts(platform=sys.platform)
    for step in (_collect_interfaces, _collect_connections,
                 _collect_windows if sys.platform == "win32" else _collect_linux):
        try:
            step(facts)
        except Exception as exc:  # noqa: BLE001 - one unreadable source must not hide the others
            facts.notes.append(f"Không thu thập được ({step.__name__.strip('_')}): {exc.__class__.__name__}: {exc}")
    return facts
