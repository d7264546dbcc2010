"""Deterministic zip files: fixed timestamps and order, so one seed gives the same bytes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

EPOCH = (2026, 1, 15, 9, 30, 0)


def zip_bytes(members: list[tuple[str, bytes]], *, stored: tuple[str, ...] = ()) -> bytes:
    """A zip of `members` in order; names in `stored` are not compressed (ODF's mimetype)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _crc_byte(crc: int, byte: int) -> int:
    return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


class _ZipCrypto:
    """PKWARE traditional encryption (what "zip -e" and 7-Zip's ZipCrypto write)."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = _crc_byte(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = _crc_byte(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def encrypted_zip_bytes(members: list[tuple[str, bytes, bool]], password: bytes) -> bytes:
    """A zip written by hand whose members flagged True are ZipCrypto-encrypted (stored,
    not compressed); zipfile cannot write these."""
    out, central = bytearray(), bytearray()
    dos_time = (EPOCH[3] << 11) | (EPOCH[4] << 5) | (EPOCH[5] // 2)
    dos_date = ((EPOCH[0] - 1980) << 9) | (EPOCH[1] << 5) | EPOCH[2]
    for name, data, secret in members:
        crc = zlib.crc32(data)
        body = data
        flags = 0x0800  # UTF-8 names
        if secret:
            cipher = _ZipCrypto(password)
            header = bytes(range(11)) + bytes([crc >> 24])  # 11 fixed "random" bytes, then the check byte
            body = cipher.encrypt(header + data)
            flags |= 0x0001
        raw_name = name.encode()
        offset = len(out)
        fields = struct.pack("<HHHHHIII", 20, flags, 0, dos_time, dos_date, crc, len(body), len(data))
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(raw_name), 0) + raw_name + body
        central += (b"PK\x01\x02" + struct.pack("<H", 20) + fields
                    + struct.pack("<HHHHHII", len(raw_name), 0, 0, 0, 0, 0o644 << 16, offset) + raw_name)
    start = len(out)
    out += central + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)
