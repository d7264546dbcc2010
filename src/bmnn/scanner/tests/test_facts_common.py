"""The psutil readers, with psutil's answers faked."""

import socket
from collections import namedtuple

import psutil
import pytest

from bmnn.scanner.facts import common
from bmnn.scanner.facts.base import empty_machine, is_public

Addr = namedtuple("Addr", "family address netmask broadcast ptp")
Stat = namedtuple("Stat", "isup duplex speed mtu flags")
Remote = namedtuple("Remote", "ip port")
Conn = namedtuple("Conn", "fd family type laddr raddr status pid")
User = namedtuple("User", "name terminal host started pid")
Part = namedtuple("Part", "device mountpoint fstype opts")


def test_interfaces_with_addresses_mac_and_state():
    addrs = {
        "wlan0": [Addr(socket.AF_INET, "192.168.1.23", None, None, None),
                  Addr(socket.AF_INET6, "fe80::1%wlan0", None, None, None),
                  Addr(psutil.AF_LINK, "A0-B1-C2-D3-E4-F5", None, None, None)],
        "Loopback Pseudo-Interface 1": [Addr(socket.AF_INET, "127.0.0.1", None, None, None)],
    }
    stats = {"wlan0": Stat(True, 0, 0, 1500, ""), "Loopback Pseudo-Interface 1": Stat(True, 0, 0, 1500, "")}
    m = empty_machine()
    common.read_interfaces(m, lambda: addrs, lambda: stats)
    by_name = {i["name"]: i for i in m["interfaces"]}
    assert by_name["wlan0"] == {"name": "wlan0", "kind": "wifi", "up": True,
                                "addresses": ["192.168.1.23", "fe80::1"], "mac": "a0:b1:c2:d3:e4:f5",
                                "description": None}
    assert by_name["Loopback Pseudo-Interface 1"]["kind"] == "loopback"


def test_interface_without_stats_is_down():
    m = empty_machine()
    common.read_interfaces(m, lambda: {"eth1": []}, lambda: {})
    assert m["interfaces"][0]["up"] is False


@pytest.mark.parametrize(("name", "kind"), [
    ("lo", "loopback"), ("wlp3s0", "wifi"), ("Wi-Fi", "wifi"), ("wwan0", "mobile"), ("Cellular", "mobile"),
    ("usb0", "tethering"), ("tun0", "vpn"), ("wg0", "vpn"), ("bnep0", "bluetooth"), ("docker0", "virtual"),
    ("vEthernet (WSL)", "virtual"), ("eth0", "ethernet"), ("enp0s31f6", "ethernet"), ("Ethernet 2", "ethernet"),
    ("xyz", "other"),
])
def test_name_guess(name, kind):
    assert common.guess_kind(name) == kind


def test_public_sessions_keep_address_port_and_process_only():
    conns = [
        Conn(3, socket.AF_INET, socket.SOCK_STREAM, Remote("192.168.1.23", 50000), Remote("142.250.4.100", 443),
             psutil.CONN_ESTABLISHED, 100),
        Conn(4, socket.AF_INET, socket.SOCK_STREAM, Remote("192.168.1.23", 50001), Remote("142.250.4.100", 443),
             psutil.CONN_ESTABLISHED, 100),  # same session seen twice
        Conn(5, socket.AF_INET, socket.SOCK_STREAM, Remote("192.168.1.23", 50002), Remote("192.168.1.10", 445),
             psutil.CONN_ESTABLISHED, 4),  # a LAN file share
        Conn(6, socket.AF_INET, socket.SOCK_STREAM, Remote("0.0.0.0", 80), (), psutil.CONN_LISTEN, 4),
        Conn(7, socket.AF_INET, socket.SOCK_STREAM, Remote("192.168.1.23", 50003), Remote("8.8.8.8", 443),
             psutil.CONN_SYN_SENT, 200),  # an attempt is not a session
        Conn(8, socket.AF_INET6, socket.SOCK_STREAM, Remote("::", 50004), Remote("::ffff:1.1.1.1", 443),
             psutil.CONN_TIME_WAIT, None),
    ]
    m = empty_machine()
    common.read_public_connections(m, lambda kind: conns, lambda pid: {100: "chrome.exe"}.get(pid))
    assert m["public_connections"] == [
        {"remote": "142.250.4.100", "port": 443, "process": "chrome.exe", "status": "ESTABLISHED"},
        {"remote": "::ffff:1.1.1.1", "port": 443, "process": None, "status": "TIME_WAIT"},
    ]


def test_connections_denied_are_reported_not_raised():
    def denied(kind):
        raise psutil.AccessDenied(pid=None)

    m = empty_machine()
    common.read_public_connections(m, denied)
    assert m["unread_facts"] == ["public_connections"]
    assert m["errors"][0].startswith("Không đọc được các kết nối mạng đang mở")


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2001:4860:4860::8888", True), ("::ffff:8.8.8.8", True),
    ("10.1.2.3", False), ("192.168.1.1", False), ("100.64.0.1", False), ("169.254.1.1", False),
    ("fe80::1%eth0", False), ("fd00::1", False), ("fec0:0:0:ffff::1", False), ("224.0.0.251", False),
    ("not an address", False),
])
def test_public_address(address, public):
    assert is_public(address) is public


def test_users_listed_once_each():
    m = empty_machine()
    common.read_users(m, lambda: [User("an", "tty1", None, 0, 1), User("an", "pts/0", None, 0, 2),
                                  User("binh", "console", None, 0, 3)])
    assert m["users"] == ["an", "binh"]


def test_boot_time_is_iso_with_offset():
    m = empty_machine()
    common.read_boot_time(m, lambda: 1763880000.0)
    assert m["boot_time"].endswith(("+00:00", "Z")) or m["boot_time"][-6] in "+-"


def test_identity_without_a_socket():
    m = empty_machine()
    common.read_identity(m)
    assert m["hostname"] and m["os"]["system"]


def test_join_drives_keeps_removable_and_usb_and_skips_fixed():
    disks = [{"keys": {"sdb", "sdb1"}, "device": "/dev/sdb", "bus": "usb", "reported_as": "fixed",
              "size": 10, "model": "X"}]
    parts = [Part("/dev/sda1", "/", "ext4", "rw"), Part("/dev/sdb1", "/media/x", "vfat", "rw,nosuid"),
             Part("D:\\", "D:\\", "CDFS", "ro,cdrom")]
    drives = common.join_drives(disks, parts, key=lambda p: p.device.rsplit("/", 1)[-1])
    assert [(d["device"], d["reported_as"], d["bus"]) for d in drives] == [
        ("/dev/sdb1", "fixed", "usb"), ("D:\\", "cdrom", None)]
