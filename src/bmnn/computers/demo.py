"""Two demo computers of the regional State Treasury, imported through the service by
its state-secret officer, so the pages have something to show: an accountant's PC on
the Internet holding a stamped file (an open violation), and the secrets room's PC
on the independent LAN, clean. The reports have fixed contents, so loading the demo
again recognises them (same hash) and creates nothing."""

from __future__ import annotations

from bmnn.computers import samples

IMPORTER = "minhdc"  # Đinh Công Minh, Cán bộ bảo mật (kiêm nhiệm) – KBNN khu vực XII


def connected_report() -> dict:
    facts = samples.machine(
        hostname="KTNN-PC07", machine_id="7d2f0c1e-5b8a-4e0f-9a61-3f0c2b7d9e15", users=["phongkt"],
        interfaces=[{"name": "Wi-Fi", "kind": "wifi", "up": True, "addresses": ["192.168.10.57"],
                     "mac": "a4:c3:f0:85:1d:07", "description": "Intel Wi-Fi 6 AX201"}],
        default_routes=[{"interface": "Wi-Fi", "gateway": "192.168.10.1", "family": "ipv4"}],
        dns_servers=["8.8.8.8"],
        public_connections=[{"remote": "203.162.4.191", "port": 443, "process": "chrome.exe"}],
        os_connectivity={"source": "NLM", "value": "Internet", "active_probe_disabled": False})
    return samples.make_report(
        machine_facts=facts, verdict="connected", finished_at="2026-11-18T10:05:00+07:00",
        evidence=["Hệ điều hành báo có Internet (NLM: Internet)",
                  "Kết nối đang mở tới địa chỉ Internet 203.162.4.191:443 (chrome.exe)",
                  "Wi-Fi đang bật, có tuyến mặc định; DNS 8.8.8.8 là máy chủ công cộng"],
        findings=[samples.finding(path="C:\\Users\\phongkt\\Documents\\Báo cáo thu chi ngân sách quý III "
                                       "(dữ liệu minh họa).docx", level="MAT"),
                  samples.finding(path="C:\\Users\\phongkt\\Downloads\\Quy chế bảo vệ BMNN.pdf", level="MAT",
                                  tier="review", score=0.55, line="BẢO VỆ BÍ MẬT NHÀ NƯỚC", type="pdf")])


def lan_report() -> dict:
    facts = samples.machine(
        hostname="KBNN-BMNN-01", machine_id="c81e728d-9d4c-4f63-9e1b-2a4f6c8d0b13", users=["baomat"],
        interfaces=[{"name": "Ethernet", "kind": "ethernet", "up": True, "addresses": ["10.12.0.11"],
                     "mac": "00:1e:67:3a:9c:11", "description": "Intel I219-LM"}],
        default_routes=[], dns_servers=[], network_history=[], usb_history=[],
        os_connectivity={"source": "NLM", "value": "LocalNetwork", "active_probe_disabled": True})
    return samples.make_report(
        machine_facts=facts, verdict="independent_lan", finished_at="2026-11-18T14:30:00+07:00",
        evidence=["Chỉ có mạng nội bộ 10.12.0.0/24, không có tuyến mặc định, không có DNS",
                  "Không có kết nối tới địa chỉ Internet; không có lịch sử mạng khác"])


DEMO_COMPUTERS = [("kbnn_kt", connected_report, ""), ("kbnn", lan_report, "independent_lan")]


def load_demo_computers(units: dict, people: dict) -> int:
    """Import the demo reports (by the treasury's officer); returns how many were new."""
    from bmnn.computers import services

    created = 0
    for unit_key, build, mode in DEMO_COMPUTERS:
        result = services.import_report(people[IMPORTER], build(), unit=units[unit_key],
                                        source_name="report.json", network_mode=mode)
        created += result.created
    return created
