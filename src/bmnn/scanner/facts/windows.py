"""Windows facts (scanner-notes §5.1–5.3): the registry for network and USB history,
the NCSI policy and the machine GUID; one PowerShell run for what only CIM knows
(the OS's connectivity verdict per network, adapter kinds, default routes, DNS,
disk bus types).

Importable and testable on Linux: `winreg` is imported inside `WinRegistry`, and
every reader takes its data source as a parameter (`reg`: anything with
`subkeys(path)` and `values(path)`; `runner(script, timeout) -> str`)."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psutil

from .base import as_list, guarded, note_error
from .common import join_drives

NETWORK_LIST = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\NetworkList"
USBSTOR = r"HKLM\SYSTEM\CurrentControlSet\Enum\USBSTOR"
DEVICE_TIMES = "{83da6326-97a6-4088-9453-a1923f573b29}"  # DEVPKEY_Device_* install/arrival/removal times
NCSI_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\NetworkConnectivityStatusIndicator"
NLA_INTERNET = r"HKLM\SYSTEM\CurrentControlSet\Services\NlaSvc\Parameters\Internet"
CRYPTOGRAPHY = r"HKLM\SOFTWARE\Microsoft\Cryptography"
INTERNET_SETTINGS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings"

NAME_TYPES = {6: "ethernet", 23: "vpn", 71: "wifi", 243: "mobile"}  # NetworkList\Profiles NameType
CONNECTIVITY_ORDER = ["Disconnected", "NoTraffic", "Subnet", "LocalNetwork", "Internet"]  # NetConnectivity enum
BUS_TYPES = {7: "USB", 12: "SD", 13: "MMC"}  # MSFT_Disk.BusType when it comes as a number
REMOVABLE_BUSES = {"USB": "usb", "SD": "sd", "MMC": "mmc"}
POWERSHELL_TIMEOUT = 5.0

PROFILE_SECONDS_ORIGIN = datetime(1601, 1, 1, tzinfo=timezone.utc)


# --- the registry -----------------------------------------------------------------


class WinRegistry:
    """Reads HKLM/HKCU through winreg, the 64-bit view even from a 32-bit Python.
    A missing key raises FileNotFoundError, a forbidden one PermissionError."""

    def _open(self, path: str):
        import winreg  # only on Windows

        hive_name, _, sub = path.partition("\\")
        hive = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCU": winreg.HKEY_CURRENT_USER}[hive_name]
        return winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)

    def subkeys(self, path: str) -> list[str]:
        import winreg

        with self._open(path) as key:
            count = winreg.QueryInfoKey(key)[0]
            return [winreg.EnumKey(key, i) for i in range(count)]

    def values(self, path: str) -> dict:
        import winreg

        with self._open(path) as key:
            count = winreg.QueryInfoKey(key)[1]
            return {name: data for name, data, _type in (winreg.EnumValue(key, i) for i in range(count))}


def systemtime_iso(data) -> str | None:
    """A 16-byte SYSTEMTIME (year, month, weekday, day, hour, minute, second, ms,
    little-endian words) as ISO local time: NetworkList stores local time, so no
    offset is claimed."""
    if not isinstance(data, (bytes, bytearray)) or len(data) < 16:
        return None
    year, month, _weekday, day, hour, minute, second, _ms = (int.from_bytes(data[i:i + 2], "little")
                                                             for i in range(0, 16, 2))
    try:
        return datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError:
        return None


def filetime_iso(data) -> str | None:
    """An 8-byte FILETIME (100 ns since 1601, UTC) as ISO UTC."""
    if not isinstance(data, (bytes, bytearray)) or len(data) < 8:
        return None
    ticks = int.from_bytes(data[:8], "little")
    if not ticks:
        return None
    try:
        return (PROFILE_SECONDS_ORIGIN + timedelta(microseconds=ticks // 10)).isoformat(timespec="seconds")
    except OverflowError:
        return None


def read_network_history(machine: dict, reg) -> None:
    """NetworkList\\Profiles: every network this Windows ever joined, with its kind
    and first and last connection; the gateway MAC from Signatures when present."""
    with guarded(machine, "network_history", "lịch sử mạng của Windows (NetworkList\\Profiles)"):
        gateways = _gateway_macs(machine, reg)
        for guid in reg.subkeys(NETWORK_LIST + r"\Profiles"):
            values = reg.values(NETWORK_LIST + r"\Profiles" + "\\" + guid)
            entry = {
                "name": str(values.get("ProfileName") or values.get("Description") or guid),
                "kind": NAME_TYPES.get(values.get("NameType"), "other"),
                "first_connected": systemtime_iso(values.get("DateCreated")),
                "last_connected": systemtime_iso(values.get("DateLastConnected")),
                "source": "windows-networklist",
            }
            if guid.lower() in gateways:
                entry["gateway_mac"] = gateways[guid.lower()]
            machine["network_history"].append(entry)


def _gateway_macs(machine: dict, reg) -> dict[str, str]:
    macs = {}
    for group in ("Unmanaged", "Managed"):
        base = NETWORK_LIST + r"\Signatures" + "\\" + group
        try:
            names = reg.subkeys(base)
        except FileNotFoundError:
            continue
        except OSError as exc:
            note_error(machine, "network_history", f"Không đọc được NetworkList\\Signatures\\{group}: {exc}")
            continue
        for name in names:
            try:
                values = reg.values(base + "\\" + name)
            except OSError:
                continue
            mac, guid = values.get("DefaultGatewayMac"), values.get("ProfileGuid")
            if isinstance(mac, (bytes, bytearray)) and len(mac) >= 6 and guid:
                macs[str(guid).lower()] = ":".join(f"{b:02x}" for b in mac[:6])
    return macs


def device_name(key: str) -> str:
    """"Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00" → "SanDisk Cruzer Blade"."""
    parts = dict(p.split("_", 1) for p in key.split("&") if "_" in p)
    name = " ".join(parts.get(k, "") for k in ("Ven", "Prod")).replace("_", " ").strip()
    return name or key


def read_usb_history(machine: dict, reg) -> None:
    """USBSTOR: every USB storage device ever attached, with its serial and, when
    the Properties key is readable (often only as SYSTEM), its first install, last
    arrival and last removal."""
    with guarded(machine, "usb_history", "lịch sử thiết bị USB (USBSTOR)"):
        denied = 0
        for dev_key in reg.subkeys(USBSTOR):
            for instance in reg.subkeys(USBSTOR + "\\" + dev_key):
                path = USBSTOR + "\\" + dev_key + "\\" + instance
                try:
                    values = reg.values(path)
                except OSError:
                    values = {}
                serial = re.sub(r"&\d+$", "", instance)
                entry = {
                    "device": str(values.get("FriendlyName") or device_name(dev_key)),
                    "serial": serial,
                    # A serial whose second character is "&" was made up by Windows:
                    # the device has none of its own, so it cannot be matched later.
                    "serial_generated": len(serial) > 1 and serial[1] == "&",
                    "first_connected": None, "last_connected": None, "last_removed": None,
                    "source": "windows-usbstor",
                }
                try:
                    entry["first_connected"] = _device_time(reg, path, "0064")
                    entry["last_connected"] = _device_time(reg, path, "0066")
                    entry["last_removed"] = _device_time(reg, path, "0067")
                except PermissionError:
                    denied += 1
                machine["usb_history"].append(entry)
        if denied:
            note_error(machine, "usb_history",
                       f"Không đọc được thời điểm cắm/rút của {denied} thiết bị USB (khóa Properties "
                       "thường chỉ tài khoản SYSTEM đọc được): danh sách thiết bị vẫn đầy đủ")


def _device_time(reg, path: str, prop: str) -> str | None:
    try:
        values = reg.values(path + r"\Properties" + "\\" + DEVICE_TIMES + "\\" + prop)
    except FileNotFoundError:
        return None  # Windows 7 and older do not keep these
    return filetime_iso(values.get(""))


def read_machine_guid(machine: dict, reg) -> None:
    with guarded(machine, "machine_id", "mã máy (MachineGuid)"):
        machine["machine_id"] = str(reg.values(CRYPTOGRAPHY)["MachineGuid"])


def read_active_probe_disabled(reg) -> bool | None:
    """Whether NCSI's active probe is off (policy NoActiveProbe=1, or the NlaSvc
    EnableActiveProbing=0). Then "no Internet" from Windows means little."""
    answer = None
    for path, name, disabled_when in ((NCSI_POLICY, "NoActiveProbe", 1), (NLA_INTERNET, "EnableActiveProbing", 0)):
        try:
            values = reg.values(path)
        except FileNotFoundError:
            values = {}  # no policy key: probing is on, the default
        except OSError:
            continue
        if values.get(name) == disabled_when:
            return True
        answer = False
    return answer


def read_proxy(machine: dict, reg) -> None:
    with guarded(machine, "proxy", "cấu hình proxy (Internet Settings)"):
        try:
            values = reg.values(INTERNET_SETTINGS)
        except FileNotFoundError:
            return
        if values.get("ProxyEnable") == 1 and values.get("ProxyServer"):
            machine["proxy"] = str(values["ProxyServer"])
        elif values.get("AutoConfigURL"):
            machine["proxy"] = f"PAC {values['AutoConfigURL']}"


# --- PowerShell -------------------------------------------------------------------

# One PowerShell process for everything (each start costs 0.3–1 s). Each section has
# its own try so one failing cmdlet loses only its own facts. Values are cast to
# strings because ConvertTo-Json writes enums as numbers. No double quotes in the
# script: it goes through the command line unescaped.
_SECTIONS = {
    "profiles": "Get-NetConnectionProfile | Select-Object @{n='Name';e={[string]$_.Name}},"
                "@{n='InterfaceAlias';e={[string]$_.InterfaceAlias}},"
                "@{n='NetworkCategory';e={[string]$_.NetworkCategory}},"
                "@{n='IPv4Connectivity';e={[string]$_.IPv4Connectivity}},"
                "@{n='IPv6Connectivity';e={[string]$_.IPv6Connectivity}}",
    "adapters": "Get-NetAdapter | Select-Object Name,InterfaceDescription,"
                "@{n='MediaType';e={[string]$_.MediaType}},@{n='PhysicalMediaType';e={[string]$_.PhysicalMediaType}},"
                "@{n='Status';e={[string]$_.Status}}",
    "routes": "Get-NetRoute -DestinationPrefix '0.0.0.0/0','::/0' -PolicyStore ActiveStore "
              "-ErrorAction SilentlyContinue | Select-Object InterfaceAlias,NextHop,"
              "@{n='AddressFamily';e={[string]$_.AddressFamily}}",
    "dns": "Get-DnsClientServerAddress | Select-Object InterfaceAlias,"
           "@{n='ServerAddresses';e={@($_.ServerAddresses)}}",
    "disks": "Get-Disk | Select-Object Number,FriendlyName,@{n='BusType';e={[string]$_.BusType}},Size",
    "partitions": "Get-Partition | Where-Object { [string]$_.DriveLetter -match '^[A-Za-z]$' } | "
                  "Select-Object DiskNumber,@{n='DriveLetter';e={[string]$_.DriveLetter}}",
}


def powershell_script() -> str:
    lines = ["$ErrorActionPreference='Stop'", "[Console]::OutputEncoding=[Text.Encoding]::UTF8",
             "$r=@{}", "$e=@{}"]
    for name, command in _SECTIONS.items():
        lines.append(f"try {{ $r.{name}=@({command}) }} catch {{ $e.{name}=[string]$_ }}")
    lines += ["$r.errors=$e", "$r | ConvertTo-Json -Depth 4 -Compress"]
    return "; ".join(lines)


def run_powershell(script: str, timeout: float = POWERSHELL_TIMEOUT) -> str:
    """Windows PowerShell by its full path (not whatever PATH finds), no profile, no
    window, UTF-8 out."""
    exe = Path(os.environ.get("SystemRoot", r"C:\Windows")) / "System32/WindowsPowerShell/v1.0/powershell.exe"
    done = subprocess.run(
        [str(exe), "-NoProfile", "-NonInteractive", "-Command", script],
        capture_output=True, timeout=timeout, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )
    if done.returncode != 0 and not done.stdout.strip():
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[:300] or f"mã thoát {done.returncode}")
    return done.stdout.decode("utf-8-sig", "replace")


def adapter_kind(description: str, media: str = "", physical: str = "") -> str:
    """An adapter's kind from Get-NetAdapter. Remote NDIS first: a phone sharing its
    connection over USB says MediaType 802.3 like any Ethernet card."""
    text = f"{description} {media} {physical}".lower()
    if "remote ndis" in text or "apple mobile device ethernet" in text:
        return "tethering"
    if any(w in text for w in ("wwan", "mobile broadband", "wireless wan", "cellular")):
        return "mobile"
    if "bluetooth" in text:
        return "bluetooth"
    if any(w in text for w in ("vpn", "tap-windows", "tap-", "wintun", "wireguard", "anyconnect",
                               "fortinet", "pangp", "openvpn")):
        return "vpn"
    if any(w in text for w in ("native 802.11", "wireless lan", "wi-fi", "wifi", "802.11", "wireless")):
        return "wifi"
    if any(w in text for w in ("hyper-v", "virtualbox", "vmware", "virtual adapter", "vethernet")):
        return "virtual"
    if "loopback" in text:
        return "loopback"
    if "802.3" in text or "ethernet" in text:
        return "ethernet"
    return "other"


def _connectivity_rank(value) -> int:
    if isinstance(value, int):
        return value if 0 <= value < len(CONNECTIVITY_ORDER) else 0
    return CONNECTIVITY_ORDER.index(value) if value in CONNECTIVITY_ORDER else 0


def _connectivity_name(value) -> str | None:
    if value in (None, ""):
        return None
    return CONNECTIVITY_ORDER[_connectivity_rank(value)] if isinstance(value, int) else str(value)


def apply_profiles(machine: dict, profiles: list[dict], active_probe_disabled: bool | None) -> None:
    """The OS's verdict: the best connectivity over the connected networks (NLM/NCSI),
    and each network's own, for the evidence."""
    networks = []
    for p in profiles:
        networks.append({"name": str(p.get("Name") or ""), "interface": p.get("InterfaceAlias"),
                         "category": p.get("NetworkCategory"),
                         "ipv4": _connectivity_name(p.get("IPv4Connectivity")),
                         "ipv6": _connectivity_name(p.get("IPv6Connectivity"))})
    ranks = [max(_connectivity_rank(n["ipv4"]), _connectivity_rank(n["ipv6"])) for n in networks]
    machine["os_connectivity"] = {
        "source": "windows-nlm",
        "value": CONNECTIVITY_ORDER[max(ranks)] if ranks else "Disconnected",
        "active_probe_disabled": active_probe_disabled,
        "networks": networks,
    }
    current = {n["name"] for n in networks}
    for entry in machine["network_history"]:
        if entry.get("source") == "windows-networklist" and entry["name"] in current:
            entry["current"] = True  # the network in use now is judged by the present facts


def apply_adapters(machine: dict, adapters: list[dict]) -> None:
    by_name = {str(a.get("Name")): a for a in adapters}
    for iface in machine["interfaces"]:
        adapter = by_name.get(iface["name"])
        if adapter is None or iface["kind"] == "loopback":
            continue
        description = str(adapter.get("InterfaceDescription") or "")
        iface["kind"] = adapter_kind(description, str(adapter.get("MediaType") or ""),
                                     str(adapter.get("PhysicalMediaType") or ""))
        iface["description"] = description or None


def apply_routes(machine: dict, routes: list[dict]) -> None:
    result = []
    for r in routes:
        hop = str(r.get("NextHop") or "")
        family = "ipv6" if ":" in hop or str(r.get("AddressFamily")) in ("IPv6", "23") else "ipv4"
        result.append({"interface": r.get("InterfaceAlias"),
                       "gateway": None if hop in ("", "0.0.0.0", "::") else hop, "family": family})
    machine["default_routes"] = result


def apply_dns(machine: dict, entries: list[dict]) -> None:
    """DNS servers of the interfaces that are up (Windows keeps settings for
    disconnected adapters too); fec0:0:0:ffff::1-3 are its "none configured"."""
    up = {i["name"] for i in machine["interfaces"] if i["up"] and i["kind"] != "loopback"}
    servers = []
    for e in entries:
        if up and e.get("InterfaceAlias") not in up:
            continue
        for s in as_list(e.get("ServerAddresses")):
            if s and not str(s).lower().startswith("fec0:0:0:ffff::"):
                servers.append(str(s))
    machine["dns_servers"] = list(dict.fromkeys(servers))


def removable_disks(disks: list[dict], partitions: list[dict]) -> list[dict]:
    """Disks on a USB/SD/MMC bus, with their drive letters: a USB hard disk reports
    "fixed" to psutil, its bus type tells the truth."""
    letters: dict[int, set[str]] = {}
    for p in partitions:
        if p.get("DriveLetter"):
            letters.setdefault(p.get("DiskNumber"), set()).add(f"{str(p['DriveLetter']).upper()}:")
    found = []
    for d in disks:
        bus = d.get("BusType")
        bus = BUS_TYPES.get(bus, str(bus)) if isinstance(bus, int) else str(bus or "")
        if bus.upper() not in REMOVABLE_BUSES:
            continue
        found.append({"keys": letters.get(d.get("Number"), set()), "device": f"PhysicalDrive{d.get('Number')}",
                      "bus": REMOVABLE_BUSES[bus.upper()], "reported_as": None,
                      "size": d.get("Size"), "model": d.get("FriendlyName")})
    return found


def read_powershell_facts(machine: dict, runner=None, active_probe_disabled: bool | None = None) -> list:
    """Runs the script once and spreads its sections; returns the removable disks."""
    what = {"profiles": ("os_connectivity", "đánh giá kết nối của Windows (Get-NetConnectionProfile)"),
            "adapters": ("interface_kinds", "loại bộ điều hợp mạng (Get-NetAdapter)"),
            "routes": ("default_routes", "tuyến mặc định (Get-NetRoute)"),
            "dns": ("dns_servers", "máy chủ DNS (Get-DnsClientServerAddress)"),
            "disks": ("removable_drives", "loại bus của ổ đĩa (Get-Disk)"),
            "partitions": ("removable_drives", "ký tự ổ của phân vùng (Get-Partition)")}
    runner = runner or run_powershell
    data: dict = {}
    with guarded(machine, "powershell", "thông tin mạng qua PowerShell"):
        parsed = json.loads(runner(powershell_script(), POWERSHELL_TIMEOUT) or "{}")
        if not isinstance(parsed, dict):
            raise ValueError("PowerShell không trả về một đối tượng JSON")
        data = parsed
    if not data:  # the run failed as a whole (its error is noted): none of its facts is known
        for fact, _ in what.values():
            if fact not in machine["unread_facts"]:
                machine["unread_facts"].append(fact)
        return []
    for section, message in (data.get("errors") or {}).items():
        fact, label = what.get(section, ("powershell", section))
        note_error(machine, fact, f"Không đọc được {label}: {str(message)[:200]}")
    appliers = (("profiles", lambda v: apply_profiles(machine, v, active_probe_disabled)),
                ("adapters", lambda v: apply_adapters(machine, v)),
                ("routes", lambda v: apply_routes(machine, v)),
                ("dns", lambda v: apply_dns(machine, v)))
    for section, apply in appliers:
        if section in data:
            fact, label = what[section]
            with guarded(machine, fact, label):
                apply(as_list(data[section]))
    if "disks" in data:
        return removable_disks(as_list(data["disks"]), as_list(data.get("partitions")))
    return []


# --- route print: the default routes when PowerShell could not give them ----------

_ROUTE_LINE = re.compile(r"^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+(\S+)\s+(\d+\.\d+\.\d+\.\d+)\s+\d+\s*$")


def parse_route_print(text: str, interfaces: list[dict]) -> list[dict]:
    """IPv4 default routes from `route print -4`: the gateway column, and the
    interface named by its address (or "On-link", which is not a gateway)."""
    by_address = {a: i["name"] for i in interfaces for a in i["addresses"]}
    routes = []
    for line in text.splitlines():
        m = _ROUTE_LINE.match(line)
        if m:
            gateway, address = m.groups()
            routes.append({"interface": by_address.get(address, address),
                           "gateway": gateway if re.match(r"^\d+\.\d+\.\d+\.\d+$", gateway) else None,
                           "family": "ipv4"})
    return routes


def read_route_print(machine: dict, run=None) -> None:
    run = run or subprocess.run
    with guarded(machine, "default_routes", "bảng định tuyến (route print)"):
        exe = Path(os.environ.get("SystemRoot", r"C:\Windows")) / "System32/route.exe"
        done = run([str(exe), "print", "-4"], capture_output=True, text=True, timeout=5,
                   creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        machine["default_routes"] = parse_route_print(done.stdout, machine["interfaces"])
        machine["unread_facts"] = [f for f in machine["unread_facts"] if f != "default_routes"]


# --- everything -------------------------------------------------------------------


def collect_into(machine: dict, reg=None, runner=None, run=None, partitions=None) -> None:
    reg, partitions = reg or WinRegistry(), partitions or psutil.disk_partitions
    read_machine_guid(machine, reg)
    with guarded(machine, "os", "phiên bản Windows"):
        machine["os"]["edition"] = platform.win32_edition()
    read_proxy(machine, reg)
    read_network_history(machine, reg)
    read_usb_history(machine, reg)
    probe_off = read_active_probe_disabled(reg)
    disks = read_powershell_facts(machine, runner, probe_off)
    if "default_routes" in machine["unread_facts"]:
        read_route_print(machine, run)
    with guarded(machine, "removable_drives", "ổ đĩa rời"):
        machine["removable_drives"] = join_drives(disks, partitions(all=False),
                                                  key=lambda p: p.device[:2].upper())
