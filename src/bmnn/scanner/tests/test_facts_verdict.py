"""verdict(): each outcome from hand-made machine facts, with the evidence an
auditor reads."""

import pytest

from bmnn.scanner.facts import verdict
from bmnn.scanner.facts.base import empty_machine

LO = {"name": "lo", "kind": "loopback", "up": True, "addresses": ["127.0.0.1", "::1"]}
ETH = {"name": "eth0", "kind": "ethernet", "up": True, "addresses": ["192.168.10.5"]}
WLAN = {"name": "wlan0", "kind": "wifi", "up": True, "addresses": ["192.168.1.23"]}
PRIVATE_ROUTE = {"interface": "eth0", "gateway": "192.168.10.1", "family": "ipv4"}


def machine(**facts):
    m = empty_machine()
    m["interfaces"] = [dict(LO)]
    m.update(facts)
    return m


def wifi_history(**extra):
    return {"name": "Cafe ABC", "kind": "wifi", "first_connected": None,
            "last_connected": "2026-10-12T09:30:00", "source": "windows-networklist", **extra}


CASES = {
    # connected: each sign alone is enough
    "nm_full_with_its_check_on": (
        machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE],
                os_connectivity={"source": "networkmanager", "value": "full", "active_probe_disabled": False}),
        "connected", "NetworkManager (hệ điều hành) tự đánh giá máy có kết nối Internet đầy đủ («full»)"),
    "nm_portal": (
        machine(interfaces=[LO, WLAN],
                os_connectivity={"source": "networkmanager", "value": "portal", "active_probe_disabled": False}),
        "connected", "captive portal"),
    "windows_nlm_internet": (
        machine(interfaces=[LO, ETH], os_connectivity={
            "source": "windows-nlm", "value": "Internet", "active_probe_disabled": False,
            "networks": [{"name": "Phòng 201", "interface": "Ethernet", "ipv4": "Internet", "ipv6": "NoTraffic"}]}),
        "connected", "Windows (NCSI) đánh giá mạng «Phòng 201» (Ethernet) có kết nối Internet (IPv4)"),
    "session_with_a_public_address": (
        machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE], public_connections=[
            {"remote": "142.250.4.100", "port": 443, "process": "chrome.exe", "status": "ESTABLISHED"}]),
        "connected", "Kết nối đang mở tới địa chỉ công cộng 142.250.4.100:443 (chrome.exe)"),
    "session_just_closed": (
        machine(interfaces=[LO, ETH], public_connections=[
            {"remote": "1.1.1.1", "port": 443, "process": None, "status": "TIME_WAIT"}]),
        "connected", "Kết nối vừa đóng (TIME_WAIT) tới địa chỉ công cộng 1.1.1.1:443 (không rõ tiến trình)"),
    "wifi_up_with_default_route": (
        machine(interfaces=[LO, WLAN], default_routes=[{"interface": "wlan0", "gateway": "192.168.1.1",
                                                        "family": "ipv4"}]),
        "connected", "Giao diện wlan0 (Wi-Fi) đang bật, có tuyến mặc định qua 192.168.1.1"),
    "phone_tethering_up_without_route": (
        machine(interfaces=[LO, {"name": "usb0", "kind": "tethering", "up": True, "addresses": ["192.168.42.7"]}]),
        "connected", "Giao diện usb0 (chia sẻ mạng từ điện thoại) đang bật với địa chỉ 192.168.42.7"),
    "vpn_up": (
        machine(interfaces=[LO, ETH, {"name": "tun0", "kind": "vpn", "up": True, "addresses": ["10.8.0.2"]}]),
        "connected", "Giao diện tun0 (VPN) đang bật với địa chỉ 10.8.0.2"),
    "default_route_and_public_dns": (
        machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE], dns_servers=["192.168.10.1", "8.8.8.8"]),
        "connected", "Có tuyến mặc định qua 192.168.10.1 và máy chủ DNS công cộng 8.8.8.8"),
    "public_address_and_default_route": (
        machine(interfaces=[LO, {"name": "eth0", "kind": "ethernet", "up": True, "addresses": ["203.113.131.7"]}],
                default_routes=[{"interface": "eth0", "gateway": "203.113.131.1", "family": "ipv4"}]),
        "connected", "Giao diện eth0 có địa chỉ công cộng 203.113.131.7 và máy có tuyến mặc định"),
    "probe_reached": (
        machine(interfaces=[LO, ETH], probe={"host": "kiemtra.example:443", "method": "tcp", "reachable": True,
                                             "detail": "Kết nối TCP tới kiemtra.example:443 thành công sau 20 ms"}),
        "connected", "Kiểm tra chủ động theo yêu cầu: Kết nối TCP tới kiemtra.example:443 thành công sau 20 ms"),
    "connected_even_when_interfaces_are_unreadable": (
        machine(interfaces=[], unread_facts=["interfaces"], public_connections=[
            {"remote": "8.8.8.8", "port": 53, "process": "svchost.exe", "status": "ESTABLISHED"}]),
        "connected", "Kết nối đang mở tới địa chỉ công cộng 8.8.8.8:53 (svchost.exe)"),
    # was_connected
    "past_wifi": (
        machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE], network_history=[wifi_history()]),
        "was_connected", "Đã từng kết nối mạng Wi-Fi «Cafe ABC» lần cuối 12/10/2026"),
    "past_wired_network_with_a_date": (
        machine(network_history=[{"name": "Network 2", "kind": "ethernet", "first_connected": None,
                                  "last_connected": "2025-03-01T08:00:00+07:00", "source": "networkmanager"}]),
        "was_connected", "Đã từng kết nối mạng có dây «Network 2» lần cuối 01/03/2025"),
    "past_network_named_after_a_provider": (
        machine(network_history=[{"name": "VNPT Phòng khách", "kind": "ethernet", "first_connected": None,
                                  "last_connected": None, "source": "windows-networklist"}]),
        "was_connected", "Đã từng kết nối mạng có dây «VNPT Phòng khách» (không rõ thời điểm) — tên mạng gợi ý có Internet"),
    "past_mobile_without_a_date": (
        machine(network_history=[{"name": "Viettel", "kind": "mobile", "source": "networkmanager",
                                  "last_connected": None}]),
        "was_connected", "Đã từng kết nối mạng di động «Viettel» (không rõ thời điểm)"),
    # independent_lan
    "lan_with_a_private_gateway": (
        machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE], dns_servers=["192.168.10.1"]),
        "independent_lan", "Có tuyến mặc định qua 192.168.10.1 trên eth0, là địa chỉ nội bộ: riêng điều này không "
                           "chứng minh có Internet — mạng LAN độc lập cũng có thể có cổng mặc định"),
    "lan_in_use_is_not_history": (
        machine(interfaces=[LO, ETH], network_history=[{"name": "LAN nội bộ", "kind": "ethernet", "current": True,
                                                         "last_connected": "2026-11-23T07:00:00",
                                                         "source": "networkmanager"}]),
        "independent_lan", "Mạng đang dùng: «LAN nội bộ» (có dây)"),
    "nm_full_is_only_a_guess_when_its_check_is_off": (
        machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE],
                os_connectivity={"source": "networkmanager", "value": "full", "active_probe_disabled": True}),
        "independent_lan", "NetworkManager báo «full» nhưng chức năng kiểm tra kết nối của nó đang tắt"),
    "wifi_without_default_route": (
        machine(interfaces=[LO, WLAN]),
        "independent_lan", "Giao diện Wi-Fi wlan0 đang bật nhưng không có tuyến mặc định qua nó"),
    "cable_without_configuration": (
        machine(interfaces=[LO, {"name": "eth0", "kind": "ethernet", "up": True, "addresses": ["fe80::1"]}]),
        "independent_lan", "chỉ có địa chỉ link-local fe80::1"),
    "failed_probe_is_noted_not_decisive": (
        machine(interfaces=[LO, ETH], probe={"host": "10.0.0.9:443", "method": "tcp", "reachable": False,
                                             "detail": "Không kết nối TCP được tới 10.0.0.9:443: timed out"}),
        "independent_lan", "Kiểm tra chủ động theo yêu cầu không thành công"),
    "windows_no_internet_with_probing_off": (
        machine(interfaces=[LO, ETH], os_connectivity={"source": "windows-nlm", "value": "LocalNetwork",
                                                       "active_probe_disabled": True, "networks": []}),
        "independent_lan", "chính sách NoActiveProbe"),
    # isolated
    "only_loopback": (
        machine(), "isolated", "Không có giao diện mạng nào (ngoài loopback và giao diện ảo) đang bật"),
    "virtual_bridge_does_not_make_a_lan": (
        machine(interfaces=[LO, {"name": "docker0", "kind": "virtual", "up": True, "addresses": ["172.17.0.1"]}]),
        "isolated", "Không có lịch sử kết nối mạng"),
    "down_wifi_and_a_dateless_wired_profile": (
        machine(interfaces=[LO, dict(WLAN, up=False)],
                network_history=[{"name": "Network", "kind": "ethernet", "last_connected": None,
                                  "source": "windows-networklist"}]),
        "isolated", "Có hồ sơ mạng «Network» (có dây) không rõ thời điểm kết nối"),
    # unknown
    "interfaces_unreadable": (
        machine(interfaces=[], unread_facts=["interfaces"]),
        "unknown", "Không đọc được danh sách giao diện mạng: không thể kết luận"),
    "routes_unreadable_with_an_interface_up": (
        machine(interfaces=[LO, ETH], unread_facts=["default_routes"]),
        "unknown", "Không có bảng định tuyến thì không phân biệt được mạng LAN độc lập với kết nối ra ngoài"),
}


@pytest.mark.parametrize("name", CASES)
def test_verdict_outcome_and_evidence(name):
    facts, expected, line = CASES[name]
    answer = verdict(facts)
    assert answer["value"] == expected, answer
    assert any(line in e for e in answer["evidence"]), answer["evidence"]


def test_connected_also_lists_past_networks():
    m = machine(interfaces=[LO, WLAN], default_routes=[{"interface": "wlan0", "gateway": "192.168.1.1"}],
                network_history=[wifi_history(name="Nhà riêng")])
    assert "Đã từng kết nối mạng Wi-Fi «Nhà riêng» lần cuối 12/10/2026" in verdict(m)["evidence"]


def test_current_wifi_network_is_not_past_evidence():
    m = machine(interfaces=[LO, ETH], network_history=[wifi_history(current=True)])
    assert verdict(m)["value"] == "independent_lan"


def test_unreadable_history_is_said_in_the_evidence():
    m = machine(unread_facts=["network_history"])
    answer = verdict(m)
    assert answer["value"] == "isolated"
    assert any("không loại trừ được việc máy từng kết nối" in e for e in answer["evidence"])


def test_private_gateway_alone_never_makes_connected():
    m = machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE], dns_servers=["10.0.0.53"])
    assert verdict(m)["value"] == "independent_lan"


def test_windows_default_dns_placeholders_are_not_public():
    m = machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE], dns_servers=["fec0:0:0:ffff::1"])
    assert verdict(m)["value"] == "independent_lan"


def test_many_sessions_are_summarised():
    conns = [{"remote": f"8.8.4.{i}", "port": 443, "process": "x", "status": "ESTABLISHED"} for i in range(20)]
    evidence = verdict(machine(interfaces=[LO, ETH], public_connections=conns))["evidence"]
    assert "… và 12 kết nối khác tới địa chỉ công cộng" in evidence
    assert len(evidence) < 15


def test_evidence_has_no_duplicates():
    m = machine(interfaces=[LO, ETH], default_routes=[PRIVATE_ROUTE, PRIVATE_ROUTE])
    evidence = verdict(m)["evidence"]
    assert len(evidence) == len(set(evidence))
