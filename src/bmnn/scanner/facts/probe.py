"""The one active check, only when the auditor asks for it (`--probe HOST[:PORT]`):
a single TCP connection attempt, 2 s timeout, to the address the auditor chose
(scanner-notes §5.1: never a vendor or cloud endpoint by default)."""

from __future__ import annotations

import socket
import time

DEFAULT_PORT = 443
TIMEOUT = 2.0


def parse_target(target: str) -> tuple[str, int]:
    """HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address → (host, port)."""
    target = target.strip()
    if target.startswith("["):
        host, _, rest = target[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif target.count(":") == 1:
        host, port = target.split(":")
    else:
        host, port = target, ""  # a name, an IPv4 address or a bare IPv6 address
    if not host:
        raise ValueError("thiếu tên máy")
    number = int(port) if port else DEFAULT_PORT
    if not 0 < number < 65536:
        raise ValueError(f"cổng {number} không hợp lệ")
    return host, number


def tcp_probe(target: str, timeout: float = TIMEOUT) -> dict:
    """{"host", "method": "tcp", "reachable", "detail"}; never raises."""
    record = {"host": target, "method": "tcp", "reachable": False, "detail": ""}
    try:
        host, port = parse_target(target)
    except ValueError as exc:
        record["detail"] = f"Địa chỉ kiểm tra không hợp lệ «{target}»: {exc}"
        return record
    record["host"] = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    started = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:  # refused, unreachable, timed out, name not resolved
        record["detail"] = f"Không kết nối TCP được tới {record['host']}: {exc.strerror or exc}"
        return record
    record["reachable"] = True
    record["detail"] = (f"Kết nối TCP tới {record['host']} thành công sau "
                        f"{(time.monotonic() - started) * 1000:.0f} ms")
    return record
