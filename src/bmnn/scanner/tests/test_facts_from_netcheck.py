"""Behaviours the removed core/netcheck.py tests proved that test_facts_*.py did not cover yet,
now proved against bmnn.scanner.facts (which serves `bmnn check` and `bmnn serve`)."""

import socket
from collections import namedtuple

import psutil

from bmnn.scanner.facts import common, verdict, windows
from bmnn.scanner.facts.base import empty_machine, is_public

Remote = namedtuple("Remote", "ip port")
Conn = namedtuple("Conn", "fd family type laddr raddr status pid")

LO = {"name": "lo", "kind": "loopback", "up": True, "addresses": ["127.0.0.1", "::1"]}
ETH = {"name": "eth0", "kind": "ethernet", "up": True, "addresses": ["192.168.10.5"]}


def machine(**facts):
    m = empty_machine()
    m["interfaces"] = [dict(LO), dict(ETH)]
    m.update(facts)
    return m


def test_public_dns_server_without_a_default_route_is_not_enough_for_connected():
    answer = verdict(machine(dns_servers=["1.1.1.1"]))
    assert answer["value"] == "independent_lan"
    assert "Có cấu hình máy chủ DNS công cộng 1.1.1.1 nhưng không có tuyến mặc định" in answer["evidence"]


def test_session_to_an_ipv4_mapped_lan_address_is_not_a_public_session():
    assert is_public("::ffff:10.0.0.3") is False
    conns = [Conn(3, socket.AF_INET6, socket.SOCK_STREAM, Remote("::", 50000), Remote("::ffff:10.0.0.3", 80),
                  psutil.CONN_ESTABLISHED, None)]
    m = empty_machine()
    common.read_public_connections(m, lambda kind: conns, lambda pid: None)
    assert m["public_connections"] == []


def test_unreadable_connection_table_is_said_in_the_evidence():
    answer = verdict(machine(unread_facts=["public_connections"]))
    assert answer["value"] == "independent_lan"
    assert "Không đọc được danh sách kết nối mạng đang mở" in answer["evidence"]
    assert "Không có kết nối nào tới địa chỉ công cộng" not in answer["evidence"]


ROUTE_PRINT_WITH_PERSISTENT_ROUTES = """\
IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.100     25
        127.0.0.0        255.0.0.0         On-link         127.0.0.1    331
===========================================================================
Persistent Routes:
  Network Address          Netmask  Gateway Address  Metric
          0.0.0.0          0.0.0.0         10.9.9.9  Default
===========================================================================
"""


def test_route_print_persistent_routes_are_not_active_default_routes():
    interfaces = [{"name": "Ethernet", "addresses": ["192.168.1.100"]}]
    assert windows.parse_route_print(ROUTE_PRINT_WITH_PERSISTENT_ROUTES, interfaces) == [
        {"interface": "Ethernet", "gateway": "192.168.1.1", "family": "ipv4"}]
