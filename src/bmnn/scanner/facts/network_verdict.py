"""verdict(): is the machine connected, was it, or is it alone or on an independent
LAN (scanner-notes §5.1). Law 117/2025 Art. 5.2 forbids keeping state secrets on a
computer connected to the Internet, a telecom network or a network other than an
independent LAN; the 2018 text also said "has been". Connection cannot be proven
without traffic, so the answer comes with every piece of evidence behind it.

Order of the decision:
1. connected — any positive sign of a path out now (the OS's own Internet verdict,
   a session with a public address, a Wi-Fi/mobile/tethering interface carrying a
   default route, a mobile/tethering/VPN interface up at all, a default route with
   a public DNS server or a public address of its own, a successful probe);
2. was_connected — a past network other than the one in use now that is Wi-Fi,
   mobile, tethering or VPN, or has a last-connected date, or whose name suggests
   the Internet;
3. unknown — the interfaces (or, with an interface up, the routes) could not be read;
4. independent_lan — a physical interface up with an address, nothing above;
5. isolated — no physical interface up and no past network.
Evidence for the facts that could not be read is added to whatever the answer is."""

from __future__ import annotations

import re
from datetime import datetime

from .base import KIND_LABELS, is_link_local, is_loopback, is_public

PHYSICAL = {"ethernet", "wifi", "mobile", "tethering", "bluetooth", "other"}
ROUTE_OUT_KINDS = {"wifi", "mobile", "tethering"}  # with a default route: a path out, not a LAN
ALWAYS_OUT_KINDS = {"mobile", "tethering", "vpn"}  # up with an address: already a path out
PAST_OUT_KINDS = {"wifi", "mobile", "tethering", "vpn"}
# Words in a network's name that point at the Internet: providers, phones, hotspots.
# Short words only as whole words ("lte" is in "Salter"); the long ones anywhere.
NAME_HINTS = re.compile(
    r"internet|wi-?fi|hotspot|viettel|vnpt|mobifone|vinaphone|vietnamobile|iphone|android|galaxy|redmi|xiaomi|coffee"
    r"|(?<![a-z])(?:lte|fpt|oppo|vivo|free|guest|cafe|[345]g)(?![a-z])")
PAST_LABELS = {"wifi": "Wi-Fi", "mobile": "di động", "tethering": "chia sẻ từ điện thoại", "vpn": "VPN",
               "ethernet": "có dây", "bluetooth": "Bluetooth"}
MAX_LINES = 8  # per kind of evidence; the full lists are in the machine facts
CAVEATS = {
    "interface_kinds": "Không xác định được loại giao diện mạng (Wi-Fi, di động…): chỉ đoán theo tên",
    "default_routes": "Không đọc được bảng định tuyến",
    "dns_servers": "Không đọc được máy chủ DNS",
    "public_connections": "Không đọc được danh sách kết nối mạng đang mở",
    "os_connectivity": "Không đọc được đánh giá kết nối của hệ điều hành",
    "network_history": "Không đọc được đầy đủ lịch sử mạng: không loại trừ được việc máy từng kết nối mạng khác",
}


def verdict(machine: dict) -> dict:
    unread = set(machine.get("unread_facts") or [])
    caveats = [text for fact, text in CAVEATS.items() if fact in unread]
    now = _connected_now(machine)
    past = _past_networks(machine)
    notes = _notes(machine)
    if now:
        return _answer("connected", now + past + notes + caveats)
    if past:
        return _answer("was_connected", past + _present(machine) + notes + caveats)
    if "interfaces" in unread:
        return _answer("unknown", ["Không đọc được danh sách giao diện mạng: không thể kết luận"] + notes + caveats)
    up = _physical_up(machine)
    if up and "default_routes" in unread:
        return _answer("unknown", _present(machine) + notes + caveats +
                       ["Không có bảng định tuyến thì không phân biệt được mạng LAN độc lập với kết nối ra ngoài"])
    if up:
        return _answer("independent_lan", _present(machine) + notes + caveats)
    return _answer("isolated", _present(machine) + notes + caveats)


def _answer(value: str, evidence: list[str]) -> dict:
    return {"value": value, "evidence": list(dict.fromkeys(evidence))}


def _label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "other", "khác")


def _date(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _usable(addresses: list[str]) -> list[str]:
    return [a for a in addresses if not is_loopback(a)]


def _physical_up(machine: dict) -> list[dict]:
    return [i for i in machine.get("interfaces") or []
            if i.get("up") and i.get("kind") in PHYSICAL and _usable(i.get("addresses") or [])]


def _routes_on(machine: dict, name: str) -> list[dict]:
    return [r for r in machine.get("default_routes") or [] if r.get("interface") == name]


def _via(route: dict) -> str:
    return f"qua {route['gateway']}" if route.get("gateway") else "trực tiếp (không qua cổng)"


# --- 1. connected now ---------------------------------------------------------------


def _connected_now(machine: dict) -> list[str]:
    lines = _os_says_internet(machine)
    conns = machine.get("public_connections") or []
    for c in conns[:MAX_LINES]:
        process = c.get("process") or "không rõ tiến trình"
        if c.get("status", "ESTABLISHED") == "ESTABLISHED":
            lines.append(f"Kết nối đang mở tới địa chỉ công cộng {c['remote']}:{c['port']} ({process})")
        else:
            lines.append(f"Kết nối vừa đóng ({c['status']}) tới địa chỉ công cộng {c['remote']}:{c['port']} ({process})")
    if len(conns) > MAX_LINES:
        lines.append(f"… và {len(conns) - MAX_LINES} kết nối khác tới địa chỉ công cộng")
    routes = machine.get("default_routes") or []
    for i in machine.get("interfaces") or []:
        addresses = _usable(i.get("addresses") or [])
        if not i.get("up") or not addresses:
            continue
        kind, name = i.get("kind"), i["name"]
        on_it = _routes_on(machine, name)
        if kind in ROUTE_OUT_KINDS and on_it:
            lines.append(f"Giao diện {name} ({_label(kind)}) đang bật, có tuyến mặc định {_via(on_it[0])}")
        elif kind in ALWAYS_OUT_KINDS and (routable := [a for a in addresses if not is_link_local(a)]):
            lines.append(f"Giao diện {name} ({_label(kind)}) đang bật với địa chỉ {routable[0]}: "
                         "máy đang nối với mạng bên ngoài qua nó")
        public = [a for a in addresses if is_public(a)]
        if public and routes and kind in PHYSICAL:
            lines.append(f"Giao diện {name} có địa chỉ công cộng {public[0]} và máy có tuyến mặc định")
    public_dns = [s for s in machine.get("dns_servers") or [] if is_public(s)]
    if routes and public_dns:
        lines.append(f"Có tuyến mặc định {_via(routes[0])} và máy chủ DNS công cộng {', '.join(public_dns[:3])}")
    probe = machine.get("probe")
    if probe and probe.get("reachable"):
        lines.append(f"Kiểm tra chủ động theo yêu cầu: {probe.get('detail') or 'kết nối được tới ' + probe['host']}")
    return lines


def _os_says_internet(machine: dict) -> list[str]:
    osc = machine.get("os_connectivity") or {}
    source, value = osc.get("source"), osc.get("value")
    if source == "networkmanager":
        if value == "full" and not osc.get("active_probe_disabled"):
            return ["NetworkManager (hệ điều hành) tự đánh giá máy có kết nối Internet đầy đủ («full»)"]
        if value == "portal":
            return ["NetworkManager (hệ điều hành) thấy máy đứng sau cổng đăng nhập (captive portal) "
                    "của một mạng có Internet"]
    if source == "windows-nlm":
        lines = []
        for n in osc.get("networks") or []:
            families = [f for f, key in (("IPv4", "ipv4"), ("IPv6", "ipv6")) if n.get(key) == "Internet"]
            if families:
                where = f" ({n['interface']})" if n.get("interface") else ""
                lines.append(f"Windows (NCSI) đánh giá mạng «{n.get('name')}»{where} có kết nối Internet "
                             f"({', '.join(families)})")
        if not lines and value == "Internet":
            lines.append("Windows (NCSI) đánh giá máy có kết nối Internet")
        return lines
    return []


# --- 2. networks of the past --------------------------------------------------------


def _past_networks(machine: dict) -> list[str]:
    lines = []
    for entry in machine.get("network_history") or []:
        if entry.get("current") or not _is_past_out(entry):
            continue
        kind, name, last = entry.get("kind"), str(entry.get("name") or ""), _date(entry.get("last_connected"))
        label = f"mạng {PAST_LABELS[kind]}" if kind in PAST_LABELS else "mạng"
        line = f"Đã từng kết nối {label} «{name}»" + (f" lần cuối {last}" if last else " (không rõ thời điểm)")
        if entry.get("gateway_mac"):
            line += f", cổng mặc định có MAC {entry['gateway_mac']}"
        if _name_hints(name) and kind not in PAST_OUT_KINDS:
            line += " — tên mạng gợi ý có Internet"
        lines.append(line)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [f"… và {len(lines) - MAX_LINES} mạng khác trong lịch sử"]
    return lines


def _name_hints(name: str) -> bool:
    return NAME_HINTS.search(name.lower()) is not None


def _is_past_out(entry: dict) -> bool:
    """A remembered network that counts as a past outside connection: of a kind that
    reaches outside, or joined at a known date (the 2018 text forbade machines that
    had been connected; which network was independent cannot be told afterwards),
    or named like a provider, phone or hotspot."""
    return (entry.get("kind") in PAST_OUT_KINDS or bool(entry.get("last_connected"))
            or _name_hints(str(entry.get("name") or "")))


# --- 4./5. what the machine looks like now, when nothing says "connected" -----------


def _present(machine: dict) -> list[str]:
    lines = []
    up = _physical_up(machine)
    for i in up:
        addresses = _usable(i.get("addresses") or [])
        private = [a for a in addresses if not is_link_local(a)]
        if private:
            lines.append(f"Giao diện {i['name']} ({_label(i.get('kind'))}) đang bật, địa chỉ nội bộ {private[0]}")
        else:
            lines.append(f"Giao diện {i['name']} ({_label(i.get('kind'))}) đang bật, chỉ có địa chỉ link-local "
                         f"{addresses[0]} (nối vật lý với một mạng nhưng chưa được cấu hình)")
        if i.get("kind") == "wifi" and not _routes_on(machine, i["name"]):
            lines.append(f"Giao diện Wi-Fi {i['name']} đang bật nhưng không có tuyến mặc định qua nó")
    if not up and "interfaces" not in (machine.get("unread_facts") or []):
        lines.append("Không có giao diện mạng nào (ngoài loopback và giao diện ảo) đang bật")
    for r in machine.get("default_routes") or []:
        where = f" trên {r['interface']}" if r.get("interface") else ""
        private = ", là địa chỉ nội bộ" if r.get("gateway") and not is_public(r["gateway"]) else ""
        lines.append(f"Có tuyến mặc định {_via(r)}{where}{private}: riêng điều này không chứng minh có Internet "
                     "— mạng LAN độc lập cũng có thể có cổng mặc định")
    dns = machine.get("dns_servers") or []
    private_dns = [s for s in dns if not is_public(s)]
    public_dns = [s for s in dns if is_public(s)]
    if private_dns:
        lines.append(f"Máy chủ DNS là địa chỉ nội bộ: {', '.join(private_dns[:3])}")
    if public_dns:  # with a default route this would have been "connected"
        lines.append(f"Có cấu hình máy chủ DNS công cộng {', '.join(public_dns[:3])} nhưng không có tuyến mặc định")
    unread = machine.get("unread_facts") or []
    if "public_connections" not in unread:
        lines.append("Không có kết nối nào tới địa chỉ công cộng")
    history = machine.get("network_history") or []
    for entry in history:
        if entry.get("current"):
            lines.append(f"Mạng đang dùng: «{entry.get('name')}» ({_label(entry.get('kind'))})")
        elif not _is_past_out(entry):
            lines.append(f"Có hồ sơ mạng «{entry.get('name')}» ({_label(entry.get('kind'))}) không rõ thời điểm "
                         "kết nối: không đủ để kết luận máy từng nối mạng ngoài")
    if not history and "network_history" not in unread:
        lines.append("Không có lịch sử kết nối mạng")
    return lines


def _notes(machine: dict) -> list[str]:
    """Facts that look like signs but are not proof either way."""
    lines = []
    osc = machine.get("os_connectivity") or {}
    if osc.get("source") == "networkmanager" and osc.get("value") == "full" and osc.get("active_probe_disabled"):
        lines.append("NetworkManager báo «full» nhưng chức năng kiểm tra kết nối của nó đang tắt: đó chỉ là suy "
                     "đoán từ tuyến mặc định, không phải bằng chứng có Internet")
    if osc.get("source") == "windows-nlm" and osc.get("value") != "Internet" and osc.get("active_probe_disabled"):
        lines.append("Windows không báo có Internet, nhưng chính sách NoActiveProbe tắt việc kiểm tra chủ động "
                     "của NCSI nên điều đó không chứng minh máy không có Internet")
    probe = machine.get("probe")
    if probe and not probe.get("reachable"):
        lines.append(f"Kiểm tra chủ động theo yêu cầu không thành công: {probe.get('detail') or probe.get('host')}")
    return lines
