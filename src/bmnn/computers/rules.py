"""When a scan report shows a violation.

The prohibited act (legal-rules.md §6): drafting or storing documents with state-secret
content on a computer connected to the Internet, a computer network (other than an
independent LAN) or a telecom network.

- Law 117/2025/QH15 Art. 5.2 (◐, in force from 01/03/2026; wording from secondary
  sources): a computer that *is* connected ("đang kết nối"), independent LAN excepted.
- Law 29/2018/QH14 Art. 5.5 (✔, the 2018 text): a computer that *has been or is*
  connected ("đã hoặc đang kết nối").

The issue asks for both: a machine connected now opens `marked_on_connected`; one that
was connected opens `marked_on_was_connected`, whose basis says that the quoted 2025
text names only "đang kết nối", so the officer or inspector weighs it (scanner-notes §8:
report both, let people decide). A machine the unit itself declares connected to the
Internet counts as connected whatever the scanner saw (the scanner proves no absence).

Only files of tier `marked` with a level count: a `review` file is a hint for a person,
and a file with only other marks (Bản sao số, thu hồi…) carries no level."""

from __future__ import annotations

from dataclasses import dataclass

from bmnn.core.levels import rank

from bmnn.computers.models import NetworkMode, Verdict, ViolationKind

BASIS = {
    ViolationKind.MARKED_ON_CONNECTED:
        "Điều 5 khoản 2 Luật Bảo vệ bí mật nhà nước 2025 (117/2025/QH15) – “đang kết nối”, trừ mạng LAN độc lập "
        "(◐ theo nguồn thứ cấp); Điều 5 khoản 5 Luật BVBMNN 2018 (29/2018/QH14)",
    ViolationKind.MARKED_ON_WAS_CONNECTED:
        "Điều 5 khoản 5 Luật BVBMNN 2018 (29/2018/QH14) – “đã hoặc đang kết nối”; văn bản Luật 117/2025/QH15 "
        "Điều 5 khoản 2 được trích dẫn chỉ nêu “đang kết nối” (◐): cán bộ bảo mật, cán bộ kiểm tra xem xét",
}
RULE = {
    ViolationKind.MARKED_ON_CONNECTED: "computers.marked_on_connected",
    ViolationKind.MARKED_ON_WAS_CONNECTED: "computers.marked_on_was_connected",
}


@dataclass(frozen=True)
class Breach:
    kind: str
    level: str
    file_count: int


def stamped(findings: list[dict]) -> list[dict]:
    """The findings that bear a secrecy stamp with its level."""
    return [f for f in findings if f.get("tier") == "marked" and f.get("level")]


def highest(levels) -> str:
    return max(levels, key=rank, default="")


def breach(verdict: str, declared_mode: str, findings: list[dict]) -> Breach | None:
    """The violation this report shows, if any (at most one per report)."""
    files = stamped(findings)
    if not files:
        return None
    if verdict == Verdict.CONNECTED or declared_mode == NetworkMode.INTERNET:
        kind = ViolationKind.MARKED_ON_CONNECTED
    elif verdict == Verdict.WAS_CONNECTED:
        kind = ViolationKind.MARKED_ON_WAS_CONNECTED
    else:
        return None
    return Breach(kind=kind, level=highest(f["level"] for f in files), file_count=len(files))
