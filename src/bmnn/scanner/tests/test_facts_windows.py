"""Windows readers on Linux: a fake registry and a fake PowerShell runner stand in
for winreg and powershell.exe."""

import json
import struct
import subprocess
from collections import namedtuple
from datetime import datetime, timezone

import pytest

from bmnn.scanner.facts import windows
from bmnn.scanner.facts.base import empty_machine
from bmnn.scanner.tests.test_facts_collect import validate_machine

Part = namedtuple("Part", "device mountpoint fstype opts")
PROFILES = windows.NETWORK_LIST + r"\Profiles"
UNMANAGED = windows.NETWORK_LIST + r"\Signatures\Unmanaged"


class FakeRegistry:
    """{path: {value name: data}}; keys exist by being a prefix of a stored path.
    Paths in `denied` raise PermissionError as winreg does without SYSTEM rights."""

    def __init__(self, keys: dict, denied=()):
        self.keys = {k.lower(): (k, v) for k, v in keys.items()}
        self.denied = [d.lower() for d in denied]

    def _check(self, path):
        low = path.lower()
        if any(low.startswith(d) for d in self.denied):
            raise PermissionError(5, "Access is denied")
        if low not in self.keys and not any(k.startswith(low + "\\") for k in self.keys):
            raise FileNotFoundError(2, "The system cannot find the file specified")

    def subkeys(self, path):
        self._check(path)
        prefix = path.lower() + "\\"
        names = {self.keys[k][0][len(prefix):].split("\\", 1)[0] for k in self.keys if k.startswith(prefix)}
        return sorted(names)

    def values(self, path):
        self._check(path)
        return dict(self.keys.get(path.lower(), (path, {}))[1])


def systemtime(dt: datetime) -> bytes:
    return struct.pack("<8H", dt.year, dt.month, 0, dt.day, dt.hour, dt.minute, dt.second, 0)


def filetime(dt: datetime) -> bytes:
    delta = dt - datetime(1601, 1, 1, tzinfo=timezone.utc)
    return struct.pack("<Q", (delta.days * 86400 + delta.seconds) * 10_000_000)


CAFE_GUID = "{8A1B2C3D-0000-4000-8000-000000000001}"
OFFICE_GUID = "{8A1B2C3D-0000-4000-8000-000000000002}"
STICK = r"Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00"
PROPS = r"\Properties\{83da6326-97a6-4088-9453-a1923f573b29}"


def registry(denied=()):
    return FakeRegistry({
        PROFILES + "\\" + CAFE_GUID: {"ProfileName": "Cafe ABC", "NameType": 71, "Category": 0,
                                      "DateCreated": systemtime(datetime(2026, 9, 1, 8, 0, 0)),
                                      "DateLastConnected": systemtime(datetime(2026, 10, 12, 17, 45, 3))},
        PROFILES + "\\" + OFFICE_GUID: {"ProfileName": "Network 2", "NameType": 6,
                                        "DateLastConnected": systemtime(datetime(2026, 11, 23, 7, 30, 0))},
        UNMANAGED + r"\010103000F0000F0080000000F0000F0ABCDEF": {
            "ProfileGuid": CAFE_GUID, "DefaultGatewayMac": bytes.fromhex("a0b1c2d3e4f5"), "Description": "Cafe ABC"},
        windows.USBSTOR + "\\" + STICK + r"\4C530001230101111111&0": {"FriendlyName": "SanDisk Cruzer Blade USB Device"},
        windows.USBSTOR + "\\" + STICK + r"\4C530001230101111111&0" + PROPS + r"\0064": {
            "": filetime(datetime(2026, 5, 2, 9, 0, 0, tzinfo=timezone.utc))},
        windows.USBSTOR + "\\" + STICK + r"\4C530001230101111111&0" + PROPS + r"\0066": {
            "": filetime(datetime(2026, 11, 20, 10, 15, 0, tzinfo=timezone.utc))},
        windows.USBSTOR + r"\Disk&Ven_Generic&Prod_Flash_Disk&Rev_8.07\7&2a4e5b1c&0": {},
        windows.CRYPTOGRAPHY: {"MachineGuid": "5f0e1d2c-3b4a-4958-8677-a6b5c4d3e2f1"},
        windows.NCSI_POLICY: {"NoActiveProbe": 1},
        windows.INTERNET_SETTINGS: {"ProxyEnable": 1, "ProxyServer": "10.0.0.8:3128"},
    }, denied=denied)


# --- registry readers -------------------------------------------------------------


def test_systemtime_and_filetime_decoding():
    assert windows.systemtime_iso(systemtime(datetime(2026, 10, 12, 17, 45, 3))) == "2026-10-12T17:45:03"
    assert windows.systemtime_iso(b"\x00" * 16) is None
    assert windows.systemtime_iso(b"short") is None
    assert windows.filetime_iso(filetime(datetime(2026, 11, 20, 10, 15, tzinfo=timezone.utc))) == \
        "2026-11-20T10:15:00+00:00"


def test_network_profiles_become_history_with_kind_dates_and_gateway():
    m = empty_machine()
    windows.read_network_history(m, registry())
    cafe, office = m["network_history"]
    assert cafe == {"name": "Cafe ABC", "kind": "wifi", "first_connected": "2026-09-01T08:00:00",
                    "last_connected": "2026-10-12T17:45:03", "source": "windows-networklist",
                    "gateway_mac": "a0:b1:c2:d3:e4:f5"}
    assert office["kind"] == "ethernet" and office["first_connected"] is None


@pytest.mark.parametrize(("name_type", "kind"), [(6, "ethernet"), (23, "vpn"), (71, "wifi"), (243, "mobile"),
                                                 (None, "other")])
def test_profile_name_types(name_type, kind):
    reg = FakeRegistry({PROFILES + r"\{G}": {"ProfileName": "X", "NameType": name_type}})
    m = empty_machine()
    windows.read_network_history(m, reg)
    assert m["network_history"][0]["kind"] == kind


def test_unreadable_network_list_is_reported():
    m = empty_machine()
    windows.read_network_history(m, registry(denied=[PROFILES]))
    assert m["network_history"] == [] and m["unread_facts"] == ["network_history"]
    assert m["errors"][0].startswith("Không đọc được lịch sử mạng của Windows")


def test_usb_storage_history_with_times():
    m = empty_machine()
    windows.read_usb_history(m, registry())
    generic, sandisk = m["usb_history"]
    assert generic["device"] == "Generic Flash Disk"  # no FriendlyName: from the key's Ven_ and Prod_
    assert sandisk == {"device": "SanDisk Cruzer Blade USB Device", "serial": "4C530001230101111111",
                       "serial_generated": False, "first_connected": "2026-05-02T09:00:00+00:00",
                       "last_connected": "2026-11-20T10:15:00+00:00", "last_removed": None,
                       "source": "windows-usbstor"}


def test_windows_made_up_serial_is_flagged():
    m = empty_machine()
    windows.read_usb_history(m, registry())
    generic = m["usb_history"][0]
    assert generic["serial"] == "7&2a4e5b1c" and generic["serial_generated"] is True


def test_usb_times_needing_system_rights_are_reported_but_devices_still_listed():
    m = empty_machine()
    denied = windows.USBSTOR + "\\" + STICK + r"\4C530001230101111111&0\Properties"
    windows.read_usb_history(m, registry(denied=[denied]))
    assert [d["device"] for d in m["usb_history"]] == ["Generic Flash Disk", "SanDisk Cruzer Blade USB Device"]
    assert m["usb_history"][1]["last_connected"] is None
    assert "SYSTEM" in m["errors"][0] and "usb_history" in m["unread_facts"]


def test_machine_guid():
    m = empty_machine()
    windows.read_machine_guid(m, registry())
    assert m["machine_id"] == "5f0e1d2c-3b4a-4958-8677-a6b5c4d3e2f1"


def test_missing_machine_guid_is_reported():
    m = empty_machine()
    windows.read_machine_guid(m, FakeRegistry({}))
    assert m["machine_id"] is None and m["unread_facts"] == ["machine_id"]


def test_ncsi_active_probe_policy():
    assert windows.read_active_probe_disabled(registry()) is True
    assert windows.read_active_probe_disabled(FakeRegistry({})) is False
    nla_off = FakeRegistry({windows.NLA_INTERNET: {"EnableActiveProbing": 0}})
    assert windows.read_active_probe_disabled(nla_off) is True
    assert windows.read_active_probe_disabled(FakeRegistry({}, denied=["HKLM"])) is None


def test_proxy():
    m = empty_machine()
    windows.read_proxy(m, registry())
    assert m["proxy"] == "10.0.0.8:3128"


# --- PowerShell -------------------------------------------------------------------


def test_script_has_no_double_quotes_and_asks_for_json():
    script = windows.powershell_script()
    assert '"' not in script
    assert "ConvertTo-Json" in script and "Get-NetConnectionProfile" in script and "Get-Disk" in script


def interfaces():
    def iface(name, addresses, up=True):
        return {"name": name, "kind": "other", "up": up, "addresses": addresses, "mac": None, "description": None}

    return [iface("Ethernet", ["192.168.10.5"]), iface("Ethernet 3", ["192.168.42.129"]),
            iface("Wi-Fi", [], up=False), iface("Loopback Pseudo-Interface 1", ["127.0.0.1", "::1"])]


POWERSHELL_OUTPUT = {
    "profiles": [{"Name": "Network 2", "InterfaceAlias": "Ethernet", "NetworkCategory": "Private",
                  "IPv4Connectivity": "LocalNetwork", "IPv6Connectivity": "NoTraffic"},
                 {"Name": "Điện thoại của Lan", "InterfaceAlias": "Ethernet 3", "NetworkCategory": "Public",
                  "IPv4Connectivity": 4, "IPv6Connectivity": 1}],
    "adapters": [{"Name": "Ethernet", "InterfaceDescription": "Intel(R) Ethernet Connection I219-LM",
                  "MediaType": "802.3", "PhysicalMediaType": "802.3", "Status": "Up"},
                 {"Name": "Ethernet 3", "InterfaceDescription": "Remote NDIS based Internet Sharing Device",
                  "MediaType": "802.3", "PhysicalMediaType": "Unspecified", "Status": "Up"},
                 {"Name": "Wi-Fi", "InterfaceDescription": "Intel(R) Wi-Fi 6 AX201 160MHz",
                  "MediaType": "Native 802.11", "PhysicalMediaType": "Native 802.11", "Status": "Disconnected"}],
    "routes": {"InterfaceAlias": "Ethernet 3", "NextHop": "192.168.42.129", "AddressFamily": "IPv4"},
    "dns": [{"InterfaceAlias": "Ethernet", "ServerAddresses": ["192.168.10.1"]},
            {"InterfaceAlias": "Ethernet 3", "ServerAddresses": ["192.168.42.129", "fec0:0:0:ffff::1"]},
            {"InterfaceAlias": "Wi-Fi", "ServerAddresses": ["8.8.8.8"]}],
    "disks": [{"Number": 0, "FriendlyName": "Samsung SSD 870", "BusType": "SATA", "Size": 500107862016},
              {"Number": 1, "FriendlyName": "WD Elements 25A2", "BusType": 7, "Size": 2000365289472},
              {"Number": 2, "FriendlyName": "Kingston DataTraveler", "BusType": "USB", "Size": 31004295168}],
    "partitions": [{"DiskNumber": 0, "DriveLetter": "C"}, {"DiskNumber": 1, "DriveLetter": "E"}],
    "errors": {},
}


def runner_returning(data):
    calls = []

    def run(script, timeout):
        calls.append((script, timeout))
        return json.dumps(data, ensure_ascii=False)

    run.calls = calls
    return run


def machine_with_interfaces():
    m = empty_machine()
    m["interfaces"] = interfaces()
    m["interfaces"][3]["kind"] = "loopback"
    return m


def test_adapter_kinds_from_get_netadapter():
    m = machine_with_interfaces()
    windows.read_powershell_facts(m, runner_returning(POWERSHELL_OUTPUT))
    kinds = {i["name"]: (i["kind"], i["description"]) for i in m["interfaces"]}
    assert kinds["Ethernet"] == ("ethernet", "Intel(R) Ethernet Connection I219-LM")
    assert kinds["Ethernet 3"] == ("tethering", "Remote NDIS based Internet Sharing Device")
    assert kinds["Wi-Fi"][0] == "wifi"
    assert kinds["Loopback Pseudo-Interface 1"] == ("loopback", None)


def test_os_verdict_per_network_with_enum_numbers():
    m = machine_with_interfaces()
    windows.read_powershell_facts(m, runner_returning(POWERSHELL_OUTPUT), active_probe_disabled=True)
    osc = m["os_connectivity"]
    assert osc["source"] == "windows-nlm" and osc["value"] == "Internet" and osc["active_probe_disabled"] is True
    assert osc["networks"][1] == {"name": "Điện thoại của Lan", "interface": "Ethernet 3", "category": "Public",
                                  "ipv4": "Internet", "ipv6": "NoTraffic"}


def test_one_default_route_comes_back_as_one_object():
    m = machine_with_interfaces()
    windows.read_powershell_facts(m, runner_returning(POWERSHELL_OUTPUT))
    assert m["default_routes"] == [{"interface": "Ethernet 3", "gateway": "192.168.42.129", "family": "ipv4"}]


def test_dns_of_interfaces_that_are_up_without_windows_placeholders():
    m = machine_with_interfaces()
    windows.read_powershell_facts(m, runner_returning(POWERSHELL_OUTPUT))
    assert m["dns_servers"] == ["192.168.10.1", "192.168.42.129"]


def test_usb_disk_reporting_fixed_is_a_removable_drive():
    m = machine_with_interfaces()
    disks = windows.read_powershell_facts(m, runner_returning(POWERSHELL_OUTPUT))
    parts = [Part("C:\\", "C:\\", "NTFS", "rw,fixed"), Part("E:\\", "E:\\", "exFAT", "rw,fixed"),
             Part("F:\\", "F:\\", "FAT32", "rw,removable")]
    m["removable_drives"] = windows.join_drives(disks, parts, key=lambda p: p.device[:2].upper())
    drives = {d["device"]: d for d in m["removable_drives"]}
    assert drives["E:\\"] == {"mountpoint": "E:\\", "device": "E:\\", "fstype": "exFAT", "bus": "usb",
                              "reported_as": "fixed", "size": 2000365289472, "model": "WD Elements 25A2"}
    assert drives["F:\\"]["reported_as"] == "removable"
    assert drives["PhysicalDrive2"]["mountpoint"] == ""  # attached, no letter
    assert "C:\\" not in drives


def test_failed_cmdlet_loses_only_its_own_facts():
    data = dict(POWERSHELL_OUTPUT, errors={"routes": "Access denied"})
    del data["routes"]
    m = machine_with_interfaces()
    windows.read_powershell_facts(m, runner_returning(data))
    assert m["unread_facts"] == ["default_routes"]
    assert m["errors"] == ["Không đọc được tuyến mặc định (Get-NetRoute): Access denied"]
    assert m["os_connectivity"]["value"] == "Internet"


def test_powershell_timeout_marks_its_facts_unread():
    def runner(script, timeout):
        raise subprocess.TimeoutExpired("powershell.exe", timeout)

    m = machine_with_interfaces()
    assert windows.read_powershell_facts(m, runner) == []
    assert "quá thời gian chờ 5 giây" in m["errors"][0]
    assert {"default_routes", "dns_servers", "os_connectivity", "removable_drives"} <= set(m["unread_facts"])


def test_powershell_garbage_is_reported():
    m = machine_with_interfaces()
    windows.read_powershell_facts(m, lambda script, timeout: "WARNING: something\n")
    assert "powershell" in m["unread_facts"]


@pytest.mark.parametrize(("description", "media", "kind"), [
    ("Intel(R) Wi-Fi 6 AX201 160MHz", "Native 802.11", "wifi"),
    ("Remote NDIS based Internet Sharing Device", "802.3", "tethering"),
    ("Apple Mobile Device Ethernet", "802.3", "tethering"),
    ("Generic Mobile Broadband Adapter", "Wireless WAN", "mobile"),
    ("Fibocom L850-GL WWAN", "", "mobile"),
    ("TAP-Windows Adapter V9", "802.3", "vpn"),
    ("Wintun Userspace Tunnel", "", "vpn"),
    ("Bluetooth Device (Personal Area Network)", "802.3", "bluetooth"),
    ("Hyper-V Virtual Ethernet Adapter", "802.3", "virtual"),
    ("Realtek PCIe GbE Family Controller", "802.3", "ethernet"),
    ("Something", "", "other"),
])
def test_adapter_kind_table(description, media, kind):
    assert windows.adapter_kind(description, media) == kind


ROUTE_PRINT = """===========================================================================
Interface List
 12...00 e0 4c 68 00 01 ......Realtek PCIe GbE Family Controller
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0     192.168.10.1     192.168.10.5     25
        127.0.0.0        255.0.0.0         On-link         127.0.0.1    331
          0.0.0.0          0.0.0.0         On-link    192.168.42.129     35
===========================================================================
"""


def test_route_print_fallback_names_the_interface_by_its_address():
    routes = windows.parse_route_print(ROUTE_PRINT, interfaces())
    assert routes == [{"interface": "Ethernet", "gateway": "192.168.10.1", "family": "ipv4"},
                      {"interface": "Ethernet 3", "gateway": None, "family": "ipv4"}]


def test_collect_into_with_fakes_fills_everything_and_marks_the_current_network():
    m = machine_with_interfaces()
    route_calls = []

    def run(argv, **kwargs):
        route_calls.append(argv)
        return subprocess.CompletedProcess(argv, 0, ROUTE_PRINT, "")

    windows.collect_into(m, reg=registry(), runner=runner_returning(POWERSHELL_OUTPUT), run=run,
                         partitions=lambda all=False: [Part("E:\\", "E:\\", "exFAT", "rw,fixed")])
    assert m["machine_id"] and m["proxy"] == "10.0.0.8:3128"
    assert m["os_connectivity"]["active_probe_disabled"] is True
    history = {e["name"]: e for e in m["network_history"]}
    assert history["Network 2"].get("current") is True and "current" not in history["Cafe ABC"]
    assert [d["device"] for d in m["removable_drives"]] == ["E:\\", "PhysicalDrive2"]
    assert route_calls == []  # PowerShell gave the routes: no fallback
    assert m["errors"] == []
    validate_machine(m)


def test_collect_into_falls_back_to_route_print_when_powershell_fails():
    m = machine_with_interfaces()

    def broken(script, timeout):
        raise OSError("powershell.exe not found")

    def run(argv, **kwargs):
        return subprocess.CompletedProcess(argv, 0, ROUTE_PRINT, "")

    windows.collect_into(m, reg=registry(), runner=broken, run=run, partitions=lambda all=False: [])
    assert m["default_routes"][0] == {"interface": "Ethernet", "gateway": "192.168.10.1", "family": "ipv4"}
    assert "default_routes" not in m["unread_facts"] and "dns_servers" in m["unread_facts"]


def test_winregistry_imports_winreg_only_when_used():
    reg = windows.WinRegistry()  # constructing it on Linux is fine
    with pytest.raises(ImportError):
        reg.values(windows.CRYPTOGRAPHY)
