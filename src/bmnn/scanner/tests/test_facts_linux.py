"""Linux readers against fake /proc, /sys and /etc trees built in tmp_path."""

import json
import subprocess
from collections import namedtuple
from datetime import datetime
from pathlib import Path

import pytest

from bmnn.scanner.facts import linux
from bmnn.scanner.facts.base import empty_machine
from bmnn.scanner.tests.test_facts_collect import validate_machine

Part = namedtuple("Part", "device mountpoint fstype opts")

ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def link(path: Path, target: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# --- routes and DNS ---------------------------------------------------------------


def test_ipv4_default_route_with_its_gateway(tmp_path):
    write(tmp_path / "proc/net/route", ROUTE_HEADER
          + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
          + "wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n")
    m = empty_machine()
    linux.read_default_routes(m, tmp_path)
    assert m["default_routes"] == [{"interface": "wlan0", "gateway": "192.168.1.1", "family": "ipv4"}]
    assert m["errors"] == []


def test_point_to_point_default_route_has_no_gateway(tmp_path):
    write(tmp_path / "proc/net/route", ROUTE_HEADER + "wwan0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n")
    m = empty_machine()
    linux.read_default_routes(m, tmp_path)
    assert m["default_routes"] == [{"interface": "wwan0", "gateway": None, "family": "ipv4"}]


def test_route_that_is_down_or_rejecting_is_not_a_default_route(tmp_path):
    write(tmp_path / "proc/net/route", ROUTE_HEADER
          + "eth0\t00000000\t0101A8C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n"
          + "eth0\t00000000\t00000000\t0201\t0\t0\t0\t00000000\t0\t0\t0\n")
    m = empty_machine()
    linux.read_default_routes(m, tmp_path)
    assert m["default_routes"] == []


def test_ipv6_default_route_but_not_the_loopback_reject_route(tmp_path):
    write(tmp_path / "proc/net/route", ROUTE_HEADER)
    zeros = "0" * 32
    write(tmp_path / "proc/net/ipv6_route",
          f"{zeros} 00 {zeros} 00 fe800000000000000000000000000001 00000400 00000003 00000000 00000003     eth0\n"
          f"{zeros} 00 {zeros} 00 {zeros} ffffffff 00000001 00000000 00200200       lo\n"
          f"fd000000000000000000000000000000 40 {zeros} 00 {zeros} 00000100 00000001 00000000 00000001     eth0\n")
    m = empty_machine()
    linux.read_default_routes(m, tmp_path)
    assert m["default_routes"] == [{"interface": "eth0", "gateway": "fe80::1", "family": "ipv6"}]


def test_missing_ipv6_table_is_not_an_error(tmp_path):
    write(tmp_path / "proc/net/route", ROUTE_HEADER)
    m = empty_machine()
    linux.read_default_routes(m, tmp_path)
    assert m["errors"] == [] and m["unread_facts"] == []


def test_unreadable_route_table_is_reported(tmp_path):
    m = empty_machine()
    linux.read_default_routes(m, tmp_path)
    assert m["unread_facts"] == ["default_routes"]
    assert m["errors"][0].startswith("Không đọc được bảng định tuyến")


def test_dns_servers_from_resolv_conf(tmp_path):
    write(tmp_path / "etc/resolv.conf", "# comment\nsearch bmnn.local\nnameserver 10.0.0.53\nnameserver fe80::1%eth0\n")
    m = empty_machine()
    linux.read_dns_servers(m, tmp_path)
    assert m["dns_servers"] == ["10.0.0.53", "fe80::1"]


def test_dns_behind_the_systemd_resolved_stub_is_read_upstream(tmp_path):
    write(tmp_path / "etc/resolv.conf", "nameserver 127.0.0.53\n")
    write(tmp_path / "run/systemd/resolve/resolv.conf", "nameserver 8.8.8.8\n")
    m = empty_machine()
    linux.read_dns_servers(m, tmp_path)
    assert m["dns_servers"] == ["127.0.0.53", "8.8.8.8"]


# --- interface kinds --------------------------------------------------------------


@pytest.fixture
def sys_net(tmp_path):
    """A /sys with the interfaces a field laptop may have."""
    devices, cls = tmp_path / "sys/devices", tmp_path / "sys/class/net"

    def iface(name, parent, type_=1, driver=None, extra=(), uevent=""):
        real = devices / parent / "net" / name
        write(real / "type", f"{type_}\n")
        write(real / "uevent", uevent)
        for d in extra:
            (real / d).mkdir(parents=True, exist_ok=True)
        if driver:
            drv = devices / "drivers" / driver
            drv.mkdir(parents=True, exist_ok=True)
            link(real / "device" / "driver", drv)
        link(cls / name, real)

    iface("lo", "virtual", type_=772)
    iface("eth0", "pci0000:00/0000:00:1f.6", driver="e1000e")
    iface("wlan0", "pci0000:00/0000:00:14.3", driver="iwlwifi", extra=["wireless"], uevent="DEVTYPE=wlan\n")
    iface("usb0", "pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0", driver="rndis_host")
    iface("enp0s20u1", "pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0", driver="ipheth")
    iface("wwan0", "pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.4", driver="qmi_wwan", uevent="DEVTYPE=wwan\n")
    iface("enx00e04c680001", "pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0", driver="r8152")
    iface("docker0", "virtual")
    iface("tun0", "virtual", type_=65534, extra=["tun_flags"])
    iface("bnep0", "pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/bluetooth/hci0", uevent="DEVTYPE=bluetooth\n")
    iface("ppp0", "virtual", type_=512)
    return tmp_path


@pytest.mark.parametrize(("name", "kind", "description"), [
    ("lo", "loopback", None),
    ("eth0", "ethernet", "driver e1000e"),
    ("wlan0", "wifi", "driver iwlwifi"),
    ("usb0", "tethering", "driver rndis_host"),
    ("enp0s20u1", "tethering", "driver ipheth"),  # an iPhone sharing its connection, named by systemd
    ("wwan0", "mobile", "driver qmi_wwan"),
    ("enx00e04c680001", "ethernet", "driver r8152"),  # a USB Ethernet dongle is still Ethernet
    ("docker0", "virtual", None),
    ("tun0", "vpn", None),
    ("bnep0", "bluetooth", None),
    ("ppp0", "other", "PPP (quay số, PPPoE hoặc VPN)"),
    ("wlp3s0", "wifi", None),  # not in /sys: guessed from its name
])
def test_interface_kind_from_sysfs(sys_net, name, kind, description):
    assert linux.interface_kind(name, sys_net) == (kind, description)


def test_classify_interfaces_refines_the_name_guess(sys_net):
    m = empty_machine()
    m["interfaces"] = [{"name": "usb0", "kind": "other", "up": True, "addresses": [], "mac": None,
                        "description": None}]
    linux.classify_interfaces(m, sys_net)
    assert m["interfaces"][0]["kind"] == "tethering"
    assert m["interfaces"][0]["description"] == "driver rndis_host"


# --- NetworkManager ---------------------------------------------------------------

CAFE = """[connection]
id=Cafe ABC
uuid=11111111-1111-1111-1111-111111111111
type=wifi
timestamp=1760000000

[wifi]
ssid=Cafe ABC

[wifi-security]
key-mgmt=wpa-psk
psk=matkhau-bi-mat-123
"""

OFFICE = """[connection]
id=LAN trụ sở
uuid=22222222-2222-2222-2222-222222222222
type=ethernet

[802-1x]
password=khong-duoc-chep
"""


def nm_tree(root: Path) -> Path:
    folder = root / "etc/NetworkManager/system-connections"
    write(folder / "Cafe ABC.nmconnection", CAFE)
    write(folder / "LAN.nmconnection", OFFICE)
    return folder


def test_saved_connections_become_history_with_kind_and_date(tmp_path):
    nm_tree(tmp_path)
    m = empty_machine()
    linux.read_nm_history(m, tmp_path)
    by_name = {e["name"]: e for e in m["network_history"]}
    assert by_name["Cafe ABC"]["kind"] == "wifi"
    assert datetime.fromisoformat(by_name["Cafe ABC"]["last_connected"]).timestamp() == 1760000000
    assert by_name["Cafe ABC"]["source"] == "networkmanager"
    assert by_name["LAN trụ sở"] == {"name": "LAN trụ sở", "kind": "ethernet", "first_connected": None,
                                      "last_connected": None, "source": "networkmanager"}


def test_saved_connection_passwords_are_never_copied(tmp_path):
    nm_tree(tmp_path)
    m = empty_machine()
    linux.read_nm_history(m, tmp_path)
    dumped = json.dumps(m, ensure_ascii=False)
    assert "matkhau-bi-mat-123" not in dumped
    assert "khong-duoc-chep" not in dumped
    assert "psk" not in dumped


def test_parse_keeps_only_the_connection_section():
    fields = linux.parse_nm_connection(CAFE + "\n[connection-extra]\nid=spoof\n")
    assert fields == {"id": "Cafe ABC", "uuid": "11111111-1111-1111-1111-111111111111", "type": "wifi",
                      "timestamp": "1760000000"}


def test_timestamps_file_gives_the_last_activation(tmp_path):
    nm_tree(tmp_path)
    write(tmp_path / "var/lib/NetworkManager/timestamps",
          "[timestamps]\n22222222-2222-2222-2222-222222222222=1763000000\n")
    m = empty_machine()
    linux.read_nm_history(m, tmp_path)
    office = next(e for e in m["network_history"] if e["kind"] == "ethernet")
    assert datetime.fromisoformat(office["last_connected"]).timestamp() == 1763000000


def test_unreadable_saved_connection_is_reported(tmp_path, monkeypatch):
    nm_tree(tmp_path)
    real_read = linux._read

    def read(path):
        if path.name == "LAN.nmconnection":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(linux, "_read", read)
    m = empty_machine()
    linux.read_nm_history(m, tmp_path)
    assert [e["name"] for e in m["network_history"]] == ["Cafe ABC"]
    assert "network_history" in m["unread_facts"]
    assert "LAN.nmconnection" in m["errors"][0] and "root" in m["errors"][0]


def test_no_networkmanager_means_no_history_and_no_error(tmp_path):
    m = empty_machine()
    linux.read_nm_history(m, tmp_path)
    assert m["network_history"] == [] and m["errors"] == []


class FakeNmcli:
    def __init__(self, connectivity="full\n", active="22222222-2222-2222-2222-222222222222\n", code=0, exc=None):
        self.calls, self.connectivity, self.active, self.code, self.exc = [], connectivity, active, code, exc

    def __call__(self, argv, **kwargs):
        self.calls.append((argv, kwargs))
        if self.exc:
            raise self.exc
        out = self.active if "--active" in argv else self.connectivity
        return subprocess.CompletedProcess(argv, self.code, out, "Error: NetworkManager is not running.\n")


def which_nmcli(name):
    return "/usr/bin/nmcli" if name == "nmcli" else None


def test_networkmanager_verdict_is_recorded_with_its_source(tmp_path):
    write(tmp_path / "usr/lib/NetworkManager/conf.d/20-connectivity.conf",
          "[connectivity]\nuri=http://nmcheck.example/check_network_status.txt\n")
    m, run = empty_machine(), FakeNmcli()
    linux.read_nm_connectivity(m, tmp_path, run=run, which=which_nmcli)
    assert m["os_connectivity"] == {"source": "networkmanager", "value": "full", "active_probe_disabled": False}
    assert run.calls[0][0] == ["/usr/bin/nmcli", "-t", "networking", "connectivity"]  # no "check": no new probe
    assert run.calls[0][1]["timeout"] == 3


def test_networkmanager_without_a_check_uri_only_guesses(tmp_path):
    m = empty_machine()
    linux.read_nm_connectivity(m, tmp_path, run=FakeNmcli(), which=which_nmcli)
    assert m["os_connectivity"]["active_probe_disabled"] is True


def test_networkmanager_check_disabled_in_etc_overrides_the_packaged_uri(tmp_path):
    write(tmp_path / "usr/lib/NetworkManager/conf.d/20-connectivity.conf", "[connectivity]\nuri=http://x.example/\n")
    write(tmp_path / "etc/NetworkManager/conf.d/99-off.conf", "[connectivity]\nenabled=false\n")
    assert linux.nm_check_enabled(tmp_path) is False


def test_etc_file_shadows_the_packaged_file_of_the_same_name(tmp_path):
    write(tmp_path / "usr/lib/NetworkManager/conf.d/20-connectivity.conf", "[connectivity]\nuri=http://x.example/\n")
    write(tmp_path / "etc/NetworkManager/conf.d/20-connectivity.conf", "# emptied by the administrator\n")
    assert linux.nm_check_enabled(tmp_path) is False


def test_active_connection_is_marked_current(tmp_path):
    nm_tree(tmp_path)
    write(tmp_path / "proc/net/route", ROUTE_HEADER)
    write(tmp_path / "etc/resolv.conf", "")
    m = empty_machine()
    linux.collect_into(m, tmp_path, run=FakeNmcli(), which=which_nmcli, partitions=lambda all=False: [])
    by_name = {e["name"]: e for e in m["network_history"]}
    assert by_name["LAN trụ sở"].get("current") is True
    assert "current" not in by_name["Cafe ABC"]
    validate_machine(m)


def test_no_nmcli_no_verdict_no_error(tmp_path):
    m, run = empty_machine(), FakeNmcli()
    linux.read_nm_connectivity(m, tmp_path, run=run, which=lambda name: None)
    assert run.calls == [] and m["os_connectivity"]["source"] is None and m["errors"] == []


def test_networkmanager_not_running_is_no_verdict_and_no_error(tmp_path):
    m = empty_machine()
    linux.read_nm_connectivity(m, tmp_path, run=FakeNmcli(code=8), which=which_nmcli)
    assert m["os_connectivity"]["value"] is None and m["errors"] == []


def test_nmcli_that_hangs_is_reported(tmp_path):
    m = empty_machine()
    run = FakeNmcli(exc=subprocess.TimeoutExpired(["nmcli"], 3))
    linux.read_nm_connectivity(m, tmp_path, run=run, which=which_nmcli)
    assert "os_connectivity" in m["unread_facts"]
    assert "quá thời gian chờ 3 giây" in m["errors"][0]


# --- removable drives, identity ---------------------------------------------------


@pytest.fixture
def sys_block(tmp_path):
    devices = tmp_path / "sys/devices"

    def disk(name, parent, removable, sectors, parts=(), model="", dev_type=None):
        real = devices / parent / "block" / name
        write(real / "removable", f"{removable}\n")
        write(real / "size", f"{sectors}\n")
        if model:
            write(real / "device/vendor", "Seagate \n")
            write(real / "device/model", f"{model}\n")
        if dev_type:
            write(real / "device/type", f"{dev_type}\n")
        for p in parts:
            write(real / p / "partition", "1\n")
        link(tmp_path / "sys/block" / name, real)

    disk("vda", "pci0000:00/0000:00:02.0/virtio1", 0, 1000, parts=["vda1"])
    disk("sdb", "pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host3/target3:0:0/3:0:0:0", 0, 1953525168,
         parts=["sdb1"], model="Expansion HDD")
    disk("sdc", "pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host4/target4:0:0/4:0:0:0", 1, 30031872, parts=["sdc1"])
    disk("mmcblk0", "pci0000:00/0000:00:1e.6/mmc_host/mmc0/mmc0:0001", 0, 62521344, parts=["mmcblk0p1"],
         dev_type="SD")
    disk("mmcblk1", "pci0000:00/0000:00:1c.0/mmc_host/mmc1/mmc1:0001", 0, 62521344, parts=["mmcblk1p1"],
         dev_type="MMC")  # eMMC: the machine's own disk
    disk("loop0", "virtual", 0, 100)
    return tmp_path


def test_usb_disk_reporting_non_removable_still_counts(sys_block):
    m = empty_machine()
    parts = [Part("/dev/vda1", "/", "ext4", "rw,relatime"), Part("/dev/sdb1", "/media/an/HDD", "exfat", "rw,nosuid")]
    linux.read_removable_drives(m, sys_block, partitions=lambda all=False: parts)
    drives = {d["device"]: d for d in m["removable_drives"]}
    assert drives["/dev/sdb1"] == {"mountpoint": "/media/an/HDD", "device": "/dev/sdb1", "fstype": "exfat",
                                   "bus": "usb", "reported_as": "fixed", "size": 1953525168 * 512,
                                   "model": "Seagate Expansion HDD"}
    assert "/dev/vda1" not in drives


def test_attached_but_unmounted_stick_is_listed(sys_block):
    m = empty_machine()
    linux.read_removable_drives(m, sys_block, partitions=lambda all=False: [])
    drives = {d["device"]: d for d in m["removable_drives"]}
    assert drives["/dev/sdc"]["mountpoint"] == "" and drives["/dev/sdc"]["reported_as"] == "removable"


def test_sd_card_counts_but_emmc_does_not(sys_block):
    m = empty_machine()
    linux.read_removable_drives(m, sys_block, partitions=lambda all=False: [])
    devices = {d["device"]: d for d in m["removable_drives"]}
    assert devices["/dev/mmcblk0"]["bus"] == "sd"
    assert "/dev/mmcblk1" not in devices and "/dev/loop0" not in devices and "/dev/vda" not in devices


def test_machine_id(tmp_path):
    write(tmp_path / "etc/machine-id", "3d1219c7c4c5404aaa1f6d2a48adfda4\n")
    m = empty_machine()
    linux.read_machine_id(m, tmp_path)
    assert m["machine_id"] == "3d1219c7c4c5404aaa1f6d2a48adfda4"


def test_missing_machine_id_is_reported(tmp_path):
    m = empty_machine()
    linux.read_machine_id(m, tmp_path)
    assert m["machine_id"] is None and m["unread_facts"] == ["machine_id"]


def test_collect_into_an_empty_tree_never_raises(tmp_path):
    m = empty_machine()
    linux.collect_into(m, tmp_path, run=FakeNmcli(), which=lambda n: None, partitions=lambda all=False: [])
    assert "default_routes" in m["unread_facts"] and "dns_servers" in m["unread_facts"]
    assert all(isinstance(e, str) and e for e in m["errors"])

