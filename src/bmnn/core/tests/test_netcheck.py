"""Connectivity verdict over fabricated facts (no traffic, no Django), and the parsers of system outputs."""

from bmnn.core import netcheck as nc
from bmnn.core.netcheck import Connection, Facts, Interface, Route


def lan_facts(**overrides) -> Facts:
    facts = Facts(
        interfaces=[Interface("lo", True, ["127.0.0.1", "::1"], nc.LOOPBACK),
                    Interface("eth0", True, ["192.168.10.5", "fe80::1%eth0"], nc.WIRED)],
        default_routes=[Route("ipv4", "192.168.10.1", "eth0")],
        dns_servers=["192.168.10.1"],
    )
    for key, value in overrides.items():
        setattr(facts, key, value)
    return facts


def test_lan_with_gateway_and_local_dns_is_network_only():
    result = nc.assess(lan_facts())
    assert result.verdict == nc.NETWORK_ONLY and result.exit_code == 1
    assert any("eth0" in r for r in result.reasons)
    assert any("không chứng tỏ có Internet" in r for r in result.reasons)


def test_only_loopback_up_is_offline():
    facts = Facts(interfaces=[Interface("lo", True, ["127.0.0.1"], nc.LOOPBACK),
                              Interface("eth0", False, [], nc.WIRED)])
    result = nc.assess(facts)
    assert result.verdict == nc.OFFLINE and result.exit_code == 0


def test_interface_up_with_only_link_local_address_is_offline():
    facts = Facts(interfaces=[Interface("eth0", True, ["fe80::1%eth0", "169.254.3.4"], nc.WIRED)])
    assert nc.assess(facts).verdict == nc.OFFLINE


def test_container_bridge_without_default_route_does_not_count_as_network():
    facts = Facts(interfaces=[Interface("docker0", True, ["172.17.0.1"], nc.VIRTUAL)])
    assert nc.assess(facts).verdict == nc.OFFLINE


def test_established_session_to_global_address_is_internet_likely():
    facts = lan_facts(connections=[Connection("142.250.66.78", 443, "ESTABLISHED", 4242)])
    result = nc.assess(facts)
    assert result.verdict == nc.INTERNET_LIKELY and result.exit_code == 2
    assert any("142.250.66.78:443" in r for r in result.reasons)


def test_session_to_lan_address_is_not_internet():
    facts = lan_facts(connections=[Connection("192.168.10.9", 5432, "ESTABLISHED"),
                                   Connection("::ffff:10.0.0.3", 80, "ESTABLISHED")])
    assert nc.assess(facts).verdict == nc.NETWORK_ONLY


def test_ipv4_mapped_global_session_is_internet_likely():
    facts = lan_facts(connections=[Connection("::ffff:8.8.8.8", 53, "ESTABLISHED")])
    assert nc.assess(facts).verdict == nc.INTERNET_LIKELY


def test_default_route_with_public_resolver_is_internet_likely():
    result = nc.assess(lan_facts(dns_servers=["8.8.8.8"]))
    assert result.verdict == nc.INTERNET_LIKELY
    assert any("8.8.8.8 (công cộng (Google))" in r for r in result.reasons)


def test_public_resolver_without_default_route_is_not_enough():
    assert nc.assess(lan_facts(dns_servers=["1.1.1.1"], default_routes=[])).verdict == nc.NETWORK_ONLY


def test_wifi_up_with_default_route_is_internet_likely():
    facts = lan_facts(interfaces=[Interface("wlan0", True, ["192.168.43.20"], nc.WIRELESS)],
                      default_routes=[Route("ipv4", "192.168.43.1", "wlan0")])
    result = nc.assess(facts)
    assert result.verdict == nc.INTERNET_LIKELY
    assert any("wlan0" in r for r in result.reasons)


def test_windows_route_matched_by_local_address_to_phone_tethering():
    facts = lan_facts(interfaces=[Interface("Ethernet 3", True, ["192.168.42.77"], nc.MOBILE)],
                      default_routes=[Route("ipv4", "192.168.42.129", "192.168.42.77")])
    assert nc.assess(facts).verdict == nc.INTERNET_LIKELY


def test_operating_system_saying_internet_is_internet_likely():
    facts = lan_facts(os_connectivity={"source": "NetworkManager", "value": "full", "internet": True})
    assert nc.assess(facts).verdict == nc.INTERNET_LIKELY


def test_unreadable_connection_table_and_wifi_switched_off_are_warned():
    facts = lan_facts(connections_readable=False,
                      interfaces=lan_facts().interfaces + [Interface("wlan0", False, [], nc.WIRELESS)])
    result = nc.assess(facts)
    assert result.verdict == nc.NETWORK_ONLY
    assert any("quyền quản trị" in w for w in result.warnings)
    assert any("wlan0" in w for w in result.warnings)


def test_parse_proc_route_finds_default_gateway():
    text = ("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
            "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n")
    assert nc.parse_proc_route(text) == [Route("ipv4", "192.0.2.1", "eth0")]


def test_parse_proc_ipv6_route_skips_the_kernel_reject_route():
    text = (
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n"
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n")
    assert nc.parse_proc_ipv6_route(text) == [Route("ipv6", "fd00::1", "eth0")]


def test_parse_resolv_conf():
    assert nc.parse_resolv_conf("# comment\nnameserver 10.0.0.1\nnameserver 2001:4860:4860::8888\nsearch lan\n") \
        == ["10.0.0.1", "2001:4860:4860::8888"]


ROUTE_PRINT = """\
===========================================================================
IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.100     25
        127.0.0.0        255.0.0.0         On-link         127.0.0.1    331
===========================================================================
Persistent Routes:
  Network Address          Netmask  Gateway Address  Metric
          0.0.0.0          0.0.0.0      10.9.9.9  Default
===========================================================================
IPv6 Route Table
===========================================================================
Active Routes:
 If Metric Network Destination      Gateway
 14    281 ::/0                     fe80::1
  1    331 ::1/128                  On-link
"""


def test_parse_windows_route_print_active_default_routes_only():
    assert nc.parse_route_print(ROUTE_PRINT) == [Route("ipv4", "192.168.1.1", "192.168.1.100"),
                                                 Route("ipv6", "fe80::1", "14")]


IPCONFIG = """\
Ethernet adapter Ethernet:

   Connection-specific DNS Suffix  . : lan
   IPv4 Address. . . . . . . . . . . : 192.168.1.100(Preferred)
   Default Gateway . . . . . . . . . : 192.168.1.1
   DNS Servers . . . . . . . . . . . : 192.168.1.1
                                       8.8.8.8
                                       fec0:0:0:ffff::1%1
   NetBIOS over Tcpip. . . . . . . . : Enabled

Wireless LAN adapter Wi-Fi:
   Máy chủ DNS . . . . . . . . . . . : 1.1.1.1
   Primary Dns Suffix  . . . . . . . : corp
"""


def test_parse_windows_ipconfig_dns_servers_with_continuation_lines():
    assert nc.parse_ipconfig_dns(IPCONFIG) == ["192.168.1.1", "8.8.8.8", "fec0:0:0:ffff::1", "1.1.1.1"]


def test_kind_from_windows_adapter_names():
    assert nc.kind_from_name("Wi-Fi") == nc.WIRELESS
    assert nc.kind_from_name("Cellular") == nc.MOBILE
    assert nc.kind_from_name("vEthernet (WSL)") == nc.VIRTUAL
    assert nc.kind_from_name("Ethernet") == nc.WIRED


def test_collect_facts_reads_this_machine_without_failing():
    facts = nc.collect_facts()
    assert any(i.kind == nc.LOOPBACK for i in facts.interfaces) or facts.notes
    assert nc.assess(facts).verdict in nc.EXIT_CODES


def test_remembered_wifi_is_warned_but_does_not_change_the_verdict():
    facts = lan_facts(history=[nc.PastNetwork("Quan-ca-phe", nc.WIRELESS, "2026-05-02T08:15:00")])
    result = nc.assess(facts)
    assert result.verdict == nc.NETWORK_ONLY
    assert any("Quan-ca-phe" in w and "2026-05-02" in w for w in result.warnings)


def test_parse_windows_systemtime():
    import struct

    raw = struct.pack("<8H", 2026, 5, 6, 2, 8, 15, 30, 0)
    assert nc.parse_systemtime(raw) == "2026-05-02T08:15:30"
    assert nc.parse_systemtime(b"") == "" and nc.parse_systemtime(b"\x00" * 16) == ""


def test_parse_networkmanager_keyfile():
    text = "[connection]\nid=Wi-Fi co quan\ntype=wifi\n\n[wifi]\nssid=CoQuan\n"
    assert nc.parse_nmconnection("x", text) == nc.PastNetwork("Wi-Fi co quan", nc.WIRELESS, source="NetworkManager")
